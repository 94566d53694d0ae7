using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Lifecycle;

/// <summary>
/// Deletes an action entered by mistake, after an explicit confirmation, by a referent or the Responsable, while the file
/// is open; guarded by the action's version. Audited like every change (delete GoalAction). An action that was simply
/// given up is marked « Abandonné », not deleted: the person's history keeps it.
/// </summary>
public sealed class DeleteActionModel(RelaisDbContext db, AccompanimentAccess access, CurrentUser me) : FileFormPageModel(access)
{
    public AccompanimentGoal Goal { get; private set; } = null!;

    public GoalAction Action { get; private set; } = null!;

    public bool Allowed { get; private set; }

    [BindProperty] public string? Confirm { get; set; }

    [BindProperty] public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid goalId, Guid actionId, CancellationToken ct)
    {
        if (!await LoadAsync(id, goalId, actionId, ct))
        {
            return NotFound();
        }

        Version = Action.Version;
        return !Allowed ? Forbidden() : ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid goalId, Guid actionId, CancellationToken ct)
    {
        if (!await LoadAsync(id, goalId, actionId, ct))
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
            ModelState.AddModelError(nameof(Confirm), "Cochez la case pour confirmer que cette action a été saisie par erreur.");
            return Page();
        }

        var action = await db.GoalActions.FirstAsync(a => a.Id == actionId, ct);
        db.Entry(action).Property(a => a.Version).OriginalValue = Version;
        db.GoalActions.Remove(action);
        if (!await TrySaveAsync(db, ct))
        {
            if (!await LoadAsync(id, goalId, actionId, ct))
            {
                return NotFound();
            }

            Version = Action.Version;
            return ConflictResult();
        }

        return BackToFile($"L’action « {action.Description} » a été supprimée.", $"objectif-{goalId}");
    }

    private async Task<bool> LoadAsync(Guid id, Guid goalId, Guid actionId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return false;
        }

        var goal = await db.AccompanimentGoals.AsNoTracking().FirstOrDefaultAsync(g => g.Id == goalId && g.AccompanimentId == id, ct);
        var action = goal is null ? null : await db.GoalActions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == actionId && a.GoalId == goalId, ct);
        if (goal is null || action is null)
        {
            return false;
        }

        Goal = goal;
        Action = action;
        Allowed = await LifecycleRules.AnswersForAsync(db, me, id, ct);
        return true;
    }

    private IActionResult Forbidden()
    {
        ModelState.Clear();
        ModelState.AddModelError("", LifecycleRules.NotAllowed);
        return Status(StatusCodes.Status403Forbidden);
    }
}
