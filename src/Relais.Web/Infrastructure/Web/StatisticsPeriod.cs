using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Relais.Features.Outreach;

namespace Relais.Infrastructure.Web;

/// <summary>
/// The period of a statistics page, typed as "from" and "to" (yyyy-MM-dd or dd/MM/yyyy); by default the last twelve
/// months up to today. French errors go to the "From" and "To" fields; the period used is returned even when invalid, so
/// that the form shows something sensible.
/// </summary>
public static class StatisticsPeriod
{
    public sealed record Period(DateOnly Start, DateOnly End)
    {
        public string From => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        public string To => End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public static Period Read(string? from, string? to, DateOnly today, ModelStateDictionary state)
    {
        var start = string.IsNullOrWhiteSpace(from) ? today.AddYears(-1).AddDays(1) : CampaignInput.ParseDate(from);
        var end = string.IsNullOrWhiteSpace(to) ? today : CampaignInput.ParseDate(to);
        state.Clear();
        if (start is null)
        {
            state.AddModelError("From", "La date de début de période n’est pas une date valide (jj/mm/aaaa).");
        }

        if (end is null)
        {
            state.AddModelError("To", "La date de fin de période n’est pas une date valide (jj/mm/aaaa).");
        }

        if (start is { } s && end is { } e && e < s)
        {
            state.AddModelError("To", "La fin de la période doit être postérieure ou égale à son début.");
        }

        return new Period(start ?? today.AddYears(-1).AddDays(1), end ?? today);
    }
}
