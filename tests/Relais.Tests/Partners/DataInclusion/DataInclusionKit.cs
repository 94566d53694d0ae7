using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Partners;
using Relais.Features.Partners.DataInclusion;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Partners.DataInclusion;

/// <summary>Fixtures, the ajv validator (node) and database snapshots for the data·inclusion tests.</summary>
internal static class DataInclusionKit
{
    public static byte[] Fixture(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Partners", "DataInclusion", "Fixtures", name));

    public static DataInclusionUpload Upload(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));

    public static async Task<DataInclusionReport> ImportAsync(World world, DataInclusionUpload structures, DataInclusionUpload? services, bool write = true, Func<Task>? beforeCommit = null)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var importer = new DataInclusionImporter(db) { BeforeCommit = beforeCommit };
        return await importer.ImportAsync(structures, services, write, CancellationToken.None);
    }

    /// <summary>Everything an import could touch, as text: structures and services (all columns that matter), and the audit lines count.</summary>
    public static async Task<string> SnapshotAsync(World world)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var structures = await db.PartnerOrganisations.AsNoTracking().Include(p => p.Services).ToListAsync();
        var audit = await db.AuditEntries.CountAsync(a => a.OrganisationId == world.Id);
        var text = new StringBuilder($"audit={audit}\n");
        foreach (var p in structures.OrderBy(p => p.Id))
        {
            text.Append($"{p.Id} v{p.Version} {p.Name} {p.Kind} {p.IsActive} ")
                .Append(Fingerprint(w => DataInclusionExporter.WriteStructure(w, p))).Append('\n');
            foreach (var s in p.Services.OrderBy(s => s.Id))
            {
                text.Append($"  {s.Id} v{s.Version} ").Append(Fingerprint(w => DataInclusionExporter.WriteService(w, s, p))).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Fingerprint(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public sealed record AjvResult(int Valid, IReadOnlyList<string> Errors);

    /// <summary>Validates a JSON array against the embedded schema ("structure" or "service") with ajv, run by node.</summary>
    public static AjvResult Validate(string schema, byte[] json)
    {
        var node = NodeOrSkip();
        var folder = System.IO.Directory.CreateTempSubdirectory("relais-ajv-");
        try
        {
            var schemaPath = Path.Combine(folder.FullName, "schema.json");
            var dataPath = Path.Combine(folder.FullName, "data.json");
            File.WriteAllText(schemaPath, DataInclusionCatalogue.SchemaText(schema));
            File.WriteAllBytes(dataPath, json);
            var script = Path.Combine(AppContext.BaseDirectory, "Tools", "ajv", "validate.cjs");
            var start = new ProcessStartInfo(node, [script, schemaPath, dataPath]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(output.Length > 0, $"ajv did not run: {error}");
            var result = JsonDocument.Parse(output).RootElement;
            return new AjvResult(result.GetProperty("valid").GetInt32(),
                result.GetProperty("errors").EnumerateArray().Select(e => e.GetRawText()).ToList());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>node runs ajv; without it the test is skipped, or fails when every test is required (CI).</summary>
    private static string NodeOrSkip()
    {
        var node = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "node")).FirstOrDefault(File.Exists);
        if (node is null)
        {
            const string reason = "node introuvable : installez nodejs (apt-get install -y nodejs) pour valider l'export data·inclusion avec ajv.";
            if (TestApp.RequireAll)
            {
                Assert.Fail(reason);
            }

            Skip.If(true, reason);
        }

        return node!;
    }

    public static PartnerService Service(string name, string description) => new() { Name = name, Description = description };
}
