using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Outreach;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Accompaniments;

/// <summary>The Responsable's accompaniment statistics over a period, by sector, by referent and by right, with charts and a CSV export.</summary>
public sealed class StatisticsModel(RelaisDbContext db, AccompanimentAccess access) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public DateOnly Start { get; private set; }
    public DateOnly End { get; private set; }
    public AccompanimentStatistics.Report? Figures { get; private set; }

    public string PeriodQuery => $"from={Start:yyyy-MM-dd}&to={End:yyyy-MM-dd}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ReadPeriod())
        {
            Figures = await ComputeAsync(ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (!ReadPeriod())
        {
            return Page();
        }

        var figures = await ComputeAsync(ct);
        return File(AccompanimentStatistics.Csv(figures), "text/csv; charset=utf-8", $"accompagnements_{Start:yyyy-MM-dd}_{End:yyyy-MM-dd}.csv");
    }

    /// <summary>Charts of one grouping: files in progress, goals reached, non-take-up found.</summary>
    public IEnumerable<BarChart> Charts(string id, IReadOnlyList<StatRow> rows) =>
    [
        new($"{id}-en-cours", "Accompagnements en cours", rows.Select(r => (r.Label, r.OpenAtEnd)).ToList()),
        new($"{id}-objectifs", "Objectifs atteints", rows.Select(r => (r.Label, r.GoalsReached)).ToList()),
        new($"{id}-non-recours", "Non-recours repérés", rows.Select(r => (r.Label, r.NonTakeUp)).ToList()),
    ];

    private async Task<AccompanimentStatistics.Report> ComputeAsync(CancellationToken ct)
    {
        var facts = await AccompanimentStatistics.LoadAsync(db, access, Start, End, ct);
        return AccompanimentStatistics.Compute(facts, Start, End);
    }

    /// <summary>The period typed (<see cref="StatisticsPeriod"/>).</summary>
    private bool ReadPeriod()
    {
        var period = StatisticsPeriod.Read(From, To, access.Today, ModelState);
        (Start, End, From, To) = (period.Start, period.End, period.From, period.To);
        return ModelState.IsValid;
    }
}
