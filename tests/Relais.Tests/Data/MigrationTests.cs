using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Organisations;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Data;

public sealed class MigrationTests
{
    /// <summary>
    /// The versioned SQL migrations and the EF model describe the same schema: a database built by the
    /// migrations is compared, table by table, column by column, index by index, with one that EF creates
    /// from the model (EnsureCreated). Column defaults are not compared: migrations that add a NOT NULL
    /// column need a default for the existing rows, and EF always writes every column.
    /// </summary>
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Migrated_schema_equals_the_model(DatabaseProvider provider)
    {
        await using var migrated = await TestApp.CreatePrivateAsync(provider);
        await using var fromModel = await TestApp.CreatePrivateAsync(provider, migrate: false);
        await using (var scope = fromModel.SystemScope(null, out var db))
        {
            Assert.True(await db.Database.EnsureCreatedAsync());
        }

        var expected = await Describe(fromModel);
        var actual = await Describe(migrated);
        Assert.True(expected.Count > 50, $"Model schema has only {expected.Count} lines: inspection is broken.");
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"Migrations differ from the model.\nIn the model, not in the migrations:\n  {string.Join("\n  ", missing)}\nIn the migrations, not in the model:\n  {string.Join("\n  ", extra)}");
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Upgrading_keeps_existing_data(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider, migrate: false);
        var orgId = Guid.NewGuid();
        await using (var scope = app.SystemScope(null, out var db))
        {
            var migrator = scope.ServiceProvider.GetRequiredService<SchemaMigrator>();
            Assert.Equal(["0001_initial"], await migrator.MigrateAsync(targetVersion: 1));

            // Rows written by version 1 of the schema, before the two-factor columns existed.
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = """
                    INSERT INTO "Organisations" ("Id", "Name", "CommuneCode", "IsDemo", "Version", "CreatedAt", "UpdatedAt") VALUES (@id, 'Office d''avant', '94038', @f, 3, @t, @t);
                    INSERT INTO "Sectors" ("Id", "OrganisationId", "Name", "Version", "CreatedAt", "UpdatedAt") VALUES (@sid, @id, 'Secteur ancien', 0, @t, @t);
                    """;
                Add(cmd, "@id", provider == DatabaseProvider.Sqlite ? orgId.ToString().ToUpperInvariant() : orgId);
                Add(cmd, "@sid", provider == DatabaseProvider.Sqlite ? Guid.NewGuid().ToString().ToUpperInvariant() : Guid.NewGuid());
                Add(cmd, "@f", provider == DatabaseProvider.Sqlite ? 0 : false);
                Add(cmd, "@t", provider == DatabaseProvider.Sqlite ? 0L : DateTimeOffset.UtcNow);
                await cmd.ExecuteNonQueryAsync();
            }

            await connection.CloseAsync();
            Assert.Equal(SchemaMigrator.Scripts(provider).Skip(1).Select(x => x.Name), await migrator.MigrateAsync());
            Assert.Empty(await migrator.MigrateAsync());
        }

        await using (var scope = app.SystemScope(orgId, out var db))
        {
            var org = await db.Organisations.SingleAsync(o => o.Id == orgId);
            Assert.Equal("Office d'avant", org.Name);
            Assert.Equal(3, org.Version);
            Assert.False(org.RequireTwoFactorForSocialRoles);
            Assert.Equal("Secteur ancien", (await db.Sectors.SingleAsync()).Name);

            // The upgraded schema is usable by the current model.
            org.RequireTwoFactorForSocialRoles = true;
            await db.SaveChangesAsync();
        }
    }

    /// <summary>
    /// 0006 re-keys the rent ledger on (organisation, household, month) and drops its surrogate id: the lines already
    /// imported stay, and on SQLite the table is stored in its key (WITHOUT ROWID, which the model cannot express and
    /// the schema comparison above cannot see).
    /// </summary>
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Rekeying_the_ledger_keeps_its_lines(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider, migrate: false);
        var sqlite = provider == DatabaseProvider.Sqlite;
        var orgId = Guid.NewGuid();
        var householdId = Guid.NewGuid();
        await using (var scope = app.SystemScope(null, out var db))
        {
            var migrator = scope.ServiceProvider.GetRequiredService<SchemaMigrator>();
            await migrator.MigrateAsync(targetVersion: 5);
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using (var cmd = connection.CreateCommand())
            {
                // Only the ledger matters here: the household it points to is not created (foreign keys off for the insert).
                cmd.CommandText = (sqlite ? "PRAGMA foreign_keys = OFF;" : "SET session_replication_role = replica;") + """
                    INSERT INTO "RentLedgerLines" ("Id", "OrganisationId", "HouseholdId", "DwellingReference", "Month", "Billed", "Paid", "HousingBenefit", "Balance", "ImportId")
                    VALUES (@a, @org, @h, 'LGT-1', @m1, 512.3, 500, 0, 12.3, @i), (@b, @org, @h, 'LGT-1', @m2, 512.3, 0, 0, 524.6, @i);
                    """ + (sqlite ? "PRAGMA foreign_keys = ON;" : "SET session_replication_role = DEFAULT;");
                object Id(Guid g) => sqlite ? g.ToString().ToUpperInvariant() : g;
                Add(cmd, "@a", Id(Guid.NewGuid()));
                Add(cmd, "@b", Id(Guid.NewGuid()));
                Add(cmd, "@org", Id(orgId));
                Add(cmd, "@h", Id(householdId));
                Add(cmd, "@i", Id(Guid.NewGuid()));
                Add(cmd, "@m1", sqlite ? "2025-01-01" : new DateOnly(2025, 1, 1));
                Add(cmd, "@m2", sqlite ? "2025-02-01" : new DateOnly(2025, 2, 1));
                await cmd.ExecuteNonQueryAsync();
            }

            await connection.CloseAsync();
            Assert.Contains("0006_ledger_key", await migrator.MigrateAsync());
            if (sqlite)
            {
                var sql = await db.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE name = 'RentLedgerLines'").SingleAsync();
                Assert.Contains("WITHOUT ROWID", sql, StringComparison.Ordinal);
            }
        }

        await using (var scope = app.SystemScope(orgId, out var db))
        {
            var lines = await db.RentLedgerLines.AsNoTracking().OrderBy(l => l.Month).ToListAsync();
            Assert.Equal([new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 1)], lines.Select(l => l.Month));
            Assert.All(lines, l => Assert.Equal(householdId, l.HouseholdId));
            Assert.Equal([12.3m, 524.6m], lines.Select(l => l.Balance));
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_migration_edited_after_it_was_applied_is_refused(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        await using var scope = app.SystemScope(null, out var db);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"__relais_schema\" SET \"Checksum\" = 'tampered' WHERE \"Version\" = 1");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync());
        Assert.Contains("0001_initial", error.Message);
        if (provider == DatabaseProvider.Postgres)
        {
            // The pool does not reset sessions (DatabaseSetup.Tuned): the failed run must not leave its lock behind.
            var other = new Npgsql.NpgsqlConnectionStringBuilder(app.ConnectionString) { Pooling = false }.ConnectionString;
            await using var connection = new Npgsql.NpgsqlConnection(other);
            await connection.OpenAsync();
            await using var tryLock = new Npgsql.NpgsqlCommand("SELECT pg_try_advisory_lock(7263002)", connection);
            Assert.True((bool)(await tryLock.ExecuteScalarAsync())!);
        }
    }

    [Theory]
    [InlineData("Host=db;Username=u", 64, true, null)]
    [InlineData("Host=db;Username=u;Max Auto Prepare=0", 0, true, null)]
    [InlineData("Host=db;Username=u;maxautoprepare=5", 5, true, null)]
    [InlineData("Host=db;Username=u;No Reset On Close=false", 64, false, null)]
    [InlineData("Host=db;Username=u;Maximum Pool Size=50", 64, true, 50)]
    [InlineData("Host=db;Username=u;MaxPoolSize=100", 64, true, 100)]
    [InlineData("Host=db;Username=u;Minimum Pool Size=2", 64, true, null)]
    public void Postgres_connections_are_tuned_unless_the_connection_string_says_otherwise(string given, int autoPrepare, bool noReset, int? poolSize)
    {
        var tuned = new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSetup.Tuned(given));
        Assert.Equal(autoPrepare, tuned.MaxAutoPrepare);
        Assert.Equal(noReset, tuned.NoResetOnClose);
        Assert.Equal(poolSize ?? DatabaseSetup.DefaultMaxPoolSize, tuned.MaxPoolSize);
        Assert.Equal("db", tuned.Host);
    }

    [Fact]
    public void Both_providers_have_the_same_migration_versions()
    {
        var sqlite = SchemaMigrator.Scripts(DatabaseProvider.Sqlite).Select(s => s.Name);
        var postgres = SchemaMigrator.Scripts(DatabaseProvider.Postgres).Select(s => s.Name);
        Assert.Equal(sqlite, postgres);
        Assert.True(sqlite.Count() >= 2);
    }

    private static Task<List<string>> Describe(TestApp app) => app.Provider == DatabaseProvider.Sqlite
        ? SchemaInspector.DescribeSqliteAsync(app.ConnectionString)
        : SchemaInspector.DescribePostgresAsync(app.ConnectionString);

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
