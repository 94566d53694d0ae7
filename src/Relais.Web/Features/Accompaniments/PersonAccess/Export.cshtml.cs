using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Relais.Features.Accompaniments.PersonAccess;

/// <summary>
/// The person's data for the social team to hand over at the person's request (a person without a Habitant account, or
/// who asks at the office): exactly what the person would download from « Mon accompagnement » — never team or private
/// notes — as PDF or JSON. The file is read through the team's scope (404 otherwise); each download is logged with the
/// context « à la demande de la personne ».
/// </summary>
public sealed class ExportPersonDataModel(AccompanimentAccess access, PersonExports exports) : FileFormPageModel(access)
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        return await LoadFileAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnGetDownloadAsync(Guid id, string? format, CancellationToken ct)
    {
        var pdf = string.Equals(format, "pdf", StringComparison.OrdinalIgnoreCase);
        if (!pdf && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest();
        }

        var person = await Access.Visible().AsNoTracking().Where(a => a.Id == id).Select(a => (Guid?)a.PersonId).FirstOrDefaultAsync(ct);
        if (person is null)
        {
            return NotFound();
        }

        var export = await exports.BuildAsync(person.Value, id, team: true, pdf, ct);
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
