using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relais.Features.Audit;
using Relais.Features.Ledger;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Ledger;

/// <summary>The engine on both databases: all or nothing, idempotence, replacement, unknown references, listeners.</summary>
public sealed class LedgerImportTests
{
    internal static async Task<LedgerImport> ImportAsync(World world, string content, LedgerImportOptions? options = null,
        IEnumerable<ILedgerImportListener>? listeners = null, Encoding? encoding = null, IProgress<LedgerProgress>? progress = null, CancellationToken ct = default)
    {
        var path = LedgerTestFiles.Write(content, encoding);
        try
        {
            await using var scope = world.App.SystemScope(world.Id, out var db);
            var sp = scope.ServiceProvider;
            var importer = listeners is null
                ? sp.GetRequiredService<LedgerImporter>()
                : new LedgerImporter(db, sp.GetRequiredService<TenantContext>(), sp.GetRequiredService<TimeProvider>(), listeners, sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILogger<LedgerImporter>>());
            var import = await importer.StartAsync("relevé.csv", null, "tests", CancellationToken.None);
            return await importer.RunAsync(import.Id, path, options ?? new LedgerImportOptions(), progress, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static async Task<List<(string Reference, DateOnly Month, decimal Billed, decimal Paid, decimal Benefit, decimal Balance, string Dwelling, Guid ImportId)>> LedgerOf(World world)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var rows = await db.RentLedgerLines.AsNoTracking()
            .Join(db.Households, l => l.HouseholdId, h => h.Id, (l, h) => new { l, h.TenantReference })
            .Select(x => new { x.TenantReference, x.l.Month, x.l.Billed, x.l.Paid, x.l.HousingBenefit, x.l.Balance, x.l.DwellingReference, x.l.ImportId })
            .ToListAsync();
        return rows.Select(r => (r.TenantReference, r.Month, r.Billed, r.Paid, r.HousingBenefit, r.Balance, r.DwellingReference, r.ImportId))
            .OrderBy(r => r.TenantReference, StringComparer.Ordinal).ThenBy(r => r.Month).ToList();
    }

    private static string ThreeMonths(World w, decimal northBilled = 512.30m) => LedgerTestFiles.Lines(
        $"{w.NorthHousehold.TenantReference};{w.NorthHousehold.Dwelling!.Reference};01/01/2025;{northBilled:0.00};500,00;0,00;12,30".Replace('.', ','),
        $"{w.NorthHousehold.TenantReference};{w.NorthHousehold.Dwelling!.Reference};01/02/2025;{northBilled:0.00};0,00;0,00;524,60".Replace('.', ','),
        $"{w.NorthHousehold.TenantReference};{w.NorthHousehold.Dwelling!.Reference};03/2025;{northBilled:0.00};0,00;0,00;1036,90".Replace('.', ','),
        $"{w.SouthHousehold.TenantReference};{w.SouthHousehold.Dwelling!.Reference};2025-01;640,00;440,00;200,00;0,00",
        $"{w.SouthHousehold.TenantReference};{w.SouthHousehold.Dwelling!.Reference};2025-02;640,00;440,00;200,00;0,00",
        $"{w.SouthHousehold.TenantReference};{w.SouthHousehold.Dwelling!.Reference};2025-03;640,00;0,00;0,00;640,00");

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Importing_the_same_file_twice_replaces_its_lines_without_duplicates(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));

        var first = await ImportAsync(world, ThreeMonths(world));
        Assert.Equal(LedgerImportStatus.Succeeded, first.Status);
        Assert.Equal((6L, 6L, 0, 0), (first.LinesRead, first.LinesImported, first.ErrorCount, first.HouseholdsCreated));
        Assert.Equal((new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 1)), (first.FirstMonth!.Value, first.LastMonth!.Value));
        var afterFirst = await LedgerOf(world);
        Assert.Equal(6, afterFirst.Count);
        Assert.Contains((world.NorthHousehold.TenantReference, new DateOnly(2025, 3, 1), 512.30m, 0m, 0m, 1036.90m, world.NorthHousehold.Dwelling!.Reference, first.Id), afterFirst);

        var second = await ImportAsync(world, ThreeMonths(world));
        Assert.Equal((LedgerImportStatus.Succeeded, 6L), (second.Status, second.LinesImported));
        Assert.Equal(6, LedgerReport.FromJson(second.Report).LinesUnchanged);
        // Nothing changed: the lines are left as they were (ImportId names the import that last changed a line).
        Assert.Equal(afterFirst, await LedgerOf(world));

        var third = await ImportAsync(world, ThreeMonths(world, northBilled: 520m));
        Assert.Equal(3, LedgerReport.FromJson(third.Report).LinesUnchanged);
        var afterThird = await LedgerOf(world);
        Assert.Equal(6, afterThird.Count);
        Assert.All(afterThird.Where(l => l.Reference == world.NorthHousehold.TenantReference), l => Assert.Equal((520m, third.Id), (l.Billed, l.ImportId)));
        Assert.All(afterThird.Where(l => l.Reference == world.SouthHousehold.TenantReference), l => Assert.Equal(first.Id, l.ImportId));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_month_imported_again_replaces_that_month_and_leaves_the_others(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var first = await ImportAsync(world, ThreeMonths(world));
        Assert.Equal(LedgerImportStatus.Succeeded, first.Status);

        var february = await ImportAsync(world, LedgerTestFiles.Lines($"{world.NorthHousehold.TenantReference};LGT-NOUVEAU;02/2025;530,00;530,00;0,00;12,30"));

        Assert.Equal(LedgerImportStatus.Succeeded, february.Status);
        var ledger = await LedgerOf(world);
        Assert.Equal(6, ledger.Count);
        var north = ledger.Where(l => l.Reference == world.NorthHousehold.TenantReference).ToList();
        Assert.Equal((530m, 530m, 12.30m, "LGT-NOUVEAU", february.Id), (north[1].Billed, north[1].Paid, north[1].Balance, north[1].Dwelling, north[1].ImportId));
        Assert.Equal((512.30m, first.Id), (north[0].Billed, north[0].ImportId));
        Assert.Equal((1036.90m, first.Id), (north[2].Balance, north[2].ImportId));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_file_with_one_bad_line_is_refused_whole_and_the_ledger_stays_as_it_was(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        await ImportAsync(world, ThreeMonths(world));
        var before = await LedgerOf(world);

        var good = Enumerable.Range(4, 9).Select(m => $"{world.NorthHousehold.TenantReference};L;{m:00}/2025;100,00;100,00;0,00;1036,90");
        var refused = await ImportAsync(world, LedgerTestFiles.Lines([.. good, $"{world.SouthHousehold.TenantReference};L;13/2025;100,00;100,00;0,00;0,00"]));

        Assert.Equal(LedgerImportStatus.Refused, refused.Status);
        Assert.Equal((10L, 0L, 1), (refused.LinesRead, refused.LinesImported, refused.ErrorCount));
        var error = Assert.Single(LedgerReport.FromJson(refused.Report).Errors);
        Assert.Equal((11L, "Mois", "13/2025"), (error.Line, error.Column, error.Value));
        Assert.NotNull(refused.FinishedAt);
        Assert.Equal(before, await LedgerOf(world));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Unknown_references_are_refused_unless_the_user_asks_to_create_the_households(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var newcomer = $"LOC-NOUVEAU-{Guid.NewGuid():N}"[..30];
        var content = LedgerTestFiles.Lines(
            $"{world.NorthHousehold.TenantReference};{world.NorthHousehold.Dwelling!.Reference};01/2025;500,00;500,00;0,00;0,00",
            $"{newcomer};{world.FreeDwelling.Reference};01/2025;450,00;0,00;0,00;450,00",
            $"{newcomer};{world.FreeDwelling.Reference};02/2025;450,00;0,00;0,00;900,00",
            $"LOC-INCONNU-2;LGT-INEXISTANT;02/2025;450,00;0,00;0,00;450,00");

        var refused = await ImportAsync(world, content);
        Assert.Equal(LedgerImportStatus.Refused, refused.Status);
        var errors = LedgerReport.FromJson(refused.Report).Errors;
        Assert.Equal([(3L, newcomer), (5L, "LOC-INCONNU-2")], errors.Select(e => (e.Line, e.Value)));
        Assert.All(errors, e => Assert.Contains("référence locataire inconnue", e.Reason, StringComparison.Ordinal));
        Assert.Empty(await LedgerOf(world));

        var created = await ImportAsync(world, content, new LedgerImportOptions { CreateHouseholds = true });
        Assert.Equal(LedgerImportStatus.Succeeded, created.Status);
        Assert.Equal((2, 4L), (created.HouseholdsCreated, created.LinesImported));
        var report = LedgerReport.FromJson(created.Report);
        Assert.Contains(report.Warnings, w => w.Value == "LGT-INEXISTANT" && w.Reason.Contains("sans logement", StringComparison.Ordinal));
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var household = await db.Households.SingleAsync(h => h.TenantReference == newcomer);
        Assert.Equal(world.FreeDwelling.Id, household.DwellingId);
        Assert.Contains(Relais.Infrastructure.Text.SearchText.Fold(world.FreeDwelling.Reference), household.SearchKey, StringComparison.Ordinal);
        Assert.Null((await db.Households.SingleAsync(h => h.TenantReference == "LOC-INCONNU-2")).DwellingId);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == household.Id && a.Action == AuditActions.Create && a.EntityType == "Household"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == created.Id && a.EntityType == nameof(LedgerImport) && a.Action == AuditActions.Update));
        Assert.Equal(2, (await LedgerOf(world)).Count(l => l.Reference == newcomer));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Another_organisations_references_are_unknown_here(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var a = await World.CreateAsync(app);
        var b = await World.CreateAsync(app);

        var refused = await ImportAsync(b, LedgerTestFiles.Lines($"{a.NorthHousehold.TenantReference};L;01/2025;1,00;1,00;0;0"));

        Assert.Equal(LedgerImportStatus.Refused, refused.Status);
        Assert.Contains("inconnue", Assert.Single(LedgerReport.FromJson(refused.Report).Errors).Reason, StringComparison.Ordinal);
    }

    private sealed class RecordingListener(World world) : ILedgerImportListener
    {
        public List<(LedgerImportedEvent Event, int LinesVisibleElsewhere)> Calls { get; } = [];

        public async Task LedgerImportedAsync(LedgerImportedEvent imported, CancellationToken ct)
        {
            // Another connection sees the lines: the listener runs after the commit.
            Calls.Add((imported, (await LedgerOf(world)).Count(l => l.ImportId == imported.ImportId)));
        }
    }

    private sealed class FailingListener : ILedgerImportListener
    {
        public Task LedgerImportedAsync(LedgerImportedEvent imported, CancellationToken ct) => throw new InvalidOperationException("détection en panne");
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Listeners_are_told_after_a_successful_import_only_and_their_failure_does_not_undo_it(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var listener = new RecordingListener(world);

        var refused = await ImportAsync(world, LedgerTestFiles.Lines($"{world.NorthHousehold.TenantReference};L;2025-13;1,00;1,00;0;0"), listeners: [listener]);
        Assert.Equal(LedgerImportStatus.Refused, refused.Status);
        Assert.Empty(listener.Calls);

        var imported = await ImportAsync(world, ThreeMonths(world), listeners: [new FailingListener(), listener]);
        Assert.Equal(LedgerImportStatus.Succeeded, imported.Status);
        var (call, visible) = Assert.Single(listener.Calls);
        Assert.Equal((world.Id, imported.Id, new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 1)), (call.OrganisationId, call.ImportId, call.FirstMonth, call.LastMonth));
        Assert.Equal(new[] { world.NorthHousehold.Id, world.SouthHousehold.Id }.Order(), call.HouseholdIds.Order());
        Assert.Equal(6, visible);
        Assert.Contains(LedgerReport.FromJson(imported.Report).Notes, n => n.Contains("FailingListener", StringComparison.Ordinal) && n.Contains("bien enregistré", StringComparison.Ordinal));
        Assert.Equal(6, (await LedgerOf(world)).Count);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_error_on_the_last_line_refuses_the_file_and_rolls_back_what_was_written_before_it(DatabaseProvider provider)
    {
        // SQLite writes the lines while it checks them: 40,000 good lines are written before the error is met.
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        await ImportAsync(world, ThreeMonths(world));
        var before = await LedgerOf(world);
        var lines = Enumerable.Range(0, 400).SelectMany(h => Enumerable.Range(0, 100).Select(m =>
            $"LOC-FIN-{h};L;{new DateOnly(2010, 1, 1).AddMonths(m):MM/yyyy};10,00;10,00;0,00;0,00"))
            .Append($"{world.NorthHousehold.TenantReference};L;13/2025;10,00;10,00;0,00;0,00")
            .ToArray();

        var refused = await ImportAsync(world, LedgerTestFiles.Lines(lines), new LedgerImportOptions { CreateHouseholds = true });

        Assert.Equal(LedgerImportStatus.Refused, refused.Status);
        Assert.Equal((40_001L, 1, 0L, 0), (refused.LinesRead, refused.ErrorCount, refused.LinesImported, refused.HouseholdsCreated));
        var error = Assert.Single(LedgerReport.FromJson(refused.Report).Errors);
        Assert.Equal(40_002, error.Line);
        Assert.Equal(before, await LedgerOf(world));
        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.False(await db.Households.AnyAsync(h => h.TenantReference.StartsWith("LOC-FIN-")));
        Assert.Equal(before.Count, await db.RentLedgerLines.CountAsync());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_import_cancelled_while_writing_is_interrupted_and_leaves_nothing(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        await ImportAsync(world, ThreeMonths(world));
        var before = await LedgerOf(world);
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Phase is LedgerImportPhase.Writing or LedgerImportPhase.ValidatingAndWriting && p.Lines > 0)
            {
                cancel.Cancel();
            }
        });
        var lines = Enumerable.Range(0, 400).SelectMany(h => Enumerable.Range(0, 100).Select(m =>
            $"LOC-ANNULE-{h};L;{new DateOnly(2010, 1, 1).AddMonths(m):MM/yyyy};10,00;10,00;0,00;0,00"));

        var interrupted = await ImportAsync(world, LedgerTestFiles.Lines([.. lines]), new LedgerImportOptions { CreateHouseholds = true }, progress: progress, ct: cancel.Token);

        Assert.Equal(LedgerImportStatus.Failed, interrupted.Status);
        Assert.Equal((0L, 0), (interrupted.LinesImported, interrupted.HouseholdsCreated));
        Assert.Contains(LedgerReport.FromJson(interrupted.Report).Notes, n => n.Contains("rien n'a été importé", StringComparison.Ordinal));
        Assert.Equal(before, await LedgerOf(world));
        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.False(await db.Households.AnyAsync(h => h.TenantReference.StartsWith("LOC-ANNULE-")));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_columns_chosen_for_a_file_are_saved_for_the_organisation_and_used_next_time(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var content = "Code client;Appartement;Echéance;Montant appelé;Montant réglé;Aide;Reste dû\r\n"
            + $"{world.NorthHousehold.TenantReference};A1;01/2025;500,00;500,00;0,00;0,00\r\n";
        var columns = new Dictionary<LedgerField, string>
        {
            [LedgerField.TenantReference] = "Code client", [LedgerField.DwellingReference] = "Appartement", [LedgerField.Month] = "Echéance",
            [LedgerField.Billed] = "Montant appelé", [LedgerField.Paid] = "Montant réglé", [LedgerField.HousingBenefit] = "Aide", [LedgerField.Balance] = "Reste dû",
        };

        var withoutMapping = await ImportAsync(world, content);
        Assert.Equal(LedgerImportStatus.Refused, withoutMapping.Status);

        var mapped = await ImportAsync(world, content, new LedgerImportOptions { Columns = columns });
        Assert.Equal(LedgerImportStatus.Succeeded, mapped.Status);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var saved = LedgerFields.ParseMapping((await db.LedgerColumnMappings.SingleAsync()).Columns);
            Assert.Equal(columns, saved);
        }

        var again = await ImportAsync(world, content.Replace("01/2025", "02/2025", StringComparison.Ordinal));
        Assert.Equal(LedgerImportStatus.Succeeded, again.Status);
        Assert.Equal(2, (await LedgerOf(world)).Count);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_ledger_exported_from_the_database_reads_back_as_imported(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var lines = Enumerable.Range(0, 30).SelectMany(h => Enumerable.Range(1, 6).Select(m =>
            new LedgerFileLine($"Réf \"{h}\"; Chloé", h % 3 == 0 ? "" : $"Bât. {h}", new DateOnly(2024, m, 1), 400 + h + (m / 100m), m * 10.5m, h % 2 == 0 ? 0 : 120.25m, (h - 15) * 33.33m)))
            .ToList();
        using var file = new MemoryStream();
        LedgerExporter.Write(file, LedgerExporter.Windows1252, lines);
        var imported = await ImportAsync(world, LedgerTestFiles.Windows1252.GetString(file.ToArray()), new LedgerImportOptions { CreateHouseholds = true }, encoding: LedgerTestFiles.Windows1252);
        Assert.Equal(LedgerImportStatus.Succeeded, imported.Status);

        var path = Path.Combine(Path.GetTempPath(), "relais-ledger-tests", $"{Guid.NewGuid():N}.csv");
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        await using (var output = File.Create(path))
        {
            Assert.Equal(180, await LedgerExporter.ExportAsync(db, output, LedgerExporter.Utf8WithBom, CancellationToken.None));
        }

        var (analysis, read) = LedgerImporter.ReadFile(path, new LedgerImportOptions(), LedgerTestFiles.Now);
        File.Delete(path);
        Assert.True(analysis.Accepted, LedgerTestFiles.Errors(analysis));
        Assert.Equal(lines.OrderBy(l => l.TenantReference, StringComparer.Ordinal).ThenBy(l => l.Month), read.OrderBy(l => l.TenantReference, StringComparer.Ordinal).ThenBy(l => l.Month));
    }
}

/// <summary>An IProgress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress(Action<LedgerProgress> report) : IProgress<LedgerProgress>
{
    public void Report(LedgerProgress value) => report(value);
}
