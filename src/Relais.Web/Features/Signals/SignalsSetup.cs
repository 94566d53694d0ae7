using Relais.Features.Ledger;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Signals;

public static class SignalsSetup
{
    public static IServiceCollection AddRelaisSignals(this IServiceCollection services)
    {
        services.AddScoped<SignalDetector>();
        services.AddScoped<SignalAccess>();
        services.AddSingleton<ILedgerImportListener, SignalDetectionOnImport>();
        return services;
    }
}

/// <summary>Runs the signal detection for the organisation whose ledger has just been imported.</summary>
public sealed class SignalDetectionOnImport(IServiceScopeFactory scopes) : ILedgerImportListener
{
    /// <summary>The actor written in the audit line of a detection run started by an import.</summary>
    public const string Actor = "détection automatique (import du quittancement)";

    public async Task LedgerImportedAsync(LedgerImportedEvent imported, CancellationToken ct)
    {
        // Its own unit of work, acting for the imported organisation whatever the caller's context.
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem(imported.OrganisationId, Actor);
        await scope.ServiceProvider.GetRequiredService<SignalDetector>().DetectAsync(imported.OrganisationId, ct);
    }
}
