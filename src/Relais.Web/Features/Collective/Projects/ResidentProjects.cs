using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Collective.Projects;

/// <summary>Where a Habitant lives: their building, residence and commune (through their household's dwelling).</summary>
public sealed record ResidentPlace(Guid PersonId, Guid? BuildingId, Guid? ResidenceId, string? ResidenceName, string? CommuneCode);

/// <summary>
/// What a Habitant sees of collective action: the projects open to the residents of their territory — open to
/// residents, never a sensitive group, not closed, and whose territory contains their building, their residence or
/// their commune. Never another residence's project. Follows <see cref="ProjectAccess"/>'s rule for Habitants.
/// </summary>
public sealed class ResidentProjects(RelaisDbContext db, CurrentUser me)
{
    public async Task<ResidentPlace?> PlaceAsync(CancellationToken ct)
    {
        if (!me.Can(Permissions.Collective.Resident) || me.PersonId is not { } person)
        {
            return null;
        }

        var place = await db.Persons.AsNoTracking().Where(p => p.Id == person)
            .Select(p => new
            {
                BuildingId = (Guid?)p.Household!.Dwelling!.BuildingId,
                ResidenceId = (Guid?)p.Household.Dwelling.Building!.ResidenceId,
                ResidenceName = p.Household.Dwelling.Building.Residence!.Name,
                CommuneCode = p.Household.Dwelling.Building.Residence.CommuneCode,
            })
            .FirstOrDefaultAsync(ct);
        return place is null ? null : new ResidentPlace(person, place.BuildingId, place.ResidenceId, place.ResidenceName, place.CommuneCode);
    }

    /// <summary>The projects open to this resident (none when they have no dwelling).</summary>
    public IQueryable<Project> OpenTo(ResidentPlace? place)
    {
        if (place?.ResidenceId is not { } residence)
        {
            return db.Projects.Where(_ => false);
        }

        var building = place.BuildingId;
        var commune = place.CommuneCode;
        return db.Projects.Where(p => p.OpenToResidents && p.Sensitivity == ProjectSensitivity.None && p.Status != ProjectStatus.Closed
            && p.Territory.Any(t => t.ResidenceId == residence || (building != null && t.BuildingId == building) || (commune != null && t.CommuneCode == commune)));
    }
}
