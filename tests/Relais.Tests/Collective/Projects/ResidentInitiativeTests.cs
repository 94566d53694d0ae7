using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective;
using Relais.Features.Collective.Projects;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Collective.Projects.ProjectsKit;

namespace Relais.Tests.Collective.Projects;

public sealed class ResidentInitiativeTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_resident_sees_only_the_open_non_sensitive_projects_of_their_residence(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        // The resident lives in the North residence (building A, commune 94038).
        await ProjectAsync(world, "Fresque des Tilleuls", residences: [world.NorthResidence.Id], open: true);
        await ProjectAsync(world, "Boîte à livres du bâtiment A", buildings: [world.NorthBuilding.Id], open: true);
        await ProjectAsync(world, "Fête des voisins de L'Haÿ", communes: ["94038"], open: true);
        var south = await ProjectAsync(world, "Jardin de la Cité du Parc", residences: [world.SouthResidence.Id], open: true);
        await ProjectAsync(world, "Repair café de Villejuif", communes: ["94076"], open: true);
        await ProjectAsync(world, "Comité de pilotage interne", residences: [world.NorthResidence.Id], open: false);
        // Forged directly in the database: a sensitive group never shows, even if marked open.
        var sensitive = await ProjectAsync(world, "Groupe impayés", residences: [world.NorthResidence.Id], open: true, sensitivity: ProjectSensitivity.Arrears);
        await ProjectAsync(world, "Ancienne fresque", residences: [world.NorthResidence.Id], open: true, status: ProjectStatus.Closed);

        var resident = await world.LoginAsync(Role.Resident);
        var html = (await (await resident.GetAsync("/Collective/Mine")).ShouldBe(HttpStatusCode.OK)).Html();
        var titles = html.QuerySelectorAll("ul.resident-projects h3").Select(h => h.TextContent).Order().ToArray();
        Assert.Equal(["Boîte à livres du bâtiment A", "Fête des voisins de L'Haÿ", "Fresque des Tilleuls"], titles);
        Assert.Contains(world.NorthResidence.Name, html.QuerySelector("#ouverts")!.TextContent);

        // Asking to join another residence's project, or a sensitive group, is a 404 — as for a project that does not exist.
        foreach (var id in new[] { south.Id, sensitive.Id, Guid.NewGuid() })
        {
            await (await resident.PostFormAsync("/Collective/Mine?handler=Join", new() { ["projectId"] = id.ToString() }, formPage: "/Collective/Mine"))
                .ShouldBe(HttpStatusCode.NotFound);
        }

        Assert.Equal(0, await CountAsync<ProjectJoinRequest>(world, _ => true));
        // The staff pages stay closed to residents.
        await (await resident.GetAsync($"/Collective/Project/{south.Id}")).ShouldBe(HttpStatusCode.Forbidden);
        await (await resident.GetAsync("/Collective/Proposals")).ShouldBe(HttpStatusCode.Forbidden);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_resident_asks_to_join_and_project_staff_accept_or_decline(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var garden = await ProjectAsync(world, "Jardin partagé des Tilleuls", residences: [world.NorthResidence.Id], open: true);
        var mural = await ProjectAsync(world, "Fresque du hall", residences: [world.NorthResidence.Id], open: true);
        var resident = await world.LoginAsync(Role.Resident);

        await (await resident.PostFormAsync("/Collective/Mine?handler=Join", new() { ["projectId"] = garden.Id.ToString(), ["message"] = "J’ai la main verte !" }, formPage: "/Collective/Mine"))
            .ShouldBe(HttpStatusCode.Redirect);
        await (await resident.PostFormAsync("/Collective/Mine?handler=Join", new() { ["projectId"] = mural.Id.ToString() }, formPage: "/Collective/Mine"))
            .ShouldBe(HttpStatusCode.Redirect);
        // Twice is refused, in French.
        var twice = (await (await resident.PostFormAsync("/Collective/Mine?handler=Join", new() { ["projectId"] = garden.Id.ToString() }, formPage: "/Collective/Mine"))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Votre demande est déjà envoyée", twice.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal(2, await CountAsync<ProjectJoinRequest>(world, r => r.Status == RequestStatus.Pending && r.PersonId == world.NorthHolder.Id));

        // A social worker who is not staff of the project cannot answer; the Responsable can.
        var social = await world.LoginAsync(Role.SocialWorker);
        await (await social.GetAsync($"/Collective/Project/{garden.Id}/Members")).ShouldBe(HttpStatusCode.Forbidden);
        var manager = await world.LoginAsync(Role.Manager);
        var membersUrl = $"/Collective/Project/{garden.Id}/Members";
        var page = (await (await manager.GetAsync(membersUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("J’ai la main verte !", page.QuerySelector("ul.join-requests")!.TextContent);
        var request = await ReadAsync(world, db => db.ProjectJoinRequests.SingleAsync(r => r.ProjectId == garden.Id));
        await (await social.PostFormAsync($"{membersUrl}?handler=Accept", new() { ["requestId"] = request.Id.ToString(), ["version"] = "0" }, formPage: "/Collective/Project/New"))
            .ShouldBe(HttpStatusCode.Forbidden);
        await (await manager.PostFormAsync($"{membersUrl}?handler=Accept", new() { ["requestId"] = request.Id.ToString(), ["version"] = "0" }, formPage: membersUrl))
            .ShouldBe(HttpStatusCode.Redirect);
        var member = await ReadAsync(world, db => db.ProjectMembers.SingleAsync(m => m.ProjectId == garden.Id));
        Assert.Equal((MemberKind.Resident, MemberRole.Participant, world.NorthHolder.Id), (member.Kind, member.Role, member.PersonId!.Value));
        Assert.Equal(RequestStatus.Accepted, (await ReadAsync(world, db => db.ProjectJoinRequests.SingleAsync(r => r.Id == request.Id))).Status);

        // Declining needs a reason, which the resident reads.
        var muralUrl = $"/Collective/Project/{mural.Id}/Members";
        var second = await ReadAsync(world, db => db.ProjectJoinRequests.SingleAsync(r => r.ProjectId == mural.Id));
        var noReason = (await (await manager.PostFormAsync($"{muralUrl}?handler=Decline", new() { ["requestId"] = second.Id.ToString(), ["version"] = "0", ["reason"] = "" }, formPage: muralUrl))
            .ShouldBe(HttpStatusCode.UnprocessableEntity)).Html();
        Assert.Contains("Indiquez la raison, que l’habitant lira dans son espace.", noReason.QuerySelector(".error-summary")!.TextContent);
        await (await manager.PostFormAsync($"{muralUrl}?handler=Decline", new() { ["requestId"] = second.Id.ToString(), ["version"] = "0", ["reason"] = "Le groupe est complet cette année ; nous vous recontactons en septembre." }, formPage: muralUrl))
            .ShouldBe(HttpStatusCode.Redirect);

        var mine = (await (await resident.GetAsync("/Collective/Mine")).ShouldBe(HttpStatusCode.OK)).Html();
        var cards = mine.QuerySelectorAll("ul.resident-projects li.card").ToDictionary(c => c.QuerySelector("h3")!.TextContent, c => c.TextContent);
        Assert.Contains("Vous participez à ce projet", cards["Jardin partagé des Tilleuls"]);
        Assert.Contains("Le groupe est complet cette année", cards["Fresque du hall"]);
        // The staff project page shows the new member.
        var project = (await (await manager.GetAsync($"/Collective/Project/{garden.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Benoît Lefèvre", project.QuerySelector("table.members")!.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_residents_proposal_is_answered_then_becomes_a_project_they_carry(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var resident = await world.LoginAsync(Role.Resident);
        var empty = (await (await resident.PostFormAsync("/Collective/Mine?handler=Propose", new() { ["Title"] = "", ["What"] = "" }, formPage: "/Collective/Mine"))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Indiquez le nom de votre projet.", empty.QuerySelector("#proposal-title-err")!.TextContent);
        Assert.Equal("Indiquez ce que vous proposez.", empty.QuerySelector("#proposal-what-err")!.TextContent);
        await (await resident.PostFormAsync("/Collective/Mine?handler=Propose", new()
        {
            ["Title"] = "Des bacs à fleurs devant le bâtiment A", ["What"] = "Planter avec les enfants de l’escalier 1.", ["Where"] = "Devant l’entrée du bâtiment A",
        }, formPage: "/Collective/Mine")).ShouldBe(HttpStatusCode.Redirect);
        var proposal = await ReadAsync(world, db => db.ResidentProposals.SingleAsync());
        Assert.Equal((world.NorthHolder.Id, world.NorthResidence.Id, ProposalStatus.New), (proposal.PersonId, proposal.ResidenceId!.Value, proposal.Status));

        // The social team is told on its home page, with the count.
        var manager = await world.LoginAsync(Role.Manager);
        var home = (await (await manager.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("1", home.QuerySelector(".proposals-count")!.TextContent);
        var social = await world.LoginAsync(Role.SocialWorker);
        Assert.NotNull((await (await social.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector(".proposals-count"));
        var list = (await (await social.GetAsync("/Collective/Proposals")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Des bacs à fleurs", list.QuerySelector("table.proposals")!.TextContent);
        Assert.Contains("Benoît Lefèvre", list.QuerySelector("table.proposals")!.TextContent);

        // An answer, read by the resident.
        var url = $"/Collective/Proposal/{proposal.Id}";
        await (await social.PostFormAsync($"{url}?handler=Answer", new() { ["Answer"] = "Très bonne idée : passons en parler mardi à la loge.", ["Version"] = "0" }, formPage: url))
            .ShouldBe(HttpStatusCode.Redirect);
        var mine = (await (await resident.GetAsync("/Collective/Mine")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Très bonne idée : passons en parler mardi à la loge.", mine.QuerySelector("li.proposal")!.TextContent);
        Assert.Null((await (await manager.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector(".proposals-count"));

        // A stale version is a conflict; then the proposal becomes a project carried by the resident.
        var theme = await ThemeIdAsync(world, "Jardins");
        await (await social.PostFormAsync($"{url}?handler=Convert", new() { ["ThemeId"] = theme.ToString(), ["Version"] = "0" }, formPage: url))
            .ShouldBe(HttpStatusCode.Conflict);
        var noTheme = (await (await social.PostFormAsync($"{url}?handler=Convert", new() { ["ThemeId"] = "", ["Version"] = "1" }, formPage: url))
            .ShouldBe(HttpStatusCode.UnprocessableEntity)).Html();
        Assert.Equal("Choisissez le thème du projet dans la liste.", noTheme.QuerySelector("#theme-err")!.TextContent);
        var converted = await social.PostFormAsync($"{url}?handler=Convert", new() { ["ThemeId"] = theme.ToString(), ["Version"] = "1" }, formPage: url);
        await converted.ShouldBe(HttpStatusCode.Redirect);
        var project = await ReadAsync(world, db => db.Projects.Include(p => p.Territory).Include(p => p.Members).SingleAsync());
        Assert.Equal($"/Collective/Project/{project.Id}/Edit", converted.Headers.Location?.OriginalString);
        Assert.Equal(("Des bacs à fleurs devant le bâtiment A", ProjectOrigin.Residents, theme), (project.Title, project.Origin, project.ThemeId));
        Assert.Equal(world.NorthResidence.Id, Assert.Single(project.Territory).ResidenceId);
        var carrier = Assert.Single(project.Members, m => m.Kind == MemberKind.Resident);
        Assert.Equal((MemberRole.Carrier, world.NorthHolder.Id), (carrier.Role, carrier.PersonId!.Value));
        Assert.Contains(project.Members, m => m.Kind == MemberKind.Staff && m.UserId == world.Users[Role.SocialWorker].Id);
        proposal = await ReadAsync(world, db => db.ResidentProposals.SingleAsync());
        Assert.Equal((ProposalStatus.Converted, project.Id), (proposal.Status, proposal.ProjectId!.Value));
        // The social worker, now staff of the project, completes it.
        await (await social.GetAsync($"/Collective/Project/{project.Id}/Edit")).ShouldBe(HttpStatusCode.OK);
        mine = (await (await resident.GetAsync("/Collective/Mine")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Votre proposition est devenue un projet", mine.QuerySelector("li.proposal")!.TextContent);
    }
}
