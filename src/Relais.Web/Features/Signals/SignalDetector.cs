using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Audit;
using Relais.Features.Ledger;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Signals;

/// <summary>What a detection run did.</summary>
/// <param name="Reading">Reading the ledger window and evaluating the rules (the rest is writing the new signals).</param>
public sealed record DetectionResult(DateOnly? ReferenceMonth, int HouseholdsExamined, int SignalsRaised, TimeSpan Elapsed, TimeSpan Reading);

/// <summary>
/// Runs the ledger rules (<see cref="SignalRules"/>) over a whole organisation, set-based:
/// <list type="number">
/// <item>the reference month is the latest month of the organisation's ledger; only households billed that month are
/// examined (a household that left is not chased by the social service);</item>
/// <item>one streaming query reads the last <see cref="SignalRules.WindowMonths"/> months of every household, ordered by
/// household and month; each household is evaluated in memory as soon as its lines are read;</item>
/// <item>one query reads, per household and rule, the latest month a ledger signal was raised: a situation already
/// signalled (whatever its status: a dismissed signal stays dismissed) is not signalled again while it lasts;</item>
/// <item>new signals are bulk inserted (PostgreSQL: binary COPY into a temporary table then
/// <c>INSERT … ON CONFLICT DO NOTHING</c>; SQLite: one prepared <c>INSERT … ON CONFLICT DO NOTHING</c> in one transaction).
/// The unique index on (organisation, <see cref="Signal.RuleKey"/>) — rule, household and month — makes a second run
/// of the same month, even a concurrent one, insert nothing.</item>
/// </list>
/// Rules that read more than the ledger window (the repayment plans of the accompaniments) are
/// <see cref="ILedgerSignalRule"/> services, called after the ledger rules; their signals are inserted with the others.
/// Audit: signals raised by detection bypass the DbContext (one audit line per signal through EF would cost more than the
/// detection itself), so each run appends <b>one</b> audit line, in the same transaction as the inserts, with the
/// reference month and the number of signals created and households examined. Later changes of each signal (status,
/// dismissal) go through EF and are audited one by one as usual.
/// </summary>
public sealed class SignalDetector(RelaisDbContext db, TenantContext tenant, TimeProvider clock, ILogger<SignalDetector> logger,
    IEnumerable<ILedgerSignalRule> otherRules)
{
    /// <summary>The audit action of a detection run (entity type <c>Signal</c>, no entity id).</summary>
    public const string AuditAction = "detect";

    /// <summary>100 µs: signals of one run are that far apart in <see cref="Signal.DetectedAt"/>.</summary>
    private const long TicksApart = 1000;

    /// <summary>After inserting this many signals, PostgreSQL's statistics on them are refreshed.</summary>
    private const int AnalyzeAfter = 1000;

    /// <summary>Detects for <paramref name="organisationId"/>, which must be the organisation the DbContext acts for.</summary>
    public async Task<DetectionResult> DetectAsync(Guid organisationId, CancellationToken ct)
    {
        if (tenant.OrganisationId != organisationId)
        {
            throw new InvalidOperationException("Signal detection runs for the organisation the unit of work acts for.");
        }

        var started = Stopwatch.GetTimestamp();
        var settings = await db.OutreachSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new OutreachSettings();
        // The latest month of the ledger. Ledger lines only come from imports, whose month ranges say it without
        // scanning the ledger (its only index starts with the household).
        var reference = await db.LedgerImports.Where(i => i.Status == LedgerImportStatus.Succeeded).MaxAsync(i => i.LastMonth, ct);
        if (reference is not { } month)
        {
            return new DetectionResult(null, 0, 0, Stopwatch.GetElapsedTime(started), TimeSpan.Zero);
        }

        var signalled = await LastSignalledAsync(ct);
        var now = clock.GetUtcNow();
        Found found;
        TimeSpan reading;
        int inserted;
        if (db.IsPostgres)
        {
            // The whole run is one transaction, so that the sort of the window (household, month) may use the memory it
            // needs instead of spilling to disk; SET LOCAL ends with the transaction.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SET LOCAL work_mem = '256MB'", ct);
            found = await ReadAsync(organisationId, month, settings, signalled, now, ct);
            reading = Stopwatch.GetElapsedTime(started);
            inserted = await WriteAsync(organisationId, month, found, ct);
            await transaction.CommitAsync(ct);
        }
        else
        {
            // The transaction covers the writes only, so that reading does not hold a lock another writer would wait for.
            found = await ReadAsync(organisationId, month, settings, signalled, now, ct);
            reading = Stopwatch.GetElapsedTime(started);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            inserted = await WriteAsync(organisationId, month, found, ct);
            await transaction.CommitAsync(ct);
        }

        if (db.IsPostgres && inserted >= AnalyzeAfter)
        {
            // As a bulk loader should: the planner sees the new signals now rather than at the next autovacuum.
            await db.Database.ExecuteSqlRawAsync("ANALYZE \"Signals\"", ct);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        logger.LogInformation("Signal detection for {Organisation} on {Month}: {Examined} households, {Raised} new signals in {Elapsed} ms (reading and rules {Read} ms)",
            organisationId, month, found.Examined, inserted, (long)elapsed.TotalMilliseconds, (long)reading.TotalMilliseconds);
        return new DetectionResult(month, found.Examined, inserted, elapsed, reading);
    }

    private sealed record Found(List<Signal> Signals, int Examined);

    /// <summary>Streams the window of every household billed in <paramref name="month"/> and evaluates the rules on each.</summary>
    private async Task<Found> ReadAsync(Guid organisationId, DateOnly month, OutreachSettings settings,
        Dictionary<(Guid, SignalType), DateOnly> signalled, DateTimeOffset now, CancellationToken ct)
    {
        var thresholds = RuleThresholds.From(settings);
        var window = SignalRules.WindowMonths(thresholds);
        var from = month.AddMonths(1 - window);
        var fresh = new List<Signal>();
        var raised = new List<RaisedSignal>(4);
        var buffer = new LedgerPoint[window];
        var count = 0;
        var household = Guid.Empty;
        var examined = 0;

        void Evaluate()
        {
            if (count == 0 || buffer[count - 1].Month != month)
            {
                return; // not billed in the reference month: left, or not in this export
            }

            examined++;
            raised.Clear();
            SignalRules.Evaluate(buffer.AsSpan(0, count), thresholds, raised);
            foreach (var r in raised)
            {
                if (signalled.TryGetValue((household, r.Type), out var last) && (r.EpisodeStart is not { } start || last >= start))
                {
                    continue; // this situation has already been signalled
                }

                fresh.Add(new Signal
                {
                    OrganisationId = organisationId,
                    HouseholdId = household,
                    Source = SignalSource.Ledger,
                    Type = r.Type,
                    Severity = r.Severity,
                    Status = SignalStatus.New,
                    Explanation = r.Explanation,
                    PublicExplanation = r.PublicExplanation,
                    DebtAmount = r.DebtAmount,
                    RuleKey = SignalRules.RuleKey(r.Type, household, month),
                    LedgerMonth = month,
                    ReportedByName = "Quittancement",
                });
            }
        }

        var lines = db.RentLedgerLines.AsNoTracking()
            .Where(l => l.Month >= from && l.Month <= month)
            .OrderBy(l => l.HouseholdId).ThenBy(l => l.Month)
            .Select(l => new { l.HouseholdId, l.Month, l.Billed, l.Paid, l.HousingBenefit, l.Balance })
            .AsAsyncEnumerable();
        await foreach (var line in lines.WithCancellation(ct))
        {
            if (line.HouseholdId != household)
            {
                Evaluate();
                household = line.HouseholdId;
                count = 0;
            }

            if (count == window)
            {
                // Cannot happen with one line per household and month inside the window; kept safe anyway.
                Array.Copy(buffer, 1, buffer, 0, window - 1);
                count--;
            }

            buffer[count++] = new LedgerPoint(line.Month, line.Billed, line.Paid, line.HousingBenefit, line.Balance);
        }

        Evaluate();

        // Rules that read more than the ledger (repayment plans): their signals are written with the others.
        foreach (var rule in otherRules)
        {
            foreach (var signal in await rule.DetectAsync(month, settings, ct))
            {
                signal.OrganisationId = organisationId;
                signal.Source = SignalSource.Ledger;
                signal.Status = SignalStatus.New;
                signal.LedgerMonth ??= month;
                fresh.Add(signal);
            }
        }

        // One run's signals would all share one instant: the list (newest first) would have to sort a whole run to show
        // one page. Spacing them by 100 µs — the coarsest stored precision (SQLite) — lets the (organisation, status,
        // detected at) index give the order by itself. The most severe get the latest instants, so they head the list
        // (then a debt above the threshold before a rising one).
        fresh.Sort((a, b) => a.Severity != b.Severity ? a.Severity.CompareTo(b.Severity) : b.Type.CompareTo(a.Type));
        for (var i = 0; i < fresh.Count; i++)
        {
            fresh[i].DetectedAt = fresh[i].CreatedAt = fresh[i].UpdatedAt = now.AddTicks(i * TicksApart);
        }

        return new Found(fresh, examined);
    }

    /// <summary>Inserts the new signals and appends the run's audit line, inside the caller's transaction.</summary>
    private async Task<int> WriteAsync(Guid organisationId, DateOnly month, Found found, CancellationToken ct)
    {
        var inserted = await SignalBulkInsert.InsertAsync(db, found.Signals, ct);
        var details = $"Détection sur le quittancement de {month:yyyy-MM} : {inserted} signal(s) créé(s), {found.Examined} ménage(s) examiné(s)";
        await AuditChain.AppendAsync(db, [tenant.Draft(AuditAction, nameof(Signal), null, null, organisationId, details)], clock, ct);
        return inserted;
    }

    /// <summary>Per household and ledger rule, the latest month a signal was raised.</summary>
    private async Task<Dictionary<(Guid, SignalType), DateOnly>> LastSignalledAsync(CancellationToken ct)
    {
        var rows = await db.Signals.AsNoTracking()
            .Where(s => s.Source == SignalSource.Ledger && s.LedgerMonth != null)
            .GroupBy(s => new { s.HouseholdId, s.Type })
            .Select(g => new { g.Key.HouseholdId, g.Key.Type, Last = g.Max(s => s.LedgerMonth)!.Value })
            .ToListAsync(ct);
        return rows.ToDictionary(r => (r.HouseholdId, r.Type), r => r.Last);
    }
}
