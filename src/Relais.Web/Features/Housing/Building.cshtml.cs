using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Housing;

/// <summary>A building, staircase by staircase and floor by floor (top floor first), with who lives in each dwelling.</summary>
public sealed class BuildingModel(RelaisDbContext db, CurrentUser me, HouseholdAccess households, TimeProvider clock) : PageModel
{
    public Building Building { get; private set; } = null!;
    public Residence Residence { get; private set; } = null!;
    public List<StaircaseView> Staircases { get; private set; } = [];
    public int DwellingCount { get; private set; }
    public int OccupiedCount { get; private set; }

    public sealed record StaircaseView(string Title, List<FloorView> Floors);

    public sealed record FloorView(int Floor, List<DwellingView> Dwellings)
    {
        public string Label => FloorLabel.Of(Floor);
    }

    public sealed record DwellingView(Guid Id, string Reference, string Door, string Typology, decimal? Surface, bool Occupied, IReadOnlyList<Occupant> Occupants);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var visible = db.Residences.AsNoTracking().VisibleIn(HousingScope.Of(me));
        var building = await visible.Buildings().Include(b => b.Residence).FirstOrDefaultAsync(b => b.Id == id, ct);
        if (building is null)
        {
            return NotFound();
        }

        Building = building;
        Residence = building.Residence!;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var livingThere = HousingQueries.LivingThereOn(today);
        var dwellings = visible.Dwellings().Where(d => d.BuildingId == id);
        var rows = await dwellings
            .Select(d => new { d.Id, d.Reference, d.Staircase, d.Floor, d.Door, d.Typology, d.SurfaceM2, Occupied = d.Households.AsQueryable().Any(livingThere) })
            .ToListAsync(ct);
        var occupants = await Occupants.NamedForAsync(db, me, households, dwellings, today, ct);
        DwellingCount = rows.Count;
        OccupiedCount = rows.Count(r => r.Occupied);

        // The building's staircases in their declared order, then any staircase only its dwellings mention.
        var declared = building.StaircaseList;
        var labels = declared.Concat(rows.Select(r => r.Staircase)
                .Where(s => !declared.Contains(s, StringComparer.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(HousingQueries.NaturalOrder))
            .ToList();
        if (labels.Count == 0)
        {
            labels.Add("");
        }

        Staircases = labels.Select(label => new StaircaseView(
                StaircaseTitle(label, declared.Count),
                rows.Where(r => string.Equals(r.Staircase, label, StringComparison.OrdinalIgnoreCase))
                    .GroupBy(r => r.Floor)
                    .OrderByDescending(g => g.Key)
                    .Select(g => new FloorView(g.Key, g
                        .OrderBy(r => r.Door, HousingQueries.NaturalOrder).ThenBy(r => r.Reference, StringComparer.Ordinal)
                        .Select(r => new DwellingView(r.Id, r.Reference, r.Door, r.Typology, r.SurfaceM2, r.Occupied, occupants[r.Id].ToList()))
                        .ToList()))
                    .ToList()))
            .ToList();
        return Page();
    }

    private static string StaircaseTitle(string label, int declared) => label.Length > 0
        ? $"Escalier {label}"
        : declared == 0 ? "Logements" : "Logements sans escalier indiqué";
}
