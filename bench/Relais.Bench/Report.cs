using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Relais.Bench;

public static class Report
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Save(BenchResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{result.Timestamp}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(result, Json));
        return path;
    }

    public static void Print(BenchResult r, TextWriter o)
    {
        var l = r.Load;
        o.WriteLine("══════════════════════════════════════════════════════════════════════════════");
        o.WriteLine($" Relais benchmark {r.Timestamp} — {r.Machine.Cores} cores, {r.Machine.Runtime}, PostgreSQL {r.Machine.PostgresVersion}");
        o.WriteLine("══════════════════════════════════════════════════════════════════════════════");
        o.WriteLine($"Data         {l.Households:N0} households, {l.Persons:N0} persons, {l.Dwellings:N0} dwellings, {l.Buildings:N0} buildings, {l.Residences:N0} residences, {l.Sectors} sectors, {l.Users} users");
        o.WriteLine($"Load         {l.TotalSeconds:0.0} s in all: migrations {l.MigrateSeconds:0.0} s, generation {l.GenerateSeconds:0.0} s, " +
                    $"COPY {l.CopySeconds.Values.Sum():0.0} s (households {l.CopySeconds.GetValueOrDefault("Households"):0.0} s, persons {l.CopySeconds.GetValueOrDefault("Persons"):0.0} s), " +
                    $"VACUUM ANALYZE {l.VacuumAnalyzeSeconds:0.0} s");
        o.WriteLine($"             database {Bench.Megabytes(l.DatabaseBytes)}, Households table {Bench.Megabytes(l.HouseholdsTableBytes)}, search terms {l.SearchTerms:N0} rows, {Bench.Megabytes(l.SearchTermsBytes)} with their indexes");
        o.WriteLine();
        var c = r.ColdStart;
        o.WriteLine("Cold start (from process start)");
        o.WriteLine($"  first 200 on /Account/Login        {c.ToLoginPageMs,8:N0} ms{(c.ToReadyLineMs is { } ready ? $"   (\"ready\" log line at {ready:N0} ms)" : "")}");
        o.WriteLine($"  first 200 on a household page      {c.ToFirstHouseholdPageMs,8:N0} ms   (sign-in {c.SignInMs:N0} ms, then the page itself {c.FirstHouseholdPageMs:N0} ms)");
        o.WriteLine($"  first search request               {c.FirstSearchMs,8:N0} ms");
        o.WriteLine();
        foreach (var scenario in new[] { r.Search, r.HouseholdPage }.OfType<ScenarioResult>())
        {
            Scenario(scenario, o);
        }

        var m = r.Memory;
        o.WriteLine("App memory (resident set)");
        o.WriteLine($"  after start and first page {Bench.Megabytes(m.AfterStartRssBytes)}; under load mean {Bench.Megabytes(m.LoadRssMeanBytes)}, peak {Bench.Megabytes(m.LoadRssPeakBytes)}; process high-water mark {Bench.Megabytes(m.HighWaterBytes)}");
        o.WriteLine();
        var a = r.Audit;
        o.WriteLine($"Audit        {a.ReadLines:N0} household read lines for {a.ExpectedReadLines:N0} pages served: {(a.ReadLines == a.ExpectedReadLines ? "one line per page" : "MISMATCH")}; " +
                    $"chain of {a.TotalLines:N0} lines {(a.ChainIntact ? "verified" : "BROKEN: " + a.Problem)}");
        o.WriteLine($"App log      {r.AppErrorLogLines} fail/crit lines");
        o.WriteLine();
        o.WriteLine("Targets");
        foreach (var t in r.Targets)
        {
            o.WriteLine($"  {t.Name,-27} {t.Value,8:N1} {t.Unit,-5}  (target {t.Comparison} {t.Target:N0} {t.Unit}: {(t.Ok ? "OK" : "MISSED")}, {t.Ratio:0.00}×)");
        }
    }

    private static void Scenario(ScenarioResult s, TextWriter o)
    {
        var lat = s.Latency;
        var res = s.Resources;
        o.WriteLine($"{s.Name}   {s.Request}   {s.Clients} clients, closed loop, {s.MeasuredSeconds:0} s after {s.WarmupSeconds:0} s warm-up");
        o.WriteLine($"  requests   {s.Requests:N0} OK ({s.RequestsPerSecond:N1}/s), errors {s.Errors}{(s.MeanResultCount is { } n ? $", {n:N0} matches per search on average" : "")}");
        o.WriteLine($"  latency    p50 {lat.P50:0.0} ms, p90 {lat.P90:0.0} ms, p95 {lat.P95:0.0} ms, p99 {lat.P99:0.0} ms, max {lat.Max:0.0} ms, mean {lat.Mean:0.0} ms");
        o.WriteLine($"  CPU        app {res.AppCpuCores:0.00} cores, PostgreSQL {res.PostgresCpuCores:0.00}, bench clients {res.BenchCpuCores:0.00}, other processes {Math.Max(0, res.MachineBusyCores - res.AppCpuCores - res.PostgresCpuCores - res.BenchCpuCores):0.00}; machine busy {res.MachineBusyCores:0.00} of {Environment.ProcessorCount}");
        o.WriteLine($"  CPU/request app {s.AppCpuMsPerRequest:0.00} ms (of which JIT recompiling {s.JitCpuMsPerRequest:0.00} ms) + PostgreSQL {s.PostgresCpuMsPerRequest:0.00} ms (+ bench client {s.BenchCpuMsPerRequest:0.00} ms)");
        o.WriteLine($"  app RSS    mean {Bench.Megabytes(res.AppRssMeanBytes)}, peak {Bench.Megabytes(res.AppRssPeakBytes)} ({res.Samples} samples)");
        o.WriteLine($"  per second {string.Join(' ', s.AnsweredPerSecond)}  (answers in each second, warm-up included)");
        if (s.Slowest.Count > 0)
        {
            o.WriteLine($"  slowest    {string.Join("; ", s.Slowest.Take(3).Select(x => $"{x.Milliseconds:0} ms ({x.Note})"))}");
        }

        foreach (var (kind, count) in s.ErrorKinds.Take(5))
        {
            o.WriteLine($"  error      {count} × {kind}");
        }

        o.WriteLine();
    }
}
