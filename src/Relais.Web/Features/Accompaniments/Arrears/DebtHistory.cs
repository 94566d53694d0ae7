using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>
/// One month of the debt history. Amounts are null for a reader who may not see them: that reader gets, from the
/// server, only whether the month was paid and the debt in months of rent.
/// </summary>
public sealed record DebtRow(DateOnly Month, decimal? Billed, decimal? Paid, decimal? HousingBenefit, decimal? Balance, decimal? MonthsOfRent, bool Unpaid);

/// <summary>
/// The household's debt over the last <see cref="ArrearsRules.HistoryMonths"/> months of its ledger: balance, billed,
/// paid and housing benefit, month by month, with the geometry of the two SVG charts drawn on the server.
/// </summary>
public sealed class DebtHistory
{
    public required bool WithAmounts { get; init; }

    /// <summary>Oldest month first.</summary>
    public required IReadOnlyList<DebtRow> Rows { get; init; }

    public DebtRow? Last => Rows.Count == 0 ? null : Rows[^1];

    private const decimal Cent = 0.005m;

    /// <summary>Reads the ledger of <paramref name="householdId"/> on its key, newest months first, and keeps the amounts only for <paramref name="withAmounts"/>.</summary>
    public static async Task<DebtHistory> LoadAsync(RelaisDbContext db, Guid householdId, bool withAmounts, CancellationToken ct)
    {
        var lines = await db.RentLedgerLines.AsNoTracking()
            .Where(l => l.HouseholdId == householdId)
            .OrderByDescending(l => l.Month)
            .Take(ArrearsRules.HistoryMonths)
            .Select(l => new { l.Month, l.Billed, l.Paid, l.HousingBenefit, l.Balance })
            .ToListAsync(ct);
        if (lines.Count == 0)
        {
            return new DebtHistory { WithAmounts = withAmounts, Rows = [] };
        }

        var from = lines[0].Month.AddMonths(1 - ArrearsRules.HistoryMonths);
        var ascending = lines.Where(l => l.Month >= from).OrderBy(l => l.Month).ToList();
        var rows = new List<DebtRow>(ascending.Count);
        for (var i = 0; i < ascending.Count; i++)
        {
            var l = ascending[i];
            // Months of rent: the balance over the average billed of the last three months (as the signal rules count it).
            var recent = ascending.Skip(Math.Max(0, i - 2)).Take(Math.Min(3, i + 1)).Select(x => x.Billed).ToList();
            var rent = recent.Count == 0 ? 0m : recent.Average();
            var owed = l.Balance > Cent ? l.Balance : 0m;
            var months = rent > 0 ? decimal.Round(owed / rent, 1) : (decimal?)null;
            var unpaid = l.Balance > Cent || l.Paid + l.HousingBenefit + Cent < l.Billed;
            rows.Add(withAmounts
                ? new DebtRow(l.Month, l.Billed, l.Paid, l.HousingBenefit, l.Balance, months, unpaid)
                : new DebtRow(l.Month, null, null, null, null, months, unpaid));
        }

        return new DebtHistory { WithAmounts = withAmounts, Rows = rows };
    }

    // Chart geometry (viewBox units).
    public const int Width = 720;
    public const int Height = 260;
    public const int Left = 64;
    public const int Right = 8;
    public const int Top = 12;
    public const int Bottom = 36;
    public static int PlotWidth => Width - Left - Right;
    public static int PlotHeight => Height - Top - Bottom;
    public static int BaseLine => Top + PlotHeight;

    /// <summary>The value each point of the debt line shows: euros for those who see amounts, months of rent otherwise.</summary>
    public decimal DebtValue(DebtRow r) => WithAmounts ? Math.Max(0m, r.Balance ?? 0m) : r.MonthsOfRent ?? 0m;

    public string DebtUnit => WithAmounts ? "€" : "mois de loyer";

    public string FormatDebt(decimal value) => WithAmounts ? SignalText.Euros(value) : $"{value.ToString("0.#", French)}\u00a0mois";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>A rounded top for an axis, so that ticks fall on round figures.</summary>
    public static decimal NiceMax(decimal max)
    {
        if (max <= 0)
        {
            return 1m;
        }

        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)max)));
        foreach (var step in new[] { 1m, 2m, 2.5m, 5m, 10m })
        {
            if (max <= step * magnitude)
            {
                return step * magnitude;
            }
        }

        return 10m * magnitude;
    }

    public decimal DebtMax => NiceMax(Rows.Count == 0 ? 0m : Rows.Max(DebtValue));

    public decimal AmountMax => NiceMax(Rows.Count == 0 ? 0m : Rows.Max(r => Math.Max(r.Billed ?? 0m, (r.Paid ?? 0m) + (r.HousingBenefit ?? 0m))));

    /// <summary>The horizontal centre of a month's slot.</summary>
    public double X(int index) => Left + (SlotWidth * (index + 0.5));

    public double SlotWidth => (double)PlotWidth / Math.Max(Rows.Count, 1);

    public static double Y(decimal value, decimal max) => BaseLine - ((double)(value / max) * PlotHeight);

    /// <summary>The points of the debt line ("x,y x,y…").</summary>
    public string DebtPoints()
    {
        var max = DebtMax;
        return string.Join(' ', Rows.Select((r, i) => $"{Fmt(X(i))},{Fmt(Y(DebtValue(r), max))}"));
    }

    /// <summary>The area under the debt line, closed on the base line.</summary>
    public string DebtArea() => Rows.Count == 0 ? "" : $"{Fmt(X(0))},{BaseLine} {DebtPoints()} {Fmt(X(Rows.Count - 1))},{BaseLine}";

    /// <summary>Four horizontal ticks (0, ¼, ½, ¾ and the top) with their labels.</summary>
    public IEnumerable<(double Y, string Label)> Ticks(decimal max, Func<decimal, string> label) =>
        Enumerable.Range(0, 5).Select(k => (Y(max * k / 4, max), label(max * k / 4)));

    /// <summary>A label every few months so that they never overlap (every 6 months on 36 months).</summary>
    public IEnumerable<(double X, string Label)> MonthLabels()
    {
        var every = Math.Max(1, (int)Math.Ceiling(Rows.Count / 6.0));
        for (var i = Rows.Count - 1; i >= 0; i -= every)
        {
            yield return (X(i), ShortMonth(Rows[i].Month));
        }
    }

    public static string ShortMonth(DateOnly month) => month.ToString("MMM yy", French);

    public static string Fmt(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Euros(decimal? amount) => amount is { } a ? SignalText.Euros(a) : "";

    /// <summary>The charts' text description: where the debt started, where it is, its highest point.</summary>
    public string Description()
    {
        if (Rows.Count == 0)
        {
            return "Aucun mois au quittancement.";
        }

        var first = Rows[0];
        var last = Rows[^1];
        var peak = Rows.MaxBy(DebtValue)!;
        var unpaid = Rows.Count(r => r.Unpaid);
        return $"Dette de {FormatDebt(DebtValue(first))} en {SignalText.Month(first.Month)}, {FormatDebt(DebtValue(last))} en {SignalText.Month(last.Month)} ; "
            + $"au plus haut {FormatDebt(DebtValue(peak))} en {SignalText.Month(peak.Month)}. "
            + $"{SignalText.Count(unpaid, "mois", "mois")} sur {Rows.Count} non entièrement réglé{(unpaid > 1 ? "s" : "")}.";
    }
}
