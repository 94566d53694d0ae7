using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Households;

public sealed class HouseholdEditingTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Social_worker_creates_a_household_and_adds_its_persons(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.SocialWorker);
        var created = await client.PostFormAsync("/Households/Create", new()
        {
            ["Input.TenantReference"] = "LOC-NOUVEAU-1", ["DwellingReference"] = world.FreeDwelling.Reference,
            ["Input.LeaseStart"] = "2024-09-01", ["Input.Version"] = "0",
        });
        await created.ShouldBe(HttpStatusCode.Redirect);
        var addPerson = created.Headers.Location!.OriginalString;
        Assert.StartsWith("/Households/AddPerson/", addPerson, StringComparison.Ordinal);
        await (await client.PostFormAsync(addPerson, new()
        {
            ["Input.FirstName"] = "Maëlys", ["Input.LastName"] = "Le Gall", ["Input.Role"] = "LeaseHolder",
            ["Input.BirthDate"] = "1991-02-03", ["Input.Phone"] = "0611223344", ["Input.Email"] = "maelys@example.org", ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);

        var id = Guid.Parse(addPerson.Split('/').Last());
        var page = await (await client.GetAsync($"/Households/Details/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Maëlys LE GALL", page);
        Assert.Contains("12 rue Jean Jaurès", page);
        var search = await client.GetFromJsonAsync<HouseholdsApi.PageOf<HouseholdsApi.HouseholdSummaryDto>>("/api/v1/households?q=maelys");
        Assert.Equal([id], search!.Items.Select(i => i.Id));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Invalid_person_is_refused_with_french_messages_and_nothing_saved(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.SocialWorker);
        var response = await client.PostFormAsync($"/Households/EditPerson/{world.NorthHolder.Id}", new()
        {
            ["Input.FirstName"] = "", ["Input.LastName"] = "Lefèvre", ["Input.Role"] = "LeaseHolder",
            ["Input.BirthDate"] = "2099-01-01", ["Input.Phone"] = "12", ["Input.Email"] = "pas-une-adresse", ["Input.Version"] = "0",
        });
        var html = (await response.ShouldBe(HttpStatusCode.OK)).Html();
        var errors = html.QuerySelectorAll(".error-summary li").Select(e => e.TextContent).ToList();
        Assert.Contains("Le prénom est obligatoire.", errors);
        Assert.Contains("La date de naissance ne peut pas être dans le futur.", errors);
        Assert.Contains(errors, e => e.StartsWith("Le numéro de téléphone", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("L'adresse électronique n'est pas valide", StringComparison.Ordinal));
        Assert.Equal("true", html.QuerySelector("#first")!.GetAttribute("aria-invalid"));
        Assert.Equal("pas-une-adresse", html.QuerySelector("#mail")!.GetAttribute("value"));

        await using var scope = world.App.SystemScope(world.Id, out var db);
        var person = await db.Persons.SingleAsync(p => p.Id == world.NorthHolder.Id);
        Assert.Equal(("Benoît", "06 12 34 56 78", 0), (person.FirstName, person.Phone, person.Version));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Second_of_two_concurrent_page_edits_is_refused_and_keeps_its_input(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var alice = await world.LoginAsync(Role.SocialWorker);
        var bob = await world.LoginAsync(Role.Manager);
        Dictionary<string, string> Form(string phone) => new()
        {
            ["Input.FirstName"] = "Benoît", ["Input.LastName"] = "Lefèvre", ["Input.Role"] = "LeaseHolder",
            ["Input.Phone"] = phone, ["Input.Version"] = "0",
        };

        // Both opened the form at version 0.
        await (await alice.PostFormAsync($"/Households/EditPerson/{world.NorthHolder.Id}", Form("07 11 11 11 11"))).ShouldBe(HttpStatusCode.Redirect);
        var second = await bob.PostFormAsync($"/Households/EditPerson/{world.NorthHolder.Id}", Form("07 22 22 22 22"));
        var html = (await second.ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("modifiée par quelqu'un d'autre", html.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal("07 22 22 22 22", html.QuerySelector("#phone")!.GetAttribute("value")); // Bob's input is kept
        Assert.Contains("07 11 11 11 11", html.QuerySelector("[role=alert]")!.TextContent); // and Alice's version shown
        Assert.Equal("1", html.QuerySelector("input[name='Input.Version']")!.GetAttribute("value"));

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal("07 11 11 11 11", (await db.Persons.SingleAsync(p => p.Id == world.NorthHolder.Id)).Phone);
        }

        // Saving again, having seen Alice's version, is a deliberate overwrite.
        var again = Form("07 22 22 22 22");
        again["Input.Version"] = "1";
        await (await bob.PostFormAsync($"/Households/EditPerson/{world.NorthHolder.Id}", again)).ShouldBe(HttpStatusCode.Redirect);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Concurrent_household_edits_are_detected_on_the_page_and_the_api(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.SocialWorker);
        var id = world.NorthHousehold.Id;
        var body = new { tenantReference = world.NorthHousehold.TenantReference, leaseStart = "2015-03-01", version = 0 };
        (await client.PutAsJsonAsync($"/api/v1/households/{id}", body)).EnsureSuccessStatusCode();
        var conflict = await client.PutAsJsonAsync($"/api/v1/households/{id}", body with { });
        var problem = await conflict.ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType!.MediaType);
        Assert.Contains("modifiée par quelqu'un d'autre", problem);

        var page = await client.PostFormAsync($"/Households/Edit/{id}", new()
        {
            ["Input.TenantReference"] = "LOC-CHANGE", ["DwellingReference"] = "", ["Input.Version"] = "0",
        });
        var html = (await page.ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("modifié par quelqu'un d'autre", html.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal("LOC-CHANGE", html.QuerySelector("#ref")!.GetAttribute("value"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Api_validation_errors_are_problem_details_in_french(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.SocialWorker);
        var response = await client.PostAsJsonAsync("/api/v1/households", new { tenantReference = world.SouthHousehold.TenantReference, leaseStart = "2020-01-01", leaseEnd = "2019-01-01" });
        var body = await response.ShouldBe(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(body);
        var errors = json.RootElement.GetProperty("errors");
        Assert.Contains("déjà attribuée", errors.GetProperty("TenantReference")[0].GetString());
        Assert.Contains("postérieure", errors.GetProperty("LeaseEnd")[0].GetString());

        var person = await client.PostAsJsonAsync($"/api/v1/households/{world.NorthHousehold.Id}/persons", new { firstName = "", lastName = "X" });
        Assert.Contains("Le prénom est obligatoire.", await person.ShouldBe(HttpStatusCode.BadRequest));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Field_agent_cannot_edit(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var agent = await world.LoginAsync(Role.FieldAgent);
        await (await agent.GetAsync($"/Households/EditPerson/{world.NorthHolder.Id}")).ShouldBe(HttpStatusCode.Forbidden);
        var api = await agent.PutAsJsonAsync($"/api/v1/persons/{world.NorthHolder.Id}", new { firstName = "X", lastName = "Y", version = 0 });
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
    }
}
