using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners.Directory;

/// <summary>A structure's page: identity, contacts, coverage, services and agreements. Another organisation's: 404.</summary>
public sealed class StructureModel(RelaisDbContext db, CommuneDirectory communes, TimeProvider clock) : PageModel
{
    public PartnerOrganisation Partner { get; private set; } = null!;
    public IReadOnlyList<(PartnerCoverage Coverage, string Label)> Coverage { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public CommuneDirectory Communes => communes;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var partner = await db.PartnerOrganisations.AsNoTracking().AsSplitQuery()
            .Include(p => p.Contacts).Include(p => p.Coverage).Include(p => p.Services).Include(p => p.Agreements)
            .FirstOrDefaultAsync(p => p.Id == id, ct);
        if (partner is null)
        {
            return NotFound();
        }

        Partner = partner;
        Today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        Coverage = await DirectoryCoverage.DescribeAsync(db, communes, partner.Coverage, ct);
        return Page();
    }
}

public static class DirectoryCoverage
{
    /// <summary>Coverage rows with readable names (residences first, then codes), in one query for the residences.</summary>
    public static async Task<IReadOnlyList<(PartnerCoverage Coverage, string Label)>> DescribeAsync(RelaisDbContext db, CommuneDirectory communes, IReadOnlyList<PartnerCoverage> rows, CancellationToken ct)
    {
        var ids = rows.Where(c => c.ResidenceId is not null).Select(c => c.ResidenceId!.Value).ToList();
        var residences = ids.Count == 0 ? [] : await db.Residences.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.Name, r.CommuneName }).ToListAsync(ct);
        return rows
            .Select(c => (c, c.ResidenceId is { } rid
                ? residences.FirstOrDefault(r => r.Id == rid) is { } r ? $"{r.Name} ({r.CommuneName})" : "Résidence"
                : TerritoryNames.Describe(communes, c.Code ?? "")))
            .OrderBy(x => x.c.ResidenceId is null).ThenBy(x => x.Item2, Users.FrenchText.Comparer)
            .ToList();
    }
}
