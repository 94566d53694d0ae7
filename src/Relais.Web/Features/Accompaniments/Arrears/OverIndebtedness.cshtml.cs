using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>Records an over-indebtedness file at the Banque de France and where it stands, with the dates of its decisions.</summary>
public sealed class OverIndebtednessModel(RelaisDbContext db, AccompanimentAccess access) : ArrearsFormPageModel(access)
{
    [BindProperty] public FileInput Input { get; set; } = new();

    public Guid? FileId { get; private set; }
    public OverIndebtednessFile? Current { get; private set; }

    public sealed class FileInput
    {
        public string? FiledOn { get; set; }
        public string? Status { get; set; }
        public string? AdmissibilityOn { get; set; }
        public string? OutcomeOn { get; set; }
        public string? Note { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? overIndebtednessId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        Input = new FileInput { FiledOn = TodayIso, Status = nameof(OverIndebtednessStatus.Filed) };
        if (overIndebtednessId is { } fid)
        {
            var f = await FindAsync(id, fid, ct);
            if (f is null)
            {
                return NotFound();
            }

            Input = new FileInput
            {
                FiledOn = FileFormat.Iso(f.FiledOn),
                Status = f.Status.ToString(),
                AdmissibilityOn = FileFormat.Iso(f.AdmissibilityOn),
                OutcomeOn = FileFormat.Iso(f.OutcomeOn),
                Note = f.Note,
                Version = f.Version,
            };
        }

        return ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? overIndebtednessId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        var file = overIndebtednessId is { } fid ? await FindAsync(id, fid, ct) : null;
        if (overIndebtednessId is not null && file is null)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        var filedOn = check.Date("Input.FiledOn", Input.FiledOn, "la date de dépôt du dossier", required: true, future: false);
        var status = check.Choice<OverIndebtednessStatus>("Input.Status", Input.Status, "où en est le dossier");
        var note = check.Text("Input.Note", Input.Note, "la note", 1000, required: false);
        DateOnly? admissibility = null;
        DateOnly? outcome = null;
        if (status is { } s && s != OverIndebtednessStatus.Filed)
        {
            admissibility = check.Date("Input.AdmissibilityOn", Input.AdmissibilityOn, "la date de la décision sur la recevabilité", required: true, future: false);
            if (admissibility is { } a && filedOn is { } f && a < f)
            {
                check.Fail("Input.AdmissibilityOn", "La décision sur la recevabilité ne peut pas précéder le dépôt du dossier.");
            }
        }

        if (status is OverIndebtednessStatus.Measures or OverIndebtednessStatus.PersonalRecovery)
        {
            outcome = check.Date("Input.OutcomeOn", Input.OutcomeOn, "la date du plan, des mesures ou du rétablissement personnel", required: true, future: false);
            if (outcome is { } o && admissibility is { } a && o < a)
            {
                check.Fail("Input.OutcomeOn", "Le plan, les mesures ou le rétablissement personnel ne peuvent pas précéder la recevabilité.");
            }
        }

        if (!check.Ok)
        {
            return Page();
        }

        if (file is null)
        {
            file = new OverIndebtednessFile { AccompanimentId = id };
            db.OverIndebtednessFiles.Add(file);
        }
        else
        {
            db.Entry(file).Property(x => x.Version).OriginalValue = Input.Version;
        }

        file.FiledOn = filedOn!.Value;
        file.Status = status!.Value;
        file.AdmissibilityOn = admissibility;
        file.OutcomeOn = outcome;
        file.Note = note;
        if (!await TrySaveAsync(db, ct))
        {
            Current = await FindAsync(id, overIndebtednessId!.Value, ct);
            if (Current is null)
            {
                return NotFound();
            }

            Input.Version = Current.Version;
            return ConflictResult();
        }

        return BackToArrears(overIndebtednessId is null ? "Le dossier de surendettement a été enregistré." : "Le dossier de surendettement a été mis à jour.",
            $"surendettement-{file.Id}");
    }

    private Task<OverIndebtednessFile?> FindAsync(Guid id, Guid fileId, CancellationToken ct)
    {
        FileId = fileId;
        return db.OverIndebtednessFiles.FirstOrDefaultAsync(f => f.Id == fileId && f.AccompanimentId == id, ct);
    }
}
