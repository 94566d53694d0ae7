using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;

namespace Relais.Features.Partners.DataInclusion;

/// <summary>One value of a data·inclusion reference list: its code and its French label.</summary>
public sealed record ReferenceValue(string Code, string Label, string? Description);

/// <summary>
/// The data·inclusion v1 reference lists (the schema's <c>extra/*.json</c>, embedded unchanged from
/// <c>../shared/data-inclusion-schema/</c>) and the JSON Schemas of a structure and a service. The directory stores the
/// codes; labels come from here.
/// </summary>
public static class DataInclusionCatalogue
{
    public static IReadOnlyList<ReferenceValue> Themes { get; } = Load("thematiques");
    public static IReadOnlyList<ReferenceValue> ServiceTypes { get; } = Load("types-de-services");
    public static IReadOnlyList<ReferenceValue> Publics { get; } = Load("publics");
    public static IReadOnlyList<ReferenceValue> Fees { get; } = Load("frais");
    public static IReadOnlyList<ReferenceValue> ReceptionModes { get; } = Load("modes-accueil");
    public static IReadOnlyList<ReferenceValue> MobilisationModes { get; } = Load("modes-mobilisation");
    public static IReadOnlyList<ReferenceValue> MobilisableBy { get; } = Load("personnes-mobilisatrices");
    public static IReadOnlyList<ReferenceValue> Networks { get; } = Load("reseaux-porteurs");

    /// <summary>
    /// The 16 top-level theme categories (the part of a thématique code before "--"). The schema's list carries only the
    /// detailed themes, so the categories' labels are written here, in the words of the data·inclusion site.
    /// </summary>
    public static IReadOnlyList<ReferenceValue> ThemeCategories { get; } =
    [
        new("logement-hebergement", "Logement et hébergement", null),
        new("difficultes-financieres", "Difficultés financières", null),
        new("difficultes-administratives-ou-juridiques", "Difficultés administratives ou juridiques", null),
        new("sante", "Santé", null),
        new("famille", "Famille", null),
        new("equipement-et-alimentation", "Équipement et alimentation", null),
        new("numerique", "Numérique", null),
        new("mobilite", "Mobilité", null),
        new("lecture-ecriture-calcul", "Lecture, écriture, calcul", null),
        new("remobilisation", "Remobilisation", null),
        new("trouver-un-emploi", "Trouver un emploi", null),
        new("choisir-un-metier", "Choisir un métier", null),
        new("preparer-sa-candidature", "Préparer sa candidature", null),
        new("se-former", "Se former", null),
        new("creer-une-entreprise", "Créer une entreprise", null),
        new("souvrir-a-linternational", "S’ouvrir à l’international", null),
    ];

    /// <summary>The category of a thématique code ("sante--accompagner-les-problemes-de-sante" → "sante").</summary>
    public static string CategoryOf(string themeCode)
    {
        var cut = themeCode.IndexOf("--", StringComparison.Ordinal);
        return cut < 0 ? themeCode : themeCode[..cut];
    }

    /// <summary>The label of a code in a list, or the code itself when unknown (never throws on display).</summary>
    public static string Label(IReadOnlyList<ReferenceValue> list, string code) =>
        Index(list).TryGetValue(code, out var value) ? value.Label : code;

    public static bool IsKnown(IReadOnlyList<ReferenceValue> list, string code) => Index(list).ContainsKey(code);

    /// <summary>A theme code is known when it is a detailed thématique or a category.</summary>
    public static bool IsKnownTheme(string code) => IsKnown(Themes, code) || IsKnown(ThemeCategories, code);

    public static string ThemeLabel(string code) =>
        IsKnown(Themes, code) ? Label(Themes, code) : Label(ThemeCategories, code);

    /// <summary>The embedded JSON Schema text of a structure ("structure") or a service ("service").</summary>
    public static string SchemaText(string name) => ReadResource($"{name}.json");

    private static readonly Dictionary<IReadOnlyList<ReferenceValue>, FrozenDictionary<string, ReferenceValue>> Indexes = new(ReferenceEqualityComparer.Instance);

    private static FrozenDictionary<string, ReferenceValue> Index(IReadOnlyList<ReferenceValue> list)
    {
        lock (Indexes)
        {
            if (!Indexes.TryGetValue(list, out var index))
            {
                Indexes[list] = index = list.ToFrozenDictionary(v => v.Code, StringComparer.Ordinal);
            }

            return index;
        }
    }

    private sealed record Raw(string value, string label, string? description);

    private static List<ReferenceValue> Load(string name)
    {
        var raw = JsonSerializer.Deserialize<List<Raw>>(ReadResource($"extra.{name}.json"))
            ?? throw new InvalidOperationException($"The data·inclusion list {name} is empty.");
        return raw.Select(r => new ReferenceValue(r.value, r.label, r.description)).ToList();
    }

    private static string ReadResource(string suffix)
    {
        var assembly = typeof(DataInclusionCatalogue).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".DataInclusion.Schema." + suffix, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
