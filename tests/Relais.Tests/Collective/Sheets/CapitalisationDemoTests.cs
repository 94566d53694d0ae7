using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relais.Features.Collective;
using Relais.Features.Collective.Sheets;
using Relais.Features.Demo;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Collective.Sheets;

/// <summary>The demo's budgets, indicators and closed project with its published sheet, as the demo accounts see them.</summary>
public sealed class CapitalisationDemoTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_demo_has_a_funded_project_with_indicators_and_a_closed_one_with_its_published_sheet(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        Guid orgId;
        await using (var scope = app.SystemScope(null, out _))
        {
            orgId = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(scope.ServiceProvider.GetRequiredService<IHostEnvironment>());
        }

        Guid muralId;
        PracticeSheet sheet;
        await using (var scope = app.SystemScope(orgId, out var db))
        {
            muralId = await db.Projects.Where(p => p.Title == "Fresque du passage couvert").Select(p => p.Id).SingleAsync();
            Assert.Equal(3, await db.ProjectFundingLines.CountAsync(l => l.ProjectId == muralId));
            Assert.Equal(3, await db.ProjectIndicators.CountAsync(i => i.ProjectId == muralId));
            sheet = await db.PracticeSheets.SingleAsync();
            Assert.Equal(ProjectStatus.Closed, (await db.Projects.SingleAsync(p => p.Id == sheet.ProjectId)).Status);
            Assert.NotNull(sheet.PublicToken);
        }

        var manager = await app.LoginAsync(DemoSeeder.Accounts.Single(a => a.Role == Role.Manager).Email, DemoSeeder.Password);
        Assert.Contains("Contrat de ville", await (await manager.GetAsync($"/Collective/Budget/{muralId}")).ShouldBe(HttpStatusCode.OK));
        var outcomes = (await (await manager.GetAsync($"/Collective/Outcomes/{muralId}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(2, outcomes.QuerySelectorAll("svg[role=img]").Length); // the two measured indicators; "séances tenues" is computed only
        Assert.Equal(3, outcomes.QuerySelectorAll("table.indicator-table").Length);
        Assert.Contains("Jardins partagés", await (await manager.GetAsync("/Collective/Sheets?q=jardins")).ShouldBe(HttpStatusCode.OK));
        var page = await (await app.NewClient().GetAsync($"/Collective/Sheets/Public/{sheet.PublicToken}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("planning d’arrosage", page);
    }
}
