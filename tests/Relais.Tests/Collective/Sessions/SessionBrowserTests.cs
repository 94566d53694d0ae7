using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Relais.Features.Collective;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Relais.Tests.Collective.Sessions;

/// <summary>Attendance taken on a phone in a real Chromium: one tap per person, saved without reloading; WCAG 2.1 AA, CSP, 390 px.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task A_facilitator_takes_attendance_on_a_phone_in_one_tap_per_person()
    {
        await browser.StartAsync();
        var world = await World.CreateAsync(browser.App);
        var p = await SessionKit.ArrangeAsync(world);
        await using var context = await browser.NewContextAsync(Role.Manager, world, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        var cspErrors = BrowserChecks.WatchCsp(page);
        await page.GotoAsync($"/Collective/Sessions/{p.SessionId}");
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
        await BrowserChecks.AssertFitsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Faire l’appel" }).ClickAsync();
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
        await BrowserChecks.AssertFitsAsync(page);

        var url = page.Url;
        var north = page.Locator($"#m-{p.North}");
        var south = page.Locator($"#m-{p.South}");
        await north.GetByRole(AriaRole.Button, new() { Name = "Présent" }).ClickAsync();
        await Expect(north.GetByRole(AriaRole.Button, new() { Name = "Présent" })).ToHaveAttributeAsync("aria-pressed", "true");
        await south.GetByRole(AriaRole.Button, new() { Name = "Absent" }).ClickAsync();
        await Expect(south.GetByRole(AriaRole.Button, new() { Name = "Absent" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#attendance-counts")).ToHaveTextAsync("1 présent · 0 excusé · 1 absent sur 3 invités");
        Assert.Equal(url, page.Url); // updated in place, no reload

        // Changing one's mind is one more tap.
        await north.GetByRole(AriaRole.Button, new() { Name = "Excusé" }).ClickAsync();
        await Expect(north.GetByRole(AriaRole.Button, new() { Name = "Excusé" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(north.GetByRole(AriaRole.Button, new() { Name = "Présent" })).ToHaveAttributeAsync("aria-pressed", "false");
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
        await BrowserChecks.AssertFitsAsync(page);

        var rows = await SessionKit.QueryAsync(world, db => db.SessionAttendances.Where(a => a.SessionId == p.SessionId).ToDictionaryAsync(a => a.MemberId, a => a.Status));
        Assert.Equal(AttendanceStatus.Excused, rows[p.North]);
        Assert.Equal(AttendanceStatus.Absent, rows[p.South]);
        Assert.Equal(AttendanceStatus.Invited, rows[p.Staff]);

        // The other session pages also pass the checks on a phone.
        foreach (var path in new[] { $"/Collective/Sessions/{p.SessionId}/Edit", $"/Collective/Sessions/{p.SessionId}/Media", $"/Collective/Sessions/Project/{p.ProjectId}", $"/Collective/Sessions/Project/{p.ProjectId}/New" })
        {
            await page.GotoAsync(path);
            await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
            await BrowserChecks.AssertFitsAsync(page);
        }

        await page.GotoAsync($"/Collective/Sessions/{p.SessionId}/Edit");
        await page.GetByLabel("Titre").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Donnez un titre à la séance");
        await BrowserChecks.AssertAccessibleAsync(page, cspErrors);
    }
}
