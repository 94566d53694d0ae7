using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Features.Partners.DataInclusion;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Text;

namespace Relais.Features.Partners.Directory;

/// <summary>
/// The partner directory: every structure of the organisation, searched by name (accents and case ignored) and filtered
/// by kind, theme category (of its active services) and commune (located there or covering it). A directory holds tens
/// to a few hundred structures: three queries, then filtering in memory.
/// </summary>
public sealed class DirectoryIndexModel(RelaisDbContext db, CommuneDirectory communes) : PageModel
{
    public sealed record Card(PartnerOrganisation Partner, IReadOnlyList<string> Categories, int Services);

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public PartnerKind? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "theme")] public string? Theme { get; set; }
    [BindProperty(SupportsGet = true, Name = "commune")] public string? CommuneText { get; set; }
    [BindProperty(SupportsGet = true, Name = "code")] public string? CommuneCode { get; set; }

    public Commune? Commune { get; private set; }
    public string? CommuneError { get; private set; }
    public int Total { get; private set; }
    public IReadOnlyList<Card> Cards { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var partners = await db.PartnerOrganisations.AsNoTracking().ToListAsync(ct);
        var services = await db.PartnerServices.AsNoTracking().Where(s => s.IsActive)
            .Select(s => new { s.PartnerOrganisationId, s.Themes, s.EligibilityZone }).ToListAsync(ct);
        Total = partners.Count;
        IEnumerable<PartnerOrganisation> shown = partners;

        var folded = SearchText.Fold(Query);
        if (folded.Length > 0)
        {
            shown = shown.Where(p => SearchText.Fold(p.Name).Contains(folded, StringComparison.Ordinal));
        }

        if (Kind is { } kind)
        {
            shown = shown.Where(p => p.Kind == kind);
        }

        var categories = services.GroupBy(s => s.PartnerOrganisationId)
            .ToDictionary(g => g.Key, g => g.SelectMany(s => s.Themes).Select(DataInclusionCatalogue.CategoryOf).Distinct().ToList());
        if (!string.IsNullOrEmpty(Theme))
        {
            shown = shown.Where(p => categories.TryGetValue(p.Id, out var c) && c.Contains(Theme));
        }

        if (!string.IsNullOrWhiteSpace(CommuneText) || !string.IsNullOrWhiteSpace(CommuneCode))
        {
            var choice = Organisations.CommuneChoice.Resolve(communes, CommuneText, CommuneCode);
            Commune = choice.Commune;
            CommuneError = choice.Error;
            if (Commune is not null)
            {
                CommuneText = Organisations.CommuneChoice.Label(Commune);
                CommuneCode = Commune.Code;
                var place = TerritoryPlace.ForCommune(Commune);
                var codes = place.Codes.ToList();
                var covering = (await db.PartnerCoverage.AsNoTracking()
                        .Where(c => c.Code != null && codes.Contains(c.Code))
                        .Select(c => c.PartnerOrganisationId).ToListAsync(ct))
                    .Concat(await (from c in db.PartnerCoverage
                                   join r in db.Residences on c.ResidenceId equals r.Id
                                   where r.CommuneCode == place.CommuneCode
                                   select c.PartnerOrganisationId).ToListAsync(ct))
                    .Concat(services.Where(s => s.EligibilityZone.Any(z => codes.Contains(z, StringComparer.OrdinalIgnoreCase))).Select(s => s.PartnerOrganisationId))
                    .ToHashSet();
                shown = shown.Where(p => p.CommuneCode == place.CommuneCode || covering.Contains(p.Id));
            }
        }

        Cards = shown.OrderByDescending(p => p.IsActive).ThenBy(p => p.Name, Users.FrenchText.Comparer)
            .Select(p => new Card(p,
                categories.TryGetValue(p.Id, out var c) ? DataInclusionCatalogue.ThemeCategories.Where(t => c.Contains(t.Code)).Select(t => t.Label).ToList() : [],
                services.Count(s => s.PartnerOrganisationId == p.Id)))
            .ToList();
    }
}
