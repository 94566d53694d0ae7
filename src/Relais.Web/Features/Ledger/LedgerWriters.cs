using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Relais.Features.Ledger;

/// <summary>A line ready to be written: the household is resolved, amounts are in cents.</summary>
internal struct LedgerRow
{
    public HouseholdSlot Household;
    public string DwellingReference;
    public int Month;
    public long Billed;
    public long Paid;
    public long HousingBenefit;
    public long Balance;
}

/// <summary>
/// Writes ledger lines in bulk inside the import's transaction, outside EF's change tracking (ledger lines are not
/// audited one by one: the <see cref="LedgerImport"/> row is). A line for a household and month already in the
/// database replaces it.
/// </summary>
internal interface ILedgerLineWriter : IAsyncDisposable
{
    Task BeginAsync(CancellationToken ct);
    void Write(in LedgerRow row);

    /// <summary>Ends the streaming of lines (PostgreSQL: ends the COPY, freeing the connection for other commands).</summary>
    Task EndWritingAsync(CancellationToken ct);

    /// <summary>Makes every line written so far part of the transaction (PostgreSQL: from the staging table).</summary>
    Task CompleteAsync(CancellationToken ct);

    /// <summary>Lines inserted or changed; the others were already in the ledger with the same values and were left as they were.</summary>
    long Changed { get; }
}

internal static class LedgerSql
{
    public const string Columns = "\"OrganisationId\", \"HouseholdId\", \"DwellingReference\", \"Month\", \"Billed\", \"Paid\", \"HousingBenefit\", \"Balance\", \"ImportId\"";

    /// <summary>
    /// Replaces the line of the same household and month, unless it already holds the same values: a rolling export
    /// (the last 36 months every month) then rewrites only what changed. <c>ImportId</c> is the import that last wrote it.
    /// </summary>
    public const string OnConflict = " ON CONFLICT (\"OrganisationId\", \"HouseholdId\", \"Month\") DO UPDATE SET "
        + "\"DwellingReference\" = excluded.\"DwellingReference\", \"Billed\" = excluded.\"Billed\", \"Paid\" = excluded.\"Paid\", "
        + "\"HousingBenefit\" = excluded.\"HousingBenefit\", \"Balance\" = excluded.\"Balance\", \"ImportId\" = excluded.\"ImportId\" "
        + "WHERE \"DwellingReference\" IS NOT excluded.\"DwellingReference\" OR \"Billed\" IS NOT excluded.\"Billed\" OR \"Paid\" IS NOT excluded.\"Paid\" "
        + "OR \"HousingBenefit\" IS NOT excluded.\"HousingBenefit\" OR \"Balance\" IS NOT excluded.\"Balance\"";

    /// <summary>How EF Core stores a Guid in SQLite: upper-case text.</summary>
    public static string SqliteGuid(Guid id) => id.ToString("D").ToUpperInvariant();
}

/// <summary>
/// SQLite: one prepared <c>INSERT … ON CONFLICT DO UPDATE</c>, bound and stepped for every line through the native
/// handle (no ADO.NET object per line), in the caller's transaction on the same connection.
/// </summary>
internal sealed class SqliteLedgerWriter(SqliteConnection connection, SqliteTransaction transaction, Guid organisationId, Guid importId) : ILedgerLineWriter
{
    private sqlite3_stmt? _statement;
    private readonly Dictionary<int, byte[]> _months = [];

    public async Task BeginAsync(CancellationToken ct)
    {
        // A bigger page cache for the length of the import keeps the indexes' pages in memory (64 MB).
        await ExecuteAsync("PRAGMA cache_size = -65536", ct);
        var sql = $"INSERT INTO \"RentLedgerLines\" ({LedgerSql.Columns}) VALUES ('{LedgerSql.SqliteGuid(organisationId)}', ?1, ?2, ?3, ?4, ?5, ?6, ?7, '{LedgerSql.SqliteGuid(importId)}')"
            + LedgerSql.OnConflict;
        Check(raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement));
    }

    public void Write(in LedgerRow row)
    {
        var statement = _statement!;
        raw.sqlite3_bind_text(statement, 1, row.Household.IdUtf8);
        raw.sqlite3_bind_text16(statement, 2, row.DwellingReference);
        raw.sqlite3_bind_text(statement, 3, MonthText(row.Month));
        raw.sqlite3_bind_double(statement, 4, row.Billed / 100.0);
        raw.sqlite3_bind_double(statement, 5, row.Paid / 100.0);
        raw.sqlite3_bind_double(statement, 6, row.HousingBenefit / 100.0);
        raw.sqlite3_bind_double(statement, 7, row.Balance / 100.0);
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            throw new InvalidOperationException($"SQLite a refusé une ligne du relevé ({rc}) : {raw.sqlite3_errmsg(connection.Handle).utf8_to_string()}");
        }

        Changed += raw.sqlite3_changes(connection.Handle);
    }

    public long Changed { get; private set; }

    private byte[] MonthText(int month)
    {
        if (!_months.TryGetValue(month, out var text))
        {
            text = Encoding.ASCII.GetBytes(LedgerValues.MonthStart(month).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            _months[month] = text;
        }

        return text;
    }

    public Task EndWritingAsync(CancellationToken ct) => Task.CompletedTask;

    public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"SQLite : {raw.sqlite3_errmsg(connection.Handle).utf8_to_string()}");
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_statement is not null)
        {
            raw.sqlite3_finalize(_statement);
            _statement = null;
        }

        if (connection.State == System.Data.ConnectionState.Open)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA cache_size = -2000";
            if (transaction.Connection is not null)
            {
                command.Transaction = transaction; // still open: the import failed and is being rolled back
            }

            try
            {
                await command.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException)
            {
                // The connection is being torn down: its cache goes with it.
            }
        }
    }
}

/// <summary>
/// PostgreSQL. When the organisation has no line yet in the file's months (the usual monthly import), a binary COPY
/// straight into the ledger. Otherwise a binary COPY into a temporary table (dropped at commit), then one DELETE of the
/// lines the file replaces and one INSERT … SELECT. Either way in the caller's transaction.
/// </summary>
internal sealed class PostgresLedgerWriter(NpgsqlConnection connection, Guid organisationId, Guid importId, bool replacesLines, long lines, long rebuildKeyFrom) : ILedgerLineWriter
{
    private const string Staging = "relais_ledger_rows";
    /// <summary>The key as migration 0018 made it: it carries the amounts (docs/decisions/0021).</summary>
    private const string Key = "CONSTRAINT \"PK_RentLedgerLines\" PRIMARY KEY (\"OrganisationId\", \"HouseholdId\", \"Month\") "
        + "INCLUDE (\"Billed\", \"Paid\", \"HousingBenefit\", \"Balance\")";
    private NpgsqlBinaryImporter? _copy;
    private bool _keyDropped;

    /// <summary>
    /// A COPY straight into the ledger that brings more lines than the ledger holds (a first import, a landlord's
    /// history): the key is dropped and built again once, by a sort, after the COPY, instead of being maintained line by
    /// line in random order (PostgreSQL's advice for populating a table). All in the import's transaction: a failure,
    /// or a duplicate the key would refuse, rolls the key back with the rest. Readers of the ledger wait meanwhile.
    /// </summary>
    public bool RebuildsKey { get; private set; }

    public async Task BeginAsync(CancellationToken ct)
    {
        if (!replacesLines)
        {
            await using var estimate = new NpgsqlCommand("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = '\"RentLedgerLines\"'::regclass", connection);
            var held = Convert.ToInt64(await estimate.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            if (held == 0)
            {
                // Never analysed (or empty): count, at most up to the file's size.
                await using var count = new NpgsqlCommand($"SELECT count(*) FROM (SELECT 1 FROM \"RentLedgerLines\" LIMIT {lines}) AS l", connection);
                held = Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            }

            RebuildsKey = lines >= rebuildKeyFrom && lines > held;
            if (RebuildsKey)
            {
                await ExecuteAsync("ALTER TABLE \"RentLedgerLines\" DROP CONSTRAINT \"PK_RentLedgerLines\"", ct);
                _keyDropped = true;
            }
        }

        if (replacesLines)
        {
            await ExecuteAsync($"CREATE TEMPORARY TABLE {Staging} (\"HouseholdId\" uuid NOT NULL, "
                + "\"DwellingReference\" character varying(40) NOT NULL, \"Month\" date NOT NULL, \"Billed\" numeric(12,2) NOT NULL, "
                + "\"Paid\" numeric(12,2) NOT NULL, \"HousingBenefit\" numeric(12,2) NOT NULL, \"Balance\" numeric(12,2) NOT NULL) ON COMMIT DROP", ct);
            _copy = await connection.BeginBinaryImportAsync(
                $"COPY {Staging} (\"HouseholdId\", \"DwellingReference\", \"Month\", \"Billed\", \"Paid\", \"HousingBenefit\", \"Balance\") FROM STDIN (FORMAT BINARY)", ct);
        }
        else
        {
            _copy = await connection.BeginBinaryImportAsync($"COPY \"RentLedgerLines\" ({LedgerSql.Columns}) FROM STDIN (FORMAT BINARY)", ct);
        }

        // The server may take longer than the 30 s command timeout to finish a large COPY (index upkeep, checks).
        _copy.Timeout = TimeSpan.FromHours(2);
    }

    public void Write(in LedgerRow row)
    {
        var copy = _copy!;
        _written++;
        copy.StartRow();
        if (!replacesLines)
        {
            copy.Write(organisationId, NpgsqlDbType.Uuid);
        }

        copy.Write(row.Household.Id, NpgsqlDbType.Uuid);
        copy.Write(row.DwellingReference, NpgsqlDbType.Varchar);
        copy.Write(LedgerValues.MonthStart(row.Month), NpgsqlDbType.Date);
        copy.Write(Money(row.Billed), NpgsqlDbType.Numeric);
        copy.Write(Money(row.Paid), NpgsqlDbType.Numeric);
        copy.Write(Money(row.HousingBenefit), NpgsqlDbType.Numeric);
        copy.Write(Money(row.Balance), NpgsqlDbType.Numeric);
        if (!replacesLines)
        {
            copy.Write(importId, NpgsqlDbType.Uuid);
        }
    }

    internal static decimal Money(long cents)
    {
        var magnitude = (ulong)Math.Abs(cents);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, cents < 0, 2);
    }

    public async Task EndWritingAsync(CancellationToken ct)
    {
        await _copy!.CompleteAsync(ct);
        await _copy.DisposeAsync();
        _copy = null;
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        if (_keyDropped)
        {
            await ExecuteAsync("SET LOCAL maintenance_work_mem = '256MB'", ct);
            await ExecuteAsync($"ALTER TABLE \"RentLedgerLines\" ADD {Key}", ct);
            _keyDropped = false;
        }

        if (!replacesLines)
        {
            return;
        }

        await ExecuteAsync($"ANALYZE {Staging}", ct);
        // Lines whose values change are deleted, then every line of the file not in the ledger any more is inserted:
        // lines already there with the same values are left untouched (a rolling export rewrites only what changed).
        await ExecuteAsync(
            $"DELETE FROM \"RentLedgerLines\" AS l USING {Staging} AS s "
            + $"WHERE l.\"OrganisationId\" = '{organisationId}' AND l.\"HouseholdId\" = s.\"HouseholdId\" AND l.\"Month\" = s.\"Month\" "
            + "AND (l.\"DwellingReference\", l.\"Billed\", l.\"Paid\", l.\"HousingBenefit\", l.\"Balance\") "
            + "IS DISTINCT FROM (s.\"DwellingReference\", s.\"Billed\", s.\"Paid\", s.\"HousingBenefit\", s.\"Balance\")", ct);
        _inserted = await ExecuteAsync(
            $"INSERT INTO \"RentLedgerLines\" ({LedgerSql.Columns}) "
            + $"SELECT '{organisationId}', s.\"HouseholdId\", s.\"DwellingReference\", s.\"Month\", s.\"Billed\", s.\"Paid\", s.\"HousingBenefit\", s.\"Balance\", '{importId}' "
            + $"FROM {Staging} AS s WHERE NOT EXISTS (SELECT 1 FROM \"RentLedgerLines\" AS l "
            + $"WHERE l.\"OrganisationId\" = '{organisationId}' AND l.\"HouseholdId\" = s.\"HouseholdId\" AND l.\"Month\" = s.\"Month\")", ct);
    }

    private long _written;
    private long _inserted;

    public long Changed => replacesLines ? _inserted : _written;

    private async Task<long> ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_copy is not null)
        {
            // Not completed: disposing cancels the COPY, and the transaction is rolled back by the caller.
            try
            {
                await _copy.DisposeAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or DbException)
            {
                // The connection is already broken; the rollback undoes everything anyway.
            }
        }
    }
}
