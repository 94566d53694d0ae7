using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relais.Features.Collective;
using Relais.Features.Collective.Projects;
using Relais.Features.Demo;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Collective.Projects;

public sealed class CollectiveProjectsDemoTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_demo_has_realistic_projects_a_resident_sees_and_a_proposal_to_answer(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        Guid orgId;
        await using (var scope = app.SystemScope(null, out _))
        {
            orgId = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(scope.ServiceProvider.GetRequiredService<IHostEnvironment>());
        }

        List<Project> projects;
        await using (var scope = app.SystemScope(orgId, out var db))
        {
            Assert.Equal(ProjectTheme.Defaults.Length, await db.ProjectThemes.CountAsync());
            projects = await db.Projects.ToListAsync();
            Assert.True(projects.Count >= 4, $"{projects.Count} demo projects"); // the mural, gardens, arrears group, tenants' council, and the other parts' projects
            Assert.DoesNotContain(projects, p => p.Sensitivity != ProjectSensitivity.None && p.OpenToResidents);
            Assert.True(await db.ProjectMembers.CountAsync(m => m.Kind == MemberKind.Resident) >= 10);
            Assert.True(await db.ProjectMilestones.CountAsync() >= 6);
            Assert.Equal(1, await db.ResidentProposals.CountAsync(p => p.Status == ProposalStatus.New));
        }

        string Email(Role role) => DemoSeeder.Accounts.Single(a => a.Role == role).Email;
        var manager = await app.LoginAsync(Email(Role.Manager), DemoSeeder.Password);
        var list = (await (await manager.GetAsync("/Collective")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(projects.Count(p => p.Status != ProjectStatus.Closed), list.QuerySelectorAll("table.project-list tbody tr").Length); // closed ones hidden by default
        foreach (var p in projects)
        {
            await (await manager.GetAsync($"/Collective/Project/{p.Id}")).ShouldBe(HttpStatusCode.OK);
        }

        Assert.NotNull((await (await manager.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector(".proposals-count"));
        var resident = await app.LoginAsync(Email(Role.Resident), DemoSeeder.Password);
        var mine = (await (await resident.GetAsync("/Collective/Mine")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(["Fresque « Nos couleurs » du hall des Tilleuls"], mine.QuerySelectorAll("ul.resident-projects h3").Select(h => h.TextContent).ToArray());
        Assert.Contains("Un atelier vélo", mine.QuerySelector("li.proposal")!.TextContent);
    }
}
