using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Partners;
using Relais.Features.Referrals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Administration;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Referrals.Partner;

/// <summary>Who may see a referral on the partner's side: only its structure's active users, only while consent is current.</summary>
public sealed class PartnerReferralRulesTests
{
    private const string Inbox = "/Partner/Referrals?etat=toutes";

    private static async Task<List<string?>> InboxLinksAsync(HttpClient client) =>
        (await (await client.GetAsync(Inbox)).ShouldBe(HttpStatusCode.OK)).Html()
        .QuerySelectorAll(".referral-inbox h3 a").Select(a => a.GetAttribute("href")).ToList();

    private static Task<HttpResponseMessage> AcceptAsync(HttpClient client, Guid id) =>
        client.PostFormAsync($"{PartnerReferralKit.Url(id)}?handler=Accept", new() { ["Input.Version"] = "0" }, formPage: "/");

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Another_structures_partner_gets_404_and_an_empty_inbox(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var referral = await kit.ReferAsync();
        var other = await world.App.LoginAsync(kit.OtherPartnerUser.Email!);

        await (await other.GetAsync(PartnerReferralKit.Url(referral.Id))).ShouldBe(HttpStatusCode.NotFound);
        await (await AcceptAsync(other, referral.Id)).ShouldBe(HttpStatusCode.NotFound);
        Assert.Empty(await InboxLinksAsync(other));
        Assert.Equal(ReferralStatus.Sent, (await PartnerReferralTests.LoadAsync(world, referral.Id)).Status);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.False(await db.AuditEntries.AnyAsync(e => e.EntityId == referral.Id && e.Action == "read"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Another_organisations_partner_gets_404(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var referral = await kit.ReferAsync();
        var elsewhere = await World.CreateAsync(app);
        await PartnerReferralKit.ArrangeAsync(elsewhere);
        var stranger = await elsewhere.LoginAsync(Role.Partner);

        await (await stranger.GetAsync(PartnerReferralKit.Url(referral.Id))).ShouldBe(HttpStatusCode.NotFound);
        await (await AcceptAsync(stranger, referral.Id)).ShouldBe(HttpStatusCode.NotFound);
        Assert.Empty(await InboxLinksAsync(stranger));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Withdrawing_the_accompaniment_consent_removes_the_referral_at_the_next_request(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var referral = await kit.ReferAsync();
        var anonymous = await kit.ReferAsync(sharesPersonalData: false);
        var partner = await world.LoginAsync(Role.Partner);
        await (await partner.GetAsync(PartnerReferralKit.Url(referral.Id))).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(PartnerReferralKit.Url(referral.Id), await InboxLinksAsync(partner));

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            (await db.AccompanimentConsents.SingleAsync(c => c.Id == kit.ConsentId)).WithdrawnAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        await (await partner.GetAsync(PartnerReferralKit.Url(referral.Id))).ShouldBe(HttpStatusCode.NotFound);
        await (await AcceptAsync(partner, referral.Id)).ShouldBe(HttpStatusCode.NotFound);
        // The anonymous referral rests on no consent: it stays.
        Assert.Equal([PartnerReferralKit.Url(anonymous.Id)], await InboxLinksAsync(partner));
        var home = (await (await partner.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("1 orientation à traiter.", home.QuerySelector("#orientations-a-traiter")?.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Withdrawing_the_consent_recorded_on_the_referral_removes_it_at_the_next_request(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var referral = await kit.ReferAsync(change: r =>
        {
            r.AccompanimentConsentId = null;
            r.ConsentGivenOn = new DateOnly(2026, 2, 1);
            r.ConsentChannel = ConsentChannel.Phone;
        });
        var partner = await world.LoginAsync(Role.Partner);
        await (await partner.GetAsync(PartnerReferralKit.Url(referral.Id))).ShouldBe(HttpStatusCode.OK);

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            (await db.Referrals.SingleAsync(r => r.Id == referral.Id)).ConsentWithdrawnAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        await (await partner.GetAsync(PartnerReferralKit.Url(referral.Id))).ShouldBe(HttpStatusCode.NotFound);
        Assert.Empty(await InboxLinksAsync(partner));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_inactive_structures_users_see_nothing_and_a_deactivated_user_cannot_sign_in(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var referral = await kit.ReferAsync();
        var partner = await world.LoginAsync(Role.Partner);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            (await db.PartnerOrganisations.SingleAsync(p => p.Id == kit.Structure.Id)).IsActive = false;
            await db.SaveChangesAsync();
        }

        await (await partner.GetAsync(PartnerReferralKit.Url(referral.Id))).ShouldBe(HttpStatusCode.NotFound);
        var inbox = await (await partner.GetAsync(Inbox)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Votre compte n’est rattaché à aucune structure partenaire active", inbox);
        Assert.Empty(inbox.Html().QuerySelectorAll(".referral-inbox li"));
        var home = (await (await partner.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Aucune orientation à traiter.", home.QuerySelector("#orientations-a-traiter")?.TextContent);

        var deactivated = await AdminHelpers.AddUserAsync(world, Role.Partner, active: false);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            (await db.Users.SingleAsync(u => u.Id == deactivated.Id)).PartnerOrganisationId = kit.OtherStructure.Id;
            await db.SaveChangesAsync();
        }

        Assert.NotEqual(HttpStatusCode.Redirect, (await AdminHelpers.TryLoginAsync(world.App, deactivated.Email!, TestApp.Password)).StatusCode);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Staff_roles_cannot_use_the_partner_pages_and_the_shared_page_still_works(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var kit = await PartnerReferralKit.ArrangeAsync(world);
        var referral = await kit.ReferAsync();
        foreach (var role in new[] { Role.Administrator, Role.Manager, Role.SocialWorker, Role.FieldAgent, Role.Resident })
        {
            var client = await world.LoginAsync(role);
            await (await client.GetAsync("/Partner/Referrals")).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.GetAsync(PartnerReferralKit.Url(referral.Id))).ShouldBe(HttpStatusCode.Forbidden);
            await (await AcceptAsync(client, referral.Id)).ShouldBe(HttpStatusCode.Forbidden);
        }

        Assert.Equal(ReferralStatus.Sent, (await PartnerReferralTests.LoadAsync(world, referral.Id)).Status);
        var partner = await world.LoginAsync(Role.Partner);
        var shared = await (await partner.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(world.NorthHolder.FirstName, shared);
        Assert.DoesNotContain(kit.InternalNote, shared);
    }
}
