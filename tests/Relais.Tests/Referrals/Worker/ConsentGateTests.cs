using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Audit;
using Relais.Features.Referrals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Email;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Referrals.Worker;

/// <summary>
/// The consent gate, over HTTP: a referral that shares personal data is sent only on a current consent to share with
/// that very structure (the accompaniment's, or recorded on the referral), or under an override by a holder of the
/// permission with a reason (audited). Every refusal leaves nothing sent.
/// </summary>
public sealed class ConsentGateTests
{
    private static string Refusal(string partner) => $"Sans l’accord enregistré de la personne pour partager avec « {partner} », l’orientation ne peut pas être envoyée.";

    private static async Task<ReferralWorld> ArrangeAsync(DatabaseProvider provider) =>
        await ReferralWorld.ArrangeAsync(await World.CreateAsync(await TestApp.GetAsync(provider)));

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Without_any_consent_the_referral_is_refused_and_nothing_is_sent(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var client = await rw.World.LoginAsync(Role.SocialWorker);

        var body = await (await client.PostFormAsync(rw.NewFromFile, rw.Form(basis: ""))).ShouldBe(HttpStatusCode.OK);

        Assert.Contains(Refusal(rw.Ccas.Name), WebUtility.HtmlDecode(body));
        Assert.Empty(await rw.ReferralsAsync());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_accompaniment_consent_for_that_structure_sends_it_with_a_due_date_and_an_email_without_the_name(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var client = await rw.World.LoginAsync(Role.SocialWorker);

        var response = await client.PostFormAsync(rw.NewFromFile, rw.Form(extra: new() { ["Input.ServiceId"] = rw.CcasService.Id.ToString() }));

        await response.ShouldBe(HttpStatusCode.Redirect);
        var referral = Assert.Single(await rw.ReferralsAsync());
        Assert.Equal(ReferralStatus.Sent, referral.Status);
        Assert.Equal(rw.CcasConsentId, referral.AccompanimentConsentId);
        Assert.Equal(ReferralWorld.Today.AddDays(ReferralSettings.DefaultExpiryDays), referral.AnswerDueOn);
        Assert.NotNull(referral.SentAt);
        Assert.Equal("difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere", referral.Theme); // the service's first theme
        Assert.Equal(rw.World.Users[Role.SocialWorker].Id, referral.ReferrerUserId);
        Assert.Equal($"/Referrals/{referral.Id}", response.Headers.Location?.OriginalString);

        var outbox = ((OutboxEmailSender)rw.World.App.Services.GetRequiredService<IEmailSender>()).Folder;
        var mail = Directory.GetFiles(outbox, "*.eml").Select(File.ReadAllText).Single(t => t.Contains($"/Partner/Referrals/{referral.Id}", StringComparison.Ordinal));
        Assert.Contains(rw.World.Email(Role.Partner), mail);
        Assert.DoesNotContain(rw.World.NorthHolder.LastName, mail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(rw.World.NorthHolder.FirstName, mail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain($"INFO-{rw.Tag}", mail);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_consent_to_share_with_another_structure_does_not_count(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var client = await rw.World.LoginAsync(Role.SocialWorker);

        // The file's consent names the CCAS; the referral goes to the mission locale.
        var body = await (await client.PostFormAsync(rw.NewFromFile, rw.Form(partner: rw.MissionLocale.Id))).ShouldBe(HttpStatusCode.OK);

        Assert.Contains(Refusal(rw.MissionLocale.Name), WebUtility.HtmlDecode(body));
        Assert.Empty(await rw.ReferralsAsync());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_withdrawn_accompaniment_consent_does_not_count(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        await using (var scope = rw.World.App.SystemScope(rw.World.Id, out var db))
        {
            var consent = await db.AccompanimentConsents.FirstAsync(c => c.Id == rw.CcasConsentId);
            consent.WithdrawnAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        var client = await rw.World.LoginAsync(Role.SocialWorker);
        var body = await (await client.PostFormAsync(rw.NewFromFile, rw.Form())).ShouldBe(HttpStatusCode.OK);

        Assert.Contains(Refusal(rw.Ccas.Name), WebUtility.HtmlDecode(body));
        Assert.Empty(await rw.ReferralsAsync());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_consent_recorded_on_the_referral_sends_it_and_a_future_date_is_refused(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var client = await rw.World.LoginAsync(Role.SocialWorker);

        var future = await (await client.PostFormAsync(rw.NewFromFile, rw.Form(partner: rw.MissionLocale.Id, basis: "Recorded", extra: new()
        {
            ["Input.ConsentGivenOn"] = ReferralWorld.Iso(ReferralWorld.Today.AddDays(1)), ["Input.ConsentChannel"] = "Phone",
        }))).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("La date de l’accord ne peut pas être dans le futur.", WebUtility.HtmlDecode(future));
        Assert.Empty(await rw.ReferralsAsync());

        await (await client.PostFormAsync(rw.NewFromFile, rw.Form(partner: rw.MissionLocale.Id, basis: "Recorded", extra: new()
        {
            ["Input.ConsentGivenOn"] = ReferralWorld.Iso(ReferralWorld.Today), ["Input.ConsentChannel"] = "Phone",
        }))).ShouldBe(HttpStatusCode.Redirect);

        var referral = Assert.Single(await rw.ReferralsAsync());
        Assert.Equal(ReferralStatus.Sent, referral.Status);
        Assert.Equal(ReferralWorld.Today, referral.ConsentGivenOn);
        Assert.Equal(Features.Accompaniments.ConsentChannel.Phone, referral.ConsentChannel);
        Assert.Equal(rw.World.Users[Role.SocialWorker].Id, referral.ConsentRecordedByUserId);
        Assert.Null(referral.AccompanimentConsentId);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_override_without_the_permission_is_refused(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var client = await rw.World.LoginAsync(Role.SocialWorker); // Conseiller: no referrals.override-consent

        var body = await (await client.PostFormAsync(rw.NewFromFile, rw.Form(partner: rw.MissionLocale.Id, basis: "Override", extra: new()
        {
            ["Input.OverrideReason"] = "Danger immédiat pour la personne, hébergement d’urgence nécessaire.",
        }))).ShouldBe(HttpStatusCode.OK);

        Assert.Contains(Refusal(rw.MissionLocale.Name), WebUtility.HtmlDecode(body));
        Assert.Empty(await rw.ReferralsAsync());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_override_with_the_permission_and_a_reason_is_sent_audited_and_flagged(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var client = await rw.World.LoginAsync(Role.Manager);
        const string reason = "Danger immédiat pour la personne, hébergement d’urgence nécessaire.";

        var tooShort = await (await client.PostFormAsync(rw.NewFromFile, rw.Form(partner: rw.MissionLocale.Id, basis: "Override", extra: new()
        {
            ["Input.OverrideReason"] = "urgence",
        }))).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("au moins 20 caractères", WebUtility.HtmlDecode(tooShort));
        Assert.Empty(await rw.ReferralsAsync());

        await (await client.PostFormAsync(rw.NewFromFile, rw.Form(partner: rw.MissionLocale.Id, basis: "Override", extra: new()
        {
            ["Input.OverrideReason"] = reason,
        }))).ShouldBe(HttpStatusCode.Redirect);

        var referral = Assert.Single(await rw.ReferralsAsync());
        Assert.Equal(ReferralStatus.Sent, referral.Status);
        Assert.Equal(reason, referral.OverrideReason);
        Assert.Equal(rw.World.Users[Role.Manager].Id, referral.OverrideByUserId);
        var audit = await rw.ReadAsync(db => db.AuditEntries.Where(a => a.EntityId == referral.Id && a.Action == AuditActions.Update).Select(a => a.Details).ToListAsync());
        Assert.Contains(audit, d => d != null && d.Contains(nameof(Referral.OverrideReason), StringComparison.Ordinal));

        var page = WebUtility.HtmlDecode(await (await client.GetAsync($"/Referrals/{referral.Id}")).ShouldBe(HttpStatusCode.OK));
        Assert.Contains("Envoyée sans l’accord de la personne", page);
        Assert.Contains(reason, page);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_anonymous_referral_is_sent_without_consent(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var client = await rw.World.LoginAsync(Role.SocialWorker);

        await (await client.PostFormAsync(rw.NewFromFile, rw.Form(partner: rw.MissionLocale.Id, basis: "", shares: "non"))).ShouldBe(HttpStatusCode.Redirect);

        var referral = Assert.Single(await rw.ReferralsAsync());
        Assert.Equal(ReferralStatus.Sent, referral.Status);
        Assert.False(referral.SharesPersonalData);
        Assert.Null(referral.SharedPhone); // nothing personal kept for the partner
        Assert.Null(referral.AccompanimentConsentId);
        Assert.Null(referral.ConsentGivenOn);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_draft_is_saved_without_consent_and_sent_later_once_consent_is_recorded(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var client = await rw.World.LoginAsync(Role.SocialWorker);

        await (await client.PostFormAsync(rw.NewFromFile, rw.Form(partner: rw.MissionLocale.Id, basis: "", submit: "brouillon"))).ShouldBe(HttpStatusCode.Redirect);
        var draft = Assert.Single(await rw.ReferralsAsync());
        Assert.Equal(ReferralStatus.Draft, draft.Status);
        Assert.Null(draft.SentAt);
        Assert.Empty(await rw.PartnerSeesAsync());

        var refused = await (await client.PostFormAsync($"/Referrals/New/{draft.Id}", rw.Form(partner: rw.MissionLocale.Id, basis: "Recorded",
            extra: new() { ["Input.Version"] = draft.Version.ToString() }))).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Choisissez comment la personne a donné son accord.", WebUtility.HtmlDecode(refused));

        await (await client.PostFormAsync($"/Referrals/New/{draft.Id}", rw.Form(partner: rw.MissionLocale.Id, basis: "Recorded", extra: new()
        {
            ["Input.Version"] = draft.Version.ToString(), ["Input.ConsentGivenOn"] = ReferralWorld.Iso(ReferralWorld.Today), ["Input.ConsentChannel"] = "InPerson",
        }))).ShouldBe(HttpStatusCode.Redirect);
        var sent = Assert.Single(await rw.ReferralsAsync());
        Assert.Equal(draft.Id, sent.Id);
        Assert.Equal(ReferralStatus.Sent, sent.Status);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_inactive_structure_cannot_receive_and_a_service_of_another_structure_is_refused(DatabaseProvider provider)
    {
        var rw = await ArrangeAsync(provider);
        var client = await rw.World.LoginAsync(Role.Manager);

        var inactive = await (await client.PostFormAsync(rw.NewFromFile, rw.Form(partner: rw.Inactive.Id, basis: "Override", extra: new()
        {
            ["Input.OverrideReason"] = "Raison suffisamment longue pour passer outre.",
        }))).ShouldBe(HttpStatusCode.OK);
        Assert.Contains($"La structure « {rw.Inactive.Name} » n’est plus active", WebUtility.HtmlDecode(inactive));

        var service = await (await client.PostFormAsync(rw.NewFromFile, rw.Form(partner: rw.MissionLocale.Id, shares: "non", extra: new()
        {
            ["Input.ServiceId"] = rw.CcasService.Id.ToString(),
        }))).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Ce service n’est pas un service actif de la structure choisie.", WebUtility.HtmlDecode(service));
        Assert.Empty(await rw.ReferralsAsync());
    }
}
