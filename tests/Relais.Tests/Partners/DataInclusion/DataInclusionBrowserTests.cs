using Microsoft.Playwright;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using Relais.Tests.Referrals.Statistics;
using static Microsoft.Playwright.Assertions;

namespace Relais.Tests.Partners.DataInclusion;

/// <summary>The data·inclusion pages and the referral statistics in a real Chromium on a phone: WCAG 2.1 AA, no CSP violation, no sideways scroll.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DataInclusionBrowserTests(BrowserFixture browser)
{
    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Partners", "DataInclusion", "Fixtures", name);

    [SkippableFact]
    public async Task A_manager_imports_a_dump_from_a_phone_then_exports_it()
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        await using var context = await browser.NewContextAsync(Role.Manager, world, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        var csp = BrowserChecks.WatchCsp(page);
        await page.GotoAsync("/Partners/DataInclusion/Import");
        await BrowserChecks.AssertAccessibleAsync(page, csp);
        await BrowserChecks.AssertFitsAsync(page);

        // Refused file: the errors are listed, in an alert.
        await page.GetByLabel("Structures (structures.json)").SetInputFilesAsync(new FilePayload
        {
            Name = "structures.json", MimeType = "application/json",
            Buffer = System.Text.Encoding.UTF8.GetBytes("[{\"source\":\"cd94\",\"id\":\"1\",\"nom\":\"CCAS\",\"date_maj\":\"hier\"}]"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Lire les fichiers" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Fichier refusé");
        await BrowserChecks.AssertAccessibleAsync(page, csp);
        await BrowserChecks.AssertFitsAsync(page);

        await page.GotoAsync("/Partners/DataInclusion/Import");
        await page.GetByLabel("Structures (structures.json)").SetInputFilesAsync(FixturePath("structures.json"));
        await page.GetByLabel("Services (services.json), facultatif").SetInputFilesAsync(FixturePath("services.ndjson"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lire les fichiers" }).ClickAsync();
        await Expect(page.Locator("#di-counts")).ToContainTextAsync("6 nouvelle(s)");
        await BrowserChecks.AssertAccessibleAsync(page, csp);
        await BrowserChecks.AssertFitsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Import terminé : 6 structure(s) créée(s)");
        await Expect(page.Locator("main")).ToContainTextAsync("6 structure(s) active(s) et 6 service(s) actif(s)");
        await BrowserChecks.AssertAccessibleAsync(page, csp);
        await BrowserChecks.AssertFitsAsync(page);
    }

    [SkippableFact]
    public async Task Referral_statistics_are_accessible_on_a_phone()
    {
        await browser.StartAsync();
        var world = await ReferralStatisticsTests.ArrangeAsync(browser.App);
        await using var context = await browser.NewContextAsync(Role.Manager, world, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        var csp = BrowserChecks.WatchCsp(page);
        await page.GotoAsync("/Referrals/Statistics?from=2026-01-01&to=2026-03-31");
        await Expect(page.Locator("#sans-reponse")).ToContainTextAsync("Mission locale Bièvre");
        await BrowserChecks.AssertAccessibleAsync(page, csp);
        await BrowserChecks.AssertFitsAsync(page);
        await page.GotoAsync("/Referrals/Statistics?from=2026-03-31&to=2026-01-01");
        await Expect(page.Locator("#to-err")).ToContainTextAsync("postérieure");
        await BrowserChecks.AssertAccessibleAsync(page, csp);
    }
}
