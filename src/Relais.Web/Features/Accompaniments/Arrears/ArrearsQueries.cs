using Microsoft.EntityFrameworkCore;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>
/// What the caller may see of the arrears follow-up: amounts only for the roles of
/// <see cref="RolePermissions.SeesDebtAmounts"/> (field agents only when the organisation allows it), decided here on the
/// server; and the organisation's plan thresholds.
/// </summary>
public sealed class ArrearsAccess(RelaisDbContext db, CurrentUser me, TimeProvider clock)
{
    private OutreachSettings? _settings;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<OutreachSettings> SettingsAsync(CancellationToken ct) => _settings ??= await OutreachSettingsStore.ReadAsync(db, ct);

    public async Task<bool> SeesAmountsAsync(CancellationToken ct)
    {
        if (me.Role is not { } role)
        {
            return false;
        }

        var organisationAllows = role == Role.FieldAgent && (await SettingsAsync(ct)).FieldAgentsSeeDebtAmounts;
        return RolePermissions.SeesDebtAmounts(role, organisationAllows);
    }
}

/// <summary>The eviction procedure of a file: its stages in the order they happened, the current one and what comes next.</summary>
public sealed record EvictionView(IReadOnlyList<EvictionStep> Steps)
{
    /// <summary>The latest stage (by date, then in legal order); null when no procedure was ever noted.</summary>
    public EvictionStep? Current => Steps.Count == 0 ? null : Steps[^1];

    /// <summary>A procedure is going on when a stage was noted and the last one is not its end.</summary>
    public bool Ongoing => Current is { Stage: not EvictionStage.Stopped };

    /// <summary>The next date of the current stage: the one noted, otherwise the legal delay.</summary>
    public (DateOnly Due, string What)? Deadline => Current is not { } c || !Ongoing
        ? null
        : c.NextOn is { } next ? (next, EvictionText.NextLabel(c.Stage)) : ArrearsRules.LegalDeadline(c.Stage, c.On);

    public static EvictionView Of(IEnumerable<EvictionStep> steps) =>
        new(steps.OrderBy(s => s.On).ThenBy(s => (int)s.Stage).ThenBy(s => s.CreatedAt).ToList());
}

public static class EvictionText
{
    /// <summary>What the "next date" of a stage is.</summary>
    public static string NextLabel(EvictionStage stage) => stage switch
    {
        EvictionStage.PaymentOrder => "Fin du délai du commandement de payer",
        EvictionStage.CcapexReferral => "Examen de la situation par la CCAPEX",
        EvictionStage.Summons => "Audience",
        EvictionStage.Hearing => "Jugement attendu (délibéré)",
        EvictionStage.Judgment => "Date fixée par le jugement",
        EvictionStage.OrderToLeave => "Date limite pour quitter les lieux",
        EvictionStage.PoliceAssistanceRequested => "Réponse du préfet attendue",
        EvictionStage.PoliceAssistanceGranted => "Date prévue de l’expulsion",
        _ => "Prochaine date",
    };
}

public static class ArrearsQueries
{
    /// <summary>
    /// The state of each plan of <paramref name="plans"/>: its instalments (those due up to <paramref name="dueUpTo"/>
    /// when given) checked against the ledger months of the file's household, in two queries (plans; instalments
    /// left-joined to the ledger on its key).
    /// </summary>
    public static Task<List<PlanState>> PlanStatesAsync(RelaisDbContext db, IQueryable<RepaymentPlan> plans, DateOnly today,
        OutreachSettings settings, DateOnly? dueUpTo, CancellationToken ct) =>
        PlanStatesAsync(db, plans, today, () => Task.FromResult(settings), dueUpTo, ct);

    /// <param name="settingsAsync">The organisation's settings, asked for only when there is a plan to judge.</param>
    public static async Task<List<PlanState>> PlanStatesAsync(RelaisDbContext db, IQueryable<RepaymentPlan> plans, DateOnly today,
        Func<Task<OutreachSettings>> settingsAsync, DateOnly? dueUpTo, CancellationToken ct)
    {
        var planList = await plans.AsNoTracking().ToListAsync(ct);
        return await PlanStatesAsync(db, planList, plans, today, settingsAsync, dueUpTo, ct);
    }

    /// <param name="planList">The plans of <paramref name="plans"/>, already read (with other parts of a page).</param>
    public static async Task<List<PlanState>> PlanStatesAsync(RelaisDbContext db, IReadOnlyList<RepaymentPlan> planList, IQueryable<RepaymentPlan> plans,
        DateOnly today, Func<Task<OutreachSettings>> settingsAsync, DateOnly? dueUpTo, CancellationToken ct)
    {
        if (planList.Count == 0)
        {
            return [];
        }

        var settings = await settingsAsync();

        // The plans again as a subquery, rather than a list of ids: a detection run reads every plan in progress.
        var ids = plans.Select(p => p.Id);
        var instalments = db.RepaymentInstalments.AsNoTracking().Where(i => ids.Contains(i.PlanId));
        if (dueUpTo is { } upTo)
        {
            instalments = instalments.Where(i => i.DueOn <= upTo);
        }

        var rows = await (
                from i in instalments
                join p in db.RepaymentPlans on i.PlanId equals p.Id
                join a in db.Accompaniments on p.AccompanimentId equals a.Id
                join l in db.RentLedgerLines on new { H = a.HouseholdId, M = i.Month } equals new { H = l.HouseholdId, M = l.Month } into lines
                from l in lines.DefaultIfEmpty()
                select new
                {
                    Instalment = i,
                    Billed = (decimal?)l!.Billed,
                    Paid = (decimal?)l.Paid,
                    Benefit = (decimal?)l.HousingBenefit,
                    Balance = (decimal?)l.Balance,
                })
            .ToListAsync(ct);
        var byPlan = rows.ToLookup(r => r.Instalment.PlanId);
        var states = new List<PlanState>(planList.Count);
        foreach (var plan in planList)
        {
            var ledger = new Dictionary<DateOnly, LedgerMonth>();
            foreach (var r in byPlan[plan.Id])
            {
                if (r.Billed is { } billed)
                {
                    ledger[r.Instalment.Month] = new LedgerMonth(billed, r.Paid ?? 0m, r.Benefit ?? 0m, r.Balance ?? 0m);
                }
            }

            states.Add(ArrearsRules.Evaluate(plan, byPlan[plan.Id].Select(r => r.Instalment), ledger, today, settings));
        }

        return states;
    }
}
