using System.Globalization;
using System.Linq.Expressions;
using Relais.Features.Households;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Housing;

/// <summary>
/// Which residences a user may browse: the whole organisation, or the residences of some sectors.
/// Buildings and dwellings follow their residence.
/// </summary>
public sealed record HousingScope(bool All, IReadOnlyList<Guid> SectorIds)
{
    public static readonly HousingScope Nothing = new(false, []);

    /// <summary>
    /// Administrators see the whole stock. Field agents see the residences of their sectors only; managers and
    /// social workers likewise when sectors are assigned to them, the whole stock otherwise.
    /// </summary>
    public static HousingScope Of(CurrentUser user)
    {
        if (user.Role is not { } role || !user.Can(Permissions.Housing.Read))
        {
            return Nothing;
        }

        if (role == Role.Administrator)
        {
            return new HousingScope(true, []);
        }

        var sectors = user.SectorIds;
        if (RolePermissions.AlwaysSectorScoped(role) || sectors.Count > 0)
        {
            return new HousingScope(false, sectors);
        }

        return new HousingScope(true, []);
    }

    public bool Covers(Guid sectorId) => All || SectorIds.Contains(sectorId);
}

/// <summary>
/// Reusable pieces of housing queries. Every housing page starts from <c>db.Residences.VisibleIn(scope)</c>
/// and reaches buildings and dwellings through <see cref="Buildings"/> and <see cref="Dwellings"/>, so the
/// scope rule is written once. The organisation itself is already filtered by the DbContext.
/// </summary>
public static class HousingQueries
{
    public static IQueryable<Residence> VisibleIn(this IQueryable<Residence> query, HousingScope scope)
    {
        if (scope.All)
        {
            return query;
        }

        if (scope.SectorIds.Count > 0)
        {
            var sectors = scope.SectorIds.ToList();
            return query.Where(r => sectors.Contains(r.SectorId));
        }

        return query.Where(_ => false);
    }

    /// <summary>The buildings of these residences.</summary>
    public static IQueryable<Building> Buildings(this IQueryable<Residence> residences) =>
        residences.SelectMany(r => r.Buildings);

    /// <summary>The dwellings of these residences.</summary>
    public static IQueryable<Dwelling> Dwellings(this IQueryable<Residence> residences) =>
        residences.SelectMany(r => r.Buildings).SelectMany(b => b.Dwellings);

    /// <summary>French order where "Bâtiment 2" comes before "Bâtiment 10".</summary>
    public static readonly StringComparer NaturalOrder =
        StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), CompareOptions.IgnoreCase | CompareOptions.NumericOrdering);

    /// <summary>A household living in its dwelling on <paramref name="today"/>: its lease has not ended.</summary>
    public static Expression<Func<Household, bool>> LivingThereOn(DateOnly today) =>
        h => h.DwellingId != null && (h.LeaseEnd == null || h.LeaseEnd >= today);
}
