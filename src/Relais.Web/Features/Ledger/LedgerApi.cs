using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;
using Relais.Infrastructure.Web;

namespace Relais.Features.Ledger;

/// <summary>The small JSON endpoint polled by the progress bar of an import.</summary>
public static class LedgerApi
{
    public sealed record ImportProgressDto(Guid Id, string Status, string StatusLabel, bool Finished, int Percent, string Step,
        long LinesRead, long LinesImported, int ErrorCount);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/ledger/imports/{id:guid}", GetAsync)
            .RequireAuthorization(Permissions.Ledger.Import)
            .WithTags("Quittancement")
            .WithSummary("Avancement et résultat d'un import de relevé de quittancement.");

    private static async Task<Results<Ok<ImportProgressDto>, NotFound>> GetAsync(Guid id, CurrentUser me, LedgerImportTracker tracker, RelaisDbContext db, CancellationToken ct)
    {
        var organisationId = me.OrganisationId ?? Guid.Empty;
        if (tracker.BelongsToAnother(id, organisationId))
        {
            return TypedResults.NotFound();
        }

        // While an import runs here, its progress comes from memory: on SQLite its transaction may hold the database.
        if (tracker.Get(id, organisationId) is { } running)
        {
            return TypedResults.Ok(new ImportProgressDto(id, nameof(LedgerImportStatus.Running), LedgerImportStatus.Running.Label(), false, running.Percent,
                running.Phase.Label(), running.Lines, 0, 0));
        }

        var import = await db.LedgerImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (import is null)
        {
            return TypedResults.NotFound();
        }

        var finished = import.Status != LedgerImportStatus.Running;
        return TypedResults.Ok(new ImportProgressDto(id, import.Status.ToString(), import.Status.Label(), finished, finished ? 100 : 0,
            finished ? LedgerImportPhase.Finished.Label() : "En attente", import.LinesRead, import.LinesImported, import.ErrorCount));
    }
}
