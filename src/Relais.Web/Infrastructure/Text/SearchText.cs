using System.Globalization;
using System.Text;

namespace Relais.Infrastructure.Text;

/// <summary>
/// Folds text for accent- and case-insensitive search: "L'Haÿ-les-Roses" becomes "lhay les roses",
/// "Benoît" becomes "benoit". The same folding is applied to stored keys and to what the user types.
/// </summary>
public static class SearchText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (c is '\'' or '’' or 'ʼ' or '`' or '´')
            {
                continue; // "L'Haÿ" is searched as "lhay"
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                switch (c)
                {
                    case 'œ' or 'Œ': builder.Append("oe"); break;
                    case 'æ' or 'Æ': builder.Append("ae"); break;
                    case 'ß': builder.Append("ss"); break;
                    default: builder.Append(char.ToLowerInvariant(c)); break;
                }
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>The folded words of a query, each of which must match.</summary>
    public static string[] Tokens(string? query) =>
        Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct()
            .Take(8)
            .ToArray();
}
