using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Audit;

/// <summary>Appends to and verifies the hash-chained audit log.</summary>
public static class AuditChain
{
    /// <summary>Key of the PostgreSQL advisory lock that serialises appends across processes.</summary>
    private const long AdvisoryLockKey = 0x52454C414953; // "RELAIS"

    /// <summary>
    /// Appends <paramref name="drafts"/> inside the caller's open transaction. On PostgreSQL a
    /// transaction-scoped advisory lock orders concurrent appenders; on SQLite the write transaction
    /// already does. The primary key on <see cref="AuditEntry.Sequence"/> makes a fork impossible either way.
    /// </summary>
    public static async Task AppendAsync(RelaisDbContext db, IReadOnlyList<AuditDraft> drafts, TimeProvider clock, CancellationToken ct)
    {
        if (drafts.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit lines are appended inside a transaction.");
        }

        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
        }

        var last = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Hash })
            .FirstOrDefaultAsync(ct);
        var sequence = last?.Sequence ?? 0;
        var previous = last?.Hash ?? AuditEntry.GenesisHash;
        var at = AuditEntry.Truncate(clock.GetUtcNow());
        foreach (var d in drafts)
        {
            var entry = new AuditEntry
            {
                Sequence = ++sequence,
                At = at,
                OrganisationId = d.OrganisationId,
                UserId = d.UserId,
                UserName = Clip(d.UserName, 160) ?? "",
                Action = d.Action,
                EntityType = d.EntityType,
                EntityId = d.EntityId,
                HouseholdId = d.HouseholdId,
                IpAddress = Clip(d.IpAddress, 64),
                Details = Clip(d.Details, 1000),
                PreviousHash = previous,
            };
            entry.Hash = entry.ComputeHash();
            previous = entry.Hash;
            db.AuditEntries.Add(entry);
        }

        // No savepoint around the INSERT: if it fails, the caller's transaction is rolled back whole, and a savepoint costs
        // two round trips (SAVEPOINT, RELEASE) on every append.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveAuditEntriesAsync(ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    private static string? Clip(string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    public sealed record Verification(bool Ok, long Checked, string? HeadHash, long? FirstBrokenSequence, string? Problem);

    /// <summary>Walks the whole chain in order and reports the first line that was removed or altered.</summary>
    public static async Task<Verification> VerifyAsync(RelaisDbContext db, CancellationToken ct)
    {
        long expected = 1;
        var previous = AuditEntry.GenesisHash;
        long lastSeen = 0;
        const int page = 5000;
        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(a => a.Sequence > lastSeen)
                .OrderBy(a => a.Sequence)
                .Take(page)
                .ToListAsync(ct);
            foreach (var e in batch)
            {
                if (e.Sequence != expected)
                {
                    return new(false, expected - 1, previous, expected, $"Ligne {expected} manquante (la suivante est la {e.Sequence}).");
                }

                if (e.PreviousHash != previous)
                {
                    return new(false, expected - 1, previous, e.Sequence, $"Ligne {e.Sequence} : le chaînage avec la ligne précédente est rompu.");
                }

                if (e.ComputeHash() != e.Hash)
                {
                    return new(false, expected - 1, previous, e.Sequence, $"Ligne {e.Sequence} : contenu modifié (empreinte invalide).");
                }

                previous = e.Hash;
                expected++;
                lastSeen = e.Sequence;
            }

            if (batch.Count < page)
            {
                return new(true, expected - 1, previous, null, null);
            }
        }
    }
}

/// <summary>
/// Logs reads of household and person files. Requests hand their line to one background writer that
/// appends whatever has queued in one transaction (group commit) and only then lets the requests
/// answer: a read that could not be logged fails instead of being served unlogged.
/// </summary>
public sealed class AuditReadLog(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuditReadLog> logger) : BackgroundService
{
    private readonly Channel<(AuditDraft Draft, TaskCompletionSource Done)> _queue =
        Channel.CreateBounded<(AuditDraft, TaskCompletionSource)>(new BoundedChannelOptions(10_000) { SingleReader = true });

    public async Task LogAsync(AuditDraft draft, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((draft, done), ct);
        await done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(AuditDraft Draft, TaskCompletionSource Done)>(512);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < 512 && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem(null, "audit");
                var db = scope.ServiceProvider.GetRequiredService<RelaisDbContext>();
                await using var tx = await db.Database.BeginTransactionAsync(stoppingToken);
                await AuditChain.AppendAsync(db, batch.Select(b => b.Draft).ToList(), clock, stoppingToken);
                await tx.CommitAsync(stoppingToken);
                foreach (var b in batch)
                {
                    b.Done.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Audit append failed for {Count} reads", batch.Count);
                foreach (var b in batch)
                {
                    b.Done.TrySetException(ex);
                }
            }
        }
    }
}
