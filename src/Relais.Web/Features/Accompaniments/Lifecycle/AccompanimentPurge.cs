using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Audit;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Lifecycle;

/// <summary>
/// The end of the retention period (docs/decisions/0015-person-access-export-retention.md): a closed file whose last
/// contact is more than <see cref="AccompanimentRules.RetentionYears"/> years old is <b>deleted</b> — the file and,
/// through the foreign keys' cascades, its referents, strengths, rights, goals with actions and reviews, meetings,
/// consents, notes, health information, documents and reopenings — and its documents' files are removed from disk.
/// <list type="bullet">
/// <item>One audit line per purged file (delete Accompaniment, by the system actor), naming no personal data: the
/// rows are deleted in bulk, not one audited delete each.</item>
/// <item>Each file is purged in its own transaction, after checking again that it is still closed and expired (a
/// reopening between the listing and the deletion wins); on PostgreSQL an advisory lock keeps two servers from purging
/// at the same time.</item>
/// <item>Files on disk are deleted after the commit: a failure leaves an orphan file, reported, never a row without its file.</item>
/// <item>The household and its persons are the landlord's tenancy data: they are not touched. Audit lines are kept (the
/// log has its own retention).</item>
/// </list>
/// Run by <c>relais purge-accompaniments [--dry-run] [--org id]</c> and daily by <see cref="AccompanimentPurgeJob"/>.
/// </summary>
public sealed class AccompanimentPurge(IServiceScopeFactory scopes, DocumentStore store, TimeProvider clock, ILogger<AccompanimentPurge> logger)
{
    public const string Actor = "purge-accompagnements";

    private const long AdvisoryLockKey = 0x5055524745; // "PURGE"

    /// <param name="KeptUntil">The last day the file was to be kept (last contact + 2 years).</param>
    public sealed record Expired(Guid OrganisationId, Guid AccompanimentId, Guid HouseholdId, DateOnly KeptUntil, int Documents);

    public sealed record Result(bool DryRun, DateOnly Today, IReadOnlyList<Expired> Files, int FilesRemovedFromDisk, IReadOnlyList<string> Problems);

    /// <summary>The first day a file closed with <paramref name="lastContact"/> is past its retention.</summary>
    public static bool IsExpired(DateOnly lastContact, DateOnly today) => lastContact.AddYears(AccompanimentRules.RetentionYears) < today;

    public async Task<Result> RunAsync(bool dryRun, Guid? organisationId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        List<Guid> organisations;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem(null, Actor);
            var db = scope.ServiceProvider.GetRequiredService<RelaisDbContext>();
            organisations = await db.Organisations.AsNoTracking()
                .Where(o => organisationId == null || o.Id == organisationId)
                .Select(o => o.Id).ToListAsync(ct);
        }

        var expired = new List<Expired>();
        var purged = new List<Expired>();
        var removed = 0;
        var problems = new List<string>();
        foreach (var org in organisations)
        {
            await using var scope = scopes.CreateAsyncScope();
            var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
            tenant.ActAsSystem(org, Actor);
            var db = scope.ServiceProvider.GetRequiredService<RelaisDbContext>();
            var documents = db.AccompanimentDocuments;
            var found = await Candidates(db, today)
                .OrderBy(a => a.LastContactOn ?? a.ClosedOn)
                .Select(a => new { a.Id, a.HouseholdId, LastContact = a.LastContactOn ?? a.ClosedOn, Documents = documents.Count(d => d.AccompanimentId == a.Id) })
                .ToListAsync(ct);
            expired.AddRange(found.Select(f => new Expired(org, f.Id, f.HouseholdId, f.LastContact!.Value.AddYears(AccompanimentRules.RetentionYears), f.Documents)));
            if (dryRun)
            {
                continue;
            }

            foreach (var file in found)
            {
                var result = await PurgeOneAsync(db, tenant, org, file.Id, file.HouseholdId, today, ct);
                if (result is null)
                {
                    continue;
                }

                purged.Add(expired.Single(e => e.AccompanimentId == file.Id));
                foreach (var storageName in result)
                {
                    try
                    {
                        store.Delete(org, storageName);
                        removed++;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        problems.Add($"Fichier {storageName} de l’organisation {org} non supprimé : {e.Message}");
                        logger.LogWarning(e, "Document file {StorageName} of a purged accompaniment could not be deleted", storageName);
                    }
                }
            }
        }

        if (!dryRun && purged.Count > 0)
        {
            logger.LogInformation("Retention purge: {Count} closed accompaniment files deleted, {Removed} document files removed", purged.Count, removed);
        }

        return new Result(dryRun, today, dryRun ? expired : purged, removed, problems);
    }

    /// <summary>Closed files whose last contact (or, lacking it, closing day) is past the retention period.</summary>
    private static IQueryable<Accompaniment> Candidates(RelaisDbContext db, DateOnly today)
    {
        var limit = today.AddYears(-AccompanimentRules.RetentionYears);
        return db.Accompaniments.AsNoTracking()
            .Where(a => a.Status == AccompanimentStatus.Closed && (a.LastContactOn ?? a.ClosedOn) != null && (a.LastContactOn ?? a.ClosedOn) < limit);
    }

    /// <summary>Deletes one file if it is still expired; returns its documents' storage names, or null when nothing was deleted.</summary>
    private async Task<List<string>?> PurgeOneAsync(RelaisDbContext db, TenantContext tenant, Guid org, Guid id, Guid householdId, DateOnly today, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
        }

        var storageNames = await db.AccompanimentDocuments.AsNoTracking().Where(d => d.AccompanimentId == id).Select(d => d.StorageName).ToListAsync(ct);
        var deleted = await Candidates(db, today).Where(a => a.Id == id).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            await tx.RollbackAsync(ct);
            return null;
        }

        var details = string.Create(CultureInfo.InvariantCulture,
            $"purge : conservation de {AccompanimentRules.RetentionYears} ans après le dernier contact échue ; dossier et éléments supprimés, {storageNames.Count} fichier(s) joint(s)");
        await AuditChain.AppendAsync(db, [tenant.Draft(AuditActions.Delete, nameof(Accompaniment), id, householdId, org, details)], clock, ct);
        await tx.CommitAsync(ct);
        return storageNames;
    }
}

/// <summary>
/// Runs the retention purge once a day at <c>Retention:PurgeAt</c> (local time, 03:30 by default); never at start-up, so
/// that a restart does not purge in the middle of the day. <c>Retention:PurgeDaily=false</c> turns it off (the command
/// line then remains the way to purge, e.g. from cron).
/// </summary>
public sealed class AccompanimentPurgeJob(AccompanimentPurge purge, IConfiguration config, TimeProvider clock, ILogger<AccompanimentPurgeJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Retention:PurgeDaily", true))
        {
            return;
        }

        var at = TimeOnly.TryParse(config["Retention:PurgeAt"], CultureInfo.InvariantCulture, out var t) ? t : new TimeOnly(3, 30);
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = DelayUntilNext(clock.GetLocalNow(), at);
            await Task.Delay(delay, clock, stoppingToken);
            try
            {
                var result = await purge.RunAsync(dryRun: false, organisationId: null, stoppingToken);
                foreach (var problem in result.Problems)
                {
                    logger.LogWarning("Retention purge: {Problem}", problem);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed night must not stop the job (nor the host): the next night retries what is still expired.
                logger.LogError(e, "Retention purge failed");
            }
        }
    }

    /// <summary>The time from <paramref name="now"/> to the next <paramref name="at"/> (tomorrow's when today's has passed).</summary>
    public static TimeSpan DelayUntilNext(DateTimeOffset now, TimeOnly at)
    {
        var next = new DateTimeOffset(now.Date + at.ToTimeSpan(), now.Offset);
        if (next <= now)
        {
            next = next.AddDays(1);
        }

        return next - now;
    }
}

public static class LifecycleSetup
{
    public static IServiceCollection AddRelaisAccompanimentLifecycle(this IServiceCollection services)
    {
        services.AddSingleton<AccompanimentPurge>();
        services.AddHostedService<AccompanimentPurgeJob>();
        services.AddScoped<IAccompanimentTimelineSource, ReopeningTimeline>();
        services.AddScoped<PersonAccess.PersonFiles>();
        services.AddScoped<PersonAccess.PersonExports>();
        return services;
    }
}
