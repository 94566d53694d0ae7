using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective;
using Relais.Features.Collective.Budget;
using Relais.Features.Collective.Outcomes;
using Relais.Features.Collective.Sheets;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Collective.Sheets;

/// <summary>Closing a project, its practice sheet, the library, publication outside the organisation — through HTTP.</summary>
public sealed class SheetTests
{
    private static async Task<Guid> CloseAsync(World world, HttpClient client, Guid projectId)
    {
        var response = await client.PostFormAsync($"/Collective/Sheets/Close/{projectId}", new()
        {
            ["Input.ClosedOn"] = DateTime.Today.ToString("yyyy-MM-dd"), ["Input.Version"] = "0",
        });
        await response.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/Collective/Sheets/Edit/", location);
        return Guid.Parse(location["/Collective/Sheets/Edit/".Length..]);
    }

    private static Dictionary<string, string> SheetForm(PracticeSheet s, string? lessons = null, string? reuse = null, string? title = null) => new()
    {
        ["Input.Title"] = title ?? s.Title, ["Input.Context"] = s.Context, ["Input.WhatWasDone"] = s.WhatWasDone, ["Input.Partners"] = s.Partners,
        ["Input.Cost"] = s.Cost, ["Input.Results"] = s.Results, ["Input.Lessons"] = lessons ?? s.Lessons, ["Input.Reuse"] = reuse ?? s.Reuse,
        ["Input.Version"] = s.Version.ToString(),
    };

    private static async Task<PracticeSheet> SheetAsync(World world, Guid id)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        return await db.PracticeSheets.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Closing_a_project_drafts_a_sheet_prefilled_from_the_project(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await CapitalisationKit.ProjectAsync(world);
        await CapitalisationKit.AddAsync(world, new ProjectFundingLine { OrganisationId = world.Id, ProjectId = p.Id, Source = "Contrat de ville", Status = FundingStatus.Received, Requested = 3000, Granted = 2500, Received = 2500 });
        await CapitalisationKit.AddAsync(world, new ProjectExpense { OrganisationId = world.Id, ProjectId = p.Id, SpentOn = DateOnly.FromDateTime(DateTime.Today), Label = "Peinture", Category = ExpenseCategory.Supplies, Amount = 1234.5m });
        var indicator = await CapitalisationKit.AddAsync(world, new ProjectIndicator { OrganisationId = world.Id, ProjectId = p.Id, Name = "Séances tenues", Unit = "séances", Target = 4, Computation = IndicatorComputation.SessionsHeld });
        await CapitalisationKit.AddAsync(world, new IndicatorMeasurement { OrganisationId = world.Id, IndicatorId = indicator.Id, MeasuredOn = DateOnly.FromDateTime(DateTime.Today.AddDays(-9)), Value = 2 });

        // Not staff of the project: the field agent cannot close it.
        var agent = await world.LoginAsync(Role.FieldAgent);
        await (await agent.GetAsync($"/Collective/Sheets/Close/{p.Id}")).ShouldBe(HttpStatusCode.Forbidden);

        var worker = await world.LoginAsync(Role.SocialWorker);
        var sheetId = await CloseAsync(world, worker, p.Id);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var project = await db.Projects.SingleAsync(x => x.Id == p.Id);
            Assert.Equal(ProjectStatus.Closed, project.Status);
            Assert.Equal(DateOnly.FromDateTime(DateTime.Today), project.ClosedOn);
        }

        var sheet = await SheetAsync(world, sheetId);
        Assert.Equal(SheetStatus.Draft, sheet.Status);
        Assert.Equal("Fresque du passage des Tilleuls", sheet.Title);
        Assert.Equal("Embellissement", sheet.Theme);
        Assert.Equal(DateTime.Today.Year, sheet.Year);
        Assert.Contains("Transformer le passage entre les deux bâtiments", sheet.Context);
        Assert.Contains(world.NorthResidence.Name, sheet.Context);
        Assert.Contains("Facilitateur", sheet.Context);
        Assert.Contains("Contrat de ville", sheet.Context); // the funding leads of the template
        Assert.Contains("2 séance(s) tenue(s)", sheet.WhatWasDone);
        Assert.Contains("Atelier dessin", sheet.WhatWasDone);
        Assert.DoesNotContain("Séance annulée", sheet.WhatWasDone);
        Assert.DoesNotContain("Inauguration", sheet.WhatWasDone);
        Assert.Contains("Contrat de ville (financeur)", sheet.Partners);
        var cost = sheet.Cost.Replace('\u202f', ' ').Replace('\u00a0', ' ');
        Assert.Contains("1 234,50 €", cost);
        Assert.Contains("2 500 € accordés", cost);
        Assert.Contains("**Séances tenues** : 2 séances", sheet.Results.Replace('\u00a0', ' '));
        Assert.Contains("cible 4 séances", sheet.Results.Replace('\u00a0', ' '));
        Assert.Equal("", sheet.Lessons);

        // The team edits it; closing again leads to the sheet, not to a second one.
        var edit = await (await worker.GetAsync($"/Collective/Sheets/Edit/{sheetId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Atelier dessin", edit);
        await (await worker.PostFormAsync($"/Collective/Sheets/Edit/{sheetId}", SheetForm(sheet, lessons: "Prévoir une bâche en cas de pluie."))).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal("Prévoir une bâche en cas de pluie.", (await SheetAsync(world, sheetId)).Lessons);
        var again = await worker.GetAsync($"/Collective/Sheets/Close/{p.Id}");
        await again.ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal($"/Collective/Sheets/{sheetId}", again.Headers.Location!.ToString());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Closing_a_project_changed_meanwhile_answers_409_with_the_stored_version_and_then_closes_it(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await CapitalisationKit.ProjectAsync(world);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var project = await db.Projects.SingleAsync(x => x.Id == p.Id);
            project.Objectives += " (modifié entre-temps)";
            await db.SaveChangesAsync();
        }

        var worker = await world.LoginAsync(Role.SocialWorker);
        var url = $"/Collective/Sheets/Close/{p.Id}";
        var stale = await worker.PostFormAsync(url, new() { ["Input.ClosedOn"] = DateTime.Today.ToString("yyyy-MM-dd"), ["Input.Version"] = "0" });
        var body = await stale.ShouldBe(HttpStatusCode.Conflict);
        var version = body.Html().QuerySelector("input[name='Input.Version']")!.GetAttribute("value");
        Assert.Equal("1", version); // the stored version, so that the next try can succeed

        var retry = await worker.PostFormAsync(url, new() { ["Input.ClosedOn"] = DateTime.Today.ToString("yyyy-MM-dd"), ["Input.Version"] = version! });
        await retry.ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal(ProjectStatus.Closed, (await db.Projects.SingleAsync(x => x.Id == p.Id)).Status);
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Markdown_is_rendered_and_every_script_or_dangerous_link_is_neutralised(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await CapitalisationKit.ProjectAsync(world, activity: false);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var sheetId = await CloseAsync(world, worker, p.Id);
        var sheet = await SheetAsync(world, sheetId);
        const string payloads = """
            **Bilan** très *positif*.

            <script>alert('x')</script>
            <img src=x onerror="alert(1)">
            <a href="javascript:alert(2)">lien html</a>
            [lien js](javascript:alert(3)) [lien casse](JaVaScRiPt:alert(4)) [lien entité](&#106;avascript:alert(5))
            [lien data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==) ![image](data:image/svg+xml;base64,PHN2Zz4=)
            <javascript:alert(7)> [relatif](/Account/Logout) [vbs](vbscript:msgbox(8))

            - [Site de la ville](https://www.ville.example/fresque)
            - [Écrire](mailto:contact@ville.example)
            """;
        await (await worker.PostFormAsync($"/Collective/Sheets/Edit/{sheetId}", SheetForm(sheet, lessons: payloads))).ShouldBe(HttpStatusCode.Redirect);

        var html = (await (await worker.GetAsync($"/Collective/Sheets/{sheetId}")).ShouldBe(HttpStatusCode.OK)).Html();
        var lessons = html.QuerySelector("#section-Lessons")!.ParentElement!;
        Assert.NotNull(lessons.QuerySelector("strong"));
        Assert.NotNull(lessons.QuerySelector("em"));
        Assert.Empty(html.QuerySelectorAll("main script"));
        Assert.Empty(lessons.QuerySelectorAll("img, iframe, object, embed"));
        Assert.DoesNotContain(lessons.QuerySelectorAll("*"), e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        var hrefs = lessons.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "").ToList();
        Assert.Equal(["https://www.ville.example/fresque", "mailto:contact@ville.example"], hrefs);
        Assert.Contains("<script>alert('x')</script>", lessons.TextContent); // shown as text, not run
        Assert.Contains("lien js", lessons.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_sheet_with_personal_data_cannot_be_published_and_a_clean_one_is_readable_anonymously(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await CapitalisationKit.ProjectAsync(world, activity: false);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var sheetId = await CloseAsync(world, worker, p.Id);
        var sheet = await SheetAsync(world, sheetId);
        var workerName = world.Users[Role.SocialWorker].DisplayName;
        await (await worker.PostFormAsync($"/Collective/Sheets/Edit/{sheetId}", SheetForm(sheet,
            lessons: $"Benoît LEFEVRE a porté le projet avec {workerName}. Madame N’Diaye est venue une fois.",
            reuse: "Contacter chloe@example.org ou le 06.12.34.56.78 (ou +33 6 98 76 54 32)."))).ShouldBe(HttpStatusCode.Redirect);
        sheet = await SheetAsync(world, sheetId);
        await (await worker.PostFormAsync($"/Collective/Sheets/{sheetId}?handler=Finalise", new() { ["Version"] = sheet.Version.ToString() }, $"/Collective/Sheets/{sheetId}")).ShouldBe(HttpStatusCode.Redirect);
        sheet = await SheetAsync(world, sheetId);

        var refused = await (await worker.PostFormAsync($"/Collective/Sheets/{sheetId}?handler=Publish", new() { ["Version"] = sheet.Version.ToString() }, $"/Collective/Sheets/{sheetId}"))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);
        var found = refused.Html().QuerySelectorAll("#donnees-personnelles li").Select(li => li.TextContent).ToList();
        Assert.Contains(found, f => f.Contains("« Benoît Lefèvre »") && f.Contains("habitant"));
        Assert.Contains(found, f => f.Contains("« Chloé N'Diaye »") && f.Contains("ndiaye"));
        Assert.Contains(found, f => f.Contains($"« {workerName} »") && f.Contains("professionnel"));
        Assert.Contains(found, f => f.Contains("« chloe@example.org »"));
        Assert.Contains(found, f => f.Contains("« 06.12.34.56.78 »"));
        Assert.Contains(found, f => f.Contains("« +33 6 98 76 54 32 »"));
        Assert.Null((await SheetAsync(world, sheetId)).PublicToken);

        // Cleaned, it is published; its public address needs no sign-in and shows no one.
        await (await worker.PostFormAsync($"/Collective/Sheets/Edit/{sheetId}", SheetForm(sheet, lessons: "Un habitant a porté le projet avec la conseillère.", reuse: "Contacter le service Action collective du bailleur.")))
            .ShouldBe(HttpStatusCode.Redirect);
        sheet = await SheetAsync(world, sheetId);
        await (await worker.PostFormAsync($"/Collective/Sheets/{sheetId}?handler=Publish", new() { ["Version"] = sheet.Version.ToString() }, $"/Collective/Sheets/{sheetId}")).ShouldBe(HttpStatusCode.Redirect);
        sheet = await SheetAsync(world, sheetId);
        Assert.NotNull(sheet.PublicToken);

        var anonymous = world.App.NewClient();
        var page = await (await anonymous.GetAsync($"/Collective/Sheets/Public/{sheet.PublicToken}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Un habitant a porté le projet", page);
        foreach (var personal in new[] { "Lefèvre", "N'Diaye", "N&#x27;Diaye", workerName, world.Organisation.Name, world.Email(Role.SocialWorker) })
        {
            Assert.DoesNotContain(personal, page);
        }

        var md = await (await anonymous.GetAsync($"/Collective/Sheets/Public/{sheet.PublicToken}?format=md")).ShouldBe(HttpStatusCode.OK);
        Assert.StartsWith("# Fresque du passage des Tilleuls", md);
        var exported = await worker.GetAsync($"/Collective/Sheets/Export/{sheetId}?format=html");
        Assert.Equal("text/html", exported.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h2>Enseignements</h2>", await exported.ShouldBe(HttpStatusCode.OK));

        // Once published, personal data cannot be added back.
        var blocked = await (await worker.PostFormAsync($"/Collective/Sheets/Edit/{sheetId}", SheetForm(sheet, lessons: "Merci à Benoît Lefèvre."))).ShouldBe(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("« Benoît Lefèvre »", blocked);

        // Withdrawn, its address answers 404.
        await (await worker.PostFormAsync($"/Collective/Sheets/{sheetId}?handler=Unpublish", new() { ["Version"] = sheet.Version.ToString() }, $"/Collective/Sheets/{sheetId}")).ShouldBe(HttpStatusCode.Redirect);
        await (await anonymous.GetAsync($"/Collective/Sheets/Public/{sheet.PublicToken}")).ShouldBe(HttpStatusCode.NotFound);
        await (await worker.GetAsync($"/Collective/Sheets/Export/{sheetId}?format=md")).ShouldBe(HttpStatusCode.Conflict);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_library_finds_sheets_by_words_without_accents_theme_and_year(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        async Task<Guid> Sheet(string title, string theme, int year, string text)
        {
            var p = await CapitalisationKit.ProjectAsync(world, title, theme, activity: false);
            var s = new PracticeSheet { OrganisationId = world.Id, ProjectId = p.Id, Title = title, Theme = theme, Year = year, Context = text, Status = SheetStatus.Final };
            s.SearchKey = SheetDraft.KeyOf(s);
            return (await CapitalisationKit.AddAsync(world, s)).Id;
        }

        var garden = await Sheet("Jardins partagés des Tilleuls", "Jardins", 2025, "Un potager au pied des immeubles, cultivé par les habitants.");
        var mural = await Sheet("Fresque du passage", "Embellissement", 2026, "Les habitants ont peint le mur de la coursive.");
        var debt = await Sheet("Groupe « Budget et impayés »", "Budget et impayés", 2026, "Accompagnement collectif individualisé : réduire la dette ensemble.");
        var client = await world.LoginAsync(Role.FieldAgent); // Collective.Read is enough to read the library

        async Task<List<string>> Search(string query)
        {
            var html = (await (await client.GetAsync("/Collective/Sheets" + query)).ShouldBe(HttpStatusCode.OK)).Html();
            return html.QuerySelectorAll(".sheet-list a").Select(a => a.GetAttribute("href")!).ToList();
        }

        Assert.Equal([$"/Collective/Sheets/{garden}"], await Search("?q=POTAGER"));
        Assert.Equal([$"/Collective/Sheets/{garden}"], await Search("?q=jardins+partages"));
        Assert.Equal([$"/Collective/Sheets/{debt}"], await Search("?q=impay%C3%A9s+individualise"));
        Assert.Equal([$"/Collective/Sheets/{mural}"], await Search("?q=coursiv"));
        Assert.Equal(2, (await Search("?q=habitants")).Count);
        Assert.Empty(await Search("?q=otager")); // words match from their start
        Assert.Equal([$"/Collective/Sheets/{mural}"], await Search("?q=habitants&year=2026"));
        Assert.Equal([$"/Collective/Sheets/{debt}"], await Search("?theme=Budget+et+impay%C3%A9s"));
        Assert.Equal(3, (await Search("")).Count);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Another_organisation_never_sees_a_sheet_except_at_its_public_address(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var a = await World.CreateAsync(app);
        var b = await World.CreateAsync(app);
        var p = await CapitalisationKit.ProjectAsync(a, activity: false);
        var draft = await CapitalisationKit.AddAsync(a, new PracticeSheet { OrganisationId = a.Id, ProjectId = p.Id, Title = "Fiche interne", Theme = "Embellissement", Year = 2026, SearchKey = " fiche interne " });
        var p2 = await CapitalisationKit.ProjectAsync(a, "Jardins", "Jardins", activity: false);
        var published = await CapitalisationKit.AddAsync(a, new PracticeSheet
        {
            OrganisationId = a.Id, ProjectId = p2.Id, Title = "Fiche publiée", Theme = "Jardins", Year = 2026, Status = SheetStatus.Final,
            PublishedOn = DateOnly.FromDateTime(DateTime.Today), PublicToken = Guid.NewGuid().ToString("N"), SearchKey = " fiche publiee ",
        });

        foreach (var role in new[] { Role.Manager, Role.SocialWorker })
        {
            var other = await b.LoginAsync(role);
            foreach (var id in new[] { draft.Id, published.Id })
            {
                await (await other.GetAsync($"/Collective/Sheets/{id}")).ShouldBe(HttpStatusCode.NotFound);
                await (await other.GetAsync($"/Collective/Sheets/Edit/{id}")).ShouldBe(HttpStatusCode.NotFound);
                await (await other.GetAsync($"/Collective/Sheets/Export/{id}?format=md")).ShouldBe(HttpStatusCode.NotFound);
            }

            var library = await (await other.GetAsync("/Collective/Sheets?q=fiche")).ShouldBe(HttpStatusCode.OK);
            Assert.DoesNotContain("Fiche interne", library);
            Assert.DoesNotContain("Fiche publiée", library);
            await (await other.GetAsync($"/Collective/Budget/{p.Id}")).ShouldBe(HttpStatusCode.NotFound);
            await (await other.GetAsync($"/Collective/Outcomes/{p.Id}")).ShouldBe(HttpStatusCode.NotFound);
        }

        var own = await a.LoginAsync(Role.FieldAgent);
        await (await own.GetAsync($"/Collective/Sheets/{draft.Id}")).ShouldBe(HttpStatusCode.OK);
        await (await b.App.NewClient().GetAsync($"/Collective/Sheets/Public/{published.PublicToken}")).ShouldBe(HttpStatusCode.OK);
        await (await b.App.NewClient().GetAsync($"/Collective/Sheets/Public/{Guid.NewGuid():N}")).ShouldBe(HttpStatusCode.NotFound);
    }
}
