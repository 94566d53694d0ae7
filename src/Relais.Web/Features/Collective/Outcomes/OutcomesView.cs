using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective.Budget;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Outcomes;

/// <summary>A project's indicators with their measurements and, for the computable ones, today's computed value.</summary>
public sealed record OutcomesView(ProjectHeader Project, IReadOnlyList<OutcomesView.Item> Indicators, Guid? SheetId)
{
    public sealed record Item(ProjectIndicator Indicator, IReadOnlyList<IndicatorMeasurement> Measurements, int? Computed)
    {
        public IndicatorMeasurement? Latest => Measurements.OrderBy(m => m.MeasuredOn).ThenBy(m => m.CreatedAt).LastOrDefault();
        public IndicatorChart? Chart => IndicatorChart.Of(Measurements, Indicator.Target, Indicator.Unit);
        public string Format(decimal value) => OutcomeRules.Value(value, Indicator.Unit);
    }

    public static async Task<OutcomesView?> LoadAsync(RelaisDbContext db, ProjectAccess access, Guid projectId, DateTimeOffset now, CancellationToken ct)
    {
        var header = await ProjectHeader.LoadAsync(access, projectId, ct);
        if (header is null)
        {
            return null;
        }

        var indicators = await db.ProjectIndicators.AsNoTracking().Where(i => i.ProjectId == projectId).OrderBy(i => i.CreatedAt).ToListAsync(ct);
        var ids = indicators.Select(i => i.Id).ToList();
        var measurements = ids.Count == 0
            ? []
            : await db.IndicatorMeasurements.AsNoTracking().Where(m => ids.Contains(m.IndicatorId)).OrderBy(m => m.MeasuredOn).ThenBy(m => m.CreatedAt).ToListAsync(ct);
        var computed = indicators.Any(i => i.Computation != IndicatorComputation.None)
            ? await OutcomeRules.ComputeAsync(db, projectId, now, ct)
            : new Dictionary<IndicatorComputation, int>();
        var sheet = await db.PracticeSheets.AsNoTracking().Where(s => s.ProjectId == projectId).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        var items = indicators.Select(i => new Item(i, measurements.Where(m => m.IndicatorId == i.Id).ToList(),
            computed.TryGetValue(i.Computation, out var c) ? c : null)).ToList();
        return new OutcomesView(header, items, sheet);
    }
}
