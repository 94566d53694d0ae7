using System.Security.Cryptography;

namespace Relais.Features.Accompaniments.Confidential;

/// <summary>The three kinds of file an accompaniment accepts, recognised by their first bytes.</summary>
public enum DocumentKind
{
    Pdf,
    Png,
    Jpeg,
}

public static class DocumentKinds
{
    public static string ContentType(this DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Png => "image/png",
        _ => "image/jpeg",
    };

    public static string Label(this DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "un PDF",
        DocumentKind.Png => "une image PNG",
        _ => "une image JPEG",
    };

    public static string Extension(this DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => ".pdf",
        DocumentKind.Png => ".png",
        _ => ".jpg",
    };

    public static DocumentKind? FromExtension(string? fileName) => Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
    {
        ".pdf" => DocumentKind.Pdf,
        ".png" => DocumentKind.Png,
        ".jpg" or ".jpeg" => DocumentKind.Jpeg,
        _ => null,
    };

    public static DocumentKind? FromContentType(string contentType) => contentType switch
    {
        "application/pdf" => DocumentKind.Pdf,
        "image/png" => DocumentKind.Png,
        "image/jpeg" => DocumentKind.Jpeg,
        _ => null,
    };

    /// <summary>
    /// Shared by every upload (accompaniment documents, session photos). The type is told by the file's first bytes (PDF, PNG, JPEG), and must be the one its extension claims: a ".pdf" that
    /// is an image or a program is refused. The browser's Content-Type is not trusted.
    /// </summary>
    public static async Task<string?> CheckUploadAsync(IFormFile file, CancellationToken ct)
    {
        var name = Path.GetFileName(file.FileName);
        var claimed = DocumentKinds.FromExtension(name);
        if (claimed is null)
        {
            var extension = Path.GetExtension(name);
            return string.IsNullOrEmpty(extension)
                ? "Seuls les fichiers PDF, PNG ou JPEG sont acceptés : ce fichier n’a pas d’extension."
                : $"Seuls les fichiers PDF, PNG ou JPEG sont acceptés : les fichiers « {extension} » sont refusés.";
        }

        var head = new byte[8];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var actual = DocumentKinds.Sniff(head.AsSpan(0, read));
        if (actual is null)
        {
            return $"Le contenu de « {name} » n’est ni un PDF ni une image PNG ou JPEG : fichier refusé.";
        }

        return actual != claimed
            ? $"« {name} » porte l’extension {Path.GetExtension(name).ToLowerInvariant()} mais son contenu est {actual.Value.Label()} : fichier refusé. Renommez-le avec la bonne extension ({actual.Value.Extension()})."
            : null;
    }

    /// <summary>The kind told by the file's signature ("magic bytes"), whatever its name says; null for anything else.</summary>
    public static DocumentKind? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return DocumentKind.Pdf;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return DocumentKind.Png;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return DocumentKind.Jpeg;
        }

        return null;
    }
}

/// <summary>
/// Where accompaniment documents live: a folder outside the web root (<c>Documents:Folder</c>, by default
/// <c>{Database:DataFolder}/documents</c>, i.e. data/documents), one sub-folder per organisation, each file named by a
/// generated id — never by the name the user gave it — so that nothing can serve or guess it. Only the authorised
/// download page reads them. Upload size is limited by <c>Documents:MaxUploadMegabytes</c> (10 by default).
/// </summary>
public sealed class DocumentStore
{
    public DocumentStore(IConfiguration config, IWebHostEnvironment environment)
    {
        Root = Path.GetFullPath(config["Documents:Folder"] ?? Path.Combine(config["Database:DataFolder"] ?? "data", "documents"));
        MaxMegabytes = Math.Max(1, config.GetValue("Documents:MaxUploadMegabytes", 10));
        if (!string.IsNullOrEmpty(environment.WebRootPath))
        {
            var web = Path.TrimEndingDirectorySeparator(Path.GetFullPath(environment.WebRootPath)) + Path.DirectorySeparatorChar;
            if ((Path.TrimEndingDirectorySeparator(Root) + Path.DirectorySeparatorChar).StartsWith(web, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Documents:Folder ({Root}) is inside the web root ({web}): documents must be stored outside it.");
            }
        }
    }

    public string Root { get; }

    public int MaxMegabytes { get; }

    public long MaxBytes => MaxMegabytes * 1024L * 1024L;

    public string PathOf(Guid organisationId, string storageName) => Path.Combine(Root, organisationId.ToString("N"), storageName);

    public sealed record Stored(string StorageName, long Size, string Sha256);

    /// <summary>Copies <paramref name="content"/> to a new file named by a generated id (written aside, then moved in place).</summary>
    public async Task<Stored> SaveAsync(Guid organisationId, Stream content, CancellationToken ct)
    {
        var name = Guid.CreateVersion7().ToString("N");
        var path = PathOf(organisationId, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".part";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    size += read;
                }
            }

            File.Move(temporary, path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return new Stored(name, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public void Delete(Guid organisationId, string storageName) => File.Delete(PathOf(organisationId, storageName));
}
