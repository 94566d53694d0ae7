using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Collective;
using Relais.Features.Households;
using Relais.Features.Users;
using Relais.Infrastructure.Data;

namespace Relais.Features.Referrals.Worker;

/// <summary>A person a referral can be made for, from its origin.</summary>
public sealed record OriginPerson(Guid Id, string Name, string? Phone, string? Email);

/// <summary>
/// Where a referral is made from, resolved within the caller's household scope: the accompaniment (its person), the
/// outreach contact (the members of the household met), or the collective project (one current resident member).
/// </summary>
public sealed record ReferralOriginView(ReferralOrigin Kind, Guid? AccompanimentId, Guid? ContactAttemptId, Guid? ProjectId, Guid HouseholdId,
    string Label, string Url, IReadOnlyList<OriginPerson> Persons)
{
    /// <summary>The query string that designates this origin on /Referrals/New.</summary>
    public string Query => Kind switch
    {
        ReferralOrigin.Accompaniment => $"accompaniment={AccompanimentId}",
        ReferralOrigin.Outreach => $"contact={ContactAttemptId}",
        _ => $"project={ProjectId}&person={Persons.FirstOrDefault()?.Id}",
    };
}

/// <summary>
/// Resolves an origin for the social team: another organisation's id, or one outside the caller's household scope, is
/// null (the page answers 404). The household scope is the one <see cref="ReferralAccess"/> gives the team.
/// </summary>
public sealed class ReferralOrigins(RelaisDbContext db, ReferralAccess access, ProjectAccess projects)
{
    public async Task<ReferralOriginView?> AccompanimentAsync(Guid id, CancellationToken ct)
    {
        var households = await HouseholdsAsync(ct);
        var row = await db.Accompaniments.AsNoTracking()
            .Where(a => a.Id == id && households.Any(h => h.Id == a.HouseholdId))
            .Select(a => new { a.Id, a.HouseholdId, a.PersonId, a.Person!.FirstName, a.Person.LastName, a.Person.Phone, a.Person.Email, a.Status })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : new ReferralOriginView(ReferralOrigin.Accompaniment, row.Id, null, null, row.HouseholdId,
            $"Accompagnement de {Name(row.FirstName, row.LastName)}", $"/Accompaniments/File/{row.Id}",
            [new OriginPerson(row.PersonId, Name(row.FirstName, row.LastName), row.Phone, row.Email)]);
    }

    public async Task<ReferralOriginView?> ContactAsync(Guid id, CancellationToken ct)
    {
        var households = await HouseholdsAsync(ct);
        var row = await db.ContactAttempts.AsNoTracking()
            .Where(c => c.Id == id && households.Any(h => h.Id == c.HouseholdId))
            .Select(c => new { c.Id, c.HouseholdId, c.At, c.TargetId })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var persons = await PersonsAsync(db.Persons.Where(p => p.HouseholdId == row.HouseholdId), ct);
        return new ReferralOriginView(ReferralOrigin.Outreach, null, row.Id, null, row.HouseholdId,
            $"Contact d’aller-vers du {Outreach.OutreachFormat.Date(DateOnly.FromDateTime(row.At.UtcDateTime))}", $"/Outreach/Target/{row.TargetId}", persons);
    }

    /// <param name="personId">The person, a current resident member of the project the caller may see.</param>
    public async Task<ReferralOriginView?> ProjectAsync(Guid id, Guid personId, CancellationToken ct)
    {
        if (!projects.CanRead)
        {
            return null;
        }

        var households = await HouseholdsAsync(ct);
        var project = await projects.Visible().AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Id, Name = p.Title }).FirstOrDefaultAsync(ct);
        if (project is null)
        {
            return null;
        }

        var members = await projects.VisibleMembersAsync(id, ct);
        var isMember = await members.AnyAsync(m => m.Kind == MemberKind.Resident && m.LeftOn == null && m.PersonId == personId, ct);
        if (!isMember)
        {
            return null;
        }

        var persons = await PersonsAsync(db.Persons.Where(p => p.Id == personId && households.Any(h => h.Id == p.HouseholdId)), ct);
        var household = await db.Persons.Where(p => p.Id == personId && households.Any(h => h.Id == p.HouseholdId)).Select(p => (Guid?)p.HouseholdId).FirstOrDefaultAsync(ct);
        return household is null || persons.Count == 0 ? null : new ReferralOriginView(ReferralOrigin.Project, null, null, project.Id, household.Value,
            $"Projet collectif « {project.Name} »", $"/Collective/Project/{project.Id}", persons);
    }

    /// <summary>The project member's person, for the link from a project's member list.</summary>
    public async Task<Guid?> PersonOfMemberAsync(Guid projectId, Guid memberId, CancellationToken ct) =>
        await db.ProjectMembers.AsNoTracking().Where(m => m.Id == memberId && m.ProjectId == projectId).Select(m => m.PersonId).FirstOrDefaultAsync(ct);

    /// <summary>The origin of an existing referral (a draft being resumed).</summary>
    public async Task<ReferralOriginView?> OfAsync(Referral r, CancellationToken ct) => r.Origin switch
    {
        ReferralOrigin.Accompaniment when r.AccompanimentId is { } a => await AccompanimentAsync(a, ct),
        ReferralOrigin.Outreach when r.ContactAttemptId is { } c => await ContactAsync(c, ct),
        ReferralOrigin.Project when r.ProjectId is { } p => await ProjectAsync(p, r.PersonId, ct),
        _ => null,
    };

    private async Task<IQueryable<Household>> HouseholdsAsync(CancellationToken ct)
    {
        var reader = await access.ReaderAsync(ct);
        return reader.Kind == ReaderKind.Team ? db.Households.VisibleIn(reader.Scope) : db.Households.Where(_ => false);
    }

    private static async Task<List<OriginPerson>> PersonsAsync(IQueryable<Person> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking().Select(p => new { p.Id, p.FirstName, p.LastName, p.Phone, p.Email, p.Role }).ToListAsync(ct);
        return rows.OrderBy(p => p.Role).ThenBy(p => p.FirstName, FrenchText.Comparer)
            .Select(p => new OriginPerson(p.Id, Name(p.FirstName, p.LastName), p.Phone, p.Email)).ToList();
    }

    public static string Name(string first, string last) => $"{first} {last.ToUpperInvariant()}";
}
