using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Accompaniments.Confidential;

namespace Relais.Features.Accompaniments.PersonAccess;

/// <summary>
/// « Télécharger mes données » for the Habitant: a PDF or a JSON file of everything « Mon accompagnement » shows them,
/// for their own accompaniments only (the person is taken from their account, never from the request). Each download is
/// logged in the audit log as a read of each file, before it is sent.
/// </summary>
public sealed class DownloadMyDataModel(ConfidentialAccess access, PersonExports exports) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? format, CancellationToken ct)
    {
        var pdf = string.Equals(format, "pdf", StringComparison.OrdinalIgnoreCase);
        if (!pdf && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest();
        }

        var reader = await access.ReaderAsync(ct);
        if (reader.Kind != ReaderKind.Person || reader.PersonId is not { } person)
        {
            return NotFound();
        }

        var export = await exports.BuildAsync(person, onlyAccompaniment: null, team: false, pdf, ct);
        if (export is null)
        {
            return NotFound();
        }

        var file = pdf ? exports.ToPdf(export) : PersonExports.ToJson(export);
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        return File(file.Content, file.ContentType, file.FileName);
    }
}
