using System.Collections.Concurrent;
using Microsoft.Playwright;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Browser;

/// <summary>All browser tests share one served app and one Chromium, and run one after the other (2-core machines).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// Debian's Chromium driven by Playwright against the app served by Kestrel over HTTPS on a loopback port
/// (SQLite). Started on first use, so that a machine without Chromium skips the tests instead of failing the
/// fixture. Holds one read-only <see cref="Shared"/> world and one signed-in storage state per (world, role).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Headless without GPU nor sandbox (root in a container); no background traffic on the closed network.</summary>
    private static readonly string[] LaunchArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<(Guid World, Role Role), Lazy<Task<string>>> _signedIn = new();
    private TestApp? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private World? _shared;

    public TestApp App => _app ?? throw new InvalidOperationException("Call StartAsync first.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Call StartAsync first.");

    /// <summary>A world that tests only read (menus, search, accessibility); tests that change data create their own.</summary>
    public World Shared => _shared ?? throw new InvalidOperationException("Call StartAsync first.");

    /// <summary>Skips the calling test when Chromium is not installed, or fails it when RELAIS_TEST_REQUIRE_ALL=true.</summary>
    public static void RequireChromium()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        var reason = $"Chromium absent ({ChromiumPath}) : installez-le (apt-get install chromium) pour lancer les tests navigateur.";
        if (TestApp.RequireAll)
        {
            throw new InvalidOperationException(reason + " (RELAIS_TEST_REQUIRE_ALL=true interdit de sauter ces tests)");
        }

        Skip.If(true, reason);
    }

    /// <summary>Checks Chromium, then starts the app, the browser and the shared world once.</summary>
    public async Task StartAsync()
    {
        RequireChromium();
        if (_shared is not null)
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            if (_shared is not null)
            {
                return;
            }

            _app ??= await TestApp.CreateServedAsync(DatabaseProvider.Sqlite);
            _playwright ??= await Playwright.CreateAsync();
            _browser ??= await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = LaunchArgs,
                Timeout = 60_000,
            });
            _shared = await World.CreateAsync(_app);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A fresh browser context on the app; signed in as <paramref name="role"/> of <paramref name="world"/> (default: <see cref="Shared"/>) when given.</summary>
    public async Task<IBrowserContext> NewContextAsync(Role? role = null, World? world = null, ViewportSize? viewport = null)
    {
        await StartAsync();
        var options = new BrowserNewContextOptions
        {
            BaseURL = App.ServerAddress!.ToString(),
            IgnoreHTTPSErrors = true,
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        };
        if (role is { } r)
        {
            options.StorageState = await SignedInStateAsync(world ?? Shared, r);
        }

        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(20_000);
        return context;
    }

    /// <summary>The cookies of a user of <paramref name="world"/> signed in through the login form, signed in once and reused.</summary>
    public Task<string> SignedInStateAsync(World world, Role role) =>
        _signedIn.GetOrAdd((world.Id, role), _ => new Lazy<Task<string>>(async () =>
        {
            await using var context = await NewContextAsync();
            var page = await context.NewPageAsync();
            await SignInAsync(page, world.Email(role));
            return await context.StorageStateAsync();
        })).Value;

    /// <summary>Keeps the storage state of a context that a test signed in itself, so that later tests reuse it.</summary>
    public async Task RememberSignedInAsync(World world, Role role, IBrowserContext context)
    {
        var state = await context.StorageStateAsync();
        _signedIn.TryAdd((world.Id, role), new Lazy<Task<string>>(Task.FromResult(state)));
    }

    /// <summary>Signs in through the real login form, as a person would, and waits for the home page.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = TestApp.Password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        try
        {
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal" }).WaitForAsync();
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException(
                $"Sign-in of {email} did not reach a signed-in page; now on {page.Url}:\n{await page.InnerTextAsync("body")}", e);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _gate.Dispose();
    }
}
