using Microsoft.Playwright;
using Relais.Features.Partners;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Relais.Tests.Partners.Directory;

/// <summary>The directory and territory pages in a real Chromium at 390 px: WCAG 2.1 AA, no CSP violation, no sideways scroll.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DirectoryBrowserTests(BrowserFixture browser)
{
    private static async Task<(World World, DirectoryIds Ids)> ArrangeAsync(BrowserFixture browser)
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        var ids = await DirectoryIds.ArrangeAsync(world);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var empp = new PartnerOrganisation { Name = "Équipe mobile psychiatrie-précarité Val-de-Marne Sud", Kind = PartnerKind.Empp, OrganisationId = world.Id, Phone = "01 42 11 70 00" };
        db.PartnerOrganisations.Add(empp);
        db.PartnerServices.Add(new PartnerService
        {
            Name = "Intervention à domicile", Description = "Évaluation et accompagnement vers le soin.", OrganisationId = world.Id, PartnerOrganisationId = empp.Id,
            Themes = ["sante--sante-mentale"], Publics = ["tous-publics"], MobilisationModes = ["telephoner"], EligibilityZone = ["94"],
            MobilisationUrl = "https://www.exemple-tres-long-pour-verifier-le-retour-a-la-ligne.fr/orientation/formulaire-de-saisine-de-l-equipe-mobile",
        });
        db.PartnerCoverage.Add(new PartnerCoverage { OrganisationId = world.Id, PartnerOrganisationId = ids.PartnerId, ResidenceId = world.NorthResidence.Id });
        db.PartnerOrganisations.Add(new PartnerOrganisation { Name = "Ancienne épicerie solidaire", Kind = PartnerKind.Association, IsActive = false, OrganisationId = world.Id });
        await db.SaveChangesAsync();
        return (world, ids);
    }

    [SkippableTheory]
    [InlineData("directory")]
    [InlineData("structure")]
    [InlineData("territory")]
    [InlineData("create-errors")]
    [InlineData("service")]
    [InlineData("coverage")]
    [InlineData("contacts")]
    [InlineData("agreement")]
    public async Task Directory_pages_are_accessible_and_fit_a_phone(string which)
    {
        var (world, ids) = await ArrangeAsync(browser);
        await using var context = await browser.NewContextAsync(Role.SocialWorker, world, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);
        switch (which)
        {
            case "directory":
                await page.GotoAsync("/Partners");
                await page.GetByLabel("Nom").FillAsync("equipe");
                await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
                await Expect(page.Locator("ul.directory li")).ToHaveCountAsync(1);
                await Expect(page.Locator("ul.directory li h2")).ToHaveTextAsync("Équipe mobile psychiatrie-précarité Val-de-Marne Sud");
                break;
            case "structure":
                await page.GotoAsync($"/Partners/{ids.PartnerId}");
                await Expect(page.Locator("#siret")).ToHaveTextAsync("732\u00A0829\u00A0320\u00A000074");
                break;
            case "territory":
                await page.GotoAsync("/Partners/Territory");
                await page.GetByLabel("Résidence", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = world.NorthResidence.Id.ToString() });
                await page.GetByRole(AriaRole.Button, new() { Name = "Voir la résidence" }).ClickAsync();
                await Expect(page.Locator("#gaps-title")).ToContainTextAsync("Aucun partenaire ne couvre ces thématiques (14 sur 16)");
                await Expect(page.Locator("#covered li[data-category='sante']")).ToContainTextAsync("Équipe mobile psychiatrie-précarité");
                break;
            case "create-errors":
                await page.GotoAsync("/Partners/Create");
                await page.GetByLabel("Nom de la structure").FillAsync("Médiation sociale du Val");
                await page.GetByLabel("Numéro SIRET").FillAsync("732 829 320 00075");
                await page.GetByLabel("E-mail").FillAsync("contact@");
                await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
                await Expect(page.Locator("#siret-err")).ToContainTextAsync("n’est pas valide (clé de contrôle)");
                break;
            case "service":
                await page.GotoAsync($"/Partners/Service/New/{ids.PartnerId}");
                await page.Locator("summary", new() { HasText = "Santé" }).ClickAsync();
                await page.GetByLabel("Santé mentale").CheckAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
                await Expect(page.Locator("#name-err")).ToHaveTextAsync("Le nom du service est obligatoire.");
                await Expect(page.GetByLabel("Santé mentale")).ToBeCheckedAsync();
                break;
            case "coverage":
                await page.GotoAsync($"/Partners/Coverage/{ids.PartnerId}");
                await page.GetByLabel("Code", new() { Exact = true }).FillAsync("94");
                await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
                await Expect(page.Locator("#coverage-list")).ToContainTextAsync("Val-de-Marne (département 94)");
                break;
            case "contacts":
                await page.GotoAsync($"/Partners/Contacts/{ids.PartnerId}");
                await Expect(page.Locator("#contacts")).ToContainTextAsync("Inès Caron");
                break;
            case "agreement":
                await page.GotoAsync($"/Partners/Agreement/Edit/{ids.AgreementId}");
                await Expect(page.GetByLabel("Intitulé")).ToHaveValueAsync("Convention de partenariat 2026");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(which), which, null);
        }

        await BrowserChecks.AssertFitsAsync(page);
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
    }
}
