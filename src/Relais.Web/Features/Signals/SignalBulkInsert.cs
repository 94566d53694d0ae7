using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Relais.Infrastructure.Data;

namespace Relais.Features.Signals;

/// <summary>
/// Inserts many signals at once, skipping those whose rule key already exists, inside the caller's transaction.
/// PostgreSQL: binary COPY into a temporary table, then one <c>INSERT … SELECT … ON CONFLICT DO NOTHING</c>.
/// SQLite: one prepared <c>INSERT … ON CONFLICT DO NOTHING</c> executed per row (SQLite has no network round trip).
/// Values are written through EF's own type mappings on SQLite, so they are stored exactly as EF stores them.
/// </summary>
public static class SignalBulkInsert
{
    private sealed record Column(string Name, NpgsqlDbType PgType, Func<Signal, object?> Value);

    private static readonly Column[] Columns =
    [
        new(nameof(Signal.Id), NpgsqlDbType.Uuid, s => s.Id),
        new(nameof(Signal.OrganisationId), NpgsqlDbType.Uuid, s => s.OrganisationId),
        new(nameof(Signal.HouseholdId), NpgsqlDbType.Uuid, s => s.HouseholdId),
        new(nameof(Signal.Source), NpgsqlDbType.Integer, s => s.Source),
        new(nameof(Signal.Type), NpgsqlDbType.Integer, s => s.Type),
        new(nameof(Signal.Severity), NpgsqlDbType.Integer, s => s.Severity),
        new(nameof(Signal.Status), NpgsqlDbType.Integer, s => s.Status),
        new(nameof(Signal.Explanation), NpgsqlDbType.Varchar, s => s.Explanation),
        new(nameof(Signal.PublicExplanation), NpgsqlDbType.Varchar, s => s.PublicExplanation),
        new(nameof(Signal.DebtAmount), NpgsqlDbType.Numeric, s => s.DebtAmount),
        new(nameof(Signal.RuleKey), NpgsqlDbType.Varchar, s => s.RuleKey),
        new(nameof(Signal.LedgerMonth), NpgsqlDbType.Date, s => s.LedgerMonth),
        new(nameof(Signal.Note), NpgsqlDbType.Varchar, s => s.Note),
        new(nameof(Signal.NoteConfidential), NpgsqlDbType.Boolean, s => s.NoteConfidential),
        new(nameof(Signal.PartnerSource), NpgsqlDbType.Varchar, s => s.PartnerSource),
        new(nameof(Signal.ReportedByUserId), NpgsqlDbType.Uuid, s => s.ReportedByUserId),
        new(nameof(Signal.ReportedByName), NpgsqlDbType.Varchar, s => s.ReportedByName),
        new(nameof(Signal.DismissReason), NpgsqlDbType.Varchar, s => s.DismissReason),
        new(nameof(Signal.DetectedAt), NpgsqlDbType.TimestampTz, s => s.DetectedAt),
        new(nameof(Signal.StatusChangedAt), NpgsqlDbType.TimestampTz, s => s.StatusChangedAt),
        new(nameof(Signal.Version), NpgsqlDbType.Integer, s => s.Version),
        new(nameof(Signal.CreatedAt), NpgsqlDbType.TimestampTz, s => s.CreatedAt),
        new(nameof(Signal.UpdatedAt), NpgsqlDbType.TimestampTz, s => s.UpdatedAt),
    ];

    private const string Conflict = "ON CONFLICT (\"OrganisationId\", \"RuleKey\") WHERE \"RuleKey\" IS NOT NULL DO NOTHING";

    private static readonly string ColumnList = string.Join(", ", Columns.Select(c => $"\"{c.Name}\""));

    /// <summary>Built once from the constant column list above: no value is ever part of the SQL text.</summary>
    private static readonly string InsertFromCopy = $"INSERT INTO \"Signals\" ({ColumnList}) SELECT {ColumnList} FROM signals_detected {Conflict}";

    /// <summary>Returns how many rows were inserted (rows whose rule key already existed are skipped).</summary>
    public static async Task<int> InsertAsync(RelaisDbContext db, IReadOnlyCollection<Signal> signals, CancellationToken ct)
    {
        if (signals.Count == 0)
        {
            return 0;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Signals are bulk inserted inside the caller's transaction.");
        }

        return db.IsPostgres ? await CopyAsync(db, signals, ct) : await InsertEachAsync(db, signals, ct);
    }

    private static async Task<int> CopyAsync(RelaisDbContext db, IReadOnlyCollection<Signal> signals, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TEMPORARY TABLE signals_detected (LIKE \"Signals\" INCLUDING DEFAULTS) ON COMMIT DROP", ct);
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY signals_detected ({ColumnList}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var signal in signals)
            {
                await writer.StartRowAsync(ct);
                foreach (var column in Columns)
                {
                    var value = column.Value(signal);
                    switch (value)
                    {
                        case null:
                            await writer.WriteNullAsync(ct);
                            break;
                        case Enum e:
                            await writer.WriteAsync(Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture), column.PgType, ct);
                            break;
                        case DateTimeOffset at:
                            await writer.WriteAsync(at.ToUniversalTime(), column.PgType, ct);
                            break;
                        default:
                            await writer.WriteAsync(value, column.PgType, ct);
                            break;
                    }
                }
            }

            await writer.CompleteAsync(ct);
        }

        return await db.Database.ExecuteSqlRawAsync(InsertFromCopy, ct);
    }

    private static async Task<int> InsertEachAsync(RelaisDbContext db, IReadOnlyCollection<Signal> signals, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(Signal))!;
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = $"INSERT INTO \"Signals\" ({ColumnList}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"@p{i}"))}) {Conflict}";
        var bindings = new List<(DbParameter Parameter, Func<Signal, object?> Value, Func<object, object?>? Convert)>();
        for (var i = 0; i < Columns.Length; i++)
        {
            var property = entity.FindProperty(Columns[i].Name)!;
            var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(command, $"@p{i}", null, property.IsNullable);
            command.Parameters.Add(parameter);
            var converter = mapping.Converter;
            bindings.Add((parameter, Columns[i].Value, converter is null ? null : converter.ConvertToProvider));
        }

        await command.PrepareAsync(ct);
        var inserted = 0;
        foreach (var signal in signals)
        {
            foreach (var (parameter, value, convert) in bindings)
            {
                var v = value(signal);
                parameter.Value = v is null ? DBNull.Value : convert is null ? v : convert(v) ?? DBNull.Value;
            }

            inserted += await command.ExecuteNonQueryAsync(ct);
        }

        return inserted;
    }
}
