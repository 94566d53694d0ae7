using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective;
using Relais.Features.Collective.Projects;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Collective.Projects.ProjectsKit;

namespace Relais.Tests.Collective.Projects;

public sealed class MembersAndThemesTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Only_project_staff_change_members(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var project = await ProjectAsync(world, "Conseil de locataires", residences: [world.NorthResidence.Id]);
        var partner = await AddAsync(world, new PartnerOrganisation { Name = "Centre social Les Portes du Sud" });
        var url = $"/Collective/Project/{project.Id}/Members";
        var agent = await world.LoginAsync(Role.FieldAgent);
        var social = await world.LoginAsync(Role.SocialWorker);

        // Not staff of this project: no member changes, though both may write collective projects.
        await (await agent.GetAsync(url)).ShouldBe(HttpStatusCode.Forbidden);
        await (await agent.PostFormAsync($"{url}?handler=Resident", new() { ["personId"] = world.NorthHolder.Id.ToString(), ["role"] = "Participant" }, formPage: "/Collective/Project/New"))
            .ShouldBe(HttpStatusCode.Forbidden);
        await (await social.PostFormAsync($"{url}?handler=Staff", new() { ["userId"] = world.Users[Role.SocialWorker].Id.ToString(), ["role"] = "Referent" }, formPage: "/Collective/Project/New"))
            .ShouldBe(HttpStatusCode.Forbidden);
        Assert.Equal(0, await CountAsync<ProjectMember>(world, m => m.ProjectId == project.Id));

        // The Responsable adds the field agent as staff; the agent then manages the members.
        var manager = await world.LoginAsync(Role.Manager);
        await (await manager.PostFormAsync($"{url}?handler=Staff", new() { ["userId"] = world.Users[Role.FieldAgent].Id.ToString(), ["role"] = "Facilitator" }, formPage: url))
            .ShouldBe(HttpStatusCode.Redirect);
        var search = (await (await agent.GetAsync($"{url}?q=Lefèvre")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Benoît Lefèvre", search.QuerySelector("ul.person-hits")!.TextContent);
        await (await agent.PostFormAsync($"{url}?handler=Resident", new() { ["personId"] = world.NorthHolder.Id.ToString(), ["role"] = "Carrier" }, formPage: url))
            .ShouldBe(HttpStatusCode.Redirect);
        await (await agent.PostFormAsync($"{url}?handler=Partner", new() { ["partnerId"] = partner.Id.ToString(), ["role"] = "Facilitator" }, formPage: url))
            .ShouldBe(HttpStatusCode.Redirect);
        // The field agent works in the North sector: the South household is out of their scope.
        var outOfScope = (await (await agent.PostFormAsync($"{url}?handler=Resident", new() { ["personId"] = world.SouthHolder.Id.ToString(), ["role"] = "Participant" }, formPage: url))
            .ShouldBe(HttpStatusCode.UnprocessableEntity)).Html();
        Assert.Contains("ne fait pas partie des ménages que vous suivez", outOfScope.QuerySelector(".error-summary")!.TextContent);
        var twice = (await (await agent.PostFormAsync($"{url}?handler=Resident", new() { ["personId"] = world.NorthHolder.Id.ToString(), ["role"] = "Participant" }, formPage: url))
            .ShouldBe(HttpStatusCode.UnprocessableEntity)).Html();
        Assert.Contains("Benoît Lefèvre est déjà membre du projet.", twice.QuerySelector(".error-summary")!.TextContent);
        var badRole = (await (await agent.PostFormAsync($"{url}?handler=Partner", new() { ["partnerId"] = Guid.NewGuid().ToString(), ["role"] = "Chef" }, formPage: url))
            .ShouldBe(HttpStatusCode.UnprocessableEntity)).Html();
        Assert.Contains("Choisissez le rôle du partenaire.", badRole.QuerySelector(".error-summary")!.TextContent);
        Assert.Contains("Choisissez une structure partenaire dans la liste.", badRole.QuerySelector(".error-summary")!.TextContent);

        var members = await ReadAsync(world, db => db.ProjectMembers.Where(m => m.ProjectId == project.Id).ToListAsync());
        Assert.Equal(3, members.Count);
        var carrier = members.Single(m => m.Kind == MemberKind.Resident);
        Assert.Equal(MemberRole.Carrier, carrier.Role);
        Assert.Equal(partner.Id, members.Single(m => m.Kind == MemberKind.Partner).PartnerOrganisationId);

        // A member leaves: kept, with the date.
        await (await agent.PostFormAsync($"{url}?handler=Leave", new() { ["memberId"] = carrier.Id.ToString(), ["version"] = "0" }, formPage: url))
            .ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(Today, (await ReadAsync(world, db => db.ProjectMembers.SingleAsync(m => m.Id == carrier.Id))).LeftOn);
        var page = (await (await agent.GetAsync($"/Collective/Project/{project.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.DoesNotContain("Benoît Lefèvre", page.QuerySelector("table.members")!.TextContent);
        Assert.Contains("Benoît Lefèvre", page.QuerySelector("details")!.TextContent);
        Assert.Contains("Centre social Les Portes du Sud", page.QuerySelector("table.members")!.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_sensitive_groups_residents_are_listed_only_through_ProjectAccess(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var group = await ProjectAsync(world, "Groupe budget", residences: [world.NorthResidence.Id], sensitivity: ProjectSensitivity.Arrears, kind: ProjectKind.Programme);
        await AddAsync(world, new ProjectMember { ProjectId = group.Id, Kind = MemberKind.Resident, Role = MemberRole.Participant, PersonId = world.NorthHolder.Id, JoinedOn = Today });
        await AddAsync(world, new ProjectMember { ProjectId = group.Id, Kind = MemberKind.Staff, Role = MemberRole.Facilitator, UserId = world.Users[Role.FieldAgent].Id, JoinedOn = Today });

        var manager = (await (await (await world.LoginAsync(Role.Manager)).GetAsync($"/Collective/Project/{group.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Benoît Lefèvre", manager.QuerySelector("table.members")!.TextContent);
        // The field agent is staff of the group, but has no access to sensitive groups' membership.
        var agent = await world.LoginAsync(Role.FieldAgent);
        var page = (await (await agent.GetAsync($"/Collective/Project/{group.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.DoesNotContain("Lefèvre", page.QuerySelector("table.members")!.TextContent);
        Assert.Contains("Field", page.QuerySelector("table.members")!.TextContent);
        var members = (await (await agent.GetAsync($"/Collective/Project/{group.Id}/Members")).ShouldBe(HttpStatusCode.OK));
        Assert.DoesNotContain("Lefèvre", members.Html().QuerySelector("table.members")!.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_Responsable_manages_themes_and_a_theme_in_use_is_only_deactivated(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var manager = await world.LoginAsync(Role.Manager);
        var url = "/Collective/Themes";
        var html = (await (await manager.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(ProjectTheme.Defaults, html.QuerySelectorAll("#themes tbody th").Select(t => t.TextContent).ToArray());

        await (await manager.PostFormAsync($"{url}?handler=Add", new() { ["NewName"] = "Mobilité" }, formPage: url)).ShouldBe(HttpStatusCode.Redirect);
        var duplicate = (await (await manager.PostFormAsync($"{url}?handler=Add", new() { ["NewName"] = "jardins" }, formPage: url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Le thème « jardins » existe déjà.", duplicate.QuerySelector("#new-name-err")!.TextContent);
        var themes = await ReadAsync(world, db => db.ProjectThemes.ToListAsync());
        var mobility = themes.Single(t => t.Name == "Mobilité");
        await (await manager.PostFormAsync($"{url}?handler=Rename", new() { ["themeId"] = mobility.Id.ToString(), ["name"] = "Mobilité et transports" }, formPage: url)).ShouldBe(HttpStatusCode.Redirect);
        await (await manager.PostFormAsync($"{url}?handler=Move", new() { ["themeId"] = mobility.Id.ToString(), ["delta"] = "-1" }, formPage: url)).ShouldBe(HttpStatusCode.Redirect);
        html = (await (await manager.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        var names = html.QuerySelectorAll("#themes tbody th").Select(t => t.TextContent).ToArray();
        Assert.Equal(["Jardins", "Mobilité et transports", "Autre"], names[^3..]);

        // In use: deletion refused, deactivation allowed; no longer offered for new projects, still shown on the project.
        var project = await ProjectAsync(world, "Fête des voisins");
        var used = project.ThemeId;
        var refused = (await (await manager.PostFormAsync($"{url}?handler=Delete", new() { ["themeId"] = used.ToString() }, formPage: url)).ShouldBe(HttpStatusCode.Conflict)).Html();
        Assert.Contains("est utilisé par des projets : il ne peut pas être supprimé, seulement désactivé", refused.QuerySelector(".error-summary")!.TextContent);
        await (await manager.PostFormAsync($"{url}?handler=Toggle", new() { ["themeId"] = used.ToString() }, formPage: url)).ShouldBe(HttpStatusCode.Redirect);
        Assert.False((await ReadAsync(world, db => db.ProjectThemes.SingleAsync(t => t.Id == used))).IsActive);
        var form = (await (await manager.GetAsync("/Collective/Project/New")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Null(form.QuerySelector($"#theme option[value='{used}']"));
        var edit = (await (await manager.GetAsync($"/Collective/Project/{project.Id}/Edit")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(edit.QuerySelector($"#theme option[value='{used}'][selected]"));
        // An unused theme can be deleted.
        await (await manager.PostFormAsync($"{url}?handler=Delete", new() { ["themeId"] = mobility.Id.ToString() }, formPage: url)).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(0, await CountAsync<ProjectTheme>(world, t => t.Id == mobility.Id));

        // Settings are the Responsable's: not a social worker's.
        await (await (await world.LoginAsync(Role.SocialWorker)).GetAsync(url)).ShouldBe(HttpStatusCode.Forbidden);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Project_staff_plan_phases_and_milestones(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var project = await ProjectAsync(world, "Fresque du bâtiment A", residences: [world.NorthResidence.Id]);
        var manager = await world.LoginAsync(Role.Manager);
        var url = $"/Collective/Project/{project.Id}/Milestones";
        var bad = (await (await manager.PostFormAsync($"{url}?handler=Add", new() { ["Phase"] = "Préparation", ["Title"] = "", ["DueOn"] = "31/02/2026" }, formPage: url))
            .ShouldBe(HttpStatusCode.UnprocessableEntity)).Html();
        Assert.Equal("Indiquez le jalon.", bad.QuerySelector("#milestone-title-err")!.TextContent);
        Assert.Equal("L’échéance n’est pas une date valide (jj/mm/aaaa).", bad.QuerySelector("#due-err")!.TextContent);
        await (await manager.PostFormAsync($"{url}?handler=Add", new() { ["Phase"] = "Préparation", ["Title"] = "Maquette validée par les habitants", ["DueOn"] = Iso(Today.AddDays(10)) }, formPage: url))
            .ShouldBe(HttpStatusCode.Redirect);
        await (await manager.PostFormAsync($"{url}?handler=Add", new() { ["Phase"] = "Réalisation", ["Title"] = "Inauguration", ["DueOn"] = Iso(Today.AddDays(60)) }, formPage: url))
            .ShouldBe(HttpStatusCode.Redirect);
        var first = await ReadAsync(world, db => db.ProjectMilestones.SingleAsync(m => m.Title.StartsWith("Maquette")));
        await (await manager.PostFormAsync($"{url}?handler=Done", new() { ["milestoneId"] = first.Id.ToString(), ["version"] = "0", ["done"] = "true" }, formPage: url))
            .ShouldBe(HttpStatusCode.Redirect);
        await (await manager.PostFormAsync($"{url}?handler=Done", new() { ["milestoneId"] = first.Id.ToString(), ["version"] = "0", ["done"] = "false" }, formPage: url))
            .ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal(Today, (await ReadAsync(world, db => db.ProjectMilestones.SingleAsync(m => m.Id == first.Id))).DoneOn);
        var page = (await (await manager.GetAsync($"/Collective/Project/{project.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var section = page.QuerySelector("#jalons")!.ParentElement!;
        Assert.Equal(["Préparation", "Réalisation"], section.QuerySelectorAll("h3").Select(h => h.TextContent).ToArray());
        Assert.Contains($"fait le {Today:dd/MM/yyyy}", section.TextContent);
        // Not staff of the project: no change.
        await (await (await world.LoginAsync(Role.SocialWorker)).GetAsync(url)).ShouldBe(HttpStatusCode.Forbidden);
    }
}
