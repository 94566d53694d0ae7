using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Partners;
using Relais.Features.Partners.DataInclusion;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Referrals.Statistics;

/// <summary>One line of the statistics: a partner, a theme category, a status, or the whole.</summary>
public sealed record ReferralStatRow(string Group, string Label)
{
    /// <summary>Referrals sent in the period (whatever their status now).</summary>
    public int Sent { get; set; }

    /// <summary>Sent, less those cancelled before any answer: the base of the answer rate.</summary>
    public int Expecting { get; set; }

    public int Answered { get; set; }
    public int Accepted { get; set; }
    public int Refused { get; set; }
    public int Done { get; set; }
    public int Expired { get; set; }
    public int Waiting { get; set; }
    public int Cancelled { get; set; }

    /// <summary>Days from sending to answer, of the answered ones.</summary>
    public List<double> Delays { get; } = [];

    public double? AnswerRate => Expecting == 0 ? null : 100.0 * Answered / Expecting;
    public double? MedianDays => ReferralStatistics.Median(Delays);
    public double? P90Days => ReferralStatistics.Percentile(Delays, 0.9);

    /// <summary>A partner to whom something was sent and who never answered.</summary>
    public bool NeverAnswers => Expecting > 0 && Answered == 0;

    public string RateText => AnswerRate is { } r ? r.ToString("0.#", ReferralStatistics.French) : "—";
    public string MedianText => MedianDays is { } d ? d.ToString("0.#", ReferralStatistics.French) : "—";
    public string P90Text => P90Days is { } d ? d.ToString("0.#", ReferralStatistics.French) : "—";
}

/// <summary>
/// Referral statistics over a period: the referrals <em>sent</em> between the first and the last day (local time),
/// with their status today; grouped by partner, by theme category (data·inclusion's 16 categories of the referral's
/// theme) and by status; time to answer (sending → acceptance or refusal) as median and 90th percentile (nearest rank),
/// in days; answer rate = answered ÷ sent, those cancelled before any answer left out; partners without answer = at
/// least one referral expecting an answer and none answered. Counted in SQL (one GROUP BY), plus one query for the
/// answered referrals' two dates and one for the partners' names. Only referrals the reader may see (ReferralAccess).
/// </summary>
public static class ReferralStatistics
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    public const string NoTheme = "Thème non précisé";

    public sealed record Report(ReferralStatRow Total, IReadOnlyList<ReferralStatRow> ByPartner, IReadOnlyList<ReferralStatRow> ByTheme,
        IReadOnlyList<ReferralStatRow> ByStatus)
    {
        public IReadOnlyList<ReferralStatRow> Silent => ByPartner.Where(p => p.NeverAnswers).ToList();
    }

    public static async Task<Report> ComputeAsync(RelaisDbContext db, IQueryable<Referral> visible, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct)
    {
        var start = Instant(from, zone);
        var end = Instant(to.AddDays(1), zone);
        var period = visible.Where(r => r.Status != ReferralStatus.Draft && r.SentAt != null && r.SentAt >= start && r.SentAt < end);
        var counts = await period
            .GroupBy(r => new { r.PartnerOrganisationId, r.Theme, r.Status, Answered = r.AnsweredAt != null })
            .Select(g => new { g.Key.PartnerOrganisationId, g.Key.Theme, g.Key.Status, g.Key.Answered, Count = g.Count() })
            .ToListAsync(ct);
        var answers = await period.Where(r => r.AnsweredAt != null)
            .Select(r => new { r.PartnerOrganisationId, r.Theme, r.SentAt, r.AnsweredAt })
            .ToListAsync(ct);
        var partnerIds = counts.Select(c => c.PartnerOrganisationId).Distinct().ToList();
        var names = await db.PartnerOrganisations.AsNoTracking().Where(p => partnerIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);

        var total = new ReferralStatRow("Ensemble", "Toutes les orientations");
        var byPartner = new Dictionary<Guid, ReferralStatRow>();
        var byTheme = new Dictionary<string, ReferralStatRow>();
        var byStatus = Enum.GetValues<ReferralStatus>().Where(s => s != ReferralStatus.Draft)
            .ToDictionary(s => s, s => new ReferralStatRow("Statut", s.Label()));
        ReferralStatRow Partner(Guid id) => byPartner.TryGetValue(id, out var row) ? row
            : byPartner[id] = new ReferralStatRow("Partenaire", names.GetValueOrDefault(id) ?? "Partenaire supprimé");
        ReferralStatRow Theme(string? theme)
        {
            var (key, label) = ThemeCategory(theme);
            return byTheme.TryGetValue(key, out var row) ? row : byTheme[key] = new ReferralStatRow("Thème", label);
        }

        foreach (var c in counts)
        {
            foreach (var row in new[] { total, Partner(c.PartnerOrganisationId), Theme(c.Theme), byStatus[c.Status] })
            {
                Add(row, c.Status, c.Answered, c.Count);
            }
        }

        foreach (var a in answers)
        {
            var days = Math.Max(0, (a.AnsweredAt!.Value - a.SentAt!.Value).TotalDays);
            foreach (var row in new[] { total, Partner(a.PartnerOrganisationId), Theme(a.Theme) })
            {
                row.Delays.Add(days);
            }
        }

        return new Report(
            total,
            byPartner.Values.OrderByDescending(r => r.Sent).ThenBy(r => r.Label, StringComparer.Create(French, false)).ToList(),
            byTheme.Values.OrderByDescending(r => r.Sent).ThenBy(r => r.Label, StringComparer.Create(French, false)).ToList(),
            byStatus.Values.ToList());
    }

    private static void Add(ReferralStatRow row, ReferralStatus status, bool answered, int count)
    {
        row.Sent += count;
        if (status != ReferralStatus.Cancelled || answered)
        {
            row.Expecting += count;
        }

        if (answered)
        {
            row.Answered += count;
        }

        switch (status)
        {
            case ReferralStatus.Accepted: row.Accepted += count; break;
            case ReferralStatus.Refused: row.Refused += count; break;
            case ReferralStatus.Done: row.Done += count; break;
            case ReferralStatus.Expired: row.Expired += count; break;
            case ReferralStatus.Sent: row.Waiting += count; break;
            case ReferralStatus.Cancelled: row.Cancelled += count; break;
        }
    }

    /// <summary>The category of a referral's theme (detailed thématique or category code), with its French label.</summary>
    public static (string Key, string Label) ThemeCategory(string? theme)
    {
        if (string.IsNullOrWhiteSpace(theme))
        {
            return ("", NoTheme);
        }

        var category = DataInclusionCatalogue.CategoryOf(theme);
        return (category, DataInclusionCatalogue.Label(DataInclusionCatalogue.ThemeCategories, category));
    }

    /// <summary>The start of a local day, in UTC (PostgreSQL takes only UTC instants; SQLite compares the stored UTC values).</summary>
    public static DateTimeOffset Instant(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least <paramref name="p"/> of the values at or below it.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static readonly string[] Columns =
    [
        "Regroupement", "Libellé", "Orientations envoyées", "Réponses", "Taux de réponse (%)", "Délai médian de réponse (jours)",
        "Délai de réponse, 90e centile (jours)", "Acceptées", "Refusées", "Réalisées", "Expirées", "En attente", "Annulées", "Sans réponse",
    ];

    /// <summary>
    /// The CSV that Excel opens right in France: UTF-8 with a byte-order mark, ';' between fields, decimal comma, CRLF
    /// line ends; text that a spreadsheet would take for a formula is neutralised.
    /// </summary>
    public static byte[] Csv(Report report)
    {
        var text = new StringBuilder();
        text.Append(string.Join(';', Columns.Select(Field))).Append("\r\n");
        foreach (var row in new[] { report.Total }.Concat(report.ByPartner).Concat(report.ByTheme).Concat(report.ByStatus))
        {
            string[] cells =
            [
                row.Group, row.Label, Number(row.Sent), Number(row.Answered), row.AnswerRate is null ? "" : row.RateText,
                row.MedianDays is null ? "" : row.MedianText, row.P90Days is null ? "" : row.P90Text,
                Number(row.Accepted), Number(row.Refused), Number(row.Done), Number(row.Expired), Number(row.Waiting), Number(row.Cancelled),
                row.Group == "Partenaire" && row.NeverAnswers ? "oui" : "",
            ];
            text.Append(string.Join(';', cells.Select(Field))).Append("\r\n");
        }

        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())];
    }

    private static string Number(int n) => n.ToString(French);

    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0]) && !double.TryParse(value, NumberStyles.Any, French, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    /// <summary>A chart of one grouping's referrals sent.</summary>
    public static BarChart SentChart(string id, string title, IEnumerable<ReferralStatRow> rows) =>
        new(id, title, rows.Select(r => (r.Label, r.Sent)).ToList());
}
