using Microsoft.EntityFrameworkCore;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>The arrears follow-up of one file, as its page and the file page's summary show it.</summary>
public sealed class ArrearsView
{
    public required FileHeader Header { get; init; }
    public required bool SeesAmounts { get; init; }
    public required bool CanWrite { get; init; }
    public required DateOnly Today { get; init; }
    public required OutreachSettings Settings { get; init; }

    /// <summary>Newest first: the plan in progress, then the earlier ones.</summary>
    public required IReadOnlyList<PlanState> Plans { get; init; }
    public required IReadOnlyList<FslRequest> Fsl { get; init; }
    public required IReadOnlyList<OverIndebtednessFile> OverIndebtedness { get; init; }
    public required EvictionView Eviction { get; init; }

    /// <summary>Null on the file page's summary, which does not draw the history.</summary>
    public DebtHistory? History { get; init; }

    public bool Editable => CanWrite && Header.IsOpen;

    public PlanState? ActivePlan => Plans.FirstOrDefault(p => p.Plan.Status == PlanStatus.Active);

    public string Url => $"/Accompaniments/Arrears/{Header.Id}";

    /// <summary>An amount for those who may see it, nothing for the others: the pages write every amount through it
    /// (the debt history is already read without amounts for them).</summary>
    public string Euros(decimal? amount) => SeesAmounts && amount is { } a ? ArrearsRules.Euros(a) : "";

    public static async Task<ArrearsView?> LoadAsync(RelaisDbContext db, AccompanimentAccess files, ArrearsAccess access, Guid id, bool withHistory, CancellationToken ct)
    {
        var header = await files.HeaderAsync(id, ct);
        if (header is null)
        {
            return null;
        }

        var settings = await access.SettingsAsync(ct);
        var sees = await access.SeesAmountsAsync(ct);
        var today = access.Today;
        var plans = await ArrearsQueries.PlanStatesAsync(db, db.RepaymentPlans.Where(p => p.AccompanimentId == id), today, settings, null, ct);
        var fsl = await db.FslRequests.AsNoTracking().Where(f => f.AccompanimentId == id)
            .OrderByDescending(f => f.FiledOn).ThenByDescending(f => f.CreatedAt).ToListAsync(ct);
        var overIndebtedness = await db.OverIndebtednessFiles.AsNoTracking().Where(f => f.AccompanimentId == id)
            .OrderByDescending(f => f.FiledOn).ThenByDescending(f => f.CreatedAt).ToListAsync(ct);
        var steps = await db.EvictionSteps.AsNoTracking().Where(s => s.AccompanimentId == id).ToListAsync(ct);
        return new ArrearsView
        {
            Header = header,
            SeesAmounts = sees,
            CanWrite = files.CanWrite,
            Today = today,
            Settings = settings,
            Plans = plans.OrderBy(p => p.Plan.Status == PlanStatus.Active ? 0 : 1).ThenByDescending(p => p.Plan.AgreedOn).ThenByDescending(p => p.Plan.CreatedAt).ToList(),
            Fsl = fsl,
            OverIndebtedness = overIndebtedness,
            Eviction = EvictionView.Of(steps),
            History = withHistory ? await DebtHistory.LoadAsync(db, header.HouseholdId, sees, ct) : null,
        };
    }
}
