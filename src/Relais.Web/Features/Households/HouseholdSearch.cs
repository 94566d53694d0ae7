using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Households;

/// <summary>What a search found: the (possibly capped) total, and a way to read one page of the matches.</summary>
public sealed class HouseholdSearchResult(int total, bool totalIsCapped, Func<int, int, IQueryable<Household>> read)
{
    /// <summary>The number of matches, or <see cref="HouseholdSearch.CountLimit"/> when there are more.</summary>
    public int Total { get; } = total;

    /// <summary>There are more than <see cref="HouseholdSearch.CountLimit"/> matches: only the first ones can be paged through.</summary>
    public bool TotalIsCapped { get; } = totalIsCapped;

    /// <summary>
    /// One page of the matches, sorted by <see cref="Household.SortName"/> then id; empty beyond the counted matches.
    /// The page size is written into the SQL (a handful of values): PostgreSQL's generic plan for a prepared
    /// statement then knows it reads a few rows, and joins the address by index rather than by hashing every building.
    /// </summary>
    public IQueryable<Household> Page(int page, int pageSize)
    {
        var skip = (Math.Max(1, page) - 1) * pageSize;
        var take = TotalIsCapped ? Math.Min(pageSize, Total - skip) : pageSize;
        return read(skip, Math.Max(0, take));
    }

    /// <summary>Nothing to read for this page (beyond the counted matches): callers may skip the query.</summary>
    public bool IsBeyond(int page, int pageSize) => TotalIsCapped && (Math.Max(1, page) - 1) * pageSize >= Total;
}

/// <summary>
/// Household search: each query word must be the start of a word of the household (its <see cref="HouseholdSearchTerm"/>s).
/// The total is counted up to <see cref="CountLimit"/>; the page is read in the way that is cheap for the matches.
/// </summary>
public static class HouseholdSearch
{
    /// <summary>Beyond this many matches the total is not given: « plus de 1 000 ménages ».</summary>
    public const int CountLimit = 1000;

    /// <summary>
    /// Up to this many matching words, the matches are counted and sorted from the search index (their sort names
    /// are copied there): a cost that grows with the matches. Beyond, the query is common enough (« rue », « loc », one
    /// letter, or 5 % of 100,000 households) that walking the households in list order and checking each one's words
    /// finds a page sooner. Measured at 100,000 households: the two costs cross between 2,000 and 20,000.
    /// </summary>
    public const int SortFromIndexLimit = 5_000;

    /// <summary>Households whose words start with each of <paramref name="tokens"/> (from <see cref="HouseholdSearchTerms.QueryTokens"/>).</summary>
    public static IQueryable<Household> Matching(this IQueryable<Household> query, IQueryable<HouseholdSearchTerm> terms, IReadOnlyList<string> tokens)
    {
        foreach (var token in tokens)
        {
            var (from, to) = Range(token);
            query = query.Where(h => terms.Any(t => t.HouseholdId == h.Id && string.Compare(t.Term, from) >= 0 && string.Compare(t.Term, to) < 0));
        }

        return query;
    }

    private static readonly MethodInfo TakeMethod =
        new Func<IQueryable<object>, int, IQueryable<object>>(Queryable.Take).Method.GetGenericMethodDefinition();

    private static readonly MethodInfo ConstantMethod = typeof(EF).GetMethod(nameof(EF.Constant))!.MakeGenericMethod(typeof(int));

    /// <summary><c>Take(count)</c> with the count written into the SQL (EF makes it a parameter otherwise).</summary>
    private static IQueryable<T> TakeInSql<T>(this IQueryable<T> query, int count) => query.Provider.CreateQuery<T>(
        Expression.Call(TakeMethod.MakeGenericMethod(typeof(T)), query.Expression, Expression.Call(ConstantMethod, Expression.Constant(count))));

    /// <summary>The words starting with <paramref name="token"/>: a B-tree range, on both providers (binary comparison).</summary>
    private static (string From, string To) Range(string token) => (token, token + HouseholdSearchTerms.Ceiling);

    /// <summary>Searches the households the caller may see (<paramref name="scope"/>) within the DbContext's organisation.</summary>
    public static async Task<HouseholdSearchResult> SearchAsync(RelaisDbContext db, HouseholdScope scope, string? text, CancellationToken ct)
    {
        var tokens = HouseholdSearchTerms.QueryTokens(text);
        var visible = db.Households.AsNoTracking().VisibleIn(scope);
        if (tokens.Count == 0)
        {
            // The plain list: exact count, read along the (OrganisationId, SortName) index.
            var all = await visible.CountAsync(ct);
            return new HouseholdSearchResult(all, false, (skip, take) => visible.OrderBy(h => h.SortName).ThenBy(h => h.Id).Skip(skip).TakeInSql(take));
        }

        // The matching words of the longest query word (the most selective, as a rule), restricted by the others and
        // by the caller's scope. The organisation filter applies to the terms as to every organisation's row.
        var terms = db.HouseholdSearchTerms.AsNoTracking();
        var driver = tokens.OrderByDescending(t => t.Length).First();
        var (from, to) = Range(driver);
        var words = terms.Where(t => string.Compare(t.Term, from) >= 0 && string.Compare(t.Term, to) < 0);
        foreach (var token in tokens.Where(t => t != driver))
        {
            var (f, u) = Range(token);
            words = words.Where(w => terms.Any(t => t.HouseholdId == w.HouseholdId && string.Compare(t.Term, f) >= 0 && string.Compare(t.Term, u) < 0));
        }

        if (!scope.All)
        {
            words = words.Where(w => visible.Any(h => h.Id == w.HouseholdId));
        }

        // One pass over at most SortFromIndexLimit + 1 matching words (in index order): how many, and how many households.
        var stats = await words.OrderBy(w => w.Term).ThenBy(w => w.HouseholdId).TakeInSql(SortFromIndexLimit + 1)
            .GroupBy(w => 1)
            .Select(g => new { Words = g.Count(), Households = g.Select(w => w.HouseholdId).Distinct().Count() })
            .FirstOrDefaultAsync(ct);
        if (stats is null)
        {
            return new HouseholdSearchResult(0, false, (_, _) => visible.Where(_ => false));
        }

        if (stats.Words <= SortFromIndexLimit)
        {
            // Every match is known from the index: sort them there (index-only on PostgreSQL), then read the page's households.
            var matches = words.Select(w => new { w.HouseholdId, w.SortName }).Distinct();
            return new HouseholdSearchResult(Math.Min(stats.Households, CountLimit), stats.Households > CountLimit, (skip, take) =>
                matches.OrderBy(m => m.SortName).ThenBy(m => m.HouseholdId).Skip(skip).TakeInSql(take)
                    .Join(visible, m => m.HouseholdId, h => h.Id, (m, h) => h)
                    .OrderBy(h => h.SortName).ThenBy(h => h.Id));
        }

        // Very common words: walk the households in list order, checking each one's words (the matches are dense).
        var matching = visible.Matching(terms, tokens);
        var ordered = matching.OrderBy(h => h.SortName).ThenBy(h => h.Id);
        var count = stats.Households > CountLimit ? CountLimit + 1 : await ordered.TakeInSql(CountLimit + 1).CountAsync(ct);
        return new HouseholdSearchResult(Math.Min(count, CountLimit), count > CountLimit, (skip, take) =>
            ordered.Skip(skip).TakeInSql(take));
    }
}
