using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relais.Features.Accompaniments.Lifecycle;
using Relais.Features.Collective;
using Relais.Features.Demo;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Demo;

public sealed class DemoSeedTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Demo_organisation_has_three_residences_about_300_households_and_one_account_per_role(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        Guid orgId;
        await using (var scope = app.SystemScope(null, out _))
        {
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            orgId = await seeder.SeedAsync(scope.ServiceProvider.GetRequiredService<IHostEnvironment>());
        }

        await using (var scope = app.SystemScope(orgId, out var db))
        {
            Assert.Equal(3, await db.Residences.CountAsync());
            Assert.Equal(300, await db.Households.CountAsync());
            var persons = await db.Persons.CountAsync();
            Assert.InRange(persons, 600, 1200);
            Assert.Equal("L'Haÿ-les-Roses", (await db.Residences.OrderBy(r => r.Name).FirstAsync(r => r.CommuneCode == "94038")).CommuneName);
            Assert.Equal(6, await db.Users.CountAsync(u => u.OrganisationId == orgId));
            // Three open files from the file demo, two more opened by the confidentiality demo (notes, consents, health).
            Assert.Equal(5, await db.Accompaniments.CountAsync(a => a.Status == Relais.Features.Accompaniments.AccompanimentStatus.Open));
            Assert.Equal(2, await db.Accompaniments.CountAsync(a => a.Status == Relais.Features.Accompaniments.AccompanimentStatus.Closed));
            Assert.True(await db.AccompanimentMeetings.CountAsync() >= 5 && await db.GoalActions.CountAsync() >= 5);
            // One open file was closed, then reopened (lifecycle demo).
            Assert.Equal(1, await db.AccompanimentReopenings.CountAsync());
            // Collective sessions: a series per demo project, past ones with attendance taken (sessions demo).
            Assert.True(await db.ProjectSessions.CountAsync(s => s.Cancelled) >= 1);
            Assert.True(await db.SessionAttendances.CountAsync(a => a.Status == AttendanceStatus.Present) >= 10);
        }

        foreach (var (email, _, role) in DemoSeeder.Accounts)
        {
            var client = await app.LoginAsync(email, DemoSeeder.Password);
            var home = await (await client.GetAsync("/")).ShouldBe(HttpStatusCode.OK);
            Assert.Contains(DemoSeeder.OrganisationName, home);
        }

        // The demo's social worker follows two open files, each readable, with overdue items on "mes échéances".
        var worker = await app.LoginAsync(DemoSeeder.Accounts.Single(a => a.Role == Relais.Infrastructure.Security.Role.SocialWorker).Email, DemoSeeder.Password);
        var list = (await (await worker.GetAsync("/Accompaniments")).ShouldBe(HttpStatusCode.OK)).Html();
        var files = list.QuerySelectorAll(".accompaniment-list tbody th a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(2, files.Count);
        foreach (var file in files)
        {
            await (await worker.GetAsync(file)).ShouldBe(HttpStatusCode.OK);
            await (await worker.GetAsync(file.Replace("/File/", "/Timeline/", StringComparison.Ordinal))).ShouldBe(HttpStatusCode.OK);
        }

        var deadlines = (await (await worker.GetAsync("/Accompaniments/Deadlines")).ShouldBe(HttpStatusCode.OK)).Html();
        var groups = deadlines.QuerySelectorAll("section.deadline-group").ToList();
        Assert.Equal(2, groups.Where(g => !g.QuerySelector("h2")!.TextContent.Contains("Impayés", StringComparison.Ordinal)).Sum(g => g.QuerySelectorAll("li.late").Length));

        // The demo Habitant's arrears: a plan with one missed instalment, an FSL request, a commandement de payer.
        var arrears = groups.Single(g => g.QuerySelector("h2")!.TextContent.Contains("Impayés et procédures", StringComparison.Ordinal));
        Assert.Contains(arrears.QuerySelectorAll("li.late"), li => li.TextContent.Contains("Échéance n° 2 du plan d’apurement non respectée", StringComparison.Ordinal));
        Assert.Contains(arrears.QuerySelectorAll("li"), li => li.TextContent.Contains("commandement de payer", StringComparison.Ordinal));
        var chloe = files.Single(f => deadlines.QuerySelector($"a[href^='{f}#impayes']") is not null);
        var page = (await (await worker.GetAsync(chloe.Replace("/File/", "/Arrears/", StringComparison.Ordinal))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Étape actuelle : Commandement de payer", page.QuerySelector("#etape-actuelle")!.TextContent);
        Assert.Equal(1, page.QuerySelectorAll("#section-plan .badge.instalment-missed").Length);
        Assert.Equal(1, page.QuerySelectorAll("#section-plan .badge.instalment-respected").Length);
        Assert.Contains("En attente", page.QuerySelector("#section-fsl")!.TextContent);
        Assert.Equal(36, page.QuerySelectorAll("#dette-mois tbody tr").Length);

        // Seeding twice does not duplicate anything.
        await using (var scope = app.SystemScope(null, out var db))
        {
            Assert.Equal(orgId, await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(scope.ServiceProvider.GetRequiredService<IHostEnvironment>()));
            Assert.Equal(1, await db.Organisations.CountAsync(o => o.IsDemo));
        }
    }

    [Fact]
    public async Task Demo_data_is_refused_in_production()
    {
        await using var app = await TestApp.CreatePrivateAsync(DatabaseProvider.Sqlite);
        await using var scope = app.SystemScope(null, out var db);
        var production = new ProductionEnvironment();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(production));
        Assert.Contains("production", error.Message);
        Assert.False(await db.Organisations.AnyAsync());
    }

    private sealed class ProductionEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;
        public string ApplicationName { get; set; } = "Relais";
        public string ContentRootPath { get; set; } = "/";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
