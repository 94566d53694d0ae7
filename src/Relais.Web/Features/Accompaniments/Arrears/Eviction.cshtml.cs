using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>
/// Notes a stage of the eviction procedure (commandement de payer, assignation, audience, jugement, CCAPEX,
/// commandement de quitter les lieux, concours de la force publique, or its end) with its date, the next date known and
/// a note; corrects or removes a stage noted by mistake.
/// </summary>
public sealed class EvictionModel(RelaisDbContext db, AccompanimentAccess access) : ArrearsFormPageModel(access)
{
    [BindProperty] public StepInput Input { get; set; } = new();

    public Guid? StepId { get; private set; }
    public EvictionStep? Current { get; private set; }

    public sealed class StepInput
    {
        public string? Stage { get; set; }
        public string? On { get; set; }
        public string? NextOn { get; set; }
        public string? Note { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? stepId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        Input = new StepInput { On = TodayIso };
        if (stepId is { } sid)
        {
            var s = await FindAsync(id, sid, ct);
            if (s is null)
            {
                return NotFound();
            }

            Input = new StepInput { Stage = s.Stage.ToString(), On = FileFormat.Iso(s.On), NextOn = FileFormat.Iso(s.NextOn), Note = s.Note, Version = s.Version };
        }

        return ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? stepId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        var step = stepId is { } sid ? await FindAsync(id, sid, ct) : null;
        if (stepId is not null && step is null)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        var stage = check.Choice<EvictionStage>("Input.Stage", Input.Stage, "l’étape de la procédure");
        var on = check.Date("Input.On", Input.On, "la date de l’étape", required: true, future: false);
        var next = check.Date("Input.NextOn", Input.NextOn, "la prochaine date", required: false);
        var note = check.Text("Input.Note", Input.Note, "la note", 1000, required: false);
        if (next is { } n && on is { } o && n < o)
        {
            check.Fail("Input.NextOn", "La prochaine date ne peut pas précéder la date de l’étape.");
        }

        if (!check.Ok)
        {
            return Page();
        }

        if (step is null)
        {
            step = new EvictionStep { AccompanimentId = id, RecordedByName = Access.UserName };
            db.EvictionSteps.Add(step);
        }
        else
        {
            db.Entry(step).Property(x => x.Version).OriginalValue = Input.Version;
        }

        step.Stage = stage!.Value;
        step.On = on!.Value;
        step.NextOn = next;
        step.Note = note;
        if (!await TrySaveAsync(db, ct))
        {
            return await LostRaceAsync(id, stepId!.Value, ct);
        }

        return BackToArrears(stepId is null ? $"L’étape « {step.Stage.Label()} » a été notée." : $"L’étape « {step.Stage.Label()} » a été modifiée.", "expulsion");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid? stepId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        var step = stepId is { } sid ? await FindAsync(id, sid, ct) : null;
        if (step is null)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        db.Entry(step).Property(x => x.Version).OriginalValue = Input.Version;
        db.EvictionSteps.Remove(step);
        if (!await TrySaveAsync(db, ct))
        {
            return await LostRaceAsync(id, stepId!.Value, ct);
        }

        return BackToArrears($"L’étape « {step.Stage.Label()} » du {FileFormat.Date(step.On)} a été retirée de la procédure.", "expulsion");
    }

    private async Task<IActionResult> LostRaceAsync(Guid id, Guid stepId, CancellationToken ct)
    {
        Current = await FindAsync(id, stepId, ct);
        if (Current is null)
        {
            return NotFound();
        }

        Input.Version = Current.Version;
        return ConflictResult();
    }

    private Task<EvictionStep?> FindAsync(Guid id, Guid stepId, CancellationToken ct)
    {
        StepId = stepId;
        return db.EvictionSteps.FirstOrDefaultAsync(s => s.Id == stepId && s.AccompanimentId == id, ct);
    }
}
