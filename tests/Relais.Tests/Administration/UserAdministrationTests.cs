using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Account;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Administration.AdminHelpers;

namespace Relais.Tests.Administration;

public sealed partial class UserAdministrationTests
{
    private const string StrongPassword = "Nouveau-Départ-2026!";

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Admin_creates_a_user_with_an_initial_password_who_can_then_sign_in(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var admin = await world.LoginAsync(Role.Administrator);
        var email = $"camille-{Guid.NewGuid():N}@test.relais.local";

        var response = await admin.PostFormAsync("/Admin/Users/Create", new()
        {
            ["Input.DisplayName"] = "Camille Étienne",
            ["Input.Email"] = email,
            ["Input.Role"] = nameof(Role.SocialWorker),
            ["Input.SectorIds"] = world.South.Id.ToString(),
            ["Mode"] = nameof(AccessMode.InitialPassword),
            ["Password"] = StrongPassword,
            ["PasswordConfirmation"] = StrongPassword,
        });
        await response.ShouldBe(HttpStatusCode.Redirect);
        var id = Guid.Parse(response.Headers.Location!.ToString().Split('/').Last());

        var stored = await UserAsync(world.App, id);
        Assert.Equal((world.Id, Role.SocialWorker, "Camille Étienne"), (stored.OrganisationId, stored.Role, stored.DisplayName));
        Assert.Equal([world.South.Id], stored.Sectors.Select(s => s.SectorId));
        Assert.Empty(OutboxFor(world.App, email));

        var list = (await (await admin.GetAsync("/Admin/Users")).ShouldBe(HttpStatusCode.OK)).Html();
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(email, StringComparison.Ordinal));
        Assert.Contains("Conseiller·ère social·e", row.TextContent);
        Assert.Contains("Sud", row.TextContent);
        Assert.Contains("Actif", row.TextContent);

        var newcomer = await world.App.LoginAsync(email, StrongPassword);
        await (await newcomer.GetAsync("/Households")).ShouldBe(HttpStatusCode.OK);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Invitation_emails_a_link_without_personal_data_that_sets_the_password_once(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var admin = await world.LoginAsync(Role.Administrator);
        var email = $"invitee-{Guid.NewGuid():N}@test.relais.local";

        var created = await admin.PostFormAsync("/Admin/Users/Create", new()
        {
            ["Input.DisplayName"] = "Hélène Martin-Duval",
            ["Input.Email"] = email,
            ["Input.Role"] = nameof(Role.FieldAgent),
            ["Input.SectorIds"] = world.North.Id.ToString(),
            ["Mode"] = nameof(AccessMode.Invitation),
        });
        await created.ShouldBe(HttpStatusCode.Redirect);
        var userId = Guid.Parse(created.Headers.Location!.ToString().Split('/').Last());

        var eml = Assert.Single(OutboxFor(world.App, email));
        Assert.Contains("Content-Type: text/plain; charset=utf-8\r\n", eml);
        Assert.Matches(@"\r\nSubject: =\?utf-8\?B\?[A-Za-z0-9+/=]+\?=", eml);
        Assert.Matches(@"\r\nDate: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000\r\n", eml);
        var link = LinkPattern().Match(eml);
        Assert.True(link.Success, eml);
        Assert.Equal(userId.ToString(), link.Groups["user"].Value);
        // Nothing about the person beyond the address it is sent to: no name, role, sector nor who invited them.
        Assert.Single(Regex.Matches(eml, Regex.Escape(email)));
        foreach (var personal in new[] { "Hélène", "Martin-Duval", "Agent de proximité", "Nord", world.Users[Role.Administrator].DisplayName, world.Email(Role.Administrator) })
        {
            Assert.DoesNotContain(personal, eml, StringComparison.OrdinalIgnoreCase);
        }

        // No password yet: the account cannot be used before the invitation is accepted.
        Assert.NotEqual(HttpStatusCode.Redirect, (await TryLoginAsync(world.App, email, StrongPassword)).StatusCode);

        var invitee = world.App.NewClient();
        var url = new Uri(link.Value).PathAndQuery;
        var form = await (await invitee.GetAsync(url)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(email, form);

        var weak = await invitee.PostFormAsync(url, new() { ["Password"] = "motdepasse", ["PasswordConfirmation"] = "motdepasse" });
        var weakPage = (await weak.ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains(CnilPasswordValidator.Rule, weakPage.QuerySelector("#password-err")!.TextContent);

        var accepted = await invitee.PostFormAsync(url, new() { ["Password"] = StrongPassword, ["PasswordConfirmation"] = StrongPassword });
        await accepted.ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal("/Account/Login", accepted.Headers.Location!.ToString());
        var agent = await world.App.LoginAsync(email, StrongPassword);
        await (await agent.GetAsync("/Households")).ShouldBe(HttpStatusCode.OK);

        // The link works once: a second use is refused and does not change the password.
        const string Other = "Autre-Mot-De-Passe-2026?";
        var replay = await world.App.NewClient().PostFormAsync(url, new() { ["Password"] = Other, ["PasswordConfirmation"] = Other }, formPage: "/Account/Login");
        Assert.Contains(AcceptInvitationModel.InvalidLink, await replay.ShouldBe(HttpStatusCode.OK));
        Assert.Contains(AcceptInvitationModel.InvalidLink, await (await world.App.NewClient().GetAsync(url)).ShouldBe(HttpStatusCode.OK));
        Assert.NotEqual(HttpStatusCode.Redirect, (await TryLoginAsync(world.App, email, Other)).StatusCode);
        await world.App.LoginAsync(email, StrongPassword);
        Assert.True((await UserAsync(world.App, userId)).EmailConfirmed);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Weak_initial_password_is_refused_with_the_CNIL_rule_and_no_account_is_created(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var admin = await world.LoginAsync(Role.Administrator);
        var email = $"weak-{Guid.NewGuid():N}@test.relais.local";

        var response = await admin.PostFormAsync("/Admin/Users/Create", new()
        {
            ["Input.DisplayName"] = "Mot de passe faible",
            ["Input.Email"] = email,
            ["Input.Role"] = nameof(Role.Manager),
            ["Mode"] = nameof(AccessMode.InitialPassword),
            ["Password"] = "soleil2026",
            ["PasswordConfirmation"] = "soleil2026",
        });
        var page = (await response.ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Mot de passe trop faible. " + CnilPasswordValidator.Rule, page.QuerySelector("#password-err")!.TextContent.Trim());
        Assert.Equal("true", page.QuerySelector("#password")!.GetAttribute("aria-invalid"));
        Assert.Equal(email, page.QuerySelector("#email")!.GetAttribute("value"));

        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Deactivated_user_is_signed_out_at_the_next_request_and_cannot_sign_in_again(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var admin = await world.LoginAsync(Role.Administrator);
        var manager = await world.LoginAsync(Role.Manager);
        var managerId = world.Users[Role.Manager].Id;
        await (await manager.GetAsync("/Households")).ShouldBe(HttpStatusCode.OK);

        var edit = $"/Admin/Users/Edit/{managerId}";
        await (await admin.PostFormAsync($"{edit}?handler=Deactivate", [], formPage: edit)).ShouldBe(HttpStatusCode.Redirect);

        var next = await manager.GetAsync("/Households");
        await next.ShouldBe(HttpStatusCode.Redirect);
        Assert.StartsWith("/Account/Login", next.Headers.Location!.PathAndQuery);
        await (await manager.GetAsync("/api/v1/households")).ShouldBe(HttpStatusCode.Unauthorized);

        var again = await TryLoginAsync(world.App, world.Email(Role.Manager), TestApp.Password);
        Assert.Contains("Ce compte est désactivé", await again.ShouldBe(HttpStatusCode.OK));
        Assert.False((await UserAsync(world.App, managerId)).IsActive);
        var list = await (await admin.GetAsync("/Admin/Users")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Désactivé", list.Html().QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(world.Email(Role.Manager), StringComparison.Ordinal)).TextContent);

        await (await admin.PostFormAsync($"{edit}?handler=Reactivate", [], formPage: edit)).ShouldBe(HttpStatusCode.Redirect);
        var back = await world.LoginAsync(Role.Manager);
        await (await back.GetAsync("/Households")).ShouldBe(HttpStatusCode.OK);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Last_active_administrator_cannot_be_demoted_nor_deactivated(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var me = world.Users[Role.Administrator];
        await AddUserAsync(world, Role.Administrator, active: false); // a deactivated administrator does not count
        var second = await AddUserAsync(world, Role.Administrator);
        var admin = await world.LoginAsync(Role.Administrator);

        var myPage = $"/Admin/Users/Edit/{me.Id}";
        var self = await admin.PostFormAsync($"{myPage}?handler=Deactivate", [], formPage: myPage);
        Assert.Contains("Vous ne pouvez pas désactiver votre propre compte", await self.ShouldBe(HttpStatusCode.OK));

        // With another active administrator, demoting them is allowed...
        var secondPage = $"/Admin/Users/Edit/{second.Id}";
        var demoted = await admin.PostFormAsync(secondPage, new()
        {
            ["Input.Version"] = await FieldAsync(admin, secondPage, "Input.Version"),
            ["Input.DisplayName"] = second.DisplayName,
            ["Input.Role"] = nameof(Role.Manager),
        });
        await demoted.ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(Role.Manager, (await UserAsync(world.App, second.Id)).Role);

        // ...but now I am the last one: I cannot give up the role.
        var refused = await admin.PostFormAsync(myPage, new()
        {
            ["Input.Version"] = await FieldAsync(admin, myPage, "Input.Version"),
            ["Input.DisplayName"] = me.DisplayName,
            ["Input.Role"] = nameof(Role.Manager),
        });
        var page = (await refused.ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(UserRules.LastAdministrator, page.QuerySelector("#role-err")!.TextContent.Trim());
        var stored = await UserAsync(world.App, me.Id);
        Assert.Equal((Role.Administrator, true), (stored.Role, stored.IsActive));
        await (await admin.GetAsync("/Admin/Users")).ShouldBe(HttpStatusCode.OK);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Other_roles_get_403_on_every_administration_page(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var target = world.Users[Role.Partner].Id;
        foreach (var role in new[] { Role.Manager, Role.SocialWorker, Role.FieldAgent, Role.Partner, Role.Resident })
        {
            var client = await world.LoginAsync(role);
            foreach (var url in new[] { "/Admin/Users", "/Admin/Users?role=Manager", "/Admin/Users/Create", $"/Admin/Users/Edit/{target}", "/Admin/Organisation" })
            {
                await (await client.GetAsync(url)).ShouldBe(HttpStatusCode.Forbidden);
            }

            var post = await client.PostAsync($"/Admin/Users/Edit/{target}?handler=Deactivate", new FormUrlEncodedContent([]));
            Assert.True(post.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{role}: {post.StatusCode}");
        }

        Assert.True((await UserAsync(world.App, target)).IsActive);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Administrator_of_another_organisation_gets_404_and_never_sees_its_users(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var a = await World.CreateAsync(app);
        var b = await World.CreateAsync(app);
        var adminB = await b.LoginAsync(Role.Administrator);
        var victim = a.Users[Role.Manager].Id;

        await (await adminB.GetAsync($"/Admin/Users/Edit/{victim}")).ShouldBe(HttpStatusCode.NotFound);
        var deactivate = await adminB.PostFormAsync($"/Admin/Users/Edit/{victim}?handler=Deactivate", [], formPage: "/Admin/Users/Create");
        await deactivate.ShouldBe(HttpStatusCode.NotFound);
        var rename = await adminB.PostFormAsync($"/Admin/Users/Edit/{victim}", new()
        {
            ["Input.DisplayName"] = "Piraté", ["Input.Role"] = nameof(Role.Administrator), ["Input.Version"] = "0",
        }, formPage: "/Admin/Users/Create");
        await rename.ShouldBe(HttpStatusCode.NotFound);

        var list = await (await adminB.GetAsync("/Admin/Users")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(b.Users.Count, list.Html().QuerySelectorAll("tbody tr").Length);
        foreach (var user in a.Users.Values)
        {
            Assert.DoesNotContain(user.Email!, list);
        }

        var stored = await UserAsync(app, victim);
        Assert.Equal((true, Role.Manager, a.Users[Role.Manager].DisplayName), (stored.IsActive, stored.Role, stored.DisplayName));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Concurrent_edit_of_a_user_is_detected_and_keeps_the_second_editor_input(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var first = await world.LoginAsync(Role.Administrator);
        var second = await world.LoginAsync(Role.Administrator);
        var agent = world.Users[Role.FieldAgent];
        var url = $"/Admin/Users/Edit/{agent.Id}";
        var version = await FieldAsync(first, url, "Input.Version");
        Assert.Equal(version, await FieldAsync(second, url, "Input.Version"));

        Dictionary<string, string> Form(string name, string v) => new()
        {
            ["Input.Version"] = v, ["Input.DisplayName"] = name, ["Input.Role"] = nameof(Role.FieldAgent),
            ["Input.SectorIds"] = world.North.Id.ToString(),
        };

        await (await first.PostFormAsync(url, Form("Agent Premier", version))).ShouldBe(HttpStatusCode.Redirect);
        var lost = await second.PostFormAsync(url, Form("Agent Second", version));
        var page = (await lost.ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("modifié par quelqu’un d’autre", page.QuerySelector(".error-summary")!.TextContent);
        Assert.Contains("Agent Premier", page.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("Agent Second", page.QuerySelector("#name")!.GetAttribute("value"));
        Assert.Equal("Agent Premier", (await UserAsync(world.App, agent.Id)).DisplayName);

        // Having seen the other change, the second editor may overwrite it deliberately.
        var newVersion = page.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        Assert.NotEqual(version, newVersion);
        await (await second.PostFormAsync(url, Form("Agent Second", newVersion))).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal("Agent Second", (await UserAsync(world.App, agent.Id)).DisplayName);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task User_list_filters_by_role_and_edit_changes_role_and_sectors(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var admin = await world.LoginAsync(Role.Administrator);

        var agents = (await (await admin.GetAsync("/Admin/Users?role=FieldAgent")).ShouldBe(HttpStatusCode.OK)).Html();
        var row = Assert.Single(agents.QuerySelectorAll("tbody tr"));
        Assert.Contains(world.Email(Role.FieldAgent), row.TextContent);
        Assert.Contains("Nord", row.TextContent);
        Assert.Contains("Non activée", row.TextContent);

        var worker = world.Users[Role.SocialWorker];
        var url = $"/Admin/Users/Edit/{worker.Id}";
        var response = await admin.PostFormAsync(url, new()
        {
            ["Input.Version"] = await FieldAsync(admin, url, "Input.Version"),
            ["Input.DisplayName"] = "Conseillère renommée",
            ["Input.Role"] = nameof(Role.Manager),
            ["Input.SectorIds"] = world.South.Id.ToString(),
        });
        await response.ShouldBe(HttpStatusCode.Redirect);
        var stored = await UserAsync(world.App, worker.Id);
        Assert.Equal(("Conseillère renommée", Role.Manager), (stored.DisplayName, stored.Role));
        Assert.Equal([world.South.Id], stored.Sectors.Select(s => s.SectorId));

        var managers = (await (await admin.GetAsync("/Admin/Users?role=Manager")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(2, managers.QuerySelectorAll("tbody tr").Length);

        // A field agent needs a sector; a sector of no one's organisation is refused.
        var agentUrl = $"/Admin/Users/Edit/{world.Users[Role.FieldAgent].Id}";
        var refused = await admin.PostFormAsync(agentUrl, new()
        {
            ["Input.Version"] = await FieldAsync(admin, agentUrl, "Input.Version"),
            ["Input.DisplayName"] = "Agent",
            ["Input.Role"] = nameof(Role.FieldAgent),
            ["Input.SectorIds"] = Guid.NewGuid().ToString(),
        });
        Assert.Contains("n’existe pas dans votre organisation", (await refused.ShouldBe(HttpStatusCode.OK)).Html().QuerySelector("#sectors-err")!.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Resident_account_is_linked_to_a_person_found_by_tenant_reference(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var admin = await world.LoginAsync(Role.Administrator);
        var resident = world.Users[Role.Resident];
        var url = $"/Admin/Users/Edit/{resident.Id}";
        Assert.Equal(world.NorthHousehold.TenantReference, await FieldAsync(admin, url, "Input.TenantReference"));

        Dictionary<string, string> Form(string version, string reference, Guid? person) => new()
        {
            ["Input.Version"] = version, ["Input.DisplayName"] = resident.DisplayName, ["Input.Role"] = nameof(Role.Resident),
            ["Input.TenantReference"] = reference, ["Input.PersonId"] = person?.ToString() ?? "",
        };

        var unknown = await admin.PostFormAsync(url, Form(await FieldAsync(admin, url, "Input.Version"), "LOC-INCONNU", null));
        Assert.Contains("Aucun ménage n’a la référence locataire « LOC-INCONNU »", await unknown.ShouldBe(HttpStatusCode.OK));

        var linked = await admin.PostFormAsync(url, Form(await FieldAsync(admin, url, "Input.Version"), world.SouthHousehold.TenantReference, world.SouthHolder.Id));
        await linked.ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(world.SouthHolder.Id, (await UserAsync(world.App, resident.Id)).PersonId);

        // A person of another organisation cannot be reached by its reference.
        var other = await World.CreateAsync(world.App);
        var foreign = await admin.PostFormAsync(url, Form(await FieldAsync(admin, url, "Input.Version"), other.NorthHousehold.TenantReference, other.NorthHolder.Id));
        await foreign.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(world.SouthHolder.Id, (await UserAsync(world.App, resident.Id)).PersonId);
    }

    [GeneratedRegex(@"https://localhost/Account/AcceptInvitation\?user=(?<user>[0-9a-f-]{36})&token=(?<token>[A-Za-z0-9%._~-]+)")]
    private static partial Regex LinkPattern();
}
