using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Relais.Features.Account;
using Relais.Features.Audit;
using Relais.Features.Communes;
using Relais.Features.Demo;
using Relais.Features.Households;
using Relais.Features.Ledger;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;
using Relais.Infrastructure.Web;

namespace Relais;

/// <summary>The composition root, shared by the web app, the command line and the tests.</summary>
public static class RelaisApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customise = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        customise?.Invoke(builder);
        if (builder.Configuration.GetValue("Relais:CommandLine", false))
        {
            // Commands print their result on stdout; logs go to stderr.
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        var services = builder.Services;
        var config = builder.Configuration;
        // Cookies are Secure everywhere except on a developer's http://localhost (the README's demo command),
        // where antiforgery would otherwise refuse every form served over plain HTTP.
        var cookieSecurity = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddDataProtection()
            .SetApplicationName("Relais")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(config["Database:DataFolder"] ?? "data", "keys")));
        services.AddScoped<CurrentUser>();
        services.AddScoped<TenantContext>();
        services.AddRelaisDatabase(config);
        services.AddScoped<SchemaMigrator>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<CommuneDirectory>();
        services.AddSingleton<AuditReadLog>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditReadLog>());
        services.AddScoped<HouseholdAccess>();
        Features.Accompaniments.AccompanimentsSetup.AddRelaisAccompaniments(services);
        services.AddRelaisLedger();
        Features.Accompaniments.Confidential.ConfidentialSetup.AddRelaisConfidential(services);
        Features.Accompaniments.Lifecycle.LifecycleSetup.AddRelaisAccompanimentLifecycle(services);
        Features.Accompaniments.Arrears.ArrearsSetup.AddRelaisArrears(services);
        Features.Collective.CollectiveSetup.AddRelaisCollective(services);
        Features.Referrals.ReferralSetup.AddRelaisReferrals(services);
        Features.Referrals.Worker.ReferralWorkerSetup.AddRelaisReferralWorker(services);
        services.AddScoped<Features.Collective.Projects.ResidentProjects>();
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, HouseholdAuthorizationHandler>();

        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = config.GetValue("Security:MaxFailedAccessAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(config.GetValue("Security:LockoutMinutes", 15));
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<RelaisDbContext>()
            .AddDefaultTokenProviders()
            .AddRelaisAccountSecurity()
            .AddPasswordValidator<CnilPasswordValidator>()
            .AddErrorDescriber<FrenchIdentityErrors>()
            .AddClaimsPrincipalFactory<RelaisClaimsFactory>();
        // OWASP 2023+: PBKDF2-HMAC-SHA512 with at least 210,000 iterations; Relais uses 250,000.
        services.Configure<PasswordHasherOptions>(o =>
        {
            o.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            o.IterationCount = PasswordHashing.Iterations;
        });
        services.AddRelaisAdministration(config);
        Features.Signals.SignalsSetup.AddRelaisSignals(services);
        services.Configure<SecurityStampValidatorOptions>(o =>
            o.ValidationInterval = TimeSpan.FromSeconds(config.GetValue("Security:StampValidationSeconds", 60)));

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies(cookies =>
            {
                cookies.ApplicationCookie?.Configure(o =>
                {
                    o.Cookie.Name = "relais.auth";
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SecurePolicy = cookieSecurity;
                    o.Cookie.SameSite = SameSiteMode.Strict;
                    o.LoginPath = "/Account/Login";
                    o.LogoutPath = "/Account/Logout";
                    o.AccessDeniedPath = "/Account/AccessDenied";
                    o.ExpireTimeSpan = TimeSpan.FromHours(8);
                    o.SlidingExpiration = true;
                    o.Events = new CookieAuthenticationEvents
                    {
                        OnRedirectToLogin = ApiAwareRedirect(StatusCodes.Status401Unauthorized),
                        OnRedirectToAccessDenied = context =>
                        {
                            // A plain 403, rendered by the status-code page: no redirect that would lose the URL.
                            context.Response.StatusCode = StatusCodes.Status403Forbidden;
                            return Task.CompletedTask;
                        },
                        OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync,
                    };
                });
                cookies.TwoFactorUserIdCookie?.Configure(o =>
                {
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SecurePolicy = cookieSecurity;
                    o.Cookie.SameSite = SameSiteMode.Strict;
                });
                cookies.ExternalCookie?.Configure(o =>
                {
                    o.Cookie.SecurePolicy = cookieSecurity;
                    o.Cookie.SameSite = SameSiteMode.Strict;
                });
            });
        services.AddRelaisAuthorization();

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "relais.af";
            o.Cookie.SecurePolicy = cookieSecurity;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());
            o.Conventions.ConfigureFilter(new MethodNotAllowedFilter());
        });
        // Write French accents as they are, not as &#xE9; entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Relais API";
            doc.Info.Description = "API JSON des ménages et des personnes. Mêmes droits que les pages.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.Configure<ForwardedHeadersOptions>(o =>
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        var app = builder.Build();
        Configure(app);
        return app;
    }

    private static Func<Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions>, Task> ApiAwareRedirect(int status) =>
        context =>
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = status;
                return Task.CompletedTask;
            }

            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        };

    private static void Configure(WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseExceptionHandler("/Error");
        // Pages show a French error page; the API answers RFC 7807 ProblemDetails.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/Error", "?code={0}"));
        app.UseRelaisSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseTwoFactorEnrolmentGate();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapRazorPages();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        HouseholdsApi.Map(app);
        CommunesApi.Map(app);
        LedgerApi.Map(app);
        Features.Collective.Sessions.CalendarFeed.Map(app);
    }

    /// <summary>Applies migrations at start (unless <c>Database:MigrateOnStart</c> is false) and seeds the demo when asked.</summary>
    public static async Task PrepareDatabaseAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        if (app.Configuration.GetValue("Database:MigrateOnStart", true))
        {
            await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
        }

        if (app.Configuration.GetValue("Relais:Demo", false))
        {
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            await seeder.SeedAsync(app.Environment, households: 300);
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in app.Urls)
            {
                Console.WriteLine($"Relais est prêt : ouvrez {address}");
            }
        });
    }
}

public static class PasswordHashing
{
    public const int Iterations = 250_000;
}
