using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Confidential;

/// <summary>
/// The only way to a document's bytes: loaded through the same confidentiality query as the lists (404 for a document
/// the caller may not see, or another organisation's), the read logged before anything is sent, then sent as an
/// attachment with its checked type and nosniff, never displayed inline.
/// </summary>
public sealed class DownloadDocumentModel(RelaisDbContext db, ConfidentialAccess access, DocumentStore store) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var reader = await access.ReaderAsync(ct);
        var document = await db.AccompanimentDocuments.AsNoTracking().VisibleTo(db, reader)
            .Where(d => d.Id == id)
            .Select(d => new { d.Id, d.OrganisationId, d.Title, d.ContentType, d.StorageName, d.Accompaniment!.HouseholdId })
            .FirstOrDefaultAsync(ct);
        var kind = document is null ? null : DocumentKinds.FromContentType(document.ContentType);
        if (document is null || kind is null)
        {
            return NotFound();
        }

        var path = store.PathOf(document.OrganisationId, document.StorageName);
        if (!System.IO.File.Exists(path))
        {
            return NotFound();
        }

        await access.LogReadAsync(nameof(AccompanimentDocument), document.Id, document.HouseholdId,
            reader.Kind switch { ReaderKind.Partner => "téléchargement partenaire", ReaderKind.Person => "téléchargement habitant", _ => "téléchargement" }, ct);
        var name = document.Title.EndsWith(kind.Value.Extension(), StringComparison.OrdinalIgnoreCase)
            || (kind == DocumentKind.Jpeg && document.Title.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase))
            ? document.Title
            : document.Title + kind.Value.Extension();
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        return PhysicalFile(path, kind.Value.ContentType(), name);
    }
}
