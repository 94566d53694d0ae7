using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective;
using Relais.Features.Collective.Projects;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Collective.Projects.ProjectsKit;

namespace Relais.Tests.Collective.Projects;

public sealed class ProjectTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_social_worker_creates_a_project_on_a_territory_then_edits_it(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var theme = await ThemeIdAsync(world, "Embellissement");
        var social = await world.LoginAsync(Role.SocialWorker);
        var fields = Form(theme);
        fields.Add(("Input.ResidenceIds", world.NorthResidence.Id.ToString()));
        fields.Add(("Input.BuildingIds", world.NorthBuilding.Id.ToString()));
        fields.Add(("Input.Communes", "Vaulx-en-Velin, 94076"));
        fields.Add(("Input.OpenToResidents", "true"));
        var created = await PostPairsAsync(social, "/Collective/Project/New", fields, "/Collective/Project/New");
        await created.ShouldBe(HttpStatusCode.Redirect);
        var project = await ReadAsync(world, db => db.Projects.Include(p => p.Territory).SingleAsync());
        Assert.Equal($"/Collective/Project/{project.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal("Fresque du bâtiment A", project.Title);
        Assert.Equal(ProjectOrigin.Residents, project.Origin);
        Assert.Equal(ActionMode.Facilitator, project.ActionMode);
        Assert.True(project.OpenToResidents);
        Assert.Equal(new DateOnly(2026, 9, 30), project.EndsOn);
        Assert.Equal(["69256", "94076"], project.Territory.Where(t => t.CommuneCode != null).Select(t => t.CommuneCode!).Order().ToArray());
        Assert.Contains(project.Territory, t => t.ResidenceId == world.NorthResidence.Id);
        Assert.Contains(project.Territory, t => t.BuildingId == world.NorthBuilding.Id);
        // The creator runs the project: a staff member, so they manage its members.
        Assert.Equal(1, await CountAsync<ProjectMember>(world, m => m.ProjectId == project.Id && m.UserId == world.Users[Role.SocialWorker].Id && m.Kind == MemberKind.Staff));

        var page = (await (await social.GetAsync($"/Collective/Project/{project.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Fresque du bâtiment A", page.QuerySelector("h1")!.TextContent);
        var facts = page.QuerySelector("#fiche")!.ParentElement!.TextContent;
        Assert.Contains("Embellissement", facts);
        Assert.Contains("Facilitateur", facts);
        Assert.Contains("Politique de la ville", facts);
        Assert.Contains("Vaulx-en-Velin (69)", page.QuerySelector("ul.territory")!.TextContent);
        Assert.Contains("Bâtiment A", page.QuerySelector("ul.territory")!.TextContent);

        // The edit form is pre-filled; the territory shrinks to one commune, the status changes.
        var form = (await (await social.GetAsync($"/Collective/Project/{project.Id}/Edit")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Fresque du bâtiment A", form.QuerySelector("#title")!.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector($"#res-{world.NorthResidence.Id}[checked]"));
        var edit = Form(theme, "Fresque des Tilleuls");
        edit.RemoveAll(f => f.Item1 == "Input.Status");
        edit.Add(("Input.Status", "Suspended"));
        edit.Add(("Input.Communes", "69256"));
        await (await PostPairsAsync(social, $"/Collective/Project/{project.Id}/Edit", edit, $"/Collective/Project/{project.Id}/Edit")).ShouldBe(HttpStatusCode.Redirect);
        project = await ReadAsync(world, db => db.Projects.Include(p => p.Territory).SingleAsync());
        Assert.Equal("Fresque des Tilleuls", project.Title);
        Assert.Equal(ProjectStatus.Suspended, project.Status);
        Assert.Equal("69256", Assert.Single(project.Territory).CommuneCode);
        Assert.False(project.OpenToResidents);
        Assert.Equal(1, project.Version);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Bad_input_is_refused_in_French_next_to_each_field(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var theme = await ThemeIdAsync(world);
        var manager = await world.LoginAsync(Role.Manager);
        var fields = Form(theme, title: " ");
        fields.RemoveAll(f => f.Item1 is "Input.StartsOn" or "Input.EndsOn" or "Input.Status");
        fields.AddRange([
            ("Input.StartsOn", "2026-06-01"), ("Input.EndsOn", "2026-05-31"), ("Input.Status", "Closed"),
            ("Input.ResidenceIds", Guid.NewGuid().ToString()), ("Input.Communes", "Zzzville-sur-Rien"),
        ]);
        var response = await PostPairsAsync(manager, "/Collective/Project/New", fields, "/Collective/Project/New");
        var html = (await response.ShouldBe(HttpStatusCode.OK)).Html();
        string Error(string id) => html.QuerySelector($"#{id}-err")?.TextContent ?? "";
        Assert.Equal("Indiquez le titre du projet.", Error("title"));
        Assert.Equal("La date de fin ne peut pas précéder la date de début.", Error("ends"));
        Assert.Equal("true", html.QuerySelector("#ends")!.GetAttribute("aria-invalid"));
        Assert.Contains("Résidence inconnue dans votre patrimoine", Error("territory"));
        Assert.Contains("Commune inconnue du référentiel INSEE", Error("communes"));
        Assert.Contains("« Zzzville-sur-Rien »", Error("communes"));
        Assert.Contains("Un projet se clôt depuis sa page", html.QuerySelector(".error-summary")!.TextContent);
        // The user's input is kept.
        Assert.Equal("Zzzville-sur-Rien", html.QuerySelector("#communes")!.GetAttribute("value"));
        Assert.Equal(0, await CountAsync<Project>(world, _ => true));

        // An unknown theme, an unknown building, a number instead of a kind.
        var other = Form(Guid.NewGuid());
        other.RemoveAll(f => f.Item1 == "Input.Kind");
        other.AddRange([("Input.Kind", "1"), ("Input.BuildingIds", "pas-un-id")]);
        html = (await (await PostPairsAsync(manager, "/Collective/Project/New", other, "/Collective/Project/New")).ShouldBe(HttpStatusCode.OK)).Html();
        var summary = html.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("Choisissez le thème du projet dans la liste.", summary);
        Assert.Contains("Bâtiment inconnu dans votre patrimoine", summary);
        Assert.Contains("Choisissez le type de projet.", summary);
        Assert.Equal(0, await CountAsync<Project>(world, _ => true));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_sensitive_group_can_never_be_open_to_residents(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var theme = await ThemeIdAsync(world, "Budget et impayés");
        var manager = await world.LoginAsync(Role.Manager);
        var fields = Form(theme, "Groupe « accompagnement collectif individualisé »");
        fields.RemoveAll(f => f.Item1 is "Input.Sensitivity" or "Input.Kind");
        fields.AddRange([("Input.Sensitivity", "Arrears"), ("Input.Kind", "Programme"), ("Input.OpenToResidents", "true"), ("Input.ResidenceIds", world.NorthResidence.Id.ToString())]);
        var html = (await (await PostPairsAsync(manager, "/Collective/Project/New", fields, "/Collective/Project/New")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(ProjectFormPageModel.SensitiveOpenMessage, html.QuerySelector("#open-err")!.TextContent);
        Assert.Equal(0, await CountAsync<Project>(world, _ => true));

        // Not open: created. Editing it to open it is refused the same way.
        fields.RemoveAll(f => f.Item1 == "Input.OpenToResidents");
        await (await PostPairsAsync(manager, "/Collective/Project/New", fields, "/Collective/Project/New")).ShouldBe(HttpStatusCode.Redirect);
        var project = await ReadAsync(world, db => db.Projects.SingleAsync());
        Assert.Equal(ProjectSensitivity.Arrears, project.Sensitivity);
        fields.Add(("Input.OpenToResidents", "true"));
        html = (await (await PostPairsAsync(manager, $"/Collective/Project/{project.Id}/Edit", fields, $"/Collective/Project/{project.Id}/Edit")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(ProjectFormPageModel.SensitiveOpenMessage, html.QuerySelector("#open-err")!.TextContent);
        Assert.False((await ReadAsync(world, db => db.Projects.SingleAsync())).OpenToResidents);

        // A field agent (no access to sensitive groups) cannot create one, even by forging the form.
        var agent = await world.LoginAsync(Role.FieldAgent);
        var agentForm = (await (await agent.GetAsync("/Collective/Project/New")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Null(agentForm.QuerySelector("#sensitivity-Arrears"));
        fields.RemoveAll(f => f.Item1 == "Input.OpenToResidents");
        html = (await (await PostPairsAsync(agent, "/Collective/Project/New", fields, "/Collective/Project/New")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Seuls les professionnels habilités aux groupes sensibles", html.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal(1, await CountAsync<Project>(world, _ => true));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_concurrent_edit_is_detected_and_the_users_input_kept(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var theme = await ThemeIdAsync(world);
        var project = await ProjectAsync(world, "Jardin partagé", residences: [world.NorthResidence.Id]);
        var manager = await world.LoginAsync(Role.Manager);
        var url = $"/Collective/Project/{project.Id}/Edit";
        await (await PostPairsAsync(manager, url, Form(theme, "Jardin partagé des Tilleuls"), url)).ShouldBe(HttpStatusCode.Redirect);

        // A second user still holds version 0.
        var stale = Form(theme, "Potager au pied des immeubles");
        var response = await PostPairsAsync(manager, url, stale, url);
        var html = (await response.ShouldBe(HttpStatusCode.Conflict)).Html();
        Assert.Contains("modifié par quelqu’un d’autre", html.QuerySelector(".error-summary")!.TextContent);
        Assert.Contains("Jardin partagé des Tilleuls", html.QuerySelector(".error-summary dl")!.TextContent);
        Assert.Equal("Potager au pied des immeubles", html.QuerySelector("#title")!.GetAttribute("value"));
        Assert.Equal("1", html.QuerySelector("input[name='Input.Version']")!.GetAttribute("value"));
        Assert.Equal("Jardin partagé des Tilleuls", (await ReadAsync(world, db => db.Projects.SingleAsync())).Title);

        // Saving again, having seen the other version, overwrites it deliberately.
        await (await PostPairsAsync(manager, url, Form(theme, "Potager au pied des immeubles", version: 1), url)).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal("Potager au pied des immeubles", (await ReadAsync(world, db => db.Projects.SingleAsync())).Title);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Another_organisations_project_answers_404(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var a = await World.CreateAsync(app);
        var b = await World.CreateAsync(app);
        var project = await ProjectAsync(a, "Conseil de locataires", residences: [a.NorthResidence.Id], open: true);
        var manager = await b.LoginAsync(Role.Manager);
        foreach (var url in new[] { "", "/Edit", "/Members", "/Milestones" })
        {
            await (await manager.GetAsync($"/Collective/Project/{project.Id}{url}")).ShouldBe(HttpStatusCode.NotFound);
        }

        var theme = await ThemeIdAsync(b);
        await (await PostPairsAsync(manager, $"/Collective/Project/{project.Id}/Edit", Form(theme), "/Collective/Project/New")).ShouldBe(HttpStatusCode.NotFound);
        // Nor another organisation's residence in a territory.
        var fields = Form(theme);
        fields.Add(("Input.ResidenceIds", a.NorthResidence.Id.ToString()));
        var html = (await (await PostPairsAsync(manager, "/Collective/Project/New", fields, "/Collective/Project/New")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Résidence inconnue dans votre patrimoine", html.QuerySelector("#territory-err")!.TextContent);
        // Nor in its list, nor in its residents' space.
        var list = await (await manager.GetAsync("/Collective?etat=tous")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain("Conseil de locataires", list);
        var resident = await b.LoginAsync(Role.Resident);
        Assert.DoesNotContain("Conseil de locataires", await (await resident.GetAsync("/Collective/Mine")).ShouldBe(HttpStatusCode.OK));
        // The owner sees it.
        Assert.Contains("Conseil de locataires", await (await (await a.LoginAsync(Role.Manager)).GetAsync("/Collective")).ShouldBe(HttpStatusCode.OK));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_list_filters_by_status_theme_kind_place_and_text(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        await ProjectAsync(world, "Fresque du hall", residences: [world.NorthResidence.Id]);
        await ProjectAsync(world, "Jardin de la Cité", buildings: [], residences: [world.SouthResidence.Id], status: ProjectStatus.Preparing);
        await ProjectAsync(world, "Repair café", communes: ["94076"], status: ProjectStatus.Suspended);
        await ProjectAsync(world, "Ancien conseil", residences: [world.NorthResidence.Id], status: ProjectStatus.Closed);
        await ProjectAsync(world, "Groupe budget", residences: [world.SouthResidence.Id], kind: ProjectKind.Programme, sensitivity: ProjectSensitivity.Arrears);
        var agent = await world.LoginAsync(Role.FieldAgent);

        async Task<string[]> Titles(string query)
        {
            var html = (await (await agent.GetAsync("/Collective" + query)).ShouldBe(HttpStatusCode.OK)).Html();
            return html.QuerySelectorAll("table.project-list tbody th a").Select(a => a.TextContent).Order().ToArray();
        }

        Assert.Equal(["Fresque du hall", "Groupe budget", "Jardin de la Cité", "Repair café"], await Titles(""));
        Assert.Equal(["Ancien conseil"], await Titles("?etat=Closed"));
        Assert.Equal(["Repair café"], await Titles("?etat=Suspended"));
        Assert.Equal(["Groupe budget"], await Titles("?type=Programme"));
        Assert.Equal(["Fresque du hall"], await Titles($"?residence={world.NorthResidence.Id}"));
        // Villejuif (94076): the South residence is there, and the repair café covers the whole commune.
        Assert.Equal(["Groupe budget", "Jardin de la Cité", "Repair café"], await Titles("?commune=94076"));
        Assert.Equal(["Groupe budget", "Jardin de la Cité", "Repair café"], await Titles($"?residence={world.SouthResidence.Id}"));
        Assert.Equal(["Jardin de la Cité"], await Titles("?q=jardin"));
        Assert.Equal(["Fresque du hall", "Groupe budget", "Jardin de la Cité", "Repair café"], await Titles($"?theme={await ThemeIdAsync(world)}"));
        Assert.Empty(await Titles($"?theme={await ThemeIdAsync(world, "Santé")}"));
        // Habitants and partners have no access to the staff list.
        await (await (await world.LoginAsync(Role.Resident)).GetAsync("/Collective")).ShouldBe(HttpStatusCode.Forbidden);
        await (await (await world.LoginAsync(Role.Partner)).GetAsync("/Collective")).ShouldBe(HttpStatusCode.Forbidden);
    }
}
