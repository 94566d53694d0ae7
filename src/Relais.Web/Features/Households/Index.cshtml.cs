using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Households;

public sealed class IndexModel(RelaisDbContext db, HouseholdAccess access) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    /// <summary>The number of matches; at most <see cref="HouseholdSearch.CountLimit"/> (see <see cref="TotalIsCapped"/>).</summary>
    public int Total { get; private set; }

    /// <summary>More than <see cref="HouseholdSearch.CountLimit"/> households match: only the first ones are listed.</summary>
    public bool TotalIsCapped { get; private set; }

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public List<Row> Rows { get; private set; } = [];

    public sealed record Row(Guid Id, string Name, string Reference, string? Address, List<string> Members);

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var search = await HouseholdSearch.SearchAsync(db, access.Scope, Q, ct);
        Total = search.Total;
        TotalIsCapped = search.TotalIsCapped;
        PageNumber = Math.Min(PageNumber, PageCount);
        var rows = await search.Page(PageNumber, PageSize)
            .Select(h => new
            {
                h.Id,
                h.TenantReference,
                Members = h.Members.OrderBy(m => m.Role).ThenBy(m => m.BirthDate).Select(m => new { m.FirstName, m.LastName }).ToList(),
                Street = h.Dwelling != null ? h.Dwelling.Building!.Street : null,
                Commune = h.Dwelling != null ? h.Dwelling.Building!.Residence!.CommuneName : null,
                Staircase = h.Dwelling != null ? h.Dwelling.Staircase : null,
                Door = h.Dwelling != null ? h.Dwelling.Door : null,
            })
            .ToListAsync(ct);
        Rows = rows.Select(r => new Row(r.Id,
            r.Members.Count > 0 ? $"{r.Members[0].LastName.ToUpperInvariant()} {r.Members[0].FirstName}" : $"Ménage {r.TenantReference}",
            r.TenantReference,
            r.Street is null ? null : $"{r.Street}, esc. {r.Staircase}, porte {r.Door} – {r.Commune}",
            r.Members.Select(m => $"{m.FirstName} {m.LastName}").ToList())).ToList();
    }
}
