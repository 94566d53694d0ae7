using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>
/// A review of one goal (point d’étape): where it stands, in a note, and its status after the review. The goal's version
/// is checked, since the review may change its status.
/// </summary>
public sealed class ReviewModel(RelaisDbContext db, AccompanimentAccess access) : FileFormPageModel(access)
{
    [BindProperty] public ReviewInput Input { get; set; } = new();

    public AccompanimentGoal Goal { get; private set; } = null!;

    public sealed class ReviewInput
    {
        public string? ReviewedOn { get; set; }
        public string? StatusAfter { get; set; }
        public string? Note { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid goalId, CancellationToken ct)
    {
        if (!await LoadAsync(id, goalId, ct))
        {
            return NotFound();
        }

        Input = new ReviewInput { ReviewedOn = TodayIso, StatusAfter = Goal.Status.ToString(), Version = Goal.Version };
        return ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid goalId, CancellationToken ct)
    {
        if (!await LoadAsync(id, goalId, ct))
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        var on = check.Date("Input.ReviewedOn", Input.ReviewedOn, "la date du point d’étape", required: true, future: false);
        var status = check.Choice<GoalStatus>("Input.StatusAfter", Input.StatusAfter, "où en est l’objectif après ce point");
        var note = check.Text("Input.Note", Input.Note, "ce qui a été dit de l’objectif", 2000, required: true);
        if (on is { } d && d < Goal.SetOn)
        {
            check.Fail("Input.ReviewedOn", "Le point d’étape ne peut pas précéder le choix de l’objectif.");
        }

        if (!check.Ok)
        {
            return Page();
        }

        db.Entry(Goal).Property(g => g.Version).OriginalValue = Input.Version;
        if (Goal.Status != status)
        {
            Goal.Status = status!.Value;
            Goal.StatusOn = status == GoalStatus.InProgress ? null : on;
        }

        db.Entry(Goal).Property(g => g.UpdatedAt).IsModified = true; // the review moves the goal’s version even when its status stays
        db.GoalReviews.Add(new GoalReview
        {
            GoalId = Goal.Id, ReviewedOn = on!.Value, StatusAfter = status!.Value, Note = note!, ByUserId = Access.UserId, ByName = Access.UserName,
        });
        if (!await TrySaveAsync(db, ct))
        {
            if (!await LoadAsync(id, goalId, ct))
            {
                return NotFound();
            }

            Input.Version = Goal.Version;
            return ConflictResult();
        }

        return BackToFile("Le point d’étape a été enregistré.", $"objectif-{goalId}");
    }

    private async Task<bool> LoadAsync(Guid id, Guid goalId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return false;
        }

        var goal = await db.AccompanimentGoals.Include(g => g.Reviews).FirstOrDefaultAsync(g => g.Id == goalId && g.AccompanimentId == id, ct);
        if (goal is null)
        {
            return false;
        }

        Goal = goal;
        return true;
    }
}
