using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>Adds or changes one action of a goal: what, who does it (the person, the worker, a partner), by when, where it stands.</summary>
public sealed class ActionModel(RelaisDbContext db, AccompanimentAccess access) : FileFormPageModel(access)
{
    [BindProperty] public ActionInput Input { get; set; } = new();

    public AccompanimentGoal Goal { get; private set; } = null!;
    public Guid? ActionId { get; private set; }
    public GoalAction? Current { get; private set; }

    public sealed class ActionInput
    {
        public string? Description { get; set; }
        public string? Actor { get; set; }
        public string? PartnerName { get; set; }
        public string? DueOn { get; set; }
        public string? Status { get; set; }
        public string? DoneOn { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid goalId, Guid? actionId, CancellationToken ct)
    {
        if (!await LoadAsync(id, goalId, ct))
        {
            return NotFound();
        }

        Input = new ActionInput { Status = nameof(ActionStatus.ToDo) };
        if (actionId is { } aid)
        {
            var action = await FindAsync(goalId, aid, ct);
            if (action is null)
            {
                return NotFound();
            }

            Input = new ActionInput
            {
                Description = action.Description, Actor = action.Actor.ToString(), PartnerName = action.PartnerName, DueOn = FileFormat.Iso(action.DueOn),
                Status = action.Status.ToString(), DoneOn = FileFormat.Iso(action.DoneOn), Version = action.Version,
            };
        }

        return ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid goalId, Guid? actionId, CancellationToken ct)
    {
        if (!await LoadAsync(id, goalId, ct))
        {
            return NotFound();
        }

        var action = actionId is { } aid ? await FindAsync(goalId, aid, ct) : null;
        if (actionId is not null && action is null)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        var description = check.Text("Input.Description", Input.Description, "l’action", 500, required: true);
        var actor = check.Choice<ActionActor>("Input.Actor", Input.Actor, "qui fait cette action");
        var partner = check.Text("Input.PartnerName", Input.PartnerName, "le nom du partenaire", 160, required: actor == ActionActor.Partner);
        var due = check.Date("Input.DueOn", Input.DueOn, "l’échéance", required: false);
        var status = check.Choice<ActionStatus>("Input.Status", Input.Status, "où en est l’action");
        var doneOn = check.Date("Input.DoneOn", Input.DoneOn, "la date où l’action a été faite", required: false, future: false);
        if (due is { } d && d < Header.ConsentDate)
        {
            check.Fail("Input.DueOn", "L’échéance ne peut pas précéder le consentement à l’accompagnement.");
        }

        if (!check.Ok)
        {
            return Page();
        }

        if (action is null)
        {
            action = new GoalAction { GoalId = goalId };
            db.GoalActions.Add(action);
        }
        else
        {
            db.Entry(action).Property(a => a.Version).OriginalValue = Input.Version;
        }

        action.Description = description!;
        action.Actor = actor!.Value;
        action.PartnerName = actor == ActionActor.Partner ? partner : null;
        action.DueOn = due;
        action.Status = status!.Value;
        action.DoneOn = status == ActionStatus.Done ? doneOn ?? Today : null;
        if (!await TrySaveAsync(db, ct))
        {
            Current = await FindAsync(goalId, actionId!.Value, ct);
            if (Current is null)
            {
                return NotFound();
            }

            Input.Version = Current.Version;
            return ConflictResult();
        }

        return BackToFile(actionId is null ? "L’action a été ajoutée." : "L’action a été enregistrée.", $"objectif-{goalId}");
    }

    private async Task<bool> LoadAsync(Guid id, Guid goalId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return false;
        }

        var goal = await db.AccompanimentGoals.AsNoTracking().FirstOrDefaultAsync(g => g.Id == goalId && g.AccompanimentId == id, ct);
        if (goal is null)
        {
            return false;
        }

        Goal = goal;
        return true;
    }

    private Task<GoalAction?> FindAsync(Guid goalId, Guid actionId, CancellationToken ct)
    {
        ActionId = actionId;
        return db.GoalActions.FirstOrDefaultAsync(a => a.Id == actionId && a.GoalId == goalId, ct);
    }
}
