namespace Relais.Features.Signals;

/// <summary>One month of a household's rent account, as the rules read it.</summary>
public readonly record struct LedgerPoint(DateOnly Month, decimal Billed, decimal Paid, decimal HousingBenefit, decimal Balance);

/// <summary>The organisation's thresholds (from <see cref="OutreachSettings"/>), read once per detection run.</summary>
public sealed record RuleThresholds(bool FirstUnpaidMonth, decimal DebtMonths, int DebtRisingMonths, bool HousingBenefitStopped)
{
    public static RuleThresholds From(OutreachSettings s) =>
        new(s.FirstUnpaidMonthEnabled, s.DebtMonthsThreshold, s.DebtRisingMonths, s.HousingBenefitStoppedEnabled);
}

/// <summary>
/// What a rule found for one household at the reference month. <see cref="EpisodeStart"/> is the first month of the
/// situation it describes (first unpaid month, first month above the threshold, first month of the rise, first month
/// without benefit), or null when the situation already held at the first month read: detection raises one signal per
/// episode, not one per month while the situation lasts.
/// </summary>
public sealed record RaisedSignal(
    SignalType Type,
    SignalSeverity Severity,
    string Explanation,
    string PublicExplanation,
    decimal? DebtAmount,
    DateOnly? EpisodeStart);

/// <summary>
/// The ledger rules (repérage), evaluated in memory on the last months of one household. Pure functions: the detection
/// run streams the ledger and calls <see cref="Evaluate"/> once per household.
/// <para>
/// Definitions:
/// <list type="bullet">
/// <item>An <b>unpaid month</b> ends with a balance owed (&gt; 0) or has paid + housing benefit below what was billed.</item>
/// <item><b>Months of rent</b>: the balance divided by the average billed (rent and charges) of the last 3 months.</item>
/// <item>Only the trailing run of consecutive months is read: a missing month ends what the rules can know.</item>
/// </list>
/// </para>
/// <para>
/// Severity (documented here, shown in the list):
/// <list type="bullet">
/// <item>Premier impayé: <b>faible</b> — an early sign, usually a slip, worth a light touch.</item>
/// <item>Dette importante (≥ N months of rent): <b>moyenne</b>; <b>élevée</b> when the debt reaches twice the threshold or is
/// also rising K months in a row.</item>
/// <item>Dette en hausse (K months in a row): <b>moyenne</b>; <b>élevée</b> when the debt is also above the threshold.</item>
/// <item>Arrêt de l'aide au logement: <b>moyenne</b> (the rent the household pays jumps at once); <b>élevée</b> when the household
/// already owes at least one month of rent.</item>
/// </list>
/// </para>
/// </summary>
public static class SignalRules
{
    /// <summary>
    /// A first unpaid month counts only after a clean history: every month read before it is without any unpaid month,
    /// and there are at least this many (two, so that a new tenant's early slip is seen too).
    /// </summary>
    public const int CleanHistoryMonths = 2;

    /// <summary>"First unpaid month" is about a recent slip: its first unpaid month is one of the last 3 months.</summary>
    public const int FirstUnpaidRecentMonths = 3;

    /// <summary>Months averaged to turn a debt into "months of rent".</summary>
    public const int RentAverageMonths = 3;

    /// <summary>Amounts below half a cent are rounding noise (SQLite stores amounts as floating point).</summary>
    private const decimal Cent = 0.005m;

    /// <summary>Detection reads at least half a year: the "clean history" before a first unpaid month is read on it.</summary>
    public const int MinimumWindowMonths = 6;

    /// <summary>How many months (ending at the reference month) detection reads per household.</summary>
    public static int WindowMonths(RuleThresholds t) =>
        Math.Max(MinimumWindowMonths, Math.Max(CleanHistoryMonths + FirstUnpaidRecentMonths, t.DebtRisingMonths + 2));

    /// <summary>The rule's part of <see cref="Signal.RuleKey"/>; the key is rule, household and reference month.</summary>
    public static string RuleName(SignalType type) => type switch
    {
        SignalType.FirstUnpaidMonth => "first-unpaid",
        SignalType.DebtThreshold => "debt-months",
        SignalType.DebtRising => "debt-rising",
        SignalType.HousingBenefitStopped => "benefit-stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a ledger rule."),
    };

    public static string RuleKey(SignalType type, Guid householdId, DateOnly month) =>
        $"{RuleName(type)}:{householdId:N}:{month:yyyy-MM}";

    /// <summary>
    /// Evaluates every enabled rule on <paramref name="history"/> (ascending months; the last one is the reference month)
    /// and adds what they raise to <paramref name="raised"/>.
    /// </summary>
    public static void Evaluate(ReadOnlySpan<LedgerPoint> history, RuleThresholds t, List<RaisedSignal> raised)
    {
        if (history.IsEmpty)
        {
            return;
        }

        var first = history.Length - 1;
        while (first > 0 && history[first - 1].Month.AddMonths(1) == history[first].Month)
        {
            first--;
        }

        var h = history[first..];
        var n = h.Length;
        var last = h[n - 1];
        var debt = last.Balance > Cent ? last.Balance : 0m;
        var rent = AverageBilled(h, n - 1);
        var ratio = rent > 0 ? debt / rent : 0m;
        var rising = RisingStreak(h);

        if (t.FirstUnpaidMonth)
        {
            FirstUnpaid(h, debt, raised);
        }

        if (t.DebtMonths > 0 && rent > 0 && debt > 0 && ratio >= t.DebtMonths)
        {
            var run = 0;
            for (var i = n - 1; i >= 0; i--)
            {
                var average = AverageBilled(h, i);
                if (average <= 0 || h[i].Balance <= Cent || h[i].Balance / average < t.DebtMonths)
                {
                    break;
                }

                run++;
            }

            var risingToo = t.DebtRisingMonths > 0 && rising >= t.DebtRisingMonths;
            var suffix = rising >= 2 ? $", en hausse depuis {SignalText.MonthCount(rising)}" : "";
            var publicText = ratio > t.DebtMonths
                ? $"Dette de plus de {SignalText.Threshold(t.DebtMonths)}\u00a0mois de loyer"
                : $"Dette de {SignalText.Threshold(t.DebtMonths)}\u00a0mois de loyer";
            raised.Add(new RaisedSignal(
                SignalType.DebtThreshold,
                ratio >= 2 * t.DebtMonths || risingToo ? SignalSeverity.High : SignalSeverity.Medium,
                $"Dette de {SignalText.Euros(debt)} soit {SignalText.Months(ratio)}\u00a0mois de loyer{suffix}",
                publicText + suffix,
                debt,
                run < n ? h[n - run].Month : null));
        }

        if (t.DebtRisingMonths > 0 && debt > 0 && rising >= t.DebtRisingMonths)
        {
            var from = h[n - 1 - rising];
            var aboveThreshold = t.DebtMonths > 0 && rent > 0 && ratio >= t.DebtMonths;
            raised.Add(new RaisedSignal(
                SignalType.DebtRising,
                aboveThreshold ? SignalSeverity.High : SignalSeverity.Medium,
                $"Dette en hausse depuis {SignalText.MonthCount(rising)} : de {SignalText.Euros(Math.Max(from.Balance, 0m))} en {SignalText.Month(from.Month)} "
                    + $"à {SignalText.Euros(debt)} en {SignalText.Month(last.Month)}"
                    + (rent > 0 ? $", soit {SignalText.Months(ratio)}\u00a0mois de loyer" : ""),
                $"Dette en hausse depuis {SignalText.MonthCount(rising)}",
                debt,
                rising < n - 1 ? h[n - rising].Month : null));
        }

        if (t.HousingBenefitStopped && last.HousingBenefit <= Cent && last.Billed > Cent)
        {
            var stopped = 0;
            while (stopped < n && h[n - 1 - stopped].HousingBenefit <= Cent)
            {
                stopped++;
            }

            if (stopped < n)
            {
                var lastPaid = h[n - 1 - stopped];
                var start = h[n - stopped].Month;
                raised.Add(new RaisedSignal(
                    SignalType.HousingBenefitStopped,
                    rent > 0 && debt >= rent ? SignalSeverity.High : SignalSeverity.Medium,
                    $"Aide au logement arrêtée depuis {SignalText.Month(start)} ({SignalText.Euros(lastPaid.HousingBenefit)} versés en {SignalText.Month(lastPaid.Month)})"
                        + (debt > 0 ? $", dette de {SignalText.Euros(debt)}" : ""),
                    $"Aide au logement arrêtée depuis {SignalText.Month(start)}",
                    debt > 0 ? debt : null,
                    start));
            }
        }
    }

    private static void FirstUnpaid(ReadOnlySpan<LedgerPoint> h, decimal debt, List<RaisedSignal> raised)
    {
        var n = h.Length;
        var run = 0;
        while (run < n && Unpaid(h[n - 1 - run]))
        {
            run++;
        }

        var clean = n - run;
        if (run == 0 || run > FirstUnpaidRecentMonths || clean < CleanHistoryMonths)
        {
            return;
        }

        for (var i = 0; i < clean; i++)
        {
            if (Unpaid(h[i]))
            {
                return;
            }
        }

        var s = h[clean];
        var shortfall = s.Billed - s.Paid - s.HousingBenefit;
        var what = shortfall > Cent
            ? $"{SignalText.Euros(shortfall)} non réglés sur {SignalText.Euros(s.Billed)} de loyer et charges"
            : $"solde débiteur de {SignalText.Euros(s.Balance)}";
        var since = $"après au moins {SignalText.MonthCount(clean)} sans impayé";
        raised.Add(new RaisedSignal(
            SignalType.FirstUnpaidMonth,
            SignalSeverity.Low,
            $"Premier impayé en {SignalText.Month(s.Month)} {since} : {what}"
                + (run > 1 && debt > 0 ? $" ; dette de {SignalText.Euros(debt)} en {SignalText.Month(h[n - 1].Month)}" : ""),
            $"Premier impayé en {SignalText.Month(s.Month)}, {since}",
            debt > 0 ? debt : null,
            s.Month));
    }

    private static bool Unpaid(LedgerPoint p) => p.Balance > Cent || p.Paid + p.HousingBenefit < p.Billed - Cent;

    /// <summary>Average billed over the <see cref="RentAverageMonths"/> months ending at <paramref name="index"/> (fewer when the history is shorter).</summary>
    private static decimal AverageBilled(ReadOnlySpan<LedgerPoint> h, int index)
    {
        var from = Math.Max(0, index - RentAverageMonths + 1);
        var sum = 0m;
        for (var i = from; i <= index; i++)
        {
            sum += h[i].Billed;
        }

        return sum / (index - from + 1);
    }

    /// <summary>Consecutive months, ending at the last one, whose balance is higher than the month before.</summary>
    private static int RisingStreak(ReadOnlySpan<LedgerPoint> h)
    {
        var streak = 0;
        for (var i = h.Length - 1; i >= 1 && h[i].Balance > h[i - 1].Balance + Cent; i--)
        {
            streak++;
        }

        return streak;
    }
}
