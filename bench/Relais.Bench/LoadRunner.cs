using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Relais.Bench;

/// <summary>Latency figures of one scenario, in milliseconds.</summary>
public sealed record LatencyStats(int Count, double Mean, double P50, double P90, double P95, double P99, double Max)
{
    public static LatencyStats Of(List<double> samples)
    {
        if (samples.Count == 0)
        {
            return new LatencyStats(0, 0, 0, 0, 0, 0, 0);
        }

        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return new LatencyStats(sorted.Length, sorted.Average(), Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 95),
            Percentile(sorted, 99), sorted[^1]);
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(double[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

public sealed record SlowRequest(string Path, double Milliseconds, string? Note);

/// <summary>One measured scenario: closed loop, each client sends its next request when the previous one has answered.</summary>
public sealed record ScenarioResult(
    string Name,
    string Request,
    int Clients,
    double WarmupSeconds,
    double MeasuredSeconds,
    int WarmupRequests,
    int Requests,
    int Errors,
    IReadOnlyDictionary<string, int> ErrorKinds,
    double RequestsPerSecond,
    LatencyStats Latency,
    IReadOnlyList<SlowRequest> Slowest,
    ResourceUsage Resources,
    double? MeanResultCount,
    IReadOnlyList<int> AnsweredPerSecond)
{
    /// <summary>CPU time per answered request, which does not depend on what else the machine is running.</summary>
    public double AppCpuMsPerRequest => RequestsPerSecond == 0 ? 0 : Resources.AppCpuCores * 1000 / RequestsPerSecond;

    public double PostgresCpuMsPerRequest => RequestsPerSecond == 0 ? 0 : Resources.PostgresCpuCores * 1000 / RequestsPerSecond;

    public double BenchCpuMsPerRequest => RequestsPerSecond == 0 ? 0 : Resources.BenchCpuCores * 1000 / RequestsPerSecond;

    /// <summary>The part of <see cref="AppCpuMsPerRequest"/> spent by the JIT's background recompilation (warm-up left).</summary>
    public double JitCpuMsPerRequest => RequestsPerSecond == 0 ? 0 : Resources.AppJitCores * 1000 / RequestsPerSecond;
}

/// <summary>App memory and CPU use of the machine during a measured window.</summary>
public sealed record ResourceUsage(
    long AppRssMeanBytes,
    long AppRssPeakBytes,
    long AppRssHighWaterBytes,
    int Samples,
    double AppCpuCores,
    double BenchCpuCores,
    double PostgresCpuCores,
    double MachineBusyCores,
    double AppJitCores);

/// <summary>The result of one request as seen by a client.</summary>
public readonly record struct Outcome(bool Ok, string? Error, string? Note = null, int? ResultCount = null);

public sealed partial class LoadRunner(AppProcess app, string database, TextWriter log)
{
    /// <summary>
    /// The longest warm-up: after the minimum given to <see cref="RunAsync"/>, the warm-up goes on while the JIT's
    /// background thread still recompiles (more than <see cref="JitQuietCores"/> of a core over the last 5 s), so that
    /// the measured window is the app's steady state and not the end of its start; at most this long.
    /// </summary>
    public TimeSpan MaxWarmup { get; init; } = TimeSpan.Zero;

    public const double JitQuietCores = 0.02;

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("\"total\":(\\d+)")]
    private static partial Regex Total();

    /// <summary>Signs in through the real login form: GET (antiforgery cookie and token), then POST e-mail and password.</summary>
    public static async Task<HttpClient> SignInAsync(AppProcess app, string email, string password, CancellationToken ct)
    {
        var client = app.NewClient();
        var form = await client.GetAsync("/Account/Login", ct);
        var html = await form.Content.ReadAsStringAsync(ct);
        if (form.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /Account/Login answered {(int)form.StatusCode}.");
        }

        var token = AntiforgeryToken().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException("No antiforgery token on the login form.");
        }

        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        });
        var response = await client.PostAsync("/Account/Login", content, ct);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new InvalidOperationException($"Sign-in of {email} answered {(int)response.StatusCode} instead of a redirect.\n{body[..Math.Min(body.Length, 2000)]}");
        }

        return client;
    }

    public static Func<HttpClient, Random, CancellationToken, Task<Outcome>> Search(string[] queries) => async (client, random, ct) =>
    {
        var q = queries[random.Next(queries.Length)];
        using var response = await client.GetAsync($"/api/v1/households?q={Uri.EscapeDataString(q)}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Outcome(false, $"HTTP {(int)response.StatusCode}", q);
        }

        var total = Total().Match(body);
        return total.Success
            ? new Outcome(true, null, $"q={q}, {total.Groups[1].Value} results", int.Parse(total.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            : new Outcome(false, "no total in the answer", q);
    };

    public static Func<HttpClient, Random, CancellationToken, Task<Outcome>> HouseholdPage((Guid Id, string Reference)[] households) => async (client, random, ct) =>
    {
        var (id, reference) = households[random.Next(households.Length)];
        using var response = await client.GetAsync($"/Households/Details/{id}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Outcome(false, $"HTTP {(int)response.StatusCode}", id.ToString());
        }

        // The right file, not a login or error page that happened to answer 200.
        return body.Contains(reference, StringComparison.Ordinal)
            ? new Outcome(true, null, reference)
            : new Outcome(false, "page without the household's reference", id.ToString());
    };

    /// <summary>
    /// Runs <paramref name="request"/> in a closed loop on every client: a warm-up (not measured), then the measured
    /// window, during which latencies are recorded with a <see cref="Stopwatch"/> and the app's memory is sampled.
    /// </summary>
    public async Task<ScenarioResult> RunAsync(string name, string requestLabel, IReadOnlyList<HttpClient> clients,
        Func<HttpClient, Random, CancellationToken, Task<Outcome>> request, TimeSpan warmup, TimeSpan duration, int seed, CancellationToken ct)
    {
        var maxWarmup = MaxWarmup > warmup ? MaxWarmup : warmup;
        log.WriteLine(maxWarmup > warmup
            ? $"{name}: {clients.Count} clients, {warmup.TotalSeconds:0} s warm-up (longer while the JIT recompiles, up to {maxWarmup.TotalSeconds:0} s) then {duration.TotalSeconds:0} s measured…"
            : $"{name}: {clients.Count} clients, {warmup.TotalSeconds:0} s warm-up then {duration.TotalSeconds:0} s measured…");
        var frequency = Stopwatch.Frequency;
        var begin = Stopwatch.GetTimestamp();
        var durationTicks = (long)(duration.TotalSeconds * frequency);
        // Set once, when the warm-up ends (long.MaxValue until then).
        var measureFrom = long.MaxValue;
        var warmupEnd = Task.Run(async () =>
        {
            var minimumEnd = begin + (long)(warmup.TotalSeconds * frequency);
            var maximumEnd = begin + (long)(maxWarmup.TotalSeconds * frequency);
            var jit = new Queue<(long At, long Ticks)>();
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                jit.Enqueue((now, app.JitTicks()));
                while (jit.Count > 1 && now - jit.Peek().At > 5 * frequency)
                {
                    jit.Dequeue();
                }

                var (firstAt, firstTicks) = jit.Peek();
                var window = (now - firstAt) / (double)frequency;
                var jitCores = window < 4.5 ? double.MaxValue : (jit.Last().Ticks - firstTicks) / (double)ProcStat.TicksPerSecond / window;
                if (now >= maximumEnd || (now >= minimumEnd && jitCores <= JitQuietCores))
                {
                    log.WriteLine($"  measuring from {(now - begin) / (double)frequency:0} s{(jitCores <= JitQuietCores ? " (the JIT is done)" : " (the JIT still recompiles: longest warm-up reached)")}");
                    Volatile.Write(ref measureFrom, now);
                    return;
                }

                await Task.Delay(250, ct);
            }
        }, ct);

        var perClient = new List<double>[clients.Count];
        var slowest = new List<SlowRequest>[clients.Count];
        var errors = new List<string>[clients.Count];
        var warmupCounts = new int[clients.Count];
        var resultCounts = new List<int>[clients.Count];
        var perSecond = new int[(int)Math.Ceiling(maxWarmup.TotalSeconds + duration.TotalSeconds) + 4];

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var samplerReady = new TaskCompletionSource<ResourceSampler>();
        var sampler = Task.Run(async () =>
        {
            await warmupEnd;

            var s = new ResourceSampler(app, database);
            samplerReady.SetResult(s);
            await s.RunAsync(sampling.Token);
        }, sampling.Token);

        var loops = clients.Select((client, index) => Task.Run(async () =>
        {
            var random = new Random(seed + index);
            var samples = perClient[index] = new List<double>(64 * 1024);
            var slow = slowest[index] = [];
            var errorList = errors[index] = [];
            var counts = resultCounts[index] = [];
            while (!ct.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                var from = Volatile.Read(ref measureFrom);
                if (from != long.MaxValue && start >= from + durationTicks)
                {
                    break;
                }

                Outcome outcome;
                try
                {
                    outcome = await request(client, random, ct);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    outcome = new Outcome(false, ex.GetType().Name + ": " + ex.Message);
                }

                var end = Stopwatch.GetTimestamp();
                var elapsedMs = Stopwatch.GetElapsedTime(start, end).TotalMilliseconds;
                if (outcome.Ok)
                {
                    Interlocked.Increment(ref perSecond[Math.Min(perSecond.Length - 1, (int)((end - begin) / frequency))]);
                }

                if (start < from)
                {
                    warmupCounts[index]++;
                    if (!outcome.Ok)
                    {
                        errorList.Add("(warm-up) " + outcome.Error);
                    }

                    continue;
                }

                if (!outcome.Ok)
                {
                    errorList.Add(outcome.Error ?? "error");
                    continue;
                }

                samples.Add(elapsedMs);
                if (outcome.ResultCount is { } c)
                {
                    counts.Add(c);
                }

                if (slow.Count < 5 || elapsedMs > slow[^1].Milliseconds)
                {
                    slow.Add(new SlowRequest(requestLabel, elapsedMs, outcome.Note));
                    slow.Sort((a, b) => b.Milliseconds.CompareTo(a.Milliseconds));
                    if (slow.Count > 5)
                    {
                        slow.RemoveAt(5);
                    }
                }
            }
        }, ct)).ToList();

        await Task.WhenAll(loops);
        await warmupEnd;
        var warmedUp = (Volatile.Read(ref measureFrom) - begin) / (double)frequency;
        var resources = samplerReady.Task.IsCompleted ? (await samplerReady.Task).Stop() : null;
        await sampling.CancelAsync();
        try
        {
            await sampler;
        }
        catch (OperationCanceledException)
        {
        }

        var all = perClient.SelectMany(s => s).ToList();
        var allErrors = errors.SelectMany(e => e).ToList();
        var measuredErrors = allErrors.Count(e => !e.StartsWith("(warm-up)", StringComparison.Ordinal));
        var counts = resultCounts.SelectMany(c => c).ToList();
        var result = new ScenarioResult(name, requestLabel, clients.Count, warmedUp, duration.TotalSeconds,
            warmupCounts.Sum(), all.Count, measuredErrors,
            allErrors.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count()),
            all.Count / duration.TotalSeconds,
            LatencyStats.Of(all),
            slowest.SelectMany(s => s).OrderByDescending(s => s.Milliseconds).Take(5).ToList(),
            resources ?? new ResourceUsage(0, 0, 0, 0, 0, 0, 0, 0, 0),
            counts.Count > 0 ? counts.Average() : null,
            perSecond);
        return result;
    }
}

/// <summary>Samples the app's resident memory every 100 ms and measures CPU time of the app, the bench, PostgreSQL and the machine.</summary>
public sealed class ResourceSampler
{
    private readonly AppProcess _app;
    private readonly string _database;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly TimeSpan _appCpu;
    private readonly long _jitTicks;
    private readonly TimeSpan _benchCpu;
    private readonly Dictionary<int, long> _postgresTicks;
    private readonly (long Busy, long Total) _machine;
    private readonly List<long> _rss = [];
    private long _peak;
    private long _highWater;

    public ResourceSampler(AppProcess app, string database)
    {
        _app = app;
        _database = database;
        _appCpu = app.CpuTime();
        _jitTicks = app.JitTicks();
        _benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        _postgresTicks = ProcStat.PostgresTicks(_database);
        _machine = ProcStat.MachineTicks();
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Sample();
            await Task.Delay(100, ct);
        }
    }

    private void Sample()
    {
        _app.JitTicks(); // keeps the JIT threads that end before the window does
        if (_app.Memory() is { } m)
        {
            lock (_rss)
            {
                _rss.Add(m.Rss);
                _peak = Math.Max(_peak, m.Rss);
                _highWater = Math.Max(_highWater, m.Peak);
            }
        }
    }

    public ResourceUsage Stop()
    {
        Sample();
        var seconds = Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
        var appCpu = (_app.CpuTime() - _appCpu).TotalSeconds / seconds;
        var jitCpu = (_app.JitTicks() - _jitTicks) / (double)ProcStat.TicksPerSecond / seconds;
        var benchCpu = (Process.GetCurrentProcess().TotalProcessorTime - _benchCpu).TotalSeconds / seconds;
        var postgresNow = ProcStat.PostgresTicks(_database);
        var postgresTicks = postgresNow.Sum(p => p.Value - _postgresTicks.GetValueOrDefault(p.Key));
        var machine = ProcStat.MachineTicks();
        var busyShare = (double)(machine.Busy - _machine.Busy) / Math.Max(1, machine.Total - _machine.Total);
        lock (_rss)
        {
            return new ResourceUsage(
                _rss.Count == 0 ? 0 : (long)_rss.Average(),
                _peak,
                _highWater,
                _rss.Count,
                appCpu,
                benchCpu,
                postgresTicks / (double)ProcStat.TicksPerSecond / seconds,
                busyShare * Environment.ProcessorCount,
                jitCpu);
        }
    }
}

/// <summary>Reads CPU times from /proc (Linux).</summary>
public static partial class ProcStat
{
    /// <summary>A backend's process title: "postgres: 15/main: user database 127.0.0.1(5432) idle".</summary>
    [GeneratedRegex(@"^postgres: [^:]+: \S+ (\S+) (?:\d+\.\d+\.\d+\.\d+|\[local\]|[0-9a-f:]+)\(?")]
    private static partial Regex BackendTitle();

    public const int TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>
    /// utime + stime by pid of the PostgreSQL server's own processes (WAL writer, checkpointer…) and of the
    /// backends connected to <paramref name="database"/>: not those serving other databases on a shared server.
    /// </summary>
    public static Dictionary<int, long> PostgresTicks(string database)
    {
        var result = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                if (open < 0 || close < 0 || stat[(open + 1)..close] != "postgres")
                {
                    continue;
                }

                var command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var backend = BackendTitle().Match(command);
                if (backend.Success && backend.Groups[1].Value != database)
                {
                    continue;
                }

                var fields = stat[(close + 2)..].Split(' ');
                // fields[0] is the state (field 3); utime and stime are fields 14 and 15.
                result[pid] = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                              + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        return result;
    }

    /// <summary>Busy and total jiffies of all CPUs since boot.</summary>
    public static (long Busy, long Total) MachineTicks()
    {
        var line = File.ReadLines("/proc/stat").First();
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var idle = values[3] + (values.Length > 4 ? values[4] : 0);
        var total = values.Take(8).Sum();
        return (total - idle, total);
    }
}
