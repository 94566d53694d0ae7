using System.Net;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Housing;

public sealed class HousingBrowseTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Social_worker_browses_residence_building_and_dwelling_down_to_the_household(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.SocialWorker);

        var list = (await (await client.GetAsync("/Housing")).ShouldBe(HttpStatusCode.OK)).Html();
        var northRow = list.QuerySelectorAll("tbody tr").Single(tr => tr.TextContent.Contains(world.NorthResidence.Name));
        Assert.NotNull(northRow.QuerySelector($"a[href='/Housing/Residence/{world.NorthResidence.Id}']"));
        Assert.Contains("94240 L'Haÿ-les-Roses", northRow.TextContent);
        Assert.Contains("Nord", northRow.TextContent);
        // 1 building, 2 dwellings, 1 occupied
        Assert.Equal(["1", "2", "1"], northRow.QuerySelectorAll("td").Skip(2).Select(td => td.LastChild!.TextContent.Trim()));
        Assert.Contains(world.SouthResidence.Name, list.Body!.TextContent);

        var residence = (await (await client.GetAsync($"/Housing/Residence/{world.NorthResidence.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var buildingLink = residence.QuerySelector($"a[href='/Housing/Building/{world.NorthBuilding.Id}']");
        Assert.Equal("Bâtiment A", buildingLink?.TextContent);
        Assert.Contains("12 rue Jean Jaurès", residence.Body!.TextContent);
        Assert.DoesNotContain("Modifier la résidence", residence.Body.TextContent); // no housing write permission

        var building = (await (await client.GetAsync($"/Housing/Building/{world.NorthBuilding.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var staircases = building.QuerySelectorAll("section.staircase").ToList();
        Assert.Equal(["Escalier 1", "Escalier 2"], staircases.Select(s => s.QuerySelector("h2")!.TextContent));
        Assert.Equal(["2e étage"], staircases[0].QuerySelectorAll("tr.floor").Select(f => f.TextContent.Trim()));
        Assert.Equal(["4e étage"], staircases[1].QuerySelectorAll("tr.floor").Select(f => f.TextContent.Trim()));
        var holderLink = staircases[0].QuerySelector($"a[href='/Households/Details/{world.NorthHousehold.Id}']");
        Assert.Equal("LEFÈVRE Benoît", holderLink?.TextContent);
        Assert.Contains("vacant", staircases[1].TextContent);
        Assert.DoesNotContain("Benoît", staircases[1].TextContent);

        var dwellingId = world.NorthHousehold.DwellingId!.Value;
        var dwelling = (await (await client.GetAsync($"/Housing/Dwelling/{dwellingId}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("LEFÈVRE Benoît", dwelling.QuerySelector($"a[href='/Households/Details/{world.NorthHousehold.Id}']")?.TextContent);
        Assert.Contains("2e étage", dwelling.Body!.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Building_floors_run_from_the_top_floor_down_to_the_ground_floor(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        await using (var scope = app.SystemScope(world.Id, out var db))
        {
            db.Dwellings.AddRange(
                new Relais.Features.Housing.Dwelling { BuildingId = world.NorthBuilding.Id, Reference = $"{world.FreeDwelling.Reference}-rdc", Staircase = "1", Floor = 0, Door = "01", Typology = "T1" },
                new Relais.Features.Housing.Dwelling { BuildingId = world.NorthBuilding.Id, Reference = $"{world.FreeDwelling.Reference}-e1", Staircase = "1", Floor = 1, Door = "11", Typology = "T2", SurfaceM2 = 48.5m });
            await db.SaveChangesAsync();
        }

        var client = await world.LoginAsync(Role.Manager);
        var building = (await (await client.GetAsync($"/Housing/Building/{world.NorthBuilding.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var first = building.QuerySelectorAll("section.staircase").First();
        Assert.Equal(["2e étage", "1er étage", "Rez-de-chaussée"], first.QuerySelectorAll("tr.floor").Select(f => f.TextContent.Trim()));
        Assert.Contains("48,5\u00a0m²", first.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Administrator_sees_occupied_dwellings_without_the_household(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var admin = await world.LoginAsync(Role.Administrator);

        var building = await (await admin.GetAsync($"/Housing/Building/{world.NorthBuilding.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("occupé", building);
        Assert.Contains("vacant", building);
        Assert.DoesNotContain("Lefèvre", building, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("/Households/Details/", building);
        var dwelling = await (await admin.GetAsync($"/Housing/Dwelling/{world.NorthHousehold.DwellingId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("occupé", dwelling);
        Assert.DoesNotContain("Lefèvre", dwelling, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Field_agent_sees_the_north_residence_but_not_the_south_one(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var agent = await world.LoginAsync(Role.FieldAgent);
        var southBuilding = world.SouthResidence.Buildings.Single();
        var southDwelling = southBuilding.Dwellings.Single();

        var list = await (await agent.GetAsync("/Housing")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(world.NorthResidence.Name, list);
        Assert.DoesNotContain(world.SouthResidence.Name, list);
        var bySouthSector = await (await agent.GetAsync($"/Housing?sector={world.South.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(world.SouthResidence.Name, bySouthSector);

        var north = await (await agent.GetAsync($"/Housing/Residence/{world.NorthResidence.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Bâtiment A", north);
        var building = await (await agent.GetAsync($"/Housing/Building/{world.NorthBuilding.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("LEFÈVRE Benoît", building);

        await (await agent.GetAsync($"/Housing/Residence/{world.SouthResidence.Id}")).ShouldBe(HttpStatusCode.NotFound);
        await (await agent.GetAsync($"/Housing/Building/{southBuilding.Id}")).ShouldBe(HttpStatusCode.NotFound);
        await (await agent.GetAsync($"/Housing/Dwelling/{southDwelling.Id}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Manager_with_a_sector_sees_only_that_sector(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        await using (var scope = app.SystemScope(world.Id, out var db))
        {
            db.UserSectors.Add(new Relais.Features.Users.UserSector { UserId = world.Users[Role.Manager].Id, SectorId = world.South.Id });
            await db.SaveChangesAsync();
        }

        var manager = await world.LoginAsync(Role.Manager);
        var list = await (await manager.GetAsync("/Housing")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(world.SouthResidence.Name, list);
        Assert.DoesNotContain(world.NorthResidence.Name, list);
        await (await manager.GetAsync($"/Housing/Building/{world.NorthBuilding.Id}")).ShouldBe(HttpStatusCode.NotFound);
        await (await manager.GetAsync($"/Housing/EditResidence/{world.NorthResidence.Id}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Residences_filter_by_sector_and_by_text_ignoring_accents(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.Manager);

        async Task<string[]> Listed(string query)
        {
            var page = (await (await client.GetAsync($"/Housing{query}")).ShouldBe(HttpStatusCode.OK)).Html();
            return page.QuerySelectorAll("tbody th a").Select(a => a.TextContent).ToArray();
        }

        Assert.Equal([world.NorthResidence.Name], await Listed("?q=LHAY+tilleuls"));
        Assert.Equal([world.NorthResidence.Name], await Listed("?q=haÿ"));
        Assert.Equal([world.SouthResidence.Name], await Listed("?q=cite+du+parc+villejuif"));
        Assert.Equal([world.SouthResidence.Name], await Listed($"?sector={world.South.Id}"));
        Assert.Empty(await Listed($"?sector={world.South.Id}&q=tilleuls"));
        Assert.Equal([world.SouthResidence.Name, world.NorthResidence.Name], await Listed(""));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Partner_and_resident_cannot_open_the_housing_stock(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        foreach (var role in new[] { Role.Partner, Role.Resident })
        {
            var client = await world.LoginAsync(role);
            await (await client.GetAsync("/Housing")).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.GetAsync($"/Housing/Residence/{world.NorthResidence.Id}")).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.GetAsync($"/Housing/Building/{world.NorthBuilding.Id}")).ShouldBe(HttpStatusCode.Forbidden);
        }

        var worker = await world.LoginAsync(Role.SocialWorker);
        await (await worker.GetAsync("/Housing")).ShouldBe(HttpStatusCode.OK);
        await (await worker.GetAsync("/Housing/CreateResidence")).ShouldBe(HttpStatusCode.Forbidden);
        await (await worker.GetAsync($"/Housing/EditBuilding/{world.NorthBuilding.Id}")).ShouldBe(HttpStatusCode.Forbidden);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Another_organisation_gets_404_on_every_housing_id(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var other = await World.CreateAsync(app);
        var intruder = await other.LoginAsync(Role.Manager);
        var dwelling = world.FreeDwelling.Id;

        var list = await (await intruder.GetAsync("/Housing")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(other.NorthResidence.Name, list);
        Assert.DoesNotContain(world.NorthResidence.Name, list);
        foreach (var url in new[]
                 {
                     $"/Housing/Residence/{world.NorthResidence.Id}", $"/Housing/Building/{world.NorthBuilding.Id}", $"/Housing/Dwelling/{dwelling}",
                     $"/Housing/EditResidence/{world.NorthResidence.Id}", $"/Housing/AddBuilding/{world.NorthResidence.Id}",
                     $"/Housing/EditBuilding/{world.NorthBuilding.Id}", $"/Housing/AddDwelling/{world.NorthBuilding.Id}", $"/Housing/EditDwelling/{dwelling}",
                 })
        {
            await (await intruder.GetAsync(url)).ShouldBe(HttpStatusCode.NotFound);
        }

        var post = await intruder.PostFormAsync($"/Housing/EditResidence/{world.NorthResidence.Id}",
            new() { ["Input.Name"] = "Piratée", ["Input.SectorId"] = other.North.Id.ToString(), ["Input.CommuneCode"] = "94038", ["Input.Version"] = "0" },
            formPage: "/Housing/CreateResidence");
        await post.ShouldBe(HttpStatusCode.NotFound);
        var postDwelling = await intruder.PostFormAsync($"/Housing/AddDwelling/{world.NorthBuilding.Id}",
            new() { ["Input.Reference"] = "INTRUS-1", ["Input.Staircase"] = "1", ["Input.Floor"] = "1", ["Input.Door"] = "1", ["Input.Typology"] = "T2" },
            formPage: "/Housing/CreateResidence");
        await postDwelling.ShouldBe(HttpStatusCode.NotFound);

        await using var scope = app.SystemScope(world.Id, out var db);
        Assert.Equal(world.NorthResidence.Name, db.Residences.Single(r => r.Id == world.NorthResidence.Id).Name);
        Assert.Equal(2, db.Dwellings.Count(d => d.BuildingId == world.NorthBuilding.Id));
    }
}
