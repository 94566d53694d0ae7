using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Audit;
using Relais.Features.Ledger;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Signals.SignalTestKit;

namespace Relais.Tests.Signals;

/// <summary>Each ledger rule on crafted ledgers ending in March 2026, with the default thresholds unless said otherwise.</summary>
public sealed class SignalDetectionTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_first_unpaid_month_after_a_clean_history_raises_a_low_signal_that_explains_itself(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var slipped = await NewHouseholdAsync(w, "Martin");
        await AddLedgerAsync(w, slipped.Id, [.. Repeat(5, Month.Clean(620m, 200m)), new Month(620m, 240m, 200m, 180m)]);
        var alwaysLate = await NewHouseholdAsync(w, "Bernard");
        await AddLedgerAsync(w, alwaysLate.Id, [Month.Clean(), new Month(620m, 500m, 0m, 120m), .. Repeat(3, Month.Clean()), new Month(620m, 440m, 0m, 180m)]);
        var punctual = await NewHouseholdAsync(w, "Petit");
        await AddLedgerAsync(w, punctual.Id, Repeat(6, Month.Clean()));

        var result = await DetectAsync(w);

        Assert.Equal(new DateOnly(2026, 3, 1), result.ReferenceMonth);
        Assert.True(result.HouseholdsExamined >= 3);
        var signal = Assert.Single(await SignalsAsync(w, slipped.Id));
        Assert.Equal((SignalSource.Ledger, SignalType.FirstUnpaidMonth, SignalSeverity.Low, SignalStatus.New), (signal.Source, signal.Type, signal.Severity, signal.Status));
        Assert.Equal("Premier impayé en mars 2026 après au moins 5 mois sans impayé : 180 € non réglés sur 620 € de loyer et charges", signal.Explanation.Plain());
        Assert.Equal("Premier impayé en mars 2026, après au moins 5 mois sans impayé", signal.PublicExplanation.Plain());
        Assert.Equal(180m, signal.DebtAmount);
        Assert.Equal(new DateOnly(2026, 3, 1), signal.LedgerMonth);
        Assert.Equal($"first-unpaid:{slipped.Id:N}:2026-03", signal.RuleKey);
        Assert.Empty(await SignalsAsync(w, alwaysLate.Id)); // an unpaid month two months ago: the history is not clean
        Assert.Empty(await SignalsAsync(w, punctual.Id));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_debt_of_more_than_two_months_of_rent_rising_three_months_in_a_row_raises_both_debt_signals(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var household = await NewHouseholdAsync(w, "Durand");
        await AddLedgerAsync(w, household.Id,
        [
            Month.Owing(400m), Month.Owing(400m), Month.Owing(400m), Month.Owing(700m), Month.Owing(1000m), Month.Owing(1240m),
        ]);

        await DetectAsync(w);

        var signals = await SignalsAsync(w, household.Id);
        Assert.Equal([SignalType.DebtThreshold, SignalType.DebtRising], signals.Select(s => s.Type));
        var threshold = signals[0];
        Assert.Equal("Dette de 1 240 € soit 2,8 mois de loyer, en hausse depuis 3 mois", threshold.Explanation.Plain());
        Assert.Equal("Dette de plus de 2 mois de loyer, en hausse depuis 3 mois", threshold.PublicExplanation.Plain());
        Assert.Equal(SignalSeverity.High, threshold.Severity); // above the threshold and rising
        Assert.Equal(1240m, threshold.DebtAmount);
        var rising = signals[1];
        Assert.Equal("Dette en hausse depuis 3 mois : de 400 € en décembre 2025 à 1 240 € en mars 2026, soit 2,8 mois de loyer", rising.Explanation.Plain());
        Assert.Equal("Dette en hausse depuis 3 mois", rising.PublicExplanation.Plain());
        Assert.Equal(SignalSeverity.High, rising.Severity);
        Assert.DoesNotContain("€", rising.PublicExplanation + threshold.PublicExplanation);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Below_the_thresholds_nothing_is_raised_until_the_Responsable_lowers_them(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var household = await NewHouseholdAsync(w, "Moreau");
        // 1 240 € owed on a 700 € rent is 1,7 month (below 2); it rose two months in a row (below 3).
        await AddLedgerAsync(w, household.Id,
        [
            Month.Owing(600m, 700m), Month.Owing(600m, 700m), Month.Owing(600m, 700m), Month.Owing(600m, 700m), Month.Owing(900m, 700m), Month.Owing(1240m, 700m),
        ]);

        await DetectAsync(w);
        Assert.Empty(await SignalsAsync(w, household.Id));

        var client = await w.LoginAsync(Role.Manager);
        var saved = await client.PostFormAsync("/Signals/Settings", new()
        {
            ["Input.FirstUnpaidMonthEnabled"] = "true",
            ["Input.DebtMonthsThreshold"] = "1,5",
            ["Input.DebtRisingMonths"] = "2",
            ["Input.HousingBenefitStoppedEnabled"] = "true",
            ["Input.RefusalHoldMonths"] = "6",
            ["Input.RepaymentPlanMissedInstalments"] = "1",
            ["Input.RepaymentPlanGraceDays"] = "10",
            ["Input.Version"] = await SettingsVersionAsync(w),
        });
        await saved.ShouldBe(System.Net.HttpStatusCode.Redirect);
        await DetectAsync(w);

        var signals = await SignalsAsync(w, household.Id);
        Assert.Equal([SignalType.DebtThreshold, SignalType.DebtRising], signals.Select(s => s.Type));
        Assert.Equal("Dette de 1 240 € soit 1,7 mois de loyer, en hausse depuis 2 mois", signals[0].Explanation.Plain());
        Assert.Equal("Dette de plus de 1,5 mois de loyer, en hausse depuis 2 mois", signals[0].PublicExplanation.Plain());
        Assert.Equal(SignalSeverity.High, signals[0].Severity);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Housing_benefit_that_stops_raises_a_signal_unless_the_rule_is_switched_off(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var household = await NewHouseholdAsync(w, "Garcia");
        await AddLedgerAsync(w, household.Id, [.. Repeat(5, Month.Clean(620m, 250m)), Month.Clean(620m, 0m)]);
        var steady = await NewHouseholdAsync(w, "Roux");
        await AddLedgerAsync(w, steady.Id, Repeat(6, Month.Clean(620m, 250m)));

        await DetectAsync(w);

        var signal = Assert.Single(await SignalsAsync(w, household.Id));
        Assert.Equal((SignalType.HousingBenefitStopped, SignalSeverity.Medium), (signal.Type, signal.Severity));
        Assert.Equal("Aide au logement arrêtée depuis mars 2026 (250 € versés en février 2026)", signal.Explanation.Plain());
        Assert.Equal("Aide au logement arrêtée depuis mars 2026", signal.PublicExplanation.Plain());
        Assert.Null(signal.DebtAmount);
        Assert.Empty(await SignalsAsync(w, steady.Id));

        // Switched off: another household in the same situation raises nothing.
        await using (var scope = w.App.SystemScope(w.Id, out var db))
        {
            db.OutreachSettings.Add(new OutreachSettings { HousingBenefitStoppedEnabled = false });
            await db.SaveChangesAsync();
        }

        var other = await NewHouseholdAsync(w, "Fournier");
        await AddLedgerAsync(w, other.Id, [.. Repeat(5, Month.Clean(620m, 250m)), Month.Clean(620m, 0m)]);
        await DetectAsync(w);
        Assert.Empty(await SignalsAsync(w, other.Id));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Detection_is_idempotent_and_does_not_reopen_a_dismissed_situation(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var household = await NewHouseholdAsync(w, "Lambert");
        await AddLedgerAsync(w, household.Id,
        [
            Month.Owing(400m), Month.Owing(400m), Month.Owing(400m), Month.Owing(700m), Month.Owing(1000m), Month.Owing(1240m),
        ]);

        var first = await DetectAsync(w);
        var second = await DetectAsync(w);

        Assert.Equal(2, first.SignalsRaised);
        Assert.Equal(0, second.SignalsRaised);
        var signals = await SignalsAsync(w, household.Id);
        Assert.Equal(2, signals.Count);
        Assert.NotEqual(signals[0].DetectedAt, signals[1].DetectedAt); // one run's signals do not tie in the list's order

        // The Responsable dismisses the debt signal; the same month detected again leaves it dismissed.
        await using (var scope = w.App.SystemScope(w.Id, out var db))
        {
            var debt = await db.Signals.SingleAsync(s => s.Id == signals[0].Id);
            debt.Status = SignalStatus.Dismissed;
            debt.DismissReason = "Plan d’apurement signé avec le service contentieux";
            await db.SaveChangesAsync();
        }

        Assert.Equal(0, (await DetectAsync(w)).SignalsRaised);
        Assert.Equal(SignalStatus.Dismissed, (await SignalsAsync(w, household.Id)).Single(s => s.Id == signals[0].Id).Status);

        // April: the same debt still rising is the same situation, not a new signal.
        await AddLedgerAsync(w, household.Id, [Month.Owing(1500m)], last: new DateOnly(2026, 4, 1));
        Assert.Equal(0, (await DetectAsync(w)).SignalsRaised);
        Assert.Equal(2, (await SignalsAsync(w, household.Id)).Count);

        // The debt is paid off in May; five clean months later, a new slip is a new situation.
        await AddLedgerAsync(w, household.Id, [.. Repeat(5, Month.Clean(440m)), new Month(440m, 300m, 0m, 140m)], last: new DateOnly(2026, 10, 1));
        var later = await DetectAsync(w);
        Assert.Equal(new DateOnly(2026, 10, 1), later.ReferenceMonth);
        Assert.Equal(1, later.SignalsRaised);
        Assert.Contains(await SignalsAsync(w, household.Id), s => s.Type == SignalType.FirstUnpaidMonth && s.RuleKey == $"first-unpaid:{household.Id:N}:2026-10");
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_detection_run_is_audited_as_one_line_with_its_count(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await NewHouseholdAsync(w, "Blanc");
        var b = await NewHouseholdAsync(w, "Henry");
        await AddLedgerAsync(w, a.Id, [.. Repeat(5, Month.Clean()), new Month(620m, 0m, 0m, 620m)]);
        await AddLedgerAsync(w, b.Id, [.. Repeat(5, Month.Clean()), new Month(620m, 0m, 0m, 620m)]);

        await DetectAsync(w);

        await using var scope = w.App.SystemScope(w.Id, out var db);
        var lines = await db.AuditEntries.AsNoTracking()
            .Where(e => e.OrganisationId == w.Id && e.Action == SignalDetector.AuditAction).ToListAsync();
        var line = Assert.Single(lines);
        Assert.Equal(nameof(Signal), line.EntityType);
        Assert.Contains("2 signal(s) créé(s)", line.Details);
        Assert.True((await AuditChain.VerifyAsync(db, CancellationToken.None)).Ok);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_import_listener_runs_detection_for_the_imported_organisation_only(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var w = await World.CreateAsync(app);
        var other = await World.CreateAsync(app);
        await AddLedgerAsync(w, w.NorthHousehold.Id, [.. Repeat(5, Month.Clean()), new Month(620m, 0m, 0m, 620m)]);
        await AddLedgerAsync(other, other.NorthHousehold.Id, [.. Repeat(5, Month.Clean()), new Month(620m, 0m, 0m, 620m)]);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var listeners = scope.ServiceProvider.GetServices<ILedgerImportListener>().ToList();
            var listener = Assert.Single(listeners, l => l is SignalDetectionOnImport);
            await listener.LedgerImportedAsync(
                new LedgerImportedEvent(w.Id, Guid.NewGuid(), new DateOnly(2025, 10, 1), March2026, [w.NorthHousehold.Id]), CancellationToken.None);
        }

        var signal = Assert.Single(await SignalsAsync(w));
        Assert.Equal((w.NorthHousehold.Id, SignalType.FirstUnpaidMonth), (signal.HouseholdId, signal.Type));
        Assert.Empty(await SignalsAsync(other));
        await using (var scope = app.SystemScope(w.Id, out var db))
        {
            var audit = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.OrganisationId == w.Id && e.Action == SignalDetector.AuditAction);
            Assert.Equal(SignalDetectionOnImport.Actor, audit.UserName);
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_household_absent_from_the_latest_month_is_not_examined(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var left = await NewHouseholdAsync(w, "Parti");
        await AddLedgerAsync(w, left.Id, [.. Repeat(5, Month.Clean()), new Month(620m, 0m, 0m, 620m)], last: new DateOnly(2026, 2, 1));
        await AddLedgerAsync(w, w.NorthHousehold.Id, Repeat(6, Month.Clean()));

        var result = await DetectAsync(w);

        Assert.Equal((March2026, 1, 0), (result.ReferenceMonth!.Value, result.HouseholdsExamined, result.SignalsRaised));
    }

    private static async Task<string> SettingsVersionAsync(World w)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        return (await OutreachSettingsStore.GetOrCreateAsync(db, CancellationToken.None)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
