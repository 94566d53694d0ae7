using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Referrals.Worker;

/// <summary>
/// The expiry sweep: in every organisation (or one), the referrals sent and still unanswered after their
/// <see cref="Referral.AnswerDueOn"/> become <see cref="ReferralStatus.Expired"/>. Run hourly by
/// <see cref="ReferralExpiryJob"/> and by <c>relais expire-referrals [--org id]</c> — the same code. "Today" is the
/// local date of the <see cref="TimeProvider"/>.
/// </summary>
public sealed class ReferralExpiry(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReferralExpiry> logger)
{
    public const string Actor = "expiration-orientations";

    public async Task<int> RunAsync(Guid? organisationId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var now = clock.GetUtcNow();
        List<Guid> organisations;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem(null, Actor);
            var db = scope.ServiceProvider.GetRequiredService<RelaisDbContext>();
            organisations = await db.Organisations.AsNoTracking().Where(o => organisationId == null || o.Id == organisationId).Select(o => o.Id).ToListAsync(ct);
        }

        var total = 0;
        foreach (var org in organisations)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem(org, Actor);
            var db = scope.ServiceProvider.GetRequiredService<RelaisDbContext>();
            total += await ReferralRules.ExpireAsync(db, today, now, ct);
        }

        if (total > 0)
        {
            logger.LogInformation("Referral expiry: {Count} referrals without an answer marked expired", total);
        }

        return total;
    }
}

/// <summary>Runs the expiry sweep a minute after start, then every hour (<c>Referrals:ExpireHourly=false</c> turns it off).</summary>
public sealed class ReferralExpiryJob(ReferralExpiry expiry, IConfiguration config, TimeProvider clock, ILogger<ReferralExpiryJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Referrals:ExpireHourly", true) || config.GetValue("Relais:CommandLine", false))
        {
            return;
        }

        // The first sweep a minute after start (not an hour: an app restarted more often would never sweep), then hourly.
        var wait = TimeSpan.FromMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(wait, clock, stoppingToken);
            wait = TimeSpan.FromHours(1);
            try
            {
                await expiry.RunAsync(null, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed sweep must not stop the host: the next hour retries.
                logger.LogError(e, "Referral expiry sweep failed");
            }
        }
    }
}

/// <summary><c>relais expire-referrals [--org id]</c>.</summary>
public static class ExpireReferralsCommand
{
    public const string Help = "marque « expirées » les orientations envoyées restées sans réponse après le délai (--org <identifiant> : une seule organisation)";

    public static async Task<int> RunAsync(IServiceProvider sp, Dictionary<string, string> options)
    {
        Guid? org = null;
        if (options.TryGetValue("org", out var value))
        {
            if (!Guid.TryParse(value, out var parsed))
            {
                Console.Error.WriteLine("Usage : expire-referrals [--org <identifiant de l'organisation>]");
                return 2;
            }

            org = parsed;
        }

        var count = await sp.GetRequiredService<ReferralExpiry>().RunAsync(org, CancellationToken.None);
        Console.WriteLine($"{count} orientation(s) sans réponse marquée(s) expirée(s).");
        return 0;
    }
}

public static class ReferralWorkerSetup
{
    public static IServiceCollection AddRelaisReferralWorker(this IServiceCollection services)
    {
        services.AddScoped<ReferralOrigins>();
        services.AddSingleton<ReferralExpiry>();
        services.AddHostedService<ReferralExpiryJob>();
        return services;
    }
}
