using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;
using Relais.Features.Audit;

namespace Relais.Bench;

public sealed record MachineInfo(int Cores, string CpuModel, long MemoryBytes, string LoadAverageAtStart, string PostgresVersion, string SharedBuffers, string Runtime,
    double SpeedAtStart)
{
    /// <summary>
    /// One core's speed, in MB/s of SHA-256 (best of five passes over 32 MB): a virtual machine's cores do not always run
    /// at the same speed (its host's load), and CPU per request moves with it. Compare runs with this figure in mind.
    /// </summary>
    public static double Speed()
    {
        var data = new byte[32 * 1024 * 1024];
        new Random(1).NextBytes(data);
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            System.Security.Cryptography.SHA256.HashData(data);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        return 32 / best;
    }
}

/// <summary>Cold start, from the moment the app's process is started.</summary>
public sealed record ColdStart(
    double ToLoginPageMs,
    double? ToReadyLineMs,
    double SignInMs,
    double FirstHouseholdPageMs,
    double ToFirstHouseholdPageMs,
    double FirstSearchMs,
    long RssAfterFirstPageBytes);

public sealed record MemorySummary(long AfterStartRssBytes, long LoadRssMeanBytes, long LoadRssPeakBytes, long HighWaterBytes);

public sealed record AuditCheck(long ReadLines, long ExpectedReadLines, long TotalLines, bool ChainIntact, string? Problem)
{
    public bool Ok => ChainIntact && ReadLines == ExpectedReadLines;
}

public sealed record TargetCheck(string Name, double Value, string Unit, string Comparison, double Target, bool Ok, double Ratio)
{
    public static TargetCheck AtMost(string name, double value, double target, string unit) =>
        new(name, value, unit, "≤", target, value <= target, value / target);

    public static TargetCheck AtLeast(string name, double value, double target, string unit) =>
        new(name, value, unit, "≥", target, value >= target, value / target);
}

public sealed record BenchResult(
    string Timestamp,
    MachineInfo Machine,
    object Options,
    LoadReport Load,
    ColdStart ColdStart,
    ScenarioResult? Search,
    ScenarioResult? HouseholdPage,
    MemorySummary Memory,
    AuditCheck Audit,
    IReadOnlyList<TargetCheck> Targets,
    int AppErrorLogLines);

public static class Bench
{
    /// <summary>The folder holding Relais.slnx, found upwards from the bench's binaries or the current directory.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Relais.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Relais.slnx not found above the bench or the current directory.");
    }

    /// <summary>src/Relais.Web/bin/&lt;configuration of the bench&gt;/net10.0/Relais.dll: built with the bench through its project reference.</summary>
    public static string DefaultAppDll(string root)
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = baseDir.Parent?.Name ?? "Release";
        return Path.Combine(root, "src", "Relais.Web", "bin", configuration, baseDir.Name, "Relais.dll");
    }

    public static async Task ExecAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<MachineInfo> MachineAsync(string postgres)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var load = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        var memory = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var version = new NpgsqlCommand("SHOW server_version", connection);
        var pgVersion = (string)(await version.ExecuteScalarAsync())!;
        await using var buffers = new NpgsqlCommand("SHOW shared_buffers", connection);
        var sharedBuffers = (string)(await buffers.ExecuteScalarAsync())!;
        return new MachineInfo(Environment.ProcessorCount, cpu, long.Parse(memory, CultureInfo.InvariantCulture) * 1024, load, pgVersion, sharedBuffers,
            RuntimeInformation.FrameworkDescription, MachineInfo.Speed());
    }

    /// <summary>Every household page read must have left exactly one audit line, and the chain must verify.</summary>
    public static async Task<AuditCheck> CheckAuditAsync(string connectionString, long expectedReads, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"AuditEntries\" WHERE \"Action\" = 'read' AND \"EntityType\" = 'Household'", connection);
        var reads = (long)(await count.ExecuteScalarAsync(ct))!;

        await using var all = new NpgsqlCommand(
            "SELECT \"Sequence\", \"At\", \"OrganisationId\", \"UserId\", \"UserName\", \"Action\", \"EntityType\", \"EntityId\", \"HouseholdId\", " +
            "\"IpAddress\", \"Details\", \"PreviousHash\", \"Hash\" FROM \"AuditEntries\" ORDER BY \"Sequence\"", connection);
        await using var reader = await all.ExecuteReaderAsync(ct);
        long expected = 1;
        var previous = AuditEntry.GenesisHash;
        string? problem = null;
        while (await reader.ReadAsync(ct))
        {
            var entry = new AuditEntry
            {
                Sequence = reader.GetInt64(0),
                At = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero),
                OrganisationId = reader.IsDBNull(2) ? null : reader.GetGuid(2),
                UserId = reader.IsDBNull(3) ? null : reader.GetGuid(3),
                UserName = reader.GetString(4),
                Action = reader.GetString(5),
                EntityType = reader.GetString(6),
                EntityId = reader.IsDBNull(7) ? null : reader.GetGuid(7),
                HouseholdId = reader.IsDBNull(8) ? null : reader.GetGuid(8),
                IpAddress = reader.IsDBNull(9) ? null : reader.GetString(9),
                Details = reader.IsDBNull(10) ? null : reader.GetString(10),
                PreviousHash = reader.GetString(11),
                Hash = reader.GetString(12),
            };
            if (entry.Sequence != expected || entry.PreviousHash != previous || entry.ComputeHash() != entry.Hash)
            {
                problem ??= $"line {entry.Sequence} breaks the chain";
                break;
            }

            previous = entry.Hash;
            expected++;
        }

        return new AuditCheck(reads, expectedReads, expected - 1, problem is null, problem);
    }

    /// <summary>Creates the bench database with the server settings of the run (see <see cref="BenchOptions.RandomPageCost"/>).</summary>
    public static async Task CreateDatabaseAsync(BenchOptions options, string server, string database, CancellationToken ct)
    {
        await ExecAsync(server, $"CREATE DATABASE \"{database}\"", ct);
        await ConfigureDatabaseAsync(options, server, database, ct);
    }

    public static Task ConfigureDatabaseAsync(BenchOptions options, string server, string database, CancellationToken ct) =>
        ExecAsync(server, $"ALTER DATABASE \"{database}\" SET random_page_cost = {options.RandomPageCost}", ct);

    /// <summary>
    /// A scenario's database: a new one, loaded with households then <paramref name="seed"/>'s rows; or, with --reuse, the
    /// database an earlier run kept.
    /// </summary>
    public static async Task<(BenchData Data, Dictionary<string, long> Counts)> LoadOrReuseAsync(BenchOptions options, string server, string database,
        string work, TextWriter log, Func<BenchData, Task<Dictionary<string, long>>> seed, CancellationToken ct)
    {
        if (options.ReuseDatabase is not null)
        {
            return await ReuseAsync(options, database, log, ct);
        }

        await CreateDatabaseAsync(options, server, database, ct);
        log.WriteLine($"Loading {options.Households:N0} households into {database} (PostgreSQL)…");
        var data = await DataLoader.LoadAsync(options, database, work, log, ct);
        log.WriteLine($"  loaded in {data.Report.TotalSeconds:0.0} s");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var counts = await seed(data);
        log.WriteLine($"  {string.Join(", ", counts.Select(c => $"{c.Value:N0} {c.Key}"))} in {sw.Elapsed.TotalSeconds:0.0} s");
        return (data, counts);
    }

    /// <summary>What a scenario needs from a database an earlier run kept, and its tables' sizes (for the log).</summary>
    public static async Task<(BenchData Data, Dictionary<string, long> Counts)> ReuseAsync(BenchOptions options, string database, TextWriter log, CancellationToken ct)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = database }.ConnectionString;
        await ConfigureDatabaseAsync(options, new NpgsqlConnectionStringBuilder(options.Postgres) { Database = "postgres", Pooling = false }.ConnectionString, database, ct);
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(ct);
        async Task<object?> Scalar(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, c);
            return await cmd.ExecuteScalarAsync(ct);
        }

        var organisationId = (Guid)(await Scalar("SELECT \"Id\" FROM \"Organisations\" LIMIT 1"))!;
        var email = (string)(await Scalar("SELECT \"Email\" FROM \"AspNetUsers\" WHERE \"Role\" = 2 LIMIT 1"))!;
        var counts = new Dictionary<string, long>();
        foreach (var table in new[] { "Households", "Accompaniments", "Projects", "ProjectSessions" })
        {
            counts[table] = Convert.ToInt64(await Scalar($"SELECT count(*) FROM \"{table}\""), System.Globalization.CultureInfo.InvariantCulture);
        }

        log.WriteLine($"Reusing {database} (kept by an earlier run): {string.Join(", ", counts.Select(k => $"{k.Value:N0} {k.Key}"))}");
        var report = new LoadReport(database, 0, 0, 0, 0, (int)counts["Households"], 0, 0, 0, 0, 0, new Dictionary<string, double>(), 0, 0, 0, 0, 0);
        return (new BenchData(connectionString, organisationId, email, DataLoader.Password, [], [], report), counts);
    }

    public static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:N0} MiB";
}
