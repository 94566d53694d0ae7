using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Text;

namespace Relais.Features.Collective.Sheets;

/// <summary>
/// Looks for personal data in a sheet before it may leave the organisation: the names of the project's resident
/// members and of the organisation's people linked to the project (its staff members, whoever created it), e-mail
/// addresses and phone numbers. Names are compared word by word, accent- and case-insensitively.
/// </summary>
public static partial class PersonalDataCheck
{
    public sealed record Person(string Name, string Why);

    /// <summary>What was found, one line each, in French ("le nom « Chloé N'Diaye » (habitante membre du projet)").</summary>
    public static IReadOnlyList<string> Find(string text, IEnumerable<Person> people)
    {
        var found = new List<string>();
        foreach (Match m in Email().Matches(text))
        {
            found.Add($"l’adresse électronique « {m.Value} »");
        }

        foreach (Match m in Phone().Matches(text))
        {
            found.Add($"le numéro de téléphone « {m.Value.Trim()} »");
        }

        var folded = " " + SearchText.Fold(text) + " ";
        foreach (var person in people.DistinctBy(p => p.Name))
        {
            var words = SearchText.Fold(person.Name).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var full = string.Join(' ', words);
            var hits = new List<string>();
            if (full.Length > 0 && folded.Contains($" {full} ", StringComparison.Ordinal))
            {
                hits.Add(person.Name);
            }
            else
            {
                hits.AddRange(words.Where(w => w.Length >= 3 && !w.Any(char.IsDigit) && folded.Contains($" {w} ", StringComparison.Ordinal)));
            }

            if (hits.Count > 0)
            {
                found.Add($"le nom « {person.Name} » ({person.Why}){(hits[0] == person.Name ? "" : $" : « {string.Join(" », « ", hits)} »")}");
            }
        }

        return found;
    }

    /// <summary>The people whose names must not appear in the project's published sheet.</summary>
    public static async Task<List<Person>> PeopleOfAsync(RelaisDbContext db, Guid organisationId, Guid projectId, CancellationToken ct)
    {
        var members = db.ProjectMembers.Where(m => m.ProjectId == projectId);
        var residents = await db.Persons.AsNoTracking()
            .Where(p => members.Any(m => m.Kind == MemberKind.Resident && m.PersonId == p.Id))
            .Select(p => new { p.FirstName, p.LastName, p.BirthName }).ToListAsync(ct);
        var createdBy = await db.Projects.Where(p => p.Id == projectId).Select(p => p.CreatedByUserId).FirstOrDefaultAsync(ct);
        var staff = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == organisationId && (members.Any(m => m.Kind == MemberKind.Staff && m.UserId == u.Id) || u.Id == createdBy))
            .Select(u => u.DisplayName).ToListAsync(ct);
        var people = new List<Person>();
        foreach (var r in residents)
        {
            people.Add(new Person($"{r.FirstName} {r.LastName}", "habitant membre du projet"));
            if (!string.IsNullOrWhiteSpace(r.BirthName))
            {
                people.Add(new Person($"{r.FirstName} {r.BirthName}", "habitant membre du projet"));
            }
        }

        people.AddRange(staff.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => new Person(s, "professionnel lié au projet")));
        return people;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    /// <summary>French numbers: 06 12 34 56 78, 06.12.34.56.78, 0612345678, +33 6 12 34 56 78.</summary>
    [GeneratedRegex(@"(?<![\d])(?:(?:\+|00)33[\s.\-]?|0)[1-9](?:[\s.\-]?\d{2}){4}(?![\d])")]
    private static partial Regex Phone();
}
