using Microsoft.Playwright;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Relais.Tests.Accompaniments.FileKit;

namespace Relais.Tests.Accompaniments;

/// <summary>The file's pages in a real Chromium: a meeting noted from a phone, and WCAG 2.1 AA with no CSP violation on each page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FileBrowserTests(BrowserFixture browser)
{
    private static async Task<(World World, Accompaniment File, AccompanimentGoal Goal)> ArrangeAsync(BrowserFixture browser)
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        var file = await OpenAsync(world, referents: [Role.SocialWorker, Role.Manager], nextReview: Today.AddDays(-2));
        await AddAsync(world, new AccompanimentStrength { AccompanimentId = file.Id, Kind = StrengthKind.SupportPerson, Text = "Sa sœur, qui habite l’immeuble d’en face" });
        var goal = await AddAsync(world, new AccompanimentGoal { AccompanimentId = file.Id, Wording = "Ne plus avoir peur d’ouvrir mon courrier", SetOn = Today.AddDays(-20) });
        await AddAsync(world, new GoalAction { GoalId = goal.Id, Description = "Trier le courrier ensemble", Actor = ActionActor.Partner, PartnerName = "CCAS", DueOn = Today.AddDays(-1) });
        await AddAsync(world, new AccompanimentRight { AccompanimentId = file.Id, RightKindId = await RightIdAsync(world, "CSS"), Status = RightStatus.NotClaimed, CheckedOn = Today });
        await AddAsync(world, new AccompanimentMeeting { AccompanimentId = file.Id, HeldOn = Today.AddDays(-3), Medium = MeetingMedium.Home, Participants = "Benoît Lefèvre", Summary = "Premier entretien." });
        return (world, file, goal);
    }

    [SkippableFact]
    public async Task A_social_worker_notes_a_meeting_from_a_phone()
    {
        var (world, file, _) = await ArrangeAsync(browser);
        await using var context = await browser.NewContextAsync(Role.SocialWorker, world, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/Accompaniments/File/{file.Id}");
        await BrowserChecks.AssertFitsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Noter un entretien" }).ClickAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Téléphone" }).ClickAsync();
        await page.GetByLabel("Compte rendu").FillAsync("Rappel pour le rendez-vous CAF de jeudi.");
        await BrowserChecks.AssertFitsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("L’entretien a été noté.");
        await Expect(page.Locator("#section-entretiens")).ToContainTextAsync("Rappel pour le rendez-vous CAF de jeudi.");
    }

    [SkippableTheory]
    [InlineData("file")]
    [InlineData("file-phone")]
    [InlineData("form-errors")]
    [InlineData("timeline")]
    [InlineData("deadlines")]
    [InlineData("list")]
    [InlineData("statistics")]
    [InlineData("rights")]
    public async Task Accompaniment_pages_have_no_WCAG_2_1_AA_violations(string which)
    {
        var (world, file, goal) = await ArrangeAsync(browser);
        var phone = which == "file-phone" ? BrowserChecks.Phone : null;
        await using var context = await browser.NewContextAsync(Role.Manager, world, phone);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);

        switch (which)
        {
            case "file":
            case "file-phone":
                await page.GotoAsync($"/Accompaniments/File/{file.Id}");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 3 })).ToContainTextAsync("Ne plus avoir peur d’ouvrir mon courrier");
                if (phone is not null)
                {
                    await BrowserChecks.AssertFitsAsync(page);
                }

                break;
            case "form-errors":
                await page.GotoAsync($"/Accompaniments/Action/{file.Id}/{goal.Id}");
                await page.GetByRole(AriaRole.Radio, new() { Name = "Un partenaire" }).ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Indiquez le nom du partenaire.");
                break;
            case "timeline":
                await page.GotoAsync($"/Accompaniments/Timeline/{file.Id}");
                await Expect(page.Locator("#chronologie")).ToContainTextAsync("Premier entretien.");
                break;
            case "deadlines":
                await page.GotoAsync("/Accompaniments/Deadlines");
                await Expect(page.Locator("section.deadline-group").First).ToContainTextAsync("en retard de 2");
                break;
            case "list":
                await page.GotoAsync("/Accompaniments");
                await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Benoît LEFÈVRE");
                break;
            case "statistics":
                await page.GotoAsync($"/Accompaniments/Statistics");
                await Expect(page.Locator("#secteurs-en-cours")).ToBeVisibleAsync();
                break;
            case "rights":
                await page.GotoAsync("/Accompaniments/Rights");
                await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Chèque énergie");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(which), which, null);
        }

        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
    }
}
