using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Outreach;

/// <summary>
/// What the caller may see of outreach: which campaigns (all of them for those who run campaigns, only the
/// ones whose team they are in otherwise), which targets (those campaigns, and only households in the
/// caller's household scope), and whether confidential notes and debt amounts are shown.
/// </summary>
public sealed record OutreachView(bool ManagesCampaigns, Guid UserId, HouseholdScope Scope, bool SeesConfidentialNotes, bool SeesDebtAmounts)
{
    public static async Task<OutreachView> ForAsync(RelaisDbContext db, CurrentUser me, HouseholdAccess access, CancellationToken ct)
    {
        var settings = await OutreachSettingsStore.ReadAsync(db, ct);
        var role = me.Role;
        return new OutreachView(
            ManagesCampaigns: me.Can(Permissions.Outreach.Campaigns),
            UserId: me.UserId ?? Guid.Empty,
            Scope: access.Scope,
            // Only the social team reads confidential notes: a field agent never does, whatever else changes.
            SeesConfidentialNotes: role is Role.Manager or Role.SocialWorker,
            SeesDebtAmounts: role is { } r && RolePermissions.SeesDebtAmounts(r, settings.FieldAgentsSeeDebtAmounts));
    }
}

public static class OutreachQueries
{
    /// <summary>The campaigns the caller may open: every one for Responsable and Conseiller, else those whose team they are in.</summary>
    public static IQueryable<OutreachCampaign> VisibleTo(this IQueryable<OutreachCampaign> campaigns, OutreachView view)
    {
        if (view.ManagesCampaigns)
        {
            return campaigns;
        }

        var user = view.UserId;
        return campaigns.Where(c => c.Team.Any(m => m.UserId == user));
    }

    /// <summary>The targets of visible campaigns whose household is in the caller's household scope (a field agent: their sectors).</summary>
    public static IQueryable<OutreachTarget> VisibleTo(this IQueryable<OutreachTarget> targets, RelaisDbContext db, OutreachView view)
    {
        var campaigns = db.OutreachCampaigns.VisibleTo(view);
        var households = db.Households.VisibleIn(view.Scope);
        return targets.Where(t => campaigns.Any(c => c.Id == t.CampaignId) && households.Any(h => h.Id == t.HouseholdId));
    }
}

/// <summary>
/// A refusal is respected: a household that refused a contact less than <see cref="OutreachSettings.RefusalHoldMonths"/>
/// months ago is not approached again, unless a new serious signal (severity high, detected after the refusal and
/// not dismissed) has arrived since.
/// </summary>
public static class RefusalHolds
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The households of <paramref name="householdIds"/> held back, with the reason shown in the UI.</summary>
    public static async Task<Dictionary<Guid, string>> ReasonsAsync(RelaisDbContext db, IReadOnlyCollection<Guid> householdIds,
        int holdMonths, DateTimeOffset now, TimeZoneInfo zone, CancellationToken ct)
    {
        var held = new Dictionary<Guid, string>();
        if (holdMonths <= 0 || householdIds.Count == 0)
        {
            return held;
        }

        var ids = householdIds.Distinct().ToList();
        var since = now.AddMonths(-holdMonths);
        var refusals = await db.ContactAttempts.AsNoTracking()
            .Where(a => ids.Contains(a.HouseholdId) && a.Outcome == ContactOutcome.Refused && a.At > since)
            .Select(a => new { a.HouseholdId, a.At })
            .ToListAsync(ct);
        if (refusals.Count == 0)
        {
            return held;
        }

        var lastRefusal = refusals.GroupBy(r => r.HouseholdId).ToDictionary(g => g.Key, g => g.Max(r => r.At));
        var refusedIds = lastRefusal.Keys.ToList();
        var serious = await db.Signals.AsNoTracking()
            .Where(s => refusedIds.Contains(s.HouseholdId) && s.Severity == SignalSeverity.High
                && s.Status != SignalStatus.Dismissed && s.DetectedAt > since)
            .Select(s => new { s.HouseholdId, s.DetectedAt })
            .ToListAsync(ct);
        foreach (var (household, refusedAt) in lastRefusal)
        {
            if (serious.Any(s => s.HouseholdId == household && s.DetectedAt > refusedAt))
            {
                continue; // a new serious signal lifts the hold
            }

            held[household] = Reason(refusedAt, holdMonths, zone);
        }

        return held;
    }

    /// <summary>"Refus exprimé le 12/03/2026 : pas de nouvelle approche avant le 12/09/2026".</summary>
    public static string Reason(DateTimeOffset refusedAt, int holdMonths, TimeZoneInfo zone)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(refusedAt, zone).DateTime);
        return $"Refus exprimé le {day.ToString("dd/MM/yyyy", French)}\u00a0: pas de nouvelle approche avant le {day.AddMonths(holdMonths).ToString("dd/MM/yyyy", French)}";
    }
}

/// <summary>French formatting shared by the outreach pages.</summary>
public static class OutreachFormat
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", French);

    public static string Date(DateOnly? day) => day is { } d ? Date(d) : "non renseignée";

    public static string Moment(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return local.ToString("d MMMM yyyy 'à' HH'\u00a0h\u00a0'mm", French);
    }

    public static string Floor(int floor) => Housing.FloorLabel.Of(floor);

    /// <summary>"Bâtiment A, escalier 1, 2e étage, porte 21", leaving out what is unknown.</summary>
    public static string Location(string? building, string? staircase, int? floor, string? door)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(building))
        {
            parts.Add(building);
        }

        if (!string.IsNullOrWhiteSpace(staircase))
        {
            parts.Add($"escalier {staircase}");
        }

        if (floor is { } f)
        {
            parts.Add(Floor(f).ToLower(French));
        }

        if (!string.IsNullOrWhiteSpace(door))
        {
            parts.Add($"porte {door}");
        }

        return string.Join(", ", parts);
    }
}
