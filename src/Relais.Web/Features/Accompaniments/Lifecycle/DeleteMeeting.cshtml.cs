using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Lifecycle;

/// <summary>
/// Deletes a meeting entered by mistake (wrong file, twice…), after an explicit confirmation, by whoever recorded it, a
/// referent or the Responsable, while the file is open (<see cref="DeleteEnteredByMistakeModel{T}"/>).
/// </summary>
public sealed class DeleteMeetingModel(RelaisDbContext db, AccompanimentAccess access, CurrentUser me)
    : DeleteEnteredByMistakeModel<AccompanimentMeeting>(db, access)
{
    public AccompanimentMeeting Meeting => Item;

    protected override string ConfirmError => "Cochez la case pour confirmer que cet entretien a été saisi par erreur.";

    protected override string NotAllowed => "Seul·es la personne qui a noté l’entretien, les référent·es du dossier et le ou la responsable peuvent le supprimer.";

    public Task<IActionResult> OnGetAsync(Guid id, Guid meetingId, CancellationToken ct) => ShowAsync(id, meetingId, ct);

    public Task<IActionResult> OnPostAsync(Guid id, Guid meetingId, CancellationToken ct) => DeleteAsync(id, meetingId, ct);

    protected override async Task<(AccompanimentMeeting? Item, bool Allowed)> FindAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        var meeting = await Db.AccompanimentMeetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == itemId && m.AccompanimentId == id, ct);
        var allowed = meeting is not null
            && ((meeting.RecordedByUserId is { } by && by == me.UserId) || await LifecycleRules.AnswersForAsync(Db, me, id, ct));
        return (meeting, allowed);
    }

    protected override IActionResult Deleted(AccompanimentMeeting item) =>
        BackToFile($"L’entretien du {FileFormat.Date(item.HeldOn)} a été supprimé.", "entretiens");
}
