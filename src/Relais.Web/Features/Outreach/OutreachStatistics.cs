using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;

namespace Relais.Features.Outreach;

/// <summary>One line of the dashboard: a group (everything, a sector, a campaign) and its figures.</summary>
public sealed record DashboardRow(string Group, string Label, int Targeted, int Reached, int Refusals, int HeldBack, double? ContactRate, double? MedianDays)
{
    /// <summary>"66,7" (percent, one decimal) or empty when nobody was targeted.</summary>
    public string RateText => ContactRate is { } r ? r.ToString("0.0", OutreachFormat.French) : "";

    /// <summary>"3,5" or "4" (days), or empty when no first contact followed a signal.</summary>
    public string MedianText => MedianDays is { } m ? m.ToString("0.#", OutreachFormat.French) : "";
}

/// <summary>
/// The Responsable's figures, computed once for the page and for the CSV export so that both say the same:
/// <list type="bullet">
/// <item>households targeted: distinct households approached (held-back ones are counted apart);</item>
/// <item>reached: of those, households with at least one attempt other than "absent" (a refusal is a contact);</item>
/// <item>contact rate: reached ÷ targeted, in percent;</item>
/// <item>refusals: households with at least one "refus";</item>
/// <item>median delay: calendar days (local time) from the signal's detection to the first contact, over the targets
/// that had a signal and were reached; the median of an even count is the mean of the two middle values.</item>
/// </list>
/// A campaign is in the period when its dates overlap it (no end date: still running).
/// </summary>
public static class OutreachStatistics
{
    public sealed record TargetFact(Guid CampaignId, string CampaignName, DateOnly CampaignStart, Guid HouseholdId, Guid? SectorId, string? SectorName,
        TargetStatus Status, bool Reached, bool Refused, DateTimeOffset? SignalDetectedAt, DateTimeOffset? FirstContactAt);

    public sealed record Dashboard(DashboardRow Total, List<DashboardRow> BySector, List<DashboardRow> ByCampaign)
    {
        public IEnumerable<DashboardRow> All => [Total, .. BySector, .. ByCampaign];
    }

    public const string NoSector = "Sans secteur (ménage sans logement)";

    public static async Task<List<TargetFact>> LoadAsync(RelaisDbContext db, HouseholdScope scope, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var households = db.Households.VisibleIn(scope);
        return await db.OutreachTargets.AsNoTracking()
            .Where(t => t.Campaign!.StartDate <= to && (t.Campaign.EndDate == null || t.Campaign.EndDate >= from))
            .Where(t => households.Any(h => h.Id == t.HouseholdId))
            .Select(t => new TargetFact(
                t.CampaignId, t.Campaign!.Name, t.Campaign.StartDate, t.HouseholdId,
                t.Household!.Dwelling != null ? (Guid?)t.Household.Dwelling.Building!.Residence!.SectorId : null,
                t.Household.Dwelling != null ? t.Household.Dwelling.Building!.Residence!.Sector!.Name : null,
                t.Status,
                t.Attempts.Any(a => a.Outcome != ContactOutcome.Absent),
                t.Attempts.Any(a => a.Outcome == ContactOutcome.Refused),
                t.Signal != null ? (DateTimeOffset?)t.Signal.DetectedAt : null,
                t.FirstContactAt))
            .ToListAsync(ct);
    }

    public static Dashboard Compute(IReadOnlyCollection<TargetFact> facts, TimeZoneInfo zone)
    {
        var order = Housing.HousingQueries.NaturalOrder;
        var total = Summarise("Ensemble", "Toutes les tournées", facts, zone);
        var bySector = facts.GroupBy(f => (f.SectorId, Name: f.SectorName ?? NoSector))
            .OrderBy(g => g.Key.SectorId is null ? 1 : 0).ThenBy(g => g.Key.Name, order)
            .Select(g => Summarise("Secteur", g.Key.Name, g.ToList(), zone))
            .ToList();
        var byCampaign = facts.GroupBy(f => (f.CampaignId, f.CampaignName, f.CampaignStart))
            .OrderByDescending(g => g.Key.CampaignStart).ThenBy(g => g.Key.CampaignName, order)
            .Select(g => Summarise("Tournée", g.Key.CampaignName, g.ToList(), zone))
            .ToList();
        return new Dashboard(total, bySector, byCampaign);
    }

    public static DashboardRow Summarise(string group, string label, IReadOnlyCollection<TargetFact> facts, TimeZoneInfo zone)
    {
        var approached = facts.Where(f => f.Status != TargetStatus.HeldBack).ToList();
        var targeted = approached.Select(f => f.HouseholdId).Distinct().Count();
        var reached = approached.Where(f => f.Reached).Select(f => f.HouseholdId).Distinct().Count();
        var refusals = approached.Where(f => f.Refused).Select(f => f.HouseholdId).Distinct().Count();
        var held = facts.Where(f => f.Status == TargetStatus.HeldBack).Select(f => f.HouseholdId).Distinct().Count();
        var delays = approached
            .Where(f => f.SignalDetectedAt is not null && f.FirstContactAt is not null)
            .Select(f => (double)Math.Max(0, LocalDay(f.FirstContactAt!.Value, zone).DayNumber - LocalDay(f.SignalDetectedAt!.Value, zone).DayNumber))
            .ToList();
        return new DashboardRow(group, label, targeted, reached, refusals, held,
            targeted == 0 ? null : Math.Round(reached * 100.0 / targeted, 1, MidpointRounding.AwayFromZero),
            Median(delays));
    }

    /// <summary>The median; null for no value; the mean of the two middle values for an even count.</summary>
    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static DateOnly LocalDay(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    public static readonly string[] Columns =
    [
        "Regroupement", "Libellé", "Ménages ciblés", "Ménages joints", "Taux de contact (%)", "Refus", "Mis en attente",
        "Délai médian signalement → premier contact (jours)",
    ];

    /// <summary>
    /// The CSV that Excel opens right in France: UTF-8 with a byte-order mark, ';' between fields, decimal comma,
    /// CRLF line ends; text that a spreadsheet would take for a formula is neutralised.
    /// </summary>
    public static byte[] Csv(Dashboard dashboard)
    {
        var text = new StringBuilder();
        text.Append(string.Join(';', Columns.Select(Field))).Append("\r\n");
        foreach (var row in dashboard.All)
        {
            string[] cells =
            [
                row.Group, row.Label, row.Targeted.ToString(OutreachFormat.French), row.Reached.ToString(OutreachFormat.French), row.RateText,
                row.Refusals.ToString(OutreachFormat.French), row.HeldBack.ToString(OutreachFormat.French), row.MedianText,
            ];
            text.Append(string.Join(';', cells.Select(Field))).Append("\r\n");
        }

        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())];
    }

    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0]) && !double.TryParse(value, System.Globalization.NumberStyles.Any, OutreachFormat.French, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
