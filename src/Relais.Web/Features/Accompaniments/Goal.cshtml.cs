using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>Adds or rewords a goal chosen by the person, or changes its status (optimistic concurrency on the goal's version).</summary>
public sealed class GoalModel(RelaisDbContext db, AccompanimentAccess access) : FileFormPageModel(access)
{
    [BindProperty] public GoalInput Input { get; set; } = new();

    public Guid? GoalId { get; private set; }
    public AccompanimentGoal? Current { get; private set; }

    public sealed class GoalInput
    {
        public string? Wording { get; set; }
        public string? Status { get; set; }
        public string? SetOn { get; set; }
        public string? StatusOn { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? goalId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        Input = new GoalInput { Status = nameof(GoalStatus.InProgress), SetOn = TodayIso };
        if (goalId is { } gid)
        {
            var goal = await FindAsync(id, gid, ct);
            if (goal is null)
            {
                return NotFound();
            }

            Input = new GoalInput
            {
                Wording = goal.Wording, Status = goal.Status.ToString(), SetOn = FileFormat.Iso(goal.SetOn), StatusOn = FileFormat.Iso(goal.StatusOn), Version = goal.Version,
            };
        }

        return ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? goalId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        var goal = goalId is { } gid ? await FindAsync(id, gid, ct) : null;
        if (goalId is not null && goal is null)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        var wording = check.Text("Input.Wording", Input.Wording, "l’objectif, avec les mots de la personne", 500, required: true);
        var status = check.Choice<GoalStatus>("Input.Status", Input.Status, "où en est l’objectif");
        var setOn = check.Date("Input.SetOn", Input.SetOn, "la date où la personne l’a choisi", required: true, future: false);
        var ended = status is GoalStatus.Reached or GoalStatus.Abandoned;
        var statusOn = check.Date("Input.StatusOn", Input.StatusOn, status == GoalStatus.Abandoned ? "la date de l’abandon" : "la date où l’objectif a été atteint",
            required: ended, future: false);
        if (setOn is { } s && s < Header.ConsentDate)
        {
            check.Fail("Input.SetOn", "Un objectif ne peut pas avoir été choisi avant le consentement à l’accompagnement.");
        }

        if (ended && setOn is { } s2 && statusOn is { } e && e < s2)
        {
            check.Fail("Input.StatusOn", "Cette date ne peut pas précéder celle où l’objectif a été choisi.");
        }

        if (!check.Ok)
        {
            return Page();
        }

        if (goal is null)
        {
            goal = new AccompanimentGoal { AccompanimentId = id };
            db.AccompanimentGoals.Add(goal);
        }
        else
        {
            db.Entry(goal).Property(g => g.Version).OriginalValue = Input.Version;
        }

        var isNew = goalId is null;
        goal.Wording = wording!;
        goal.Status = status!.Value;
        goal.SetOn = setOn!.Value;
        goal.StatusOn = ended ? statusOn : null;
        if (!await TrySaveAsync(db, ct))
        {
            Current = await FindAsync(id, goalId!.Value, ct);
            if (Current is null)
            {
                return NotFound();
            }

            Input.Version = Current.Version;
            return ConflictResult();
        }

        return BackToFile(isNew ? "L’objectif a été ajouté." : "L’objectif a été enregistré.", $"objectif-{goal.Id}");
    }

    private Task<AccompanimentGoal?> FindAsync(Guid id, Guid goalId, CancellationToken ct)
    {
        GoalId = goalId;
        return db.AccompanimentGoals.FirstOrDefaultAsync(g => g.Id == goalId && g.AccompanimentId == id, ct);
    }
}
