using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;
using Relais.Infrastructure.Text;

namespace Relais.Features.Housing;

/// <summary>The residences the user may browse, with their size and occupancy; filtered by sector and text.</summary>
public sealed class IndexModel(RelaisDbContext db, CurrentUser me, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Sector { get; set; }

    public List<SectorOption> Sectors { get; private set; } = [];
    public List<Row> Rows { get; private set; } = [];

    public sealed record SectorOption(Guid Id, string Name);

    public sealed record Row(Guid Id, string Name, string CommuneName, string PostalCode, string SectorName, int Buildings, int Dwellings, int Occupied);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = HousingScope.Of(me);
        var sectors = db.Sectors.AsNoTracking();
        if (!scope.All)
        {
            var mine = scope.SectorIds.ToList();
            sectors = sectors.Where(s => mine.Contains(s.Id));
        }

        Sectors = await sectors.OrderBy(s => s.Name).Select(s => new SectorOption(s.Id, s.Name)).ToListAsync(ct);

        var residences = db.Residences.AsNoTracking().VisibleIn(scope);
        if (Sector is { } sector)
        {
            residences = residences.Where(r => r.SectorId == sector);
        }

        var livingThere = HousingQueries.LivingThereOn(DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        var rows = await residences
            .Select(r => new Row(r.Id, r.Name, r.CommuneName, r.PostalCode, r.Sector!.Name,
                r.Buildings.Count,
                r.Buildings.SelectMany(b => b.Dwellings).Count(),
                r.Buildings.SelectMany(b => b.Dwellings).Count(d => d.Households.AsQueryable().Any(livingThere))))
            .ToListAsync(ct);

        // Residences are few (tens, a few hundred): the accent-insensitive text filter runs in memory.
        var tokens = SearchText.Tokens(Q);
        Rows = rows
            .Where(r => tokens.Length == 0 || tokens.All(SearchText.Fold($"{r.Name} {r.CommuneName} {r.PostalCode} {r.SectorName}").Contains))
            .OrderBy(r => SearchText.Fold(r.Name), StringComparer.Ordinal)
            .ToList();
    }
}
