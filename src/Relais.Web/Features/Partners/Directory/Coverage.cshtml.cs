using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners.Directory;

/// <summary>
/// The places a structure covers: residences of the organisation, communes (picker), départements, EPCI or the whole
/// of France. Its services without an eligibility zone of their own cover these places in the territory view.
/// </summary>
public sealed class CoverageModel(RelaisDbContext db, CommuneDirectory communes) : PageModel
{
    public sealed record ResidenceOption(Guid Id, string Name, string CommuneName);

    public PartnerOrganisation Partner { get; private set; } = null!;
    public IReadOnlyList<(PartnerCoverage Coverage, string Label)> Rows { get; private set; } = [];
    public IReadOnlyList<ResidenceOption> Residences { get; private set; } = [];

    [BindProperty] public Guid? ResidenceId { get; set; }
    [BindProperty] public string? Commune { get; set; }
    [BindProperty] public string? CommuneCode { get; set; }
    [BindProperty] public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostResidenceAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        if (ResidenceId is not { } residenceId || !await db.Residences.AnyAsync(r => r.Id == residenceId, ct))
        {
            ModelState.AddModelError(nameof(ResidenceId), "Choisissez une résidence de l’organisation.");
            return Page();
        }

        return await AddAsync(id, new PartnerCoverage { PartnerOrganisationId = id, ResidenceId = residenceId }, ct);
    }

    public async Task<IActionResult> OnPostCommuneAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        var choice = Organisations.CommuneChoice.Resolve(communes, Commune, CommuneCode);
        if (choice.Commune is null)
        {
            ModelState.AddModelError(nameof(Commune), choice.Error ?? Organisations.CommuneChoice.Unknown);
            return Page();
        }

        return await AddAsync(id, new PartnerCoverage { PartnerOrganisationId = id, Code = choice.Commune.Code }, ct);
    }

    public async Task<IActionResult> OnPostCodeAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        var (code, error) = TerritoryNames.Parse(communes, Code);
        if (code is null)
        {
            ModelState.AddModelError(nameof(Code), error!);
            return Page();
        }

        return await AddAsync(id, new PartnerCoverage { PartnerOrganisationId = id, Code = code }, ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid coverageId, CancellationToken ct)
    {
        var row = await db.PartnerCoverage.FirstOrDefaultAsync(c => c.Id == coverageId && c.PartnerOrganisationId == id, ct);
        if (row is null)
        {
            return NotFound();
        }

        db.PartnerCoverage.Remove(row);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "Le lieu est retiré du territoire couvert.";
        return Redirect($"/Partners/Coverage/{id}");
    }

    private async Task<IActionResult> AddAsync(Guid id, PartnerCoverage row, CancellationToken ct)
    {
        var label = row.ResidenceId is null ? TerritoryNames.Describe(communes, row.Code!) : Residences.FirstOrDefault(r => r.Id == row.ResidenceId)?.Name ?? "La résidence";
        if (Rows.Any(r => (row.ResidenceId is not null && r.Coverage.ResidenceId == row.ResidenceId) || (row.Code is not null && string.Equals(r.Coverage.Code, row.Code, StringComparison.OrdinalIgnoreCase))))
        {
            TempData["Message"] = $"« {label} » fait déjà partie du territoire couvert.";
            return Redirect($"/Partners/Coverage/{id}");
        }

        db.PartnerCoverage.Add(row);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"« {label} » est ajouté au territoire couvert.";
        return Redirect($"/Partners/Coverage/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var partner = await db.PartnerOrganisations.AsNoTracking().Include(p => p.Coverage).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (partner is null)
        {
            return false;
        }

        Partner = partner;
        Rows = await DirectoryCoverage.DescribeAsync(db, communes, partner.Coverage, ct);
        Residences = (await db.Residences.AsNoTracking().Select(r => new ResidenceOption(r.Id, r.Name, r.CommuneName)).ToListAsync(ct))
            .OrderBy(r => r.Name, Users.FrenchText.Comparer).ToList();
        return true;
    }
}
