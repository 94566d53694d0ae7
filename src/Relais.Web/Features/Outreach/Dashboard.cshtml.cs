using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Households;
using Relais.Infrastructure.Data;

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

    /// <summary>The period typed (yyyy-MM-dd or dd/MM/yyyy); by default the last twelve months up to today.</summary>
    private bool ReadPeriod()
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var from = string.IsNullOrWhiteSpace(From) ? today.AddYears(-1).AddDays(1) : CampaignInput.ParseDate(From);
        var to = string.IsNullOrWhiteSpace(To) ? today : CampaignInput.ParseDate(To);
        ModelState.Clear();
        if (from is null)
        {
            ModelState.AddModelError(nameof(From), "La date de début de période n'est pas une date valide (jj/mm/aaaa).");
        }

        if (to is null)
        {
            ModelState.AddModelError(nameof(To), "La date de fin de période n'est pas une date valide (jj/mm/aaaa).");
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
