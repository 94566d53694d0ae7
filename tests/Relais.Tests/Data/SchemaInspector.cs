using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Relais.Tests.Data;

/// <summary>Reads a database's actual schema (tables, columns, keys, indexes, foreign keys) as sorted text lines.</summary>
public static class SchemaInspector
{
    public static async Task<List<string>> DescribeSqliteAsync(string connectionString)
    {
        var lines = new List<string>();
        await using var c = new SqliteConnection(connectionString);
        await c.OpenAsync();
        var tables = await Strings(c, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '__relais_schema'");
        foreach (var t in tables)
        {
            foreach (var row in await Rows(c, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}')"))
            {
                lines.Add($"column {t}.{row[0]} {row[1]} notnull={row[2]} pk={row[3]}");
            }

            foreach (var row in await Rows(c, $"SELECT name, \"unique\", origin FROM pragma_index_list('{t}')"))
            {
                var cols = await Strings(c, $"SELECT name FROM pragma_index_info('{row[0]}') ORDER BY seqno");
                lines.Add($"index {t}.{row[0]} unique={row[1]} origin={row[2]} ({string.Join(",", cols)})");
            }

            foreach (var row in await Rows(c, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{t}')"))
            {
                lines.Add($"fk {t}.{row[1]} -> {row[0]}.{row[2]} on delete {row[3]}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static async Task<List<string>> DescribePostgresAsync(string connectionString)
    {
        var lines = new List<string>();
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        foreach (var row in await Rows(c, """
            SELECT table_name, column_name, data_type, is_nullable, coalesce(character_maximum_length::text, ''), coalesce(numeric_precision::text, ''), coalesce(numeric_scale::text, ''),
                coalesce(collation_name, '')
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__relais_schema'
            """))
        {
            lines.Add($"column {row[0]}.{row[1]} {row[2]}({row[4]}{row[5]},{row[6]}) nullable={row[3]}{(row[7].Length > 0 ? $" collate {row[7]}" : "")}");
        }

        foreach (var row in await Rows(c, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__relais_schema'"))
        {
            lines.Add($"index {row[0]}.{row[1]} {row[2]}");
        }

        foreach (var row in await Rows(c, """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('__relais_schema', '"__relais_schema"')
            """))
        {
            lines.Add($"constraint {row[0]}.{row[1]} {row[2]}");
        }

        foreach (var ext in await Strings(c, "SELECT extname FROM pg_extension"))
        {
            lines.Add($"extension {ext}");
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> Strings(DbConnection c, string sql) => (await Rows(c, sql)).Select(r => r[0]).ToList();

    private static async Task<List<string[]>> Rows(DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            rows.Add(row);
        }

        return rows;
    }
}
