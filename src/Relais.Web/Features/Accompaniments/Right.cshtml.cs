using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>
/// Where the person stands for one right of the catalogue: opened, to check, not claimed (non-take-up, counted in the
/// statistics), requested, with its dates. The first answer creates the row; later ones change it (its version guards
/// against a lost race, and so does the unique key when two people answer first at the same time).
/// </summary>
public sealed class RightModel(RelaisDbContext db, AccompanimentAccess access) : FileFormPageModel(access)
{
    [BindProperty] public RightInput Input { get; set; } = new();

    public RightKind Kind { get; private set; } = null!;
    public AccompanimentRight? Current { get; private set; }

    public sealed class RightInput
    {
        public string? Status { get; set; }
        public string? RequestedOn { get; set; }
        public string? OpenedOn { get; set; }
        public string? CheckedOn { get; set; }
        public string? Comment { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid rightId, CancellationToken ct)
    {
        var (found, row) = await LoadAsync(id, rightId, ct);
        if (!found)
        {
            return NotFound();
        }

        Input = row is null
            ? new RightInput { CheckedOn = FileFormat.Iso(Access.Today) }
            : new RightInput
            {
                Status = row.Status.ToString(),
                RequestedOn = FileFormat.Iso(row.RequestedOn),
                OpenedOn = FileFormat.Iso(row.OpenedOn),
                CheckedOn = FileFormat.Iso(Access.Today),
                Comment = row.Comment,
                Version = row.Version,
            };
        return ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid rightId, CancellationToken ct)
    {
        var (found, row) = await LoadAsync(id, rightId, ct);
        if (!found)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        var status = check.Choice<RightStatus>("Input.Status", Input.Status, "la situation de la personne pour ce droit");
        var requested = check.Date("Input.RequestedOn", Input.RequestedOn, "la date de la demande", required: status == RightStatus.Requested, future: false);
        var opened = check.Date("Input.OpenedOn", Input.OpenedOn, "la date d’ouverture du droit (approximative si besoin)", required: status == RightStatus.Open, future: false);
        var checkedOn = check.Date("Input.CheckedOn", Input.CheckedOn, "la date de vérification", required: true, future: false);
        var comment = check.Text("Input.Comment", Input.Comment, "le commentaire", 500, required: false);
        if (requested is { } rq && opened is { } op && op < rq)
        {
            check.Fail("Input.OpenedOn", "Le droit ne peut pas avoir été ouvert avant d’avoir été demandé.");
        }

        if (!check.Ok)
        {
            return Page();
        }

        var created = row is null;
        if (row is null)
        {
            row = new AccompanimentRight { AccompanimentId = id, RightKindId = rightId };
            db.AccompanimentRights.Add(row);
        }
        else
        {
            db.Entry(row).Property(r => r.Version).OriginalValue = Input.Version;
        }

        row.Status = status!.Value;
        row.RequestedOn = requested;
        row.OpenedOn = opened;
        row.CheckedOn = checkedOn!.Value;
        row.Comment = comment;
        bool saved;
        try
        {
            saved = await TrySaveAsync(db, ct);
        }
        catch (DbUpdateException) when (created)
        {
            saved = false; // someone answered first for the same right at the same time (unique key)
            db.ChangeTracker.Clear();
        }

        if (!saved)
        {
            (_, Current) = await LoadAsync(id, rightId, ct);
            Input.Version = Current?.Version ?? 0;
            return ConflictResult();
        }

        return BackToFile($"{Kind.Name} : la situation a été enregistrée.", "droits");
    }

    private async Task<(bool Found, AccompanimentRight? Row)> LoadAsync(Guid id, Guid rightId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return (false, null);
        }

        var kind = await db.RightKinds.AsNoTracking().FirstOrDefaultAsync(k => k.Id == rightId, ct);
        if (kind is null)
        {
            return (false, null);
        }

        Kind = kind;
        var row = await db.AccompanimentRights.FirstOrDefaultAsync(r => r.AccompanimentId == id && r.RightKindId == rightId, ct);

        // A retired right can no longer be answered for the first time.
        return (kind.IsActive || row is not null, row);
    }
}
