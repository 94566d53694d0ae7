using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Audit;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Accompaniments;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Partners.Directory;

public sealed class DirectoryTests
{
    private static async Task AddAsync(World world, PartnerOrganisation partner, params string[] themes)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        partner.OrganisationId = world.Id;
        db.PartnerOrganisations.Add(partner);
        if (themes.Length > 0)
        {
            db.PartnerServices.Add(new PartnerService { Name = "Service", Description = "Un service du territoire.", OrganisationId = world.Id, PartnerOrganisationId = partner.Id, Themes = [.. themes] });
        }

        await db.SaveChangesAsync();
    }

    private static List<string> Names(string body) =>
        body.Html().QuerySelectorAll("ul.directory li h2 a").Select(a => a.TextContent).ToList();

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_directory_is_searched_by_name_without_accents_and_filtered_by_kind_theme_and_commune(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        await AddAsync(world, new PartnerOrganisation { Name = "CCAS de L’Haÿ-les-Roses", Kind = PartnerKind.Ccas, CommuneCode = "94038", City = "L’Haÿ-les-Roses" },
            "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere");
        await AddAsync(world, new PartnerOrganisation { Name = "Équipe mobile psychiatrie précarité", Kind = PartnerKind.Empp }, "sante--sante-mentale");
        await AddAsync(world, new PartnerOrganisation { Name = "Mission locale Bièvre", Kind = PartnerKind.MissionLocale, CommuneCode = "94076" }, "trouver-un-emploi--repondre-a-des-offres-demploi");
        await AddAsync(world, new PartnerOrganisation { Name = "Ancienne association d’entraide", Kind = PartnerKind.Association, IsActive = false });
        var worker = await world.LoginAsync(Role.SocialWorker);

        var all = await (await worker.GetAsync("/Partners")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["CCAS de L’Haÿ-les-Roses", "Équipe mobile psychiatrie précarité", "Mission locale Bièvre", "Ancienne association d’entraide"], Names(all));
        Assert.Contains("Désactivée", all.Html().QuerySelector("ul.directory li.inactive")!.TextContent);

        Assert.Equal(["Équipe mobile psychiatrie précarité"], Names(await (await worker.GetAsync("/Partners?q=EQUIPE%20mobile")).ShouldBe(HttpStatusCode.OK)));
        Assert.Equal(["CCAS de L’Haÿ-les-Roses"], Names(await (await worker.GetAsync("/Partners?q=hay%20les")).ShouldBe(HttpStatusCode.OK)));
        Assert.Equal(["Mission locale Bièvre"], Names(await (await worker.GetAsync("/Partners?type=MissionLocale")).ShouldBe(HttpStatusCode.OK)));
        Assert.Equal(["Équipe mobile psychiatrie précarité"], Names(await (await worker.GetAsync("/Partners?theme=sante")).ShouldBe(HttpStatusCode.OK)));
        Assert.Empty(Names(await (await worker.GetAsync("/Partners?theme=numerique")).ShouldBe(HttpStatusCode.OK)));

        // Commune: located there, or covering it (here: the EMPP covers the département).
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var empp = await db.PartnerOrganisations.SingleAsync(p => p.Kind == PartnerKind.Empp);
            db.PartnerCoverage.Add(new PartnerCoverage { OrganisationId = world.Id, PartnerOrganisationId = empp.Id, Code = "94" });
            await db.SaveChangesAsync();
        }

        Assert.Equal(["CCAS de L’Haÿ-les-Roses", "Équipe mobile psychiatrie précarité"], Names(await (await worker.GetAsync("/Partners?commune=94038")).ShouldBe(HttpStatusCode.OK)));
        Assert.Equal(["Équipe mobile psychiatrie précarité", "Mission locale Bièvre"], Names(await (await worker.GetAsync("/Partners?commune=Villejuif")).ShouldBe(HttpStatusCode.OK)));
        var unknown = (await (await worker.GetAsync("/Partners?commune=Atlantide")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(unknown.QuerySelector("#commune-err"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_structure_with_a_wrong_SIRET_is_refused_in_French_and_a_valid_one_is_saved(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var worker = await world.LoginAsync(Role.SocialWorker);

        var wrongKey = (await (await worker.PostFormAsync("/Partners/Create", DirectoryIds.Structure("Médiation sociale du Val", "732 829 320 00075"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Le numéro SIRET 732\u00A0829\u00A0320\u00A000075 n’est pas valide (clé de contrôle).", wrongKey.QuerySelector("#siret-err")?.TextContent);
        Assert.Equal("true", wrongKey.QuerySelector("#siret")?.GetAttribute("aria-invalid"));
        Assert.Equal("732 829 320 00075", wrongKey.QuerySelector("#siret")?.GetAttribute("value")); // the input is kept
        var shortOne = (await (await worker.PostFormAsync("/Partners/Create", DirectoryIds.Structure("Médiation sociale du Val", "7328293200007"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Le numéro SIRET comporte 14 chiffres (13 saisis).", shortOne.QuerySelector("#siret-err")?.TextContent);

        var formats = DirectoryIds.Structure("Médiation sociale du Val");
        formats["Input.Email"] = "contact@";
        formats["Input.Website"] = "mediation.example.org";
        formats["Input.PostalCode"] = "9424";
        formats["Input.CommuneCode"] = "94240";
        var bad = (await (await worker.PostFormAsync("/Partners/Create", formats)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("L’adresse e-mail n’est pas valide", bad.QuerySelector("#email-err")?.TextContent);
        Assert.StartsWith("L’adresse web doit être complète", bad.QuerySelector("#website-err")?.TextContent);
        Assert.StartsWith("Le code postal comporte 5 chiffres", bad.QuerySelector("#postal-code-err")?.TextContent);
        Assert.StartsWith("Code INSEE de commune inconnu", bad.QuerySelector("#commune-code-err")?.TextContent);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.False(await db.PartnerOrganisations.AnyAsync());
        }

        var created = await worker.PostFormAsync("/Partners/Create", DirectoryIds.Structure("Médiation sociale du Val", "732.829.320 00074"));
        await created.ShouldBe(HttpStatusCode.Redirect);
        PartnerOrganisation saved;
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            saved = await db.PartnerOrganisations.SingleAsync();
        }

        Assert.Equal(("73282932000074", PartnerKind.Association, "94038"), (saved.Siret, saved.Kind, saved.CommuneCode));
        Assert.Equal($"/Partners/{saved.Id}", created.Headers.Location?.OriginalString);
        var page = (await (await worker.GetAsync($"/Partners/{saved.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("732\u00A0829\u00A0320\u00A000074", page.QuerySelector("#siret")?.TextContent);
        Assert.NotNull(page.QuerySelector("a[href='tel:0146000000']"));
        Assert.NotNull(page.QuerySelector("a[href='mailto:contact@mediation.example.org']"));

        // The name is unique in the organisation.
        var twice = (await (await worker.PostFormAsync("/Partners/Create", DirectoryIds.Structure("Médiation sociale du Val"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Une structure « Médiation sociale du Val » existe déjà.", twice.QuerySelector("#name-err")?.TextContent);
    }

    /// <summary>
    /// What the structure form accepts, the data·inclusion export writes: an address the export would leave out is refused
    /// by the form, and a web address typed with accents or spaces is stored in the ASCII form the schema wants.
    /// </summary>
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_form_accepts_only_addresses_the_data_inclusion_export_writes(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var manager = await world.LoginAsync(Role.Manager);

        var accented = DirectoryIds.Structure("Médiation sociale du Val");
        accented["Input.Email"] = "élodie.martin@mediation.example.org";
        var refused = (await (await manager.PostFormAsync("/Partners/Create", accented)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("L’adresse e-mail n’est pas valide : lettres sans accents", refused.QuerySelector("#email-err")?.TextContent);

        var input = DirectoryIds.Structure("Médiation sociale du Val");
        input["Input.Website"] = " https://www.médiation-val.fr/accès aux droits ";
        input["Input.AccessibilityUrl"] = "https://acceslibre.beta.gouv.fr/app/94-l-hay-les-roses/a/mairie/erp/mairie/";
        await (await manager.PostFormAsync("/Partners/Create", input)).ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var saved = await db.PartnerOrganisations.SingleAsync();
            Assert.Equal("https://www.xn--mdiation-val-beb.fr/acc%C3%A8s%20aux%20droits", saved.Website);
            Assert.Equal("https://acceslibre.beta.gouv.fr/app/94-l-hay-les-roses/a/mairie/erp/mairie/", saved.AccessibilityUrl);
        }

        var exported = await (await manager.GetAsync("/Partners/DataInclusion?handler=Structures")).ShouldBe(HttpStatusCode.OK);
        var structure = Assert.Single(System.Text.Json.JsonDocument.Parse(exported).RootElement.EnumerateArray());
        Assert.Equal("https://www.xn--mdiation-val-beb.fr/acc%C3%A8s%20aux%20droits", structure.GetProperty("site_web").GetString());
        Assert.Equal("contact@mediation.example.org", structure.GetProperty("courriel").GetString());
        Assert.Equal("https://acceslibre.beta.gouv.fr/app/94-l-hay-les-roses/a/mairie/erp/mairie/", structure.GetProperty("accessibilite_lieu").GetString());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_concurrent_edit_of_a_structure_shows_the_stored_version_and_keeps_the_input(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var ids = await DirectoryIds.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var manager = await world.LoginAsync(Role.Manager);
        var url = $"/Partners/Edit/{ids.PartnerId}";
        var version = (await (await worker.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;

        var first = DirectoryIds.Structure("CCAS de Villejuif", "73282932000074");
        first["Input.Kind"] = nameof(PartnerKind.Ccas);
        first["Input.Phone"] = "01 45 59 20 00";
        first["Input.Version"] = version;
        await (await manager.PostFormAsync(url, first)).ShouldBe(HttpStatusCode.Redirect);

        var second = new Dictionary<string, string>(first) { ["Input.Phone"] = "01 45 59 99 99", ["Input.Description"] = "Ma version" };
        var conflict = (await (await worker.PostFormAsync(url, second)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("modifiée par quelqu’un d’autre", conflict.QuerySelector("#conflict")!.TextContent);
        Assert.Contains("01 45 59 20 00", conflict.QuerySelector("#conflict")!.TextContent);
        Assert.Equal("01 45 59 99 99", conflict.QuerySelector("#phone")?.GetAttribute("value"));
        Assert.Equal("Ma version", conflict.QuerySelector("#description")?.TextContent);
        var newVersion = conflict.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        Assert.NotEqual(version, newVersion);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal("01 45 59 20 00", (await db.PartnerOrganisations.SingleAsync()).Phone);
        }

        // Saving again, deliberately, replaces it.
        await (await worker.PostFormAsync(url, new Dictionary<string, string>(second) { ["Input.Version"] = newVersion })).ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal("01 45 59 99 99", (await db.PartnerOrganisations.SingleAsync()).Phone);
        }

        // Deactivation.
        var off = new Dictionary<string, string>(second) { ["Input.Version"] = (int.Parse(newVersion) + 1).ToString(), ["Input.IsActive"] = "false" };
        await (await worker.PostFormAsync(url, off)).ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.False((await db.PartnerOrganisations.SingleAsync()).IsActive);
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_service_is_recorded_with_its_themes_and_shown_with_their_labels(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var ids = await DirectoryIds.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var url = $"/Partners/Service/New/{ids.PartnerId}";
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "Point conseil budget",
            ["Input.Description"] = "abc",
            ["Input.Type"] = "accompagnement",
            ["Input.Fees"] = "gratuit",
            ["Input.EligibilityZone"] = "94038, 94, zzz",
            ["Input.IsActive"] = "true",
            ["Input.Version"] = "0",
        };
        var body = new FormUrlEncodedContent(fields.Concat([
            new("Input.Themes", "difficultes-financieres--ameliorer-sa-gestion-budgetaire"),
            new("Input.Themes", "difficultes-financieres--situation-dendettement-surendettement"),
            new("Input.Publics", "familles"),
            new("Input.MobilisationModes", "telephoner"),
        ]));
        var refused = (await (await PostAsync(worker, url, body)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Décrivez le service en quelques mots (5 caractères au moins).", refused.QuerySelector("#description-err")?.TextContent);
        Assert.StartsWith("Codes inconnus : zzz.", refused.QuerySelector("#zone-err")?.TextContent);
        Assert.NotNull(refused.QuerySelector("#theme-difficultes-financieres--situation-dendettement-surendettement[checked]"));

        fields["Input.Description"] = "Aide à la gestion du budget et au dossier de surendettement.";
        fields["Input.EligibilityZone"] = "94038, 94";
        body = new FormUrlEncodedContent(fields.Concat([
            new("Input.Themes", "difficultes-financieres--ameliorer-sa-gestion-budgetaire"),
            new("Input.Themes", "difficultes-financieres--situation-dendettement-surendettement"),
            new("Input.Publics", "familles"),
            new("Input.MobilisationModes", "telephoner"),
        ]));
        await (await PostAsync(worker, url, body)).ShouldBe(HttpStatusCode.Redirect);
        PartnerService service;
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            service = await db.PartnerServices.SingleAsync(s => s.Name == "Point conseil budget");
        }

        Assert.Equal(["difficultes-financieres--ameliorer-sa-gestion-budgetaire", "difficultes-financieres--situation-dendettement-surendettement"], service.Themes);
        Assert.Equal(["94038", "94"], service.EligibilityZone);
        Assert.Equal(["familles"], service.Publics);
        var page = (await (await worker.GetAsync($"/Partners/{ids.PartnerId}")).ShouldBe(HttpStatusCode.OK)).Html();
        var card = page.QuerySelectorAll("article.service").Single(a => a.QuerySelector("h3")!.TextContent.StartsWith("Point conseil budget"));
        Assert.Contains("Difficultés financières : ", card.TextContent);
        Assert.Contains("Familles", card.TextContent);
        Assert.Contains("Gratuit", card.TextContent);
        Assert.Contains("L'Haÿ-les-Roses (94) – 94038", card.TextContent);

        // Edited with a stale version: conflict, the input kept.
        var edit = $"/Partners/Service/Edit/{service.Id}";
        var staleFields = new Dictionary<string, string>(fields) { ["Input.Name"] = "Point conseil budget renommé", ["Input.Version"] = (service.Version - 1).ToString() };
        var conflict = (await (await PostAsync(worker, edit, new FormUrlEncodedContent(staleFields))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(conflict.QuerySelector("#conflict"));
        Assert.Equal("Point conseil budget renommé", conflict.QuerySelector("#name")?.GetAttribute("value"));

        // A service no referral names can be deleted.
        await (await worker.PostFormAsync($"{edit}?handler=Delete", [], edit)).ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.False(await db.PartnerServices.AnyAsync(s => s.Id == service.Id));
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, FormUrlEncodedContent content)
    {
        var page = await (await client.GetAsync(url)).Content.ReadAsStringAsync();
        var token = page.Html().QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = (await content.ReadAsStringAsync()) + "&__RequestVerificationToken=" + Uri.EscapeDataString(token);
        return await client.PostAsync(url, new StringContent(fields, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Contacts_and_coverage_are_added_and_removed(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var ids = await DirectoryIds.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var contacts = $"/Partners/Contacts/{ids.PartnerId}";
        var missing = (await (await worker.PostFormAsync(contacts, new() { ["Contact.Name"] = " ", ["Contact.Email"] = "x" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Indiquez le nom du contact.", missing.QuerySelector("#contact-name-err")?.TextContent);
        await (await worker.PostFormAsync(contacts, new() { ["Contact.Name"] = "Paul Morel", ["Contact.Phone"] = "06 11 22 33 44" })).ShouldBe(HttpStatusCode.Redirect);
        await (await worker.PostFormAsync(contacts, new() { ["Contact.ContactId"] = ids.ContactId.ToString(), ["Contact.Name"] = "Inès Caron-Durand", ["Contact.Function"] = "Cheffe de service" })).ShouldBe(HttpStatusCode.Redirect);
        await (await worker.PostFormAsync($"{contacts}?handler=Remove", new() { ["contactId"] = ids.ContactId.ToString() }, contacts)).ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal(["Paul Morel"], await db.PartnerContacts.Select(c => c.Name).ToListAsync());
        }

        var coverage = $"/Partners/Coverage/{ids.PartnerId}";
        await (await worker.PostFormAsync($"{coverage}?handler=Residence", new() { ["ResidenceId"] = world.NorthResidence.Id.ToString() }, coverage)).ShouldBe(HttpStatusCode.Redirect);
        await (await worker.PostFormAsync($"{coverage}?handler=Commune", new() { ["Commune"] = "94240" }, coverage)).ShouldBe(HttpStatusCode.Redirect);
        await (await worker.PostFormAsync($"{coverage}?handler=Code", new() { ["Code"] = "94" }, coverage)).ShouldBe(HttpStatusCode.Redirect);
        await (await worker.PostFormAsync($"{coverage}?handler=Code", new() { ["Code"] = "200054781" }, coverage)).ShouldBe(HttpStatusCode.Redirect);
        var unknown = (await (await worker.PostFormAsync($"{coverage}?handler=Code", new() { ["Code"] = "99999" }, coverage)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("« 99999 » n’est ni un code INSEE", unknown.QuerySelector("#code-err")?.TextContent);
        var page = (await (await worker.GetAsync($"/Partners/{ids.PartnerId}")).ShouldBe(HttpStatusCode.OK)).Html();
        var labels = page.QuerySelectorAll("#coverage-list li").Select(li => li.TextContent).ToList();
        Assert.Equal([$"{world.NorthResidence.Name} (L'Haÿ-les-Roses)", "L'Haÿ-les-Roses (94) – 94038", "Métropole du Grand Paris (EPCI 200054781)", "Val-de-Marne (département 94)", "Villejuif (94) – 94076"], labels);

        Guid departement;
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            departement = (await db.PartnerCoverage.SingleAsync(c => c.Code == "94")).Id;
        }

        await (await worker.PostFormAsync($"{coverage}?handler=Remove", new() { ["coverageId"] = departement.ToString() }, coverage)).ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal(4, await db.PartnerCoverage.CountAsync());
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_agreement_takes_a_real_PDF_only_and_its_download_is_audited(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var ids = await DirectoryIds.ArrangeAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var url = $"/Partners/Agreement/New/{ids.PartnerId}";
        var fields = new Dictionary<string, string>
        {
            ["Input.Title"] = "Charte de médiation 2024",
            ["Input.Kind"] = nameof(AgreementKind.Charter),
            ["Input.StartsOn"] = "2024-01-01",
            ["Input.EndsOn"] = "2024-12-31",
            ["Input.Version"] = "0",
        };
        var fake = (await (await worker.PostFileAsync(url, url, fields, "Input.Document", "charte.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00], "application/pdf"))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Le contenu de « charte.pdf » n’est ni un PDF ni une image PNG ou JPEG : fichier refusé.", fake.QuerySelector("#document-err")?.TextContent);
        var image = (await (await worker.PostFileAsync(url, url, fields, "Input.Document", "charte.pdf", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00], "application/pdf"))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("« charte.pdf » porte l’extension .pdf mais son contenu est une image PNG", image.QuerySelector("#document-err")?.TextContent);
        var png = (await (await worker.PostFileAsync(url, url, fields, "Input.Document", "charte.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00], "image/png"))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("Le document d’un accord doit être un PDF", png.QuerySelector("#document-err")?.TextContent);
        var tooBig = DirectoryIds.Pdf("gros").Concat(new byte[10 * 1024 * 1024]).ToArray();
        var big = (await (await worker.PostFileAsync(url, url, fields, "Input.Document", "gros.pdf", tooBig, "application/pdf")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("Le fichier dépasse la taille maximale autorisée (10 Mo).", big.QuerySelector("#document-err")?.TextContent);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal(1, await db.PartnerAgreements.CountAsync());
        }

        await (await worker.PostFileAsync(url, url, fields, "Input.Document", "charte.pdf", DirectoryIds.Pdf("charte signée"), "application/pdf")).ShouldBe(HttpStatusCode.Redirect);
        PartnerAgreement saved;
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            saved = await db.PartnerAgreements.SingleAsync(a => a.Title == "Charte de médiation 2024");
        }

        Assert.Equal(("charte.pdf", "application/pdf"), (saved.DocumentFileName, saved.DocumentContentType));
        var page = (await (await worker.GetAsync($"/Partners/{ids.PartnerId}")).ShouldBe(HttpStatusCode.OK)).Html();
        var states = page.QuerySelectorAll("#agreements li").ToDictionary(li => li.QuerySelector("h3")!.TextContent, li => li.QuerySelector(".agreement-state")!.TextContent);
        Assert.Equal("échue", states["Charte de médiation 2024"]);
        Assert.Equal("en cours", states["Convention de partenariat 2026"]);

        var fieldAgent = await world.LoginAsync(Role.FieldAgent);
        var download = await fieldAgent.GetAsync($"/Partners/Agreement/Document/{saved.Id}");
        await download.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(DirectoryIds.Pdf("charte signée"), await download.Content.ReadAsByteArrayAsync());
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var read = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.Read && a.EntityId == saved.Id);
            Assert.Equal((world.Users[Role.FieldAgent].Id, nameof(PartnerAgreement)), (read.UserId, read.EntityType));
        }

        // Deleting removes the record and its file.
        var edit = $"/Partners/Agreement/Edit/{saved.Id}";
        await (await worker.PostFormAsync($"{edit}?handler=Delete", [], edit)).ShouldBe(HttpStatusCode.Redirect);
        await (await worker.GetAsync($"/Partners/Agreement/Document/{saved.Id}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_field_agent_reads_the_directory_but_cannot_change_it(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var ids = await DirectoryIds.ArrangeAsync(world);
        var agent = await world.LoginAsync(Role.FieldAgent);
        await (await agent.GetAsync("/Partners")).ShouldBe(HttpStatusCode.OK);
        var page = (await (await agent.GetAsync($"/Partners/{ids.PartnerId}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Null(page.QuerySelector($"a[href='/Partners/Edit/{ids.PartnerId}']"));
        await (await agent.GetAsync($"/Partners/Territory?residence={world.NorthResidence.Id}")).ShouldBe(HttpStatusCode.OK);
        foreach (var url in new[] { "/Partners/Create", $"/Partners/Edit/{ids.PartnerId}", $"/Partners/Contacts/{ids.PartnerId}", $"/Partners/Coverage/{ids.PartnerId}",
                     $"/Partners/Service/New/{ids.PartnerId}", $"/Partners/Service/Edit/{ids.ServiceId}", $"/Partners/Agreement/New/{ids.PartnerId}", $"/Partners/Agreement/Edit/{ids.AgreementId}" })
        {
            await (await agent.GetAsync(url)).ShouldBe(HttpStatusCode.Forbidden);
            await (await agent.PostFormAsync(url, new() { ["Input.Name"] = "Piraté" }, formPage: "/Partners")).ShouldBe(HttpStatusCode.Forbidden);
        }

        foreach (var role in new[] { Role.Partner, Role.Resident })
        {
            var client = await world.LoginAsync(role);
            await (await client.GetAsync("/Partners")).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.GetAsync($"/Partners/{ids.PartnerId}")).ShouldBe(HttpStatusCode.Forbidden);
        }

        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.Equal("CCAS de Villejuif", (await db.PartnerOrganisations.SingleAsync()).Name);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Another_organisations_structure_answers_404(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var owner = await World.CreateAsync(app);
        var other = await World.CreateAsync(app);
        var ids = await DirectoryIds.ArrangeAsync(owner);
        var worker = await other.LoginAsync(Role.SocialWorker);
        foreach (var url in new[] { $"/Partners/{ids.PartnerId}", $"/Partners/Edit/{ids.PartnerId}", $"/Partners/Service/Edit/{ids.ServiceId}",
                     $"/Partners/Agreement/Document/{ids.AgreementId}", $"/Partners/Territory?residence={owner.NorthResidence.Id}" })
        {
            await (await worker.GetAsync(url)).ShouldBe(HttpStatusCode.NotFound);
        }

        var list = (await (await worker.GetAsync("/Partners")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Empty(list.QuerySelectorAll("ul.directory li"));
    }
}
