using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Relais.Tests.Ledger;

/// <summary>The import as a Responsable does it in Chromium: labels, preview, progress then report (script, no inline code), axe-core.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LedgerBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task A_manager_imports_a_ledger_from_the_browser_and_the_report_appears_when_the_import_ends()
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        await using var context = await browser.NewContextAsync(Role.Manager, world);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                cspErrors.Add($"{response.Status} {response.Url}");
            }
        };
        var lines = Enumerable.Range(1, 12).SelectMany(m => new[]
        {
            $"{world.NorthHousehold.TenantReference};{world.NorthHousehold.Dwelling!.Reference};{m:00}/2025;512,30;512,30;0,00;0,00",
            $"{world.SouthHousehold.TenantReference};Résidence Chloé;{m:00}/2025;640,00;440,00;200,00;0,00",
        });
        var path = LedgerTestFiles.Write(LedgerTestFiles.Lines([.. lines]), LedgerTestFiles.Windows1252);

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal" }).GetByRole(AriaRole.Link, new() { Name = "Quittancement" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Relevé de quittancement");
        await AssertAccessibleAsync(page);

        await page.GetByLabel("Fichier du relevé (CSV)").SetInputFilesAsync(path);
        await page.GetByLabel("Encodage").SelectOptionAsync("auto");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lire le fichier" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Aperçu avant import");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Windows-1252 (détecté)");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Résidence Chloé");
        await Expect(page.GetByRole(AriaRole.Table).Locator("tbody tr")).ToHaveCountAsync(10);
        await Expect(page.GetByLabel("Référence locataire", new() { Exact = true })).ToHaveValueAsync("Référence locataire");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Importer le fichier" }).ClickAsync();
        // The page polls the progress endpoint and reloads itself at the end: no manual reload here.
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Import réussi" })).ToContainTextAsync("24 lignes importées", new() { Timeout = 30_000 });
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("12 mois, de 01/2025 à 12/2025");
        await AssertAccessibleAsync(page);
        Assert.True(cspErrors.Count == 0, "Content Security Policy violations or failed requests:\n" + string.Join("\n", cspErrors));
        File.Delete(path);
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

        var report = new StringBuilder($"axe-core found {result.Violations.Length} violation(s) on {page.Url}:\n");
        foreach (var violation in result.Violations)
        {
            report.AppendLine($"- [{violation.Impact}] {violation.Id}: {violation.Help}");
            foreach (var node in violation.Nodes)
            {
                report.AppendLine($"    at {node.Target}: {node.Html}");
            }
        }

        Assert.Fail(report.ToString());
    }
}
