using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Outreach;
using Relais.Infrastructure.Data;

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

    /// <summary>The period typed (yyyy-MM-dd or dd/MM/yyyy); by default the last twelve months up to today.</summary>
    private bool ReadPeriod()
    {
        var today = access.Today;
        var from = string.IsNullOrWhiteSpace(From) ? today.AddYears(-1).AddDays(1) : CampaignInput.ParseDate(From);
        var to = string.IsNullOrWhiteSpace(To) ? today : CampaignInput.ParseDate(To);
        ModelState.Clear();
        if (from is null)
        {
            ModelState.AddModelError(nameof(From), "La date de début de période n’est pas une date valide (jj/mm/aaaa).");
        }

        if (to is null)
        {
            ModelState.AddModelError(nameof(To), "La date de fin de période n’est pas une date valide (jj/mm/aaaa).");
        }

        if (from is { } f && to is { } t && t < f)
        {
            ModelState.AddModelError(nameof(To), "La fin de la période doit être postérieure ou égale à son début.");
        }

        Start = from ?? today.AddYears(-1).AddDays(1);
        End = to ?? today;
        From = Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To = End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return ModelState.IsValid;
    }
}
