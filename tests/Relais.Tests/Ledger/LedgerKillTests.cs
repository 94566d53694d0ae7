using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Ledger;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Ledger;

/// <summary>
/// The real thing: the <c>import-ledger</c> command runs in its own process on a large file and is killed once it has
/// started writing; the ledger (and the households it was creating) must be exactly as before.
/// </summary>
public sealed class LedgerKillTests
{
    private const int NewHouseholds = 3_000;
    private const int Months = 100;

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_import_killed_while_writing_leaves_the_database_exactly_as_before(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        var world = await World.CreateAsync(app);
        var existing = await LedgerImportTests.ImportAsync(world, LedgerTestFiles.Lines(
            $"{world.NorthHousehold.TenantReference};L1;01/2025;500,00;500,00;0,00;0,00",
            $"{world.SouthHousehold.TenantReference};L2;01/2025;640,00;0,00;0,00;640,00"));
        Assert.Equal(LedgerImportStatus.Succeeded, existing.Status);
        var before = await SnapshotAsync(world);

        var path = Path.Combine(Path.GetTempPath(), "relais-ledger-tests", $"{Guid.NewGuid():N}.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(true)))
        {
            await writer.WriteLineAsync(LedgerTestFiles.Header);
            for (var h = 0; h < NewHouseholds; h++)
            {
                for (var m = 0; m < Months; m++)
                {
                    await writer.WriteLineAsync($"LOC-TUE-{h:00000};LGT-{h};{new DateOnly(2012, 1, 1).AddMonths(m):MM/yyyy};{400 + h % 50},00;{400 + h % 50},00;0,00;0,00");
                }
            }
        }

        var output = new StringBuilder();
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Relais.dll"), "import-ledger", "--org", world.Id.ToString(), "--file", path, "--create-households",
            $"--Database:Provider={provider}", $"--ConnectionStrings:Relais={app.ConnectionString}",
            $"--Database:DataFolder={app.Services.GetRequiredService<IConfiguration>()["Database:DataFolder"]}", "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            // PostgreSQL writes in a second pass ("Écriture"), SQLite while it checks ("Contrôle et écriture"): lines counted there are written.
            if (e.Data?.StartsWith("Écriture :", StringComparison.Ordinal) == true || e.Data?.StartsWith("Contrôle et écriture :", StringComparison.Ordinal) == true)
            {
                writing.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.Exited += (_, _) => writing.TrySetException(new InvalidOperationException("The import ended before it was killed."));
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await writing.Task.WaitAsync(TimeSpan.FromMinutes(3));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                Assert.Fail($"{e.Message}\n{output}");
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        finally
        {
            File.Delete(path);
        }

        var printed = output.ToString();
        Assert.Contains(provider == DatabaseProvider.Postgres ? "\nÉcriture : " : "\nContrôle et écriture : ", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Import terminé", printed, StringComparison.Ordinal);
        Assert.NotEqual(0, process.ExitCode);

        Assert.Equal(before, await SnapshotAsync(world));
        await using (var scope = app.SystemScope(world.Id, out var db))
        {
            var killed = await db.LedgerImports.Where(i => i.Id != existing.Id).SingleAsync();
            Assert.Equal((LedgerImportStatus.Running, 0L), (killed.Status, killed.LinesImported));
        }

        // The database is not damaged: the next import goes through.
        var next = await LedgerImportTests.ImportAsync(world, LedgerTestFiles.Lines($"{world.NorthHousehold.TenantReference};L1;02/2025;500,00;500,00;0,00;0,00"));
        Assert.Equal(LedgerImportStatus.Succeeded, next.Status);
    }

    private static async Task<string> SnapshotAsync(World world)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var lines = await db.RentLedgerLines.AsNoTracking().OrderBy(l => l.HouseholdId).ThenBy(l => l.Month)
            .Select(l => new { l.HouseholdId, l.DwellingReference, l.Month, l.Billed, l.Paid, l.HousingBenefit, l.Balance, l.ImportId })
            .ToListAsync();
        var households = await db.Households.AsNoTracking().OrderBy(h => h.Id).Select(h => new { h.Id, h.TenantReference, h.DwellingId, h.Version }).ToListAsync();
        var allLines = await db.RentLedgerLines.IgnoreQueryFilters().CountAsync();
        return string.Join("\n", lines.Select(l => l.ToString())) + "\n--\n" + string.Join("\n", households.Select(h => h.ToString())) + $"\n-- all organisations: {allLines} lines";
    }
}
