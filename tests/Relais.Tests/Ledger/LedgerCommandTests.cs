using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relais.Cli;
using Relais.Features.Ledger;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Ledger;

/// <summary>The <c>import-ledger</c> and <c>export-ledger</c> commands: same engine, exit codes a script can rely on.</summary>
public sealed class LedgerCommandTests
{
    private static string[] Common(TestApp app) =>
    [
        $"--Database:Provider={app.Provider}", $"--ConnectionStrings:Relais={app.ConnectionString}",
        $"--Database:DataFolder={app.Services.GetRequiredService<IConfiguration>()["Database:DataFolder"]}",
    ];

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_command_checks_imports_refuses_and_exports_with_meaningful_exit_codes(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var good = LedgerTestFiles.Write(LedgerTestFiles.Lines(
            $"{world.NorthHousehold.TenantReference};L1;01/2025;500,00;500,00;0,00;0,00",
            "LOC-CLI-NOUVEAU;L9;01/2025;300,00;0,00;0,00;300,00"), LedgerTestFiles.Windows1252);
        var bad = LedgerTestFiles.Write(LedgerTestFiles.Lines($"{world.NorthHousehold.TenantReference};L1;2025-13;500,00;500,00;0,00;0,00"));
        var export = Path.Combine(Path.GetTempPath(), "relais-ledger-tests", $"{Guid.NewGuid():N}.csv");
        try
        {
            Assert.Equal(2, await CliCommands.RunAsync(["import-ledger", "--org", world.Id.ToString(), .. Common(app)]));
            Assert.Equal(2, await CliCommands.RunAsync(["import-ledger", "--org", world.Id.ToString(), "--file", good, "--encoding", "ebcdic", .. Common(app)]));
            Assert.Equal(2, await CliCommands.RunAsync(["import-ledger", "--org", "Organisation qui n'existe pas", "--file", good, .. Common(app)]));

            // Unknown household without --create-households: refused, even in a dry run.
            Assert.Equal(1, await CliCommands.RunAsync(["import-ledger", "--org", world.Organisation.Name, "--file", good, "--dry-run", .. Common(app)]));
            Assert.Equal(0, await CliCommands.RunAsync(["import-ledger", "--org", world.Organisation.Name, "--file", good, "--create-households", "--dry-run", .. Common(app)]));
            Assert.Empty(await LedgerImportTests.LedgerOf(world));
            await using (var scope = app.SystemScope(world.Id, out var db))
            {
                Assert.False(await db.LedgerImports.AnyAsync());
            }

            Assert.Equal(1, await CliCommands.RunAsync(["import-ledger", "--org", world.Id.ToString(), "--file", bad, .. Common(app)]));
            Assert.Equal(0, await CliCommands.RunAsync(["import-ledger", "--org", world.Id.ToString(), "--file", good, "--encoding", "windows-1252", "--delimiter", ";", "--decimal", ",", "--create-households", .. Common(app)]));
            Assert.Equal(2, (await LedgerImportTests.LedgerOf(world)).Count);
            await using (var scope = app.SystemScope(world.Id, out var db))
            {
                var imports = await db.LedgerImports.OrderBy(i => i.StartedAt).ToListAsync();
                Assert.Equal([LedgerImportStatus.Refused, LedgerImportStatus.Succeeded], imports.Select(i => i.Status));
                Assert.All(imports, i => Assert.Equal("Ligne de commande", i.UserName));
                Assert.Equal("windows-1252", imports[1].Encoding);
            }

            Assert.Equal(0, await CliCommands.RunAsync(["export-ledger", "--org", world.Id.ToString(), "--file", export, "--encoding", "windows-1252", .. Common(app)]));
            var (analysis, lines) = LedgerImporter.ReadFile(export, new LedgerImportOptions(), LedgerTestFiles.Now);
            Assert.Equal("windows-1252", analysis.Format.EncodingName);
            Assert.Equal(new[] { "LOC-CLI-NOUVEAU", world.NorthHousehold.TenantReference }.Order(StringComparer.Ordinal), lines.Select(l => l.TenantReference).Order(StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(good);
            File.Delete(bad);
            File.Delete(export);
        }
    }
}
