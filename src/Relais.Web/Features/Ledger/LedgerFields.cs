using System.Text.Json;
using Relais.Infrastructure.Text;

namespace Relais.Features.Ledger;

/// <summary>The columns of a rent-ledger file that Relais reads.</summary>
public enum LedgerField
{
    TenantReference,
    DwellingReference,
    Month,
    Billed,
    Paid,
    HousingBenefit,
    Balance,
}

/// <summary>Labels, default French headers and the mapping of an organisation's headers to <see cref="LedgerField"/>.</summary>
public static class LedgerFields
{
    public static IReadOnlyList<LedgerField> All { get; } = Enum.GetValues<LedgerField>();

    /// <summary>The dwelling and the housing benefit may be absent from an export; the rest is needed.</summary>
    public static bool IsRequired(LedgerField field) => field is not (LedgerField.DwellingReference or LedgerField.HousingBenefit);

    public static bool IsAmount(LedgerField field) => field is LedgerField.Billed or LedgerField.Paid or LedgerField.HousingBenefit or LedgerField.Balance;

    /// <summary>The header the exporter writes, also the label shown in the UI.</summary>
    public static string Label(LedgerField field) => field switch
    {
        LedgerField.TenantReference => "Référence locataire",
        LedgerField.DwellingReference => "Référence logement",
        LedgerField.Month => "Mois",
        LedgerField.Billed => "Quittancé",
        LedgerField.Paid => "Payé",
        LedgerField.HousingBenefit => "APL",
        LedgerField.Balance => "Solde",
        _ => field.ToString(),
    };

    /// <summary>Headers recognised without any mapping, as the common French exports write them.</summary>
    public static IReadOnlyList<string> DefaultHeaders(LedgerField field) => field switch
    {
        LedgerField.TenantReference => ["Référence locataire", "Ref locataire", "Réf. locataire", "Locataire", "Référence ménage", "Code locataire", "N° locataire", "Numéro locataire"],
        LedgerField.DwellingReference => ["Référence logement", "Logement", "Ref logement", "Réf. logement", "Code logement", "N° logement", "Numéro logement"],
        LedgerField.Month => ["Mois", "Période", "Mois de quittancement", "Période de quittancement", "Date"],
        LedgerField.Billed => ["Quittancé", "Loyer et charges", "Loyer + charges", "Montant quittancé", "Loyer charges comprises", "Quittancement"],
        LedgerField.Paid => ["Payé", "Réglé", "Encaissé", "Montant payé", "Montant réglé", "Règlements", "Paiements"],
        LedgerField.HousingBenefit => ["APL", "Aide au logement", "APL/AL", "AL", "Allocation logement"],
        LedgerField.Balance => ["Solde", "Solde fin de mois", "Solde débiteur"],
        _ => [],
    };

    /// <summary>Headers are compared folded: case, accents, punctuation and spacing do not matter.</summary>
    public static string FoldHeader(string header) => SearchText.Fold(header);

    /// <summary>Reads the saved mapping (JSON object field → header); unknown keys and blanks are ignored.</summary>
    public static Dictionary<LedgerField, string> ParseMapping(string? json)
    {
        var mapping = new Dictionary<LedgerField, string>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return mapping;
        }

        try
        {
            var raw = JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [];
            foreach (var (key, value) in raw)
            {
                if (Enum.TryParse<LedgerField>(key, out var field) && !string.IsNullOrWhiteSpace(value))
                {
                    mapping[field] = value.Trim();
                }
            }
        }
        catch (JsonException)
        {
            // A damaged mapping is treated as none: the defaults still apply and the next import saves a good one.
        }

        return mapping;
    }

    public static string SerializeMapping(IReadOnlyDictionary<LedgerField, string> mapping) =>
        JsonSerializer.Serialize(All.Where(mapping.ContainsKey).ToDictionary(f => f.ToString(), f => mapping[f]));

    /// <summary>
    /// Finds each field's column in <paramref name="headers"/>. <paramref name="chosen"/> (the user's choice for this file)
    /// wins, then the organisation's <paramref name="saved"/> mapping, then the default headers. A chosen empty header means
    /// "no such column" (allowed for optional fields only).
    /// </summary>
    public static ColumnMap Resolve(IReadOnlyList<string> headers, IReadOnlyDictionary<LedgerField, string>? saved, IReadOnlyDictionary<LedgerField, string>? chosen)
    {
        var folded = headers.Select(FoldHeader).ToList();
        var indexes = new Dictionary<LedgerField, int>();
        var problems = new List<string>();

        int Find(string header)
        {
            var key = FoldHeader(header);
            return key.Length == 0 ? -1 : folded.IndexOf(key);
        }

        foreach (var field in All)
        {
            if (chosen is not null && chosen.TryGetValue(field, out var wanted))
            {
                if (string.IsNullOrWhiteSpace(wanted))
                {
                    if (IsRequired(field))
                    {
                        problems.Add($"Choisissez la colonne « {Label(field)} » : elle est obligatoire.");
                    }

                    continue;
                }

                var at = Find(wanted);
                if (at < 0)
                {
                    problems.Add($"La colonne « {wanted} » choisie pour « {Label(field)} » n'existe pas dans l'en-tête du fichier.");
                }
                else
                {
                    indexes[field] = at;
                }

                continue;
            }

            var index = -1;
            if (saved is not null && saved.TryGetValue(field, out var savedHeader))
            {
                index = Find(savedHeader);
            }

            foreach (var alias in DefaultHeaders(field))
            {
                if (index >= 0)
                {
                    break;
                }

                index = Find(alias);
            }

            if (index >= 0)
            {
                indexes[field] = index;
            }
            else if (IsRequired(field))
            {
                problems.Add($"Colonne « {Label(field)} » introuvable dans l'en-tête ({Describe(headers)}). Vérifiez le séparateur, ou indiquez quelle colonne la contient.");
            }
        }

        foreach (var group in indexes.GroupBy(p => p.Value).Where(g => g.Count() > 1))
        {
            problems.Add($"La colonne « {headers[group.Key]} » est associée à plusieurs champs ({string.Join(", ", group.Select(p => Label(p.Key)))}).");
        }

        return new ColumnMap(headers, indexes, problems);
    }

    private static string Describe(IReadOnlyList<string> headers)
    {
        var shown = headers.Take(12).Select(h => $"« {Clip(h, 60)} »");
        return headers.Count == 1
            ? $"une seule colonne lue : {shown.First()}"
            : $"{headers.Count} colonnes lues : {string.Join(", ", shown)}{(headers.Count > 12 ? "…" : "")}";
    }

    internal static string Clip(string value, int max) => value.Length <= max ? value : value[..max] + "…";
}

/// <summary>Where each field is in the file's records; <see cref="Problems"/> lists what prevents reading it.</summary>
public sealed record ColumnMap(IReadOnlyList<string> Headers, IReadOnlyDictionary<LedgerField, int> Indexes, IReadOnlyList<string> Problems)
{
    public bool IsComplete => Problems.Count == 0;

    public int IndexOf(LedgerField field) => Indexes.TryGetValue(field, out var i) ? i : -1;

    public string? HeaderOf(LedgerField field) => Indexes.TryGetValue(field, out var i) ? Headers[i] : null;

    /// <summary>The mapping to save for the organisation: field → header as written in the file.</summary>
    public Dictionary<LedgerField, string> ToMapping() => Indexes.ToDictionary(p => p.Key, p => Headers[p.Value]);
}
