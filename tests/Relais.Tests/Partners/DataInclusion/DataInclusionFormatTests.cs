using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relais.Features.Partners;
using Relais.Features.Partners.DataInclusion;
using static Relais.Tests.Partners.DataInclusion.DataInclusionKit;

namespace Relais.Tests.Partners.DataInclusion;

/// <summary>The reader's tolerance and line numbers, and the rules' agreement with ajv on the formats (no database).</summary>
public sealed class DataInclusionFormatTests
{
    private static DataInclusionFile.Result Read(string text, bool bom = false) =>
        DataInclusionFile.Read([.. bom ? Encoding.UTF8.Preamble.ToArray() : [], .. Encoding.UTF8.GetBytes(text)], "f.json");

    [Fact]
    public void Arrays_NDJSON_concatenated_objects_and_the_API_envelope_are_read_with_their_lines()
    {
        var array = Read("[\n  {\n    \"id\": \"a\"\n  },\n  {\"id\": \"b\"}, {\"id\": \"c\"}\n]\n", bom: true);
        Assert.Null(array.Error);
        Assert.Equal([(1, 2), (2, 5), (3, 5)], array.Items.Select(i => (i.Index, i.Line!.Value)));

        var ndjson = Read("{\"id\":\"a\"}\r\n\r\n{\"id\":\"b\"}\r\n{\n \"id\":\"c\"\n}\n");
        Assert.Null(ndjson.Error);
        Assert.Equal([1, 3, 4], ndjson.Items.Select(i => i.Line!.Value));
        Assert.Equal("c", ndjson.Items[2].Value.GetProperty("id").GetString());

        var envelope = Read("{\"items\": [{\"id\":\"a\"}, {\"id\":\"b\"}], \"total\": 2, \"page\": 1, \"size\": 50}");
        Assert.Equal(["a", "b"], envelope.Items.Select(i => i.Value.GetProperty("id").GetString()));

        Assert.Contains("Du contenu suit la fin du tableau", Read("[{\"id\":\"a\"}]\n[{\"id\":\"b\"}]").Error!.Reason);
        Assert.Equal(2, Read("[{\"id\":\"a\"}]\n[{\"id\":\"b\"}]").Error!.Line);
        var broken = Read("[\n{\"id\":\"a\"},\n{\"id\": b}\n]").Error!;
        Assert.Equal(3, broken.Line);
        Assert.Contains("caractère inattendu ligne 3", broken.Reason);
        Assert.Contains("tronqué", Read("[\n{\"id\":\"a\"},\n{\"id\":").Error!.Reason);
        Assert.Contains("vide", Read("\uFEFF", bom: false).Error?.Reason ?? Read("", bom: true).Error!.Reason);
    }

    [Fact]
    public void Accented_addresses_are_normalised_on_import_with_a_warning()
    {
        var report = new DataInclusionReport();
        var item = new DataInclusionItem(1, 1, JsonDocument.Parse("""
            {"source":"cd94","id":"1","nom":"Espace départemental des solidarités","date_maj":"2025-01-10",
             "site_web":"https://www.ville-vénissieux.fr/accès social","courriel":"eds@valdemarne.fr"}
            """).RootElement);
        var record = DataInclusionRules.Structure(item, "structures.json", report);
        Assert.NotNull(record);
        Assert.Equal("https://www.xn--ville-vnissieux-hnb.fr/acc%C3%A8s%20social", record.Website);
        Assert.Contains("forme normalisée", Assert.Single(report.Warnings).Reason);
    }

    [SkippableFact]
    public void What_the_rules_accept_ajv_accepts_and_the_export_always_validates()
    {
        string[] uris = ["https://exemple.fr/%C3%A9", "http://x", "https://ex.fr:8080/p?x=1&y=2#f", "https://[::1]/", "urn:isbn:123",
            "https://exemple.fr/é", "https://www.ville-vénissieux.fr", "https://exemple.fr/a b", "https://ex.fr/?q=a|b", "https://ex.fr/{x}",
            "https://ex.fr/a%zz", "https://ex.fr/#a#b", "www.exemple.fr", "exemple", "/chemin"];
        string[] emails = ["a@b.fr", "A@B.FR", "a+b@c.fr", "a.b@c-d.fr", "é@b.fr", "a@b", "a..b@c.fr", "a@-b.fr", "jean.dupont@ville-vénissieux.fr", "a @b.fr"];
        var structures = new List<PartnerOrganisation>();
        foreach (var (u, i) in uris.Select((u, i) => (u, i)))
        {
            structures.Add(new PartnerOrganisation { Name = $"Structure {i}", Website = u, SourceUrl = u, AccessibilityUrl = DataInclusionRules.AsciiUri(u) ?? u });
        }

        foreach (var (e, i) in emails.Select((e, i) => (e, i)))
        {
            structures.Add(new PartnerOrganisation { Name = $"Courriel {i}", Email = e, Siret = "1234", PostalCode = "9400", CommuneCode = "2A004", Description = "abc" });
        }

        // Stricter than the schema on purpose: a link that would run script or open a local file is refused.
        foreach (var unsafeUri in new[] { "javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "vbscript:x" })
        {
            Assert.False(DataInclusionRules.IsUri(unsafeUri), unsafeUri);
        }

        // The export writes only what the rules accept: ajv finds nothing to say.
        var exported = Export(structures);
        var result = Validate("structure", exported);
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        Assert.Equal(structures.Count, result.Valid);

        // And the rules agree with ajv value by value (written raw, not through the export).
        var raw = new JsonArray(uris.Select(u => (JsonNode)new JsonObject { ["source"] = "x", ["id"] = u, ["nom"] = "Nom", ["date_maj"] = "2025-01-01", ["site_web"] = u })
            .Concat(emails.Select(e => (JsonNode)new JsonObject { ["source"] = "x", ["id"] = e, ["nom"] = "Nom", ["date_maj"] = "2025-01-01", ["courriel"] = e })).ToArray());
        var verdicts = Validate("structure", Encoding.UTF8.GetBytes(raw.ToJsonString()));
        var refusedByAjv = verdicts.Errors.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("index").GetInt32()).ToHashSet();
        for (var i = 0; i < uris.Length; i++)
        {
            Assert.True(DataInclusionRules.IsUri(uris[i]) == !refusedByAjv.Contains(i), $"uri « {uris[i]} »: Relais {DataInclusionRules.IsUri(uris[i])}, ajv {!refusedByAjv.Contains(i)}");
        }

        for (var i = 0; i < emails.Length; i++)
        {
            var index = uris.Length + i;
            Assert.True(DataInclusionRules.IsEmail(emails[i]) == !refusedByAjv.Contains(index), $"email « {emails[i]} »: Relais {DataInclusionRules.IsEmail(emails[i])}, ajv {!refusedByAjv.Contains(index)}");
        }
    }

    private static byte[] Export(IEnumerable<PartnerOrganisation> structures)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var s in structures)
            {
                DataInclusionExporter.WriteStructure(w, s);
            }

            w.WriteEndArray();
        }

        return buffer.ToArray();
    }
}
