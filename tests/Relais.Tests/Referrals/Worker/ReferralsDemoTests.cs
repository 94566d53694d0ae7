using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Demo;
using Relais.Features.Referrals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Referrals.Worker;

/// <summary>The demo's referrals: every status, each resting on what the gate requires, and the Conseillère's unseen answer.</summary>
public sealed class ReferralsDemoTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_demo_has_referrals_in_every_status_and_the_worker_sees_an_answer_in_mes_echeances(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        Guid orgId;
        await using (var scope = app.SystemScope(null, out _))
        {
            orgId = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(scope.ServiceProvider.GetRequiredService<IHostEnvironment>());
        }

        await using (var scope = app.SystemScope(orgId, out var db))
        {
            var referrals = await db.Referrals.AsNoTracking().ToListAsync();
            foreach (var status in Enum.GetValues<ReferralStatus>().Where(s => s != ReferralStatus.Cancelled))
            {
                Assert.Contains(referrals, r => r.Status == status);
            }

            // Every sent referral sharing personal data rests on a consent for its structure, or on a stated override.
            Assert.All(referrals.Where(r => r.SharesPersonalData && r.Status != ReferralStatus.Draft), r =>
                Assert.True(r.ConsentGivenOn is not null || r.OverrideReason is not null
                    || (r.AccompanimentConsentId is { } c && db.AccompanimentConsents.Any(x => x.Id == c && x.PartnerOrganisationId == r.PartnerOrganisationId)), r.SharedInformation));
            Assert.Contains(referrals, r => r.Origin == ReferralOrigin.Project);
            Assert.Contains(referrals, r => !r.SharesPersonalData);
            Assert.Contains(referrals, r => r.OverrideReason is not null);
        }

        var worker = await app.LoginAsync(DemoSeeder.Accounts.Single(a => a.Role == Role.SocialWorker).Email, DemoSeeder.Password);
        var deadlines = (await (await worker.GetAsync("/Accompaniments/Deadlines")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Réponse reçue : acceptée", deadlines.GetElementById("echeances-orientations-reponses")!.ParentElement!.TextContent);
        var list = await (await worker.GetAsync("/Referrals")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Acceptée", list);

        var resident = await app.LoginAsync(DemoSeeder.Accounts.Single(a => a.Role == Role.Resident).Email, DemoSeeder.Password);
        var mine = WebUtility.HtmlDecode(await (await resident.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK));
        Assert.Contains("CCAS de L’Haÿ-les-Roses", mine);
        Assert.Contains("Retirer mon accord", mine);
    }
}
