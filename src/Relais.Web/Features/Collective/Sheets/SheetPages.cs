using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sheets;

/// <summary>
/// What the sheet pages share: the sheet through the organisation filter and the project's visibility (another
/// organisation's sheet, published or not, is a 404 here; only its public URL is readable from outside), and whether
/// the caller is staff of its project (only they edit, finalise and publish).
/// </summary>
public abstract class SheetPage(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : PageModel
{
    public PracticeSheet Sheet { get; protected set; } = null!;
    public string ProjectTitle { get; private set; } = "";
    public bool IsStaff { get; private set; }
    public bool Conflict { get; protected set; }

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public string SheetUrl => $"/Collective/Sheets/{Sheet.Id}";

    /// <summary>The public, anonymous address of a published sheet; null while internal.</summary>
    public string? PublicUrl => Sheet.PublicToken is null ? null : $"{Request.Scheme}://{Request.Host}/Collective/Sheets/Public/{Sheet.PublicToken}";

    protected RelaisDbContext Db => db;

    protected async Task<bool> LoadSheetAsync(Guid sheetId, bool track, CancellationToken ct)
    {
        var query = track ? db.PracticeSheets : db.PracticeSheets.AsNoTracking();
        var sheet = await query.FirstOrDefaultAsync(s => s.Id == sheetId && access.Visible().Any(p => p.Id == s.ProjectId), ct);
        if (sheet is null)
        {
            return false;
        }

        Sheet = sheet;
        ProjectTitle = await access.Visible().Where(p => p.Id == sheet.ProjectId).Select(p => p.Title).FirstAsync(ct);
        IsStaff = await access.IsProjectStaffAsync(sheet.ProjectId, ct);
        return true;
    }

    /// <summary>Personal data found in the sheet (empty when it may be published).</summary>
    protected async Task<IReadOnlyList<string>> PersonalDataAsync(CancellationToken ct)
    {
        var people = await PersonalDataCheck.PeopleOfAsync(db, Sheet.OrganisationId, Sheet.ProjectId, ct);
        var text = string.Join("\n", [Sheet.Title, .. Sheet.Sections().Select(s => s.Text)]);
        return PersonalDataCheck.Find(text, people);
    }

    protected static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    protected IActionResult WithStatus(int status)
    {
        var page = Page();
        page.StatusCode = status;
        return page;
    }
}
