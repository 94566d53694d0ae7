using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Organisations;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Administration.AdminHelpers;

namespace Relais.Tests.Administration;

public sealed class OrganisationSettingsTests
{
    private const string Url = "/Admin/Organisation";

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Settings_save_a_known_commune_and_refuse_an_unknown_code(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var admin = await world.LoginAsync(Role.Administrator);
        var page = (await (await admin.GetAsync(Url)).ShouldBe(HttpStatusCode.OK)).Html();
        var search = page.QuerySelector("#commune")!;
        Assert.Equal("commune-code", search.GetAttribute("data-commune-code"));
        Assert.NotNull(page.QuerySelector($"datalist#{search.GetAttribute("list")}"));
        Assert.Equal("94038", page.QuerySelector("#commune-code")!.GetAttribute("value"));

        async Task<HttpResponseMessage> Save(string text, string code, bool twoFactor = false, string name = "Habitat Solidaire") =>
            await admin.PostFormAsync(Url, new()
            {
                ["Input.Version"] = await FieldAsync(admin, Url, "Input.Version"),
                ["Input.Name"] = name,
                ["Input.CommuneSearch"] = text,
                ["Input.CommuneCode"] = code,
                ["Input.RequireTwoFactorForSocialRoles"] = twoFactor ? "true" : "false",
            });

        // Without the script: the INSEE code typed in the text field (the hidden field keeps the old value).
        await (await Save("75056", "94038", twoFactor: true)).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(("75056", true, "Habitat Solidaire"), await StoredAsync(world));

        // With the script: the picker's label and the hidden INSEE code.
        await (await Save("L'Haÿ-les-Roses (94) – 94038", "94038")).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(("94038", false, "Habitat Solidaire"), await StoredAsync(world));
        Assert.Equal("L'Haÿ-les-Roses (94) – 94038", (await (await admin.GetAsync(Url)).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector("#commune")!.GetAttribute("value"));

        // A code that does not exist, typed or in the hidden field, is refused next to the field.
        foreach (var (text, code) in new[] { ("99999", "94038"), ("", "99999") })
        {
            var refused = (await (await Save(text, code, name: "Autre nom")).ShouldBe(HttpStatusCode.OK)).Html();
            Assert.StartsWith("Commune inconnue", refused.QuerySelector("#commune-err")!.TextContent.Trim());
            Assert.Equal("true", refused.QuerySelector("#commune")!.GetAttribute("aria-invalid"));
            Assert.Equal(("94038", false, "Habitat Solidaire"), await StoredAsync(world));
        }

        // A postal code of a single commune is accepted; one shared by several communes asks to choose.
        await (await Save("94240", "")).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal("94038", (await StoredAsync(world)).Commune);
        var shared = (await (await Save("75001", "")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("plusieurs communes", shared.QuerySelector("#commune-err")!.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Concurrent_edit_of_the_organisation_is_detected(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var first = await world.LoginAsync(Role.Administrator);
        var second = await world.LoginAsync(Role.Administrator);
        var version = await FieldAsync(first, Url, "Input.Version");

        Dictionary<string, string> Form(string name, string v) => new()
        {
            ["Input.Version"] = v, ["Input.Name"] = name, ["Input.CommuneSearch"] = "94038", ["Input.CommuneCode"] = "94038",
        };

        await (await first.PostFormAsync(Url, Form("Nom du premier", version))).ShouldBe(HttpStatusCode.Redirect);
        var lost = (await (await second.PostFormAsync(Url, Form("Nom du second", version))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Nom du premier", lost.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("Nom du second", lost.QuerySelector("#org-name")!.GetAttribute("value"));
        Assert.Equal("Nom du premier", (await StoredAsync(world)).Name);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Sectors_are_created_renamed_unique_and_not_deleted_while_they_have_residences(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var admin = await world.LoginAsync(Role.Administrator);

        await (await admin.PostFormAsync($"{Url}?handler=AddSector", new() { ["SectorName"] = "Est" }, formPage: Url)).ShouldBe(HttpStatusCode.Redirect);
        var east = await SectorAsync(world, "Est");
        Assert.NotNull(east);

        var duplicate = (await (await admin.PostFormAsync($"{Url}?handler=AddSector", new() { ["SectorName"] = " nord " }, formPage: Url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Un secteur s’appelle déjà « Nord »", duplicate.QuerySelector("#new-sector-err")!.TextContent);

        var renameToDuplicate = await admin.PostFormAsync($"{Url}?handler=RenameSector", new()
        {
            ["SectorId"] = world.South.Id.ToString(), ["SectorVersion"] = "0", ["SectorName"] = "Est",
        }, formPage: Url);
        Assert.Contains("Un secteur s’appelle déjà « Est »", await renameToDuplicate.ShouldBe(HttpStatusCode.OK));

        var renamed = await admin.PostFormAsync($"{Url}?handler=RenameSector", new()
        {
            ["SectorId"] = world.South.Id.ToString(), ["SectorVersion"] = world.South.Version.ToString(), ["SectorName"] = "Sud-Ouest",
        }, formPage: Url);
        await renamed.ShouldBe(HttpStatusCode.Redirect);
        Assert.NotNull(await SectorAsync(world, "Sud-Ouest"));

        var withResidences = await admin.PostFormAsync($"{Url}?handler=DeleteSector", new() { ["SectorId"] = world.North.Id.ToString() }, formPage: Url);
        var page = (await withResidences.ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("ne peut pas être supprimé : une résidence y est rattachée", page.QuerySelector($"#sector-{world.North.Id:N}-err")!.TextContent);
        Assert.NotNull(await SectorAsync(world, "Nord"));

        await (await admin.PostFormAsync($"{Url}?handler=DeleteSector", new() { ["SectorId"] = east!.Id.ToString() }, formPage: Url)).ShouldBe(HttpStatusCode.Redirect);
        Assert.Null(await SectorAsync(world, "Est"));

        // Another organisation's sector is out of reach.
        var other = await World.CreateAsync(world.App);
        var foreign = await admin.PostFormAsync($"{Url}?handler=DeleteSector", new() { ["SectorId"] = other.South.Id.ToString() }, formPage: Url);
        await foreign.ShouldBe(HttpStatusCode.NotFound);
        Assert.NotNull(await SectorAsync(other, "Sud"));
    }

    private static async Task<(string? Commune, bool TwoFactor, string Name)> StoredAsync(World world)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var o = await db.Organisations.AsNoTracking().SingleAsync(x => x.Id == world.Id);
        return (o.CommuneCode, o.RequireTwoFactorForSocialRoles, o.Name);
    }

    private static async Task<Sector?> SectorAsync(World world, string name)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        return await db.Sectors.AsNoTracking().SingleOrDefaultAsync(s => s.Name == name);
    }
}
