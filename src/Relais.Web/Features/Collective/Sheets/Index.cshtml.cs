using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Text;

namespace Relais.Features.Collective.Sheets;

/// <summary>
/// The organisation's library of practice sheets: words of the title and text (accent- and case-insensitive, each word
/// must start a word of the sheet), theme, year.
/// </summary>
public sealed class IndexModel(RelaisDbContext db, ProjectAccess access) : PageModel
{
    public const int PageSize = 50;

    public string? Q { get; private set; }
    public string? Theme { get; private set; }
    public int? Year { get; private set; }

    public IReadOnlyList<string> Themes { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }

    public sealed record Row(Guid Id, string Title, string Theme, int Year, SheetStatus Status, bool Published);

    public async Task OnGetAsync(string? q, string? theme, int? year, CancellationToken ct)
    {
        Q = q?.Trim();
        Theme = string.IsNullOrWhiteSpace(theme) ? null : theme;
        Year = year;
        var visible = access.Visible();
        var sheets = db.PracticeSheets.AsNoTracking().Where(s => visible.Any(p => p.Id == s.ProjectId));
        Themes = await sheets.Select(s => s.Theme).Distinct().OrderBy(t => t).ToListAsync(ct);
        Years = await sheets.Select(s => s.Year).Distinct().OrderByDescending(y => y).ToListAsync(ct);
        foreach (var token in SearchText.Fold(Q).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().Take(8))
        {
            var word = " " + token;
            sheets = sheets.Where(s => s.SearchKey.Contains(word));
        }

        if (Theme is not null)
        {
            sheets = sheets.Where(s => s.Theme == Theme);
        }

        if (Year is { } y)
        {
            sheets = sheets.Where(s => s.Year == y);
        }

        Total = await sheets.CountAsync(ct);
        Rows = await sheets.OrderByDescending(s => s.Year).ThenBy(s => s.Title).Take(PageSize)
            .Select(s => new Row(s.Id, s.Title, s.Theme, s.Year, s.Status, s.PublishedOn != null)).ToListAsync(ct);
    }
}
