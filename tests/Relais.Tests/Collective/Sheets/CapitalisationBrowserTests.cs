using Microsoft.Playwright;
using Relais.Features.Collective;
using Relais.Features.Collective.Budget;
using Relais.Features.Collective.Outcomes;
using Relais.Features.Collective.Sheets;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Relais.Tests.Collective.Sheets;

/// <summary>The budget section, an indicator's chart and a practice sheet in a real Chromium at phone width: WCAG 2.1 AA, no CSP violation, no sideways scroll.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CapitalisationBrowserTests(BrowserFixture browser)
{
    [SkippableTheory]
    [InlineData("budget")]
    [InlineData("funding-errors")]
    [InlineData("outcomes")]
    [InlineData("sheet")]
    [InlineData("library")]
    [InlineData("public")]
    public async Task Budget_outcomes_and_sheet_pages_are_accessible_on_a_phone(string which)
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        var p = await CapitalisationKit.ProjectAsync(world);
        var today = DateOnly.FromDateTime(DateTime.Today);
        await CapitalisationKit.AddAsync(world, new ProjectFundingLine { OrganisationId = world.Id, ProjectId = p.Id, Source = "Contrat de ville (appel à projets 2026)", Status = FundingStatus.Received, Requested = 4000, Granted = 3500, Received = 3500 });
        await CapitalisationKit.AddAsync(world, new ProjectExpense { OrganisationId = world.Id, ProjectId = p.Id, SpentOn = today, Label = "Peinture façade et rouleaux", Amount = 1249.90m });
        var indicator = await CapitalisationKit.AddAsync(world, new ProjectIndicator { OrganisationId = world.Id, ProjectId = p.Id, Name = "Participants", Unit = "habitants", Target = 12, Computation = IndicatorComputation.Participants });
        foreach (var (days, value) in new[] { (-60, 3m), (-30, 5m), (-2, 8m) })
        {
            await CapitalisationKit.AddAsync(world, new IndicatorMeasurement { OrganisationId = world.Id, IndicatorId = indicator.Id, MeasuredOn = today.AddDays(days), Value = value });
        }

        var sheet = new PracticeSheet
        {
            OrganisationId = world.Id, ProjectId = p.Id, Title = "Fresque du passage des Tilleuls", Theme = "Embellissement", Year = today.Year, Status = SheetStatus.Final,
            Context = "- **Thème** : Embellissement\n- **Territoire** : une résidence de 120 logements", Lessons = "Un *planning* partagé ; voir [le guide](https://example.org/guide).",
            PublishedOn = today, PublicToken = Guid.NewGuid().ToString("N"),
        };
        sheet.SearchKey = SheetDraft.KeyOf(sheet);
        await CapitalisationKit.AddAsync(world, sheet);

        await using var context = await browser.NewContextAsync(Role.SocialWorker, world, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);
        switch (which)
        {
            case "budget":
                await page.GotoAsync($"/Collective/Budget/{p.Id}");
                await Expect(page.Locator("[data-balance=received]")).ToContainTextAsync("2");
                break;
            case "funding-errors":
                await page.GotoAsync($"/Collective/Budget/Funding/{p.Id}");
                await page.GetByLabel("Financeur").FillAsync("Ville");
                await page.GetByLabel("Montant demandé").FillAsync("-120");
                await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("ne peut pas être négatif");
                break;
            case "outcomes":
                await page.GotoAsync($"/Collective/Outcomes/{p.Id}");
                await Expect(page.Locator($"#indicateur-{indicator.Id} svg circle")).ToHaveCountAsync(3);
                break;
            case "sheet":
                await page.GotoAsync($"/Collective/Sheets/{sheet.Id}");
                await Expect(page.Locator("#section-Lessons")).ToBeVisibleAsync();
                break;
            case "library":
                await page.GotoAsync("/Collective/Sheets?q=fresque");
                await Expect(page.Locator(".sheet-list a")).ToHaveCountAsync(1);
                break;
            case "public":
                await page.GotoAsync($"/Collective/Sheets/Public/{sheet.PublicToken}");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Fresque");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(which), which, null);
        }

        await BrowserChecks.AssertFitsAsync(page);
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
    }
}
