using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Relais.Features.Partners.DataInclusion;

/// <summary>A structure of the file, checked against the schema's rules, with its values typed.</summary>
public sealed class StructureRecord
{
    public required DataInclusionItem Item { get; init; }
    public required string Source { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required DateOnly CheckedOn { get; init; }
    public string? Siret { get; init; }
    public string? Description { get; init; }
    public string? Address { get; init; }
    public string? AddressComplement { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public string? CommuneCode { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Website { get; init; }
    public string? SourceUrl { get; init; }
    public string? OpeningHours { get; init; }
    public string? AccessibilityUrl { get; init; }
    public List<string> Networks { get; init; } = [];
}

/// <summary>A service of the file, checked against the schema's rules, with its values typed.</summary>
public sealed class ServiceRecord
{
    public required DataInclusionItem Item { get; init; }
    public required string Source { get; init; }
    public required string StructureId { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required DateOnly CheckedOn { get; init; }
    public string? Type { get; init; }
    public List<string> Themes { get; init; } = [];
    public List<string> Publics { get; init; } = [];
    public string? PublicsDetails { get; init; }
    public string? AccessConditions { get; init; }
    public string? Fees { get; init; }
    public string? FeesDetails { get; init; }
    public List<string> ReceptionModes { get; init; } = [];
    public List<string> MobilisationModes { get; init; } = [];
    public List<string> MobilisableBy { get; init; } = [];
    public string? MobilisationDetails { get; init; }
    public string? MobilisationUrl { get; init; }
    public string? ContactName { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    public string? AddressComplement { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public string? CommuneCode { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? OpeningHours { get; init; }
    public List<string> EligibilityZone { get; init; } = [];
    public int? Weeks { get; init; }
    public double? WeeklyHours { get; init; }
    public string? SourceUrl { get; init; }
}

/// <summary>
/// The data·inclusion v1 schema's rules (structure.json, service.json: required fields, types, lengths, patterns,
/// formats, reference lists), plus what Relais needs to store a value (its columns' lengths). Properties the schema does
/// not know (e.g. <c>_di_surrogate_id</c>, <c>score_qualite</c>, <c>doublons</c>) are ignored. Shared with the export,
/// which writes only values these rules accept.
/// </summary>
public static partial class DataInclusionRules
{
    [GeneratedRegex(@"^\d{14}$")]
    private static partial Regex SiretPattern();

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex PostalCodePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_]{5}$")]
    private static partial Regex InseePattern();

    [GeneratedRegex(@"^([A-Za-z0-9_]{5}|[A-Za-z0-9_]{2,3}|\d{9}|france)$")]
    private static partial Regex ZonePattern();

    // The "email" format as ajv-formats checks it (RFC 5322 simplified), so that an exported address validates there.
    [GeneratedRegex(@"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", RegexOptions.IgnoreCase)]
    private static partial Regex EmailPattern();

    // RFC 3986 characters only (ASCII; unreserved, reserved, and valid percent-escapes), at most one fragment: what
    // ajv-formats' "uri" accepts. Non-ASCII addresses are converted on import (see AsciiUri).
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-._~:/?\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+(?:#(?:[A-Za-z0-9\-._~:/?@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)?$")]
    private static partial Regex UriShape();

    public static bool IsSiretShape(string? v) => v is not null && SiretPattern().IsMatch(v);
    public static bool IsPostalCode(string? v) => v is not null && PostalCodePattern().IsMatch(v);
    public static bool IsInseeCode(string? v) => v is not null && InseePattern().IsMatch(v);
    public static bool IsZoneCode(string? v) => v is not null && ZonePattern().IsMatch(v);
    public static bool IsEmail(string? v) => v is not null && EmailPattern().IsMatch(v);

    /// <summary>
    /// An absolute URI as the schema's "uri" format wants it, at most 2,083 characters; and, stricter than the schema on
    /// purpose, not a link that runs script or opens a local file (javascript:, data:, vbscript:, file:).
    /// </summary>
    public static bool IsUri(string? v) =>
        v is { Length: >= 1 and <= 2083 } && UriShape().IsMatch(v) && Uri.TryCreate(v, UriKind.Absolute, out var u)
        && u.Scheme is not ("javascript" or "data" or "vbscript" or "file");

    /// <summary>
    /// The ASCII form of an absolute web address written with accents or spaces (IDN host in punycode, path and query
    /// percent-encoded), or null when it is no address at all.
    /// </summary>
    public static string? AsciiUri(string v)
    {
        if (!Uri.TryCreate(v.Trim(), UriKind.Absolute, out var u) || u.IsFile || u.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var builder = new UriBuilder(u) { Host = u.IdnHost };
        var ascii = builder.Uri.AbsoluteUri;
        if (builder.Uri.IsDefaultPort)
        {
            ascii = ascii.Replace($":{builder.Uri.Port}/", "/", StringComparison.Ordinal);
        }

        return IsUri(ascii) ? ascii : null;
    }

    public static string FormatDate(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static StructureRecord? Structure(DataInclusionItem item, string file, DataInclusionReport report)
    {
        var r = new ItemReader(item, file, report);
        if (!r.IsObject)
        {
            return null;
        }

        var record = new StructureRecord
        {
            Item = item,
            Source = r.Text("source", required: true, min: 1, max: 100)!,
            Id = r.Text("id", required: true, min: 1, max: 200)!,
            Name = r.Text("nom", required: true, min: 3, max: 150)!,
            CheckedOn = r.Date("date_maj") ?? default,
            Siret = r.Text("siret", exact: 14, check: IsSiretShape, checkReason: "un SIRET s’écrit avec 14 chiffres, sans espace"),
            Description = r.Text("description", min: 5, max: 10000),
            Address = r.Text("adresse", max: 300),
            AddressComplement = r.Text("complement_adresse", max: 300),
            PostalCode = r.Text("code_postal", exact: 5, check: IsPostalCode, checkReason: "un code postal s’écrit avec 5 chiffres"),
            City = r.Text("commune", max: 160),
            CommuneCode = r.Text("code_insee", exact: 5, check: IsInseeCode, checkReason: "un code INSEE de commune a 5 caractères (chiffres, ou 2A/2B pour la Corse)"),
            Latitude = r.Number("latitude"),
            Longitude = r.Number("longitude"),
            Phone = r.Text("telephone", max: 40),
            Email = r.Text("courriel", max: 254, check: IsEmail, checkReason: "adresse électronique invalide"),
            Website = r.Text("site_web", max: 2083, min: 1, check: IsUri, checkReason: UriReason, repair: AsciiUri),
            SourceUrl = r.Text("lien_source", max: 2083, min: 1, check: IsUri, checkReason: UriReason, repair: AsciiUri),
            OpeningHours = r.Text("horaires_accueil", max: 1000),
            AccessibilityUrl = r.Text("accessibilite_lieu", max: 2083, min: 1, check: IsUri, checkReason: UriReason, repair: AsciiUri),
            Networks = r.Codes("reseaux_porteurs", DataInclusionCatalogue.Networks, "réseaux porteurs", minItems: 0),
        };
        if (record.Siret is { } siret && !Siret.IsValid(siret))
        {
            report.Warning(r.Issue("siret", siret, "la clé de contrôle de ce SIRET est fausse (le schéma l’accepte ; vérifiez-le dans l’annuaire des entreprises). Importé tel quel."));
        }

        return r.Failed ? null : record;
    }

    public static ServiceRecord? Service(DataInclusionItem item, string file, DataInclusionReport report)
    {
        var r = new ItemReader(item, file, report);
        if (!r.IsObject)
        {
            return null;
        }

        var record = new ServiceRecord
        {
            Item = item,
            Source = r.Text("source", required: true, min: 1, max: 100)!,
            StructureId = r.Text("structure_id", required: true, min: 1, max: 200)!,
            Id = r.Text("id", required: true, min: 1, max: 200)!,
            Name = r.Text("nom", required: true, min: 3, max: 150)!,
            Description = r.Text("description", required: true, min: 5, max: 10000)!,
            CheckedOn = r.Date("date_maj") ?? default,
            Type = r.Code("type", DataInclusionCatalogue.ServiceTypes, "types de services"),
            Themes = r.Codes("thematiques", DataInclusionCatalogue.Themes, "thématiques", minItems: 0),
            Publics = r.Codes("publics", DataInclusionCatalogue.Publics, "publics", minItems: 1),
            PublicsDetails = r.Text("publics_precisions", max: 2000),
            AccessConditions = r.Text("conditions_acces", max: 2000),
            Fees = r.Code("frais", DataInclusionCatalogue.Fees, "frais"),
            FeesDetails = r.Text("frais_precisions", max: 2000),
            ReceptionModes = r.Codes("modes_accueil", DataInclusionCatalogue.ReceptionModes, "modes d’accueil", minItems: 0),
            MobilisationModes = r.Codes("modes_mobilisation", DataInclusionCatalogue.MobilisationModes, "modes de mobilisation", minItems: 1),
            MobilisableBy = r.Codes("mobilisable_par", DataInclusionCatalogue.MobilisableBy, "personnes mobilisatrices", minItems: 1),
            MobilisationDetails = r.Text("mobilisation_precisions", max: 2000),
            MobilisationUrl = r.Text("lien_mobilisation", max: 2083, min: 1, check: IsUri, checkReason: UriReason, repair: AsciiUri),
            ContactName = r.Text("contact_nom_prenom", max: 160),
            Phone = r.Text("telephone", max: 40),
            Email = r.Text("courriel", max: 254, check: IsEmail, checkReason: "adresse électronique invalide"),
            Address = r.Text("adresse", max: 300),
            AddressComplement = r.Text("complement_adresse", max: 300),
            PostalCode = r.Text("code_postal", exact: 5, check: IsPostalCode, checkReason: "un code postal s’écrit avec 5 chiffres"),
            City = r.Text("commune", max: 160),
            CommuneCode = r.Text("code_insee", exact: 5, check: IsInseeCode, checkReason: "un code INSEE de commune a 5 caractères (chiffres, ou 2A/2B pour la Corse)"),
            Latitude = r.Number("latitude"),
            Longitude = r.Number("longitude"),
            OpeningHours = r.Text("horaires_accueil", max: 1000),
            EligibilityZone = r.Zone("zone_eligibilite"),
            Weeks = r.Integer("nombre_semaines", minimum: 1),
            WeeklyHours = r.Number("volume_horaire_hebdomadaire", minimum: 0),
            SourceUrl = r.Text("lien_source", max: 2083, min: 1, check: IsUri, checkReason: UriReason, repair: AsciiUri),
        };
        return r.Failed ? null : record;
    }

    private const string UriReason = "adresse web invalide : une URL complète est attendue (https://…) ; les liens javascript:, data: et file: sont refusés";

    /// <summary>Reads the properties of one object, reporting each problem against the object's rank and line.</summary>
    private sealed class ItemReader
    {
        private readonly DataInclusionItem _item;
        private readonly string _file;
        private readonly DataInclusionReport _report;

        public ItemReader(DataInclusionItem item, string file, DataInclusionReport report)
        {
            _item = item;
            _file = file;
            _report = report;
            IsObject = item.Value.ValueKind == JsonValueKind.Object;
            if (!IsObject)
            {
                Fail("", Shown(item.Value), "un objet JSON { … } est attendu");
            }
        }

        public bool IsObject { get; }
        public bool Failed { get; private set; }

        public DataInclusionIssue Issue(string field, string value, string reason) =>
            new(_file, _item.Index, _item.Line, field, value, reason);

        private void Fail(string field, string value, string reason)
        {
            Failed = true;
            _report.Error(Issue(field, value, reason));
        }

        private JsonElement? Get(string name, bool required)
        {
            if (_item.Value.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null)
            {
                return v;
            }

            if (required)
            {
                Fail(name, "", v.ValueKind == JsonValueKind.Null ? "champ obligatoire, il vaut null" : "champ obligatoire absent");
            }

            return null;
        }

        public string? Text(string name, bool required = false, int min = 0, int max = int.MaxValue, int? exact = null,
            Func<string, bool>? check = null, string? checkReason = null, Func<string, string?>? repair = null)
        {
            if (Get(name, required) is not { } v)
            {
                return required ? "" : null;
            }

            if (v.ValueKind != JsonValueKind.String)
            {
                Fail(name, Shown(v), $"une chaîne de caractères est attendue, pas {Kind(v)}");
                return required ? "" : null;
            }

            var s = v.GetString()!;
            var length = s.Length;
            if (exact is { } n && length != n)
            {
                Fail(name, Clip(s), checkReason ?? $"{n} caractères attendus");
            }
            else if (length < min)
            {
                Fail(name, Clip(s), min == 1 ? "ne doit pas être vide" : $"trop court : {min} caractères au moins");
            }
            else if (length > max)
            {
                Fail(name, Clip(s), $"trop long : {max.ToString("N0", Fr)} caractères au plus ({length.ToString("N0", Fr)} lus)");
            }
            else if (check is not null && !check(s))
            {
                if (repair?.Invoke(s) is { } repaired && repaired.Length <= max)
                {
                    _report.Warning(Issue(name, Clip(s), $"adresse écrite avec des accents ou des espaces, enregistrée sous sa forme normalisée « {Clip(repaired)} »"));
                    return repaired;
                }

                Fail(name, Clip(s), checkReason ?? "valeur invalide");
            }

            return s;
        }

        public DateOnly? Date(string name)
        {
            if (Get(name, required: true) is not { } v)
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            Fail(name, Shown(v), "une date au format AAAA-MM-JJ est attendue (ex. 2025-02-14)");
            return null;
        }

        public double? Number(string name, double? minimum = null)
        {
            if (Get(name, false) is not { } v)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d))
            {
                Fail(name, Shown(v), $"un nombre est attendu, pas {Kind(v)}");
                return null;
            }

            if (minimum is { } m && d < m)
            {
                Fail(name, Shown(v), $"doit être supérieur ou égal à {m.ToString(Fr)}");
            }

            return d;
        }

        public int? Integer(string name, int minimum)
        {
            if (Get(name, false) is not { } v)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var d) || d != decimal.Truncate(d) || d > int.MaxValue || d < int.MinValue)
            {
                Fail(name, Shown(v), "un nombre entier est attendu");
                return null;
            }

            if (d < minimum)
            {
                Fail(name, Shown(v), $"doit être supérieur ou égal à {minimum}");
            }

            return (int)d;
        }

        public string? Code(string name, IReadOnlyList<ReferenceValue> list, string listName)
        {
            if (Get(name, false) is not { } v)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.String)
            {
                Fail(name, Shown(v), $"un code de la liste « {listName} » est attendu, pas {Kind(v)}");
                return null;
            }

            var code = v.GetString()!;
            if (!DataInclusionCatalogue.IsKnown(list, code))
            {
                Fail(name, Clip(code), $"code inconnu de la liste « {listName} » du schéma data·inclusion");
            }

            return code;
        }

        public List<string> Codes(string name, IReadOnlyList<ReferenceValue> list, string listName, int minItems) =>
            Array(name, minItems, listName, code => DataInclusionCatalogue.IsKnown(list, code), $"code inconnu de la liste « {listName} » du schéma data·inclusion", unique: true);

        public List<string> Zone(string name) =>
            Array(name, 1, "zone d’éligibilité", IsZoneCode, "code géographique invalide : code commune (5), département (2 ou 3), EPCI (9 chiffres) ou « france »", unique: false);

        private List<string> Array(string name, int minItems, string listName, Func<string, bool> valid, string invalidReason, bool unique)
        {
            if (Get(name, false) is not { } v)
            {
                return [];
            }

            if (v.ValueKind != JsonValueKind.Array)
            {
                Fail(name, Shown(v), $"une liste [ … ] de codes est attendue, pas {Kind(v)}");
                return [];
            }

            var codes = new List<string>();
            foreach (var e in v.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String)
                {
                    Fail(name, Shown(e), $"chaque élément de la liste doit être un code (chaîne), pas {Kind(e)}");
                    continue;
                }

                var code = e.GetString()!;
                if (!valid(code))
                {
                    Fail(name, Clip(code), invalidReason);
                }
                else if (unique && codes.Contains(code, StringComparer.Ordinal))
                {
                    Fail(name, Clip(code), "code répété dans la liste (chaque code une seule fois)");
                }

                codes.Add(code);
            }

            if (codes.Count < minItems)
            {
                Fail(name, "[]", $"la liste « {listName} » ne peut pas être vide (null si l’information manque)");
            }

            return codes;
        }

        private static string Kind(JsonElement v) => v.ValueKind switch
        {
            JsonValueKind.String => "une chaîne",
            JsonValueKind.Number => "un nombre",
            JsonValueKind.True or JsonValueKind.False => "un booléen",
            JsonValueKind.Array => "une liste",
            JsonValueKind.Object => "un objet",
            _ => "null",
        };
    }

    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    internal static string Shown(JsonElement v) => Clip(v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText());

    internal static string Clip(string s) => s.Length <= 80 ? s : s[..79] + "…";
}
