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

        var sees = await access.SeesAmountsAsync(ct);
        var today = access.Today;
        // Repayment plans, FSL requests, over-indebtedness files and eviction steps: a handful of rows at most, in one
        // round trip. (Extension properties cannot appear in an expression tree: the sets are taken first.)
        var repaymentPlans = db.RepaymentPlans;
        var fslRequests = db.FslRequests;
        var overIndebtednessFiles = db.OverIndebtednessFiles;
        var evictionSteps = db.EvictionSteps;
        var procedures = await db.Accompaniments.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new
            {
                Plans = repaymentPlans.Where(p => p.AccompanimentId == a.Id).ToList(),
                Fsl = fslRequests.Where(f => f.AccompanimentId == a.Id).ToList(),
                OverIndebtedness = overIndebtednessFiles.Where(f => f.AccompanimentId == a.Id).ToList(),
                Steps = evictionSteps.Where(s => s.AccompanimentId == a.Id).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (procedures is null)
        {
            return null; // deleted since its header was read
        }

        var plans = await ArrearsQueries.PlanStatesAsync(db, procedures.Plans, repaymentPlans.Where(p => p.AccompanimentId == id), today,
            () => access.SettingsAsync(ct), null, ct);
        var fsl = procedures.Fsl.OrderByDescending(f => f.FiledOn).ThenByDescending(f => f.CreatedAt).ToList();
        var overIndebtedness = procedures.OverIndebtedness.OrderByDescending(f => f.FiledOn).ThenByDescending(f => f.CreatedAt).ToList();
        var steps = procedures.Steps;
        return new ArrearsView
        {
            Header = header,
            SeesAmounts = sees,
            CanWrite = files.CanWrite,
            Today = today,
            Plans = plans.OrderBy(p => p.Plan.Status == PlanStatus.Active ? 0 : 1).ThenByDescending(p => p.Plan.AgreedOn).ThenByDescending(p => p.Plan.CreatedAt).ToList(),
            Fsl = fsl,
            OverIndebtedness = overIndebtedness,
            Eviction = EvictionView.Of(steps),
            History = withHistory ? await DebtHistory.LoadAsync(db, header.HouseholdId, sees, ct) : null,
        };
    }
}
