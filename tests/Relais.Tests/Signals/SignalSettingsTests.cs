using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Cli;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Signals.SignalTestKit;

namespace Relais.Tests.Signals;

/// <summary>The Responsable's thresholds page, "Relancer la détection" and the detect-signals command.</summary>
public sealed class SignalSettingsTests
{
    private static Dictionary<string, string> Fields(string debtMonths, string rising, string hold, int version, bool amounts = false) => new()
    {
        ["Input.FirstUnpaidMonthEnabled"] = "true",
        ["Input.DebtMonthsThreshold"] = debtMonths,
        ["Input.DebtRisingMonths"] = rising,
        ["Input.HousingBenefitStoppedEnabled"] = "true",
        ["Input.RefusalHoldMonths"] = hold,
        ["Input.FieldAgentsSeeDebtAmounts"] = amounts ? "true" : "false",
        ["Input.RepaymentPlanMissedInstalments"] = "1",
        ["Input.RepaymentPlanGraceDays"] = "10",
        ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<OutreachSettings?> StoredAsync(World w)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        return await db.OutreachSettings.AsNoTracking().SingleOrDefaultAsync();
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_manager_sees_the_defaults_then_saves_thresholds_written_the_French_way(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var manager = await w.LoginAsync(Role.Manager);
        Assert.Null(await StoredAsync(w));

        var page = (await (await manager.GetAsync("/Signals/Settings")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("2", page.QuerySelector("#debt-months")!.GetAttribute("value"));
        Assert.Equal("3", page.QuerySelector("#rising")!.GetAttribute("value"));
        Assert.Equal("6", page.QuerySelector("#hold")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("#amounts")!.GetAttribute("checked"));
        Assert.NotNull(await StoredAsync(w)); // created with the defaults

        await (await manager.PostFormAsync("/Signals/Settings", Fields(" 2,5 ", "4", "9", 0, amounts: true))).ShouldBe(HttpStatusCode.Redirect);

        var stored = (await StoredAsync(w))!;
        Assert.Equal((2.5m, 4, 9, true, 1), (stored.DebtMonthsThreshold, stored.DebtRisingMonths, stored.RefusalHoldMonths, stored.FieldAgentsSeeDebtAmounts, stored.Version));
        var again = (await (await manager.GetAsync("/Signals/Settings")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("2,5", again.QuerySelector("#debt-months")!.GetAttribute("value"));
        Assert.NotNull(again.QuerySelector("#amounts")!.GetAttribute("checked"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Wrong_thresholds_are_refused_with_French_messages_next_to_each_field(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var manager = await w.LoginAsync(Role.Manager);
        await manager.GetAsync("/Signals/Settings");

        var page = (await (await manager.PostFormAsync("/Signals/Settings", Fields("deux", "1", "40", 0))).ShouldBe(HttpStatusCode.OK)).Html();

        Assert.Equal("« deux » n’est pas un nombre de mois : écrivez par exemple 2 ou 2,5.", page.QuerySelector("#debt-months-err")!.TextContent);
        Assert.Equal("Indiquez 0 pour désactiver la règle, ou un nombre de mois entre 2 et 12.", page.QuerySelector("#rising-err")!.TextContent);
        Assert.Equal("Indiquez un nombre de mois entre 0 et 36.", page.QuerySelector("#hold-err")!.TextContent);
        foreach (var id in new[] { "debt-months", "rising", "hold" })
        {
            Assert.Equal("true", page.QuerySelector($"#{id}")!.GetAttribute("aria-invalid"));
            Assert.Contains($"{id}-err", page.QuerySelector($"#{id}")!.GetAttribute("aria-describedby"));
        }

        Assert.Equal("deux", page.QuerySelector("#debt-months")!.GetAttribute("value"));
        Assert.Equal(3, page.QuerySelectorAll(".error-summary li").Length);
        var tooBig = (await (await manager.PostFormAsync("/Signals/Settings", Fields("30", "0", "0", 0))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Le seuil de dette doit être compris entre 0,5 et 24 mois de loyer (ou 0 pour désactiver la règle).", tooBig.QuerySelector("#debt-months-err")!.TextContent);
        Assert.Equal((2m, 3, 0), ((await StoredAsync(w))!.DebtMonthsThreshold, (await StoredAsync(w))!.DebtRisingMonths, (await StoredAsync(w))!.Version));

        // 0 switches a rule off.
        await (await manager.PostFormAsync("/Signals/Settings", Fields("0", "0", "0", 0))).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal((0m, 0, 0), ((await StoredAsync(w))!.DebtMonthsThreshold, (await StoredAsync(w))!.DebtRisingMonths, (await StoredAsync(w))!.RefusalHoldMonths));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Thresholds_saved_meanwhile_by_someone_else_are_not_overwritten_silently(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var manager = await w.LoginAsync(Role.Manager);
        await manager.GetAsync("/Signals/Settings");
        await (await manager.PostFormAsync("/Signals/Settings", Fields("3", "3", "6", 0))).ShouldBe(HttpStatusCode.Redirect);

        var stale = (await (await manager.PostFormAsync("/Signals/Settings", Fields("1,5", "3", "6", 0))).ShouldBe(HttpStatusCode.OK)).Html();

        Assert.Contains("modifiés par quelqu’un d’autre", stale.QuerySelector(".error-summary h2")!.TextContent);
        Assert.Contains("à partir de 3 mois de loyer", stale.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("1,5", stale.QuerySelector("#debt-months")!.GetAttribute("value"));
        Assert.Equal("1", stale.QuerySelector("input[name='Input.Version']")!.GetAttribute("value"));
        Assert.Equal(3m, (await StoredAsync(w))!.DebtMonthsThreshold);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_manager_reruns_detection_from_the_list(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        await AddLedgerAsync(w, w.NorthHousehold.Id, [.. Repeat(5, Month.Clean()), new Month(620m, 0m, 0m, 620m)]);
        var manager = await w.LoginAsync(Role.Manager);
        var list = (await (await manager.GetAsync("/Signals")).ShouldBe(HttpStatusCode.OK)).Html();
        var button = list.QuerySelectorAll("form[method=post] button").Single(b => b.TextContent.Trim() == "Relancer la détection");
        Assert.Equal("/Signals/Settings?handler=Detect", button.Closest("form")!.GetAttribute("action"));

        var response = await manager.PostFormAsync("/Signals/Settings?handler=Detect", [], formPage: "/Signals");
        await response.ShouldBe(HttpStatusCode.Redirect);

        var after = (await (await manager.GetAsync("/Signals")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Détection relancée sur le quittancement de mars 2026 : 1 ménage examiné, 1 nouveau signal.", after.QuerySelector(".notice")!.TextContent.Plain());
        var signal = Assert.Single(await SignalsAsync(w));
        Assert.Equal(SignalType.FirstUnpaidMonth, signal.Type);
        Assert.Equal([signal.Id], SignalAccessTests.SignalIdsIn(after));
        // The agent that ran it is in the audit line.
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.OrganisationId == w.Id && e.Action == SignalDetector.AuditAction);
        Assert.Equal(w.Users[Role.Manager].Id, audit.UserId);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_detect_signals_command_detects_for_the_given_organisation(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var w = await World.CreateAsync(app);
        await AddLedgerAsync(w, w.SouthHousehold.Id, [.. Repeat(5, Month.Clean(620m, 250m)), Month.Clean(620m, 0m)]);
        string[] common = [$"--Database:Provider={provider}", $"--ConnectionStrings:Relais={app.ConnectionString}", $"--Database:DataFolder={Path.GetTempPath()}", "--Database:MigrateOnStart=false"];

        Assert.Equal(2, await CliCommands.RunAsync(["detect-signals", .. common]));
        Assert.Equal(2, await CliCommands.RunAsync(["detect-signals", "--org", Guid.NewGuid().ToString(), .. common]));
        Assert.Equal(0, await CliCommands.RunAsync(["detect-signals", "--org", w.Id.ToString(), .. common]));

        var signal = Assert.Single(await SignalsAsync(w));
        Assert.Equal((w.SouthHousehold.Id, SignalType.HousingBenefitStopped), (signal.HouseholdId, signal.Type));
        Assert.Equal(0, await CliCommands.RunAsync(["detect-signals", "--org", w.Id.ToString(), .. common]));
        Assert.Single(await SignalsAsync(w));
    }
}
