using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Housing;

/// <summary>A residence and its buildings.</summary>
public sealed class ResidenceModel(RelaisDbContext db, CurrentUser me, CommuneDirectory communes, TimeProvider clock) : PageModel
{
    public Residence Residence { get; private set; } = null!;
    public string SectorName { get; private set; } = "";
    public Commune? Commune { get; private set; }
    public List<BuildingRow> Buildings { get; private set; } = [];

    public sealed record BuildingRow(Guid Id, string Name, string Street, IReadOnlyList<string> Staircases, int Floors, int Dwellings, int Occupied);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var scope = HousingScope.Of(me);
        var residences = db.Residences.AsNoTracking().VisibleIn(scope).Where(r => r.Id == id);
        var found = await residences.Select(r => new { Residence = r, SectorName = r.Sector!.Name }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return NotFound();
        }

        Residence = found.Residence;
        SectorName = found.SectorName;
        Commune = communes.Find(Residence.CommuneCode);
        var livingThere = HousingQueries.LivingThereOn(DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        var buildings = await residences.Buildings()
            .Select(b => new { b.Id, b.Name, b.Street, b.Staircases, b.Floors, Dwellings = b.Dwellings.Count, Occupied = b.Dwellings.Count(d => d.Households.AsQueryable().Any(livingThere)) })
            .ToListAsync(ct);
        Buildings = buildings
            .Select(b => new BuildingRow(b.Id, b.Name, b.Street, Building.SplitStaircases(b.Staircases), b.Floors, b.Dwellings, b.Occupied))
            .OrderBy(b => b.Name, HousingQueries.NaturalOrder)
            .ToList();
        return Page();
    }
}
