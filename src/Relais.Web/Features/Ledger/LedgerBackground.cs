using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Ledger;

public static class LedgerServices
{
    /// <summary>The import engine, the uploaded files' folder, and the background worker that runs the page's imports.</summary>
    public static IServiceCollection AddRelaisLedger(this IServiceCollection services)
    {
        services.AddScoped<LedgerImporter>();
        services.AddSingleton<LedgerUploads>();
        services.AddSingleton<LedgerImportTracker>();
        services.AddSingleton<LedgerImportQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<LedgerImportQueue>());
        return services;
    }
}

/// <summary>An import asked for from the page, run by <see cref="LedgerImportQueue"/> in its own scope.</summary>
public sealed record LedgerImportJob(Guid ImportId, Guid OrganisationId, string Actor, string Path, LedgerImportOptions Options);

/// <summary>The progress of the imports running in this process, for the progress bar (no database read while the import holds its transaction).</summary>
public sealed class LedgerImportTracker
{
    private readonly ConcurrentDictionary<Guid, (Guid OrganisationId, LedgerProgress Progress)> _running = new();

    public void Track(Guid importId, Guid organisationId) =>
        _running[importId] = (organisationId, new LedgerProgress(LedgerImportPhase.Checking, 0, 0, 1));

    public IProgress<LedgerProgress> For(Guid importId) => new Reporter(this, importId);

    /// <summary>The progress of a running import of <paramref name="organisationId"/>; null when not running here (or another organisation's).</summary>
    public LedgerProgress? Get(Guid importId, Guid organisationId) =>
        _running.TryGetValue(importId, out var entry) && entry.OrganisationId == organisationId ? entry.Progress : null;

    /// <summary>True when the id is running here for another organisation: the caller must answer 404.</summary>
    public bool BelongsToAnother(Guid importId, Guid organisationId) =>
        _running.TryGetValue(importId, out var entry) && entry.OrganisationId != organisationId;

    public void Forget(Guid importId) => _running.TryRemove(importId, out _);

    private sealed class Reporter(LedgerImportTracker tracker, Guid importId) : IProgress<LedgerProgress>
    {
        public void Report(LedgerProgress value)
        {
            if (tracker._running.TryGetValue(importId, out var entry))
            {
                tracker._running[importId] = (entry.OrganisationId, value);
            }
        }
    }
}

/// <summary>
/// Runs the imports started from the page, one at a time (SQLite has one writer anyway), each in its own scope acting for
/// the import's organisation. The uploaded file is deleted once the import has finished, whatever its outcome.
/// </summary>
public sealed class LedgerImportQueue(IServiceScopeFactory scopes, LedgerImportTracker tracker, LedgerUploads uploads, TimeProvider clock, ILogger<LedgerImportQueue> logger)
    : BackgroundService
{
    private readonly Channel<LedgerImportJob> _jobs = Channel.CreateUnbounded<LedgerImportJob>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(LedgerImportJob job)
    {
        tracker.Track(job.ImportId, job.OrganisationId);
        if (!_jobs.Writer.TryWrite(job))
        {
            tracker.Forget(job.ImportId);
            throw new InvalidOperationException("The import queue is closed.");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sweptAbandoned = false;
        await foreach (var job in _jobs.Reader.ReadAllAsync(stoppingToken))
        {
            if (!sweptAbandoned)
            {
                sweptAbandoned = await MarkAbandonedAsync(job.ImportId);
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem(job.OrganisationId, job.Actor);
                var importer = scope.ServiceProvider.GetRequiredService<LedgerImporter>();
                await importer.RunAsync(job.ImportId, job.Path, job.Options, tracker.For(job.ImportId), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // One import's failure must not stop the worker (nor, through it, the host).
                logger.LogError(e, "Ledger import {ImportId} could not be run", job.ImportId);
            }
            finally
            {
                tracker.Forget(job.ImportId);
                uploads.Delete(job.Path);
            }
        }
    }

    /// <summary>
    /// Imports left "En cours" by a previous run of the server that stopped mid-way: their transaction was rolled back,
    /// so they are marked interrupted. Done once, before the first import of this run (the page's imports run only here).
    /// </summary>
    private async Task<bool> MarkAbandonedAsync(Guid current)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem(null, "import-quittancement");
            var db = scope.ServiceProvider.GetRequiredService<RelaisDbContext>();
            var started = clock.GetUtcNow();
            var abandoned = await db.LedgerImports.IgnoreQueryFilters()
                .Where(i => i.Status == LedgerImportStatus.Running && i.UserId != null && i.Id != current)
                .ToListAsync();
            foreach (var import in abandoned.Where(i => tracker.Get(i.Id, i.OrganisationId) is null && i.StartedAt < started))
            {
                var report = LedgerReport.FromJson(import.Report);
                report.Notes.Add("Import interrompu par un arrêt du serveur : rien n'a été importé. Relancez-le.");
                import.Report = report.ToJson();
                import.Status = LedgerImportStatus.Failed;
                import.FinishedAt = started;
            }

            await db.SaveChangesAsync();
            return true;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or DbUpdateException)
        {
            logger.LogWarning(e, "Abandoned ledger imports could not be marked");
            return false;
        }
    }
}

/// <summary>
/// The uploaded ledger files, kept outside wwwroot under <c>{Database:DataFolder}/imports/{organisation}/</c> until their
/// import has run (or for a day when the user leaves at the preview). A file is found only through its organisation.
/// </summary>
public sealed class LedgerUploads(IConfiguration config, TimeProvider clock)
{
    private string Root => Path.Combine(config["Database:DataFolder"] ?? "data", "imports");

    public long MaxBytes => config.GetValue("Ledger:MaxUploadMegabytes", 200L) * 1024 * 1024;

    public string MaxLabel => $"{config.GetValue("Ledger:MaxUploadMegabytes", 200L)} Mo";

    public async Task<string> SaveAsync(Guid organisationId, IFormFile file, CancellationToken ct)
    {
        Sweep();
        var folder = Path.Combine(Root, organisationId.ToString("N"));
        Directory.CreateDirectory(folder);
        var token = Guid.NewGuid().ToString("N");
        var path = Path.Combine(folder, token + ".csv");
        await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan))
        {
            await file.CopyToAsync(output, ct);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, token + ".name"), LedgerFields.Clip(Path.GetFileName(file.FileName), 250), ct);
        return token;
    }

    /// <summary>The stored file for <paramref name="token"/> in the organisation's folder; null when there is none.</summary>
    public string? PathFor(Guid organisationId, string? token)
    {
        if (!Guid.TryParseExact(token, "N", out var parsed))
        {
            return null;
        }

        var path = Path.Combine(Root, organisationId.ToString("N"), parsed.ToString("N") + ".csv");
        return File.Exists(path) ? path : null;
    }

    public string OriginalName(string path)
    {
        var name = Path.ChangeExtension(path, ".name");
        return File.Exists(name) ? File.ReadAllText(name) : Path.GetFileName(path);
    }

    public void Delete(string path)
    {
        TryDelete(path);
        TryDelete(Path.ChangeExtension(path, ".name"));
    }

    /// <summary>Removes the files of previews left unconfirmed for more than a day.</summary>
    private void Sweep()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        var limit = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            if (File.GetLastWriteTimeUtc(file) < limit)
            {
                TryDelete(file);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // In use or already gone: the next sweep retries.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
