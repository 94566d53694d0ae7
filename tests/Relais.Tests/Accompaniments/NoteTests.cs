using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

public sealed class NoteTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_note_is_shared_with_a_partner_only_under_a_current_consent_naming_it(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var url = $"{file.NotesUrl}?handler=Note";

        var noConsent = (await (await worker.PostFormAsync(url, new() { ["Note.Text"] = "Secret 1", ["Note.Level"] = "Partner" }, file.NotesUrl))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(ConfidentialRules.NoPartnerConsent, noConsent.QuerySelector("#note-consent-err")?.TextContent);
        Assert.Equal("Secret 1", noConsent.QuerySelector("#note-text")?.TextContent); // the input is kept

        // The health consent is not a sharing consent.
        var wrongKind = (await (await worker.PostFormAsync(url, new()
        {
            ["Note.Text"] = "Secret 2",
            ["Note.Level"] = "Partner",
            ["Note.ConsentId"] = file.HealthConsentId.ToString(),
        }, file.NotesUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(ConfidentialRules.NoPartnerConsent, wrongKind.QuerySelector("#note-consent-err")?.TextContent);

        // A withdrawn consent is no consent.
        await (await worker.PostFormAsync($"{file.NotesUrl}?handler=Withdraw", new() { ["ConsentId"] = file.PartnerConsentId.ToString() }, file.NotesUrl))
            .ShouldBe(HttpStatusCode.Redirect);
        var withdrawn = (await (await worker.PostFormAsync(url, new()
        {
            ["Note.Text"] = "Secret 3",
            ["Note.Level"] = "Partner",
            ["Note.ConsentId"] = file.PartnerConsentId.ToString(),
        }, file.NotesUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(ConfidentialRules.NoPartnerConsent, withdrawn.QuerySelector("#note-consent-err")?.TextContent);
        Assert.NotNull(withdrawn.QuerySelector("input[name='Note.Level'][value=Partner][disabled]")); // no current consent left to share under

        var badLevel = (await (await worker.PostFormAsync(url, new() { ["Note.Text"] = " ", ["Note.Level"] = "3" }, file.NotesUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Écrivez la note.", badLevel.QuerySelector("#note-text-err")?.TextContent);
        Assert.StartsWith("Choisissez qui pourra lire", badLevel.QuerySelector("#note-level-err")?.TextContent);

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.False(await db.AccompanimentNotes.AnyAsync(n => n.Text.StartsWith("Secret")));
        }

        // A new consent to the same structure: the note is shared, and the partner reads it.
        var today = DateTime.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await (await worker.PostFormAsync($"{file.NotesUrl}?handler=Consent", new()
        {
            ["Consent.Kind"] = "ShareWithPartner",
            ["Consent.PartnerOrganisationId"] = file.Partner.Id.ToString(),
            ["Consent.GivenOn"] = today,
            ["Consent.Channel"] = "InPerson",
        }, file.NotesUrl)).ShouldBe(HttpStatusCode.Redirect);
        var form = (await (await worker.GetAsync(file.NotesUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        var consentId = form.QuerySelector("#note-consent option[value!='']")!.GetAttribute("value")!;
        await (await worker.PostFormAsync(url, new() { ["Note.Text"] = "Dossier FSL déposé le 3 mars.", ["Note.Level"] = "Partner", ["Note.ConsentId"] = consentId }, file.NotesUrl))
            .ShouldBe(HttpStatusCode.Redirect);

        var partner = await world.LoginAsync(Role.Partner);
        var shared = await (await partner.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Dossier FSL déposé le 3 mars.", shared);
        Assert.DoesNotContain(file.NoteText(ConfidentialityLevel.Partner), shared); // shared under the withdrawn consent: stays hidden
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Only_the_author_edits_a_note_and_a_concurrent_edit_is_detected(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var teamNote = $"/Accompaniments/Notes/Edit/{file.NoteIds[ConfidentialityLevel.Team]}";
        var privateNote = $"/Accompaniments/Notes/Edit/{file.NoteIds[ConfidentialityLevel.Private]}";

        var other = await file.LoginAsync(file.OtherWorker);
        await (await other.GetAsync(teamNote)).ShouldBe(HttpStatusCode.Forbidden);
        await (await other.GetAsync(privateNote)).ShouldBe(HttpStatusCode.NotFound); // not even its existence
        var manager = await world.LoginAsync(Role.Manager);
        await (await manager.GetAsync(teamNote)).ShouldBe(HttpStatusCode.Forbidden);
        var forged = await manager.PostFormAsync(teamNote, new() { ["Note.Text"] = "Réécrite", ["Note.Level"] = "Team", ["Note.Version"] = "0" }, formPage: file.NotesUrl);
        await forged.ShouldBe(HttpStatusCode.Forbidden);
        var admin = await world.LoginAsync(Role.Administrator);
        await (await admin.GetAsync(privateNote)).ShouldBe(HttpStatusCode.Forbidden);

        var author = await world.LoginAsync(Role.SocialWorker);
        var form = (await (await author.GetAsync(teamNote)).ShouldBe(HttpStatusCode.OK)).Html();
        var version = form.QuerySelector("input[name='Note.Version']")!.GetAttribute("value")!;
        Assert.Equal(file.NoteText(ConfidentialityLevel.Team), form.QuerySelector("#note-text")!.TextContent);

        // First tab saves; the second tab, still on the old version, is told and keeps its text.
        await (await author.PostFormAsync(teamNote, new() { ["Note.Text"] = "Version de l’onglet 1", ["Note.Level"] = "Team", ["Note.Version"] = version }))
            .ShouldBe(HttpStatusCode.Redirect);
        var conflict = (await (await author.PostFormAsync(teamNote, new() { ["Note.Text"] = "Version de l’onglet 2", ["Note.Level"] = "Person", ["Note.Version"] = version }))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Cette note a été modifiée entre-temps", conflict.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("Version de l’onglet 1", conflict.QuerySelector(".conflict-text")!.TextContent);
        Assert.Equal("Version de l’onglet 2", conflict.QuerySelector("#note-text")!.TextContent);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var stored = await db.AccompanimentNotes.SingleAsync(n => n.Id == file.NoteIds[ConfidentialityLevel.Team]);
            Assert.Equal(("Version de l’onglet 1", ConfidentialityLevel.Team), (stored.Text, stored.Level));
        }

        // Saving again, having seen the other version, overwrites it deliberately.
        var seen = conflict.QuerySelector("input[name='Note.Version']")!.GetAttribute("value")!;
        await (await author.PostFormAsync(teamNote, new() { ["Note.Text"] = "Version de l’onglet 2", ["Note.Level"] = "Person", ["Note.Version"] = seen }))
            .ShouldBe(HttpStatusCode.Redirect);
        var resident = await world.LoginAsync(Role.Resident);
        Assert.Contains("Version de l’onglet 2", await (await resident.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_note_written_on_the_page_appears_for_its_readers_and_its_reads_are_logged(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var manager = await world.LoginAsync(Role.Manager);
        var household = (await (await manager.GetAsync($"/Households/Details/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(household.QuerySelector($"section[aria-labelledby=accompagnements] a[href='{file.NotesUrl}']"));
        var agent = await world.LoginAsync(Role.FieldAgent);
        Assert.DoesNotContain(file.NotesUrl, await (await agent.GetAsync($"/Households/Details/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK));
        await (await manager.PostFormAsync($"{file.NotesUrl}?handler=Note", new() { ["Note.Text"] = "Rendez-vous à la CAF le 12 :\nprévoir l’avis d’imposition.", ["Note.Level"] = "Person" }, file.NotesUrl))
            .ShouldBe(HttpStatusCode.Redirect);
        var resident = await world.LoginAsync(Role.Resident);
        var mine = (await (await resident.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK)).Html();
        var note = mine.QuerySelectorAll("li.note").Single(n => n.TextContent.Contains("Rendez-vous à la CAF"));
        Assert.Equal("Rendez-vous à la CAF le 12 :\nprévoir l’avis d’imposition.", note.QuerySelector(".note-text")!.TextContent);
        Assert.Contains("Partagée avec vous", note.TextContent);
        Assert.Contains(world.Users[Role.Manager].DisplayName, note.TextContent);
        Assert.Null(note.QuerySelector("a[href^='/Accompaniments/Notes/Edit/']"));

        await using var scope = world.App.SystemScope(world.Id, out var db);
        var reads = await db.AuditEntries.Where(a => a.OrganisationId == world.Id && a.Action == Features.Audit.AuditActions.Read && a.EntityId == file.AccompanimentId)
            .Select(a => new { a.UserId, a.Details, a.HouseholdId }).ToListAsync();
        Assert.Contains(reads, r => r.UserId == world.Users[Role.Manager].Id && r.Details == "notes" && r.HouseholdId == world.NorthHousehold.Id);
        Assert.Contains(reads, r => r.UserId == world.Users[Role.Resident].Id && r.Details == "habitant");
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Another_member_of_the_household_does_not_read_what_is_shared_with_the_person(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        Guid daughter;
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            daughter = await db.Persons.Where(p => p.HouseholdId == world.NorthHousehold.Id && p.Id != world.NorthHolder.Id).Select(p => p.Id).SingleAsync();
        }

        var account = await Administration.AdminHelpers.AddUserAsync(world, Role.Resident);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            (await db.Users.SingleAsync(u => u.Id == account.Id)).PersonId = daughter;
            await db.SaveChangesAsync();
        }

        var client = await world.App.LoginAsync(account.Email!);
        var mine = await (await client.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Vous n’avez pas d’accompagnement individuel.", mine);
        Assert.DoesNotContain(file.NoteText(ConfidentialityLevel.Person), mine);
        await (await client.GetAsync(file.DownloadUrl(ConfidentialityLevel.Person))).ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_worker_limited_to_other_sectors_gets_404_on_the_file(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            db.UserSectors.Add(new UserSector { UserId = file.OtherWorker.Id, SectorId = world.South.Id });
            await db.SaveChangesAsync();
        }

        var southWorker = await file.LoginAsync(file.OtherWorker);
        await (await southWorker.GetAsync(file.NotesUrl)).ShouldBe(HttpStatusCode.NotFound);
        await (await southWorker.GetAsync(file.DownloadUrl(ConfidentialityLevel.Team))).ShouldBe(HttpStatusCode.NotFound);
        var post = await southWorker.PostFormAsync($"{file.NotesUrl}?handler=Note", new() { ["Note.Text"] = "Intrus", ["Note.Level"] = "Team" }, formPage: "/");
        await post.ShouldBe(HttpStatusCode.NotFound);
    }
}
