using System.Text.RegularExpressions;
using Relais.Infrastructure.Text;

namespace Relais.Features.Communes;

/// <summary>The commune and postal code a form designates, or the French message saying why it does not.</summary>
public sealed record CommuneChoice(Commune? Commune, string? PostalCode, string? CommuneError, string? PostalCodeError)
{
    public bool IsValid => Commune is not null && PostalCode is not null;
}

/// <summary>
/// Reads the commune of a form. With JavaScript, the picker of <c>site.js</c> fills a hidden INSEE code and a
/// label "Nom (dép.) – code"; without it, the user types a name, an INSEE code or a postal code in the text
/// field, and the server resolves it here against <see cref="CommuneDirectory"/>.
/// </summary>
public static partial class CommuneResolution
{
    public const string Unknown = "Commune inconnue du référentiel INSEE.";

    /// <summary>The text the picker shows for a commune, also used to pre-fill edit forms.</summary>
    public static string PickerLabel(Commune c) => $"{c.Name} ({c.DepartementCode}) – {c.Code}";

    public static CommuneChoice Resolve(this CommuneDirectory directory, string? text, string? code, string? postalCode)
    {
        text = text?.Trim() ?? "";
        code = code?.Trim() ?? "";
        var postal = (postalCode ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        var candidates = Candidates(directory, text);

        Commune? commune = null;
        if (code.Length > 0)
        {
            commune = directory.Find(code);
            if (commune is null)
            {
                return new CommuneChoice(null, null, Unknown, null);
            }

            // Without JavaScript the hidden code keeps its first value: a text naming another commune wins.
            if (text.Length > 0 && !candidates.Contains(commune) && candidates.Count > 0)
            {
                commune = null;
            }
            else if (text.Length > 0 && candidates.Count == 0)
            {
                return new CommuneChoice(null, null, Unknown + " Choisissez la commune dans la liste, ou saisissez son nom, son code postal ou son code INSEE.", null);
            }
        }

        if (commune is null)
        {
            if (text.Length == 0)
            {
                return new CommuneChoice(null, null, "Indiquez la commune (nom, code postal ou code INSEE).", null);
            }

            if (candidates.Count == 0)
            {
                return new CommuneChoice(null, null, $"{Unknown} Aucune commune ne correspond à « {text} » : vérifiez l'orthographe, ou saisissez son code postal ou son code INSEE.", null);
            }

            if (candidates.Count > 1 && postal.Length > 0)
            {
                var withPostal = candidates.Where(c => c.PostalCodes.Contains(postal)).ToList();
                if (withPostal.Count > 0)
                {
                    candidates = withPostal;
                }
            }

            if (candidates.Count > 1)
            {
                var listed = string.Join(", ", candidates.Take(6).Select(c => $"{c.Name} ({c.DepartementCode}, code INSEE {c.Code})"));
                var more = candidates.Count > 6 ? $" et {candidates.Count - 6} autres" : "";
                return new CommuneChoice(null, null, $"Plusieurs communes correspondent à « {text} » : {listed}{more}. Saisissez le code INSEE de la bonne commune.", null);
            }

            commune = candidates[0];
        }

        if (postal.Length == 0)
        {
            if (commune.PostalCodes.Contains(text))
            {
                postal = text; // the user typed the postal code in the commune field
            }
            else if (commune.PostalCodes.Count == 1)
            {
                postal = commune.PostalCodes[0];
            }
            else
            {
                return new CommuneChoice(commune, null, null, $"Indiquez le code postal de {commune.Name} : {string.Join(", ", commune.PostalCodes)}.");
            }
        }
        else if (!commune.PostalCodes.Contains(postal))
        {
            return new CommuneChoice(commune, null, null,
                $"Le code postal {postal} n'est pas celui de {commune.Name} ({string.Join(", ", commune.PostalCodes)}).");
        }

        return new CommuneChoice(commune, postal, null, null);
    }

    /// <summary>Communes the text designates exactly: the picker's label, an INSEE or postal code, or a full name.</summary>
    private static List<Commune> Candidates(CommuneDirectory directory, string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        if (PickerLabelPattern().Match(text) is { Success: true } label && directory.Find(label.Groups["code"].Value) is { } picked)
        {
            return [picked];
        }

        if (CodePattern().IsMatch(text))
        {
            var code = text.ToUpperInvariant();
            var byCode = directory.Find(code);
            var byPostal = code.All(char.IsDigit)
                ? directory.Search(code, limit: 1000).Where(c => c.PostalCodes.Contains(code))
                : [];
            return (byCode is null ? byPostal : byPostal.Prepend(byCode)).Distinct().ToList();
        }

        // "Nom", or "Nom (94)" as the picker shows it.
        string? departement = null;
        var name = text;
        if (DepartementSuffixPattern().Match(text) is { Success: true } suffix)
        {
            departement = suffix.Groups["dep"].Value;
            name = text[..suffix.Index];
        }

        var folded = SearchText.Fold(name);
        return directory.Search(name, limit: 5000)
            .Where(c => SearchText.Fold(c.Name) == folded)
            .Where(c => departement is null || string.Equals(c.DepartementCode, departement, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    [GeneratedRegex(@"[–-]\s*(?<code>[0-9][0-9AaBb][0-9]{3})\s*$")]
    private static partial Regex PickerLabelPattern();

    [GeneratedRegex(@"^([0-9]{5}|2[AaBb][0-9]{3})$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"\s*\((?<dep>[0-9][0-9AaBb][0-9]?)\)\s*$")]
    private static partial Regex DepartementSuffixPattern();
}
