using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Audit;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Households;

/// <summary>Who may see which households, as a query restriction applied to every household query.</summary>
public sealed record HouseholdScope(bool All, IReadOnlyList<Guid> SectorIds, Guid? OwnPersonId)
{
    public static readonly HouseholdScope Nothing = new(false, [], null);
}

public static class HouseholdQueries
{
    /// <summary>
    /// Restricts households to the caller's scope: the whole organisation, the residences of some sectors,
    /// or the one household of a Habitant. The organisation itself is already filtered by the DbContext.
    /// </summary>
    public static IQueryable<Household> VisibleIn(this IQueryable<Household> query, HouseholdScope scope)
    {
        if (scope.All)
        {
            return query;
        }

        if (scope.OwnPersonId is { } person)
        {
            return query.Where(h => h.Members.Any(m => m.Id == person));
        }

        if (scope.SectorIds.Count > 0)
        {
            var sectors = scope.SectorIds.ToList();
            return query.Where(h => h.Dwelling != null && sectors.Contains(h.Dwelling.Building!.Residence!.SectorId));
        }

        return query.Where(_ => false);
    }

    public static IQueryable<Person> VisibleIn(this IQueryable<Person> query, HouseholdScope scope)
    {
        if (scope.All)
        {
            return query;
        }

        if (scope.OwnPersonId is { } person)
        {
            return query.Where(p => p.Household!.Members.Any(m => m.Id == person));
        }

        if (scope.SectorIds.Count > 0)
        {
            var sectors = scope.SectorIds.ToList();
            return query.Where(p => p.Household!.Dwelling != null && sectors.Contains(p.Household.Dwelling.Building!.Residence!.SectorId));
        }

        return query.Where(_ => false);
    }
}

/// <summary>The caller's household scope and the logging of file reads.</summary>
public sealed class HouseholdAccess(CurrentUser user, TenantContext tenant, AuditReadLog readLog)
{
    public HouseholdScope Scope
    {
        get
        {
            var role = user.Role;
            if (role is null || !(user.Can(Permissions.Households.Read) || user.Can(Permissions.OwnHousehold.Read)))
            {
                return HouseholdScope.Nothing;
            }

            if (role == Role.Resident)
            {
                return user.PersonId is { } p ? new HouseholdScope(false, [], p) : HouseholdScope.Nothing;
            }

            var sectors = user.SectorIds;
            if (RolePermissions.AlwaysSectorScoped(role.Value) || sectors.Count > 0)
            {
                return new HouseholdScope(false, sectors, null);
            }

            return new HouseholdScope(true, [], null);
        }
    }

    /// <summary>Logs the read of a household file (or of one person in it) before it is shown.</summary>
    public Task LogReadAsync(string entityType, Guid entityId, Guid householdId, string context, CancellationToken ct) =>
        readLog.LogAsync(tenant.Draft(AuditActions.Read, entityType, entityId, householdId, null, context), ct);
}

public static class HouseholdOperations
{
    public static readonly OperationAuthorizationRequirement Read = new() { Name = nameof(Read) };
    public static readonly OperationAuthorizationRequirement Edit = new() { Name = nameof(Edit) };
}

/// <summary>
/// Resource check for a household already loaded through <see cref="HouseholdQueries.VisibleIn"/>:
/// reading needs the read permission (or being a member, for a Habitant); editing needs the write permission.
/// </summary>
public sealed class HouseholdAuthorizationHandler(CurrentUser user)
    : AuthorizationHandler<OperationAuthorizationRequirement, Household>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, Household resource)
    {
        if (user.OrganisationId != resource.OrganisationId)
        {
            return Task.CompletedTask;
        }

        var ok = requirement.Name switch
        {
            nameof(HouseholdOperations.Read) => user.Can(Permissions.Households.Read)
                || (user.Can(Permissions.OwnHousehold.Read) && resource.Members.Any(m => m.Id == user.PersonId)),
            nameof(HouseholdOperations.Edit) => user.Can(Permissions.Households.Write),
            _ => false,
        };
        if (ok)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
