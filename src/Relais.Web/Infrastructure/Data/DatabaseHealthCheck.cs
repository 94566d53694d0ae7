using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Relais.Infrastructure.Data;

/// <summary>/healthz: the database answers and its schema is at the version this build expects.</summary>
public sealed class DatabaseHealthCheck(RelaisDbContext db, SchemaMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("Base de données injoignable.");
            }

            var expected = SchemaMigrator.Scripts(db.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite).Count;
            var current = await migrator.CurrentVersionAsync(cancellationToken);
            return current == expected
                ? HealthCheckResult.Healthy($"Schéma version {current}.")
                : HealthCheckResult.Unhealthy($"Schéma version {current}, attendue {expected}.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Base de données en erreur.", ex);
        }
    }
}
