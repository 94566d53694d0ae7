using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Text;

namespace Relais.Features.Households;

/// <summary>
/// One word of a household's <see cref="Household.SearchKey"/>: the search finds households whose words start with
/// what the user typed (see docs/decisions/0007-search.md). Derived data, replaced whenever the key changes.
/// </summary>
public sealed class HouseholdSearchTerm : IOrganisationOwned
{
    public Guid OrganisationId { get; set; }

    /// <summary>A folded word (<see cref="SearchText.Fold"/>), at most <see cref="HouseholdSearchTerms.MaxLength"/> characters.</summary>
    [MaxLength(HouseholdSearchTerms.MaxLength)]
    public required string Term { get; set; }

    public Guid HouseholdId { get; set; }

    /// <summary>
    /// A copy of the household's <see cref="Household.SortName"/>: the matches of a word are sorted from the search
    /// index alone, without reading each matching household.
    /// </summary>
    [MaxLength(220)]
    public required string SortName { get; set; }
}

/// <summary>
/// The words stored for a search key and the words taken from a query. One implementation, used by the DbContext,
/// the housing pages and the benchmark's loader; migration 0005 does the same in SQL for existing households.
/// </summary>
public static class HouseholdSearchTerms
{
    /// <summary>Longer words are cut (a longer query word is cut the same way, so it still matches).</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// Labels found in the address of nearly every household ("Bâtiment A", "Résidence Les Tilleuls"): not stored,
    /// and ignored in a query. Changing this list needs a migration that recomputes the terms.
    /// </summary>
    public static readonly IReadOnlySet<string> NoiseWords = new HashSet<string>(StringComparer.Ordinal) { "batiment", "residence" };

    /// <summary>
    /// Above every character a folded word can contain: <c>Term &gt;= token AND Term &lt; token + Ceiling</c> selects
    /// the words that start with <c>token</c>, for a binary comparison (SQLite's default, PostgreSQL collation "C").
    /// U+10FFFF rather than U+FFFF, so that words with letters beyond the BMP are not left out.
    /// </summary>
    public const string Ceiling = "\U0010FFFF";

    /// <summary>The distinct words of a search key (already folded: words separated by single spaces), without noise words.</summary>
    public static List<string> FromKey(string? searchKey)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(searchKey))
        {
            return terms;
        }

        foreach (var word in searchKey.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (NoiseWords.Contains(word))
            {
                continue;
            }

            var term = Cut(word);
            if (!terms.Contains(term, StringComparer.Ordinal))
            {
                terms.Add(term);
            }
        }

        return terms;
    }

    /// <summary>The words of a query, each of which must start a word of the household (at most 8; noise words dropped).</summary>
    public static List<string> QueryTokens(string? query) =>
        SearchText.Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !NoiseWords.Contains(w))
            .Select(Cut)
            .Distinct(StringComparer.Ordinal)
            .Take(8)
            .ToList();

    /// <summary>The first <see cref="MaxLength"/> characters (code points, as SQL's left()/substr() count them).</summary>
    private static string Cut(string word)
    {
        if (word.Length <= MaxLength)
        {
            return word;
        }

        var builder = new StringBuilder(MaxLength);
        var count = 0;
        foreach (var rune in word.EnumerateRunes())
        {
            if (count++ == MaxLength)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    /// <summary>A household whose search key or sort name was just computed; <paramref name="IsNew"/> when it has no stored terms yet.</summary>
    public sealed record Change(Guid OrganisationId, Guid HouseholdId, string SearchKey, string SortName, bool IsNew);

    /// <summary>
    /// Makes the stored terms of these households match their keys and sort names, as tracked changes: the caller's
    /// next SaveChanges writes them, in the same transaction as the change that moved the keys.
    /// </summary>
    public static async Task StageAsync(RelaisDbContext db, IReadOnlyCollection<Change> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var existingIds = changes.Where(c => !c.IsNew).Select(c => c.HouseholdId).ToList();
        var stored = existingIds.Count == 0
            ? []
            : await db.HouseholdSearchTerms.IgnoreQueryFilters().Where(t => existingIds.Contains(t.HouseholdId)).ToListAsync(ct);
        var byHousehold = stored.ToLookup(t => t.HouseholdId);
        foreach (var change in changes)
        {
            var wanted = FromKey(change.SearchKey).ToHashSet(StringComparer.Ordinal);
            foreach (var term in byHousehold[change.HouseholdId])
            {
                if (!wanted.Remove(term.Term))
                {
                    db.HouseholdSearchTerms.Remove(term);
                }
                else if (term.SortName != change.SortName)
                {
                    term.SortName = change.SortName;
                }
            }

            foreach (var term in wanted)
            {
                db.HouseholdSearchTerms.Add(new HouseholdSearchTerm
                {
                    OrganisationId = change.OrganisationId, HouseholdId = change.HouseholdId, Term = term, SortName = change.SortName,
                });
            }
        }
    }
}
