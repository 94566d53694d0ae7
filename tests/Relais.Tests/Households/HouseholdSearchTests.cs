using System.Net;
using System.Net.Http.Json;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Households;

public sealed class HouseholdSearchTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Search_ignores_accents_case_and_apostrophes(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.SocialWorker);

        var byName = await Search(client, "benoit lefevre");
        Assert.Equal([world.NorthHousehold.Id], byName.Items.Select(i => i.Id));

        var byCommune = await Search(client, "lhay");
        Assert.Contains(world.NorthHousehold.Id, byCommune.Items.Select(i => i.Id));
        Assert.DoesNotContain(world.SouthHousehold.Id, byCommune.Items.Select(i => i.Id));

        var byApostropheName = await Search(client, "NDIAYE");
        Assert.Equal([world.SouthHousehold.Id], byApostropheName.Items.Select(i => i.Id));

        var byStreet = await Search(client, "avenue de PARIS");
        Assert.Equal([world.SouthHousehold.Id], byStreet.Items.Select(i => i.Id));

        var byReference = await Search(client, world.NorthHousehold.TenantReference.ToLowerInvariant());
        Assert.Equal([world.NorthHousehold.Id], byReference.Items.Select(i => i.Id));

        var byChildName = await Search(client, "zoe");
        Assert.Equal([world.NorthHousehold.Id], byChildName.Items.Select(i => i.Id));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Search_page_lists_matches_with_paging(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        await using (var scope = app.SystemScope(world.Id, out var db))
        {
            for (var i = 0; i < 30; i++)
            {
                var h = new Household { TenantReference = $"PAGE-{i:00}" };
                h.Members.Add(new Person { FirstName = "Anaïs", LastName = $"Pagé{i:00}", Role = HouseholdRole.LeaseHolder });
                db.Households.Add(h);
            }

            await db.SaveChangesAsync();
        }

        var client = await world.LoginAsync(Role.Manager);
        var first = (await (await client.GetAsync("/Households?q=anais+page")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(25, first.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("Page 1 sur 2", first.QuerySelector("nav.pager")!.TextContent);
        var second = (await (await client.GetAsync("/Households?q=anais+page&p=2")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(5, second.QuerySelectorAll("tbody tr").Length);

        var api = await client.GetFromJsonAsync<HouseholdsApi.PageOf<HouseholdsApi.HouseholdSummaryDto>>("/api/v1/households?q=ANAIS&page=2&pageSize=20");
        Assert.Equal(30, api!.Total);
        Assert.Equal(10, api.Items.Count);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Field_agent_sees_only_households_of_their_sectors(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var agent = await world.LoginAsync(Role.FieldAgent);

        var all = await Search(agent, "");
        Assert.Equal([world.NorthHousehold.Id], all.Items.Select(i => i.Id));
        await (await agent.GetAsync($"/Households/Details/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK);
        await (await agent.GetAsync($"/Households/Details/{world.SouthHousehold.Id}")).ShouldBe(HttpStatusCode.NotFound);
        await (await agent.GetAsync($"/api/v1/persons/{world.SouthHolder.Id}")).ShouldBe(HttpStatusCode.NotFound);
        var page = await (await agent.GetAsync($"/Households/Details/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("06 12 34 56 78", page);
        Assert.DoesNotContain("Modifier le ménage", page);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Partner_and_resident_have_no_household_list(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        foreach (var role in new[] { Role.Partner, Role.Resident, Role.Administrator })
        {
            var client = await world.LoginAsync(role);
            await (await client.GetAsync("/Households")).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.GetAsync("/api/v1/households")).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.GetAsync($"/api/v1/households/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.Forbidden);
        }

        var resident = await world.LoginAsync(Role.Resident);
        var mine = await (await resident.GetAsync("/Households/Mine")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Benoît", mine);
        Assert.DoesNotContain("Chloé", mine);
    }

    private static async Task<HouseholdsApi.PageOf<HouseholdsApi.HouseholdSummaryDto>> Search(HttpClient client, string q)
    {
        var response = await client.GetAsync($"/api/v1/households?q={Uri.EscapeDataString(q)}&pageSize=100");
        var body = await response.ShouldBe(HttpStatusCode.OK);
        return System.Text.Json.JsonSerializer.Deserialize<HouseholdsApi.PageOf<HouseholdsApi.HouseholdSummaryDto>>(body, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
    }
}
