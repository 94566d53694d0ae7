using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Collective.Budget;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Collective.Outcomes;

/// <summary>Chooses an indicator for the project, from the suggested list or free; changes or deletes it (project staff).</summary>
public sealed class IndicatorModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : ProjectSectionPage(access, clock)
{
    /// <summary>The choice "my own indicator" in the suggestions.</summary>
    public const string Free = "libre";

    [BindProperty] public IndicatorInput Input { get; set; } = new();

    public Guid? IndicatorId { get; private set; }
    public ProjectIndicator? Current { get; private set; }

    public sealed class IndicatorInput
    {
        public string? Preset { get; set; }
        public string? Name { get; set; }
        public string? Unit { get; set; }
        public string? Target { get; set; }
        public string? Direction { get; set; }
        public string? Computation { get; set; }
        public int Version { get; set; }
    }

    public string OutcomesUrl => $"/Collective/Outcomes/{Project.Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? indicatorId, CancellationToken ct)
    {
        if (await LoadAsync(id, indicatorId, ct) is { } refused)
        {
            return refused;
        }

        if (indicatorId is { } iid)
        {
            var i = await db.ProjectIndicators.AsNoTracking().FirstAsync(x => x.Id == iid, ct);
            Input = new IndicatorInput
            {
                Preset = Free, Name = i.Name, Unit = i.Unit, Target = i.Target is { } t ? BudgetRules.Input(t) : null,
                Direction = i.Direction.ToString(), Computation = i.Computation.ToString(), Version = i.Version,
            };
        }
        else
        {
            Input = new IndicatorInput { Preset = OutcomeRules.Presets[0].Key, Direction = nameof(IndicatorDirection.Increase), Computation = nameof(IndicatorComputation.None) };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? indicatorId, CancellationToken ct)
    {
        if (await LoadAsync(id, indicatorId, ct) is { } refused)
        {
            return refused;
        }

        ModelState.Clear();
        var check = Check();
        var preset = indicatorId is null && Input.Preset != Free ? OutcomeRules.Presets.FirstOrDefault(p => p.Key == Input.Preset) : null;
        if (indicatorId is null && Input.Preset != Free && preset is null)
        {
            check.Fail("Input.Preset", "Choisissez un indicateur suggéré, ou « un autre indicateur ».");
        }

        string? name, unit;
        IndicatorDirection? direction;
        IndicatorComputation? computation;
        if (preset is not null)
        {
            (name, unit, direction, computation) = (preset.Name, preset.Unit, preset.Direction, preset.Computation);
        }
        else
        {
            name = check.Text("Input.Name", Input.Name, "le nom de l’indicateur", ProjectIndicator.NameMaxLength, required: true);
            unit = check.Text("Input.Unit", Input.Unit, "l’unité", ProjectIndicator.UnitMaxLength, required: false);
            direction = check.Choice<IndicatorDirection>("Input.Direction", Input.Direction, "le sens souhaité");
            computation = check.Choice<IndicatorComputation>("Input.Computation", Input.Computation, "le mode de mesure");
        }

        var target = check.Number("Input.Target", Input.Target, "la cible", required: false);
        if (name is not null && await db.ProjectIndicators.AnyAsync(x => x.ProjectId == id && x.Name == name && x.Id != (indicatorId ?? Guid.Empty), ct))
        {
            check.Fail(preset is null ? "Input.Name" : "Input.Preset", $"Le projet suit déjà l’indicateur « {name} ».");
        }

        if (!check.Ok)
        {
            return Page();
        }

        ProjectIndicator indicator;
        if (indicatorId is { } iid)
        {
            indicator = await db.ProjectIndicators.FirstAsync(x => x.Id == iid, ct);
            db.Entry(indicator).Property(x => x.Version).OriginalValue = Input.Version;
        }
        else
        {
            indicator = new ProjectIndicator { ProjectId = Project.Id };
            db.ProjectIndicators.Add(indicator);
        }

        indicator.Name = name!;
        indicator.Unit = unit ?? "";
        indicator.Direction = direction!.Value;
        indicator.Computation = computation!.Value;
        indicator.Target = target;
        if (!await TrySaveAsync(db, ct))
        {
            return await LostRaceAsync(indicatorId!.Value, ct);
        }

        return Back($"{OutcomesUrl}#indicateur-{indicator.Id}", indicatorId is null ? $"L’indicateur « {indicator.Name} » a été ajouté." : $"L’indicateur « {indicator.Name} » a été modifié.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid? indicatorId, CancellationToken ct)
    {
        if (indicatorId is null)
        {
            return NotFound();
        }

        if (await LoadAsync(id, indicatorId, ct) is { } refused)
        {
            return refused;
        }

        var indicator = await db.ProjectIndicators.FirstAsync(x => x.Id == indicatorId, ct);
        db.Entry(indicator).Property(x => x.Version).OriginalValue = Input.Version;
        db.ProjectIndicators.Remove(indicator);
        if (!await TrySaveAsync(db, ct))
        {
            return await LostRaceAsync(indicatorId.Value, ct);
        }

        return Back(OutcomesUrl, $"L’indicateur « {indicator.Name} » et ses mesures ont été supprimés.");
    }

    private async Task<IActionResult> LostRaceAsync(Guid indicatorId, CancellationToken ct)
    {
        Current = await db.ProjectIndicators.AsNoTracking().FirstOrDefaultAsync(x => x.Id == indicatorId, ct);
        if (Current is null)
        {
            return NotFound();
        }

        Input.Version = Current.Version;
        return ConflictResult();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, Guid? indicatorId, CancellationToken ct)
    {
        if (!await LoadProjectAsync(id, ct))
        {
            return NotFound();
        }

        if (indicatorId is { } iid && !await db.ProjectIndicators.AnyAsync(x => x.Id == iid && x.ProjectId == id, ct))
        {
            return NotFound();
        }

        if (!Project.IsStaff)
        {
            return Forbid();
        }

        IndicatorId = indicatorId;
        return null;
    }

    public static IReadOnlyList<(string, string)> PresetChoices() =>
        [.. OutcomeRules.Presets.Select(p => (p.Key, p.Computation == IndicatorComputation.None ? p.Name : $"{p.Name} (calculé par Relais)")), (Free, "Un autre indicateur (à décrire ci-dessous)")];

    public static IReadOnlyList<(string, string)> Choices<T>() where T : struct, Enum =>
        EnumLabels.All<T>().Select(x => (x.Value.ToString(), x.Label)).ToList();
}
