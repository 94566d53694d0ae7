using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Administration;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

public sealed class PartnerStructureTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_administrator_creates_a_structure_and_attaches_a_partner_user_to_it(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var admin = await world.LoginAsync(Role.Administrator);

        var empty = (await (await admin.PostFormAsync("/Admin/Partners", new() { ["Input.Name"] = "  " })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Le nom de la structure est obligatoire.", empty.QuerySelector("#partner-name-err")?.TextContent);
        await (await admin.PostFormAsync("/Admin/Partners", new() { ["Input.Name"] = "CCAS de L’Haÿ-les-Roses" })).ShouldBe(HttpStatusCode.Redirect);
        var twice = (await (await admin.PostFormAsync("/Admin/Partners", new() { ["Input.Name"] = "CCAS de L’Haÿ-les-Roses" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Une structure « CCAS de L’Haÿ-les-Roses » existe déjà.", twice.QuerySelector("#partner-name-err")?.TextContent);
        var list = (await (await admin.GetAsync("/Admin/Partners")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("CCAS de L’Haÿ-les-Roses", list.QuerySelector("table.partners tbody th a")?.TextContent);
        Guid partnerId;
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            partnerId = (await db.PartnerOrganisations.SingleAsync()).Id;
        }

        // A Partenaire account needs its structure.
        var userUrl = $"/Admin/Users/Edit/{world.Users[Role.Partner].Id}";
        var version = await AdminHelpers.FieldAsync(admin, userUrl, "Input.Version");
        var missing = (await (await admin.PostFormAsync(userUrl, new()
        {
            ["Input.DisplayName"] = "Paul Partenaire",
            ["Input.Role"] = "Partner",
            ["Input.Version"] = version,
        })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Choisissez la structure partenaire de ce compte : un partenaire ne voit que ce qui est partagé avec sa structure.",
            missing.QuerySelector("#partner-err")?.TextContent);
        Assert.Equal("CCAS de L’Haÿ-les-Roses", missing.QuerySelector($"#partner option[value='{partnerId}']")?.TextContent);

        await (await admin.PostFormAsync(userUrl, new()
        {
            ["Input.DisplayName"] = "Paul Partenaire",
            ["Input.Role"] = "Partner",
            ["Input.Version"] = version,
            ["Input.PartnerOrganisationId"] = partnerId.ToString(),
        })).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(partnerId, (await AdminHelpers.UserAsync(world.App, world.Users[Role.Partner].Id)).PartnerOrganisationId);
        var shown = (await (await admin.GetAsync(userUrl)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(shown.QuerySelector($"#partner option[value='{partnerId}'][selected]"));

        // Another role drops the structure.
        version = await AdminHelpers.FieldAsync(admin, userUrl, "Input.Version");
        await (await admin.PostFormAsync(userUrl, new()
        {
            ["Input.DisplayName"] = "Paul Partenaire",
            ["Input.Role"] = "FieldAgent",
            ["Input.SectorIds"] = world.North.Id.ToString(),
            ["Input.Version"] = version,
            ["Input.PartnerOrganisationId"] = partnerId.ToString(),
        })).ShouldBe(HttpStatusCode.Redirect);
        Assert.Null((await AdminHelpers.UserAsync(world.App, world.Users[Role.Partner].Id)).PartnerOrganisationId);

        // A new partner account is created with its structure.
        var create = await admin.PostFormAsync("/Admin/Users/Create", new()
        {
            ["Input.DisplayName"] = "Nadia CCAS",
            ["Input.Email"] = $"nadia-{Guid.NewGuid():N}@ccas.example.org",
            ["Input.Role"] = "Partner",
            ["Input.PartnerOrganisationId"] = partnerId.ToString(),
            ["Mode"] = "Invitation",
        });
        await create.ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal(partnerId, (await db.Users.SingleAsync(u => u.DisplayName == "Nadia CCAS")).PartnerOrganisationId);
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_deactivated_structure_or_an_unattached_partner_sees_nothing(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        var partner = await world.LoginAsync(Role.Partner);
        Assert.Contains(file.NoteText(ConfidentialityLevel.Partner), await (await partner.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK));

        var admin = await world.LoginAsync(Role.Administrator);
        var edit = $"/Admin/Partners/Edit/{file.Partner.Id}";
        var version = await AdminHelpers.FieldAsync(admin, edit, "Input.Version");
        await (await admin.PostFormAsync(edit, new() { ["Input.Name"] = file.Partner.Name, ["Input.IsActive"] = "false", ["Input.Version"] = version }))
            .ShouldBe(HttpStatusCode.Redirect);
        var off = await (await partner.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(file.NoteText(ConfidentialityLevel.Partner), off);
        Assert.Contains("Votre compte n’est rattaché à aucune structure partenaire active.", off);
        await (await partner.GetAsync(file.DownloadUrl(ConfidentialityLevel.Partner))).ShouldBe(HttpStatusCode.NotFound);

        // A stale form does not silently undo it.
        var stale = (await (await admin.PostFormAsync(edit, new() { ["Input.Name"] = file.Partner.Name, ["Input.IsActive"] = "true", ["Input.Version"] = version }))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Cette structure a été modifiée par quelqu’un d’autre", stale.QuerySelector(".error-summary")!.TextContent);
        await (await admin.PostFormAsync(edit, new()
        {
            ["Input.Name"] = file.Partner.Name,
            ["Input.IsActive"] = "true",
            ["Input.Version"] = stale.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!,
        })).ShouldBe(HttpStatusCode.Redirect);
        Assert.Contains(file.NoteText(ConfidentialityLevel.Partner), await (await partner.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK));

        // A Partenaire of no structure reads nothing.
        var loose = await AdminHelpers.AddUserAsync(world, Role.Partner);
        var client = await world.App.LoginAsync(loose.Email!);
        Assert.Contains("Votre compte n’est rattaché à aucune structure partenaire active.", await (await client.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.OK));
        await (await client.GetAsync(file.DownloadUrl(ConfidentialityLevel.Partner))).ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Only_the_administrator_manages_partner_structures(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ConfidentialFile.ArrangeAsync(world);
        foreach (var role in new[] { Role.Manager, Role.SocialWorker, Role.FieldAgent, Role.Partner, Role.Resident })
        {
            var client = await world.LoginAsync(role);
            await (await client.GetAsync("/Admin/Partners")).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.GetAsync($"/Admin/Partners/Edit/{file.Partner.Id}")).ShouldBe(HttpStatusCode.Forbidden);
        }

        // The menus lead each role to its own page.
        var resident = await world.LoginAsync(Role.Resident);
        Assert.NotNull((await (await resident.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector("nav a[href='/Accompaniments/Mine']"));
        var partner = await world.LoginAsync(Role.Partner);
        Assert.NotNull((await (await partner.GetAsync("/")).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector("nav a[href='/Partners/Shared']"));
        await (await partner.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.Forbidden);
        await (await resident.GetAsync("/Partners/Shared")).ShouldBe(HttpStatusCode.Forbidden);
    }
}
