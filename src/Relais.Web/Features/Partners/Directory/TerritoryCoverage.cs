using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Features.Partners.DataInclusion;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners.Directory;

public sealed record Epci(string Code, string Name);

/// <summary>
/// The EPCI à fiscalité propre (métropoles, communautés urbaines, d’agglomération, de communes) and their member
/// communes, shipped as <c>epci.csv.gz</c>, extracted from <c>@etalab/decoupage-administratif</c> by
/// <c>tools/communes/extract_epci.py</c>. Loaded once, in memory (1,255 rows).
/// </summary>
public static class Epcis
{
    private static readonly Lazy<(Dictionary<string, Epci> ByCode, Dictionary<string, Epci> ByCommune)> Data = new(Load);

    public static Epci? Find(string? code) => code is not null && Data.Value.ByCode.TryGetValue(code.Trim(), out var e) ? e : null;

    /// <summary>The EPCI a commune belongs to (Paris, Lyon and Marseille's arrondissements: their city's).</summary>
    public static Epci? OfCommune(string? communeCode)
    {
        if (communeCode is null)
        {
            return null;
        }

        var code = communeCode.Trim();
        return Data.Value.ByCommune.TryGetValue(code, out var e) ? e
            : CityOf(code) is { } city && Data.Value.ByCommune.TryGetValue(city, out var c) ? c
            : null;
    }

    /// <summary>The city of a municipal arrondissement (Paris 751xx → 75056, Lyon 6938x → 69123, Marseille 132xx → 13055); null otherwise.</summary>
    public static string? CityOf(string code) => code switch
    {
        _ when code.Length == 5 && code.StartsWith("751", StringComparison.Ordinal) && code != "75056" => "75056",
        _ when code.Length == 5 && code.StartsWith("6938", StringComparison.Ordinal) => "69123",
        _ when code.Length == 5 && string.CompareOrdinal(code, "13201") >= 0 && string.CompareOrdinal(code, "13216") <= 0 => "13055",
        _ => null,
    };

    private static (Dictionary<string, Epci>, Dictionary<string, Epci>) Load()
    {
        using var stream = typeof(Epcis).Assembly.GetManifestResourceStream("Relais.Features.Partners.Directory.epci.csv.gz")
            ?? throw new InvalidOperationException("epci.csv.gz is not embedded.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var byCode = new Dictionary<string, Epci>(1300, StringComparer.Ordinal);
        var byCommune = new Dictionary<string, Epci>(36_000, StringComparer.OrdinalIgnoreCase);
        _ = reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(';');
            var epci = new Epci(f[0], f[1]);
            byCode[epci.Code] = epci;
            foreach (var member in f[2].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                byCommune[member] = epci;
            }
        }

        return (byCode, byCommune);
    }
}

/// <summary>The names of coverage codes: "france", a département, an EPCI or a commune.</summary>
public static class TerritoryNames
{
    public const string France = "france";

    public static string Describe(CommuneDirectory communes, string code)
    {
        if (string.Equals(code, France, StringComparison.OrdinalIgnoreCase))
        {
            return "France entière";
        }

        if (code.Length == 9 && Epcis.Find(code) is { } epci)
        {
            return $"{epci.Name} (EPCI {code})";
        }

        if (code.Length == 5 && communes.Find(code) is { } commune)
        {
            return $"{commune.Name} ({commune.DepartementCode}) – {code}";
        }

        if (code.Length is 2 or 3 && DepartementName(communes, code) is { } dep)
        {
            return $"{dep} (département {code})";
        }

        return code;
    }

    /// <summary>A département's name from any of its communes (the referential has no separate list).</summary>
    public static string? DepartementName(CommuneDirectory communes, string code) => Departements(communes).GetValueOrDefault(code.ToUpperInvariant());

    private static Dictionary<string, string>? _departements;

    private static Dictionary<string, string> Departements(CommuneDirectory communes)
    {
        if (_departements is { } known)
        {
            return known;
        }

        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var digit in "0123456789")
        {
            foreach (var c in communes.Search(digit.ToString(), int.MaxValue))
            {
                map.TryAdd(c.DepartementCode, c.DepartementName);
            }
        }

        _departements = map;
        return map;
    }

    /// <summary>
    /// Reads a coverage code typed by a user: "france", a département (2A, 2B, 01–95, 971–976), a commune's INSEE code
    /// (5 characters) or an EPCI's SIREN (9 digits); null with a French message when unknown.
    /// </summary>
    public static (string? Code, string? Error) Parse(CommuneDirectory communes, string? text)
    {
        var code = (text ?? "").Trim().Replace(" ", "", StringComparison.Ordinal);
        if (code.Length == 0)
        {
            return (null, "Indiquez un code INSEE de commune, un numéro de département, un code d’EPCI ou « france ».");
        }

        if (string.Equals(code, France, StringComparison.OrdinalIgnoreCase))
        {
            return (France, null);
        }

        code = code.ToUpperInvariant();
        return code.Length switch
        {
            5 when communes.Find(code) is not null => (code, null),
            9 when Epcis.Find(code) is not null => (code, null),
            2 or 3 when DepartementName(communes, code) is not null => (code, null),
            _ => (null, $"« {text!.Trim()} » n’est ni un code INSEE de commune, ni un département, ni un code d’EPCI connu, ni « france »."),
        };
    }
}

/// <summary>
/// A place of the territory view: one of the organisation's residences (then its commune), or a commune. Its codes are
/// the commune's INSEE code (and its city's, for an arrondissement of Paris, Lyon or Marseille), its département, its
/// EPCI (when the commune belongs to one) and "france".
/// </summary>
public sealed record TerritoryPlace(string Label, string CommuneCode, Guid? ResidenceId, string? DepartementCode, Epci? Epci)
{
    public IReadOnlyList<string> Codes { get; } =
        new[] { CommuneCode, Epcis.CityOf(CommuneCode), DepartementCode, Epci?.Code, TerritoryNames.France }.Where(c => c is not null).Select(c => c!).ToList();

    public static TerritoryPlace ForCommune(Commune commune, Guid? residenceId = null, string? label = null) =>
        new(label ?? $"{commune.Name} ({commune.DepartementCode})", commune.Code, residenceId, commune.DepartementCode, Epcis.OfCommune(commune.Code));
}

/// <summary>
/// Who covers what on a place: THE rule of the territory view. A service covers a place when it is active, its structure
/// is active, and either its eligibility zone ("zone_eligibilite") holds the place's commune, département, EPCI or
/// "france"; or, when its zone is empty, its structure's coverage holds the place's residence or one of those codes.
/// A service counts for the categories of its themes. Two queries, whatever the number of partners.
/// </summary>
public static class TerritoryCoverage
{
    public sealed record Provider(Guid PartnerId, string PartnerName, PartnerKind Kind, Guid ServiceId, string ServiceName);

    public sealed record Category(string Code, string Label, IReadOnlyList<Provider> Providers)
    {
        public bool IsGap => Providers.Count == 0;
    }

    public static async Task<IReadOnlyList<Category>> ForAsync(RelaisDbContext db, TerritoryPlace place, CancellationToken ct)
    {
        var codes = place.Codes.ToList();
        var covering = await db.PartnerCoverage.AsNoTracking()
            .Where(c => (place.ResidenceId != null && c.ResidenceId == place.ResidenceId) || (c.Code != null && codes.Contains(c.Code)))
            .Select(c => c.PartnerOrganisationId)
            .Distinct()
            .ToListAsync(ct);
        var services = await (from s in db.PartnerServices.AsNoTracking()
                              join p in db.PartnerOrganisations on s.PartnerOrganisationId equals p.Id
                              where s.IsActive && p.IsActive
                              select new { s.Id, s.Name, s.Themes, s.EligibilityZone, PartnerId = p.Id, PartnerName = p.Name, p.Kind })
            .ToListAsync(ct);
        var coveringSet = covering.ToHashSet();
        var codeSet = codes.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var byCategory = new Dictionary<string, List<Provider>>(StringComparer.Ordinal);
        foreach (var s in services)
        {
            var covers = s.EligibilityZone.Count > 0 ? s.EligibilityZone.Any(codeSet.Contains) : coveringSet.Contains(s.PartnerId);
            if (!covers)
            {
                continue;
            }

            foreach (var category in s.Themes.Select(DataInclusionCatalogue.CategoryOf).Distinct())
            {
                if (!byCategory.TryGetValue(category, out var list))
                {
                    byCategory[category] = list = [];
                }

                list.Add(new Provider(s.PartnerId, s.PartnerName, s.Kind, s.Id, s.Name));
            }
        }

        return DataInclusionCatalogue.ThemeCategories
            .Select(c => new Category(c.Code, c.Label,
                byCategory.TryGetValue(c.Code, out var list)
                    ? list.OrderBy(p => p.PartnerName, Users.FrenchText.Comparer).ThenBy(p => p.ServiceName, Users.FrenchText.Comparer).ToList()
                    : []))
            .ToList();
    }
}
