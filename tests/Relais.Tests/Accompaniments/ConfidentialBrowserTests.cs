using Microsoft.Playwright;
using Relais.Features.Accompaniments.Confidential;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Relais.Tests.Accompaniments;

/// <summary>The notes, « Mon accompagnement » and partner pages in a real Chromium: phone width, WCAG 2.1 AA, no CSP error.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConfidentialBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task A_worker_shares_a_note_with_the_person_from_a_phone_and_the_person_reads_it()
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        var file = await ConfidentialFile.ArrangeAsync(world);
        var phone = BrowserChecks.Phone;
        await using (var context = await browser.NewContextAsync(Role.SocialWorker, world, phone))
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(file.NotesUrl);
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Note", Exact = true }).FillAsync("Rendez-vous pris à la CAF jeudi à 14 h.");
            await page.GetByRole(AriaRole.Radio, new() { Name = "Partagée avec la personne" }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la note" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("La note est enregistrée.");
            await BrowserChecks.AssertFitsAsync(page);
        }

        await using (var context = await browser.NewContextAsync(Role.Resident, world, phone))
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal" }).GetByRole(AriaRole.Link, new() { Name = "Mon accompagnement" }).ClickAsync();
            await Expect(page.GetByText("Rendez-vous pris à la CAF jeudi à 14 h.")).ToBeVisibleAsync();
            await Expect(page.GetByText(file.NoteText(ConfidentialityLevel.Team))).ToHaveCountAsync(0);
            await BrowserChecks.AssertFitsAsync(page);
        }
    }

    [SkippableTheory]
    [InlineData("notes")]
    [InlineData("notes-errors")]
    [InlineData("edit-note")]
    [InlineData("mine")]
    [InlineData("partner")]
    [InlineData("admin-partners")]
    public async Task Confidential_pages_have_no_WCAG_2_1_AA_violations(string which)
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        var file = await ConfidentialFile.ArrangeAsync(world);
        var role = which switch
        {
            "mine" => Role.Resident,
            "partner" => Role.Partner,
            "admin-partners" => Role.Administrator,
            _ => Role.SocialWorker,
        };
        await using var context = await browser.NewContextAsync(role, world, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);

        switch (which)
        {
            case "notes":
                await page.GotoAsync(file.NotesUrl);
                await Expect(page.Locator("p.health-text")).ToHaveTextAsync(file.HealthText);
                break;
            case "notes-errors":
                await page.GotoAsync(file.NotesUrl);
                await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter le document" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Choisissez un fichier PDF, PNG ou JPEG.");
                break;
            case "edit-note":
                await page.GotoAsync($"/Accompaniments/Notes/Edit/{file.NoteIds[ConfidentialityLevel.Partner]}");
                await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Note", Exact = true })).ToHaveValueAsync(file.NoteText(ConfidentialityLevel.Partner));
                break;
            case "mine":
                await page.GotoAsync("/Accompaniments/Mine");
                await Expect(page.GetByText(file.NoteText(ConfidentialityLevel.Person))).ToBeVisibleAsync();
                break;
            case "partner":
                await page.GotoAsync("/Partners/Shared");
                await Expect(page.GetByText(file.NoteText(ConfidentialityLevel.Partner))).ToBeVisibleAsync();
                break;
            case "admin-partners":
                await page.GotoAsync("/Admin/Partners");
                await Expect(page.GetByRole(AriaRole.Link, new() { Name = file.Partner.Name })).ToBeVisibleAsync();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(which), which, null);
        }

        await BrowserChecks.AssertFitsAsync(page);
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
    }
}
