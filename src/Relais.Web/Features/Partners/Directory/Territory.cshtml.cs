using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners.Directory;

/// <summary>
/// The territory view: for a residence of the organisation or a commune, which active partners' services cover each of
/// the 16 data·inclusion theme categories, and the categories nobody covers (the gaps). The rule is <see cref="TerritoryCoverage"/>.
/// </summary>
public sealed class TerritoryModel(RelaisDbContext db, CommuneDirectory communes) : PageModel
{
    public sealed record ResidenceOption(Guid Id, string Name, string CommuneName, string CommuneCode);

    [BindProperty(SupportsGet = true, Name = "residence")] public Guid? ResidenceId { get; set; }
    [BindProperty(SupportsGet = true, Name = "commune")] public string? CommuneText { get; set; }
    [BindProperty(SupportsGet = true, Name = "code")] public string? CommuneCode { get; set; }

    public IReadOnlyList<ResidenceOption> Residences { get; private set; } = [];
    public TerritoryPlace? Place { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<TerritoryCoverage.Category> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Residences = (await db.Residences.AsNoTracking().Select(r => new ResidenceOption(r.Id, r.Name, r.CommuneName, r.CommuneCode)).ToListAsync(ct))
            .OrderBy(r => r.Name, Users.FrenchText.Comparer).ToList();
        if (ResidenceId is { } residenceId)
        {
            var residence = Residences.FirstOrDefault(r => r.Id == residenceId);
            if (residence is null)
            {
                return NotFound();
            }

            var commune = communes.Find(residence.CommuneCode);
            Place = commune is null
                ? new TerritoryPlace($"{residence.Name} ({residence.CommuneName})", residence.CommuneCode, residence.Id, null, Epcis.OfCommune(residence.CommuneCode))
                : TerritoryPlace.ForCommune(commune, residence.Id, $"{residence.Name} ({commune.Name})");
        }
        else if (!string.IsNullOrWhiteSpace(CommuneText) || !string.IsNullOrWhiteSpace(CommuneCode))
        {
            var choice = Organisations.CommuneChoice.Resolve(communes, CommuneText, CommuneCode);
            if (choice.Commune is null)
            {
                Error = choice.Error;
                return Page();
            }

            CommuneText = Organisations.CommuneChoice.Label(choice.Commune);
            CommuneCode = choice.Commune.Code;
            Place = TerritoryPlace.ForCommune(choice.Commune);
        }

        if (Place is not null)
        {
            Categories = await TerritoryCoverage.ForAsync(db, Place, ct);
        }

        return Page();
    }
}
