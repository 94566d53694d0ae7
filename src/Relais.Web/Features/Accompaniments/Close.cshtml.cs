using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>
/// Closes the accompaniment with its outcome and the date of the last contact, from which the file is kept two years.
/// Optimistic concurrency on the accompaniment's version.
/// </summary>
public sealed class CloseModel(RelaisDbContext db, AccompanimentAccess access) : FileFormPageModel(access)
{
    [BindProperty] public CloseInput Input { get; set; } = new();

    public Accompaniment? Current { get; private set; }

    public sealed class CloseInput
    {
        public string? Outcome { get; set; }
        public string? Comment { get; set; }
        public string? LastContactOn { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        var lastMeeting = await db.AccompanimentMeetings.Where(m => m.AccompanimentId == id).MaxAsync(m => (DateOnly?)m.HeldOn, ct);
        Input = new CloseInput { LastContactOn = FileFormat.Iso(lastMeeting), Version = Header.Version };
        return ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        var outcome = check.Choice<ClosureOutcome>("Input.Outcome", Input.Outcome, "l’issue de l’accompagnement");
        var comment = check.Text("Input.Comment", Input.Comment, "un commentaire qui précise l’issue", 1000, required: outcome == ClosureOutcome.Other);
        var lastContact = check.Date("Input.LastContactOn", Input.LastContactOn, "la date du dernier contact avec la personne", required: true, future: false);
        if (lastContact is { } d && d < Header.ConsentDate)
        {
            check.Fail("Input.LastContactOn", "Le dernier contact ne peut pas précéder le consentement à l’accompagnement.");
        }

        if (!check.Ok)
        {
            return Page();
        }

        var file = await db.Accompaniments.FirstAsync(a => a.Id == id, ct);
        db.Entry(file).Property(a => a.Version).OriginalValue = Input.Version;
        file.Status = AccompanimentStatus.Closed;
        file.ClosureOutcome = outcome;
        file.ClosureComment = comment;
        file.LastContactOn = lastContact;
        file.ClosedOn = Today;
        file.ClosedByUserId = Access.UserId;
        file.ClosedByName = Access.UserName;
        if (!await TrySaveAsync(db, ct))
        {
            Current = await db.Accompaniments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
            if (Current is null)
            {
                return NotFound();
            }

            Input.Version = Current.Version;
            return ConflictResult();
        }

        return BackToFile($"L’accompagnement est clos. Le dossier sera conservé jusqu’au {FileFormat.Date(file.KeptUntil)}.", "cloture");
    }
}
