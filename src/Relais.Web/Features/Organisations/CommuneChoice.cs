using System.Text.RegularExpressions;
using Relais.Features.Communes;
using Relais.Infrastructure.Text;

namespace Relais.Features.Organisations;

/// <summary>
/// Reads a commune from a form with the progressive-enhancement picker of <c>site.js</c>: a text field
/// (<c>data-commune-search</c>) and a hidden field that the script fills with the INSEE code. Without the script
/// the hidden field stays as rendered, so the text decides: a typed INSEE code, a postal code of a single commune,
/// a label of the picker ("Nom (94) – 94038") or the exact name of a single commune.
/// </summary>
public static partial class CommuneChoice
{
    public const string Unknown = "Commune inconnue : choisissez une commune dans la liste, ou saisissez son code INSEE ou son code postal.";

    public sealed record Result(Commune? Commune, string? Error);

    /// <summary>The label shown in the text field, as the picker writes it.</summary>
    public static string Label(Commune commune) => $"{commune.Name} ({commune.DepartementCode}) – {commune.Code}";

    public static Result Resolve(CommuneDirectory communes, string? text, string? code)
    {
        text = text?.Trim();
        code = code?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (string.IsNullOrEmpty(code))
            {
                return new(null, "Indiquez la commune.");
            }

            return communes.Find(code) is { } byHiddenCode ? new(byHiddenCode, null) : new(null, Unknown);
        }

        if (TrailingCode().Match(text) is { Success: true } match)
        {
            var typed = match.Groups["code"].Value.ToUpperInvariant();
            if (communes.Find(typed) is { } byInsee)
            {
                return new(byInsee, null);
            }

            var byPostal = communes.Search(typed, limit: 100).Where(c => c.PostalCodes.Contains(typed)).ToList();
            return byPostal.Count switch
            {
                1 => new(byPostal[0], null),
                0 => new(null, $"Commune inconnue : aucune commune n’a le code INSEE ou le code postal « {typed} »."),
                _ => new(null, $"Le code postal {typed} couvre plusieurs communes ({string.Join(", ", byPostal.Take(5).Select(c => c.Name))}{(byPostal.Count > 5 ? "…" : "")}) : choisissez-en une dans la liste ou saisissez son code INSEE."),
            };
        }

        var folded = SearchText.Fold(text);
        if (!string.IsNullOrEmpty(code) && communes.Find(code) is { } picked && SearchText.Fold(picked.Name) == folded)
        {
            return new(picked, null);
        }

        var byName = communes.Search(text, limit: 100).Where(c => SearchText.Fold(c.Name) == folded).ToList();
        return byName.Count switch
        {
            1 => new(byName[0], null),
            0 => new(null, Unknown),
            _ => new(null, $"Plusieurs communes s’appellent « {text} » : choisissez-en une dans la liste, ou saisissez son code INSEE ou son code postal."),
        };
    }

    /// <summary>A code alone, or at the end of a picker label: five digits, or 2A/2B and three digits (Corsica).</summary>
    [GeneratedRegex(@"(?:^|[\s–—(-])(?<code>\d{5}|2[ABab]\d{3})\)?$")]
    private static partial Regex TrailingCode();
}
