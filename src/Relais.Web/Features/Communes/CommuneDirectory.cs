using System.IO.Compression;
using System.Text;
using Relais.Infrastructure.Text;

namespace Relais.Features.Communes;

public sealed record Commune(string Code, string Name, string DepartementCode, string DepartementName, IReadOnlyList<string> PostalCodes, int? Population)
{
    public string Label => $"{Name} ({DepartementCode})";
}

/// <summary>
/// The INSEE referential of communes (current communes and the arrondissements of Paris, Lyon and Marseille),
/// shipped as <c>communes.csv.gz</c>, extracted from the open data package <c>@etalab/decoupage-administratif</c>
/// by <c>tools/communes/extract.py</c>. Loaded once, in memory (35,000 rows, about 6 MB).
/// </summary>
public sealed class CommuneDirectory
{
    private readonly Lazy<(Dictionary<string, Commune> ByCode, (string Folded, Commune Commune)[] Index)> _data = new(Load);

    public int Count => _data.Value.ByCode.Count;

    public Commune? Find(string? code) =>
        code is not null && _data.Value.ByCode.TryGetValue(code.Trim(), out var c) ? c : null;

    /// <summary>Communes whose name starts with (then contains) the query, or whose postal or INSEE code starts with it; largest first.</summary>
    public IReadOnlyList<Commune> Search(string? query, int limit = 20)
    {
        var folded = SearchText.Fold(query);
        if (folded.Length == 0)
        {
            return [];
        }

        var index = _data.Value.Index;
        if (folded.All(char.IsDigit) || (folded.Length == 5 && folded[..2] is "2a" or "2b"))
        {
            return index.Where(e => e.Commune.Code.StartsWith(folded, StringComparison.OrdinalIgnoreCase)
                                    || e.Commune.PostalCodes.Any(p => p.StartsWith(folded, StringComparison.Ordinal)))
                .Select(e => e.Commune)
                .OrderByDescending(c => c.Population ?? 0)
                .Take(limit).ToList();
        }

        var starts = index.Where(e => e.Folded.StartsWith(folded, StringComparison.Ordinal)).Select(e => e.Commune);
        var contains = index.Where(e => !e.Folded.StartsWith(folded, StringComparison.Ordinal) && e.Folded.Contains(folded, StringComparison.Ordinal)).Select(e => e.Commune);
        return starts.OrderByDescending(c => c.Population ?? 0)
            .Concat(contains.OrderByDescending(c => c.Population ?? 0))
            .Take(limit).ToList();
    }

    private static (Dictionary<string, Commune>, (string, Commune)[]) Load()
    {
        using var stream = typeof(CommuneDirectory).Assembly.GetManifestResourceStream("Relais.Features.Communes.communes.csv.gz")
            ?? throw new InvalidOperationException("communes.csv.gz is not embedded.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var byCode = new Dictionary<string, Commune>(40_000, StringComparer.OrdinalIgnoreCase);
        var index = new List<(string, Commune)>(40_000);
        _ = reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(';');
            var commune = new Commune(f[0], f[1], f[2], f[3],
                f[4].Split(' ', StringSplitOptions.RemoveEmptyEntries),
                int.TryParse(f[5], out var pop) ? pop : null);
            byCode[commune.Code] = commune;
            index.Add((SearchText.Fold(commune.Name), commune));
        }

        return (byCode, index.ToArray());
    }
}

public static class CommunesApi
{
    public sealed record CommuneDto(string Code, string Nom, string Departement, string NomDepartement, IReadOnlyList<string> CodesPostaux);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/communes", (string? q, CommuneDirectory communes) =>
                TypedResults.Ok(communes.Search(q).Select(c => new CommuneDto(c.Code, c.Name, c.DepartementCode, c.DepartementName, c.PostalCodes))))
            .RequireAuthorization(Infrastructure.Security.Permissions.Account.Self)
            .WithTags("Communes")
            .WithSummary("Recherche dans le référentiel INSEE des communes (nom, code postal ou code INSEE).");
    }
}
