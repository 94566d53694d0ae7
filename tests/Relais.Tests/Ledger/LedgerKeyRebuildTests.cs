using Microsoft.EntityFrameworkCore;
using Relais.Features.Ledger;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Ledger;

/// <summary>
/// PostgreSQL: a COPY bringing more lines than the ledger holds drops the ledger's key and builds it again after the
/// COPY (docs/decisions/0010). The threshold is lowered so that a small file takes that path.
/// </summary>
public sealed class LedgerKeyRebuildTests
{
    private static readonly Dictionary<string, string?> LowThreshold = new() { ["Ledger:RebuildKeyFromLines"] = "2" };

    [SkippableFact]
    public async Task A_first_large_import_rebuilds_the_key_and_keeps_every_line()
    {
        await using var app = await TestApp.CreatePrivateAsync(DatabaseProvider.Postgres, LowThreshold);
        var world = await World.CreateAsync(app);
        var import = await LedgerImportTests.ImportAsync(world, File(world, "01/2025", "02/2025", "03/2025"));

        Assert.Equal(LedgerImportStatus.Succeeded, import.Status);
        Assert.Equal(6, (await LedgerImportTests.LedgerOf(world)).Count);
        Assert.True(await KeyExistsAsync(app, world), "the ledger's primary key must be back after the import");
    }

    [SkippableFact]
    public async Task A_duplicate_found_when_the_key_is_rebuilt_fails_the_import_and_restores_everything()
    {
        await using var app = await TestApp.CreatePrivateAsync(DatabaseProvider.Postgres, LowThreshold);
        var world = await World.CreateAsync(app);
        // A line that no import recorded (against the rule that lines only come from imports), so the importer takes the
        // COPY path for a month the ledger already holds: only the rebuilt key can notice.
        await using (var scope = app.SystemScope(world.Id, out var db))
        {
            db.RentLedgerLines.Add(new RentLedgerLine
            {
                OrganisationId = world.Id, HouseholdId = world.NorthHousehold.Id, DwellingReference = "LGT",
                Month = new DateOnly(2025, 2, 1), Billed = 1m, Paid = 1m, Balance = 0m, ImportId = Guid.NewGuid(),
            });
            await db.SaveChangesAsync();
        }

        var import = await LedgerImportTests.ImportAsync(world, File(world, "01/2025", "02/2025", "03/2025"));

        Assert.Equal(LedgerImportStatus.Failed, import.Status);
        var ledger = await LedgerImportTests.LedgerOf(world);
        Assert.Equal(new DateOnly(2025, 2, 1), Assert.Single(ledger).Month);
        Assert.Equal(1m, ledger[0].Billed);
        Assert.True(await KeyExistsAsync(app, world), "the rollback must restore the ledger's primary key");
    }

    private static string File(World w, params string[] months) => LedgerTestFiles.Lines(months.SelectMany(m => new[]
    {
        $"{w.NorthHousehold.TenantReference};L1;{m};500,00;500,00;0,00;0,00",
        $"{w.SouthHousehold.TenantReference};L2;{m};400,00;400,00;0,00;0,00",
    }).ToArray());

    /// <summary>
    /// The key carries the amounts (migration 0018): a household's months are read from the key alone. The planner is
    /// kept off the table scan (the test ledger is tiny) to show that the key can answer the dashboard's read by itself.
    /// </summary>
    [SkippableFact]
    public async Task The_key_answers_a_households_months_without_reading_the_table()
    {
        await using var app = await TestApp.CreatePrivateAsync(DatabaseProvider.Postgres);
        var world = await World.CreateAsync(app);
        Assert.Equal(LedgerImportStatus.Succeeded, (await LedgerImportTests.ImportAsync(world, File(world, "01/2025", "02/2025"))).Status);
        await using var scope = app.SystemScope(world.Id, out var db);
        await db.Database.ExecuteSqlRawAsync("VACUUM \"RentLedgerLines\"");
        await db.Database.OpenConnectionAsync();
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await using var explain = new Npgsql.NpgsqlCommand("""
            SET enable_seqscan = off; SET enable_bitmapscan = off;
            EXPLAIN SELECT "HouseholdId", "Month", "Billed", "Paid", "HousingBenefit", "Balance" FROM "RentLedgerLines"
            WHERE "OrganisationId" = @o AND "HouseholdId" = ANY (@h) AND "Month" >= @m
            """, connection);
        explain.Parameters.AddWithValue("o", world.Id);
        explain.Parameters.AddWithValue("h", new[] { world.NorthHousehold.Id, world.SouthHousehold.Id });
        explain.Parameters.AddWithValue("m", new DateOnly(2025, 1, 1));
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains("Index Only Scan using \"PK_RentLedgerLines\"", string.Join("\n", plan));
        await db.Database.ExecuteSqlRawAsync("RESET enable_seqscan; RESET enable_bitmapscan");
    }

    private static async Task<bool> KeyExistsAsync(TestApp app, World world)
    {
        await using var scope = app.SystemScope(world.Id, out var db);
        var definition = await db.Database.SqlQueryRaw<string>(
            "SELECT pg_get_constraintdef(oid) AS \"Value\" FROM pg_constraint WHERE conname = 'PK_RentLedgerLines' AND contype = 'p'").ToListAsync();
        // The same key as the migrations', with the amounts it carries.
        return definition.SequenceEqual(["PRIMARY KEY (\"OrganisationId\", \"HouseholdId\", \"Month\") INCLUDE (\"Billed\", \"Paid\", \"HousingBenefit\", \"Balance\")"]);
    }
}
