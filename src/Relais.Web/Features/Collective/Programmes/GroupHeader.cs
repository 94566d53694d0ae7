using Microsoft.EntityFrameworkCore;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Programmes;

/// <summary>A group programme or a sensitive group, as its pages need it.</summary>
public sealed record GroupHeader(Guid Id, string Title, ProjectKind Kind, ProjectSensitivity Sensitivity, ProjectStatus Status)
{
    public bool IsProgramme => Kind == ProjectKind.Programme;
    public bool IsSensitive => Sensitivity != ProjectSensitivity.None;
    public string DashboardUrl => $"/Collective/Programme/{Id}";
    public string MembersUrl => $"/Collective/Programme/{Id}/Members";
    public string ProjectUrl => $"/Collective/Project/{Id}";

    public string MemberUrl(Guid memberId) => $"/Collective/Programme/{Id}/Member/{memberId}";

    /// <summary>
    /// The project if it is a programme or a sensitive group the caller sees (another organisation's, or one the caller
    /// may not see, is null and answers 404).
    /// </summary>
    public static async Task<GroupHeader?> LoadAsync(ProjectAccess access, Guid id, CancellationToken ct) =>
        await access.RowAsync(id, ct) is { } p && (p.Kind == ProjectKind.Programme || p.Sensitivity != ProjectSensitivity.None)
            ? new GroupHeader(p.Id, p.Title, p.Kind, p.Sensitivity, p.Status)
            : null;
}

/// <summary>A member as listed: who (a person, a staff user or a partner structure), role, consent.</summary>
public sealed record MemberLine(Guid Id, MemberKind Kind, MemberRole Role, string Name, DateOnly JoinedOn, DateOnly? LeftOn, DateOnly? SharedOn, bool Linked)
{
    /// <summary>The members of <paramref name="members"/> (already restricted by <see cref="ProjectAccess"/>) with their names, in one query.</summary>
    public static async Task<List<MemberLine>> ListAsync(RelaisDbContext db, IQueryable<ProjectMember> members, CancellationToken ct)
    {
        var rows = await (
                from m in members.AsNoTracking()
                join p in db.Persons on m.PersonId equals p.Id into persons
                from p in persons.DefaultIfEmpty()
                join u in db.Users on m.UserId equals u.Id into users
                from u in users.DefaultIfEmpty()
                join o in db.PartnerOrganisations on m.PartnerOrganisationId equals o.Id into partners
                from o in partners.DefaultIfEmpty()
                select new
                {
                    m.Id, m.Kind, m.Role, m.JoinedOn, m.LeftOn, m.MembershipSharedOn, Linked = m.AccompanimentId != null,
                    First = p == null ? null : p.FirstName, Last = p == null ? null : p.LastName,
                    User = u == null ? null : u.DisplayName, Partner = o == null ? null : o.Name,
                })
            .ToListAsync(ct);
        return rows
            .Select(r => new MemberLine(r.Id, r.Kind, r.Role,
                r.Kind switch
                {
                    MemberKind.Resident => $"{r.First} {r.Last?.ToUpperInvariant()}".Trim(),
                    MemberKind.Staff => r.User ?? "",
                    _ => r.Partner ?? "",
                },
                r.JoinedOn, r.LeftOn, r.MembershipSharedOn, r.Linked))
            .OrderBy(r => r.Kind).ThenBy(r => r.Name, Users.FrenchText.Comparer)
            .ToList();
    }
}
