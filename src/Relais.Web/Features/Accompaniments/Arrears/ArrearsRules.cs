using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Relais.Features.Signals;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>Where an instalment stands. Stored nowhere: computed from the ledger each time it is read.</summary>
public enum InstalmentState
{
    [Display(Name = "À venir")] Upcoming = 0,
    [Display(Name = "Délai de grâce")] InGrace = 1,
    [Display(Name = "Quittancement du mois pas encore importé")] AwaitingLedger = 2,
    [Display(Name = "Respectée")] Respected = 3,
    [Display(Name = "Non respectée")] Missed = 4,
}

/// <summary>The month of the ledger an instalment is checked against.</summary>
public readonly record struct LedgerMonth(decimal Billed, decimal Paid, decimal HousingBenefit, decimal Balance)
{
    /// <summary>What the household itself owes for the month's rent: billed minus the housing benefit paid to the landlord.</summary>
    public decimal RentDue => Math.Max(0m, Billed - HousingBenefit);
}

/// <summary>An instalment with what the ledger says of its month, and the verdict that holds.</summary>
public sealed record InstalmentCheck(RepaymentInstalment Instalment, LedgerMonth? Ledger, InstalmentState Computed)
{
    /// <summary>The worker's verdict when there is one, otherwise the computed state.</summary>
    public InstalmentState Effective => Instalment.Verdict switch
    {
        InstalmentVerdict.Respected => InstalmentState.Respected,
        InstalmentVerdict.Missed => InstalmentState.Missed,
        _ => Computed,
    };

    /// <summary>What had to be paid in the month for the instalment to be respected: the rent due plus the instalment.</summary>
    public decimal? Expected => Ledger is { } l ? l.RentDue + Instalment.Amount : null;

    public bool Overridden => Instalment.Verdict is not null && Effective != Computed;

    public bool Judged => Effective is InstalmentState.Respected or InstalmentState.Missed;
}

/// <summary>Where a plan stands: its checked instalments, the run of missed ones at the end, whether it is broken.</summary>
public sealed record PlanState(RepaymentPlan Plan, IReadOnlyList<InstalmentCheck> Instalments, int MissedRun, InstalmentCheck? FirstMissedOfRun, bool Broken)
{
    public int Respected => Instalments.Count(i => i.Effective == InstalmentState.Respected);
    public int Missed => Instalments.Count(i => i.Effective == InstalmentState.Missed);

    /// <summary>What remains to repay: the debt minus the instalments respected.</summary>
    public decimal Remaining => Math.Max(0m, Plan.TotalDebt - Instalments.Where(i => i.Effective == InstalmentState.Respected).Sum(i => i.Instalment.Amount));

    public DateOnly? LastDue => Instalments.Count == 0 ? null : Instalments[^1].Instalment.DueOn;

    public InstalmentCheck? Next(DateOnly today) => Instalments.FirstOrDefault(i => i.Instalment.DueOn >= today && !i.Judged);
}

/// <summary>
/// The rules of the arrears follow-up, in one place:
/// <list type="bullet">
/// <item>An instalment is <b>respected</b> when the household paid, in the month it is due, at least the rent it owes for
/// that month (billed minus housing benefit) plus the instalment, give or take <see cref="Tolerance"/>.</item>
/// <item>It is <b>missed</b> when the ledger of its month shows less, once its due date plus the organisation's grace
/// days (<see cref="OutreachSettings.RepaymentPlanGraceDays"/>) have passed; until then it is in its grace period. With
/// no ledger line for its month yet, it waits for the next import.</item>
/// <item>The worker's verdict (confirmed or corrected, with a reason) takes precedence over the computation.</item>
/// <item>A plan in progress is <b>broken</b> when its last judged instalments are
/// <see cref="OutreachSettings.RepaymentPlanMissedInstalments"/> or more missed ones in a row.</item>
/// </list>
/// </summary>
public static class ArrearsRules
{
    /// <summary>A payment this close to what was expected counts as made (rounding, bank fees, a few euros short).</summary>
    public const decimal Tolerance = 5m;

    public const decimal MaxAmount = 1_000_000m;
    public const int MaxInstalments = 120;

    /// <summary>"Mes échéances" lists an FSL request still awaiting its decision this many months after it was filed.</summary>
    public const int FslAwaitedMonths = 2;

    /// <summary>How many months of the ledger the debt history shows.</summary>
    public const int HistoryMonths = 36;

    public static InstalmentState Compute(RepaymentInstalment instalment, LedgerMonth? ledger, DateOnly today, int graceDays)
    {
        var judgedFrom = instalment.DueOn.AddDays(Math.Max(0, graceDays) + 1);
        if (ledger is { } l && l.Paid + Tolerance >= l.RentDue + instalment.Amount)
        {
            return InstalmentState.Respected;
        }

        if (today < instalment.DueOn)
        {
            return InstalmentState.Upcoming;
        }

        if (today < judgedFrom)
        {
            return InstalmentState.InGrace;
        }

        return ledger is null ? InstalmentState.AwaitingLedger : InstalmentState.Missed;
    }

    /// <summary>The state of a plan from its instalments (in order) and the ledger months of its household.</summary>
    public static PlanState Evaluate(RepaymentPlan plan, IEnumerable<RepaymentInstalment> instalments, IReadOnlyDictionary<DateOnly, LedgerMonth> ledger,
        DateOnly today, OutreachSettings settings)
    {
        var checks = instalments.OrderBy(i => i.Number)
            .Select(i =>
            {
                LedgerMonth? line = ledger.TryGetValue(i.Month, out var l) ? l : null;
                return new InstalmentCheck(i, line, Compute(i, line, today, settings.RepaymentPlanGraceDays));
            })
            .ToList();
        var last = checks.FindLastIndex(c => c.Judged);
        var run = 0;
        for (var i = last; i >= 0 && checks[i].Effective == InstalmentState.Missed; i--)
        {
            run++;
        }

        var first = run > 0 ? checks[last - run + 1] : null;
        var threshold = settings.RepaymentPlanMissedInstalments;
        return new PlanState(plan, checks, run, first, plan.Status == PlanStatus.Active && threshold > 0 && run >= threshold);
    }

    /// <summary>The legal delay that follows a stage, when the law sets one (loi du 27 juillet 2023 for the first two).</summary>
    public static (DateOnly Due, string What)? LegalDeadline(EvictionStage stage, DateOnly on) => stage switch
    {
        EvictionStage.PaymentOrder => (on.AddDays(42), "Fin du délai de six semaines du commandement de payer : le bailleur peut ensuite assigner"),
        EvictionStage.Summons => (on.AddDays(42), "Audience au plus tôt six semaines après l’assignation : préparer le diagnostic social et financier"),
        EvictionStage.OrderToLeave => (on.AddMonths(2), "Fin du délai de deux mois pour quitter les lieux"),
        EvictionStage.PoliceAssistanceRequested => (on.AddMonths(2), "Réponse du préfet attendue dans les deux mois (le silence vaut refus)"),
        _ => null,
    };

    /// <summary>What the worker can do at a stage, in a few words.</summary>
    public static string Advice(EvictionStage stage) => stage switch
    {
        EvictionStage.PaymentOrder => "Chercher une solution avant la fin du délai : plan d’apurement, demande FSL, ouverture ou rétablissement des aides au logement.",
        EvictionStage.CcapexReferral => "La CCAPEX examine la situation : lui transmettre les éléments utiles et les démarches engagées.",
        EvictionStage.Summons => "Préparer le diagnostic social et financier avec la personne et l’encourager à se présenter à l’audience.",
        EvictionStage.Hearing => "La personne peut demander des délais de paiement au juge : l’y préparer et l’accompagner.",
        EvictionStage.Judgment => "Vérifier ce que le jugement prévoit (délais, plan, résiliation du bail) et suivre son respect.",
        EvictionStage.OrderToLeave => "Chercher une solution de relogement ou de maintien ; le juge de l’exécution peut accorder des délais.",
        EvictionStage.PoliceAssistanceRequested => "Alerter les partenaires (CCAPEX, préfecture) et préparer une solution de relogement.",
        EvictionStage.PoliceAssistanceGranted => "L’expulsion peut avoir lieu hors trêve hivernale : organiser l’hébergement ou le relogement.",
        _ => "",
    };

    /// <summary>The winter truce (trêve hivernale): from 1 November to 31 March, no eviction is carried out.</summary>
    public static bool InWinterTruce(DateOnly day) => day.Month is >= 11 or <= 3;

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Reads an amount typed in French or not: "1 240", "1 240,50", "1240.5", "1 240 €". Null when it is not one.</summary>
    public static decimal? ParseAmount(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '€' && c != '\u202f' && c != '\u00a0').ToArray()).Replace(',', '.');
        return decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : null;
    }

    /// <summary>An amount as a form shows it back, without grouping: 1240.5 → "1240,50".</summary>
    public static string Input(decimal amount) =>
        amount == decimal.Truncate(amount) ? amount.ToString("0", French) : amount.ToString("0.00", French);

    /// <summary>"septembre 2026".</summary>
    public static string Month(DateOnly month) => SignalText.Month(month);

    /// <summary>"1 240 €".</summary>
    public static string Euros(decimal amount) => SignalText.Euros(amount);

    /// <summary>A month typed as yyyy-MM (month input), MM/yyyy or a full date; its first day.</summary>
    public static DateOnly? ParseMonth(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        string[] formats = ["yyyy-MM", "MM/yyyy", "M/yyyy", "MM-yyyy", "yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];
        return DateOnly.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? new DateOnly(d.Year, d.Month, 1) : null;
    }
}
