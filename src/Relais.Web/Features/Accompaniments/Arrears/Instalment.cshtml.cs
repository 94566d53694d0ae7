using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>
/// The worker confirms or corrects what the ledger says of one instalment (paid at the counter and not yet in the
/// ledger, a payment booked on the wrong month…), with a reason when the verdict differs from the computation; or
/// goes back to the computation.
/// </summary>
public sealed class InstalmentModel(RelaisDbContext db, AccompanimentAccess access, ArrearsAccess arrears) : ArrearsFormPageModel(access)
{
    /// <summary>The radio value that removes the worker's verdict.</summary>
    public const string Computed = "Computed";

    [BindProperty] public VerdictInput Input { get; set; } = new();

    public InstalmentCheck State { get; private set; } = null!;
    public RepaymentPlan Plan { get; private set; } = null!;
    public bool SeesAmounts { get; private set; }
    public int GraceDays { get; private set; }

    /// <summary>After a lost race: the instalment as stored now.</summary>
    public RepaymentInstalment? Current { get; private set; }

    public sealed class VerdictInput
    {
        public string? Verdict { get; set; }
        public string? Reason { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid instalmentId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct) || !await LoadAsync(id, instalmentId, ct))
        {
            return NotFound();
        }

        var i = State.Instalment;
        Input = new VerdictInput { Verdict = i.Verdict?.ToString() ?? Computed, Reason = i.VerdictReason, Version = i.Version };
        return ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid instalmentId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct) || !await LoadAsync(id, instalmentId, ct))
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        InstalmentVerdict? verdict = null;
        if (Input.Verdict != Computed)
        {
            verdict = check.Choice<InstalmentVerdict>("Input.Verdict", Input.Verdict, "si l’échéance a été respectée");
        }

        // Confirming what the ledger says needs no reason; saying otherwise does.
        var computed = State.Computed;
        var differs = verdict is { } v && (v == InstalmentVerdict.Respected ? computed != InstalmentState.Respected : computed != InstalmentState.Missed);
        var reason = check.Text("Input.Reason", Input.Reason, "la raison de la correction", 500, required: differs);
        if (!check.Ok)
        {
            return Page();
        }

        var instalment = await db.RepaymentInstalments.FirstAsync(x => x.Id == instalmentId, ct);
        db.Entry(instalment).Property(x => x.Version).OriginalValue = Input.Version;
        instalment.Verdict = verdict;
        instalment.VerdictReason = verdict is null ? null : reason;
        instalment.VerdictByName = verdict is null ? null : Access.UserName;
        instalment.VerdictOn = verdict is null ? null : Today;
        if (!await TrySaveAsync(db, ct))
        {
            Current = await db.RepaymentInstalments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == instalmentId, ct);
            if (Current is null)
            {
                return NotFound();
            }

            Input.Version = Current.Version;
            return ConflictResult();
        }

        var message = verdict switch
        {
            null => $"L’échéance n° {instalment.Number} suit de nouveau le quittancement.",
            _ when differs => $"L’échéance n° {instalment.Number} a été corrigée : {verdict.Value.Label().ToLowerInvariant()}.",
            _ => $"L’échéance n° {instalment.Number} a été confirmée : {verdict.Value.Label().ToLowerInvariant()}.",
        };
        return BackToArrears(message, $"plan-{Plan.Id}");
    }

    private async Task<bool> LoadAsync(Guid id, Guid instalmentId, CancellationToken ct)
    {
        var instalment = await db.RepaymentInstalments.AsNoTracking().Include(i => i.Plan)
            .FirstOrDefaultAsync(i => i.Id == instalmentId && i.Plan!.AccompanimentId == id, ct);
        if (instalment is null)
        {
            return false;
        }

        Plan = instalment.Plan!;
        var settings = await arrears.SettingsAsync(ct);
        SeesAmounts = await arrears.SeesAmountsAsync(ct);
        GraceDays = settings.RepaymentPlanGraceDays;
        var line = await db.RentLedgerLines.AsNoTracking()
            .Where(l => l.HouseholdId == Header.HouseholdId && l.Month == instalment.Month)
            .Select(l => new { l.Billed, l.Paid, l.HousingBenefit, l.Balance })
            .FirstOrDefaultAsync(ct);
        LedgerMonth? ledger = line is null ? null : new LedgerMonth(line.Billed, line.Paid, line.HousingBenefit, line.Balance);
        State = new InstalmentCheck(instalment, ledger, ArrearsRules.Compute(instalment, ledger, Today, GraceDays));
        return true;
    }

    public string Euros(decimal? amount) => SeesAmounts && amount is { } a ? ArrearsRules.Euros(a) : "";
}
