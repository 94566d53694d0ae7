using Microsoft.Playwright;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Arrears;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using Relais.Tests.Signals;
using static Microsoft.Playwright.Assertions;
using static Relais.Tests.Accompaniments.ArrearsKit;
using static Relais.Tests.Accompaniments.FileKit;

namespace Relais.Tests.Accompaniments;

/// <summary>The arrears pages in a real Chromium: a plan recorded from a phone, and WCAG 2.1 AA with no CSP violation on each page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ArrearsBrowserTests(BrowserFixture browser)
{
    private static async Task<(World World, Accompaniment File, RepaymentPlan Plan)> ArrangeAsync(BrowserFixture browser, bool withPlan = true)
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        var file = await OpenAsync(world, referents: [Role.SocialWorker, Role.Manager]);
        var months = Enumerable.Range(0, 36).Select(k => k < 28 ? Month.Clean(640m, 230m) : new Month(640m, 300m, 230m, 110m * (k - 27))).ToArray();
        await SignalTestKit.AddLedgerAsync(world, world.NorthHousehold.Id, months, last: MonthAgo(1));
        RepaymentPlan plan = null!;
        if (withPlan)
        {
            plan = await MonthlyPlanAsync(world, file.Id, 110m, 2, 1, 0, -1, -2, -3, -4, -5);
        }

        await FslAsync(world, file.Id, Today.AddDays(-70), 880m);
        await FileKit.AddAsync(world, new OverIndebtednessFile { AccompanimentId = file.Id, FiledOn = Today.AddDays(-60), Status = OverIndebtednessStatus.Admissible, AdmissibilityOn = Today.AddDays(-20) });
        await StepAsync(world, file.Id, EvictionStage.PaymentOrder, Today.AddDays(-50), "Signifié par huissier");
        await StepAsync(world, file.Id, EvictionStage.Summons, Today.AddDays(-10), "Audience au tribunal de proximité", Today.AddDays(35));
        return (world, file, plan);
    }

    [SkippableFact]
    public async Task A_social_worker_records_a_plan_from_a_phone()
    {
        var (world, file, _) = await ArrangeAsync(browser, withPlan: false);
        await using var context = await browser.NewContextAsync(Role.SocialWorker, world, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/Accompaniments/File/{file.Id}");
        await Expect(page.Locator("#alerte-expulsion")).ToContainTextAsync("assignation au tribunal");
        await BrowserChecks.AssertFitsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Suivi des impayés" }).ClickAsync();
        await BrowserChecks.AssertFitsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Enregistrer un plan d’apurement" }).ClickAsync();
        await page.GetByLabel("Montant total de la dette à apurer").FillAsync("880");
        await page.GetByLabel("Montant d’une échéance").FillAsync("110");
        await page.GetByLabel("Nombre d’échéances").FillAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Les échéances ne couvrent pas exactement la dette");
        await BrowserChecks.AssertFitsAsync(page);
        await page.GetByLabel("Nombre d’échéances").FillAsync("8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Le plan d’apurement a été enregistré.");
        await Expect(page.Locator("#section-plan tbody tr")).ToHaveCountAsync(8);
        await BrowserChecks.AssertFitsAsync(page);
    }

    [SkippableTheory]
    [InlineData("arrears")]
    [InlineData("arrears-phone")]
    [InlineData("file")]
    [InlineData("plan-errors")]
    [InlineData("plan-edit")]
    [InlineData("plan-delete-errors")]
    [InlineData("instalment")]
    [InlineData("fsl")]
    [InlineData("over-indebtedness")]
    [InlineData("eviction")]
    [InlineData("settings")]
    public async Task Arrears_pages_have_no_WCAG_2_1_AA_violations(string which)
    {
        var (world, file, plan) = await ArrangeAsync(browser);
        var phone = which == "arrears-phone" ? BrowserChecks.Phone : null;
        await using var context = await browser.NewContextAsync(Role.Manager, world, phone);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);

        switch (which)
        {
            case "arrears":
            case "arrears-phone":
                await page.GotoAsync($"/Accompaniments/Arrears/{file.Id}");
                await Expect(page.Locator("#etape-actuelle")).ToContainTextAsync("Assignation au tribunal");
                await page.Locator("details.debt-table summary").ClickAsync();
                if (phone is not null)
                {
                    await BrowserChecks.AssertFitsAsync(page);
                }

                break;
            case "file":
                await page.GotoAsync($"/Accompaniments/File/{file.Id}");
                await Expect(page.Locator("#section-impayes")).ToContainTextAsync("Plan d’apurement en cours");
                break;
            case "plan-errors":
                await page.GotoAsync($"/Accompaniments/Arrears/Plan/{file.Id}");
                await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Indiquez le montant total de la dette.");
                break;
            case "plan-edit":
                await page.GotoAsync($"/Accompaniments/Arrears/Plan/{file.Id}/{plan.Id}");
                await Expect(page.Locator("pre.schedule")).ToContainTextAsync("110");
                break;
            case "plan-delete-errors":
                await page.GotoAsync($"/Accompaniments/Arrears/Plan/{file.Id}/{plan.Id}");
                await page.GetByRole(AriaRole.Link, new() { Name = "Supprimer ce plan saisi par erreur" }).ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer le plan" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Cochez la case pour confirmer");
                break;
            case "instalment":
                await page.GotoAsync($"/Accompaniments/Arrears/Instalment/{file.Id}/{plan.Instalments[1].Id}");
                await page.GetByRole(AriaRole.Radio, new() { Name = "Respectée", Exact = true }).ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Indiquez la raison de la correction.");
                break;
            case "fsl":
                await page.GotoAsync($"/Accompaniments/Arrears/Fsl/{file.Id}");
                await Expect(page.GetByLabel("Montant demandé")).ToBeVisibleAsync();
                break;
            case "over-indebtedness":
                await page.GotoAsync($"/Accompaniments/Arrears/OverIndebtedness/{file.Id}");
                await Expect(page.GetByLabel("Date de dépôt à la Banque de France")).ToBeVisibleAsync();
                break;
            case "eviction":
                await page.GotoAsync($"/Accompaniments/Arrears/Eviction/{file.Id}");
                await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Commandement de payer" })).ToBeVisibleAsync();
                break;
            case "settings":
                await page.GotoAsync("/Signals/Settings");
                await Expect(page.GetByLabel("Délai de grâce après la date d’échéance (jours)")).ToBeVisibleAsync();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(which), which, null);
        }

        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
    }
}
