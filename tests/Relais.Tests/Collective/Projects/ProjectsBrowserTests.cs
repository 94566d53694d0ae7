using Microsoft.Playwright;
using Relais.Features.Collective;
using Relais.Features.Collective.Projects;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Relais.Tests.Collective.Projects.ProjectsKit;

namespace Relais.Tests.Collective.Projects;

/// <summary>The collective projects' pages in a real Chromium, at phone width: WCAG 2.1 AA, no CSP violation, no sideways scroll.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProjectsBrowserTests(BrowserFixture browser)
{
    private static async Task<(World World, Project Mural)> ArrangeAsync(BrowserFixture browser)
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        var mural = await ProjectAsync(world, "Fresque « Nos couleurs » du hall", residences: [world.NorthResidence.Id], communes: ["94038"], open: true);
        await AddAsync(world, new ProjectMember { ProjectId = mural.Id, Kind = MemberKind.Resident, Role = MemberRole.Carrier, PersonId = world.NorthHolder.Id, JoinedOn = Today.AddDays(-20) });
        await AddAsync(world, new ProjectMember { ProjectId = mural.Id, Kind = MemberKind.Staff, Role = MemberRole.Referent, UserId = world.Users[Role.SocialWorker].Id, JoinedOn = Today.AddDays(-20) });
        await AddAsync(world, new ProjectMilestone { ProjectId = mural.Id, Phase = "Préparation", Title = "Maquettes votées", DueOn = Today.AddDays(-3), DoneOn = Today.AddDays(-3) });
        await AddAsync(world, new ProjectMilestone { ProjectId = mural.Id, Phase = "Réalisation", Title = "Peinture du hall", DueOn = Today.AddDays(20) });
        await ProjectAsync(world, "Jardins partagés de la Cité du Parc", residences: [world.SouthResidence.Id], status: ProjectStatus.Preparing);
        await ProjectAsync(world, "Groupe budget et loyers", residences: [world.SouthResidence.Id], kind: ProjectKind.Programme, sensitivity: ProjectSensitivity.Arrears);
        await AddAsync(world, new ResidentProposal { PersonId = world.SouthHolder.Id, ResidenceId = world.SouthResidence.Id, Title = "Atelier vélo", What = "Réparer ensemble les vélos." });
        return (world, mural);
    }

    [SkippableTheory]
    [InlineData("list", Role.SocialWorker)]
    [InlineData("project", Role.SocialWorker)]
    [InlineData("edit-errors", Role.SocialWorker)]
    [InlineData("members", Role.SocialWorker)]
    [InlineData("milestones", Role.Manager)]
    [InlineData("themes", Role.Manager)]
    [InlineData("proposal", Role.Manager)]
    [InlineData("resident", Role.Resident)]
    public async Task Collective_pages_are_accessible_and_fit_a_phone(string which, Role role)
    {
        var (world, mural) = await ArrangeAsync(browser);
        await using var context = await browser.NewContextAsync(role, world, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);
        switch (which)
        {
            case "list":
                await page.GotoAsync("/Collective");
                await Expect(page.Locator("#total")).ToHaveTextAsync("3 projets.");
                await page.GetByLabel("Rechercher").FillAsync("fresque");
                await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
                await Expect(page.Locator("#total")).ToHaveTextAsync("1 projet.");
                break;
            case "project":
                await page.GotoAsync($"/Collective/Project/{mural.Id}");
                await Expect(page.Locator("table.members")).ToContainTextAsync("Benoît Lefèvre");
                await Expect(page.Locator("ul.milestones").First).ToContainTextAsync("Maquettes votées");
                break;
            case "edit-errors":
                await page.GotoAsync($"/Collective/Project/{mural.Id}/Edit");
                await page.GetByLabel("Titre du projet").FillAsync("");
                await page.GetByLabel("Début").FillAsync("2026-06-01");
                await page.GetByLabel("Fin prévue").FillAsync("2026-05-01");
                await page.GetByLabel("Communes").FillAsync("Zzzville");
                await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("La date de fin ne peut pas précéder la date de début.");
                await Expect(page.Locator("#communes-err")).ToContainTextAsync("Commune inconnue");
                break;
            case "members":
                await page.GotoAsync($"/Collective/Project/{mural.Id}/Members?q=N'Diaye");
                await Expect(page.Locator("ul.person-hits")).ToContainTextAsync("Chloé N'Diaye");
                await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter : Chloé N'Diaye" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Chloé N'Diaye a rejoint le projet.");
                break;
            case "milestones":
                await page.GotoAsync($"/Collective/Project/{mural.Id}/Milestones");
                await page.GetByRole(AriaRole.Button, new() { Name = "Marquer atteint : Peinture du hall" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("« Peinture du hall » est atteint.");
                break;
            case "themes":
                await page.GotoAsync("/Collective/Themes");
                await Expect(page.Locator("#themes tbody tr")).ToHaveCountAsync(ProjectTheme.Defaults.Length);
                break;
            case "proposal":
                await page.GotoAsync("/");
                await page.GetByRole(AriaRole.Link, new() { Name = "Propositions des habitants" }).First.ClickAsync();
                await page.GetByRole(AriaRole.Link, new() { Name = "Atelier vélo" }).ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la réponse" }).ClickAsync();
                await Expect(page.Locator("#answer-err")).ToHaveTextAsync("Indiquez votre réponse.");
                break;
            case "resident":
                await page.GotoAsync("/");
                await page.GetByRole(AriaRole.Link, new() { Name = "Projets de ma résidence" }).First.ClickAsync();
                await Expect(page.Locator("ul.resident-projects h3")).ToHaveTextAsync(["Fresque « Nos couleurs » du hall"]);
                await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma proposition" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Indiquez le nom de votre projet.");
                break;
        }

        await BrowserChecks.AssertFitsAsync(page);
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
    }
}
