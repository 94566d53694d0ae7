using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Partners;
using Relais.Features.Partners.DataInclusion;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Partners.DataInclusion.DataInclusionKit;

namespace Relais.Tests.Partners.DataInclusion;

public sealed class DataInclusionImportTests
{
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] structures, string structuresName, byte[]? services = null, string servicesName = "services.json")
    {
        var page = await (await client.GetAsync("/Partners/DataInclusion/Import")).ShouldBe(HttpStatusCode.OK);
        var token = page.Html().QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var s = new ByteArrayContent(structures);
        s.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(s, "StructuresFile", structuresName);
        if (services is not null)
        {
            var v = new ByteArrayContent(services);
            v.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            content.Add(v, "ServicesFile", servicesName);
        }

        return await client.PostAsync("/Partners/DataInclusion/Import", content);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Realistic_dump_is_previewed_then_imported_and_importing_it_again_changes_nothing(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var manager = await world.LoginAsync(Role.Manager);
        var uploaded = await UploadAsync(manager, Fixture("structures.json"), "structures.json", Fixture("services.ndjson"), "services.ndjson");
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var preview = uploaded.Headers.Location!.OriginalString;
        Assert.StartsWith("/Partners/DataInclusion/Import?file=", preview);

        // The preview tells what will happen, and writes nothing.
        var empty = await SnapshotAsync(world);
        var page = (await (await manager.GetAsync(preview)).ShouldBe(HttpStatusCode.OK)).Html();
        var counts = page.QuerySelector("#di-counts")!.TextContent;
        Assert.Contains("6 nouvelle(s), 0 mise(s) à jour, 0 inchangée(s)", counts);
        Assert.Contains("6 nouveau(x), 0 mis à jour, 0 inchangé(s)", counts);
        Assert.Contains("Centre communal d’action sociale de Vénissieux", page.QuerySelector("table")!.TextContent);
        var warning = Assert.Single(page.QuerySelectorAll("#di-warnings li")).TextContent;
        Assert.Contains("objet n° 3, ligne ", warning);
        Assert.Contains("« siret », valeur « 41035471800012 »", warning);
        Assert.Contains("clé de contrôle", warning);
        Assert.Equal(empty, await SnapshotAsync(world));

        // Another organisation cannot see, nor confirm, this upload.
        var other = await World.CreateAsync(world.App);
        var stranger = await other.LoginAsync(Role.Manager);
        await (await stranger.GetAsync(preview)).ShouldBe(HttpStatusCode.NotFound);
        var fileToken = preview[(preview.IndexOf('=') + 1)..];
        await (await stranger.PostFormAsync("/Partners/DataInclusion/Import?handler=Confirm", new() { ["file"] = fileToken }, "/Partners/DataInclusion/Import"))
            .ShouldBe(HttpStatusCode.NotFound);

        var confirmed = await manager.PostFormAsync("/Partners/DataInclusion/Import?handler=Confirm", new() { ["file"] = fileToken }, preview);
        Assert.Equal("/Partners/DataInclusion", confirmed.Headers.Location?.OriginalString);
        var index = (await (await manager.GetAsync("/Partners/DataInclusion")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Import terminé : 6 structure(s) créée(s)", index.Body!.TextContent);

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var structures = await db.PartnerOrganisations.Include(p => p.Services).ToListAsync();
            Assert.Equal(6, structures.Count);
            var ccas = structures.Single(p => p.SourceId == "dora--6f2b1c3e-ccas-venissieux");
            Assert.Equal(("dora", "Centre communal d’action sociale de Vénissieux", PartnerKind.Ccas, "26690235000005"), (ccas.SourceName, ccas.Name, ccas.Kind, ccas.Siret));
            Assert.Equal(("69200", "Vénissieux", "69259", new DateOnly(2025, 3, 12)), (ccas.PostalCode, ccas.City, ccas.CommuneCode, ccas.CheckedOn));
            Assert.Equal(["ccas-cias"], ccas.Networks);
            Assert.Equal(45.6975, ccas.Latitude);
            Assert.Equal(2, ccas.Services.Count);
            var aid = ccas.Services.Single(s => s.SourceId == "dora--svc-aide-facultative");
            Assert.Equal(["familles", "seniors", "beneficiaires-des-minimas-sociaux"], aid.Publics);
            Assert.Equal(["telephoner", "se-presenter"], aid.MobilisationModes);
            Assert.Equal(("aide-financiere", "gratuit"), (aid.Type, aid.Fees));
            var mission = structures.Single(p => p.SourceName == "emplois-de-linclusion");
            Assert.Equal((PartnerKind.MissionLocale, "41035471800012"), (mission.Kind, mission.Siret));
            var cej = mission.Services.Single();
            Assert.Equal((52, 17.5), (cej.Weeks, cej.WeeklyHours));
            Assert.Equal(["69199", "69259", "69290"], cej.EligibilityZone);
            Assert.Null(structures.Single(p => p.SourceName == "france-travail").Description);
            Assert.Equal(6, structures.Sum(p => p.Services.Count));
        }

        // Importing the same files again: recognised by (source, id), nothing rewritten, no duplicate.
        var before = await SnapshotAsync(world);
        var again = await ImportAsync(world, new("structures.json", Fixture("structures.json")), new("services.ndjson", Fixture("services.ndjson")));
        Assert.True(again.Written);
        Assert.Equal((0, 0, 6, 0, 0, 6), (again.StructuresNew, again.StructuresUpdated, again.StructuresUnchanged, again.ServicesNew, again.ServicesUpdated, again.ServicesUnchanged));
        Assert.Equal(before, await SnapshotAsync(world));

        // A changed telephone and a new service: one structure updated, one service added.
        var changed = Encoding.UTF8.GetString(Fixture("structures.json")).Replace("04 78 52 84 84", "04 78 52 84 85");
        var services = Encoding.UTF8.GetString(Fixture("services.ndjson")) + """{"source":"dora","structure_id":"dora--adil-69","id":"dora--adil-69-bail","nom":"Questions sur le bail","description":"Réponses d’un juriste sur le bail, les charges et le dépôt de garantie.","date_maj":"2025-04-01","inconnu":{"x":1}}""" + "\n";
        var third = await ImportAsync(world, Upload("structures.json", changed), Upload("services.ndjson", services));
        Assert.Equal((0, 1, 5, 1, 0, 6), (third.StructuresNew, third.StructuresUpdated, third.StructuresUnchanged, third.ServicesNew, third.ServicesUpdated, third.ServicesUnchanged));
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal(6, await db.PartnerOrganisations.CountAsync());
            Assert.Equal(7, await db.PartnerServices.CountAsync());
            Assert.Equal("04 78 52 84 85", (await db.PartnerOrganisations.SingleAsync(p => p.SourceId == "dora--adil-69")).Phone);
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Import_is_for_those_who_write_the_directory(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var agent = await world.LoginAsync(Role.FieldAgent);
        await (await agent.GetAsync("/Partners/DataInclusion")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/Partners/DataInclusion/Import")).StatusCode);
        var manager = await world.LoginAsync(Role.Manager);
        var tooLarge = (await (await manager.GetAsync("/Partners/DataInclusion/Import?erreur=taille")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("dépassent la taille maximale (50 Mo par fichier)", tooLarge.QuerySelector("#structures-err")!.TextContent);
        Assert.Equal("true", tooLarge.QuerySelector("#structures")!.GetAttribute("aria-invalid"));
        var partner = await world.LoginAsync(Role.Partner);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/Partners/DataInclusion?handler=Zip")).StatusCode);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Malformed_files_are_refused_with_their_line_and_nothing_is_written(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        Assert.True((await ImportAsync(world, new("structures.json", Fixture("structures.json")), null)).Written);
        var before = await SnapshotAsync(world);

        const string valid = """{"source":"cd69","id":"cd69--1","nom":"Maison de la métropole de Bron","date_maj":"2025-01-10"}""";
        var cases = new (string Name, DataInclusionUpload Structures, DataInclusionUpload? Services, string Expected)[]
        {
            ("not JSON", Upload("structures.csv", "nom;commune\nCCAS;Lyon\n"), null, "structures.csv, ligne 1 : Le fichier n’est pas du JSON valide : caractère inattendu ligne 1"),
            ("empty", Upload("structures.json", ""), null, "structures.json : Le fichier est vide"),
            ("blank", Upload("structures.json", "  \n\n"), null, "Le fichier est vide"),
            ("empty array", Upload("structures.json", "[]"), null, "aucune structure"),
            ("truncated", Upload("structures.json", Encoding.UTF8.GetString(Fixture("structures.json"))[..1500]), null, "Le fichier est tronqué"),
            ("windows-1252", new("structures.json", [.. "[{\"source\":\"x\",\"id\":\"1\",\"nom\":\"Vénissieux\",\"date_maj\":\"2025-01-01\"}]"u8.ToArray()[..40], 0xE9, .. "\"}]"u8.ToArray()]), null, "n’est pas encodé en UTF-8"),
            ("wrong type", Upload("structures.json", $"[\n  {valid},\n  {{\"source\":\"cd69\",\"id\":\"cd69--2\",\n   \"nom\":\"CCAS de Bron\",\"date_maj\":\"2025-01-10\",\"code_postal\":69500}}\n]"), null,
                "structures.json, objet n° 2, ligne 3, champ « code_postal », valeur « 69500 » : une chaîne de caractères est attendue, pas un nombre"),
            ("missing required (NDJSON)", Upload("structures.ndjson", $"{valid}\n\n{{\"source\":\"cd69\",\"id\":\"cd69--2\",\"date_maj\":\"2025-01-10\"}}\n"), null,
                "structures.ndjson, objet n° 2, ligne 3, champ « nom » : champ obligatoire absent"),
            ("null required", Upload("structures.json", """[{"source":"cd69","id":null,"nom":"CCAS de Bron","date_maj":"2025-01-10"}]"""), null, "champ « id » : champ obligatoire, il vaut null"),
            ("bad date", Upload("structures.json", """[{"source":"cd69","id":"a","nom":"CCAS de Bron","date_maj":"10/01/2025"}]"""), null, "champ « date_maj », valeur « 10/01/2025 » : une date au format AAAA-MM-JJ"),
            ("bad siret", Upload("structures.json", """[{"source":"cd69","id":"a","nom":"CCAS de Bron","date_maj":"2025-01-10","siret":"266 902 350 00005"}]"""), null, "« siret », valeur « 266 902 350 00005 » : un SIRET s’écrit avec 14 chiffres"),
            ("bad email and uri", Upload("structures.json", """[{"source":"cd69","id":"a","nom":"CCAS de Bron","date_maj":"2025-01-10","courriel":"ccas(at)bron.fr","site_web":"www.bron.fr"}]"""), null, "« courriel », valeur « ccas(at)bron.fr » : adresse électronique invalide"),
            ("short name", Upload("structures.json", """[{"source":"cd69","id":"a","nom":"AB","date_maj":"2025-01-10"}]"""), null, "« nom », valeur « AB » : trop court : 3 caractères au moins"),
            ("unknown network", Upload("structures.json", """[{"source":"cd69","id":"a","nom":"CCAS de Bron","date_maj":"2025-01-10","reseaux_porteurs":["ccas"]}]"""), null, "« reseaux_porteurs », valeur « ccas » : code inconnu de la liste « réseaux porteurs »"),
            ("duplicate", Upload("structures.json", $"[{valid},\n{valid}]"), null, "structures.json, objet n° 2, ligne 2, champ « id », valeur « cd69--1 » : la structure « cd69 » / « cd69--1 » figure déjà plus haut (objet n° 1, ligne 1)"),
            ("not an object", Upload("structures.json", $"[{valid}, \"CCAS\"]"), null, "objet n° 2, ligne 1, valeur « CCAS » : un objet JSON { … } est attendu"),
            ("bad theme code", Upload("structures.json", $"[{valid}]"),
                Upload("services.json", """[{"source":"cd69","structure_id":"cd69--1","id":"s1","nom":"Accueil","description":"Accueil social","date_maj":"2025-01-10","thematiques":["logement"]}]"""),
                "services.json, objet n° 1, ligne 1, champ « thematiques », valeur « logement » : code inconnu de la liste « thématiques »"),
            ("empty publics", Upload("structures.json", $"[{valid}]"),
                Upload("services.json", """[{"source":"cd69","structure_id":"cd69--1","id":"s1","nom":"Accueil","description":"Accueil social","date_maj":"2025-01-10","publics":[]}]"""),
                "« publics », valeur « [] » : la liste « publics » ne peut pas être vide"),
            ("bad zone", Upload("structures.json", $"[{valid}]"),
                Upload("services.json", """[{"source":"cd69","structure_id":"cd69--1","id":"s1","nom":"Accueil","description":"Accueil social","date_maj":"2025-01-10","zone_eligibilite":["Lyon 8e"]}]"""),
                "« zone_eligibilite », valeur « Lyon 8e » : code géographique invalide"),
            ("weeks", Upload("structures.json", $"[{valid}]"),
                Upload("services.json", """[{"source":"cd69","structure_id":"cd69--1","id":"s1","nom":"Accueil","description":"Accueil social","date_maj":"2025-01-10","nombre_semaines":0.5}]"""),
                "« nombre_semaines », valeur « 0.5 » : un nombre entier est attendu"),
            ("unknown structure", Upload("structures.json", $"[{valid}]"),
                Upload("services.ndjson", "{\"source\":\"cd69\",\"structure_id\":\"cd69--1\",\"id\":\"s1\",\"nom\":\"Accueil\",\"description\":\"Accueil social\",\"date_maj\":\"2025-01-10\"}\n{\"source\":\"dora\",\"structure_id\":\"cd69--1\",\"id\":\"s2\",\"nom\":\"Accueil\",\"description\":\"Accueil social\",\"date_maj\":\"2025-01-10\"}\n"),
                "services.ndjson, objet n° 2, ligne 2, champ « structure_id », valeur « cd69--1 » : structure inconnue : aucune structure de source « dora »"),
            // A valid structures file with one bad service among valid ones: nothing at all is written (all or nothing across files).
            ("one bad service", new("structures.json", Fixture("structures.json")),
                Upload("services.ndjson", Encoding.UTF8.GetString(Fixture("services.ndjson")).Replace("\"frais\": \"gratuit\", \"modes_accueil\": [\"en-presentiel\"], \"modes_mobilisation\": [\"se-presenter\"], \"mobilisable_par\": [\"usagers\"]", "\"frais\": \"gratuite\", \"modes_accueil\": [\"en-presentiel\"], \"modes_mobilisation\": [\"se-presenter\"], \"mobilisable_par\": [\"usagers\"]")),
                "services.ndjson, objet n° 2, ligne 2, champ « frais », valeur « gratuite » : code inconnu de la liste « frais »"),
        };
        foreach (var (name, structures, services, expected) in cases)
        {
            var report = await ImportAsync(world, structures, services);
            Assert.False(report.Accepted, $"{name}: accepted");
            Assert.False(report.Written, $"{name}: written");
            Assert.True(report.Errors.Any(e => e.ToString().Contains(expected, StringComparison.Ordinal)),
                $"{name}: expected « {expected} » in:\n{string.Join("\n", report.Errors)}");
            Assert.Equal(before, await SnapshotAsync(world));
        }

        // 150 bad objects: the first 100 errors are listed, the total is counted.
        var many = "[" + string.Join(",\n", Enumerable.Range(1, 150).Select(i => $$"""{"source":"x","id":"{{i}}","nom":"N","date_maj":"2025-01-10"}""")) + "]";
        var big = await ImportAsync(world, Upload("structures.json", many), null);
        Assert.Equal((100, 150), (big.Errors.Count, big.ErrorCount));
        Assert.Equal(100, big.Errors[^1].Line);
        Assert.Equal(before, await SnapshotAsync(world));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_failure_while_writing_rolls_the_whole_import_back(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var before = await SnapshotAsync(world);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ImportAsync(world,
            new("structures.json", Fixture("structures.json")), new("services.ndjson", Fixture("services.ndjson")),
            beforeCommit: () => throw new InvalidOperationException("panne simulée après l’écriture")));
        Assert.Equal("panne simulée après l’écriture", failure.Message);
        Assert.Equal(before, await SnapshotAsync(world));
        Assert.DoesNotContain(" v", before);

        // A preview (write: false) computes the same counts and writes nothing either.
        var preview = await ImportAsync(world, new("structures.json", Fixture("structures.json")), new("services.ndjson", Fixture("services.ndjson")), write: false);
        Assert.Equal((6, 6, false), (preview.StructuresNew, preview.ServicesNew, preview.Written));
        Assert.Equal(before, await SnapshotAsync(world));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Name_collisions_merge_hand_made_entries_and_rename_other_sources(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        Guid handMadeId;
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var adil = new PartnerOrganisation { Name = "ADIL du Rhône et de la Métropole de Lyon", Kind = PartnerKind.Adil };
            adil.Contacts.Add(new PartnerContact { Name = "Inès Juriste", Function = "juriste" });
            db.PartnerOrganisations.Add(adil);
            db.PartnerOrganisations.Add(new PartnerOrganisation { Name = "Maison de la métropole", SourceName = "cd69", SourceId = "cd69--mdm-bron", City = "Bron" });
            await db.SaveChangesAsync();
            handMadeId = adil.Id;
        }

        var file = Encoding.UTF8.GetString(Fixture("structures.json")).TrimEnd().TrimEnd(']')
            + """, {"source":"soliguide","id":"soliguide--mdm","nom":"Maison de la métropole","commune":"Vénissieux","date_maj":"2025-02-01"}]""";
        var report = await ImportAsync(world, Upload("structures.json", file), new("services.ndjson", Fixture("services.ndjson")));
        Assert.True(report.Written, string.Join("\n", report.Errors));
        Assert.Equal((6, 1), (report.StructuresNew, report.StructuresUpdated));
        Assert.Contains(report.Warnings, w => w.Field == "nom" && w.Reason.Contains("saisie dans Relais, existe déjà"));
        Assert.Contains(report.Warnings, w => w.Reason.Contains("importée sous le nom « Maison de la métropole (Vénissieux) »"));
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var adil = await db.PartnerOrganisations.Include(p => p.Contacts).Include(p => p.Services).SingleAsync(p => p.Id == handMadeId);
            Assert.Equal(("dora", "dora--adil-69", PartnerKind.Adil, "Inès Juriste"), (adil.SourceName, adil.SourceId, adil.Kind, adil.Contacts.Single().Name));
            Assert.Single(adil.Services);
            Assert.Equal(8, await db.PartnerOrganisations.CountAsync());
        }

        // Re-importing keeps the same names: no duplicate, nothing updated.
        var again = await ImportAsync(world, Upload("structures.json", file), new("services.ndjson", Fixture("services.ndjson")));
        Assert.Equal((0, 0, 7), (again.StructuresNew, again.StructuresUpdated, again.StructuresUnchanged));
    }
}
