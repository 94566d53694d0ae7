using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>Records a request to the Fonds de solidarité logement, then its decision (accordé, refusé) and the amount granted.</summary>
public sealed class FslModel(RelaisDbContext db, AccompanimentAccess access) : ArrearsFormPageModel(access)
{
    [BindProperty] public FslInput Input { get; set; } = new();

    public Guid? FslId { get; private set; }
    public FslRequest? Current { get; private set; }

    public sealed class FslInput
    {
        public string? Purpose { get; set; }
        public string? FiledOn { get; set; }
        public string? AmountRequested { get; set; }
        public string? Decision { get; set; }
        public string? DecisionOn { get; set; }
        public string? AmountGranted { get; set; }
        public string? Note { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? fslId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        Input = new FslInput { Purpose = nameof(FslPurpose.Maintenance), FiledOn = TodayIso, Decision = nameof(FslDecision.Pending) };
        if (fslId is { } fid)
        {
            var f = await FindAsync(id, fid, ct);
            if (f is null)
            {
                return NotFound();
            }

            Input = new FslInput
            {
                Purpose = f.Purpose.ToString(),
                FiledOn = FileFormat.Iso(f.FiledOn),
                AmountRequested = ArrearsRules.Input(f.AmountRequested),
                Decision = f.Decision.ToString(),
                DecisionOn = FileFormat.Iso(f.DecisionOn),
                AmountGranted = f.AmountGranted is { } g ? ArrearsRules.Input(g) : null,
                Note = f.Note,
                Version = f.Version,
            };
        }

        return ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? fslId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        var request = fslId is { } fid ? await FindAsync(id, fid, ct) : null;
        if (fslId is not null && request is null)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        var purpose = check.Choice<FslPurpose>("Input.Purpose", Input.Purpose, "l’objet de la demande");
        var filedOn = check.Date("Input.FiledOn", Input.FiledOn, "la date de dépôt", required: true, future: false);
        var requested = check.Amount("Input.AmountRequested", Input.AmountRequested, "le montant demandé");
        var decision = check.Choice<FslDecision>("Input.Decision", Input.Decision, "où en est la décision");
        var note = check.Text("Input.Note", Input.Note, "la note", 1000, required: false);
        DateOnly? decisionOn = null;
        decimal? granted = null;
        if (decision is FslDecision.Granted or FslDecision.Refused)
        {
            decisionOn = check.Date("Input.DecisionOn", Input.DecisionOn, "la date de la décision", required: true, future: false);
            if (decisionOn is { } d && filedOn is { } f && d < f)
            {
                check.Fail("Input.DecisionOn", "La décision ne peut pas précéder le dépôt de la demande.");
            }
        }

        if (decision == FslDecision.Granted)
        {
            granted = check.Amount("Input.AmountGranted", Input.AmountGranted, "le montant accordé");
            if (granted is { } g && requested is { } r && g > r)
            {
                check.Fail("Input.AmountGranted", $"Le montant accordé ({ArrearsRules.Euros(g)}) ne peut pas dépasser le montant demandé ({ArrearsRules.Euros(r)}).");
            }
        }

        if (!check.Ok)
        {
            return Page();
        }

        if (request is null)
        {
            request = new FslRequest { AccompanimentId = id };
            db.FslRequests.Add(request);
        }
        else
        {
            db.Entry(request).Property(x => x.Version).OriginalValue = Input.Version;
        }

        request.Purpose = purpose!.Value;
        request.FiledOn = filedOn!.Value;
        request.AmountRequested = requested!.Value;
        request.Decision = decision!.Value;
        request.DecisionOn = decisionOn;
        request.AmountGranted = granted;
        request.Note = note;
        if (!await TrySaveAsync(db, ct))
        {
            Current = await FindAsync(id, fslId!.Value, ct);
            if (Current is null)
            {
                return NotFound();
            }

            Input.Version = Current.Version;
            return ConflictResult();
        }

        return BackToArrears(fslId is null ? "La demande au FSL a été enregistrée." : "La demande au FSL a été mise à jour.", $"fsl-{request.Id}");
    }

    private Task<FslRequest?> FindAsync(Guid id, Guid fslId, CancellationToken ct)
    {
        FslId = fslId;
        return db.FslRequests.FirstOrDefaultAsync(f => f.Id == fslId && f.AccompanimentId == id, ct);
    }
}
