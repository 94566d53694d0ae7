using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Housing;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Housing;

public sealed class HousingEditTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Creating_a_residence_from_the_commune_picker_stores_the_INSEE_commune(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var manager = await world.LoginAsync(Role.Manager);
        var name = $"Résidence des Roses {Guid.NewGuid():N}";

        var response = await manager.PostFormAsync("/Housing/CreateResidence", new()
        {
            ["Input.Name"] = name,
            ["Input.SectorId"] = world.North.Id.ToString(),
            ["Input.Commune"] = "L'Haÿ-les-Roses (94) – 94038",
            ["Input.CommuneCode"] = "94038",
            ["Input.PostalCode"] = "",
        });
        await response.ShouldBe(HttpStatusCode.Redirect);

        var created = await Stored(app, world, name);
        Assert.NotNull(created);
        Assert.Equal("94038", created.CommuneCode);
        Assert.Equal("L'Haÿ-les-Roses", created.CommuneName);
        Assert.Equal("94240", created.PostalCode);
        Assert.Equal(world.North.Id, created.SectorId);
        Assert.Equal($"/Housing/Residence/{created.Id}", response.Headers.Location?.OriginalString);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_unknown_commune_code_is_refused_in_french(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var manager = await world.LoginAsync(Role.Manager);
        var name = $"Résidence fantôme {Guid.NewGuid():N}";

        var body = await (await manager.PostFormAsync("/Housing/CreateResidence", new()
        {
            ["Input.Name"] = name,
            ["Input.SectorId"] = world.North.Id.ToString(),
            ["Input.CommuneCode"] = "99999",
            ["Input.PostalCode"] = "99999",
        })).ShouldBe(HttpStatusCode.OK);

        var page = body.Html();
        Assert.Contains("Commune inconnue du référentiel INSEE", page.QuerySelector("#commune-err")?.TextContent);
        Assert.Equal("true", page.QuerySelector("#commune")?.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector(".error-summary"));
        Assert.Equal(name, page.QuerySelector("#name")?.GetAttribute("value")); // the input is kept
        Assert.Null(await Stored(app, world, name));

        // Typed without the picker, an unknown INSEE or postal code gets the same answer.
        var typed = (await (await manager.PostFormAsync("/Housing/CreateResidence", new()
        {
            ["Input.Name"] = name,
            ["Input.SectorId"] = world.North.Id.ToString(),
            ["Input.Commune"] = "99999",
        })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Commune inconnue du référentiel INSEE", typed.QuerySelector("#commune-err")?.TextContent);
        Assert.Null(await Stored(app, world, name));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_postal_code_typed_without_javascript_resolves_to_its_commune(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var manager = await world.LoginAsync(Role.Manager);
        var name = $"Résidence sans script {Guid.NewGuid():N}";

        await (await manager.PostFormAsync("/Housing/CreateResidence", new()
        {
            ["Input.Name"] = name,
            ["Input.SectorId"] = world.South.Id.ToString(),
            ["Input.Commune"] = "94240",
            ["Input.CommuneCode"] = "",
            ["Input.PostalCode"] = "",
        })).ShouldBe(HttpStatusCode.Redirect);

        var created = await Stored(app, world, name);
        Assert.NotNull(created);
        Assert.Equal("94038", created.CommuneCode);
        Assert.Equal("L'Haÿ-les-Roses", created.CommuneName);
        Assert.Equal("94240", created.PostalCode);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_postal_code_of_another_commune_is_refused(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var manager = await world.LoginAsync(Role.Manager);
        var name = $"Résidence mal adressée {Guid.NewGuid():N}";

        var page = (await (await manager.PostFormAsync("/Housing/CreateResidence", new()
        {
            ["Input.Name"] = name,
            ["Input.SectorId"] = world.North.Id.ToString(),
            ["Input.Commune"] = "Villejuif",
            ["Input.PostalCode"] = "94240",
        })).ShouldBe(HttpStatusCode.OK)).Html();

        Assert.Contains("n'est pas celui de Villejuif (94800)", page.QuerySelector("#postal-err")?.TextContent);
        Assert.Equal("Villejuif (94) – 94076", page.QuerySelector("#commune")?.GetAttribute("value"));
        Assert.Null(await Stored(app, world, name));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_dwelling_above_the_top_floor_is_refused(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var manager = await world.LoginAsync(Role.Manager);
        var reference = $"LGT-{Guid.NewGuid():N}"[..30];
        Dictionary<string, string> Dwelling(string floor) => new()
        {
            ["Input.Reference"] = reference,
            ["Input.Staircase"] = "2",
            ["Input.Floor"] = floor,
            ["Input.Door"] = "51",
            ["Input.Typology"] = "T3",
            ["Input.Surface"] = "65,5",
        };

        var page = (await (await manager.PostFormAsync($"/Housing/AddDwelling/{world.NorthBuilding.Id}", Dwelling("5")))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("L'étage doit être compris entre 0 (rez-de-chaussée) et 4", page.QuerySelector("#floor-err")?.TextContent);
        await using (var scope = app.SystemScope(world.Id, out var db))
        {
            Assert.False(await db.Dwellings.AnyAsync(d => d.Reference == reference));
        }

        await (await manager.PostFormAsync($"/Housing/AddDwelling/{world.NorthBuilding.Id}", Dwelling("4"))).ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = app.SystemScope(world.Id, out var db))
        {
            var stored = await db.Dwellings.SingleAsync(d => d.Reference == reference);
            Assert.Equal(4, stored.Floor);
            Assert.Equal("2", stored.Staircase);
            Assert.Equal(65.5m, stored.SurfaceM2);
            Assert.Equal(world.NorthBuilding.Id, stored.BuildingId);
        }

        // Nor may the building shrink below its dwellings.
        var shrink = (await (await manager.PostFormAsync($"/Housing/EditBuilding/{world.NorthBuilding.Id}", new()
        {
            ["Input.Name"] = "Bâtiment A",
            ["Input.Street"] = "12 rue Jean Jaurès",
            ["Input.Staircases"] = "1, 2",
            ["Input.Floors"] = "3",
            ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("le bâtiment doit compter au moins 4 étages", shrink.QuerySelector("#floors-err")?.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_dwelling_reference_is_unique_in_the_organisation_only(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var other = await World.CreateAsync(app);
        var taken = world.FreeDwelling.Reference;
        Dictionary<string, string> Dwelling(string staircase) => new()
        {
            ["Input.Reference"] = taken,
            ["Input.Staircase"] = staircase,
            ["Input.Floor"] = "1",
            ["Input.Door"] = "12",
            ["Input.Typology"] = "T2",
        };

        var manager = await world.LoginAsync(Role.Manager);
        var page = (await (await manager.PostFormAsync($"/Housing/AddDwelling/{world.NorthBuilding.Id}", Dwelling("1")))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains($"La référence « {taken} » est déjà attribuée", page.QuerySelector("#reference-err")?.TextContent);
        await using (var scope = app.SystemScope(world.Id, out var db))
        {
            Assert.Equal(1, await db.Dwellings.CountAsync(d => d.Reference == taken));
        }

        // Renaming another dwelling to that reference is refused too.
        var dwellingId = world.NorthHousehold.DwellingId!.Value;
        var rename = (await (await manager.PostFormAsync($"/Housing/EditDwelling/{dwellingId}", new(Dwelling("1")) { ["Input.Version"] = "0" }))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("déjà attribuée", rename.QuerySelector("#reference-err")?.TextContent);

        // Another organisation may use the same reference.
        var otherManager = await other.LoginAsync(Role.Manager);
        await (await otherManager.PostFormAsync($"/Housing/AddDwelling/{other.NorthBuilding.Id}", Dwelling("1"))).ShouldBe(HttpStatusCode.Redirect);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_concurrent_edit_of_a_residence_is_detected_and_the_input_kept(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var first = await world.LoginAsync(Role.Manager);
        var second = await world.LoginAsync(Role.Administrator);
        var url = $"/Housing/EditResidence/{world.NorthResidence.Id}";
        var form = (await (await second.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        var version = form.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        Assert.Equal("L'Haÿ-les-Roses (94) – 94038", form.QuerySelector("#commune")?.GetAttribute("value"));
        Dictionary<string, string> Edit(string name, string v) => new()
        {
            ["Input.Name"] = name,
            ["Input.SectorId"] = world.North.Id.ToString(),
            ["Input.Commune"] = "L'Haÿ-les-Roses (94) – 94038",
            ["Input.CommuneCode"] = "94038",
            ["Input.PostalCode"] = "94240",
            ["Input.Version"] = v,
        };

        await (await first.PostFormAsync(url, Edit("Les Tilleuls (rénovée)", version))).ShouldBe(HttpStatusCode.Redirect);
        var conflict = (await (await second.PostFormAsync(url, Edit("Les Tilleuls du second", version))).ShouldBe(HttpStatusCode.OK)).Html();

        var alert = conflict.QuerySelector(".error-summary[role=alert]");
        Assert.Contains("modifiée par quelqu’un d’autre", alert?.TextContent);
        Assert.Contains("Les Tilleuls (rénovée)", alert?.TextContent);
        Assert.Equal("Les Tilleuls du second", conflict.QuerySelector("#name")?.GetAttribute("value"));
        var newVersion = conflict.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        Assert.NotEqual(version, newVersion);
        Assert.Equal("Les Tilleuls (rénovée)", (await Stored(app, world, "Les Tilleuls (rénovée)"))?.Name);

        // Having seen the other version, the second user may deliberately overwrite it.
        await (await second.PostFormAsync(url, Edit("Les Tilleuls du second", newVersion))).ShouldBe(HttpStatusCode.Redirect);
        Assert.NotNull(await Stored(app, world, "Les Tilleuls du second"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Manager_adds_a_building_then_a_dwelling_and_sees_them(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var manager = await world.LoginAsync(Role.Manager);

        var created = await manager.PostFormAsync($"/Housing/AddBuilding/{world.SouthResidence.Id}", new()
        {
            ["Input.Name"] = "Bâtiment C",
            ["Input.Street"] = "2 allée des Peupliers",
            ["Input.Staircases"] = "C1, C2",
            ["Input.Floors"] = "6",
        });
        await created.ShouldBe(HttpStatusCode.Redirect);
        var buildingUrl = created.Headers.Location!.OriginalString;
        var buildingId = Guid.Parse(buildingUrl.Split('/').Last());

        var refused = (await (await manager.PostFormAsync($"/Housing/AddDwelling/{buildingId}", new()
        {
            ["Input.Reference"] = $"C-{Guid.NewGuid():N}"[..20],
            ["Input.Staircase"] = "Z",
            ["Input.Floor"] = "deux",
            ["Input.Door"] = "",
            ["Input.Typology"] = "T9",
            ["Input.Surface"] = "-3",
        })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("n'existe pas dans ce bâtiment (C1, C2)", refused.QuerySelector("#staircase-err")?.TextContent);
        Assert.Contains("nombre entier", refused.QuerySelector("#floor-err")?.TextContent);
        Assert.Contains("obligatoire", refused.QuerySelector("#door-err")?.TextContent);
        Assert.Contains("T1 à T7", refused.QuerySelector("#typology-err")?.TextContent);
        Assert.Contains("supérieur à 0", refused.QuerySelector("#surface-err")?.TextContent);

        var reference = $"C-{Guid.NewGuid():N}"[..20];
        await (await manager.PostFormAsync($"/Housing/AddDwelling/{buildingId}", new()
        {
            ["Input.Reference"] = reference,
            ["Input.Staircase"] = "c2",
            ["Input.Floor"] = "6",
            ["Input.Door"] = "62",
            ["Input.Typology"] = "t4",
            ["Input.Surface"] = "81",
        })).ShouldBe(HttpStatusCode.Redirect);

        var building = (await (await manager.GetAsync(buildingUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        var c2 = building.QuerySelectorAll("section.staircase").Single(s => s.QuerySelector("h2")!.TextContent == "Escalier C2");
        Assert.Equal(["6e étage"], c2.QuerySelectorAll("tr.floor").Select(f => f.TextContent.Trim()));
        Assert.Contains(reference, c2.TextContent);
        Assert.Contains("T4", c2.TextContent);
        Assert.Contains("vacant", c2.TextContent);
        var residence = await (await manager.GetAsync($"/Housing/Residence/{world.SouthResidence.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("2 allée des Peupliers", residence);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Households_are_found_by_their_new_address_after_a_housing_edit(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var manager = await world.LoginAsync(Role.Manager);
        var tag = Guid.NewGuid().ToString("N")[..8];

        await (await manager.PostFormAsync($"/Housing/EditResidence/{world.NorthResidence.Id}", new()
        {
            ["Input.Name"] = $"Résidence Églantine {tag}",
            ["Input.SectorId"] = world.North.Id.ToString(),
            ["Input.Commune"] = "Villejuif",
            ["Input.PostalCode"] = "94800",
            ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);
        await (await manager.PostFormAsync($"/Housing/EditBuilding/{world.NorthBuilding.Id}", new()
        {
            ["Input.Name"] = "Bâtiment A",
            ["Input.Street"] = $"3 impasse Höfner {tag}",
            ["Input.Staircases"] = "1, 2",
            ["Input.Floors"] = "4",
            ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);

        foreach (var q in new[] { $"eglantine {tag}", $"hofner {tag}" })
        {
            var found = await (await manager.GetAsync($"/Households?q={Uri.EscapeDataString(q)}")).ShouldBe(HttpStatusCode.OK);
            Assert.Contains($"/Households/Details/{world.NorthHousehold.Id}", found);
        }

        await using var scope = app.SystemScope(world.Id, out var db);
        var household = await db.Households.AsNoTracking().SingleAsync(h => h.Id == world.NorthHousehold.Id);
        Assert.Contains("villejuif", household.SearchKey);
        Assert.DoesNotContain("tilleuls", household.SearchKey);
        Assert.Equal(0, household.Version); // the household itself was not edited
        var residence = await db.Residences.AsNoTracking().SingleAsync(r => r.Id == world.NorthResidence.Id);
        Assert.Equal(("94076", "Villejuif", "94800"), (residence.CommuneCode, residence.CommuneName, residence.PostalCode));
    }

    private static async Task<Residence?> Stored(TestApp app, World world, string name)
    {
        await using var scope = app.SystemScope(world.Id, out var db);
        return await db.Residences.AsNoTracking().FirstOrDefaultAsync(r => r.Name == name);
    }
}
