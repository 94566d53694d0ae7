using System.Net;
using Relais.Features.Communes;
using Relais.Features.Partners;
using Relais.Features.Partners.Directory;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Relais.Tests.Partners.Directory;

/// <summary>
/// The coverage rule of the territory view over a seeded world: the North residence is in L’Haÿ-les-Roses (94038), the
/// South one in Villejuif (94076); both are in the Val-de-Marne (94) and the Métropole du Grand Paris (EPCI 200054781).
/// </summary>
public sealed class TerritoryCoverageTests
{
    private static async Task<World> SeedAsync(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        await using var scope = world.App.SystemScope(world.Id, out var db);

        void Partner(string name, string theme, IReadOnlyList<string> zone, bool active = true, bool serviceActive = true, Guid? residence = null, string? code = null)
        {
            var partner = new PartnerOrganisation { Name = name, IsActive = active, OrganisationId = world.Id };
            db.PartnerOrganisations.Add(partner);
            db.PartnerServices.Add(new PartnerService
            {
                Name = $"Service de {name}", Description = "Un service du territoire.", OrganisationId = world.Id, PartnerOrganisationId = partner.Id,
                Themes = [theme], EligibilityZone = [.. zone], IsActive = serviceActive,
            });
            if (residence is not null || code is not null)
            {
                db.PartnerCoverage.Add(new PartnerCoverage { OrganisationId = world.Id, PartnerOrganisationId = partner.Id, ResidenceId = residence, Code = code });
            }
        }

        Partner("Centre de santé de L’Haÿ", "sante--acces-aux-soins", ["94038"]);
        Partner("ADIL du Val-de-Marne", "logement-hebergement--se-maintenir-dans-le-logement", ["94"]);
        Partner("Conseiller numérique France Services", "numerique--acceder-a-des-services-en-ligne", ["france"]);
        Partner("Auto-école sociale métropolitaine", "mobilite--preparer-un-permis", ["200054781"]);
        Partner("Crèche associative du Parc", "famille--garde-denfants", [], residence: world.SouthResidence.Id);
        Partner("Maison de quartier de Villejuif", "remobilisation--lien-social", [], code: "94076");
        Partner("Mission locale (zone vide, couverture départementale)", "trouver-un-emploi--repondre-a-des-offres-demploi", [], code: "94");
        Partner("Point conseil budget (structure désactivée)", "difficultes-financieres--ameliorer-sa-gestion-budgetaire", ["france"], active: false);
        Partner("Organisme de formation (service inactif)", "se-former--trouver-sa-formation", ["france"], serviceActive: false);
        Partner("Centre de santé lointain", "sante--sante-mentale", ["75056", "69"]);
        Partner("Couverture de la structure ignorée quand le service a sa zone", "famille--soutien-aidants", ["13055"], code: "france");
        await db.SaveChangesAsync();
        return world;
    }

    private static async Task<Dictionary<string, List<string>>> CoverAsync(World world, TerritoryPlace place)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var categories = await TerritoryCoverage.ForAsync(db, place, CancellationToken.None);
        Assert.Equal(16, categories.Count);
        return categories.ToDictionary(c => c.Code, c => c.Providers.Select(p => p.PartnerName).ToList());
    }

    private static TerritoryPlace Place(World world, string code, Guid? residence = null) =>
        TerritoryPlace.ForCommune(world.App.Services.GetRequiredService<CommuneDirectory>().Find(code)!, residence);

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_residence_is_covered_by_its_commune_departement_EPCI_france_and_itself(DatabaseProvider provider)
    {
        var world = await SeedAsync(provider);
        var place = Place(world, "94076", world.SouthResidence.Id);
        Assert.Equal(["94076", "94", "200054781", "france"], place.Codes);

        var covered = await CoverAsync(world, place);
        Assert.Equal(["ADIL du Val-de-Marne"], covered["logement-hebergement"]);
        Assert.Equal(["Conseiller numérique France Services"], covered["numerique"]);
        Assert.Equal(["Auto-école sociale métropolitaine"], covered["mobilite"]);
        Assert.Equal(["Crèche associative du Parc"], covered["famille"]);
        Assert.Equal(["Maison de quartier de Villejuif"], covered["remobilisation"]);
        Assert.Equal(["Mission locale (zone vide, couverture départementale)"], covered["trouver-un-emploi"]);
        Assert.Empty(covered["sante"]); // only L’Haÿ, Paris and the Rhône
        Assert.Empty(covered["difficultes-financieres"]); // the structure is deactivated
        Assert.Empty(covered["se-former"]); // the service is inactive
        Assert.Empty(covered["creer-une-entreprise"]);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_commune_without_a_residence_ignores_residence_only_coverage(DatabaseProvider provider)
    {
        var world = await SeedAsync(provider);
        var villejuif = await CoverAsync(world, Place(world, "94076"));
        Assert.Empty(villejuif["famille"]);
        Assert.Equal(["Maison de quartier de Villejuif"], villejuif["remobilisation"]);

        var lHay = await CoverAsync(world, Place(world, "94038"));
        Assert.Equal(["Centre de santé de L’Haÿ"], lHay["sante"]);
        Assert.Empty(lHay["remobilisation"]);
        Assert.Equal(["ADIL du Val-de-Marne"], lHay["logement-hebergement"]);

        // An arrondissement of Paris: covered by a zone naming Paris (75056) and by the Métropole du Grand Paris, not by the 94.
        var place = Place(world, "75111");
        Assert.Equal(["75111", "75056", "75", "200054781", "france"], place.Codes);
        var paris = await CoverAsync(world, place);
        Assert.Equal(["Centre de santé lointain"], paris["sante"]);
        Assert.Equal(["Conseiller numérique France Services"], paris["numerique"]);
        Assert.Equal(["Auto-école sociale métropolitaine"], paris["mobilite"]);
        Assert.Empty(paris["logement-hebergement"]);
        Assert.Empty(paris["trouver-un-emploi"]);

        // A service with its own zone ignores its structure's coverage (here "france"): only Marseille's.
        Assert.Empty(paris["famille"]);
        Assert.Equal(["Couverture de la structure ignorée quand le service a sa zone"], (await CoverAsync(world, Place(world, "13205")))["famille"]);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_territory_page_lists_who_covers_what_and_the_gaps(DatabaseProvider provider)
    {
        var world = await SeedAsync(provider);
        var agent = await world.LoginAsync(Role.FieldAgent);
        // Reached from the residence's page.
        var manager = await world.LoginAsync(Role.Manager);
        var residencePage = (await (await manager.GetAsync($"/Housing/Residence/{world.SouthResidence.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var link = residencePage.QuerySelectorAll("a").Single(a => a.GetAttribute("href")!.StartsWith("/Partners/Territory", StringComparison.Ordinal));
        Assert.Equal($"/Partners/Territory?residence={world.SouthResidence.Id}", link.GetAttribute("href"));
        var page = (await (await agent.GetAsync(link.GetAttribute("href"))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains(world.SouthResidence.Name, page.QuerySelector("#place")!.TextContent);
        var gaps = page.QuerySelectorAll("#gaps li").Select(li => li.GetAttribute("data-category")).ToList();
        Assert.Equal(["difficultes-financieres", "difficultes-administratives-ou-juridiques", "sante", "equipement-et-alimentation", "lecture-ecriture-calcul",
            "choisir-un-metier", "preparer-sa-candidature", "se-former", "creer-une-entreprise", "souvrir-a-linternational"], gaps);
        Assert.StartsWith("Aucun partenaire ne couvre ces thématiques (10 sur 16)", page.QuerySelector("#gaps-title")!.TextContent);
        var famille = page.QuerySelector("#covered li[data-category='famille']")!;
        Assert.Contains("Crèche associative du Parc", famille.TextContent);
        Assert.Equal(6, page.QuerySelectorAll("#covered > li").Length);

        var commune = (await (await agent.GetAsync("/Partners/Territory?commune=Villejuif")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Villejuif", commune.QuerySelector("#place")!.TextContent);
        Assert.Contains("famille", commune.QuerySelectorAll("#gaps li").Select(li => li.GetAttribute("data-category")));
    }
}
