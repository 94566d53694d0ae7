using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Demo;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

public sealed class ConfidentialDemoTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_demo_shows_notes_consents_and_documents_to_each_demo_account_as_allowed(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        Guid orgId;
        await using (var scope = app.SystemScope(null, out _))
        {
            orgId = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(scope.ServiceProvider.GetRequiredService<IHostEnvironment>());
        }

        await using (var scope = app.SystemScope(orgId, out var db))
        {
            Assert.Equal(3 + 9, await db.PartnerOrganisations.CountAsync()); // this demo's three, completed by the directory demo's nine
            Assert.True(await db.AccompanimentNotes.CountAsync() >= 8);
            Assert.Equal(1, await db.AccompanimentConsents.CountAsync(c => c.WithdrawnAt != null));
        }

        const string fsl = "Demande d’aide FSL maintien";
        const string plan = "Ce que nous avons convenu ensemble";
        const string memo = "À vérifier avant le prochain entretien";
        var partner = await app.LoginAsync("partenaire@demo.relais.local", DemoSeeder.Password);
        var shared = await (await partner.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(fsl, shared);
        Assert.DoesNotContain(plan, shared);
        Assert.Contains("CCAS de L’Haÿ-les-Roses", shared);

        var resident = await app.LoginAsync("habitant@demo.relais.local", DemoSeeder.Password);
        var mine = (await (await resident.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains(plan, mine.DocumentElement.TextContent);
        Assert.Contains(fsl, mine.DocumentElement.TextContent);
        Assert.DoesNotContain(memo, mine.DocumentElement.TextContent);
        var document = await resident.GetAsync(mine.QuerySelector("ul.documents a")!.GetAttribute("href"));
        var pdf = await document.Content.ReadAsByteArrayAsync();
        Assert.Equal(DocumentKind.Pdf, DocumentKinds.Sniff(pdf));

        var manager = await app.LoginAsync("responsable@demo.relais.local", DemoSeeder.Password);
        Guid accompaniment;
        await using (var scope = app.SystemScope(orgId, out var db))
        {
            accompaniment = await db.AccompanimentNotes.Where(n => n.Text.StartsWith(memo)).Select(n => n.AccompanimentId).SingleAsync();
        }

        var notes = await (await manager.GetAsync($"/Accompaniments/{accompaniment}/Notes")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(fsl, notes);
        Assert.DoesNotContain(memo, notes); // the Conseillère's private note
        var worker = await app.LoginAsync("conseillere@demo.relais.local", DemoSeeder.Password);
        Assert.Contains(memo, await (await worker.GetAsync($"/Accompaniments/{accompaniment}/Notes")).ShouldBe(HttpStatusCode.OK));
    }
}
