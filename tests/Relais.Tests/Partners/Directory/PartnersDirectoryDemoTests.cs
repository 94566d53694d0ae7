using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relais.Features.Demo;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Partners.Directory;

public sealed class PartnersDirectoryDemoTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_demo_directory_has_the_territorys_structures_with_valid_SIRETs_and_shows_gaps(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        Guid orgId;
        await using (var scope = app.SystemScope(null, out _))
        {
            orgId = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(scope.ServiceProvider.GetRequiredService<IHostEnvironment>());
        }

        Guid roses;
        await using (var scope = app.SystemScope(orgId, out var db))
        {
            var partners = await db.PartnerOrganisations.Include(p => p.Services).Include(p => p.Agreements).ToListAsync();
            Assert.True(partners.Count >= 11, $"{partners.Count} structures");
            Assert.All(partners, p => Assert.True(Siret.IsValid(p.Siret), $"{p.Name}: SIRET {p.Siret}"));
            Assert.Single(partners, p => p.Name == "CCAS de L’Haÿ-les-Roses");
            var ccas = partners.Single(p => p.Name == "CCAS de L’Haÿ-les-Roses");
            Assert.Equal(PartnerKind.Ccas, ccas.Kind);
            Assert.NotNull(Assert.Single(ccas.Agreements).DocumentStorageKey);
            Assert.All(partners.SelectMany(p => p.Services).SelectMany(s => s.Themes), t => Assert.True(Features.Partners.DataInclusion.DataInclusionCatalogue.IsKnown(Features.Partners.DataInclusion.DataInclusionCatalogue.Themes, t), t));
            Assert.Equal(ccas.Id, (await db.Users.SingleAsync(u => u.OrganisationId == orgId && u.Role == Role.Partner)).PartnerOrganisationId);
            roses = (await db.Residences.SingleAsync(r => r.Name == "Cité des Roses")).Id;
        }

        var worker = await app.LoginAsync(DemoSeeder.Accounts.Single(a => a.Role == Role.SocialWorker).Email, DemoSeeder.Password);
        var page = (await (await worker.GetAsync($"/Partners/Territory?residence={roses}")).ShouldBe(HttpStatusCode.OK)).Html();
        var gaps = page.QuerySelectorAll("#gaps li").Select(li => li.GetAttribute("data-category")).ToList();
        Assert.Contains("numerique", gaps);
        Assert.Contains("equipement-et-alimentation", gaps); // the solidarity grocery closed
        var covered = page.QuerySelectorAll("#covered > li").Select(li => li.GetAttribute("data-category")).ToList();
        Assert.Contains("logement-hebergement", covered);
        Assert.Contains("sante", covered);
        Assert.Contains("Médiation sociale Bièvre", page.QuerySelector("#covered li[data-category='remobilisation']")!.TextContent);
    }
}
