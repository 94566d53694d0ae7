using System.Text;
using Microsoft.AspNetCore.Mvc;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sheets;

/// <summary>Exports a published sheet as Markdown or as a standalone HTML page (sanitised).</summary>
public sealed class ExportModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : SheetPage(db, access, clock)
{
    public async Task<IActionResult> OnGetAsync(Guid sheetId, string? format, CancellationToken ct)
    {
        if (!await LoadSheetAsync(sheetId, track: false, ct))
        {
            return NotFound();
        }

        if (Sheet.PublishedOn is null)
        {
            return StatusCode(StatusCodes.Status409Conflict, "Seule une fiche publiable hors de l’organisation peut être exportée.");
        }

        return SheetExport.File(this, Sheet, format);
    }
}

public static class SheetExport
{
    public static IActionResult File(Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, PracticeSheet sheet, string? format)
    {
        var name = "fiche-" + string.Concat(Infrastructure.Text.SearchText.Fold(sheet.Title).Replace(' ', '-').Take(60));
        return format == "html"
            ? page.File(Encoding.UTF8.GetBytes(SheetMarkdown.HtmlDocument(sheet)), "text/html; charset=utf-8", name + ".html")
            : page.File(Encoding.UTF8.GetBytes(SheetMarkdown.Document(sheet)), "text/markdown; charset=utf-8", name + ".md");
    }
}
