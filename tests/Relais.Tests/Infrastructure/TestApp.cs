using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Tests.Infrastructure;

/// <summary>
/// The application under test on one provider: a real SQLite file or a real PostgreSQL database, created
/// for this test run and migrated with the production migrations. One instance per provider is shared by
/// all tests; each test owns its data by creating its own organisation (<see cref="World"/>).
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string Password = "Test-Relais-2026!";

    /// <summary>Setting of a private app that sets the host environment (default "Testing"), e.g. "Production".</summary>
    public const string EnvironmentSetting = "Tests:Environment";

    private static readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<TestApp>>> Apps = new();

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    private readonly string _dataFolder;
    private readonly Dictionary<string, string?> _settings;
    private string? _passwordHash;

    /// <summary>The real HTTPS address (https://127.0.0.1:port) of an app made by <see cref="CreateServedAsync"/>; null otherwise.</summary>
    public Uri? ServerAddress { get; private set; }

    private TestApp(DatabaseProvider provider, string connectionString, string dataFolder, Dictionary<string, string?>? extra)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _dataFolder = dataFolder;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Relais"] = connectionString,
            ["Database:DataFolder"] = dataFolder,
            ["Database:MigrateOnStart"] = "false",
            ["Relais:Demo"] = "false",
            ["Security:StampValidationSeconds"] = "0",
            // The nightly retention purge runs over every organisation: tests call it explicitly, on a private database.
            ["Retention:PurgeDaily"] = "false",
            ["Referrals:ExpireHourly"] = "false",
        };
        foreach (var (k, v) in extra ?? [])
        {
            _settings[k] = v;
        }
    }

    /// <summary>The shared app for <paramref name="provider"/>; skips the test (or fails in CI) when PostgreSQL is not configured.</summary>
    public static Task<TestApp> GetAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            RequirePostgres();
        }

        return Apps.GetOrAdd(provider, p => new Lazy<Task<TestApp>>(() => CreateAsync(p, null))).Value;
    }

    /// <summary>A private app (own database) for tests that change settings or break things on purpose.</summary>
    /// <param name="postgresOptions">Npgsql settings appended to a PostgreSQL app's connection string ("Maximum Pool Size=2").</param>
    public static Task<TestApp> CreatePrivateAsync(DatabaseProvider provider, Dictionary<string, string?>? settings = null, bool migrate = true,
        string? postgresOptions = null)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            RequirePostgres();
        }

        return CreateAsync(provider, settings, migrate, postgresOptions: postgresOptions);
    }

    /// <summary>
    /// A private app served by Kestrel over HTTPS on a free loopback port (self-signed certificate), for a real
    /// browser. HTTPS because the auth and antiforgery cookies are Secure-only and antiforgery refuses plain HTTP.
    /// </summary>
    public static Task<TestApp> CreateServedAsync(DatabaseProvider provider, Dictionary<string, string?>? settings = null)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            RequirePostgres();
        }

        return CreateAsync(provider, settings, migrate: true, serve: true);
    }

    public static string? PostgresServer => Environment.GetEnvironmentVariable("RELAIS_TEST_POSTGRES");

    public static bool RequireAll => string.Equals(Environment.GetEnvironmentVariable("RELAIS_TEST_REQUIRE_ALL"), "true", StringComparison.OrdinalIgnoreCase);

    public static void RequirePostgres()
    {
        if (string.IsNullOrWhiteSpace(PostgresServer))
        {
            const string reason = "PostgreSQL non configuré : définissez RELAIS_TEST_POSTGRES (ex. \"Host=localhost;Username=relais;Password=relais\") pour lancer ces tests.";
            if (RequireAll)
            {
                throw new InvalidOperationException(reason + " (RELAIS_TEST_REQUIRE_ALL=true interdit de sauter ces tests)");
            }

            Skip.If(true, reason);
        }
    }

    private static async Task<TestApp> CreateAsync(DatabaseProvider provider, Dictionary<string, string?>? settings, bool migrate = true, bool serve = false,
        string? postgresOptions = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "relais-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string connectionString;
        if (provider == DatabaseProvider.Postgres)
        {
            var name = $"relais_test_{Guid.NewGuid():N}";
            var server = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false };
            await using (var admin = new NpgsqlConnection(server.ConnectionString))
            {
                await admin.OpenAsync();
                await using var create = admin.CreateCommand();
                create.CommandText = $"CREATE DATABASE \"{name}\"";
                await create.ExecuteNonQueryAsync();
            }

            connectionString = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString;
            if (!string.IsNullOrWhiteSpace(postgresOptions))
            {
                connectionString += ";" + postgresOptions;
            }
        }
        else
        {
            connectionString = $"Data Source={Path.Combine(folder, "relais.db")}";
        }

        var app = new TestApp(provider, connectionString, folder, settings);
        if (serve)
        {
            var certificate = LoopbackCertificate();
            app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
            app.StartServer();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel did not report its address.");
            app.ServerAddress = new Uri(address);
        }

        if (migrate)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
        }

        return app;
    }

    /// <summary>The TestServer has no socket: requests get this client address, as Kestrel would give the real one.</summary>
    public const string ClientIp = "203.0.113.7";

    /// <summary>A throw-away self-signed server certificate for 127.0.0.1 and localhost (the browser ignores its errors).</summary>
    internal static X509Certificate2 LoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        // Round-trip through PKCS#12 so that the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_settings.GetValueOrDefault(EnvironmentSetting) ?? "Testing");
        builder.ConfigureServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressStartupFilter>());
        builder.ConfigureLogging(l => l.AddProvider(new ServerErrors()));
        foreach (var (k, v) in _settings)
        {
            builder.UseSetting(k, v);
        }
    }

    /// <summary>A scope acting as the system for <paramref name="organisationId"/>: for arranging and checking data.</summary>
    public AsyncServiceScope SystemScope(Guid? organisationId, out RelaisDbContext db)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem(organisationId, "tests");
        db = scope.ServiceProvider.GetRequiredService<RelaisDbContext>();
        return scope;
    }

    /// <summary>The production hash of <see cref="Password"/>, computed once (250,000 iterations) and reused for every test user.</summary>
    public string PasswordHash
    {
        get
        {
            if (_passwordHash is null)
            {
                var hasher = Services.GetRequiredService<IPasswordHasher<AppUser>>();
                _passwordHash = hasher.HashPassword(new AppUser(), Password);
            }

            return _passwordHash;
        }
    }

    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>Signs in through the real login form and returns a client carrying the cookie.</summary>
    public async Task<HttpClient> LoginAsync(string email, string password = Password)
    {
        var client = NewClient();
        var response = await client.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode}{ServerErrors.Since()}\n{await response.Content.ReadAsStringAsync()}");
        }

        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Provider == DatabaseProvider.Postgres)
        {
            NpgsqlConnection.ClearAllPools();
            var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
            var server = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false };
            await using var admin = new NpgsqlConnection(server.ConnectionString);
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed class ClientAddressStartupFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= IPAddress.Parse(TestApp.ClientIp);
            return nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>The two providers, for <c>[SkippableTheory, ClassData(typeof(Providers))]</c>.</summary>
public sealed class Providers : TheoryData<DatabaseProvider>
{
    public Providers()
    {
        Add(DatabaseProvider.Sqlite);
        Add(DatabaseProvider.Postgres);
    }
}

public static class HttpExtensions
{
    private static readonly HtmlParser Parser = new();

    /// <summary>GETs <paramref name="url"/> for its antiforgery token, then posts the form with it (as a browser does).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetAsync(formPage ?? url);
        var html = await page.Content.ReadAsStringAsync();
        var token = Parser.ParseDocument(html).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {formPage ?? url} ({(int)page.StatusCode}):\n{html}");
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(url, new FormUrlEncodedContent(body));
    }

    /// <summary>Asserts the status and prints the body when it differs.</summary>
    public static async Task<string> ShouldBe(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} {response.StatusCode}, expected {(int)expected} {expected}.{((int)response.StatusCode >= 500 ? ServerErrors.Since() : "")}\n{(body.Length > 4000 ? body[..4000] : body)}");
        }

        return body;
    }

    public static AngleSharp.Html.Dom.IHtmlDocument Html(this string body) => Parser.ParseDocument(body);
}
