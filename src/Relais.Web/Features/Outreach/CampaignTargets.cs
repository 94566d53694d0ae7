using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Housing;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;

namespace Relais.Features.Outreach;

/// <summary>
/// Builds the targets of a new campaign, from selected signals or from everyone living in a building or
/// residence, and respects refusals (<see cref="RefusalHolds"/>).
/// </summary>
/// <remarks>
/// Signal statuses: a signal behind a target that is approached moves from "nouveau" to "en cours d'aller-vers"
/// (selected signals, and a door-to-door household's open signals). A held-back household's signals are left as
/// they are: nobody goes towards it, so the signal stays visible with the reason of the hold.
/// </remarks>
public static class CampaignTargets
{
    /// <summary>What a place choice names: a whole residence or one building.</summary>
    public sealed record Place(bool IsResidence, Guid Id)
    {
        public static Place? Parse(string? value)
        {
            var parts = (value ?? "").Split(':', 2);
            if (parts.Length != 2 || !Guid.TryParse(parts[1], out var id))
            {
                return null;
            }

            return parts[0] switch
            {
                "residence" => new Place(true, id),
                "building" => new Place(false, id),
                _ => null,
            };
        }

        public override string ToString() => $"{(IsResidence ? "residence" : "building")}:{Id}";
    }

    /// <summary>Targets for the selected signals: one per household, its most serious then most recent signal as the reason.</summary>
    public static async Task<List<OutreachTarget>> FromSignalsAsync(RelaisDbContext db, HouseholdScope scope, IReadOnlyCollection<Guid> signalIds,
        OutreachSettings settings, DateTimeOffset now, TimeZoneInfo zone, CancellationToken ct)
    {
        var ids = signalIds.Distinct().ToList();
        var households = db.Households.VisibleIn(scope);
        var signals = await db.Signals
            .Where(s => ids.Contains(s.Id) && s.Status == SignalStatus.New && households.Any(h => h.Id == s.HouseholdId))
            .ToListAsync(ct);
        return await BuildAsync(db, signals.GroupBy(s => s.HouseholdId).Select(g => (g.Key, g.ToList())).ToList(),
            settings, now, zone, ct);
    }

    /// <summary>How many of <paramref name="signalIds"/> are still open and visible (the others were taken meanwhile).</summary>
    public static Task<int> CountOpenAsync(RelaisDbContext db, HouseholdScope scope, IReadOnlyCollection<Guid> signalIds, CancellationToken ct)
    {
        var ids = signalIds.Distinct().ToList();
        var households = db.Households.VisibleIn(scope);
        return db.Signals.CountAsync(s => ids.Contains(s.Id) && s.Status == SignalStatus.New && households.Any(h => h.Id == s.HouseholdId), ct);
    }

    /// <summary>Door-to-door: every household living in the building or residence today, with its open signals as the reason.</summary>
    public static async Task<List<OutreachTarget>> FromPlaceAsync(RelaisDbContext db, HouseholdScope scope, Place place, DateOnly today,
        OutreachSettings settings, DateTimeOffset now, TimeZoneInfo zone, CancellationToken ct)
    {
        var living = db.Households.VisibleIn(scope).Where(HousingQueries.LivingThereOn(today));
        living = place.IsResidence
            ? living.Where(h => h.Dwelling!.Building!.ResidenceId == place.Id)
            : living.Where(h => h.Dwelling!.BuildingId == place.Id);
        var householdIds = await living.Select(h => h.Id).ToListAsync(ct);
        var signals = await db.Signals
            .Where(s => householdIds.Contains(s.HouseholdId) && (s.Status == SignalStatus.New || s.Status == SignalStatus.InOutreach))
            .ToListAsync(ct);
        var byHousehold = signals.ToLookup(s => s.HouseholdId);
        return await BuildAsync(db, householdIds.Select(id => (id, byHousehold[id].ToList())).ToList(), settings, now, zone, ct);
    }

    private static async Task<List<OutreachTarget>> BuildAsync(RelaisDbContext db, List<(Guid HouseholdId, List<Signal> Signals)> candidates,
        OutreachSettings settings, DateTimeOffset now, TimeZoneInfo zone, CancellationToken ct)
    {
        var holds = await RefusalHolds.ReasonsAsync(db, candidates.Select(c => c.HouseholdId).ToList(), settings.RefusalHoldMonths, now, zone, ct);
        var targets = new List<OutreachTarget>();
        foreach (var (householdId, signals) in candidates)
        {
            var reason = signals.OrderByDescending(s => s.Severity).ThenByDescending(s => s.DetectedAt).FirstOrDefault();
            var target = new OutreachTarget { HouseholdId = householdId, SignalId = reason?.Id, Status = TargetStatus.Pending };
            if (holds.TryGetValue(householdId, out var hold))
            {
                target.Status = TargetStatus.HeldBack;
                target.HoldReason = hold;
            }
            else
            {
                foreach (var signal in signals.Where(s => s.Status == SignalStatus.New))
                {
                    signal.Status = SignalStatus.InOutreach;
                    signal.StatusChangedAt = now;
                }
            }

            targets.Add(target);
        }

        return targets;
    }

    /// <summary>
    /// On closing a campaign, the signals of households nobody could reach go back to "nouveau" so that they are
    /// proposed again — unless another campaign still open is going towards the same household.
    /// </summary>
    public static async Task ReleaseUnreachedSignalsAsync(RelaisDbContext db, Guid campaignId, DateTimeOffset now, CancellationToken ct)
    {
        var unreached = db.OutreachTargets.Where(t => t.CampaignId == campaignId && t.Status == TargetStatus.Pending).Select(t => t.HouseholdId);
        var stillTargeted = db.OutreachTargets
            .Where(t => t.CampaignId != campaignId && t.Campaign!.Status != CampaignStatus.Closed && t.Status != TargetStatus.HeldBack)
            .Select(t => t.HouseholdId);
        var signals = await db.Signals
            .Where(s => s.Status == SignalStatus.InOutreach && unreached.Contains(s.HouseholdId) && !stillTargeted.Contains(s.HouseholdId))
            .ToListAsync(ct);
        foreach (var signal in signals)
        {
            signal.Status = SignalStatus.New;
            signal.StatusChangedAt = now;
        }
    }
}
