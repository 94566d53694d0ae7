using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Relais.Tests.Accompaniments;

/// <summary>« Mon accompagnement » in full (with the arrears follow-up), reopening, deleting a meeting and the export page in a real Chromium: phone width, WCAG 2.1 AA, no CSP error.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PersonAccessBrowserTests(BrowserFixture browser)
{
    [SkippableTheory]
    [InlineData("mine")]
    [InlineData("reopen-errors")]
    [InlineData("delete-meeting-errors")]
    [InlineData("export")]
    public async Task Person_access_and_lifecycle_pages_have_no_WCAG_2_1_AA_violations(string which)
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        var f = await PersonFileArrangement.ArrangeAsync(world);
        if (which == "mine")
        {
            await f.AddArrearsAsync();
        }

        if (which == "reopen-errors")
        {
            await using var scope = world.App.SystemScope(world.Id, out var db);
            var file = await db.Accompaniments.SingleAsync(a => a.Id == f.File.AccompanimentId);
            file.Status = AccompanimentStatus.Closed;
            file.ClosureOutcome = ClosureOutcome.Referred;
            file.LastContactOn = FileKit.Today.AddDays(-3);
            file.ClosedOn = FileKit.Today;
            file.ClosedByName = "Camille";
            await db.SaveChangesAsync();
        }

        await using var context = await browser.NewContextAsync(which == "mine" ? Role.Resident : Role.SocialWorker, world, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);

        var id = f.File.AccompanimentId;
        switch (which)
        {
            case "mine":
                await page.GotoAsync("/Accompaniments/Mine");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"« {f.Goal} »" })).ToBeVisibleAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Le suivi de votre dette de loyer" })).ToBeVisibleAsync();
                await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Échéances du plan du 15 décembre 2025" })).ToBeVisibleAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Qui a consulté mon dossier" })).ToBeVisibleAsync();
                await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Télécharger en PDF" })).ToBeVisibleAsync();
                break;
            case "reopen-errors":
                await page.GotoAsync($"/Accompaniments/File/{id}");
                await page.GetByRole(AriaRole.Link, new() { Name = "Rouvrir l’accompagnement" }).ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Rouvrir l’accompagnement" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Indiquez la raison de la réouverture.");
                break;
            case "delete-meeting-errors":
                await page.GotoAsync($"/Accompaniments/Meeting/{id}/{f.MeetingId}");
                await page.GetByRole(AriaRole.Link, new() { Name = "Supprimer cet entretien saisi par erreur" }).ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer l’entretien" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Cochez la case pour confirmer");
                break;
            case "export":
                await page.GotoAsync($"/Accompaniments/File/{id}");
                await page.GetByRole(AriaRole.Link, new() { Name = "Données de la personne (à remettre à sa demande)" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Télécharger en JSON" })).ToBeVisibleAsync();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(which), which, null);
        }

        await BrowserChecks.AssertFitsAsync(page);
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
    }
}
