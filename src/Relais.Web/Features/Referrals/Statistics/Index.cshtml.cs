using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Outreach;
using Relais.Infrastructure.Data;

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

    /// <summary>The period typed (yyyy-MM-dd or dd/MM/yyyy); by default the last twelve months up to today.</summary>
    private bool ReadPeriod()
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
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
