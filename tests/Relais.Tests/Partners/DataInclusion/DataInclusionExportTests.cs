using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Relais.Cli;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Partners.DataInclusion.DataInclusionKit;

namespace Relais.Tests.Partners.DataInclusion;

public sealed class DataInclusionExportTests
{
    private static async Task<(byte[] Structures, byte[] Services)> DownloadAsync(HttpClient client)
    {
        var zip = await client.GetAsync("/Partners/DataInclusion?handler=Zip");
        await zip.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType?.MediaType);
        using var archive = new ZipArchive(new MemoryStream(await zip.Content.ReadAsByteArrayAsync()));
        byte[] Entry(string name)
        {
            using var stream = archive.GetEntry(name)!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        var structures = Entry("structures.json");
        var services = Entry("services.json");
        // Each file alone is the same as in the archive.
        Assert.Equal(structures, await (await client.GetAsync("/Partners/DataInclusion?handler=Structures")).Content.ReadAsByteArrayAsync());
        Assert.Equal(services, await (await client.GetAsync("/Partners/DataInclusion?handler=Services")).Content.ReadAsByteArrayAsync());
        return (structures, services);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Export_validates_with_ajv_and_round_trips_through_another_organisation(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var source = await World.CreateAsync(app);
        Assert.True((await ImportAsync(source, new("structures.json", Fixture("structures.json")), new("services.ndjson", Fixture("services.ndjson")))).Written);
        Guid handMadeId;
        await using (var scope = app.SystemScope(source.Id, out var db))
        {
            // Entered by hand, with values the schema would refuse: they are left out (null), never exported as they are.
            var caf = new PartnerOrganisation
            {
                Name = "CAF du Val-de-Marne", Kind = PartnerKind.Caf, Siret = "53449532300028", Website = "www.caf.fr", Email = "accueil caf@caf.fr",
                PostalCode = "9400", City = "Créteil", Description = "CAF", Networks = ["caf", "reseau-disparu"],
            };
            caf.Services.Add(new PartnerService
            {
                Name = "Rendez-vous droits", Description = "RDV", Themes = ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits", "theme-retire"],
                Publics = [], EligibilityZone = ["94", "Val-de-Marne"], Weeks = 0, Type = "permanence",
            });
            db.PartnerOrganisations.Add(caf);
            db.PartnerOrganisations.Add(new PartnerOrganisation { Name = "Structure fermée", IsActive = false });
            await db.SaveChangesAsync();
            handMadeId = caf.Id;
        }

        var manager = await source.LoginAsync(Role.Manager);
        var (structures, services) = await DownloadAsync(manager);
        var s = Validate("structure", structures);
        Assert.True(s.Errors.Count == 0, string.Join("\n", s.Errors));
        Assert.Equal(7, s.Valid);
        var v = Validate("service", services);
        Assert.True(v.Errors.Count == 0, string.Join("\n", v.Errors));
        Assert.Equal(7, v.Valid);

        // ajv really refuses what the schema refuses (the validator is not a rubber stamp).
        var broken = JsonNode.Parse(structures)!.AsArray();
        broken[0]!["siret"] = "1234";
        broken[1]!["code_postal"] = 69001;
        broken[2]!.AsObject().Remove("date_maj");
        var refused = Validate("structure", JsonSerializer.SerializeToUtf8Bytes(broken));
        Assert.Equal(4, refused.Valid);
        Assert.Contains(refused.Errors, e => e.Contains("\"index\":0") && e.Contains("\"path\":\"/siret\""));
        Assert.Contains(refused.Errors, e => e.Contains("\"index\":1") && e.Contains("\"path\":\"/code_postal\""));
        Assert.Contains(refused.Errors, e => e.Contains("\"index\":2") && e.Contains("date_maj"));

        var exported = JsonNode.Parse(structures)!.AsArray();
        var cafJson = exported.Single(n => n!["nom"]!.GetValue<string>() == "CAF du Val-de-Marne")!;
        Assert.Equal(("relais", handMadeId.ToString("D")), (cafJson["source"]!.GetValue<string>(), cafJson["id"]!.GetValue<string>()));
        Assert.Null(cafJson["site_web"]);
        Assert.Null(cafJson["courriel"]);
        Assert.Null(cafJson["code_postal"]);
        Assert.Null(cafJson["description"]);
        Assert.Equal("[\"caf\"]", cafJson["reseaux_porteurs"]!.ToJsonString());
        Assert.True(cafJson.AsObject().ContainsKey("accessibilite_lieu"));
        Assert.DoesNotContain(exported, n => n!["nom"]!.GetValue<string>() == "Structure fermée");
        var rdv = JsonNode.Parse(services)!.AsArray().Single(n => n!["nom"]!.GetValue<string>() == "Rendez-vous droits")!;
        Assert.Equal(handMadeId.ToString("D"), rdv["structure_id"]!.GetValue<string>());
        Assert.Equal("[\"difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits\"]", rdv["thematiques"]!.ToJsonString());
        Assert.Equal("[\"94\"]", rdv["zone_eligibilite"]!.ToJsonString());
        Assert.Null(rdv["publics"]);
        Assert.Null(rdv["type"]);
        Assert.Null(rdv["nombre_semaines"]);
        var ccas = exported.Single(n => n!["id"]!.GetValue<string>() == "dora--6f2b1c3e-ccas-venissieux")!;
        Assert.Equal(("dora", "Centre communal d’action sociale de Vénissieux", "2025-03-12"), (ccas["source"]!.GetValue<string>(), ccas["nom"]!.GetValue<string>(), ccas["date_maj"]!.GetValue<string>()));

        // Round trip: the export imported into another organisation (through the command line) exports the same.
        var target = await World.CreateAsync(app);
        var folder = System.IO.Directory.CreateTempSubdirectory("relais-di-");
        try
        {
            File.WriteAllBytes(Path.Combine(folder.FullName, "structures.json"), structures);
            File.WriteAllBytes(Path.Combine(folder.FullName, "services.json"), services);
            string[] common = [$"--Database:Provider={provider}", $"--ConnectionStrings:Relais={app.ConnectionString}", $"--Database:DataFolder={folder.FullName}"];
            Assert.Equal(0, await CliCommands.RunAsync(["import-data-inclusion", "--org", target.Id.ToString(), "--structures", Path.Combine(folder.FullName, "structures.json"),
                "--services", Path.Combine(folder.FullName, "services.json"), .. common]));
            Assert.Equal(0, await CliCommands.RunAsync(["export-data-inclusion", "--org", target.Id.ToString(), "--zip", Path.Combine(folder.FullName, "again.zip"), .. common]));
            Assert.True(File.Exists(Path.Combine(folder.FullName, "again.zip")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        var (structures2, services2) = await DownloadAsync(await target.LoginAsync(Role.Manager));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(structures), JsonNode.Parse(structures2)), $"structures differ:\n{System.Text.Encoding.UTF8.GetString(structures2)}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(services), JsonNode.Parse(services2)), "services differ");
        Assert.Equal(structures, structures2);
        await using (var scope = app.SystemScope(target.Id, out var db))
        {
            Assert.Equal(7, await db.PartnerOrganisations.CountAsync());
            Assert.Equal(PartnerKind.Caf, (await db.PartnerOrganisations.SingleAsync(p => p.SourceId == handMadeId.ToString("D"))).Kind);
        }

        // And the source organisation's directory is untouched by the other's import.
        Assert.Equal(structures, (await DownloadAsync(manager)).Structures);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Cli_import_refuses_a_bad_file_with_exit_code_1_and_writes_nothing(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var before = await SnapshotAsync(world);
        var folder = System.IO.Directory.CreateTempSubdirectory("relais-di-");
        try
        {
            var path = Path.Combine(folder.FullName, "structures.json");
            File.WriteAllText(path, """[{"source":"cd69","id":"1","nom":"CCAS de Bron","date_maj":"2025-01-10"},{"source":"cd69","id":"2","nom":"CCAS","date_maj":"hier"}]""");
            string[] common = [$"--Database:Provider={provider}", $"--ConnectionStrings:Relais={app.ConnectionString}", $"--Database:DataFolder={folder.FullName}"];
            Assert.Equal(1, await CliCommands.RunAsync(["import-data-inclusion", "--org", world.Id.ToString(), "--structures", path, .. common]));
            Assert.Equal(2, await CliCommands.RunAsync(["import-data-inclusion", "--org", world.Id.ToString(), "--structures", Path.Combine(folder.FullName, "absent.json"), .. common]));
            var ok = Path.Combine(folder.FullName, "ok.json");
            File.WriteAllText(ok, """[{"source":"cd69","id":"1","nom":"CCAS de Bron","date_maj":"2025-01-10"}]""");
            Assert.Equal(0, await CliCommands.RunAsync(["import-data-inclusion", "--org", world.Id.ToString(), "--structures", ok, "--dry-run", .. common]));
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        Assert.Equal(before, await SnapshotAsync(world));
    }
}
