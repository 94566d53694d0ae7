using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners.DataInclusion;

/// <summary>The directory in the data·inclusion schema: download structures.json and services.json (together as a zip, or each alone).</summary>
public sealed class DataInclusionIndexModel(RelaisDbContext db) : PageModel
{
    public int Structures { get; private set; }
    public int Services { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Structures = await db.PartnerOrganisations.CountAsync(p => p.IsActive, ct);
        var organisations = db.PartnerOrganisations.Where(p => p.IsActive).Select(p => p.Id);
        Services = await db.PartnerServices.CountAsync(s => s.IsActive && organisations.Contains(s.PartnerOrganisationId), ct);
    }

    public async Task<IActionResult> OnGetZipAsync(CancellationToken ct) =>
        File(DataInclusionExporter.Zip(await DataInclusionExporter.ExportAsync(db, ct)), "application/zip", $"annuaire-data-inclusion-{DateTime.Today:yyyy-MM-dd}.zip");

    public async Task<IActionResult> OnGetStructuresAsync(CancellationToken ct) =>
        File((await DataInclusionExporter.ExportAsync(db, ct)).Structures, "application/json; charset=utf-8", "structures.json");

    public async Task<IActionResult> OnGetServicesAsync(CancellationToken ct) =>
        File((await DataInclusionExporter.ExportAsync(db, ct)).Services, "application/json; charset=utf-8", "services.json");
}
