using System.Globalization;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>French checks of the arrears forms' amounts, numbers and months, on top of <see cref="FormCheck"/>.</summary>
public static class ArrearsChecks
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>A positive amount in euros, two decimals at most; null (with its message) when empty or wrong.</summary>
    public static decimal? Amount(this FormCheck check, string key, string? value, string label, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                check.Fail(key, $"Indiquez {label}.");
            }

            return null;
        }

        var amount = ArrearsRules.ParseAmount(value);
        if (amount is not { } a)
        {
            check.Fail(key, $"« {value.Trim()} » n’est pas un montant : écrivez par exemple 1 240 ou 1 240,50.");
            return null;
        }

        if (a <= 0)
        {
            check.Fail(key, $"{FormCheck.Capital(label)} doit être supérieur à zéro.");
            return null;
        }

        if (a > ArrearsRules.MaxAmount)
        {
            check.Fail(key, $"{FormCheck.Capital(label)} ne peut pas dépasser {ArrearsRules.Euros(ArrearsRules.MaxAmount)}.");
            return null;
        }

        if (decimal.Round(a, 2) != a)
        {
            check.Fail(key, $"{FormCheck.Capital(label)} s’écrit avec deux décimales au plus (les centimes).");
            return null;
        }

        return a;
    }

    /// <summary>A whole number between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static int? Whole(this FormCheck check, string key, string? value, string label, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            check.Fail(key, $"Indiquez {label}.");
            return null;
        }

        if (!int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            check.Fail(key, $"« {value.Trim()} » n’est pas un nombre entier.");
            return null;
        }

        if (number < min || number > max)
        {
            check.Fail(key, $"{FormCheck.Capital(label)} doit être compris entre {min.ToString(French)} et {max.ToString(French)}.");
            return null;
        }

        return number;
    }

    /// <summary>A month (yyyy-MM or mm/aaaa), its first day.</summary>
    public static DateOnly? Month(this FormCheck check, string key, string? value, string label)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            check.Fail(key, $"Indiquez {label}.");
            return null;
        }

        var month = ArrearsRules.ParseMonth(value);
        if (month is null || month.Value.Year < 2000 || month.Value.Year > 2100)
        {
            check.Fail(key, $"{FormCheck.Capital(label)} n’est pas un mois valide (mm/aaaa).");
            return null;
        }

        return month;
    }
}

/// <summary>The arrears forms: after a save, back to the arrears follow-up page at the item's section.</summary>
public abstract class ArrearsFormPageModel(AccompanimentAccess access) : FileFormPageModel(access)
{
    public string ArrearsUrl => $"/Accompaniments/Arrears/{Header.Id}";

    protected Microsoft.AspNetCore.Mvc.IActionResult BackToArrears(string message, string anchor)
    {
        TempData["Message"] = message;
        return Redirect($"{ArrearsUrl}#{anchor}");
    }
}
