using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Lifecycle;

/// <summary>
/// Deletes a meeting entered by mistake (wrong file, twice…), after an explicit confirmation, by whoever recorded it, a
/// referent or the Responsable, while the file is open. Guarded by the meeting's version (an edit made meanwhile is
/// shown instead of being deleted unseen). The deletion is audited like every change (delete AccompanimentMeeting).
/// </summary>
public sealed class DeleteMeetingModel(RelaisDbContext db, AccompanimentAccess access, CurrentUser me) : FileFormPageModel(access)
{
    public AccompanimentMeeting Meeting { get; private set; } = null!;

    public bool Allowed { get; private set; }

    [BindProperty] public string? Confirm { get; set; }

    [BindProperty] public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid meetingId, CancellationToken ct)
    {
        if (!await LoadAsync(id, meetingId, ct))
        {
            return NotFound();
        }

        Version = Meeting.Version;
        return !Allowed ? Forbidden() : ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid meetingId, CancellationToken ct)
    {
        if (!await LoadAsync(id, meetingId, ct))
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
            ModelState.AddModelError(nameof(Confirm), "Cochez la case pour confirmer que cet entretien a été saisi par erreur.");
            return Page();
        }

        var meeting = await db.AccompanimentMeetings.FirstAsync(m => m.Id == meetingId, ct);
        db.Entry(meeting).Property(m => m.Version).OriginalValue = Version;
        db.AccompanimentMeetings.Remove(meeting);
        if (!await TrySaveAsync(db, ct))
        {
            if (!await LoadAsync(id, meetingId, ct))
            {
                return NotFound();
            }

            Version = Meeting.Version;
            return ConflictResult();
        }

        return BackToFile($"L’entretien du {FileFormat.Date(meeting.HeldOn)} a été supprimé.", "entretiens");
    }

    private async Task<bool> LoadAsync(Guid id, Guid meetingId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return false;
        }

        var meeting = await db.AccompanimentMeetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId && m.AccompanimentId == id, ct);
        if (meeting is null)
        {
            return false;
        }

        Meeting = meeting;
        Allowed = (meeting.RecordedByUserId is { } by && by == me.UserId) || await LifecycleRules.AnswersForAsync(db, me, id, ct);
        return true;
    }

    private IActionResult Forbidden()
    {
        ModelState.Clear();
        ModelState.AddModelError("", "Seul·es la personne qui a noté l’entretien, les référent·es du dossier et le ou la responsable peuvent le supprimer.");
        return Status(StatusCodes.Status403Forbidden);
    }
}
