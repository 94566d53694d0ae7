using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relais.Features.Demo;
using Relais.Features.Partners;
using Relais.Features.Referrals;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Referrals.Partner;

public sealed class PartnerReferralsDemoTests
{
    /// <summary>The demo Partenaire (CCAS) has referrals to handle from the workers' demo, and sees no internal note.</summary>
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_demo_partner_has_referrals_to_handle(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        Guid organisationId;
        await using (var scope = app.SystemScope(null, out _))
        {
            organisationId = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(scope.ServiceProvider.GetRequiredService<IHostEnvironment>());
        }

        int toHandle;
        List<string> internalNotes;
        await using (app.SystemScope(organisationId, out var db))
        {
            var partnerUser = await db.Users.SingleAsync(u => u.Email == "partenaire@demo.relais.local");
            var structure = partnerUser.PartnerOrganisationId;
            var visible = db.Referrals.Where(r => r.PartnerOrganisationId == structure && r.SentAt != null && r.Status != ReferralStatus.Draft).WhereConsentCurrent();
            toHandle = await visible.CountAsync(r => r.Status == ReferralStatus.Sent);
            internalNotes = await visible.Where(r => r.InternalNote != null).Select(r => r.InternalNote!).ToListAsync();
        }

        Assert.True(toHandle >= 2, $"the demo partner should have referrals to handle, has {toHandle}");
        var partner = await app.LoginAsync("partenaire@demo.relais.local", DemoSeeder.Password);
        var home = (await (await partner.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal($"{toHandle} orientations à traiter.", home.QuerySelector("#orientations-a-traiter")?.TextContent);
        Assert.NotNull(home.QuerySelector("nav a[href='/Partner/Referrals']"));
        var inbox = (await (await partner.GetAsync("/Partner/Referrals?etat=toutes")).ShouldBe(HttpStatusCode.OK)).Html();
        var cards = inbox.QuerySelectorAll(".referral-inbox li");
        Assert.NotEmpty(cards);
        var named = cards.First(c => !c.QuerySelector("h3")!.TextContent.Contains("Orientation anonyme"));
        var page = await (await partner.GetAsync(named.QuerySelector("h3 a")!.GetAttribute("href"))).ShouldBe(HttpStatusCode.OK);
        Assert.All(internalNotes, note => Assert.DoesNotContain(note, page));
    }
}
