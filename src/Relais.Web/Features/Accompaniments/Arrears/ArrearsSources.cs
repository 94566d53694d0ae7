using Microsoft.EntityFrameworkCore;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>
/// The arrears follow-up's events in the file's timeline: the plan and its instalments (those due so far and the next
/// one), the FSL requests and their decisions, the over-indebtedness file, each stage of the eviction procedure and the
/// next date of the current one. Amounts only for readers who may see them.
/// </summary>
public sealed class ArrearsTimeline(RelaisDbContext db, ArrearsAccess access) : IAccompanimentTimelineSource
{
    /// <summary>The file page's section the events link to.</summary>
    public const string Anchor = "impayes";

    public async Task<IReadOnlyList<TimelineEvent>> EventsAsync(FileHeader file, CancellationToken ct)
    {
        var settings = await access.SettingsAsync(ct);
        var sees = await access.SeesAmountsAsync(ct);
        var today = access.Today;
        string Amount(decimal amount, string before = " de ") => sees ? before + ArrearsRules.Euros(amount) : "";

        var events = new List<TimelineEvent>();
        var plans = await ArrearsQueries.PlanStatesAsync(db, db.RepaymentPlans.Where(p => p.AccompanimentId == file.Id), today, settings, null, ct);
        foreach (var state in plans)
        {
            var p = state.Plan;
            events.Add(new(p.AgreedOn, 41, "Plan d’apurement",
                $"Plan d’apurement convenu avec {ArrearsText.AgreedWith(p)} : {ArrearsText.Count(state.Instalments.Count, "échéance", "échéances")}{Amount(p.TotalDebt, " pour ")}",
                p.Note, Anchor));
            var next = p.Status == PlanStatus.Active ? state.Next(today) : null;
            foreach (var c in state.Instalments)
            {
                var i = c.Instalment;
                if (c == next)
                {
                    events.Add(new(i.DueOn, 42, "Échéance", $"Prochaine échéance du plan (n° {i.Number}{Amount(i.Amount)})", null, Anchor));
                }
                else if (i.DueOn <= today && (c.Judged || p.Status == PlanStatus.Active))
                {
                    events.Add(new(i.DueOn, 42, "Échéance", $"Échéance n° {i.Number} du plan{Amount(i.Amount)} : {c.Effective.Label().ToLowerInvariant()}",
                        ArrearsText.Verdict(c), Anchor));
                }
            }

            if (p.EndedOn is { } ended && p.Status != PlanStatus.Active)
            {
                events.Add(new(ended, 43, "Plan d’apurement", $"Plan d’apurement {p.Status.Label().ToLowerInvariant()}", null, Anchor));
            }
        }

        var fsl = await db.FslRequests.AsNoTracking().Where(f => f.AccompanimentId == file.Id).ToListAsync(ct);
        foreach (var f in fsl)
        {
            events.Add(new(f.FiledOn, 44, "FSL", $"Demande au FSL déposée ({f.Purpose.Label().ToLowerInvariant()}){Amount(f.AmountRequested, " : ")}", f.Note, Anchor));
            if (f.Decision != FslDecision.Pending && f.DecisionOn is { } decided)
            {
                var granted = f.Decision == FslDecision.Granted && f.AmountGranted is { } g ? Amount(g, " : ") : "";
                events.Add(new(decided, 45, "FSL", $"FSL {f.Decision.Label().ToLowerInvariant()}{granted}", null, Anchor));
            }
        }

        var files = await db.OverIndebtednessFiles.AsNoTracking().Where(f => f.AccompanimentId == file.Id).ToListAsync(ct);
        foreach (var f in files)
        {
            events.Add(new(f.FiledOn, 46, "Surendettement", "Dossier de surendettement déposé à la Banque de France", f.Note, Anchor));
            if (f.AdmissibilityOn is { } admissibility)
            {
                var admissible = f.Status != OverIndebtednessStatus.Inadmissible;
                events.Add(new(admissibility, 47, "Surendettement", admissible ? "Dossier de surendettement déclaré recevable" : "Dossier de surendettement déclaré irrecevable", null, Anchor));
            }

            if (f.OutcomeOn is { } outcome && f.Status is OverIndebtednessStatus.Measures or OverIndebtednessStatus.PersonalRecovery)
            {
                events.Add(new(outcome, 48, "Surendettement", $"Surendettement : {f.Status.Label().ToLowerInvariant()}", null, Anchor));
            }
        }

        var eviction = EvictionView.Of(await db.EvictionSteps.AsNoTracking().Where(s => s.AccompanimentId == file.Id).ToListAsync(ct));
        foreach (var s in eviction.Steps)
        {
            events.Add(new(s.On, 60 + (int)s.Stage, "Procédure d’expulsion", s.Stage.Label(), s.Note, Anchor));
        }

        if (eviction.Deadline is { } deadline && file.IsOpen)
        {
            events.Add(new(deadline.Due, 69, "Procédure d’expulsion", deadline.What, null, Anchor));
        }

        return events;
    }
}

/// <summary>
/// "Mes échéances" of the arrears follow-up: instalments missed that the worker has not looked at yet (a verdict,
/// even a confirmation, takes them off the list) and those due soon; the next date of an eviction procedure; FSL
/// requests still awaiting their decision two months after they were filed.
/// </summary>
public sealed class ArrearsDeadlines(RelaisDbContext db, ArrearsAccess access) : IAccompanimentDeadlineSource
{
    public string Heading => "Impayés et procédures";
    public int Order => 30;

    public async Task<IReadOnlyList<Deadline>> DeadlinesAsync(IReadOnlyList<DeadlineFile> files, DateOnly today, DateOnly horizon, CancellationToken ct)
    {
        var sees = await access.SeesAmountsAsync(ct);
        var ids = files.Select(f => f.Id).ToList();
        var found = new List<Deadline>();

        var plans = await ArrearsQueries.PlanStatesAsync(db, db.RepaymentPlans.Where(p => ids.Contains(p.AccompanimentId) && p.Status == PlanStatus.Active),
            today, () => access.SettingsAsync(ct), horizon, ct);
        var graceDays = plans.Count == 0 ? 0 : (await access.SettingsAsync(ct)).RepaymentPlanGraceDays; // read once, by the plans' rule
        foreach (var state in plans)
        {
            foreach (var c in state.Instalments.Where(c => c.Instalment.Verdict is null))
            {
                var i = c.Instalment;
                var amount = sees ? $" ({ArrearsRules.Euros(i.Amount)})" : "";
                switch (c.Computed)
                {
                    case InstalmentState.Missed:
                        found.Add(new(i.DueOn, state.Plan.AccompanimentId, $"Échéance n° {i.Number} du plan d’apurement non respectée{amount}",
                            "Selon le quittancement : à confirmer ou corriger dans le suivi des impayés", ArrearsTimeline.Anchor));
                        break;
                    case InstalmentState.Upcoming or InstalmentState.InGrace:
                        found.Add(new(i.DueOn, state.Plan.AccompanimentId, $"Échéance n° {i.Number} du plan d’apurement{amount}",
                            c.Computed == InstalmentState.InGrace
                                ? $"Pas encore réglée au quittancement ; délai de grâce jusqu’au {FileFormat.Date(i.DueOn.AddDays(graceDays))}"
                                : "À payer en plus du loyer du mois", ArrearsTimeline.Anchor));
                        break;
                }
            }
        }

        var steps = await db.EvictionSteps.AsNoTracking().Where(s => ids.Contains(s.AccompanimentId)).ToListAsync(ct);
        foreach (var group in steps.GroupBy(s => s.AccompanimentId))
        {
            var eviction = EvictionView.Of(group);
            if (eviction.Deadline is { } d && d.Due <= horizon)
            {
                found.Add(new(d.Due, group.Key, d.What, $"Procédure d’expulsion : {eviction.Current!.Stage.Label().ToLowerInvariant()} du {FileFormat.Date(eviction.Current.On)}", ArrearsTimeline.Anchor));
            }
        }

        var filedBefore = horizon.AddMonths(-ArrearsRules.FslAwaitedMonths);
        var fsl = await db.FslRequests.AsNoTracking()
            .Where(f => ids.Contains(f.AccompanimentId) && f.Decision == FslDecision.Pending && f.FiledOn <= filedBefore)
            .Select(f => new { f.AccompanimentId, f.FiledOn, f.Purpose })
            .ToListAsync(ct);
        found.AddRange(fsl.Select(f => new Deadline(f.FiledOn.AddMonths(ArrearsRules.FslAwaitedMonths), f.AccompanimentId,
            "Demande au FSL sans décision depuis deux mois : relancer", $"Déposée le {FileFormat.Date(f.FiledOn)} ({f.Purpose.Label().ToLowerInvariant()})", ArrearsTimeline.Anchor)));
        return found;
    }
}

/// <summary>
/// The repayment plan rule of the signal detection: a plan in progress, on an open file, whose last
/// <see cref="OutreachSettings.RepaymentPlanMissedInstalments"/> judged instalments or more were missed raises
/// "plan d'apurement non respecté", once per run of missed instalments (the rule key names the plan and the month of
/// the first missed instalment of the run: a new run, after a respected instalment, is a new signal).
/// </summary>
public sealed class RepaymentPlanBrokenRule(RelaisDbContext db, TimeProvider clock) : ILedgerSignalRule
{
    public const string RuleName = "plan-broken";

    public static string RuleKey(Guid planId, DateOnly firstMissed) => $"{RuleName}:{planId:N}:{firstMissed:yyyy-MM}";

    public async Task<IReadOnlyList<Signal>> DetectAsync(DateOnly referenceMonth, OutreachSettings settings, CancellationToken ct)
    {
        if (settings.RepaymentPlanMissedInstalments <= 0)
        {
            return [];
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var plans = db.RepaymentPlans.Where(p => p.Status == PlanStatus.Active && p.Accompaniment!.Status == AccompanimentStatus.Open);
        var broken = (await ArrearsQueries.PlanStatesAsync(db, plans, today, settings, today, ct)).Where(s => s.Broken).ToList();
        if (broken.Count == 0)
        {
            return [];
        }

        var files = broken.Select(s => s.Plan.AccompanimentId).Distinct().ToList();
        var households = await db.Accompaniments.AsNoTracking().Where(a => files.Contains(a.Id))
            .Select(a => new { a.Id, a.HouseholdId }).ToDictionaryAsync(a => a.Id, a => a.HouseholdId, ct);
        var steps = await db.EvictionSteps.AsNoTracking().Where(s => files.Contains(s.AccompanimentId)).ToListAsync(ct);
        var evictions = steps.GroupBy(s => s.AccompanimentId).ToDictionary(g => g.Key, g => EvictionView.Of(g).Ongoing);

        var signals = new List<Signal>(broken.Count);
        foreach (var state in broken)
        {
            var first = state.FirstMissedOfRun!.Instalment;
            var missed = ArrearsText.Count(state.MissedRun, "échéance impayée", "échéances impayées");
            var text = $"Plan d’apurement non respecté : {missed} depuis {ArrearsRules.Month(first.DueOn)}";
            var evictionOngoing = evictions.GetValueOrDefault(state.Plan.AccompanimentId);
            signals.Add(new Signal
            {
                HouseholdId = households[state.Plan.AccompanimentId],
                Type = SignalType.RepaymentPlanBroken,
                Severity = evictionOngoing || state.MissedRun >= 2 ? SignalSeverity.High : SignalSeverity.Medium,
                Explanation = $"{text} (reste dû {ArrearsRules.Euros(state.Remaining)})" + (evictionOngoing ? ", procédure d’expulsion en cours" : ""),
                PublicExplanation = text + (evictionOngoing ? ", procédure d’expulsion en cours" : ""),
                DebtAmount = state.Remaining,
                RuleKey = RuleKey(state.Plan.Id, first.Month),
                LedgerMonth = referenceMonth,
                ReportedByName = "Suivi des impayés",
            });
        }

        return signals;
    }
}

public static class ArrearsText
{
    /// <summary>"le bailleur (service contentieux)".</summary>
    public static string AgreedWith(RepaymentPlan p)
    {
        var who = p.AgreedWith switch
        {
            PlanCounterparty.Landlord => "le bailleur",
            PlanCounterparty.OverIndebtednessCommission => "la commission de surendettement",
            PlanCounterparty.Court => "le tribunal",
            _ => p.AgreedWithDetail ?? "un autre organisme",
        };
        return p.AgreedWith != PlanCounterparty.Other && !string.IsNullOrEmpty(p.AgreedWithDetail) ? $"{who} ({p.AgreedWithDetail})" : who;
    }

    /// <summary>"1 échéance", "12 échéances".</summary>
    public static string Count(int count, string singular, string plural) => SignalText.Count(count, singular, plural);

    /// <summary>The worker's verdict in words, when there is one.</summary>
    public static string? Verdict(InstalmentCheck c)
    {
        var i = c.Instalment;
        if (i.Verdict is null)
        {
            return null;
        }

        var what = c.Overridden ? "Corrigé" : "Confirmé";
        var when = i.VerdictOn is { } on ? $" le {FileFormat.Date(on)}" : "";
        return $"{what} par {i.VerdictByName}{when}" + (string.IsNullOrEmpty(i.VerdictReason) ? "" : $" : {i.VerdictReason}");
    }
}
