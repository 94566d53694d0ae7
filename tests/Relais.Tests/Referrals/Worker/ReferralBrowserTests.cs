using Microsoft.Playwright;
using Relais.Features.Referrals;
using Relais.Infrastructure.Security;
using Relais.Tests.Browser;
using Relais.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Relais.Tests.Referrals.Worker;

/// <summary>The referral pages in a real Chromium, on a phone: the New form (service list filtered by structure, theme
/// preselected, the gate's refusal, then sending), WCAG 2.1 AA, no CSP violation, no sideways scroll at 390 px.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReferralBrowserTests(BrowserFixture browser)
{
    private async Task<ReferralWorld> ArrangeAsync()
    {
        await browser.StartAsync();
        return await ReferralWorld.ArrangeAsync(await World.CreateAsync(browser.App));
    }

    [SkippableFact]
    public async Task A_social_worker_refers_from_a_phone_through_the_consent_gate()
    {
        var rw = await ArrangeAsync();
        await using var context = await browser.NewContextAsync(Role.SocialWorker, rw.World, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        var csp = BrowserChecks.WatchCsp(page);
        await page.GotoAsync($"/Accompaniments/File/{rw.AccompanimentId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Orienter vers un partenaire" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Orienter vers un partenaire");
        await BrowserChecks.AssertAccessibleAsync(page, csp);
        await BrowserChecks.AssertFitsAsync(page);

        // The mission locale has no service: the CCAS's service is hidden; the CCAS's service preselects its theme.
        await page.GetByLabel("Structure partenaire").SelectOptionAsync(new SelectOptionValue { Label = rw.MissionLocale.Name });
        await Expect(page.Locator($"#service option[value='{rw.CcasService.Id}']")).ToBeDisabledAsync();
        await page.GetByLabel("Structure partenaire").SelectOptionAsync(new SelectOptionValue { Label = rw.Ccas.Name });
        await page.GetByLabel("Service (facultatif)").SelectOptionAsync(new SelectOptionValue { Label = rw.CcasService.Name });
        await Expect(page.GetByLabel("Thématique")).ToHaveValueAsync("difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere");

        await page.GetByLabel("Informations transmises à la structure").FillAsync("Demande d’aide pour la facture d’énergie.");
        // The recorded consent, without its channel: refused, on the form.
        await page.GetByLabel("La personne donne son accord pour cette orientation (je l’enregistre)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer l’orientation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Choisissez comment la personne a donné son accord.");
        await BrowserChecks.AssertAccessibleAsync(page, csp);
        await BrowserChecks.AssertFitsAsync(page);

        await page.GetByLabel("L’accord de partage enregistré dans le dossier d’accompagnement").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer l’orientation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync($"L’orientation est envoyée à « {rw.Ccas.Name} »");
        await Expect(page.Locator(".badge.status-sent")).ToHaveTextAsync("Envoyée");
        await BrowserChecks.AssertAccessibleAsync(page, csp);
        await BrowserChecks.AssertFitsAsync(page);
        Assert.Equal(ReferralStatus.Sent, (await rw.ReferralsAsync()).Single().Status);
    }

    [SkippableTheory]
    [InlineData("list")]
    [InlineData("settings")]
    [InlineData("deadlines")]
    [InlineData("resident")]
    public async Task Referral_pages_have_no_WCAG_2_1_AA_violations_on_a_phone(string which)
    {
        var rw = await ArrangeAsync();
        await rw.AddAsync(r =>
        {
            r.Status = ReferralStatus.Accepted;
            r.AnsweredAt = DateTimeOffset.UtcNow;
            r.OverrideReason = "Urgence : coupure d’énergie annoncée pour demain.";
        });
        await rw.AddAsync(r => r.AnswerDueOn = ReferralWorld.Today.AddDays(2));
        var role = which switch { "settings" => Role.Manager, "resident" => Role.Resident, _ => Role.SocialWorker };
        await using var context = await browser.NewContextAsync(role, rw.World, BrowserChecks.Phone);
        var page = await context.NewPageAsync();
        var csp = BrowserChecks.WatchCsp(page);
        switch (which)
        {
            case "list":
                await page.GotoAsync("/Referrals");
                await page.GetByRole(AriaRole.Link, new() { Name = "Benoît LEFÈVRE" }).Last.ClickAsync();
                await Expect(page.Locator(".referral-override")).ToContainTextAsync("Envoyée sans l’accord de la personne");
                break;
            case "settings":
                await page.GotoAsync("/Referrals/Settings");
                await page.GetByLabel("Délai de réponse des structures, en jours").FillAsync("400");
                await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("entre 1 et 365 jours");
                break;
            case "deadlines":
                await page.GotoAsync("/Accompaniments/Deadlines");
                await Expect(page.Locator("#echeances-orientations-reponses")).ToContainTextAsync("(1)");
                break;
            case "resident":
                await page.GotoAsync("/Referrals/Mine");
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Retirer mon accord pour « {rw.Ccas.Name} »" }).First).ToBeVisibleAsync();
                break;
        }

        await BrowserChecks.AssertAccessibleAsync(page, csp);
        await BrowserChecks.AssertFitsAsync(page);
    }
}
