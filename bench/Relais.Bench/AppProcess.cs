using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Relais.Bench;

/// <summary>
/// The real app, started as a separate process (<c>dotnet Relais.dll</c>) in the Production environment, on
/// HTTPS with a self-signed certificate made for this run: the app's cookies are Secure, so the clients
/// talk TLS to it as a browser would. The clients trust exactly that certificate, nothing else.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lastLines = new();
    private readonly Stopwatch _sinceStart;
    private int _failLines;

    private AppProcess(Process process, Stopwatch sinceStart, Uri baseAddress, string certificateHash)
    {
        _process = process;
        _sinceStart = sinceStart;
        BaseAddress = baseAddress;
        CertificateHash = certificateHash;
    }

    public Uri BaseAddress { get; }

    /// <summary>SHA-256 of the server certificate: the only one the clients accept.</summary>
    public string CertificateHash { get; }

    public int Pid => _process.Id;

    public TimeSpan SinceStart => _sinceStart.Elapsed;

    /// <summary>Time from process start to the app's "ready" line on its standard output.</summary>
    public TimeSpan? ReadyLineAt { get; private set; }

    /// <summary>Log lines at level "fail" or "crit" written by the app.</summary>
    public int FailLines => _failLines;

    public bool HasExited => _process.HasExited;

    public string LastLines => string.Join(Environment.NewLine, _lastLines);

    public static AppProcess Start(string appDll, string connectionString, string workFolder)
    {
        var port = FreePort();
        var (pfx, password, hash) = CreateCertificate(workFolder);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { appDll },
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["DOTNET_ENVIRONMENT"] = "Production";
        env["ASPNETCORE_URLS"] = $"https://127.0.0.1:{port}";
        env["ASPNETCORE_Kestrel__Certificates__Default__Path"] = pfx;
        env["ASPNETCORE_Kestrel__Certificates__Default__Password"] = password;
        env["Database__Provider"] = "Postgres";
        env["ConnectionStrings__Relais"] = connectionString;
        env["Database__MigrateOnStart"] = "true";
        env["Database__DataFolder"] = Path.Combine(workFolder, "app-data");
        env["Relais__Demo"] = "false";

        var sinceStart = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var app = new AppProcess(process, sinceStart, new Uri($"https://127.0.0.1:{port}"), hash);
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (ReadyLineAt is null && line.Contains("Relais est prêt", StringComparison.Ordinal))
        {
            ReadyLineAt = _sinceStart.Elapsed;
        }

        if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _failLines);
        }

        _lastLines.Enqueue(line);
        while (_lastLines.Count > 60)
        {
            _lastLines.TryDequeue(out _);
        }
    }

    /// <summary>An HTTP client with its own cookie jar that trusts the app's certificate only.</summary>
    public HttpClient NewClient()
    {
        var expected = CertificateHash;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == expected,
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Resident set size now and its peak so far (VmRSS, VmHWM), in bytes.</summary>
    public (long Rss, long Peak)? Memory()
    {
        try
        {
            long rss = 0, hwm = 0;
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kilobytes(line);
                }
            }

            return (rss, hwm);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    /// <summary>
    /// CPU time (jiffies) of the runtime's background tiered-compilation thread (".NET Tiered Com"): the JIT
    /// recompiling hot methods with full optimisation. While it works, the app has not reached its steady state.
    /// </summary>
    public long JitTicks()
    {
        lock (_jitThreads)
        {
            ReadJitThreads();
            return _jitThreads.Values.Sum();
        }
    }

    // The runtime ends the thread when it has nothing to do and starts another later: the CPU of each thread ever
    // seen is kept (as last read), so that the total only grows.
    private readonly Dictionary<int, long> _jitThreads = [];

    private void ReadJitThreads()
    {
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var open = stat.IndexOf('(', StringComparison.Ordinal);
                    var close = stat.LastIndexOf(')');
                    if (open < 0 || close < 0 || !stat[(open + 1)..close].StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var fields = stat[(close + 2)..].Split(' ');
                    _jitThreads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] =
                        long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (Exception ex) when (ex is IOException or FormatException)
                {
                }
            }
        }
        catch (IOException)
        {
        }
    }

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A graceful stop first (SIGTERM), as a service manager would; then kill it if it lingers.
            _ = Kill(_process.Id, 15);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static (string Path, string Password, string Hash) CreateCertificate(string workFolder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var path = Path.Combine(workFolder, "bench-localhost.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return (path, password, certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }
}
