using System.Diagnostics;
using System.Globalization;
using System.Net;
using Npgsql;
using Relais.Bench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchOptions? options;
try
{
    options = BenchOptions.Parse(args, Console.Error);
}
catch (Exception ex) when (ex is FormatException or ArgumentException)
{
    Console.Error.WriteLine(ex.Message);
    options = null;
}

if (options is null)
{
    Console.WriteLine(BenchOptions.Usage);
    return 2;
}

var root = Bench.RepositoryRoot();
var appDll = Path.GetFullPath(options.AppDll ?? Bench.DefaultAppDll(root));
if (!File.Exists(appDll))
{
    Console.Error.WriteLine($"{appDll} does not exist: build the app first (dotnet build -c Release) or give --app.");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;

var started = DateTime.UtcNow;
var stamp = started.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
var database = $"relais_bench_{stamp}";
var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"relais-bench-{stamp}")).FullName;
var log = Console.Out;

var machine = await Bench.MachineAsync(options.Postgres);
log.WriteLine($"Relais benchmark {stamp} — {machine.Cores} cores ({machine.CpuModel}), load average {machine.LoadAverageAtStart} at start, one core's speed (SHA-256) {machine.SpeedAtStart:0} MB/s");
log.WriteLine($"PostgreSQL {machine.PostgresVersion}, shared_buffers {machine.SharedBuffers}, random_page_cost {options.RandomPageCost} on the bench database; app {appDll}");
var runtimeSettings = Environment.GetEnvironmentVariables().Keys.Cast<string>()
    .Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) && !k.StartsWith("DOTNET_CLI", StringComparison.Ordinal) && !k.StartsWith("DOTNET_ROOT", StringComparison.Ordinal)
                && k is not "DOTNET_NOLOGO" and not "DOTNET_GENERATE_ASPNET_CERTIFICATE" and not "DOTNET_ENVIRONMENT")
    .Order(StringComparer.Ordinal)
    .ToDictionary(k => k, k => Environment.GetEnvironmentVariable(k));
if (runtimeSettings.Count > 0 || options.AppConnectionOptions is not null)
{
    log.WriteLine($"Passed to the app: {string.Join(", ", runtimeSettings.Select(kv => $"{kv.Key}={kv.Value}"))} {options.AppConnectionOptions}");
}

log.WriteLine();

if (options.Scenarios.Contains("ledger") || options.Scenarios.Contains("accompaniments") || options.Scenarios.Contains("collective"))
{
    try
    {
        return options.Scenarios.Contains("ledger")
            ? await LedgerBench.RunAsync(options, appDll, root, machine, stamp, work, log, ct)
            : options.Scenarios.Contains("collective")
                ? await CollectiveBench.RunAsync(options, appDll, root, machine, stamp, work, log, ct)
                : await AccompanimentBench.RunAsync(options, appDll, root, machine, stamp, work, log, ct);
    }
    finally
    {
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

var server = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = "postgres", Pooling = false }.ConnectionString;
AppProcess? app = null;
var exitCode = 1;
try
{
    await Bench.CreateDatabaseAsync(options, server, database, ct);
    log.WriteLine($"Loading {options.Households:N0} households and {options.PersonCount:N0} persons into {database}…");
    var data = await DataLoader.LoadAsync(options, database, work, log, ct);
    log.WriteLine($"  loaded in {data.Report.TotalSeconds:0.0} s; database {Bench.Megabytes(data.Report.DatabaseBytes)}, search terms {Bench.Megabytes(data.Report.SearchTermsBytes)}");
    log.WriteLine();

    // Cold start: process start → first 200 on the login page, then sign-in and the first household page.
    NpgsqlConnection.ClearAllPools();
    log.WriteLine("Starting the app (Production, HTTPS on loopback)…");
    app = AppProcess.Start(appDll, options.AppConnectionString(data.ConnectionString), work);
    using var probe = app.NewClient();
    TimeSpan loginPageAt;
    while (true)
    {
        ct.ThrowIfCancellationRequested();
        if (app.HasExited || app.SinceStart > TimeSpan.FromMinutes(2))
        {
            throw new InvalidOperationException($"The app did not answer (exited: {app.HasExited}).\n{app.LastLines}");
        }

        try
        {
            using var response = await probe.GetAsync("/Account/Login", ct);
            _ = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                loginPageAt = app.SinceStart;
                break;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(10, ct);
    }

    var clients = new List<HttpClient> { await LoadRunner.SignInAsync(app, data.SocialWorkerEmail, data.Password, ct) };
    var signedInAt = app.SinceStart;
    var firstPage = Stopwatch.StartNew();
    var firstOutcome = await LoadRunner.HouseholdPage([data.Households[0]])(clients[0], new Random(1), ct);
    var firstPageMs = firstPage.Elapsed.TotalMilliseconds;
    var firstPageAt = app.SinceStart;
    if (!firstOutcome.Ok)
    {
        throw new InvalidOperationException($"First household page failed: {firstOutcome.Error}\n{app.LastLines}");
    }

    var firstSearch = Stopwatch.StartNew();
    var searchOutcome = await LoadRunner.Search(data.SearchQueries)(clients[0], new Random(1), ct);
    var firstSearchMs = firstSearch.Elapsed.TotalMilliseconds;
    if (!searchOutcome.Ok)
    {
        throw new InvalidOperationException($"First search failed: {searchOutcome.Error}\n{app.LastLines}");
    }

    var startMemory = app.Memory();
    var cold = new ColdStart(loginPageAt.TotalMilliseconds, app.ReadyLineAt?.TotalMilliseconds, (signedInAt - loginPageAt).TotalMilliseconds,
        firstPageMs, firstPageAt.TotalMilliseconds, firstSearchMs, startMemory?.Rss ?? 0);
    log.WriteLine($"  first 200 on /Account/Login after {cold.ToLoginPageMs:N0} ms; first household page after {cold.ToFirstHouseholdPageMs:N0} ms (sign-in {cold.SignInMs:N0} ms, page {cold.FirstHouseholdPageMs:N0} ms)");

    // The other clients sign in through the form too (each with its own cookie jar), two at a time.
    using (var gate = new SemaphoreSlim(2))
    {
        var more = await Task.WhenAll(Enumerable.Range(1, options.Clients - 1).Select(async _ =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return await LoadRunner.SignInAsync(app, data.SocialWorkerEmail, data.Password, ct);
            }
            finally
            {
                gate.Release();
            }
        }));
        clients.AddRange(more);
    }

    log.WriteLine($"  {clients.Count} clients signed in as the Conseiller·ère ({data.SocialWorkerEmail})");
    log.WriteLine();

    var runner = new LoadRunner(app, database, log) { MaxWarmup = TimeSpan.FromSeconds(options.MaxWarmupSeconds) };
    var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
    var duration = TimeSpan.FromSeconds(options.DurationSeconds);
    var search = options.Scenarios.Contains("search")
        ? await runner.RunAsync("Household search", "GET /api/v1/households?q=…", clients, LoadRunner.Search(data.SearchQueries),
            warmup, duration, options.Seed, ct)
        : null;
    var page = options.Scenarios.Contains("page")
        ? await runner.RunAsync("Household page", "GET /Households/Details/{id}", clients, LoadRunner.HouseholdPage(data.Households),
            warmup, duration, options.Seed + 1000, ct)
        : null;
    var measured = new[] { search, page }.OfType<ScenarioResult>().ToList();
    var endMemory = app.Memory();
    log.WriteLine();

    var audit = await Bench.CheckAuditAsync(data.ConnectionString, expectedReads: 1 + (page is null ? 0 : page.WarmupRequests + page.Requests
        - page.ErrorKinds.Where(e => e.Key.StartsWith("(warm-up)", StringComparison.Ordinal)).Sum(e => e.Value)), ct);
    var failLines = app.FailLines;

    foreach (var client in clients)
    {
        client.Dispose();
    }

    await app.DisposeAsync();
    app = null;

    var memory = new MemorySummary(
        AfterStartRssBytes: startMemory?.Rss ?? 0,
        LoadRssMeanBytes: measured.Count == 0 ? 0 : (long)measured.Average(r => r.Resources.AppRssMeanBytes),
        LoadRssPeakBytes: measured.Select(r => r.Resources.AppRssPeakBytes).DefaultIfEmpty().Max(),
        HighWaterBytes: Math.Max(endMemory?.Peak ?? 0, measured.Select(r => r.Resources.AppRssHighWaterBytes).DefaultIfEmpty().Max()));
    var targets = new List<TargetCheck>();
    if (search is not null)
    {
        targets.Add(TargetCheck.AtMost("search p95", search.Latency.P95, 30, "ms"));
    }

    if (page is not null)
    {
        targets.Add(TargetCheck.AtLeast("household page throughput", page.RequestsPerSecond, 500, "req/s"));
        targets.Add(TargetCheck.AtMost("household page p95", page.Latency.P95, 50, "ms"));
    }
    var result = new BenchResult(stamp, machine, new
    {
        options.Households,
        Persons = options.PersonCount,
        options.Clients,
        options.DurationSeconds,
        options.WarmupSeconds,
        options.Seed,
        options.AppConnectionOptions,
        // Runtime settings inherited by the app from the bench's environment (e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit).
        RuntimeEnvironment = runtimeSettings,
        Transport = "HTTPS (TLS 1.2/1.3, HTTP/1.1 keep-alive) on 127.0.0.1",
        App = appDll,
    }, data.Report, cold, search, page, memory, audit, targets, failLines);

    Report.Print(result, log);
    var file = Report.Save(result, Path.Combine(root, "bench", "results"));
    log.WriteLine();
    log.WriteLine($"Results written to {Path.GetRelativePath(Environment.CurrentDirectory, file)}");
    exitCode = measured.Sum(r => r.Errors) == 0 && audit.Ok && failLines == 0 ? 0 : 1;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    log.WriteLine("Interrupted.");
    exitCode = 130;
}
finally
{
    if (app is not null)
    {
        if (exitCode != 0 && exitCode != 130)
        {
            Console.Error.WriteLine("Last lines of the app:");
            Console.Error.WriteLine(app.LastLines);
        }

        await app.DisposeAsync();
    }

    NpgsqlConnection.ClearAllPools();
    if (options.Keep)
    {
        log.WriteLine($"Database kept: {database}");
    }
    else
    {
        try
        {
            await Bench.ExecAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", CancellationToken.None);
            log.WriteLine($"Database {database} dropped.");
        }
        catch (NpgsqlException ex)
        {
            Console.Error.WriteLine($"Could not drop {database}: {ex.Message}");
        }
    }

    try
    {
        Directory.Delete(work, recursive: true);
    }
    catch (IOException)
    {
    }
}

return exitCode;
