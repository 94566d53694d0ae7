using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Audit;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Collective.Sessions;

/// <summary>
/// The only way to a session file's bytes: the session's project must be visible to the caller, nobody shown may have
/// withdrawn consent and every person shown must be a member the caller may see (404 otherwise, another organisation's
/// file included); the read is written to the audit log before anything is sent, as an attachment with nosniff.
/// </summary>
public sealed class MediaDownloadModel(RelaisDbContext db, ProjectAccess access, DocumentStore store, TenantContext tenant, AuditReadLog readLog) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var media = await db.SessionMedia.AsNoTracking().Include(m => m.People).Shown().FirstOrDefaultAsync(m => m.Id == id, ct);
        var session = media is null ? null : await SessionLoad.SessionAsync(db, access, media.SessionId, tracked: false, ct);
        var kind = media is null ? null : DocumentKinds.FromContentType(media.ContentType);
        if (media is null || session is null || kind is null)
        {
            return NotFound();
        }

        var visible = await (await access.VisibleMembersAsync(session.Value.Project.Id, ct)).Select(m => m.Id).ToListAsync(ct);
        var path = store.PathOf(media.OrganisationId, media.StorageName);
        if (media.People.Any(p => !visible.Contains(p.MemberId)) || !System.IO.File.Exists(path))
        {
            return NotFound();
        }

        await readLog.LogAsync(tenant.Draft(AuditActions.Read, nameof(SessionMedia), media.Id, null, null, "téléchargement photo ou document de séance"), ct);
        var name = media.Title.EndsWith(kind.Value.Extension(), StringComparison.OrdinalIgnoreCase)
            || (kind == DocumentKind.Jpeg && media.Title.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase))
            ? media.Title
            : media.Title + kind.Value.Extension();
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        return PhysicalFile(path, kind.Value.ContentType(), name);
    }
}
