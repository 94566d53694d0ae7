using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Confidential;

/// <summary>
/// Edits a note: only its author, with optimistic concurrency (a note edited meanwhile, e.g. in another tab, is not
/// overwritten silently). A note the caller may not read answers 404; a note they read but did not write, 403.
/// </summary>
public sealed class EditNoteModel(RelaisDbContext db, ConfidentialAccess access, CurrentUser me) : PageModel
{
    [BindProperty] public NoteInput Note { get; set; } = new();

    public Guid Id { get; private set; }
    public Guid AccompanimentId { get; private set; }
    public string PersonName { get; private set; } = "";
    public IReadOnlyList<PartnerConsentChoice> PartnerConsents { get; private set; } = [];

    /// <summary>Set when the save lost a race: the note as now stored.</summary>
    public AccompanimentNote? Conflict { get; private set; }

    public LevelPickerView NoteLevel => new(nameof(Note), "note", Note.Level, Note.ConsentId, PartnerConsents, Document: false);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var note = await LoadAsync(id, ct);
        if (note is null)
        {
            return NotFound();
        }

        if (note.AuthorUserId != me.UserId)
        {
            return Forbid();
        }

        Note = new NoteInput { Text = note.Text, Level = note.Level.ToString(), ConsentId = note.ConsentId, Version = note.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var note = await LoadAsync(id, ct);
        if (note is null)
        {
            return NotFound();
        }

        if (note.AuthorUserId != me.UserId)
        {
            return Forbid();
        }

        ModelState.Clear();
        if (ConfidentialRules.ValidateNoteText(Note.Text) is { } error)
        {
            ModelState.AddModelError("Note.Text", error);
        }

        var level = await ConfidentialRules.LevelAsync(db, note.AccompanimentId, Note, "Note", ModelState, ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.Entry(note).Property(n => n.Version).OriginalValue = Note.Version;
        note.Text = Note.Text!.Trim();
        note.Level = level!.Value.Level;
        note.ConsentId = level.Value.ConsentId;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Conflict = await LoadAsync(id, ct);
            if (Conflict is null)
            {
                return NotFound();
            }

            // The next save is a deliberate overwrite of the version the author has now seen.
            Note.Version = Conflict.Version;
            ModelState.Clear();
            return Page();
        }

        TempData["Message"] = "La note est modifiée.";
        return Redirect($"/Accompaniments/{note.AccompanimentId}/Notes#note-{note.Id}");
    }

    private async Task<AccompanimentNote?> LoadAsync(Guid id, CancellationToken ct)
    {
        var reader = await access.ReaderAsync(ct);
        if (reader.Kind != ReaderKind.Team)
        {
            return null;
        }

        var note = await db.AccompanimentNotes.VisibleTo(db, reader).Include(n => n.Accompaniment!).ThenInclude(a => a.Person)
            .FirstOrDefaultAsync(n => n.Id == id, ct);
        if (note is not null)
        {
            Id = note.Id;
            AccompanimentId = note.AccompanimentId;
            PersonName = note.Accompaniment?.Person?.FullName ?? "";
            PartnerConsents = await ConfidentialRules.PartnerConsentsAsync(db, note.AccompanimentId, ct);
        }

        return note;
    }
}
