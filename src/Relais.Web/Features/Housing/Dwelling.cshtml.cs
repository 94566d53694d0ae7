using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Housing;

/// <summary>A dwelling, where it is, and who lives there (named only to those who may open the household).</summary>
public sealed class DwellingModel(RelaisDbContext db, CurrentUser me, HouseholdAccess households, TimeProvider clock) : PageModel
{
    public Dwelling Dwelling { get; private set; } = null!;
    public Building Building { get; private set; } = null!;
    public Residence Residence { get; private set; } = null!;
    public OccupancyView Occupancy { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var dwellings = db.Residences.AsNoTracking().VisibleIn(HousingScope.Of(me)).Dwellings().Where(d => d.Id == id);
        var dwelling = await dwellings.Include(d => d.Building!).ThenInclude(b => b.Residence).FirstOrDefaultAsync(ct);
        if (dwelling is null)
        {
            return NotFound();
        }

        Dwelling = dwelling;
        Building = dwelling.Building!;
        Residence = Building.Residence!;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var occupied = await dwellings.AnyAsync(d => d.Households.AsQueryable().Any(HousingQueries.LivingThereOn(today)), ct);
        var occupants = await Occupants.NamedForAsync(db, me, households, dwellings, today, ct);
        Occupancy = new OccupancyView(occupied, occupants[id].ToList());
        return Page();
    }
}
