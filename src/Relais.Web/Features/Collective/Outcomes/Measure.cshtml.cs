using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Collective.Budget;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Outcomes;

/// <summary>Records a measurement of an indicator (or deletes one); for a computed indicator, today's computed value is offered.</summary>
public sealed class MeasureModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : ProjectSectionPage(access, clock)
{
    [BindProperty] public MeasureInput Input { get; set; } = new();

    public ProjectIndicator Indicator { get; private set; } = null!;
    public int? Computed { get; private set; }

    public sealed class MeasureInput
    {
        public string? MeasuredOn { get; set; }
        public string? Value { get; set; }
        public string? Comment { get; set; }
    }

    public string OutcomesUrl => $"/Collective/Outcomes/{Project.Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, Guid indicatorId, CancellationToken ct)
    {
        if (await LoadAsync(id, indicatorId, ct) is { } refused)
        {
            return refused;
        }

        Input = new MeasureInput { MeasuredOn = FileFormat.Iso(Today), Value = Computed?.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid indicatorId, CancellationToken ct)
    {
        if (await LoadAsync(id, indicatorId, ct) is { } refused)
        {
            return refused;
        }

        ModelState.Clear();
        var check = Check();
        var on = check.Date("Input.MeasuredOn", Input.MeasuredOn, "la date de la mesure", required: true, future: false);
        var value = check.Number("Input.Value", Input.Value, "la valeur", required: true, negative: true);
        var comment = check.Text("Input.Comment", Input.Comment, "le commentaire", IndicatorMeasurement.CommentMaxLength, required: false);
        if (!check.Ok)
        {
            return Page();
        }

        db.IndicatorMeasurements.Add(new IndicatorMeasurement { IndicatorId = indicatorId, MeasuredOn = on!.Value, Value = value!.Value, Comment = comment ?? "" });
        await db.SaveChangesAsync(ct);
        return Back($"{OutcomesUrl}#indicateur-{indicatorId}", $"Mesure enregistrée : {Indicator.Name}, {OutcomeRules.Value(value.Value, Indicator.Unit)} le {FileFormat.Date(on.Value)}.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid indicatorId, Guid measurementId, CancellationToken ct)
    {
        if (await LoadAsync(id, indicatorId, ct) is { } refused)
        {
            return refused;
        }

        var m = await db.IndicatorMeasurements.FirstOrDefaultAsync(x => x.Id == measurementId && x.IndicatorId == indicatorId, ct);
        if (m is null)
        {
            return NotFound();
        }

        db.IndicatorMeasurements.Remove(m);
        await db.SaveChangesAsync(ct);
        return Back($"{OutcomesUrl}#indicateur-{indicatorId}", "La mesure a été supprimée.");
    }

    public IReadOnlyList<IndicatorMeasurement> Measurements { get; private set; } = [];

    private async Task<IActionResult?> LoadAsync(Guid id, Guid indicatorId, CancellationToken ct)
    {
        if (!await LoadProjectAsync(id, ct))
        {
            return NotFound();
        }

        var indicator = await db.ProjectIndicators.AsNoTracking().FirstOrDefaultAsync(x => x.Id == indicatorId && x.ProjectId == id, ct);
        if (indicator is null)
        {
            return NotFound();
        }

        if (!Project.IsStaff)
        {
            return Forbid();
        }

        Indicator = indicator;
        if (indicator.Computation != IndicatorComputation.None)
        {
            Computed = (await OutcomeRules.ComputeAsync(db, id, clock.GetUtcNow(), ct))[indicator.Computation];
        }

        Measurements = await db.IndicatorMeasurements.AsNoTracking().Where(x => x.IndicatorId == indicatorId).OrderBy(x => x.MeasuredOn).ToListAsync(ct);
        return null;
    }

    private readonly TimeProvider clock = clock;
}
