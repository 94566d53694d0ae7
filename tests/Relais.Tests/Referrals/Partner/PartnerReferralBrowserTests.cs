using Microsoft.Playwright;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Relais.Tests.Referrals.Partner;

/// <summary>The partner's inbox and referral page on a phone (390 px), and the e-mail settings: WCAG 2.1 AA, no CSP violation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PartnerReferralBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task A_partner_refuses_then_accepts_from_a_phone()
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        await kit.ReferAsync(daysAgo: 3, sharesPersonalData: false);
        await kit.ReferAsync(daysAgo: 1);
        await using var context = await browser.NewContextAsync(Role.Partner, world, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);

        await page.GotoAsync("/");
        await Expect(page.Locator("#orientations-a-traiter")).ToHaveTextAsync("2 orientations à traiter.");
        await page.Locator("#contenu").GetByRole(AriaRole.Link, new() { Name = "Orientations reçues" }).ClickAsync(); // the home page card (the menu has the same link)
        await Expect(page.Locator(".referral-inbox li")).ToHaveCountAsync(2);
        await BrowserChecks.AssertFitsAsync(page);
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);

        await page.Locator(".referral-inbox h3 a").First.ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync(world.NorthHolder.LastName.ToUpperInvariant());
        await BrowserChecks.AssertFitsAsync(page);
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);

        await page.GetByRole(AriaRole.Button, new() { Name = "Refuser l’orientation" }).ClickAsync();
        await Expect(page.Locator("#motif-err")).ToContainTextAsync("Indiquez le motif du refus");
        await BrowserChecks.AssertFitsAsync(page);
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);

        await page.GetByLabel("Date du rendez-vous").FillAsync(DateTime.Now.AddDays(2).ToString("yyyy-MM-dd"));
        await page.GetByLabel("Heure").FillAsync("09:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accepter l’orientation" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Orientation acceptée.");
        await Expect(page.Locator("#reponse-section")).ToContainTextAsync("9\u00a0h\u00a030");
        await BrowserChecks.AssertFitsAsync(page);
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
    }

    [SkippableFact]
    public async Task The_email_settings_page_is_accessible()
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        await using var context = await browser.NewContextAsync(Role.Administrator, world, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);
        await page.GotoAsync("/Admin/Email");
        await page.GetByLabel("Serveur SMTP").FillAsync("smtp.bailleur.test");
        await page.GetByLabel("Port", new() { Exact = true }).FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(page.Locator("#smtp-port-err")).ToContainTextAsync("Le port doit être un nombre");
        await BrowserChecks.AssertFitsAsync(page);
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
    }
}
