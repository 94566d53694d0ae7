using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sheets;

/// <summary>
/// A published sheet at its public, anonymous address: no sign-in, no organisation, project or person shown — only
/// the sheet, which was checked free of personal data when published. Any other token (or a withdrawn sheet): 404.
/// </summary>
public sealed class PublicModel(RelaisDbContext db) : PageModel
{
    public PracticeSheet Sheet { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string token, string? format, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return NotFound();
        }

        var sheet = await db.PracticeSheets.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(s => s.PublicToken == token && s.PublishedOn != null, ct);
        if (sheet is null)
        {
            return NotFound();
        }

        Sheet = sheet;
        return format is "md" or "html" ? SheetExport.File(this, sheet, format) : Page();
    }
}
