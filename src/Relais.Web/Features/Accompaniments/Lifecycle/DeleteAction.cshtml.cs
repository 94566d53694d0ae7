using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Lifecycle;

/// <summary>
/// Deletes an action entered by mistake, after an explicit confirmation, by a referent or the Responsable, while the file
/// is open (<see cref="DeleteEnteredByMistakeModel{T}"/>). An action that was simply given up is marked « Abandonné »,
/// not deleted: the person's history keeps it.
/// </summary>
public sealed class DeleteActionModel(RelaisDbContext db, AccompanimentAccess access, CurrentUser me)
    : DeleteEnteredByMistakeModel<GoalAction>(db, access)
{
    public AccompanimentGoal Goal { get; private set; } = null!;

    public GoalAction Action => Item;

    protected override string ConfirmError => "Cochez la case pour confirmer que cette action a été saisie par erreur.";

    public Task<IActionResult> OnGetAsync(Guid id, Guid goalId, Guid actionId, CancellationToken ct)
    {
        _goalId = goalId;
        return ShowAsync(id, actionId, ct);
    }

    public Task<IActionResult> OnPostAsync(Guid id, Guid goalId, Guid actionId, CancellationToken ct)
    {
        _goalId = goalId;
        return DeleteAsync(id, actionId, ct);
    }

    private Guid _goalId;

    protected override async Task<(GoalAction? Item, bool Allowed)> FindAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        var goal = await Db.AccompanimentGoals.AsNoTracking().FirstOrDefaultAsync(g => g.Id == _goalId && g.AccompanimentId == id, ct);
        var action = goal is null ? null : await Db.GoalActions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == itemId && a.GoalId == goal.Id, ct);
        if (goal is null || action is null)
        {
            return (null, false);
        }

        Goal = goal;
        return (action, await LifecycleRules.AnswersForAsync(Db, me, id, ct));
    }

    protected override IActionResult Deleted(GoalAction item) =>
        BackToFile($"L’action « {item.Description} » a été supprimée.", $"objectif-{item.GoalId}");
}
