using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relais.Features.Demo;
using Relais.Features.Referrals.Partner;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Referrals.Partner;

public sealed class PartnerReferralsDemoTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_demo_partner_has_referrals_to_handle(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        await using (var scope = app.SystemScope(null, out _))
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(scope.ServiceProvider.GetRequiredService<IHostEnvironment>());
        }

        var partner = await app.LoginAsync("partenaire@demo.relais.local", DemoSeeder.Password);
        var home = (await (await partner.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("2 orientations à traiter.", home.QuerySelector("#orientations-a-traiter")?.TextContent);
        var inbox = (await (await partner.GetAsync("/Partner/Referrals?etat=toutes")).ShouldBe(HttpStatusCode.OK)).Html();
        var cards = inbox.QuerySelectorAll(".referral-inbox li");
        Assert.Equal(3, cards.Length);
        Assert.Contains(cards, c => c.TextContent.Contains("Orientation anonyme"));
        Assert.All(cards, c => Assert.Contains(PartnerReferralsDemo.ServiceName, c.TextContent));
        var named = cards.First(c => !c.QuerySelector("h3")!.TextContent.Contains("Orientation anonyme"));
        var page = await (await partner.GetAsync(named.QuerySelector("h3 a")!.GetAttribute("href"))).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Demande d’aide du FSL", page);
        Assert.DoesNotContain("échéancier bailleur", page); // the internal note
    }
}
