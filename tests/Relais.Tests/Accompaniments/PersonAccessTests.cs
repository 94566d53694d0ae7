using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Arrears;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Accompaniments.PersonAccess;
using Relais.Features.Audit;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

/// <summary>The person's own access (Habitant): « Mon accompagnement », « qui a consulté mon dossier », their downloads.</summary>
public sealed class PersonAccessTests
{
    private const string Mine = "/Accompaniments/Mine";

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Habitant_sees_their_goals_actions_and_meetings_but_no_team_text(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var f = await PersonFileArrangement.ArrangeAsync(world);
        var resident = await world.LoginAsync(Role.Resident);
        var body = await (await resident.GetAsync(Mine)).ShouldBe(HttpStatusCode.OK);
        var page = body.Html();

        var goal = page.QuerySelectorAll("article.goal").Single();
        Assert.Contains($"« {f.Goal} »", goal.TextContent);
        var action = goal.QuerySelector("tbody tr")!;
        Assert.Contains(f.Action, action.TextContent);
        Assert.Contains($"partenaire : {f.Partner}", action.QuerySelector("td[data-label=Qui]")!.TextContent);
        Assert.Contains(FileFormat.Date(f.Due), action.QuerySelector("td[data-label=Échéance]")!.TextContent);
        var meeting = page.QuerySelectorAll("ul.meetings li").Single().TextContent;
        Assert.Contains("3 février 2026", meeting);
        Assert.Contains("Domicile", meeting);
        Assert.Contains($"Sa sœur Inès {f.File.Tag}", body);
        Assert.Contains("Demandé", page.QuerySelector("ul.rights-list")!.TextContent);
        Assert.Contains(f.File.NoteText(ConfidentialityLevel.Person), body);
        Assert.Contains(f.File.NoteText(ConfidentialityLevel.Partner), body);
        foreach (var secret in f.TeamOnlyTexts)
        {
            Assert.DoesNotContain(secret, body);
        }
    }

    /// <summary>
    /// The person's arrears follow-up is theirs too (RGPD article 15): their plans with each instalment as the team sees it,
    /// their FSL request and the eviction procedure's stages, on their page, in their PDF and their JSON — without the
    /// team's notes about them.
    /// </summary>
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Habitant_sees_the_follow_up_of_their_arrears_but_not_the_teams_notes_on_it(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var f = await PersonFileArrangement.ArrangeAsync(world);
        var teamNotes = await f.AddArrearsAsync();
        var resident = await world.LoginAsync(Role.Resident);

        var body = await (await resident.GetAsync(Mine)).ShouldBe(HttpStatusCode.OK);
        var section = body.Html().QuerySelector($"section[aria-labelledby^='impayes-']")!;
        Assert.Equal("Le suivi de votre dette de loyer", section.QuerySelector("h3")!.TextContent);
        Assert.Contains("Plan d’apurement du 15 décembre 2025 — en cours", section.QuerySelector("article.repayment-plan h4")!.TextContent);
        Assert.Contains(PdfText.Flat($"reste à rembourser : {SignalText.Euros(1240m)}"), PdfText.Flat(section.QuerySelector("article.repayment-plan p")!.TextContent));
        var states = section.QuerySelectorAll("table.instalments-table tbody tr td[data-label='État']").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Non respectée", "À venir"], states);
        Assert.Contains(PdfText.Flat($"Maintien dans le logement, déposée le 5 janvier 2026 pour {SignalText.Euros(600m)} : en attente"), PdfText.Flat(section.TextContent));
        Assert.Contains("12 janvier 2026 : Commandement de payer — Fin du délai du commandement de payer : 12 mars 2026", PdfText.Flat(section.TextContent));

        var json = await (await resident.GetAsync($"{Mine}/Download?format=json")).ShouldBe(HttpStatusCode.OK);
        using (var document = JsonDocument.Parse(json))
        {
            var arrears = document.RootElement.GetProperty("accompaniments")[0].GetProperty("arrears");
            var exported = arrears.GetProperty("plans").EnumerateArray().Single();
            Assert.Equal(1240m, exported.GetProperty("totalDebt").GetDecimal());
            Assert.Equal(1240m, exported.GetProperty("remaining").GetDecimal());
            Assert.Equal(["missed", "upcoming"], exported.GetProperty("instalments").EnumerateArray().Select(i => i.GetProperty("state").GetString()));
            Assert.Equal("pending", arrears.GetProperty("fslRequests")[0].GetProperty("decision").GetString());
            Assert.Equal("paymentOrder", arrears.GetProperty("evictionSteps")[0].GetProperty("stage").GetString());
            Assert.Equal(0, arrears.GetProperty("overIndebtednessFiles").GetArrayLength());
        }

        var pdf = PdfText.Flat(PdfText.Extract(await (await resident.GetAsync($"{Mine}/Download?format=pdf")).Content.ReadAsByteArrayAsync()));
        Assert.Contains("Le suivi de votre dette de loyer", pdf);
        Assert.Contains("Échéance n° 1 (janvier 2026)", pdf);
        Assert.Contains("non respectée", pdf);
        foreach (var secret in teamNotes)
        {
            Assert.DoesNotContain(secret, body);
            Assert.DoesNotContain(secret, json);
            Assert.DoesNotContain(secret, pdf);
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Another_habitant_or_another_member_of_the_household_sees_nothing_of_the_file(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var f = await PersonFileArrangement.ArrangeAsync(world);
        var daughter = await f.HouseholdMemberAccountAsync();
        foreach (var client in new[] { await f.File.LoginAsync(f.File.OtherResident), await f.File.LoginAsync(daughter) })
        {
            var body = await (await client.GetAsync(Mine)).ShouldBe(HttpStatusCode.OK);
            Assert.Contains("Vous n’avez pas d’accompagnement individuel", body);
            Assert.DoesNotContain(f.Goal, body);
            Assert.DoesNotContain(f.File.NoteText(ConfidentialityLevel.Person), body);
            Assert.DoesNotContain("Benoît", body);
            await (await client.GetAsync($"{Mine}/Download?format=pdf")).ShouldBe(HttpStatusCode.NotFound);
            await (await client.GetAsync($"{Mine}/Download?format=json")).ShouldBe(HttpStatusCode.NotFound);
            await (await client.GetAsync($"/Accompaniments/Export/{f.File.AccompanimentId}")).ShouldBe(HttpStatusCode.Forbidden);
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Who_read_my_file_lists_others_reads_and_changes_with_name_role_and_structure(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var f = await PersonFileArrangement.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        await (await worker.GetAsync($"/Accompaniments/File/{f.File.AccompanimentId}")).ShouldBe(HttpStatusCode.OK);
        await (await worker.GetAsync(f.File.DownloadUrl(ConfidentialityLevel.Team))).ShouldBe(HttpStatusCode.OK);
        await (await worker.PostFormAsync($"/Accompaniments/Meeting/{f.File.AccompanimentId}/{f.MeetingId}", new()
        {
            ["Input.HeldOn"] = "2026-02-03",
            ["Input.Medium"] = "Phone",
            ["Input.Participants"] = "Benoît Lefèvre",
            ["Input.Summary"] = "Corrigé",
            ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);
        var partner = await world.LoginAsync(Role.Partner);
        await (await partner.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK);

        var resident = await world.LoginAsync(Role.Resident);
        await (await resident.GetAsync(Mine)).ShouldBe(HttpStatusCode.OK); // the person's own read is not listed
        var page = (await (await resident.GetAsync(Mine)).ShouldBe(HttpStatusCode.OK)).Html();
        var rows = page.QuerySelectorAll(".access-table tbody tr").Select(r => PdfText.Flat(r.TextContent)).ToList();
        var workerName = world.Users[Role.SocialWorker].DisplayName;
        Assert.Contains(rows, r => r.Contains($"{workerName} (Conseiller·ère social·e)") && r.Contains("a consulté votre dossier"));
        Assert.Contains(rows, r => r.Contains(workerName) && r.Contains("a téléchargé un document non partagé avec vous"));
        Assert.Contains(rows, r => r.Contains(workerName) && r.Contains("a modifié un entretien"));
        Assert.Contains(rows, r => r.Contains($"{world.Users[Role.Partner].DisplayName} (Partenaire, {f.File.Partner.Name})")
            && r.Contains("a consulté ce que vous avez accepté de partager avec sa structure"));
        Assert.Contains(rows, r => r.Contains("Relais (traitement automatique)") && r.Contains("a ajouté une note non partagée avec vous"));
        Assert.Contains(rows, r => r.Contains("a ajouté une note partagée avec vous"));
        Assert.DoesNotContain(rows, r => r.Contains(world.Users[Role.Resident].DisplayName));
        var table = page.QuerySelector(".access-table")!.TextContent;
        foreach (var secret in f.TeamOnlyTexts)
        {
            Assert.DoesNotContain(secret, table);
        }

        Assert.DoesNotContain("@", table); // never an e-mail address
        Assert.DoesNotContain(TestApp.ClientIp, table);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Pdf_download_is_a_readable_pdf_with_the_goals_in_french_and_is_audited(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var f = await PersonFileArrangement.ArrangeAsync(world);
        var resident = await world.LoginAsync(Role.Resident);
        var response = await resident.GetAsync($"{Mine}/Download?format=pdf");
        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.True(response.Headers.CacheControl!.NoStore);
        var pdf = await response.Content.ReadAsByteArrayAsync();

        var text = PdfText.Extract(pdf);
        Assert.Contains("Mes données d’accompagnement", text);
        Assert.Contains("Vos objectifs et les actions", text);
        Assert.Contains($"« {f.Goal} »", PdfText.Flat(text));
        Assert.Contains(f.File.NoteText(ConfidentialityLevel.Person), PdfText.Flat(text));
        Assert.Contains("Qui a consulté ou modifié votre dossier", text);
        foreach (var secret in f.TeamOnlyTexts)
        {
            Assert.DoesNotContain(secret, text);
        }

        // An independent reader, when installed, finds the same French text in the embedded font's encoding.
        if (PdfText.Poppler(pdf) is { } poppler)
        {
            Assert.Contains($"« {f.Goal} »", PdfText.Flat(poppler));
            Assert.Contains("Vos forces et vos ressources", poppler);
        }

        await AssertExportLoggedAsync(world, f, world.Users[Role.Resident].Id, PersonExports.PdfContext);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Json_download_parses_and_holds_exactly_what_the_person_may_see(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var f = await PersonFileArrangement.ArrangeAsync(world);
        var resident = await world.LoginAsync(Role.Resident);
        var response = await resident.GetAsync($"{Mine}/Download?format=json");
        var body = await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        AssertPersonView(body, f);
        await AssertExportLoggedAsync(world, f, world.Users[Role.Resident].Id, PersonExports.JsonContext);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_team_exports_on_request_exactly_what_the_person_sees_and_the_person_sees_it_was_done(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var f = await PersonFileArrangement.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var url = $"/Accompaniments/Export/{f.File.AccompanimentId}";
        var page = await (await worker.GetAsync(url)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("quand elle le demande", page);
        Assert.Contains($"/Accompaniments/Export/{f.File.AccompanimentId}", (await (await worker.GetAsync($"/Accompaniments/File/{f.File.AccompanimentId}")).ShouldBe(HttpStatusCode.OK)));
        var json = await (await worker.GetAsync($"{url}?handler=Download&format=json")).ShouldBe(HttpStatusCode.OK);
        AssertPersonView(json, f); // the worker reads the team note, the export does not carry it
        var pdf = await (await worker.GetAsync($"{url}?handler=Download&format=pdf")).Content.ReadAsByteArrayAsync();
        Assert.Contains($"« {f.Goal} »", PdfText.Flat(PdfText.Extract(pdf)));
        await (await worker.GetAsync($"{url}?handler=Download&format=docx")).ShouldBe(HttpStatusCode.BadRequest);
        await AssertExportLoggedAsync(world, f, world.Users[Role.SocialWorker].Id, PersonExports.TeamJsonContext);
        await AssertExportLoggedAsync(world, f, world.Users[Role.SocialWorker].Id, PersonExports.TeamPdfContext);

        var field = await world.LoginAsync(Role.FieldAgent);
        await (await field.GetAsync($"{url}?handler=Download&format=json")).ShouldBe(HttpStatusCode.Forbidden);

        var resident = await world.LoginAsync(Role.Resident);
        var rows = (await (await resident.GetAsync(Mine)).ShouldBe(HttpStatusCode.OK)).Html().QuerySelectorAll(".access-table tbody tr").Select(r => PdfText.Flat(r.TextContent));
        Assert.Contains(rows, r => r.Contains(world.Users[Role.SocialWorker].DisplayName) && r.Contains("a téléchargé vos données (JSON)"));
    }

    /// <summary>The JSON holds the person's view: shared notes and documents only, meetings without summaries.</summary>
    private static void AssertPersonView(string body, PersonFileArrangement f)
    {
        foreach (var secret in f.TeamOnlyTexts)
        {
            Assert.DoesNotContain(secret, body);
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(PersonExports.Format, root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal("Benoît", root.GetProperty("person").GetProperty("firstName").GetString());
        var file = root.GetProperty("accompaniments").EnumerateArray().Single();
        Assert.Equal(f.File.AccompanimentId, file.GetProperty("id").GetGuid());
        Assert.Equal("open", file.GetProperty("status").GetString());
        var goal = file.GetProperty("goals").EnumerateArray().Single();
        Assert.Equal(f.Goal, goal.GetProperty("wording").GetString());
        var action = goal.GetProperty("actions").EnumerateArray().Single();
        Assert.Equal((f.Action, "partner", f.Partner, FileKit.Iso(f.Due)),
            (action.GetProperty("description").GetString(), action.GetProperty("actor").GetString(), action.GetProperty("partner").GetString(), action.GetProperty("dueOn").GetString()));
        var meeting = file.GetProperty("meetings").EnumerateArray().Single();
        Assert.Equal(["heldOn", "medium", "participants"], meeting.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal(
            new[] { f.File.NoteText(ConfidentialityLevel.Partner), f.File.NoteText(ConfidentialityLevel.Person) }.Order(),
            file.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("text").GetString()!).Order());
        Assert.Equal(
            new[] { f.File.DocumentTitle(ConfidentialityLevel.Partner), f.File.DocumentTitle(ConfidentialityLevel.Person) }.Order(),
            file.GetProperty("documents").EnumerateArray().Select(n => n.GetProperty("title").GetString()!).Order());
        Assert.Equal(2, file.GetProperty("consents").GetArrayLength());
        Assert.Equal(f.File.HealthText, file.GetProperty("health").GetProperty("text").GetString());
        Assert.False(file.GetProperty("rights").EnumerateArray().Single().TryGetProperty("comment", out _));
        Assert.True(file.GetProperty("accessLog").GetArrayLength() > 0);
    }

    private static async Task AssertExportLoggedAsync(World world, PersonFileArrangement f, Guid userId, string context)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.OrganisationId == world.Id && a.Action == AuditActions.Read && a.EntityType == nameof(Accompaniment)
            && a.EntityId == f.File.AccompanimentId && a.UserId == userId && a.Details == context), $"no audit line « {context} »");
    }
}
