using System.Globalization;

namespace Relais.Features.Signals;

/// <summary>French formatting of the figures that signals explain themselves with ("1 240 €", "2,8 mois", "mars 2026").</summary>
public static class SignalText
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Whole euros without decimals ("1 240 €"), cents only when there are some ("1 240,50 €"); groups and unit
    /// are separated by non-breaking spaces so that a figure never breaks across lines.</summary>
    public static string Euros(decimal amount)
    {
        var rounded = Math.Round(amount, 2, MidpointRounding.AwayFromZero);
        var text = rounded == decimal.Truncate(rounded)
            ? rounded.ToString("#,##0", French)
            : rounded.ToString("#,##0.00", French);
        return text + "\u00a0€";
    }

    /// <summary>A number of months of rent with one decimal, truncated so that it never reads above the real ratio ("2,8").</summary>
    public static string Months(decimal months) =>
        (decimal.Truncate(months * 10) / 10).ToString("0.0", French);

    /// <summary>A threshold as the Responsable typed it: "2" or "2,5".</summary>
    public static string Threshold(decimal value) => value.ToString("0.##", French);

    /// <summary>"mars 2026".</summary>
    public static string Month(DateOnly month) => month.ToString("MMMM yyyy", French);

    /// <summary>"1 mois", "3 mois" (the word does not change, the number is spelled with digits).</summary>
    public static string MonthCount(int count) => count.ToString(French) + "\u00a0mois";

    /// <summary>"1 ménage", "12 345 ménages": the number with French grouping and the right form of the noun.</summary>
    public static string Count(int count, string singular, string plural) =>
        $"{count.ToString("#,##0", French)}\u00a0{(count > 1 ? plural : singular)}";

    /// <summary>"depuis 12 jours", "depuis aujourd'hui".</summary>
    public static string Age(DateTimeOffset since, DateTimeOffset now)
    {
        var days = (int)Math.Floor((now - since).TotalDays);
        return days switch
        {
            <= 0 => "aujourd’hui",
            1 => "depuis 1\u00a0jour",
            _ => $"depuis {days.ToString("#,##0", French)}\u00a0jours",
        };
    }
}
