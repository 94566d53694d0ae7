using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Lifecycle;

/// <summary>
/// Reopens a closed file, with a reason, by the Responsable or a referent. The closure it undoes (outcome, closing
/// date, last contact) is kept in an <see cref="AccompanimentReopening"/>, and the file's closure fields are cleared:
/// the retention clock stops until the next closure. Both rows are audited in the same transaction.
/// </summary>
public sealed class ReopenModel(RelaisDbContext db, AccompanimentAccess access, CurrentUser me) : FileFormPageModel(access)
{
    [BindProperty] public ReopenInput Input { get; set; } = new();

    public bool Allowed { get; private set; }

    public Accompaniment? Current { get; private set; }

    public sealed class ReopenInput
    {
        public string? Reason { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Input = new ReopenInput { Version = Header.Version };
        return Allowed ? Page() : Forbidden();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!Allowed)
        {
            return Forbidden();
        }

        ModelState.Clear();
        if (Header.IsOpen)
        {
            ModelState.AddModelError("", "Cet accompagnement est déjà ouvert.");
            return Status(StatusCodes.Status409Conflict);
        }

        var check = Check();
        var reason = check.Text("Input.Reason", Input.Reason, "la raison de la réouverture", AccompanimentReopening.ReasonMaxLength, required: true);
        if (!check.Ok)
        {
            return Page();
        }

        var file = await db.Accompaniments.FirstAsync(a => a.Id == id, ct);
        db.Entry(file).Property(a => a.Version).OriginalValue = Input.Version;
        db.AccompanimentReopenings.Add(new AccompanimentReopening
        {
            AccompanimentId = id,
            ReopenedOn = Today,
            ByUserId = Access.UserId,
            ByName = Access.UserName,
            Reason = reason!,
            PreviousOutcome = file.ClosureOutcome,
            PreviousClosedOn = file.ClosedOn,
            PreviousLastContactOn = file.LastContactOn,
        });
        file.Status = AccompanimentStatus.Open;
        file.ClosureOutcome = null;
        file.ClosureComment = null;
        file.LastContactOn = null;
        file.ClosedOn = null;
        file.ClosedByUserId = null;
        file.ClosedByName = null;
        if (!await TrySaveAsync(db, ct))
        {
            Current = await db.Accompaniments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
            Input.Version = Current?.Version ?? Input.Version;
            return ConflictResult();
        }

        return BackToFile("L’accompagnement est rouvert. La durée de conservation repartira de la prochaine clôture.", "cloture");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return false;
        }

        Allowed = await LifecycleRules.AnswersForAsync(db, me, id, ct);
        Current = await db.Accompaniments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        return Current is not null;
    }

    private IActionResult Forbidden()
    {
        ModelState.Clear();
        ModelState.AddModelError("", LifecycleRules.NotAllowed);
        return Status(StatusCodes.Status403Forbidden);
    }
}
