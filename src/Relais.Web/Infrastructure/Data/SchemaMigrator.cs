using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Relais.Infrastructure.Data;

/// <summary>
/// Applies the versioned SQL migrations embedded under <c>Data/Migrations/{Sqlite|Postgres}/NNNN_name.sql</c>
/// in order, each in its own transaction, and records them in <c>__relais_schema</c> with a checksum.
/// See docs/decisions/0002-migrations-as-versioned-sql.md for why not EF's C# migrations.
/// </summary>
public sealed class SchemaMigrator(RelaisDbContext db, ILogger<SchemaMigrator> logger)
{
    public sealed record Script(int Version, string Name, string Sql, string Checksum);

    public static IReadOnlyList<Script> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"Relais.Infrastructure.Data.Migrations.{provider}.";
        var scripts = new List<Script>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var fileName = resource[prefix.Length..];
            var name = Path.GetFileNameWithoutExtension(fileName);
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore < 1 || !int.TryParse(name[..underscore], out var version))
            {
                throw new InvalidOperationException($"Migration script {fileName} must be named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            scripts.Add(new Script(version, name, sql, checksum));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migration versions must be 1, 2, 3… without gaps; found {scripts[i].Name}.");
            }
        }

        return scripts;
    }

    private DatabaseProvider Provider => db.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    /// <summary>Applies the pending scripts, up to <paramref name="targetVersion"/> when given. Returns the names applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(int? targetVersion = null, CancellationToken ct = default)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        var locked = false;
        try
        {
            if (db.IsPostgres)
            {
                await Exec(connection, null, "SELECT pg_advisory_lock(7263002)", ct);
                locked = true;
            }

            await Exec(connection, null, db.IsPostgres
                ? "CREATE TABLE IF NOT EXISTS \"__relais_schema\" (\"Version\" integer PRIMARY KEY, \"Name\" text NOT NULL, \"Checksum\" text NOT NULL, \"AppliedAt\" timestamp with time zone NOT NULL)"
                : "CREATE TABLE IF NOT EXISTS \"__relais_schema\" (\"Version\" INTEGER PRIMARY KEY, \"Name\" TEXT NOT NULL, \"Checksum\" TEXT NOT NULL, \"AppliedAt\" TEXT NOT NULL)", ct);

            var applied = await AppliedAsync(connection, ct);
            var done = new List<string>();
            foreach (var script in Scripts(Provider))
            {
                if (targetVersion is { } t && script.Version > t)
                {
                    break;
                }

                if (applied.TryGetValue(script.Version, out var checksum))
                {
                    if (checksum != script.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {script.Name} was changed after it was applied (checksum differs). Write a new migration instead.");
                    }

                    continue;
                }

                await using var tx = await connection.BeginTransactionAsync(ct);
                await Exec(connection, tx, script.Sql, ct);
                await using (var record = connection.CreateCommand())
                {
                    record.Transaction = tx;
                    record.CommandText = "INSERT INTO \"__relais_schema\" (\"Version\", \"Name\", \"Checksum\", \"AppliedAt\") VALUES (@v, @n, @c, @a)";
                    AddParameter(record, "@v", script.Version);
                    AddParameter(record, "@n", script.Name);
                    AddParameter(record, "@c", script.Checksum);
                    AddParameter(record, "@a", db.IsPostgres ? DateTimeOffset.UtcNow : DateTimeOffset.UtcNow.ToString("O"));
                    await record.ExecuteNonQueryAsync(ct);
                }

                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Name}", script.Name);
                done.Add(script.Name);
            }

            if (db.IsPostgres)
            {
                await Exec(connection, null, "SELECT pg_advisory_unlock(7263002)", ct);
                locked = false;
                if (done.Count > 0 && connection is Npgsql.NpgsqlConnection npgsql)
                {
                    await npgsql.ReloadTypesAsync(ct);
                }
            }

            return done;
        }
        finally
        {
            if (locked && connection is Npgsql.NpgsqlConnection held)
            {
                // A failed migration must not leave its session lock on a pooled connection (the pool does not reset
                // sessions, see DatabaseSetup.Tuned): this connection is closed for good instead of going back to it.
                Npgsql.NpgsqlConnection.ClearPool(held);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<int> CurrentVersionAsync(CancellationToken ct = default)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var applied = await AppliedAsync(connection, ct);
            return applied.Count == 0 ? 0 : applied.Keys.Max();
        }
        catch (DbException)
        {
            return 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(DbConnection connection, CancellationToken ct)
    {
        var applied = new Dictionary<int, string>();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT \"Version\", \"Checksum\" FROM \"__relais_schema\"";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            applied[Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task Exec(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    /// <summary>The model's full create script for this provider: the starting point of a new migration.</summary>
    public string ModelCreateScript() => db.Database.GenerateCreateScript();
}
