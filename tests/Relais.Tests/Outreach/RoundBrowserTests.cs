using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Relais.Features.Outreach;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Relais.Tests.Outreach;

/// <summary>The round on a phone, in a real Chromium: fits 390 px, large touch targets, accessible, one tap saves an attempt.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RoundBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task A_field_agent_logs_an_attempt_with_one_tap_on_a_phone_sized_round()
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        var signal = await OutreachKit.AddSignalAsync(world, world.NorthHousehold.Id, note: "Voisine inquiète : volets fermés depuis dix jours");
        var campaign = await OutreachKit.AddCampaignAsync(world, "Tournée des Tilleuls, secteur Nord", DateOnly.FromDateTime(DateTime.Now), null, [Role.FieldAgent]);
        var target = await OutreachKit.AddTargetAsync(world, campaign.Id, world.NorthHousehold.Id, signal.Id);
        await using var context = await browser.NewContextAsync(Role.FieldAgent, world, new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);

        await page.GotoAsync($"/Outreach/Round/{campaign.Id}");
        var card = page.Locator($"#cible-{target.Id}");
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = "LEFÈVRE Benoît" })).ToBeVisibleAsync();

        var size = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]");
        Assert.True(size[0] <= size[1], $"The round scrolls sideways at 390 px: scrollWidth {size[0]} > clientWidth {size[1]}.");
        var buttons = card.GetByRole(AriaRole.Button);
        Assert.Equal(6, await buttons.CountAsync());
        for (var i = 0; i < 6; i++)
        {
            var box = await buttons.Nth(i).BoundingBoxAsync();
            Assert.True(box is { Height: >= 44, Width: >= 44 }, $"Button {i} is {box?.Width}×{box?.Height} px: touch targets must be at least 44×44.");
        }

        var summary = card.Locator("summary");
        var summaryBox = await summary.BoundingBoxAsync();
        Assert.True(summaryBox is { Height: >= 44 }, "The note disclosure is a touch target too.");

        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.True(axe.Violations.Length == 0, "axe-core: " + string.Join("; ", axe.Violations.Select(v => $"{v.Id} at {string.Join(", ", v.Nodes.Select(n => n.Target))}")));

        // One tap: saved.
        await card.GetByRole(AriaRole.Button, new() { Name = "Absent", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#cible-{target.Id} .saved")).ToHaveTextAsync("Passage enregistré.");
        await Expect(page.Locator($"#cible-{target.Id} .state")).ToContainTextAsync("Absent");

        // A note, for those who want it: open, type, tap.
        await page.Locator($"#cible-{target.Id} summary").ClickAsync();
        await page.Locator($"#cible-{target.Id}").GetByLabel("Note (facultative)").FillAsync("Parlé à travers la porte, rappeler demain");
        await page.Locator($"#cible-{target.Id}").GetByRole(AriaRole.Button, new() { Name = "Échange", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#cible-{target.Id} .state")).ToContainTextAsync("Parlé à travers la porte");

        await using var scope = browser.App.SystemScope(world.Id, out var db);
        var attempts = await db.ContactAttempts.Where(a => a.TargetId == target.Id).OrderBy(a => a.At).Select(a => a.Outcome).ToListAsync();
        Assert.Equal([ContactOutcome.Absent, ContactOutcome.Talked], attempts);
        Assert.True(cspErrors.Count == 0, "Content Security Policy violations:\n" + string.Join("\n", cspErrors));
    }

    [SkippableTheory]
    [InlineData("list")]
    [InlineData("create-from-signals")]
    [InlineData("create-door-to-door")]
    [InlineData("campaign")]
    [InlineData("edit")]
    [InlineData("target")]
    [InlineData("dashboard")]
    [InlineData("open-accompaniment")]
    public async Task Outreach_page_is_accessible_and_fits_a_phone(string which)
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        var signal = await OutreachKit.AddSignalAsync(world, world.SouthHousehold.Id);
        await OutreachKit.AddRefusalAsync(world, world.SouthHousehold.Id, DateTimeOffset.UtcNow.AddMonths(-1));
        var campaign = await OutreachKit.AddCampaignAsync(world, "Tournée des Tilleuls", DateOnly.FromDateTime(DateTime.Now.AddDays(-3)), null, [Role.FieldAgent, Role.SocialWorker]);
        var target = await OutreachKit.AddTargetAsync(world, campaign.Id, world.NorthHousehold.Id, (await OutreachKit.AddSignalAsync(world, world.NorthHousehold.Id)).Id);
        await OutreachKit.AddAttemptAsync(world, target.Id, ContactOutcome.Talked, DateTimeOffset.UtcNow.AddHours(-1), note: "Souhaite être rappelée");
        await OutreachKit.AddTargetAsync(world, campaign.Id, world.SouthHousehold.Id, signal.Id, TargetStatus.HeldBack, "Refus exprimé le 01/10/2026\u00a0: pas de nouvelle approche avant le 01/04/2027");
        var url = which switch
        {
            "list" => "/Outreach",
            "create-from-signals" => "/Outreach/Create",
            "create-door-to-door" => "/Outreach/Create?source=place",
            "campaign" => $"/Outreach/Campaign/{campaign.Id}",
            "edit" => $"/Outreach/Edit/{campaign.Id}",
            "target" => $"/Outreach/Target/{target.Id}",
            "dashboard" => "/Outreach/Dashboard",
            "open-accompaniment" => $"/Accompaniments/Open/{world.NorthHousehold.Id}",
            _ => throw new ArgumentOutOfRangeException(nameof(which), which, null),
        };

        await using var context = await browser.NewContextAsync(Role.Manager, world, new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);
        var response = await page.GotoAsync(url);
        Assert.Equal(200, response?.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        var size = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]");
        var wide = await page.EvaluateAsync<string[]>(
            "() => { const w = document.scrollingElement.clientWidth; return [...document.querySelectorAll('body *')]" +
            ".filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 10).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' → ' + Math.round(e.getBoundingClientRect().right) + 'px'); }");
        Assert.True(size[0] <= size[1], $"{url} scrolls sideways at 390 px: {size[0]} > {size[1]}. Too wide:\n{string.Join("\n", wide)}");
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.True(axe.Violations.Length == 0, $"axe-core on {url}: " + string.Join("; ", axe.Violations.Select(v => $"{v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Target))}")));
        Assert.True(cspErrors.Count == 0, "Content Security Policy violations:\n" + string.Join("\n", cspErrors));
    }
}
