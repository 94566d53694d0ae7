using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Web;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Relais.Tests.Browser;

/// <summary>The app in a real Chromium: sign-in and menus, search, editing, accessibility (axe-core) and phone layout.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserTests(BrowserFixture browser)
{
    private static readonly string[] MenuItems = ["Ménages", "Patrimoine", "Mon logement", "Utilisateurs", "Organisation"];

    [SkippableTheory]
    [InlineData(Role.Administrator, new[] { "Utilisateurs", "Organisation", "Patrimoine" })]
    [InlineData(Role.Manager, new[] { "Ménages", "Patrimoine" })]
    [InlineData(Role.SocialWorker, new[] { "Ménages", "Patrimoine" })]
    [InlineData(Role.FieldAgent, new[] { "Ménages", "Patrimoine" })]
    [InlineData(Role.Partner, new string[0])]
    [InlineData(Role.Resident, new[] { "Mon logement" })]
    public async Task Each_role_signs_in_and_sees_only_its_menu(Role role, string[] visible)
    {
        await browser.StartAsync();
        var world = browser.Shared;
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await BrowserFixture.SignInAsync(page, world.Email(role));

        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal" });
        foreach (var item in new[] { "Accueil", "Mon compte" }.Concat(visible))
        {
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = item, Exact = true })).ToBeVisibleAsync();
        }

        foreach (var item in MenuItems.Except(visible))
        {
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = item, Exact = true })).ToHaveCountAsync(0);
        }

        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync(role.Label());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" })).ToBeVisibleAsync();
        await browser.RememberSignedInAsync(world, role, context);
    }

    [SkippableFact]
    public async Task Wrong_password_keeps_the_person_on_the_sign_in_page()
    {
        await browser.StartAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Adresse électronique").FillAsync(browser.Shared.Email(Role.SocialWorker));
        await page.GetByLabel("Mot de passe").FillAsync("pas le bon mot de passe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal" })).ToHaveCountAsync(0);
        Assert.Contains("/Account/Login", page.Url, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Social_worker_finds_a_household_by_name_without_accents_and_opens_it()
    {
        await using var context = await browser.NewContextAsync(Role.SocialWorker);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal" }).GetByRole(AriaRole.Link, new() { Name = "Ménages", Exact = true }).ClickAsync();
        await page.GetByLabel("Rechercher un ménage ou une personne").FillAsync("benoit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 ménage pour « benoit »");
        var results = page.GetByRole(AriaRole.Table);
        await Expect(results.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await Expect(results).Not.ToContainTextAsync("Chloé");
        await results.GetByRole(AriaRole.Link, new() { Name = "LEFÈVRE Benoît" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("LEFÈVRE Benoît");
        Assert.EndsWith($"/Households/Details/{browser.Shared.NorthHousehold.Id}", page.Url, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Social_worker_changes_a_phone_number_and_sees_it_on_the_household_page()
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        await using var context = await browser.NewContextAsync(Role.SocialWorker, world);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/Households/EditPerson/{world.NorthHolder.Id}");
        var phone = page.GetByLabel("Téléphone");
        await Expect(phone).ToHaveValueAsync("06 12 34 56 78");
        await phone.FillAsync("07 98 76 54 32");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();

        await page.WaitForURLAsync($"**/Households/Details/{world.NorthHousehold.Id}");
        var composition = page.GetByRole(AriaRole.Region, new() { Name = "Composition du ménage" });
        await Expect(composition.GetByRole(AriaRole.Link, new() { Name = "07 98 76 54 32" })).ToBeVisibleAsync();
        await Expect(composition).Not.ToContainTextAsync("06 12 34 56 78");

        await using var scope = browser.App.SystemScope(world.Id, out var db);
        Assert.Equal("07 98 76 54 32", (await db.Persons.FindAsync(world.NorthHolder.Id))!.Phone);
    }

    [SkippableTheory]
    [InlineData("sign-in")]
    [InlineData("home")]
    [InlineData("household-list")]
    [InlineData("household-page")]
    public async Task Page_has_no_WCAG_2_1_AA_violations(string which)
    {
        await browser.StartAsync();
        var world = browser.Shared;
        await using var context = which == "sign-in" ? await browser.NewContextAsync() : await browser.NewContextAsync(Role.SocialWorker);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);

        switch (which)
        {
            case "sign-in":
                await page.GotoAsync("/Account/Login");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Connexion à Relais");
                break;
            case "home":
                await page.GotoAsync("/");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Bonjour");
                break;
            case "household-list":
                await page.GotoAsync("/Households?q=lefevre");
                await Expect(page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link, new() { Name = "LEFÈVRE Benoît" })).ToBeVisibleAsync();
                break;
            case "household-page":
                await page.GotoAsync($"/Households/Details/{world.NorthHousehold.Id}");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("LEFÈVRE Benoît");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(which), which, null);
        }

        await AssertAccessibleAsync(page);
        Assert.True(cspErrors.Count == 0, "Content Security Policy violations:\n" + string.Join("\n", cspErrors));
    }

    [SkippableTheory]
    [InlineData("household-page")]
    [InlineData("household-list")]
    public async Task Page_fits_a_phone_screen_without_horizontal_scrolling(string which)
    {
        await browser.StartAsync();
        var world = browser.Shared;
        await using var context = await browser.NewContextAsync(Role.SocialWorker, viewport: new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();
        await page.GotoAsync(which == "household-page" ? $"/Households/Details/{world.NorthHousehold.Id}" : "/Households?q=lefevre");
        await Expect(page.GetByText("LEFÈVRE Benoît").First).ToBeVisibleAsync();

        var size = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]");
        var wide = await page.EvaluateAsync<string[]>(
            "() => { const w = document.scrollingElement.clientWidth; return [...document.querySelectorAll('body *')]" +
            ".filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 10).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' → ' + Math.round(e.getBoundingClientRect().right) + 'px'); }");
        Assert.True(size[0] <= size[1], $"The page scrolls sideways at 390 px: scrollWidth {size[0]} > clientWidth {size[1]}. Too wide:\n{string.Join("\n", wide)}");
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        if (result.Violations.Length == 0)
        {
            Assert.NotEmpty(result.Passes);
            return;
        }

        var report = new StringBuilder($"axe-core found {result.Violations.Length} WCAG 2.1 A/AA violation(s) on {page.Url}:\n");
        foreach (var violation in result.Violations)
        {
            report.AppendLine($"- [{violation.Impact}] {violation.Id}: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes)
            {
                report.AppendLine($"    at {node.Target}");
                report.AppendLine($"       {node.Html}");
                foreach (var check in node.Any.Concat(node.All).Concat(node.None))
                {
                    report.AppendLine($"       · {check.Message}");
                }
            }
        }

        Assert.Fail(report.ToString());
    }
}
