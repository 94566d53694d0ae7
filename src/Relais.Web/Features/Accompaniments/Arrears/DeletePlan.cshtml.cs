using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Lifecycle;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>
/// Deletes a repayment plan entered by mistake (wrong file, twice…) with its instalments, after an explicit confirmation,
/// by whoever recorded it, a referent or the Responsable, while the file is open (<see cref="DeleteEnteredByMistakeModel{T}"/>).
/// A plan that was renegotiated or abandoned is not deleted but marked replaced or lapsed: its history matters. A "plan not
/// respected" signal already raised stays in the signal list, where it can be set aside.
/// </summary>
public sealed class DeletePlanModel(RelaisDbContext db, AccompanimentAccess access, CurrentUser me)
    : DeleteEnteredByMistakeModel<RepaymentPlan>(db, access)
{
    public RepaymentPlan Plan => Item;

    public string ArrearsUrl => $"/Accompaniments/Arrears/{Header.Id}";

    protected override string ConfirmError => "Cochez la case pour confirmer que ce plan a été saisi par erreur.";

    protected override string NotAllowed => "Seul·es la personne qui a enregistré le plan, les référent·es du dossier et le ou la responsable peuvent le supprimer.";

    public Task<IActionResult> OnGetAsync(Guid id, Guid planId, CancellationToken ct) => ShowAsync(id, planId, ct);

    public Task<IActionResult> OnPostAsync(Guid id, Guid planId, CancellationToken ct) => DeleteAsync(id, planId, ct);

    protected override async Task<(RepaymentPlan? Item, bool Allowed)> FindAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        var plan = await Db.RepaymentPlans.AsNoTracking().Include(p => p.Instalments.OrderBy(i => i.Number))
            .FirstOrDefaultAsync(p => p.Id == itemId && p.AccompanimentId == id, ct);
        var allowed = plan is not null
            && ((plan.RecordedByUserId is { } by && by == me.UserId) || await LifecycleRules.AnswersForAsync(Db, me, id, ct));
        return (plan, allowed);
    }

    protected override IActionResult Deleted(RepaymentPlan item)
    {
        TempData["Message"] = $"Le plan d’apurement du {FileFormat.Date(item.AgreedOn)} a été supprimé.";
        return Redirect($"{ArrearsUrl}#plan");
    }
}
