using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Housing;

/// <summary>A household living in a dwelling, as the housing pages may name it.</summary>
public sealed record Occupant(Guid DwellingId, Guid HouseholdId, string Name);

public static class Occupants
{
    /// <summary>
    /// The households living in <paramref name="dwellings"/> that the user may open: only with the household read
    /// permission, and only within the user's household scope. Others are shown as "occupé" without a name.
    /// </summary>
    public static async Task<ILookup<Guid, Occupant>> NamedForAsync(RelaisDbContext db, CurrentUser me, HouseholdAccess access,
        IQueryable<Dwelling> dwellings, DateOnly today, CancellationToken ct)
    {
        if (!me.Can(Permissions.Households.Read))
        {
            return Array.Empty<Occupant>().ToLookup(o => o.DwellingId);
        }

        var rows = await db.Households.AsNoTracking().VisibleIn(access.Scope)
            .Where(HousingQueries.LivingThereOn(today))
            .Where(h => dwellings.Any(d => d.Id == h.DwellingId))
            .Select(h => new
            {
                h.Id,
                DwellingId = h.DwellingId!.Value,
                h.TenantReference,
                Holder = h.Members.OrderBy(m => m.Role).ThenBy(m => m.BirthDate).Select(m => new { m.FirstName, m.LastName }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows
            .Select(r => new Occupant(r.DwellingId, r.Id,
                r.Holder is null ? $"Ménage {r.TenantReference}" : $"{r.Holder.LastName.ToUpperInvariant()} {r.Holder.FirstName}"))
            .OrderBy(o => o.Name, StringComparer.Ordinal)
            .ToLookup(o => o.DwellingId);
    }
}

/// <summary>What the occupancy cell shows: the names the user may open, else only "occupé" or "vacant".</summary>
public sealed record OccupancyView(bool Occupied, IReadOnlyList<Occupant> Occupants);
