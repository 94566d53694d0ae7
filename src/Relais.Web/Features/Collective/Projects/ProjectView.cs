using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Projects;

public sealed record MemberLine(Guid Id, MemberKind Kind, MemberRole Role, string Name, string? Detail, DateOnly JoinedOn, DateOnly? LeftOn, int Version);

public sealed record TerritoryLine(string Kind, string Name);

/// <summary>Loads what the project pages show; members always through <see cref="ProjectAccess.VisibleMembersAsync"/>.</summary>
public static class ProjectView
{
    public static async Task<List<MemberLine>> MembersAsync(RelaisDbContext db, ProjectAccess access, Guid projectId, CancellationToken ct)
    {
        var visible = await access.VisibleMembersAsync(projectId, ct);
        var rows = await visible.AsNoTracking()
            .Select(m => new
            {
                m.Id, m.Kind, m.Role, m.JoinedOn, m.LeftOn, m.Version,
                Person = db.Persons.Where(p => p.Id == m.PersonId).Select(p => p.FirstName + " " + p.LastName).FirstOrDefault(),
                Residence = db.Persons.Where(p => p.Id == m.PersonId).Select(p => p.Household!.Dwelling!.Building!.Residence!.Name).FirstOrDefault(),
                User = db.Users.Where(u => u.Id == m.UserId).Select(u => new { u.DisplayName, u.Role }).FirstOrDefault(),
                Partner = db.Set<Partners.PartnerOrganisation>().Where(p => p.Id == m.PartnerOrganisationId).Select(p => p.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(r => new MemberLine(r.Id, r.Kind, r.Role,
                r.Person ?? r.User?.DisplayName ?? r.Partner ?? "—",
                r.Kind switch
                {
                    MemberKind.Resident => r.Residence,
                    MemberKind.Staff => r.User is null ? null : Infrastructure.Web.EnumLabels.Label(r.User.Role),
                    _ => null,
                },
                r.JoinedOn, r.LeftOn, r.Version))
            .OrderBy(m => m.LeftOn is not null).ThenBy(m => m.Kind).ThenBy(m => m.Role).ThenBy(m => m.Name, Users.FrenchText.Comparer)
            .ToList();
    }

    public static async Task<List<TerritoryLine>> TerritoryAsync(RelaisDbContext db, CommuneDirectory communes, Guid projectId, CancellationToken ct)
    {
        var rows = await db.ProjectTerritories.AsNoTracking().Where(t => t.ProjectId == projectId)
            .Select(t => new
            {
                t.CommuneCode,
                Residence = db.Residences.Where(r => r.Id == t.ResidenceId).Select(r => r.Name + " (" + r.CommuneName + ")").FirstOrDefault(),
                Building = db.Buildings.Where(b => b.Id == t.BuildingId).Select(b => b.Residence!.Name + " – " + b.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(r => r.Residence is not null ? new TerritoryLine("Résidence", r.Residence)
                : r.Building is not null ? new TerritoryLine("Bâtiment", r.Building)
                : new TerritoryLine("Commune", communes.Find(r.CommuneCode)?.Label ?? r.CommuneCode ?? ""))
            .OrderBy(t => t.Kind).ThenBy(t => t.Name, Users.FrenchText.Comparer).ToList();
    }
}
