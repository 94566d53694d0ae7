using System.Globalization;

namespace Relais.Features.Ledger;

/// <summary>
/// Parses the values of a French ledger export without allocating: months (<c>dd/MM/yyyy</c>, <c>MM/yyyy</c>,
/// <c>yyyy-MM</c>, <c>yyyy-MM-dd</c>) and amounts in cents (decimal comma or point, thousands separated by spaces,
/// non-breaking or narrow spaces, an optional euro sign). Every refusal comes with its reason in French.
/// </summary>
public static class LedgerValues
{
    /// <summary>Months are counted as <c>year × 12 + month − 1</c>.</summary>
    public static int MonthNumber(int year, int month) => (year * 12) + month - 1;

    public static DateOnly MonthStart(int monthNumber) => new(monthNumber / 12, (monthNumber % 12) + 1, 1);

    public static string MonthLabel(int monthNumber) => $"{(monthNumber % 12) + 1:00}/{monthNumber / 12}";

    public static bool TryParseMonth(ReadOnlySpan<char> s, out int monthNumber, out string? error)
    {
        monthNumber = 0;
        error = null;
        if (s.IsEmpty)
        {
            error = "mois manquant";
            return false;
        }

        int day = 1, month, year;
        var slash1 = s.IndexOf('/');
        if (slash1 >= 0)
        {
            var rest = s[(slash1 + 1)..];
            var slash2 = rest.IndexOf('/');
            if (slash2 >= 0)
            {
                // dd/MM/yyyy
                if (!Digits(s[..slash1], 1, 2, out day) || !Digits(rest[..slash2], 1, 2, out month) || !Digits(rest[(slash2 + 1)..], 4, 4, out year))
                {
                    error = Unreadable(s);
                    return false;
                }
            }
            else if (!Digits(s[..slash1], 1, 2, out month) || !Digits(rest, 4, 4, out year))
            {
                // MM/yyyy
                error = Unreadable(s);
                return false;
            }
        }
        else if (s.Length is 7 or 10 && s[4] == '-')
        {
            // yyyy-MM or yyyy-MM-dd
            if (!Digits(s[..4], 4, 4, out year) || !Digits(s.Slice(5, 2), 2, 2, out month)
                || (s.Length == 10 && (s[7] != '-' || !Digits(s[8..], 2, 2, out day))))
            {
                error = Unreadable(s);
                return false;
            }
        }
        else
        {
            error = Unreadable(s);
            return false;
        }

        if (month is < 1 or > 12)
        {
            error = $"mois {month} impossible (de 1 à 12)";
            return false;
        }

        if (year is < 1990 or > 2200)
        {
            error = $"année {year} hors de la période acceptée";
            return false;
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = $"le {day:00}/{month:00}/{year} n'existe pas";
            return false;
        }

        monthNumber = MonthNumber(year, month);
        return true;
    }

    private static string Unreadable(ReadOnlySpan<char> s) =>
        $"« {LedgerFields.Clip(s.ToString(), 40)} » n'est pas un mois lisible (attendu jj/mm/aaaa, mm/aaaa ou aaaa-mm)";

    private static bool Digits(ReadOnlySpan<char> s, int min, int max, out int value)
    {
        value = 0;
        if (s.Length < min || s.Length > max)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>
    /// Parses an amount into cents. <paramref name="decimalSeparator"/> is the file's separator (',' or '.'), or '\0'
    /// while unknown: the first amount written with a separator then sets it, and any other amount using the other
    /// one is refused rather than misread.
    /// </summary>
    public static bool TryParseAmount(ReadOnlySpan<char> s, ref char decimalSeparator, out long cents, out string? error)
    {
        cents = 0;
        error = null;
        var original = s;
        if (s.EndsWith("€"))
        {
            s = s[..^1].TrimEnd();
        }
        else if (s.EndsWith("EUR", StringComparison.OrdinalIgnoreCase))
        {
            s = s[..^3].TrimEnd();
        }

        if (s.IsEmpty)
        {
            error = "montant manquant";
            return false;
        }

        var negative = false;
        if (s[0] is '-' or '\u2212' or '+')
        {
            negative = s[0] != '+';
            s = s[1..].TrimStart();
        }

        var hasComma = s.Contains(',');
        var hasPoint = s.Contains('.');
        if (hasComma && hasPoint)
        {
            error = $"« {Show(original)} » mélange virgule et point : écrivez les milliers avec une espace (ex. « 1 240,50 »)";
            return false;
        }

        char separator = hasComma ? ',' : hasPoint ? '.' : '\0';
        if (separator != '\0' && s.IndexOf(separator) != s.LastIndexOf(separator))
        {
            error = $"« {Show(original)} » n'est pas un montant : plusieurs séparateurs décimaux « {separator} »";
            return false;
        }

        if (separator != '\0' && decimalSeparator != '\0' && separator != decimalSeparator)
        {
            error = $"« {Show(original)} » utilise « {separator} » comme séparateur décimal alors que le fichier utilise « {decimalSeparator} » : choisissez le séparateur décimal";
            return false;
        }

        var integerPart = separator == '\0' ? s : s[..s.IndexOf(separator)];
        var fraction = separator == '\0' ? [] : s[(s.IndexOf(separator) + 1)..];
        if (fraction.Length > 2)
        {
            error = $"« {Show(original)} » a plus de deux décimales";
            return false;
        }

        long units = 0;
        var digits = 0;
        var groupDigits = -1; // digits since the last thousands separator; -1 before any
        var previousWasSpace = false;
        foreach (var c in integerPart)
        {
            if (c is >= '0' and <= '9')
            {
                units = (units * 10) + (c - '0');
                digits++;
                if (groupDigits >= 0)
                {
                    groupDigits++;
                }

                previousWasSpace = false;
                if (digits > 10)
                {
                    error = $"« {Show(original)} » est trop grand pour un montant";
                    return false;
                }
            }
            else if (c is ' ' or '\u00A0' or '\u202F' or '\u2009' && digits > 0 && !previousWasSpace && (groupDigits < 0 || groupDigits == 3))
            {
                groupDigits = 0;
                previousWasSpace = true;
            }
            else
            {
                error = $"« {Show(original)} » n'est pas un montant";
                return false;
            }
        }

        if ((digits == 0 && fraction.IsEmpty) || previousWasSpace || groupDigits is >= 0 and not 3)
        {
            error = $"« {Show(original)} » n'est pas un montant";
            return false;
        }

        long fractionCents = 0;
        for (var i = 0; i < 2; i++)
        {
            fractionCents *= 10;
            if (i < fraction.Length)
            {
                var c = fraction[i];
                if (c is < '0' or > '9')
                {
                    error = $"« {Show(original)} » n'est pas un montant";
                    return false;
                }

                fractionCents += c - '0';
            }
        }

        if (separator != '\0')
        {
            if (fraction.IsEmpty)
            {
                error = $"« {Show(original)} » n'est pas un montant (rien après le séparateur décimal)";
                return false;
            }

            decimalSeparator = separator;
        }

        cents = (units * 100) + fractionCents;
        if (negative)
        {
            cents = -cents;
        }

        return true;
    }

    private static string Show(ReadOnlySpan<char> s) => LedgerFields.Clip(s.ToString(), 40);

    /// <summary>French format of an amount in cents: "1 240,50" (narrow no-break space for thousands, as .NET's fr-FR).</summary>
    public static string FormatCents(long cents, char decimalSeparator = ',', string thousands = "\u202F")
    {
        var negative = cents < 0;
        var abs = negative ? -(decimal)cents : cents;
        var units = (long)(abs / 100);
        var fraction = (int)(abs % 100);
        var digits = units.ToString(CultureInfo.InvariantCulture);
        var builder = new System.Text.StringBuilder(digits.Length + 8);
        if (negative)
        {
            builder.Append('-');
        }

        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0)
            {
                builder.Append(thousands);
            }

            builder.Append(digits[i]);
        }

        builder.Append(decimalSeparator).Append(fraction.ToString("00", CultureInfo.InvariantCulture));
        return builder.ToString();
    }
}
