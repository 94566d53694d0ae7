namespace Relais.Features.Partners.DataInclusion;

/// <summary>
/// The files of an import between its preview and its confirmation, kept outside wwwroot under
/// <c>{Database:DataFolder}/data-inclusion/{organisation}/{token}.structures.json</c> (and <c>.services.json</c>),
/// found only through the organisation; removed after the import, or after a day when the user leaves at the preview.
/// </summary>
public sealed class DataInclusionUploads(IConfiguration config)
{
    public const long MaxBytes = 50L * 1024 * 1024;
    public const string MaxLabel = "50 Mo";

    private string Root => Path.Combine(config["Database:DataFolder"] ?? "data", "data-inclusion");

    public async Task<string> SaveAsync(Guid organisationId, IFormFile structures, IFormFile? services, CancellationToken ct)
    {
        Sweep();
        var folder = Path.Combine(Root, organisationId.ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        var token = Guid.NewGuid().ToString("N");
        await SaveOneAsync(Path.Combine(folder, $"{token}.structures"), structures, ct);
        if (services is { Length: > 0 })
        {
            await SaveOneAsync(Path.Combine(folder, $"{token}.services"), services, ct);
        }

        return token;
    }

    /// <summary>The stored files of <paramref name="token"/> in the organisation's folder; null when there are none.</summary>
    public (DataInclusionUpload Structures, DataInclusionUpload? Services)? Load(Guid organisationId, string? token)
    {
        if (!Guid.TryParseExact(token, "N", out var parsed))
        {
            return null;
        }

        var stem = Path.Combine(Root, organisationId.ToString("N"), parsed.ToString("N"));
        var structures = LoadOne(stem + ".structures");
        return structures is null ? null : (structures, LoadOne(stem + ".services"));
    }

    public void Delete(Guid organisationId, string token)
    {
        if (Guid.TryParseExact(token, "N", out var parsed))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(Root, organisationId.ToString("N")), parsed.ToString("N") + ".*"))
            {
                TryDelete(file);
            }
        }
    }

    private static async Task SaveOneAsync(string stem, IFormFile file, CancellationToken ct)
    {
        await using (var output = new FileStream(stem + ".json", FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            await file.CopyToAsync(output, ct);
        }

        var name = Path.GetFileName(file.FileName);
        await File.WriteAllTextAsync(stem + ".name", name.Length > 200 ? name[..200] : name, ct);
    }

    private static DataInclusionUpload? LoadOne(string stem) =>
        File.Exists(stem + ".json")
            ? new DataInclusionUpload(File.Exists(stem + ".name") ? File.ReadAllText(stem + ".name") : Path.GetFileName(stem), File.ReadAllBytes(stem + ".json"))
            : null;

    private void Sweep()
    {
        if (!System.IO.Directory.Exists(Root))
        {
            return;
        }

        var limit = DateTime.UtcNow.AddDays(-1);
        foreach (var file in System.IO.Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Where(f => File.GetLastWriteTimeUtc(f) < limit))
        {
            TryDelete(file);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
