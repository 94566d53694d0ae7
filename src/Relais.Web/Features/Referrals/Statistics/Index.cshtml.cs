using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Outreach;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Referrals.Statistics;

/// <summary>The Responsable's referral statistics over a period: by partner, theme, status; time to answer; partners without answer; CSV.</summary>
public sealed class ReferralStatisticsModel(RelaisDbContext db, ReferralAccess access, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public DateOnly Start { get; private set; }
    public DateOnly End { get; private set; }
    public ReferralStatistics.Report? Figures { get; private set; }

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
        return File(ReferralStatistics.Csv(figures), "text/csv; charset=utf-8", $"orientations_{Start:yyyy-MM-dd}_{End:yyyy-MM-dd}.csv");
    }

    private async Task<ReferralStatistics.Report> ComputeAsync(CancellationToken ct) =>
        await ReferralStatistics.ComputeAsync(db, await access.VisibleAsync(ct), Start, End, clock.LocalTimeZone, ct);

    /// <summary>The period typed (<see cref="StatisticsPeriod"/>).</summary>
    private bool ReadPeriod()
    {
        var period = StatisticsPeriod.Read(From, To, DateOnly.FromDateTime(clock.GetLocalNow().DateTime), ModelState);
        (Start, End, From, To) = (period.Start, period.End, period.From, period.To);
        return ModelState.IsValid;
    }
}
