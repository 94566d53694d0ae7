using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Outreach;

/// <summary>The Responsable's outreach dashboard over a period, by sector and by campaign, and its CSV export.</summary>
public sealed class OutreachDashboardModel(RelaisDbContext db, HouseholdAccess access, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public DateOnly Start { get; private set; }
    public DateOnly End { get; private set; }
    public OutreachStatistics.Dashboard? Figures { get; private set; }

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
        var name = $"aller-vers_{Start:yyyy-MM-dd}_{End:yyyy-MM-dd}.csv";
        return File(OutreachStatistics.Csv(figures), "text/csv; charset=utf-8", name);
    }

    public string PeriodQuery => $"from={Start:yyyy-MM-dd}&to={End:yyyy-MM-dd}";

    private async Task<OutreachStatistics.Dashboard> ComputeAsync(CancellationToken ct)
    {
        var facts = await OutreachStatistics.LoadAsync(db, access.Scope, Start, End, ct);
        return OutreachStatistics.Compute(facts, clock.LocalTimeZone);
    }

    /// <summary>The period typed (<see cref="StatisticsPeriod"/>).</summary>
    private bool ReadPeriod()
    {
        var period = StatisticsPeriod.Read(From, To, DateOnly.FromDateTime(clock.GetLocalNow().DateTime), ModelState);
        (Start, End, From, To) = (period.Start, period.End, period.From, period.To);
        return ModelState.IsValid;
    }
}
