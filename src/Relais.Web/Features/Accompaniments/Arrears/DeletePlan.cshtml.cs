using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Lifecycle;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>
/// Deletes a repayment plan entered by mistake (wrong file, twice…) with its instalments, after an explicit confirmation,
/// by whoever recorded it, a referent or the Responsable, while the file is open. A plan that was renegotiated or
/// abandoned is not deleted but marked replaced or lapsed (its history matters). Guarded by the plan's version: a change
/// made meanwhile is shown instead of being deleted unseen. The deletion is audited like every change (delete
/// RepaymentPlan); a "plan not respected" signal already raised stays in the signal list, where it can be set aside.
/// </summary>
public sealed class DeletePlanModel(RelaisDbContext db, AccompanimentAccess access, CurrentUser me) : ArrearsFormPageModel(access)
{
    public RepaymentPlan Plan { get; private set; } = null!;

    public bool Allowed { get; private set; }

    [BindProperty] public string? Confirm { get; set; }

    [BindProperty] public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid planId, CancellationToken ct)
    {
        if (!await LoadAsync(id, planId, ct))
        {
            return NotFound();
        }

        Version = Plan.Version;
        return !Allowed ? Forbidden() : ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid planId, CancellationToken ct)
    {
        if (!await LoadAsync(id, planId, ct))
        {
            return NotFound();
        }

        if (!Allowed)
        {
            return Forbidden();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        if (Confirm != "true")
        {
            ModelState.AddModelError(nameof(Confirm), "Cochez la case pour confirmer que ce plan a été saisi par erreur.");
            return Page();
        }

        var plan = await db.RepaymentPlans.FirstAsync(p => p.Id == planId, ct);
        db.Entry(plan).Property(p => p.Version).OriginalValue = Version;
        db.RepaymentPlans.Remove(plan); // its instalments go with it (cascading key)
        if (!await TrySaveAsync(db, ct))
        {
            if (!await LoadAsync(id, planId, ct))
            {
                return NotFound();
            }

            Version = Plan.Version;
            return ConflictResult();
        }

        return BackToArrears($"Le plan d’apurement du {FileFormat.Date(plan.AgreedOn)} a été supprimé.", "plan");
    }

    private async Task<bool> LoadAsync(Guid id, Guid planId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return false;
        }

        var plan = await db.RepaymentPlans.AsNoTracking().Include(p => p.Instalments.OrderBy(i => i.Number))
            .FirstOrDefaultAsync(p => p.Id == planId && p.AccompanimentId == id, ct);
        if (plan is null)
        {
            return false;
        }

        Plan = plan;
        Allowed = (plan.RecordedByUserId is { } by && by == me.UserId) || await LifecycleRules.AnswersForAsync(db, me, id, ct);
        return true;
    }

    private IActionResult Forbidden()
    {
        ModelState.Clear();
        ModelState.AddModelError("", "Seul·es la personne qui a enregistré le plan, les référent·es du dossier et le ou la responsable peuvent le supprimer.");
        return Status(StatusCodes.Status403Forbidden);
    }
}
