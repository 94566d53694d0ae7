using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Signals;

/// <summary>
/// What the caller may see of signals: the households of their scope (field agents: their sectors), debt amounts
/// (<see cref="RolePermissions.SeesDebtAmounts"/>: field agents only when the organisation allows it) and confidential notes
/// (never field agents). Applied in the queries' projections, so hidden data never leaves the database.
/// </summary>
public sealed record SignalVisibility(HouseholdScope Scope, bool SeesAmounts, bool SeesConfidentialNotes);

public static class SignalQueries
{
    /// <summary>
    /// Signals of the households the caller may see: the same rule as <see cref="HouseholdQueries.VisibleIn(IQueryable{Household}, HouseholdScope)"/>,
    /// applied as a correlated EXISTS so that a list still walks the signals' index in order and checks each candidate's
    /// household (SQLite otherwise reorders the joins and sorts every signal of the organisation).
    /// </summary>
    public static IQueryable<Signal> VisibleIn(this IQueryable<Signal> query, IQueryable<Household> households, HouseholdScope scope)
    {
        if (scope.All)
        {
            return query;
        }

        if (scope.OwnPersonId is not null || scope.SectorIds.Count == 0)
        {
            return query.Where(_ => false); // a Habitant, or no scope: no signal
        }

        var visible = households.VisibleIn(scope);
        return query.Where(s => visible.Any(h => h.Id == s.HouseholdId));
    }
}

public sealed class SignalAccess(CurrentUser me, HouseholdAccess households, RelaisDbContext db)
{
    public async Task<SignalVisibility> VisibilityAsync(CancellationToken ct)
    {
        var role = me.Role;
        if (role is null || !me.Can(Permissions.Signals.Read))
        {
            return new SignalVisibility(HouseholdScope.Nothing, false, false);
        }

        var organisationAllows = role == Role.FieldAgent
            && await db.OutreachSettings.AsNoTracking().Select(s => s.FieldAgentsSeeDebtAmounts).FirstOrDefaultAsync(ct);
        return new SignalVisibility(households.Scope, RolePermissions.SeesDebtAmounts(role.Value, organisationAllows), SeesConfidentialNotes(role.Value));
    }

    /// <summary>Confidential notes are for the social workers and managers; never for field agents.</summary>
    public static bool SeesConfidentialNotes(Role role) => role is Role.Manager or Role.SocialWorker;
}

/// <summary>The organisation's <see cref="OutreachSettings"/> row, created with the defaults when missing.</summary>
public static class OutreachSettingsStore
{
    /// <summary>The settings, or the defaults when the organisation has none yet (nothing is written).</summary>
    public static async Task<OutreachSettings> ReadAsync(RelaisDbContext db, CancellationToken ct) =>
        await db.OutreachSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new OutreachSettings();

    /// <summary>The settings row (tracked), created with the defaults when missing. Call it outside any open transaction.</summary>
    public static async Task<OutreachSettings> GetOrCreateAsync(RelaisDbContext db, CancellationToken ct)
    {
        var settings = await db.OutreachSettings.FirstOrDefaultAsync(ct);
        if (settings is not null)
        {
            return settings;
        }

        settings = new OutreachSettings();
        db.OutreachSettings.Add(settings);
        try
        {
            await db.SaveChangesAsync(ct);
            return settings;
        }
        catch (DbUpdateException)
        {
            // Created at the same moment by another request (unique index on the organisation): use that one.
            db.Entry(settings).State = EntityState.Detached;
            return await db.OutreachSettings.FirstAsync(ct);
        }
    }
}
