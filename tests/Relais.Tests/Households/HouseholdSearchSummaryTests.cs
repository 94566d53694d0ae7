using System.Net;
using System.Text.Json;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Households;

/// <summary>The summary line of each search result: the lease holder's name, the address and the member count.</summary>
public sealed class HouseholdSearchSummaryTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Search_result_names_the_lease_holder_even_when_a_child_was_added_first(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        Guid householdId;
        await using (var scope = app.SystemScope(world.Id, out var db))
        {
            var h = new Household { TenantReference = $"SUMMARY-{world.Id:N}"[..30], DwellingId = world.FreeDwelling.Id };
            h.Members.Add(new Person { FirstName = "Inès", LastName = "Résumé", Role = HouseholdRole.Child, BirthDate = new DateOnly(2015, 1, 1) });
            h.Members.Add(new Person { FirstName = "Noémie", LastName = "Résumé", Role = HouseholdRole.Partner, BirthDate = new DateOnly(1980, 1, 1) });
            h.Members.Add(new Person { FirstName = "Éloïse", LastName = "Résumé", Role = HouseholdRole.LeaseHolder, BirthDate = new DateOnly(1982, 1, 1) });
            db.Households.Add(h);
            await db.SaveChangesAsync();
            householdId = h.Id;
        }

        var client = await world.LoginAsync(Role.SocialWorker);
        var body = await (await client.GetAsync("/api/v1/households?q=resume")).ShouldBe(HttpStatusCode.OK);
        var page = JsonSerializer.Deserialize<HouseholdsApi.PageOf<HouseholdsApi.HouseholdSummaryDto>>(body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        var item = Assert.Single(page.Items);
        Assert.Equal(householdId, item.Id);
        Assert.Equal("RÉSUMÉ Éloïse", item.DisplayName);
        Assert.Equal(3, item.MemberCount);
        Assert.Equal($"{world.NorthBuilding.Street}, {world.NorthResidence.CommuneName}", item.Address);

        var empty = await client.GetAsync($"/api/v1/households?q={Uri.EscapeDataString(world.SouthHousehold.TenantReference)}");
        var single = JsonSerializer.Deserialize<HouseholdsApi.PageOf<HouseholdsApi.HouseholdSummaryDto>>(await empty.ShouldBe(HttpStatusCode.OK), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal("N'DIAYE Chloé", Assert.Single(single.Items).DisplayName);
    }
}
