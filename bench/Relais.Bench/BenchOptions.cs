using System.Globalization;

namespace Relais.Bench;

/// <summary>Command-line options of the benchmark.</summary>
public sealed class BenchOptions
{
    public required string Postgres { get; init; }
    public int Households { get; init; } = 100_000;
    public int? Persons { get; init; }
    public int DurationSeconds { get; init; } = 20;
    public int WarmupSeconds { get; init; } = 15;

    /// <summary>
    /// The planner's cost of a random page read, set on the bench database (<c>ALTER DATABASE … SET</c>): 1.1, the usual
    /// setting of a server on SSD whose data fits in memory (README, "PostgreSQL in production"); PostgreSQL's default, 4,
    /// models spinning disks.
    /// </summary>
    public string RandomPageCost { get; init; } = "1.1";

    /// <summary>An existing database of an earlier run kept with --keep: no loading, the scenarios run on it (and it is kept).</summary>
    public string? ReuseDatabase { get; init; }

    /// <summary>The longest warm-up: it goes on past <see cref="WarmupSeconds"/> while the JIT still recompiles.</summary>
    public int MaxWarmupSeconds { get; init; } = 120;
    public int Clients { get; init; } = 16;
    public int Seed { get; init; } = 20261121;
    public bool Keep { get; init; }
    public string? AppDll { get; init; }

    /// <summary>Settings appended to the app's connection string, to try Npgsql options ("Max Auto Prepare=20").</summary>
    public string? AppConnectionOptions { get; init; }

    /// <summary>The app's connection string: the bench database's, with <see cref="AppConnectionOptions"/> appended.</summary>
    public string AppConnectionString(string database) =>
        string.IsNullOrWhiteSpace(AppConnectionOptions) ? database : $"{database};{AppConnectionOptions}";

    /// <summary>Scenarios to run: search, page (both by default).</summary>
    public IReadOnlySet<string> Scenarios { get; init; } = new HashSet<string> { "search", "page" };

    /// <summary>Persons to load: 2.5 per household unless given.</summary>
    public int PersonCount => Persons ?? (int)Math.Round(Households * 2.5);

    public const string Usage = """
        Relais benchmark: loads a PostgreSQL database, starts the real app and measures it under load.

        dotnet run -c Release --project bench/Relais.Bench -- --postgres "Host=localhost;Username=relais;Password=relais" [options]

          --postgres CS      server connection string (a superuser or a role that may CREATE DATABASE) (required;
                             or RELAIS_BENCH_POSTGRES)
          --households N     households to load (default 100000)
          --persons N        persons to load (default 2.5 per household)
          --duration S       seconds measured per scenario, after the warm-up (default 20)
          --warmup S         minimum seconds of warm-up per scenario, not measured (default 15); the warm-up goes on
                             while the JIT's background thread still recompiles hot methods (over 2 % of a core in
                             the last 5 s), so that the measured window is the steady state
          --warmup-max S     longest warm-up (default 120)
          --random-page-cost X  the planner's random_page_cost on the bench database (default 1.1, an SSD server's
                             setting; PostgreSQL's default is 4)
          --reuse DB         run "accompaniments" or "collective" on a database an earlier run kept (--keep) instead of
                             loading a new one (for quick iterations; the database is kept)
          --clients N        concurrent clients, each signed in with its own cookie (default 16)
          --seed N           seed of the generated data (default 20261121)
          --app PATH         Relais.dll to start (default: src/Relais.Web/bin/<same configuration>/net10.0/Relais.dll)
          --scenarios LIST   scenarios to run, comma-separated: search,page (default both); or "ledger" alone: issue 3's
                             rent-ledger benchmark (households × 36 months imported by import-ledger on PostgreSQL
                             and SQLite against psql \copy, signal detection, signal list under load); or
                             "accompaniments" alone: issue 4's benchmark (40,000 files; file page and "mes
                             échéances" under load); or "collective" alone: issue 5's benchmark (2,000 projects,
                             40,000 sessions, ~400,000 attendance lines; group dashboard and project page under load)
          --app-connection-options "K=V;…"
                             appended to the app's connection string, to try Npgsql settings (e.g. "Max Auto Prepare=20")
          --keep             keep the bench database at the end (it is dropped otherwise)
        """;

    public static BenchOptions? Parse(string[] args, TextWriter error)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return null;
            }

            if (arg == "--keep")
            {
                keep = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error.WriteLine($"Unexpected argument: {arg}");
                return null;
            }

            values[arg[2..]] = args[++i];
        }

        var postgres = values.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("RELAIS_BENCH_POSTGRES");
        if (string.IsNullOrWhiteSpace(postgres))
        {
            error.WriteLine("--postgres is required.");
            return null;
        }

        int Int(string name, int fallback, int min)
        {
            if (!values.TryGetValue(name, out var text))
            {
                return fallback;
            }

            var value = int.Parse(text, CultureInfo.InvariantCulture);
            if (value < min)
            {
                throw new ArgumentException($"--{name} must be at least {min}.");
            }

            return value;
        }

        return new BenchOptions
        {
            Postgres = postgres,
            Households = Int("households", 100_000, 10),
            Persons = values.ContainsKey("persons") ? Int("persons", 0, 1) : null,
            DurationSeconds = Int("duration", 20, 1),
            WarmupSeconds = Int("warmup", 15, 0),
            MaxWarmupSeconds = Int("warmup-max", 120, 0),
            ReuseDatabase = values.GetValueOrDefault("reuse"),
            RandomPageCost = values.TryGetValue("random-page-cost", out var cost)
                ? double.Parse(cost, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
                : "1.1",
            Clients = Int("clients", 16, 1),
            Seed = Int("seed", 20261121, 0),
            Keep = keep,
            AppDll = values.GetValueOrDefault("app"),
            AppConnectionOptions = values.GetValueOrDefault("app-connection-options"),
            Scenarios = values.TryGetValue("scenarios", out var scenarios)
                ? scenarios.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)
                : new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "search", "page" },
        };
    }
}
