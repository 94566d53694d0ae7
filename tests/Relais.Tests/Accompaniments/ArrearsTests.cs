using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Arrears;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using Relais.Tests.Signals;
using static Relais.Tests.Accompaniments.ArrearsKit;
using static Relais.Tests.Accompaniments.FileKit;

namespace Relais.Tests.Accompaniments;

/// <summary>The arrears follow-up of a file: plan, instalments from the ledger, broken-plan signal, FSL, over-indebtedness, eviction.</summary>
public sealed class ArrearsTests
{
    private static string MonthName(DateOnly month) => SignalText.Month(month);

    /// <summary>The page's text as read (entities decoded), with plain spaces.</summary>
    private static string Text(string body) => body.Html().Body!.TextContent.Plain();

    private static string Errors(AngleSharp.Html.Dom.IHtmlDocument page) => string.Join(" | ", page.QuerySelectorAll("#erreurs li").Select(li => li.TextContent.Trim())).Plain();

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_plan_with_bad_amounts_or_dates_or_instalments_that_do_not_add_up_is_refused_in_French(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world);
        var social = await world.LoginAsync(Role.SocialWorker);
        var url = $"/Accompaniments/Arrears/Plan/{a.Id}";
        var start = MonthAgo(-1);
        var startText = $"{start:yyyy-MM}";

        // Zero and negative amounts.
        var page = (await (await social.PostFormAsync(url, PlanFields("0", startText, PlanModel.Equal, amount: "-10", count: "12"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Le montant total de la dette doit être supérieur à zéro.", Errors(page));
        Assert.Contains("Le montant d’une échéance doit être supérieur à zéro.", Errors(page));
        Assert.Equal("true", page.QuerySelector("#total")?.GetAttribute("aria-invalid"));
        Assert.Equal("Le montant total de la dette doit être supérieur à zéro.", page.QuerySelector("#total-err")?.TextContent);
        Assert.Equal("-10", page.QuerySelector("#amount")?.GetAttribute("value"));

        // Not an amount, a count out of range, no first month.
        page = (await (await social.PostFormAsync(url, PlanFields("mille", "", PlanModel.Equal, amount: "100", count: "200"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("« mille » n’est pas un montant : écrivez par exemple 1 240 ou 1 240,50.", Errors(page));
        Assert.Contains("Le nombre d’échéances doit être compris entre 1 et 120.", Errors(page));
        Assert.Contains("Indiquez le premier mois du plan.", Errors(page));

        // Equal instalments that do not cover the debt.
        page = (await (await social.PostFormAsync(url, PlanFields("1 240", startText, PlanModel.Equal, amount: "100", count: "12"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Les échéances ne couvrent pas exactement la dette : 12 × 100 € = 1 200 €, pour une dette de 1 240 € (écart de 40 €). "
            + "Par exemple 11 échéances de 100 € et une dernière de 140 €", Errors(page));

        // One by one: an instalment before the plan starts (its end before its start), out of order, then a sum short of the debt.
        var before = start.AddMonths(-1).AddDays(9);
        page = (await (await social.PostFormAsync(url, PlanFields("1240", startText, PlanModel.Detailed,
            schedule: $"{before:dd/MM/yyyy} ; 620\n{start.AddDays(9):dd/MM/yyyy} ; 620"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains($"Ligne 1 : l’échéance du {OutreachDate(before)} précède le début du plan ({MonthName(start)}).", Errors(page));
        page = (await (await social.PostFormAsync(url, PlanFields("1240", startText, PlanModel.Detailed,
            schedule: $"{start.AddMonths(1).AddDays(9):dd/MM/yyyy} ; 620\n{start.AddDays(9):dd/MM/yyyy} ; 620"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Ligne 2 : les échéances se suivent dans l’ordre des dates", Errors(page));
        page = (await (await social.PostFormAsync(url, PlanFields("1240", startText, PlanModel.Detailed,
            schedule: $"{start.AddDays(9):dd/MM/yyyy} ; 600\n{start.AddMonths(1).AddDays(9):dd/MM/yyyy} ; 0\nn’importe quoi"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Ligne 2 : le montant de l’échéance doit être supérieur à zéro.", Errors(page));
        Assert.Contains("Ligne 3 : « n’importe quoi » ne se lit pas comme « date ; montant »", Errors(page));
        page = (await (await social.PostFormAsync(url, PlanFields("1240", startText, PlanModel.Detailed,
            schedule: $"{start.AddDays(9):dd/MM/yyyy} ; 600\n{start.AddMonths(1).AddDays(9):dd/MM/yyyy} ; 600"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Les échéances totalisent 1 200 €, pour une dette de 1 240 € (écart de 40 €) : ensemble, elles doivent couvrir exactement la dette.", Errors(page));
        Assert.Equal(0, await ReadAsync(world, db => db.RepaymentPlans.CountAsync()));

        // A valid plan: 11 × 103 € and a last one of 107 €, typed in French.
        var schedule = string.Join("\n", Enumerable.Range(0, 12).Select(k => $"{start.AddMonths(k).AddDays(4):dd/MM/yyyy} ; {(k == 11 ? "107,00 €" : "103")}"));
        await (await social.PostFormAsync(url, PlanFields("1 240", startText, PlanModel.Detailed, schedule: schedule))).ShouldBe(HttpStatusCode.Redirect);
        var plan = await ReadAsync(world, db => db.RepaymentPlans.Include(p => p.Instalments).SingleAsync());
        Assert.Equal((1240m, start, PlanStatus.Active), (plan.TotalDebt, plan.StartMonth, plan.Status));
        Assert.Equal(Enumerable.Range(1, 12), plan.Instalments.OrderBy(i => i.Number).Select(i => i.Number));
        Assert.Equal(start.AddMonths(11).AddDays(4), plan.Instalments.Single(i => i.Number == 12).DueOn);
        Assert.Equal(107m, plan.Instalments.Single(i => i.Number == 12).Amount);
        var audited = await ReadAsync(world, db => db.AuditEntries.Where(e => e.OrganisationId == world.Id && e.Action == "create").Select(e => e.EntityType).ToListAsync());
        Assert.Equal(1, audited.Count(t => t == nameof(RepaymentPlan)));
        Assert.Equal(12, audited.Count(t => t == nameof(RepaymentInstalment)));

        // One plan in progress at a time.
        page = (await (await social.PostFormAsync(url, PlanFields("600", startText, PlanModel.Equal, amount: "50", count: "12"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Un plan d’apurement est déjà en cours", Errors(page));

        // Equal instalments: on the chosen day of each month.
        await (await social.PostFormAsync($"/Accompaniments/Arrears/Plan/{a.Id}/{plan.Id}", new()
        {
            ["Input.AgreedWith"] = nameof(PlanCounterparty.Court),
            ["Input.AgreedOn"] = Iso(Today),
            ["Input.Status"] = nameof(PlanStatus.Replaced),
            ["Input.EndedOn"] = Iso(Today),
            ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);
        await (await social.PostFormAsync(url, PlanFields("600", startText, PlanModel.Equal, amount: "50", count: "12", dueDay: "5"))).ShouldBe(HttpStatusCode.Redirect);
        var second = await ReadAsync(world, db => db.RepaymentPlans.Include(p => p.Instalments).SingleAsync(p => p.Status == PlanStatus.Active));
        Assert.Equal(12, second.Instalments.Count);
        Assert.All(second.Instalments, i => Assert.Equal((5, 50m), (i.DueOn.Day, i.Amount)));
        Assert.Equal(start.AddMonths(11).AddDays(4), second.Instalments.Max(i => i.DueOn));
    }

    private static string OutreachDate(DateOnly d) => FileFormat.Date(d);

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Instalments_are_respected_or_missed_from_the_ledger_and_the_worker_confirms_or_corrects_them(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world);
        var plan = await MonthlyPlanAsync(world, a.Id, 100m, 3, 2, 1);
        // Rent 620 €, housing benefit 200 €: the household owes 420 € a month, 520 € with the instalment.
        await SignalTestKit.AddLedgerAsync(world, world.NorthHousehold.Id,
        [
            new Month(620m, 420m, 200m, 300m),
            new Month(620m, 520m, 200m, 200m), // respected
            new Month(620m, 420m, 200m, 200m), // missed: the rent, not the instalment
            new Month(620m, 517m, 200m, 103m), // respected, 3 € short (within the tolerance)
        ], last: MonthAgo(1));

        var social = await world.LoginAsync(Role.SocialWorker);
        var arrearsUrl = $"/Accompaniments/Arrears/{a.Id}";
        var page = (await (await social.GetAsync(arrearsUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        string[] States(AngleSharp.Html.Dom.IHtmlDocument p) => p.QuerySelectorAll($"#plan-{plan.Id} tbody tr .badge").Select(b => b.TextContent.Trim()).ToArray();
        Assert.Equal(["Respectée", "Non respectée", "Respectée"], States(page));
        var missedRow = page.QuerySelector($"#echeance-{plan.Instalments[1].Id}")!;
        Assert.Contains("520 €", missedRow.QuerySelector("[data-label='Attendu dans le mois']")!.TextContent.Plain());
        Assert.Contains("420 €", missedRow.QuerySelector("[data-label='Payé dans le mois']")!.TextContent.Plain());
        // Missed, then respected again: the plan has resumed (the default threshold is one missed instalment in a row).
        Assert.Contains("Repris après 1 échéance impayée", page.QuerySelector($"#plan-{plan.Id} .plan-state")!.TextContent.Plain());

        // Correcting the ledger needs a reason; with one, the worker's word holds.
        var instalmentUrl = $"/Accompaniments/Arrears/Instalment/{a.Id}/{plan.Instalments[1].Id}";
        var refused = (await (await social.PostFormAsync(instalmentUrl, new() { ["Input.Verdict"] = "Respected", ["Input.Reason"] = "", ["Input.Version"] = "0" }))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Indiquez la raison de la correction.", refused.QuerySelector("#reason-err")?.TextContent);
        await (await social.PostFormAsync(instalmentUrl, new()
        {
            ["Input.Verdict"] = "Respected",
            ["Input.Reason"] = "Payé en espèces à l’agence le 28, pas encore au quittancement",
            ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);
        page = (await (await social.GetAsync(arrearsUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(["Respectée", "Respectée", "Respectée"], States(page));
        Assert.Contains("Corrigé par", page.QuerySelector($"#echeance-{plan.Instalments[1].Id}")!.TextContent);
        Assert.Contains("Respecté à ce jour", page.QuerySelector($"#plan-{plan.Instalments[1].PlanId} .plan-state")!.TextContent);

        // Confirming what the ledger says needs none; going back to the ledger clears the verdict.
        var confirmUrl = $"/Accompaniments/Arrears/Instalment/{a.Id}/{plan.Instalments[0].Id}";
        await (await social.PostFormAsync(confirmUrl, new() { ["Input.Verdict"] = "Respected", ["Input.Reason"] = "", ["Input.Version"] = "0" })).ShouldBe(HttpStatusCode.Redirect);
        await (await social.PostFormAsync(instalmentUrl, new() { ["Input.Verdict"] = InstalmentModel.Computed, ["Input.Version"] = "1" })).ShouldBe(HttpStatusCode.Redirect);
        var stored = await ReadAsync(world, db => db.RepaymentInstalments.Where(i => i.PlanId == plan.Id).OrderBy(i => i.Number).ToListAsync());
        Assert.Equal([InstalmentVerdict.Respected, null, null], stored.Select(i => i.Verdict));
        Assert.Equal([null, null, null], stored.Select(i => i.VerdictReason));
        page = (await (await social.GetAsync(arrearsUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(["Respectée", "Non respectée", "Respectée"], States(page));
        Assert.Contains("Confirmé par", page.QuerySelector($"#echeance-{plan.Instalments[0].Id}")!.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_broken_plan_raises_one_signal_and_not_again_when_detection_runs_again(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world);
        var plan = await MonthlyPlanAsync(world, a.Id, 100m, 3, 2, 1, 0, -1, -2);
        await SignalTestKit.AddLedgerAsync(world, world.NorthHousehold.Id,
        [
            new Month(620m, 420m, 200m, 600m),
            new Month(620m, 520m, 200m, 500m), // respected
            new Month(620m, 400m, 200m, 520m), // missed
            new Month(620m, 420m, 200m, 520m), // missed
        ], last: MonthAgo(1));

        // Three missed instalments needed: not broken yet.
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            db.OutreachSettings.Add(new OutreachSettings { RepaymentPlanMissedInstalments = 3 });
            await db.SaveChangesAsync();
        }

        await SignalTestKit.DetectAsync(world);
        Assert.DoesNotContain(await SignalTestKit.SignalsAsync(world), s => s.Type == SignalType.RepaymentPlanBroken);

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            (await db.OutreachSettings.SingleAsync()).RepaymentPlanMissedInstalments = 2;
            await db.SaveChangesAsync();
        }

        await SignalTestKit.DetectAsync(world);
        var signal = Assert.Single(await SignalTestKit.SignalsAsync(world), s => s.Type == SignalType.RepaymentPlanBroken);
        Assert.Equal(world.NorthHousehold.Id, signal.HouseholdId);
        Assert.Equal($"Plan d’apurement non respecté : 2 échéances impayées depuis {MonthName(MonthAgo(2))} (reste dû 500 €)", signal.Explanation.Plain());
        Assert.Equal($"Plan d’apurement non respecté : 2 échéances impayées depuis {MonthName(MonthAgo(2))}", signal.PublicExplanation.Plain());
        Assert.Equal((SignalSeverity.High, SignalSource.Ledger, SignalStatus.New, 500m), (signal.Severity, signal.Source, signal.Status, signal.DebtAmount));
        Assert.Equal(RepaymentPlanBrokenRule.RuleKey(plan.Id, MonthAgo(2)), signal.RuleKey);

        // The same run of missed instalments is not signalled twice, even once the signal is dismissed.
        await SignalTestKit.DetectAsync(world);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var s = await db.Signals.SingleAsync(x => x.Id == signal.Id);
            s.Status = SignalStatus.Dismissed;
            s.DismissReason = "Vu avec la personne";
            await db.SaveChangesAsync();
        }

        var again = await SignalTestKit.DetectAsync(world);
        Assert.Equal(0, again.SignalsRaised);
        Assert.Single(await SignalTestKit.SignalsAsync(world), s => s.Type == SignalType.RepaymentPlanBroken);

        // A plan that is no longer in progress raises nothing.
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            db.RepaymentPlans.Add(new RepaymentPlan
            {
                AccompanimentId = a.Id,
                TotalDebt = 100m,
                StartMonth = MonthAgo(2),
                AgreedOn = MonthAgo(3),
                Status = PlanStatus.Lapsed,
                EndedOn = Today,
                RecordedByName = "x",
                Instalments = [new RepaymentInstalment { Number = 1, DueOn = MonthAgo(2).AddDays(9), Month = MonthAgo(2), Amount = 100m }],
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(0, (await SignalTestKit.DetectAsync(world)).SignalsRaised);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Amounts_are_hidden_from_field_agents_unless_the_organisation_allows_them(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world);
        await MonthlyPlanAsync(world, a.Id, 235m, 2, 1, 0);
        await SignalTestKit.AddLedgerAsync(world, world.NorthHousehold.Id,
        [
            new Month(620m, 420m, 200m, 1877m),
            new Month(620m, 420m, 200m, 1877m),
            new Month(620m, 420m, 200m, 1877m),
        ], last: MonthAgo(1));
        await SignalTestKit.DetectAsync(world);
        const string remaining = "705 €";

        // The social team reads the arrears page with its amounts.
        var social = await world.LoginAsync(Role.SocialWorker);
        var arrears = Text(await (await social.GetAsync($"/Accompaniments/Arrears/{a.Id}")).ShouldBe(HttpStatusCode.OK));
        Assert.Contains(remaining, arrears);
        Assert.Contains("1 877 €", arrears);
        Assert.Contains(remaining, Text(await (await social.GetAsync("/Signals")).ShouldBe(HttpStatusCode.OK)));

        // A field agent sees the signal without any amount, and cannot read the file.
        var agent = await world.LoginAsync(Role.FieldAgent);
        var list = Text(await (await agent.GetAsync("/Signals")).ShouldBe(HttpStatusCode.OK));
        Assert.Contains("Plan d’apurement non respecté : 2 échéances impayées depuis", list);
        Assert.DoesNotContain(remaining, list);
        Assert.DoesNotContain("reste dû", list);
        var signalId = (await SignalTestKit.SignalsAsync(world)).Single(s => s.Type == SignalType.RepaymentPlanBroken).Id;
        var details = Text(await (await agent.GetAsync($"/Signals/Details/{signalId}")).ShouldBe(HttpStatusCode.OK));
        Assert.Contains("Plan d’apurement non respecté", details);
        Assert.DoesNotContain(remaining, details);
        Assert.DoesNotContain("€", details);
        await (await agent.GetAsync($"/Accompaniments/Arrears/{a.Id}")).ShouldBe(HttpStatusCode.Forbidden);

        // When the organisation lets field agents see debts, the amount is shown to them too.
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var settings = await db.OutreachSettings.FirstOrDefaultAsync();
            if (settings is null)
            {
                db.OutreachSettings.Add(new OutreachSettings { FieldAgentsSeeDebtAmounts = true });
            }
            else
            {
                settings.FieldAgentsSeeDebtAmounts = true;
            }

            await db.SaveChangesAsync();
        }

        Assert.Contains(remaining, Text(await (await agent.GetAsync($"/Signals/Details/{signalId}")).ShouldBe(HttpStatusCode.OK)));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_timeline_shows_the_eviction_stages_in_their_order_and_the_arrears_events(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world, consent: Today.AddDays(-200));
        // Noted out of order; two stages on the same day keep their legal order.
        await StepAsync(world, a.Id, EvictionStage.Judgment, Today.AddDays(-10), "Résiliation du bail, délais refusés");
        await StepAsync(world, a.Id, EvictionStage.PaymentOrder, Today.AddDays(-150));
        await StepAsync(world, a.Id, EvictionStage.OrderToLeave, Today.AddDays(-10));
        await StepAsync(world, a.Id, EvictionStage.Summons, Today.AddDays(-70), next: Today.AddDays(-30));
        await StepAsync(world, a.Id, EvictionStage.CcapexReferral, Today.AddDays(-120));
        await StepAsync(world, a.Id, EvictionStage.Hearing, Today.AddDays(-30));
        await FslAsync(world, a.Id, Today.AddDays(-100), 900m, FslDecision.Granted, Today.AddDays(-60), 700m);

        var social = await world.LoginAsync(Role.SocialWorker);
        var timeline = (await (await social.GetAsync($"/Accompaniments/Timeline/{a.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var events = timeline.QuerySelectorAll("#chronologie > li")
            .Select(li => (Kind: li.QuerySelector(".badge")!.TextContent.Trim(), Date: li.QuerySelector("time")!.GetAttribute("datetime"), Title: li.QuerySelector(".event-title")!.TextContent.Trim()))
            .ToList();
        var eviction = events.Where(e => e.Kind == "Procédure d’expulsion").ToList();
        Assert.Equal(
        [
            (Iso(Today.AddDays(-10).AddMonths(2)), "Fin du délai de deux mois pour quitter les lieux"),
            (Iso(Today.AddDays(-10)), "Commandement de quitter les lieux"),
            (Iso(Today.AddDays(-10)), "Jugement"),
            (Iso(Today.AddDays(-30)), "Audience"),
            (Iso(Today.AddDays(-70)), "Assignation au tribunal"),
            (Iso(Today.AddDays(-120)), "Saisine de la CCAPEX"),
            (Iso(Today.AddDays(-150)), "Commandement de payer"),
        ], eviction.Select(e => (e.Date, e.Title)));
        Assert.Contains(events, e => e.Kind == "FSL" && e.Title.Plain() == "FSL accordé : 700 €" && e.Date == Iso(Today.AddDays(-60)));
        Assert.Contains(events, e => e.Kind == "FSL" && e.Title.Plain() == "Demande au FSL déposée (maintien dans le logement) : 900 €");
        Assert.Equal($"/Accompaniments/File/{a.Id}#impayes", timeline.QuerySelector("#chronologie > li .event-title a")?.GetAttribute("href"));

        // The current stage, on the arrears page and at the top of the file.
        var arrears = (await (await social.GetAsync($"/Accompaniments/Arrears/{a.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Étape actuelle : Commandement de quitter les lieux", arrears.QuerySelector("#etape-actuelle")!.TextContent);
        Assert.Equal(["Commandement de payer", "Saisine de la CCAPEX", "Assignation au tribunal", "Audience", "Jugement", "Commandement de quitter les lieux"],
            arrears.QuerySelectorAll("#etapes .stage").Select(s => s.TextContent.Trim()));
        Assert.Equal("step", arrears.QuerySelector("#etapes li:last-child")?.GetAttribute("aria-current"));
        var file = (await (await social.GetAsync($"/Accompaniments/File/{a.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Procédure d’expulsion en cours : commandement de quitter les lieux", file.QuerySelector("#alerte-expulsion")!.TextContent);
        Assert.Contains("Demande au FSL", file.QuerySelector("#section-impayes")!.TextContent);

        // Stopping the procedure ends the alert.
        await StepAsync(world, a.Id, EvictionStage.Stopped, Today, "Protocole de cohésion sociale signé");
        file = (await (await social.GetAsync($"/Accompaniments/File/{a.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Null(file.QuerySelector("#alerte-expulsion"));
        Assert.Contains("Procédure d’expulsion arrêtée", file.QuerySelector("#section-impayes")!.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Mes_echeances_lists_missed_and_coming_instalments_eviction_deadlines_and_FSL_requests_left_unanswered(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world, referents: [Role.SocialWorker]);
        var plan = await PlanAsync(world, a.Id, (MonthAgo(2).AddDays(9), 100m), (MonthAgo(1).AddDays(9), 100m), (Today.AddDays(5), 100m), (Today.AddDays(60), 100m));
        await SignalTestKit.AddLedgerAsync(world, world.NorthHousehold.Id,
        [
            new Month(620m, 420m, 200m, 500m), // missed, confirmed by the worker: off the list
            new Month(620m, 420m, 200m, 600m), // missed
        ], last: MonthAgo(1));
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var first = await db.RepaymentInstalments.SingleAsync(i => i.PlanId == plan.Id && i.Number == 1);
            first.Verdict = InstalmentVerdict.Missed;
            first.VerdictByName = "C. Conseillère";
            await db.SaveChangesAsync();
        }

        await StepAsync(world, a.Id, EvictionStage.PaymentOrder, Today.AddDays(-35));
        await FslAsync(world, a.Id, Today.AddDays(-95), 800m);
        await FslAsync(world, a.Id, Today.AddDays(-10), 300m);
        await FslAsync(world, a.Id, Today.AddDays(-120), 500m, FslDecision.Refused, Today.AddDays(-30));

        var social = await world.LoginAsync(Role.SocialWorker);
        var page = (await (await social.GetAsync("/Accompaniments/Deadlines")).ShouldBe(HttpStatusCode.OK)).Html();
        var group = page.QuerySelectorAll("section.deadline-group").Single(g => g.QuerySelector("h2")!.TextContent.Contains("Impayés et procédures"));
        var items = group.QuerySelectorAll("li").Select(li => (Due: li.QuerySelector("time")!.GetAttribute("datetime"), Text: li.QuerySelector("a")!.TextContent.Trim().Plain())).ToList();
        (string? Due, string Text)[] expected =
        [
            (Iso(Today.AddDays(-95).AddMonths(2)), "Benoît LEFÈVRE : Demande au FSL sans décision depuis deux mois : relancer"),
            (Iso(MonthAgo(1).AddDays(9)), "Benoît LEFÈVRE : Échéance n° 2 du plan d’apurement non respectée (100 €)"),
            (Iso(Today.AddDays(5)), "Benoît LEFÈVRE : Échéance n° 3 du plan d’apurement (100 €)"),
            (Iso(Today.AddDays(7)), "Benoît LEFÈVRE : Fin du délai de six semaines du commandement de payer : le bailleur peut ensuite assigner"),
        ];
        Assert.Equal(expected.OrderBy(i => i.Due).ThenBy(i => i.Text), items.OrderBy(i => i.Due).ThenBy(i => i.Text));
        Assert.Equal(items.OrderBy(i => i.Due).Select(i => i.Due), items.Select(i => i.Due));
        Assert.Equal($"/Accompaniments/File/{a.Id}#impayes", group.QuerySelector("a")?.GetAttribute("href"));

        // Another worker's file is not on the list.
        var manager = await world.LoginAsync(Role.Manager);
        var managers = (await (await manager.GetAsync("/Accompaniments/Deadlines")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Impayés et procédures (0)", managers.QuerySelectorAll("section.deadline-group h2").Select(h => h.TextContent.Trim()));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Concurrent_edits_of_a_plan_an_instalment_and_an_eviction_stage_are_detected(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world, referents: [Role.SocialWorker, Role.Manager]);
        var plan = await MonthlyPlanAsync(world, a.Id, 100m, 1, 0);
        var step = await StepAsync(world, a.Id, EvictionStage.PaymentOrder, Today.AddDays(-3));
        var social = await world.LoginAsync(Role.SocialWorker);
        var manager = await world.LoginAsync(Role.Manager);

        Dictionary<string, string> PlanEdit(string note, string version) => new()
        {
            ["Input.AgreedWith"] = nameof(PlanCounterparty.Landlord),
            ["Input.AgreedOn"] = Iso(plan.AgreedOn),
            ["Input.Status"] = nameof(PlanStatus.Active),
            ["Input.Note"] = note,
            ["Input.Version"] = version,
        };
        var planUrl = $"/Accompaniments/Arrears/Plan/{a.Id}/{plan.Id}";
        await (await manager.PostFormAsync(planUrl, PlanEdit("Prélèvement le 10", "0"))).ShouldBe(HttpStatusCode.Redirect);
        var lost = (await (await social.PostFormAsync(planUrl, PlanEdit("Virement le 5", "0"))).ShouldBe(HttpStatusCode.Conflict)).Html();
        Assert.Contains("modifié par quelqu’un d’autre", lost.QuerySelector("#conflit h2")!.TextContent);
        Assert.Contains("Prélèvement le 10", lost.QuerySelector("#conflit")!.TextContent);
        Assert.Equal("Virement le 5", lost.QuerySelector("#note")?.TextContent);
        Assert.Equal("1", lost.QuerySelector("input[name='Input.Version']")?.GetAttribute("value"));
        await (await social.PostFormAsync(planUrl, PlanEdit("Virement le 5", "1"))).ShouldBe(HttpStatusCode.Redirect);
        var edited = await ReadAsync(world, db => db.RepaymentPlans.SingleAsync(p => p.Id == plan.Id));
        Assert.Equal(("Virement le 5", 2), (edited.Note, edited.Version));

        var instalmentUrl = $"/Accompaniments/Arrears/Instalment/{a.Id}/{plan.Instalments[0].Id}";
        await (await manager.PostFormAsync(instalmentUrl, new() { ["Input.Verdict"] = "Missed", ["Input.Reason"] = "Rien reçu", ["Input.Version"] = "0" })).ShouldBe(HttpStatusCode.Redirect);
        var lostVerdict = (await (await social.PostFormAsync(instalmentUrl, new() { ["Input.Verdict"] = "Respected", ["Input.Reason"] = "Payé au guichet", ["Input.Version"] = "0" }))
            .ShouldBe(HttpStatusCode.Conflict)).Html();
        Assert.Contains("Rien reçu", lostVerdict.QuerySelector("#conflit")!.TextContent);
        Assert.Equal("Payé au guichet", lostVerdict.QuerySelector("#reason")?.TextContent);
        Assert.Equal(InstalmentVerdict.Missed, await ReadAsync(world, db => db.RepaymentInstalments.Where(i => i.Id == plan.Instalments[0].Id).Select(i => i.Verdict).SingleAsync()));

        var stepUrl = $"/Accompaniments/Arrears/Eviction/{a.Id}/{step.Id}";
        await (await manager.PostFormAsync(stepUrl, new() { ["Input.Stage"] = "PaymentOrder", ["Input.On"] = Iso(Today.AddDays(-4)), ["Input.Version"] = "0" })).ShouldBe(HttpStatusCode.Redirect);
        await (await social.PostFormAsync(stepUrl + "?handler=Delete", new() { ["Input.Version"] = "0" }, formPage: stepUrl)).ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal(1, await ReadAsync(world, db => db.EvictionSteps.CountAsync(s => s.AccompanimentId == a.Id)));
        await (await social.PostFormAsync(stepUrl + "?handler=Delete", new() { ["Input.Version"] = "1" }, formPage: stepUrl)).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(0, await ReadAsync(world, db => db.EvictionSteps.CountAsync(s => s.AccompanimentId == a.Id)));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_plan_entered_by_mistake_is_deleted_with_its_instalments_after_confirmation_and_audited(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world, referents: [Role.SocialWorker]);
        var other = await OpenAsync(world, referents: [Role.SocialWorker]);
        var plan = await MonthlyPlanAsync(world, a.Id, 100m, 1, 0);
        var url = $"/Accompaniments/Arrears/DeletePlan/{a.Id}/{plan.Id}";

        var colleague = FileKitUsers.NewWorker(world);
        await AddAsync(world, colleague);
        await (await (await world.App.LoginAsync(colleague.Email!)).GetAsync(url)).ShouldBe(HttpStatusCode.Forbidden);

        var worker = await world.LoginAsync(Role.SocialWorker);
        await (await worker.GetAsync($"/Accompaniments/Arrears/DeletePlan/{other.Id}/{plan.Id}")).ShouldBe(HttpStatusCode.NotFound);
        var edit = (await (await worker.GetAsync($"/Accompaniments/Arrears/Plan/{a.Id}/{plan.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(edit.QuerySelector($"a[href='{url}']"));
        var confirm = Text(await (await worker.GetAsync(url)).ShouldBe(HttpStatusCode.OK));
        Assert.Contains("en 2 échéances", confirm);

        var unconfirmed = (await (await worker.PostFormAsync(url, new() { ["Version"] = "0" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Cochez la case pour confirmer que ce plan a été saisi par erreur.", unconfirmed.QuerySelector("#confirm-err")!.TextContent.Trim());

        // Changed meanwhile: the current version is shown, nothing is deleted.
        await (await worker.PostFormAsync($"/Accompaniments/Arrears/Plan/{a.Id}/{plan.Id}", new()
        {
            ["Input.AgreedWith"] = nameof(PlanCounterparty.Landlord), ["Input.AgreedOn"] = Iso(plan.AgreedOn), ["Input.Status"] = nameof(PlanStatus.Active),
            ["Input.Note"] = "Prélèvement le 10", ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);
        Assert.Contains("modifié par quelqu’un d’autre entre-temps", await (await worker.PostFormAsync(url, new() { ["Version"] = "0", ["Confirm"] = "true" })).ShouldBe(HttpStatusCode.Conflict));
        Assert.Equal(2, await ReadAsync(world, db => db.RepaymentInstalments.CountAsync(i => i.PlanId == plan.Id)));

        await (await worker.PostFormAsync(url, new() { ["Version"] = "1", ["Confirm"] = "true" })).ShouldBe(HttpStatusCode.Redirect);
        Assert.False(await ReadAsync(world, db => db.RepaymentPlans.AnyAsync(p => p.Id == plan.Id)));
        Assert.Equal(0, await ReadAsync(world, db => db.RepaymentInstalments.CountAsync(i => i.PlanId == plan.Id)));
        Assert.True(await ReadAsync(world, db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(RepaymentPlan) && e.EntityId == plan.Id
            && e.Action == Relais.Features.Audit.AuditActions.Delete && e.UserId == world.Users[Role.SocialWorker].Id)));
        await (await worker.GetAsync(url)).ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task FSL_over_indebtedness_and_eviction_forms_check_their_dates_and_amounts(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world);
        var social = await world.LoginAsync(Role.SocialWorker);

        var fslUrl = $"/Accompaniments/Arrears/Fsl/{a.Id}";
        Dictionary<string, string> Fsl(string requested, string decision, string? decisionOn = null, string? granted = null) => new()
        {
            ["Input.Purpose"] = "Maintenance",
            ["Input.FiledOn"] = Iso(Today.AddDays(-40)),
            ["Input.AmountRequested"] = requested,
            ["Input.Decision"] = decision,
            ["Input.DecisionOn"] = decisionOn ?? "",
            ["Input.AmountGranted"] = granted ?? "",
            ["Input.Version"] = "0",
        };
        var page = (await (await social.PostFormAsync(fslUrl, Fsl("-5", "Granted", Iso(Today.AddDays(-50)), "1000"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Le montant demandé doit être supérieur à zéro.", Errors(page));
        Assert.Contains("La décision ne peut pas précéder le dépôt de la demande.", Errors(page));
        page = (await (await social.PostFormAsync(fslUrl, Fsl("800", "Granted", Iso(Today), "1000"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Le montant accordé (1 000 €) ne peut pas dépasser le montant demandé (800 €).", Errors(page));
        page = (await (await social.PostFormAsync(fslUrl, Fsl("800", "Refused"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Indiquez la date de la décision.", Errors(page));
        await (await social.PostFormAsync(fslUrl, Fsl("800,50", "Granted", Iso(Today), "650"))).ShouldBe(HttpStatusCode.Redirect);
        var fsl = await ReadAsync(world, db => db.FslRequests.SingleAsync());
        Assert.Equal((800.50m, FslDecision.Granted, 650m, Today), (fsl.AmountRequested, fsl.Decision, fsl.AmountGranted, fsl.DecisionOn));

        var overUrl = $"/Accompaniments/Arrears/OverIndebtedness/{a.Id}";
        page = (await (await social.PostFormAsync(overUrl, new()
        {
            ["Input.FiledOn"] = Iso(Today.AddDays(-90)),
            ["Input.Status"] = "Measures",
            ["Input.AdmissibilityOn"] = Iso(Today.AddDays(-100)),
            ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("La décision sur la recevabilité ne peut pas précéder le dépôt du dossier.", Errors(page));
        Assert.Contains("Indiquez la date du plan, des mesures ou du rétablissement personnel.", Errors(page));
        await (await social.PostFormAsync(overUrl, new()
        {
            ["Input.FiledOn"] = Iso(Today.AddDays(-90)),
            ["Input.Status"] = "Admissible",
            ["Input.AdmissibilityOn"] = Iso(Today.AddDays(-30)),
            ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(OverIndebtednessStatus.Admissible, await ReadAsync(world, db => db.OverIndebtednessFiles.Select(f => f.Status).SingleAsync()));

        var evictionUrl = $"/Accompaniments/Arrears/Eviction/{a.Id}";
        page = (await (await social.PostFormAsync(evictionUrl, new()
        {
            ["Input.Stage"] = "Summons",
            ["Input.On"] = Iso(Today.AddDays(-5)),
            ["Input.NextOn"] = Iso(Today.AddDays(-6)),
            ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("La prochaine date ne peut pas précéder la date de l’étape.", Errors(page));
        page = (await (await social.PostFormAsync(evictionUrl, new() { ["Input.Stage"] = "3", ["Input.On"] = Iso(Today.AddDays(2)), ["Input.Version"] = "0" }))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Choisissez l’étape de la procédure.", Errors(page));
        Assert.Contains("La date de l’étape ne peut pas être dans le futur.", Errors(page));
        await (await social.PostFormAsync(evictionUrl, new()
        {
            ["Input.Stage"] = "Summons",
            ["Input.On"] = Iso(Today.AddDays(-5)),
            ["Input.NextOn"] = Iso(Today.AddDays(40)),
            ["Input.Note"] = "Audience au tribunal de Créteil",
            ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);

        var arrears = (await (await social.GetAsync($"/Accompaniments/Arrears/{a.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Étape actuelle : Assignation au tribunal", arrears.QuerySelector("#etape-actuelle")!.TextContent);
        Assert.Contains($"Audience : {FileFormat.Date(Today.AddDays(40))}", arrears.QuerySelector("#etape-actuelle")!.TextContent);
        Assert.Contains("Accordé", arrears.QuerySelector($"#fsl-{fsl.Id}")!.TextContent);
        Assert.Contains("650 €", arrears.QuerySelector($"#fsl-{fsl.Id}")!.TextContent.Plain());
        Assert.Contains("Recevable", arrears.QuerySelector("#section-surendettement")!.TextContent);

        // Closed files cannot be changed.
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var file = await db.Accompaniments.SingleAsync(x => x.Id == a.Id);
            file.Status = AccompanimentStatus.Closed;
            file.ClosedOn = Today;
            await db.SaveChangesAsync();
        }

        await (await social.PostFormAsync(fslUrl, Fsl("100", "Pending"), formPage: "/")).ShouldBe(HttpStatusCode.Conflict);
        arrears = (await (await social.GetAsync($"/Accompaniments/Arrears/{a.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Null(arrears.QuerySelector($"a[href='{fslUrl}']"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_debt_history_shows_36_months_of_the_ledger_as_a_chart_and_a_table_and_its_read_is_logged(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world);
        var months = Enumerable.Range(0, 40).Select(k => k < 30 ? Month.Clean(620m, 200m) : new Month(620m, 300m, 200m, 120m * (k - 29))).ToArray();
        await SignalTestKit.AddLedgerAsync(world, world.NorthHousehold.Id, months, last: MonthAgo(1));

        var social = await world.LoginAsync(Role.SocialWorker);
        var page = (await (await social.GetAsync($"/Accompaniments/Arrears/{a.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var rows = page.QuerySelectorAll("#dette-mois tbody tr").ToList();
        Assert.Equal(36, rows.Count);
        Assert.Equal($"{MonthAgo(1):yyyy-MM}", rows[0].QuerySelector("time")?.GetAttribute("datetime"));
        Assert.Equal($"{MonthAgo(36):yyyy-MM}", rows[^1].QuerySelector("time")?.GetAttribute("datetime"));
        Assert.Equal("1 200 €", rows[0].QuerySelector("[data-label='Solde en fin de mois']")!.TextContent.Plain());
        Assert.Equal("1,9", rows[0].QuerySelector("[data-label='Dette en mois de loyer']")!.TextContent);
        Assert.Equal(10, page.QuerySelectorAll("#dette-mois tbody tr.unpaid").Length);
        Assert.Equal(36, page.QuerySelectorAll("#courbe-dette circle").Length);
        Assert.Equal(36, page.QuerySelectorAll("#barres-loyer g.month-bar").Length);
        Assert.Contains("1 200 €", page.QuerySelector("#courbe-dette-desc")!.TextContent.Plain());
        Assert.Equal(36, page.QuerySelector("#courbe-dette polyline")!.GetAttribute("points")!.Split(' ').Length);

        var file = (await (await social.GetAsync($"/Accompaniments/File/{a.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("1 200 €", file.QuerySelector("#resume-dette")!.TextContent.Plain());

        // Read for someone who may not see amounts, the history carries none: only paid or not, and months of rent.
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var hidden = await DebtHistory.LoadAsync(db, world.NorthHousehold.Id, withAmounts: false, CancellationToken.None);
            Assert.Equal(36, hidden.Rows.Count);
            Assert.All(hidden.Rows, r => Assert.Equal((null, null, null, null), (r.Billed, r.Paid, r.HousingBenefit, r.Balance)));
            Assert.Equal((1.9m, true), (hidden.Last!.MonthsOfRent, hidden.Last.Unpaid));
            Assert.DoesNotContain("€", hidden.Description());
        }

        await ReadLogAsync(world, a.Id);
    }

    private static async Task ReadLogAsync(World world, Guid accompanimentId)
    {
        // The read log is written in the background: wait for it.
        for (var i = 0; i < 50; i++)
        {
            var logged = await ReadAsync(world, db => db.AuditEntries.AnyAsync(e => e.EntityId == accompanimentId && e.Action == Relais.Features.Audit.AuditActions.Read && e.Details == "impayés"));
            if (logged)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The read of the arrears page was not logged.");
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_broken_plan_thresholds_are_set_on_the_signal_settings_page(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var manager = await world.LoginAsync(Role.Manager);
        var form = (await (await manager.GetAsync("/Signals/Settings")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("1", form.QuerySelector("#plan-missed")?.GetAttribute("value"));
        Assert.Equal("10", form.QuerySelector("#plan-grace")?.GetAttribute("value"));

        Dictionary<string, string> Fields(string missed, string grace, string version) => new()
        {
            ["Input.FirstUnpaidMonthEnabled"] = "true",
            ["Input.DebtMonthsThreshold"] = "2",
            ["Input.DebtRisingMonths"] = "3",
            ["Input.HousingBenefitStoppedEnabled"] = "true",
            ["Input.RefusalHoldMonths"] = "6",
            ["Input.RepaymentPlanMissedInstalments"] = missed,
            ["Input.RepaymentPlanGraceDays"] = grace,
            ["Input.Version"] = version,
        };
        var page = (await (await manager.PostFormAsync("/Signals/Settings", Fields("13", "deux", "0"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Indiquez 0 pour désactiver la règle, ou un nombre d’échéances entre 1 et 12.", page.QuerySelector("#plan-missed-err")?.TextContent);
        Assert.Equal("« deux » n’est pas un nombre entier de jours. Indiquez un nombre de jours entre 0 et 60.", page.QuerySelector("#plan-grace-err")?.TextContent);
        await (await manager.PostFormAsync("/Signals/Settings", Fields("2", "15", "0"))).ShouldBe(HttpStatusCode.Redirect);
        var stored = await ReadAsync(world, db => db.OutreachSettings.SingleAsync());
        Assert.Equal((2, 15), (stored.RepaymentPlanMissedInstalments, stored.RepaymentPlanGraceDays));
    }
}
