using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>Adds, changes or removes one strength or resource of the person (optimistic concurrency on its version).</summary>
public sealed class StrengthModel(RelaisDbContext db, AccompanimentAccess access) : FileFormPageModel(access)
{
    [BindProperty] public StrengthInput Input { get; set; } = new();

    public Guid? StrengthId { get; private set; }
    public AccompanimentStrength? Current { get; private set; }

    public sealed class StrengthInput
    {
        public string? Kind { get; set; }
        public string? Text { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? strengthId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        if (strengthId is { } sid)
        {
            var strength = await FindAsync(id, sid, ct);
            if (strength is null)
            {
                return NotFound();
            }

            Input = new StrengthInput { Kind = strength.Kind.ToString(), Text = strength.Text, Version = strength.Version };
        }

        return ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? strengthId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        var strength = strengthId is { } sid ? await FindAsync(id, sid, ct) : null;
        if (strengthId is not null && strength is null)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        var kind = check.Choice<StrengthKind>("Input.Kind", Input.Kind, "ce que c’est (force, habileté, personne ressource, autre ressource)");
        var text = check.Text("Input.Text", Input.Text, "la force ou la ressource", 1000, required: true);
        if (!check.Ok)
        {
            return Page();
        }

        if (strength is null)
        {
            db.AccompanimentStrengths.Add(new AccompanimentStrength { AccompanimentId = id, Kind = kind!.Value, Text = text! });
        }
        else
        {
            db.Entry(strength).Property(s => s.Version).OriginalValue = Input.Version;
            strength.Kind = kind!.Value;
            strength.Text = text!;
        }

        if (!await TrySaveAsync(db, ct))
        {
            return await ConflictAsync(id, strengthId!.Value, ct);
        }

        return BackToFile(strength is null ? "La force ou ressource a été ajoutée." : "La force ou ressource a été modifiée.", "forces");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid strengthId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        StrengthId = strengthId;
        var strength = await FindAsync(id, strengthId, ct);
        if (strength is null)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        db.Entry(strength).Property(s => s.Version).OriginalValue = Input.Version;
        db.AccompanimentStrengths.Remove(strength);
        if (!await TrySaveAsync(db, ct))
        {
            return await ConflictAsync(id, strengthId, ct);
        }

        return BackToFile("La force ou ressource a été retirée du dossier.", "forces");
    }

    private async Task<IActionResult> ConflictAsync(Guid id, Guid strengthId, CancellationToken ct)
    {
        Current = await FindAsync(id, strengthId, ct);
        if (Current is null)
        {
            ModelState.AddModelError("", "Cette force ou ressource a été retirée du dossier par quelqu’un d’autre pendant votre saisie.");
            StrengthId = null;
            return Status(StatusCodes.Status409Conflict);
        }

        Input.Version = Current.Version;
        return ConflictResult();
    }

    private async Task<AccompanimentStrength?> FindAsync(Guid id, Guid strengthId, CancellationToken ct)
    {
        StrengthId = strengthId;
        return await db.AccompanimentStrengths.FirstOrDefaultAsync(s => s.Id == strengthId && s.AccompanimentId == id, ct);
    }
}
