using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using Relais.Features.Ledger;

namespace Relais.Bench;

/// <summary>One run of a Relais command in its own process: wall time, peak memory, when each phase began.</summary>
public sealed record CommandRun(string Name, int ExitCode, double Seconds, long PeakRssBytes, IReadOnlyDictionary<string, double> PhaseAt, string LastLines)
{
    /// <summary>Seconds from the first line starting with <paramref name="from"/> to the first starting with <paramref name="to"/>.</summary>
    public double? Between(string from, string to) =>
        PhaseAt.TryGetValue(from, out var a) && PhaseAt.TryGetValue(to, out var b) ? b - a : null;
}

/// <summary>
/// Issue 3's benchmark: a French quittancement extract of every household × 36 months, imported (with the signal
/// detection that follows) by the real <c>import-ledger</c> command on PostgreSQL and on SQLite, against
/// <c>psql \copy</c> of the same file into a bare table on the same server; then the signal list under load.
/// </summary>
public static class LedgerBench
{
    public const int Months = 36;

    /// <summary>The last month of the extract: the month before the benchmark's reference date (November 2026).</summary>
    public static readonly DateOnly LastMonth = new(2026, 10, 1);

    private static readonly string[] PhaseLabels = ["Vérification de l'encodage", "Contrôle", "Écriture", "Enregistrement", "Détection des signaux", "Terminé", "Import terminé"];

    public static async Task<int> RunAsync(BenchOptions options, string appDll, string root, MachineInfo machine, string stamp, string work, TextWriter log, CancellationToken ct)
    {
        var server = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = "postgres", Pooling = false }.ConnectionString;
        var database = $"relais_ledger_{stamp}";
        AppProcess? app = null;
        try
        {
            await Bench.CreateDatabaseAsync(options, server, database, ct);
            log.WriteLine($"Loading {options.Households:N0} households into {database} (PostgreSQL)…");
            var data = await DataLoader.LoadAsync(options, database, work, log, ct);
            log.WriteLine($"  loaded in {data.Report.TotalSeconds:0.0} s");

            var (households, sectors, residences) = await StockAsync(data.ConnectionString, ct);
            var file = Path.Combine(work, "quittancement.csv");
            var primer = Path.Combine(work, "quittancement-amorce.csv");
            var sw = Stopwatch.StartNew();
            var lines = Generate(households, file, options.Seed);
            GeneratePrimer(households, primer);
            var fileBytes = new FileInfo(file).Length;
            log.WriteLine($"  ledger file: {lines:N0} lines × 7 columns (';', decimal comma, dd/MM/yyyy, UTF-8 with BOM), {Bench.Megabytes(fileBytes)}, "
                + $"{Months} months to {LastMonth:MM/yyyy}, generated in {sw.Elapsed.TotalSeconds:0.0} s");
            log.WriteLine();

            // The physical baseline: psql \copy of the same file into a bare table of text columns, twice (the best counts).
            log.WriteLine("Baseline: psql \\copy into a bare table…");
            var copies = new List<double>();
            for (var i = 0; i < 2; i++)
            {
                copies.Add(await PsqlCopyAsync(data.ConnectionString, file, ct));
                log.WriteLine($"  \\copy {i + 1}: {copies[^1]:0.00} s ({lines / copies[^1]:N0} lines/s)");
            }

            var baseline = copies.Min();
            log.WriteLine();

            var pgEnv = new Dictionary<string, string>
            {
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Relais"] = data.ConnectionString,
                ["Database__DataFolder"] = Path.Combine(work, "pg-data"),
            };
            var orgId = data.OrganisationId.ToString();
            log.WriteLine("PostgreSQL: import-ledger (first import of these months: COPY into the ledger), then signal detection…");
            var pgImport = await RunCommandAsync(appDll, "PostgreSQL import", ["import-ledger", "--org", orgId, "--file", file], pgEnv, ct);
            Describe(pgImport, lines, log);
            var pgSignals = await CountAsync(data.ConnectionString, "SELECT count(*) FROM \"Signals\"", ct);
            var pgLedger = await CountAsync(data.ConnectionString, "SELECT count(*) FROM \"RentLedgerLines\"", ct);
            log.WriteLine($"  ledger holds {pgLedger:N0} lines; {pgSignals:N0} signals");

            log.WriteLine("PostgreSQL: the same file again (every month already there: staging table, lines left as they are)…");
            var pgAgain = await RunCommandAsync(appDll, "PostgreSQL re-import", ["import-ledger", "--org", orgId, "--file", file], pgEnv, ct);
            Describe(pgAgain, lines, log);
            var pgLedgerAfter = await CountAsync(data.ConnectionString, "SELECT count(*) FROM \"RentLedgerLines\"", ct);
            log.WriteLine($"  ledger holds {pgLedgerAfter:N0} lines (no duplicate)");
            log.WriteLine();

            // The signal list with 100,000 households under load.
            NpgsqlConnection.ClearAllPools();
            log.WriteLine("Signal list: starting the app…");
            app = AppProcess.Start(appDll, options.AppConnectionString(data.ConnectionString), work);
            await WaitForLoginPageAsync(app, ct);
            var clients = new List<HttpClient>();
            for (var i = 0; i < options.Clients; i++)
            {
                clients.Add(await LoadRunner.SignInAsync(app, data.SocialWorkerEmail, data.Password, ct));
            }

            var runner = new LoadRunner(app, database, log) { MaxWarmup = TimeSpan.FromSeconds(options.MaxWarmupSeconds) };
            var list = await runner.RunAsync("Signal list", "GET /Signals?…", clients, SignalList(sectors, residences),
                TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds), options.Seed, ct);
            foreach (var client in clients)
            {
                client.Dispose();
            }

            var appFailLines = app.FailLines;
            await app.DisposeAsync();
            app = null;
            log.WriteLine();

            // SQLite: a fresh database file; the households come from a one-month primer file (not measured), then the
            // same 36-month file is imported and measured.
            var sqliteFolder = Directory.CreateDirectory(Path.Combine(work, "sqlite")).FullName;
            var sqliteEnv = new Dictionary<string, string>
            {
                ["Database__Provider"] = "Sqlite",
                ["Database__DataFolder"] = sqliteFolder,
                ["RELAIS_ADMIN_PASSWORD"] = data.Password,
            };
            log.WriteLine($"SQLite ({sqliteFolder}): organisation and households from a one-month primer file…");
            var admin = await RunCommandAsync(appDll, "create-admin", ["create-admin", "--org", "Banc SQLite", "--email", "admin@banc.relais.local", "--name", "Admin Banc"], sqliteEnv, ct);
            Require(admin);
            var primerRun = await RunCommandAsync(appDll, "SQLite primer", ["import-ledger", "--org", "Banc SQLite", "--file", primer, "--create-households"], sqliteEnv, ct);
            Require(primerRun);
            log.WriteLine($"  {households.Count:N0} households created by the primer import in {primerRun.Seconds:0.0} s");
            log.WriteLine("SQLite: import-ledger of the 36-month file, then signal detection…");
            var sqliteImport = await RunCommandAsync(appDll, "SQLite import", ["import-ledger", "--org", "Banc SQLite", "--file", file], sqliteEnv, ct);
            Describe(sqliteImport, lines, log);
            var sqliteDb = Directory.GetFiles(sqliteFolder, "*.db").Single();
            log.WriteLine($"  database file {Bench.Megabytes(new FileInfo(sqliteDb).Length)}");
            log.WriteLine();

            // Summary.
            var pgTotal = pgImport.Seconds;
            var pgImportOnly = pgImport.Between("Vérification de l'encodage", "Détection des signaux");
            var pgDetection = pgImport.Between("Détection des signaux", "Terminé");
            var sqliteImportOnly = sqliteImport.Between("Vérification de l'encodage", "Détection des signaux");
            var sqliteDetection = sqliteImport.Between("Détection des signaux", "Terminé");
            var peak = new[] { pgImport, pgAgain, sqliteImport }.Max(r => r.PeakRssBytes);
            log.WriteLine($"== Ledger benchmark {stamp}: {lines:N0} lines, {households.Count:N0} households × {Months} months, {Bench.Megabytes(fileBytes)} ==");
            log.WriteLine($"machine: {machine.Cores} cores ({machine.CpuModel}), load average at start {machine.LoadAverageAtStart}, PostgreSQL {machine.PostgresVersion}");
            log.WriteLine($"psql \\copy baseline (best of 2)             {baseline,8:0.00} s");
            log.WriteLine($"PostgreSQL import-ledger command (whole)    {pgTotal,8:0.00} s  = {pgTotal / baseline:0.00}× \\copy   (target ≤ 2×)");
            log.WriteLine($"   of which import (check, write, commit)   {pgImportOnly,8:0.00} s  = {pgImportOnly / baseline:0.00}× \\copy");
            log.WriteLine($"   of which signal detection                {pgDetection,8:0.00} s");
            log.WriteLine($"   process start, connection, exit          {pgTotal - (pgImportOnly ?? 0) - (pgDetection ?? 0),8:0.00} s");
            log.WriteLine($"PostgreSQL re-import of the same file       {pgAgain.Seconds,8:0.00} s  = {pgAgain.Seconds / baseline:0.00}× \\copy");
            log.WriteLine($"SQLite import-ledger command (whole)        {sqliteImport.Seconds,8:0.00} s  = {lines / sqliteImport.Seconds,9:N0} lines/s");
            log.WriteLine($"   of which import (check, write, commit)   {sqliteImportOnly,8:0.00} s  = {lines / sqliteImportOnly,9:N0} lines/s   (target ≥ 300,000)");
            log.WriteLine($"   of which signal detection                {sqliteDetection,8:0.00} s");
            log.WriteLine($"peak memory of an import process (VmHWM)    {Bench.Megabytes(peak),8}   (target ≤ 500 MB)");
            log.WriteLine($"signals created on PostgreSQL               {pgSignals,8:N0}");
            log.WriteLine($"signal list, {options.Clients} clients (PostgreSQL)       p50 {list.Latency.P50:0.0} ms, p95 {list.Latency.P95:0.0} ms, p99 {list.Latency.P99:0.0} ms, "
                + $"{list.RequestsPerSecond:0} req/s, {list.Errors} errors   (target p95 ≤ 100 ms)");

            var result = new
            {
                stamp, machine, lines, households = households.Count, fileBytes,
                copySeconds = copies, baselineSeconds = baseline,
                postgres = new { pgImport, pgAgain, importSeconds = pgImportOnly, detectionSeconds = pgDetection, ratio = pgTotal / baseline, signals = pgSignals, ledgerLines = pgLedgerAfter },
                sqlite = new { sqliteImport, importSeconds = sqliteImportOnly, detectionSeconds = sqliteDetection, linesPerSecond = lines / sqliteImportOnly },
                peakRssBytes = peak,
                signalList = new { list.Latency, list.RequestsPerSecond, list.Errors, list.ErrorKinds, appFailLines },
            };
            var folder = Directory.CreateDirectory(Path.Combine(root, "bench", "results")).FullName;
            var json = Path.Combine(folder, $"ledger-{stamp}.json");
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }), ct);
            log.WriteLine($"Results written to {Path.GetRelativePath(Environment.CurrentDirectory, json)}");
            return new[] { pgImport, pgAgain, sqliteImport }.All(r => r.ExitCode == 0) && list.Errors == 0 && appFailLines == 0 && pgLedgerAfter == lines ? 0 : 1;
        }
        finally
        {
            if (app is not null)
            {
                Console.Error.WriteLine(app.LastLines);
                await app.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            if (!options.Keep)
            {
                await Bench.ExecAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", CancellationToken.None);
            }
        }
    }

    private static void Require(CommandRun run)
    {
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{run.Name} failed ({run.ExitCode}):\n{run.LastLines}");
        }
    }

    private static void Describe(CommandRun run, long lines, TextWriter log)
    {
        Require(run);
        var import = run.Between("Vérification de l'encodage", "Détection des signaux");
        var validate = run.Between("Contrôle", "Écriture");
        var write = run.Between("Écriture", "Détection des signaux");
        var detect = run.Between("Détection des signaux", "Terminé");
        // SQLite checks and writes in one pass ("Contrôle et écriture"): there is no separate "Écriture" phase.
        var passes = write is null ? "check and write in one pass, then commit" : $"check {validate:0.00} s, write and commit {write:0.00} s";
        log.WriteLine($"  {run.Seconds:0.00} s in all; import {import:0.00} s ({passes}) = {lines / import:N0} lines/s; "
            + $"detection {detect:0.00} s; peak memory {Bench.Megabytes(run.PeakRssBytes)}");
    }

    // ------------------------------------------------------------------ data

    private static async Task<(List<(string Reference, string Dwelling)> Households, Guid[] Sectors, Guid[] Residences)> StockAsync(string connectionString, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(ct);
        var households = new List<(string, string)>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT h."TenantReference", coalesce(d."Reference", '') FROM "Households" AS h
            LEFT JOIN "Dwellings" AS d ON d."Id" = h."DwellingId" ORDER BY h."TenantReference"
            """, c))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                households.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return (households, await IdsAsync(c, "Sectors", ct), await IdsAsync(c, "Residences", ct));
    }

    private static async Task<Guid[]> IdsAsync(NpgsqlConnection c, string table, CancellationToken ct)
    {
        var ids = new List<Guid>();
        await using var cmd = new NpgsqlCommand($"SELECT \"Id\" FROM \"{table}\"", c);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return [.. ids];
    }

    private static async Task<long> CountAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A plausible landlord's extract, by household then month: rents of 300–950 € revised each January, housing
    /// benefit for about 45 % of households (stopping for some), most accounts paid, some with a missed month, a few
    /// with a debt that grows over the last months. The balance is the running account.
    /// </summary>
    private static long Generate(List<(string Reference, string Dwelling)> households, string path, int seed)
    {
        var random = new Random(seed);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = LedgerExporter.CreateWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        LedgerExporter.WriteHeader(writer);
        long lines = 0;
        var first = LastMonth.AddMonths(1 - Months);
        foreach (var (reference, dwelling) in households)
        {
            var rent = random.Next(30_000, 95_000); // cents
            var benefit = random.NextDouble() < 0.45 ? random.Next(5_000, rent * 6 / 10) : 0; // APL covers at most 60 % here
            var benefitStopsAt = benefit > 0 && random.NextDouble() < 0.05 ? random.Next(Months - 6, Months) : int.MaxValue;
            var profile = random.NextDouble();
            var debtFrom = profile < 0.04 ? random.Next(Months - 8, Months - 1) : int.MaxValue; // growing debt
            long balance = 0;
            for (var m = 0; m < Months; m++)
            {
                var month = first.AddMonths(m);
                if (m > 0 && month.Month == 1)
                {
                    rent += rent / 100; // yearly revision, about 1 %
                }

                var apl = m >= benefitStopsAt ? 0 : benefit;
                var due = rent - apl;
                long paid;
                if (m >= debtFrom)
                {
                    paid = random.NextDouble() < 0.5 ? 0 : due / 3;
                }
                else if (profile < 0.14 && random.NextDouble() < 0.08)
                {
                    paid = 0; // a missed month…
                }
                else
                {
                    paid = Math.Max(0, due + balance); // …caught up with the next payment
                }

                balance += rent - apl - paid;
                LedgerExporter.WriteLine(writer, new LedgerFileLine(reference, dwelling, month,
                    rent / 100m, paid / 100m, apl / 100m, balance / 100m));
                lines++;
            }
        }

        return lines;
    }

    /// <summary>One line per household for the month before the extract: creates the SQLite households.</summary>
    private static void GeneratePrimer(List<(string Reference, string Dwelling)> households, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = LedgerExporter.CreateWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        LedgerExporter.WriteHeader(writer);
        var month = LastMonth.AddMonths(-Months);
        foreach (var (reference, dwelling) in households)
        {
            LedgerExporter.WriteLine(writer, new LedgerFileLine(reference, dwelling, month, 500m, 500m, 0m, 0m));
        }
    }

    // ------------------------------------------------------------------ processes

    private static async Task<double> PsqlCopyAsync(string connectionString, string file, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        async Task<double> Psql(string command)
        {
            var start = new ProcessStartInfo("psql")
            {
                ArgumentList = { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username!, "-d", cs.Database!, "-c", command },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["PGPASSWORD"] = cs.Password ?? "";
            var sw = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("psql could not be started.");
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            var seconds = sw.Elapsed.TotalSeconds;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"psql failed: {await error}");
            }

            return seconds;
        }

        await Psql("DROP TABLE IF EXISTS bare_ledger; CREATE TABLE bare_ledger (reference text, dwelling text, month text, billed text, paid text, benefit text, balance text)");
        var copy = await Psql($"\\copy bare_ledger FROM '{file}' WITH (FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'UTF8')");
        await Psql("DROP TABLE bare_ledger");
        return copy;
    }

    /// <summary>
    /// Runs a Relais command in its own process (Production), timing it, polling its peak resident memory and stamping
    /// the first output line of each import phase.
    /// </summary>
    private static async Task<CommandRun> RunCommandAsync(string appDll, string name, string[] args, Dictionary<string, string> env, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(appDll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Relais__Demo"] = "false";
        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        var phases = new Dictionary<string, double>();
        var last = new Queue<string>();
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            var at = sw.Elapsed.TotalSeconds;
            lock (phases)
            {
                foreach (var label in PhaseLabels)
                {
                    if (line.StartsWith(label, StringComparison.Ordinal))
                    {
                        phases.TryAdd(label, at);
                    }
                }

                last.Enqueue(line);
                while (last.Count > 40)
                {
                    last.Dequeue();
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, HighWater(process.Id));
            await Task.Delay(20, ct);
        }

        await process.WaitForExitAsync(ct);
        var seconds = sw.Elapsed.TotalSeconds;
        lock (phases)
        {
            return new CommandRun(name, process.ExitCode, seconds, peak, new Dictionary<string, double>(phases), string.Join(Environment.NewLine, last));
        }
    }

    private static long HighWater(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    internal static async Task WaitForLoginPageAsync(AppProcess app, CancellationToken ct)
    {
        using var probe = app.NewClient();
        while (true)
        {
            if (app.HasExited || app.SinceStart > TimeSpan.FromMinutes(2))
            {
                throw new InvalidOperationException($"The app did not answer (exited: {app.HasExited}).\n{app.LastLines}");
            }

            try
            {
                using var response = await probe.GetAsync("/Account/Login", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(20, ct);
        }
    }

    /// <summary>The signal list as a Conseiller·ère uses it: first pages, and filtered by sector, residence, type, severity, age.</summary>
    private static Func<HttpClient, Random, CancellationToken, Task<Outcome>> SignalList(Guid[] sectors, Guid[] residences) => async (client, random, ct) =>
    {
        var url = random.Next(8) switch
        {
            0 => "/Signals",
            1 => $"/Signals?p={random.Next(2, 6)}",
            2 => $"/Signals?Sector={sectors[random.Next(sectors.Length)]}",
            3 => $"/Signals?Residence={residences[random.Next(residences.Length)]}",
            4 => $"/Signals?Type={random.Next(4)}",
            5 => "/Signals?Severity=3",
            6 => "/Signals?age=30",
            _ => $"/Signals?Sector={sectors[random.Next(sectors.Length)]}&Type={random.Next(4)}",
        };
        using var response = await client.GetAsync(url, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Outcome(false, $"HTTP {(int)response.StatusCode}", url);
        }

        return body.Contains("<h1>Signaux", StringComparison.Ordinal)
            ? new Outcome(true, null, url)
            : new Outcome(false, "not the signal list", url);
    };
}
