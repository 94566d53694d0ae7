using Microsoft.Playwright;
using Relais.Features.Signals;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Relais.Tests.Signals;

/// <summary>The signal pages in a real Chromium: a report from a phone in three taps, and WCAG 2.1 AA on each page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignalBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task A_field_agent_reports_a_situation_from_a_phone_in_three_taps()
    {
        await browser.StartAsync();
        var world = browser.Shared;
        await using var context = await browser.NewContextAsync(Role.FieldAgent, viewport: BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/Households/Details/{world.NorthHousehold.Id}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Signaler une situation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Signaler une situation");
        await BrowserChecks.AssertFitsAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Boîte aux lettres pleine" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le signalement" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("le signalement est enregistré");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Boîte aux lettres pleine");
        await BrowserChecks.AssertFitsAsync(page);
    }

    [SkippableTheory]
    [InlineData("list")]
    [InlineData("report")]
    [InlineData("report-errors")]
    [InlineData("detail")]
    [InlineData("settings")]
    public async Task Signal_pages_have_no_WCAG_2_1_AA_violations(string which)
    {
        await browser.StartAsync();
        var world = browser.Shared;
        var signal = await SignalTestKit.AddSignalAsync(world, world.NorthHousehold.Id, s => s.Note = "Volets fermés depuis dix jours");
        await using var context = await browser.NewContextAsync(Role.Manager);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);

        switch (which)
        {
            case "list":
                await page.GotoAsync("/Signals");
                await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Boîte aux lettres pleine");
                break;
            case "report":
                await page.GotoAsync($"/Signals/Report/{world.NorthHousehold.Id}");
                await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Isolement" })).ToBeVisibleAsync();
                break;
            case "report-errors":
                await page.GotoAsync($"/Signals/Report/{world.NorthHousehold.Id}");
                await page.GetByRole(AriaRole.Radio, new() { Name = "Signalé par un partenaire" }).ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le signalement" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Choisissez ce que vous avez constaté.");
                break;
            case "detail":
                await page.GotoAsync($"/Signals/Details/{signal.Id}");
                await Expect(page.GetByText("Volets fermés depuis dix jours")).ToBeVisibleAsync();
                break;
            case "settings":
                await page.GotoAsync("/Signals/Settings");
                await Expect(page.GetByLabel("Dette importante : à partir de combien de mois de loyer ?")).ToHaveValueAsync("2");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(which), which, null);
        }

        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
    }
}
