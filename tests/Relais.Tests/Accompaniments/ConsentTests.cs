using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Audit;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

public sealed class ConsentTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Consent_withdrawn_by_the_worker_stops_the_partner_access_at_once(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var note = file.NoteText(Features.Accompaniments.Confidential.ConfidentialityLevel.Partner);
        var partner = await world.LoginAsync(Role.Partner);
        var before = await (await partner.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(note, before);
        Assert.Contains("Benoît LEFÈVRE", before);
        await (await partner.GetAsync(file.DownloadUrl(ConfidentialityLevel.Partner))).ShouldBe(HttpStatusCode.OK);

        var worker = await world.LoginAsync(Role.SocialWorker);
        var withdraw = await worker.PostFormAsync($"{file.NotesUrl}?handler=Withdraw", new() { ["ConsentId"] = file.PartnerConsentId.ToString() }, formPage: file.NotesUrl);
        await withdraw.ShouldBe(HttpStatusCode.Redirect);

        // The partner's very next request, in the same session, gets nothing.
        var after = await (await partner.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(note, after);
        Assert.DoesNotContain("Benoît LEFÈVRE", after);
        Assert.Contains("Aucune personne n’a actuellement donné son accord", after);
        await (await partner.GetAsync(file.DownloadUrl(ConfidentialityLevel.Partner))).ShouldBe(HttpStatusCode.NotFound);

        // The team and the person still read it, marked as no longer seen by the structure.
        var team = (await (await worker.GetAsync(file.NotesUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        var line = team.QuerySelector($"#note-{file.NoteIds[ConfidentialityLevel.Partner]}")!;
        Assert.Contains(note, line.TextContent);
        Assert.Contains("Accord retiré : la structure ne la voit plus", line.TextContent);
        var resident = await world.LoginAsync(Role.Resident);
        Assert.Contains(note, await (await resident.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK));

        await using var scope = world.App.SystemScope(world.Id, out var db);
        var consent = await db.AccompanimentConsents.SingleAsync(c => c.Id == file.PartnerConsentId);
        Assert.NotNull(consent.WithdrawnAt);
        Assert.Equal(world.Users[Role.SocialWorker].Id, consent.WithdrawnByUserId);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == consent.Id && a.Action == AuditActions.Update && a.Details!.Contains("WithdrawnAt")));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_person_withdraws_a_sharing_consent_from_their_space_and_the_partner_loses_access(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var resident = await world.LoginAsync(Role.Resident);
        var page = (await (await resident.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK)).Html();
        var forms = page.QuerySelectorAll("form.withdraw").ToList();
        Assert.Equal(2, forms.Count); // the sharing and the health consents, both current
        Assert.All(forms, f => Assert.Equal("/Accompaniments/Mine?handler=Withdraw", f.GetAttribute("action")));
        Assert.Contains(forms, f => f.QuerySelector("input[name=ConsentId]")!.GetAttribute("value") == file.PartnerConsentId.ToString());

        // Another Habitant cannot withdraw it.
        var other = await file.LoginAsync(file.OtherResident);
        await (await other.PostFormAsync("/Accompaniments/Mine?handler=Withdraw", new() { ["ConsentId"] = file.PartnerConsentId.ToString() }, "/Accompaniments/Mine"))
            .ShouldBe(HttpStatusCode.NotFound);
        var partner = await world.LoginAsync(Role.Partner);
        Assert.Contains(file.NoteText(ConfidentialityLevel.Partner), await (await partner.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK));

        var withdraw = await resident.PostFormAsync("/Accompaniments/Mine?handler=Withdraw", new() { ["ConsentId"] = file.PartnerConsentId.ToString() }, "/Accompaniments/Mine");
        await withdraw.ShouldBe(HttpStatusCode.Redirect);
        var after = (await (await resident.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains($"n’a plus accès", after.QuerySelector(".notice")!.TextContent);
        Assert.Single(after.QuerySelectorAll("form.withdraw"));

        Assert.DoesNotContain(file.NoteText(ConfidentialityLevel.Partner), await (await partner.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK));
        await (await partner.GetAsync(file.DownloadUrl(ConfidentialityLevel.Partner))).ShouldBe(HttpStatusCode.NotFound);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var consent = await db.AccompanimentConsents.SingleAsync(c => c.Id == file.PartnerConsentId);
        Assert.Equal(world.Users[Role.Resident].Id, consent.WithdrawnByUserId);
        Assert.Contains("(la personne, depuis son espace)", consent.WithdrawnByName);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Withdrawing_the_health_consent_erases_the_health_information_and_audits_the_erasure(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var before = (await (await worker.GetAsync(file.NotesUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains(file.HealthText, before.QuerySelector(".health-text")!.TextContent);
        Assert.NotNull(before.QuerySelector("#health-text"));

        await (await worker.PostFormAsync($"{file.NotesUrl}?handler=Withdraw", new() { ["ConsentId"] = file.HealthConsentId.ToString() }, file.NotesUrl))
            .ShouldBe(HttpStatusCode.Redirect);
        var after = (await (await worker.GetAsync(file.NotesUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.DoesNotContain(file.HealthText, after.DocumentElement.OuterHtml);
        Assert.Null(after.QuerySelector("#health-text")); // no field without consent
        Assert.Contains("Pas d’accord exprès en cours de la personne", after.QuerySelector("main")!.TextContent);

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.False(await db.AccompanimentHealthRecords.AnyAsync());
            Assert.True(await db.AuditEntries.AnyAsync(a => a.OrganisationId == world.Id && a.EntityType == nameof(AccompanimentHealth) && a.Action == AuditActions.Delete));
        }

        // Without a current consent, the POST stores nothing.
        var refused = (await (await worker.PostFormAsync($"{file.NotesUrl}?handler=Health", new()
        {
            ["Health.Text"] = "Diabète",
            ["Health.Categories"] = "ChronicIllness",
            ["Health.Version"] = "0",
        }, file.NotesUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(ConfidentialRules.NoHealthConsent, refused.QuerySelector("#health-text-err")?.TextContent);
        Assert.DoesNotContain("Diabète", refused.DocumentElement.OuterHtml);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.False(await db.AccompanimentHealthRecords.AnyAsync());
        }

        // A new express consent, then the information is kept and shown again.
        var today = DateTime.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await (await worker.PostFormAsync($"{file.NotesUrl}?handler=Consent", new()
        {
            ["Consent.Kind"] = "Health",
            ["Consent.GivenOn"] = today,
            ["Consent.Channel"] = "Written",
        }, file.NotesUrl)).ShouldBe(HttpStatusCode.Redirect);
        await (await worker.PostFormAsync($"{file.NotesUrl}?handler=Health", new()
        {
            ["Health.Text"] = "Diabète de type 2",
            ["Health.Categories"] = "ChronicIllness",
            ["Health.Version"] = "0",
        }, file.NotesUrl)).ShouldBe(HttpStatusCode.Redirect);
        var kept = (await (await worker.GetAsync(file.NotesUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Diabète de type 2", kept.QuerySelector(".health-text")?.TextContent);
        Assert.Contains("Maladie chronique ou de longue durée", kept.QuerySelector(".health-categories")!.TextContent);
        var resident = await world.LoginAsync(Role.Resident);
        Assert.Contains("Diabète de type 2", await (await resident.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_consent_is_recorded_with_its_date_channel_and_partner_and_bad_input_is_refused_in_french(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var url = $"{file.NotesUrl}?handler=Consent";
        var tomorrow = DateTime.Now.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var empty = (await (await worker.PostFormAsync(url, new() { ["Consent.Kind"] = "ShareWithPartner", ["Consent.GivenOn"] = tomorrow }, file.NotesUrl))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Choisissez la structure partenaire nommée dans l’accord de la personne.", empty.QuerySelector("#consent-partner-err")?.TextContent);
        Assert.Equal("La date de l’accord ne peut pas être dans le futur.", empty.QuerySelector("#consent-date-err")?.TextContent);
        Assert.Equal("Indiquez comment la personne a donné son accord.", empty.QuerySelector("#consent-channel-err")?.TextContent);
        Assert.Equal("true", empty.QuerySelector("#consent-date")?.GetAttribute("aria-invalid"));

        var twice = (await (await worker.PostFormAsync(url, new()
        {
            ["Consent.Kind"] = "ShareWithPartner",
            ["Consent.PartnerOrganisationId"] = file.Partner.Id.ToString(),
            ["Consent.GivenOn"] = "2026-02-01",
            ["Consent.Channel"] = "Phone",
        }, file.NotesUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal($"Un accord de partage avec {file.Partner.Name} est déjà en cours.", twice.QuerySelector("#consent-partner-err")?.TextContent);

        await (await worker.PostFormAsync(url, new()
        {
            ["Consent.Kind"] = "ShareWithPartner",
            ["Consent.PartnerOrganisationId"] = file.OtherPartner.Id.ToString(),
            ["Consent.GivenOn"] = "01/02/2026",
            ["Consent.Channel"] = "Phone",
            ["Consent.Scope"] = "insertion professionnelle",
        }, file.NotesUrl)).ShouldBe(HttpStatusCode.Redirect);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var recorded = await db.AccompanimentConsents.SingleAsync(c => c.PartnerOrganisationId == file.OtherPartner.Id);
        Assert.Equal((new DateOnly(2026, 2, 1), Features.Accompaniments.ConsentChannel.Phone, "insertion professionnelle", world.Users[Role.SocialWorker].Id),
            (recorded.GivenOn, recorded.Channel, recorded.Scope, recorded.RecordedByUserId));
        Assert.Null(recorded.WithdrawnAt);

        // The other structure's partner now sees the file, but none of the items shared with the first one.
        var otherPartner = await file.LoginAsync(file.OtherPartnerUser);
        var shared = await (await otherPartner.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Benoît LEFÈVRE", shared);
        Assert.Contains("insertion professionnelle", shared);
        Assert.DoesNotContain(file.NoteText(ConfidentialityLevel.Partner), shared);
        Assert.Contains("Aucune note partagée avec votre structure.", shared);
    }
}
