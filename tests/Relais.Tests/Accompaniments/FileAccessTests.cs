using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Audit;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Accompaniments.FileKit;

namespace Relais.Tests.Accompaniments;

public sealed class FileAccessTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Only_the_social_team_reads_a_file_and_each_read_is_logged(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world);
        var goal = await AddAsync(world, new AccompanimentGoal { AccompanimentId = a.Id, Wording = "Payer mon loyer", SetOn = Today });
        string[] urls =
        [
            $"/Accompaniments/File/{a.Id}", $"/Accompaniments/Timeline/{a.Id}", $"/Accompaniments/Edit/{a.Id}", $"/Accompaniments/Goal/{a.Id}/{goal.Id}",
            "/Accompaniments", "/Accompaniments/Deadlines", "/Accompaniments/Statistics",
        ];

        // Field agents (who read the household), partners, residents (even the person themself, here) and the
        // administrator (who administers, without reading social content) are refused.
        foreach (var role in new[] { Role.FieldAgent, Role.Partner, Role.Resident, Role.Administrator })
        {
            var client = await world.LoginAsync(role);
            foreach (var url in urls)
            {
                Assert.True((await client.GetAsync(url)).StatusCode == HttpStatusCode.Forbidden, $"{role} {url}");
            }

            var post = await client.PostFormAsync($"/Accompaniments/Meeting/{a.Id}", new()
            {
                ["Input.HeldOn"] = Iso(Today), ["Input.Medium"] = "Phone", ["Input.Participants"] = "x", ["Input.Summary"] = "x",
            }, formPage: "/");
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        Assert.False(await ReadAsync(world, db => db.AccompanimentMeetings.AnyAsync()));

        // The field agent sees the household but not that it is accompanied, nor a link to the file.
        var agent = await world.LoginAsync(Role.FieldAgent);
        var household = (await (await agent.GetAsync($"/Households/Details/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Null(household.QuerySelector("a[href^='/Accompaniments/File/']"));

        // The social worker reaches the file from the household page; the read is logged with its household.
        var social = await world.LoginAsync(Role.SocialWorker);
        var fromHousehold = (await (await social.GetAsync($"/Households/Details/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal($"/Accompaniments/File/{a.Id}", fromHousehold.QuerySelector("#accompagnements ~ ul a.file-link")?.GetAttribute("href"));
        await (await social.GetAsync($"/Accompaniments/File/{a.Id}")).ShouldBe(HttpStatusCode.OK);
        await (await social.GetAsync($"/Accompaniments/Timeline/{a.Id}")).ShouldBe(HttpStatusCode.OK);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var reads = await db.AuditEntries.Where(e => e.OrganisationId == world.Id && e.Action == AuditActions.Read && e.EntityType == "Accompaniment")
                .OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal(["dossier", "chronologie"], reads.Select(r => r.Details));
            Assert.All(reads, r => Assert.Equal((a.Id, world.NorthHousehold.Id, world.Users[Role.SocialWorker].Id), (r.EntityId!.Value, r.HouseholdId!.Value, r.UserId!.Value)));
        }

        // Another organisation's manager: 404, not 403.
        var other = await World.CreateAsync(world.App);
        var stranger = await other.LoginAsync(Role.Manager);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Accompaniments/File/{a.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Accompaniments/Timeline/{a.Id}")).StatusCode);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_worker_limited_to_a_sector_reads_only_the_files_of_that_sector(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var north = await OpenAsync(world, referents: [Role.Manager]);
        var south = await OpenAsync(world, world.SouthHousehold.Id, world.SouthHolder.Id, referents: [Role.Manager]);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            db.UserSectors.Add(new UserSector { UserId = world.Users[Role.SocialWorker].Id, SectorId = world.South.Id });
            await db.SaveChangesAsync();
        }

        var social = await world.LoginAsync(Role.SocialWorker);
        Assert.Equal(HttpStatusCode.NotFound, (await social.GetAsync($"/Accompaniments/File/{north.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await social.PostFormAsync($"/Accompaniments/Strength/{north.Id}", new() { ["Input.Kind"] = "Strength", ["Input.Text"] = "x" }, formPage: "/")).StatusCode);
        await (await social.GetAsync($"/Accompaniments/File/{south.Id}")).ShouldBe(HttpStatusCode.OK);
        var team = (await (await social.GetAsync("/Accompaniments?vue=equipe")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal([$"/Accompaniments/File/{south.Id}"], team.QuerySelectorAll(".accompaniment-list tbody a").Select(x => x.GetAttribute("href")));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_list_shows_mine_or_the_team_s_open_or_closed_by_sector(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var mine = await OpenAsync(world, referents: [Role.SocialWorker, Role.Manager]);
        var theirs = await OpenAsync(world, world.SouthHousehold.Id, world.SouthHolder.Id, referents: [Role.Manager]);
        var other = await Signals.SignalTestKit.NewHouseholdAsync(world, "Marchand");
        var closed = await OpenAsync(world, other.Id, other.Members[0].Id, consent: Today.AddDays(-200));
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var c = await db.Accompaniments.SingleAsync(x => x.Id == closed.Id);
            c.Status = AccompanimentStatus.Closed;
            c.ClosedOn = Today.AddDays(-10);
            c.LastContactOn = Today.AddDays(-12);
            c.ClosureOutcome = ClosureOutcome.Moved;
            await db.SaveChangesAsync();
        }

        var social = await world.LoginAsync(Role.SocialWorker);
        async Task<List<string?>> Files(string query)
        {
            var html = (await (await social.GetAsync("/Accompaniments" + query)).ShouldBe(HttpStatusCode.OK)).Html();
            return html.QuerySelectorAll(".accompaniment-list tbody th a").Select(x => x.GetAttribute("href")?.Split('/').Last()).ToList();
        }

        Assert.Equal([mine.Id.ToString()], await Files(""));
        Assert.Equal([closed.Id.ToString()], await Files("?vue=miens&etat=clos"));
        Assert.Equal(new[] { mine.Id.ToString(), theirs.Id.ToString() }.Order(), (await Files("?vue=equipe")).Order());
        Assert.Equal([theirs.Id.ToString()], await Files($"?vue=equipe&secteur={world.South.Id}"));
        Assert.Equal(3, (await Files("?vue=equipe&etat=tous")).Count);
        var page = (await (await social.GetAsync("/Accompaniments")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains($"{world.Users[Role.Manager].DisplayName}, {world.Users[Role.SocialWorker].DisplayName}", page.QuerySelector(".accompaniment-list tbody")!.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_catalogue_of_rights_is_seeded_and_extended_by_the_administrator_or_the_manager(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var admin = await world.LoginAsync(Role.Administrator);
        var page = (await (await admin.GetAsync("/Accompaniments/Rights")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(["APL", "RSA", "Prime d’activité", "Complémentaire santé solidaire", "Chèque énergie", "FSL", "AAH"],
            page.QuerySelectorAll("#catalogue tbody th").Select(x => x.TextContent));

        await (await admin.PostFormAsync("/Accompaniments/Rights?handler=Add", new() { ["Input.Name"] = "ASPA", ["Input.Description"] = "Minimum vieillesse" }, formPage: "/Accompaniments/Rights"))
            .ShouldBe(HttpStatusCode.Redirect);
        var twice = (await (await admin.PostFormAsync("/Accompaniments/Rights?handler=Add", new() { ["Input.Name"] = "aspa" }, formPage: "/Accompaniments/Rights"))
            .ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Le droit « aspa » est déjà dans la liste.", twice.QuerySelector("#name-err")?.TextContent);

        // Retiring the FSL: no longer offered in a file, still shown where it was answered.
        var fsl = await RightIdAsync(world, "FSL");
        var a = await OpenAsync(world);
        var b = await OpenAsync(world, world.SouthHousehold.Id, world.SouthHolder.Id);
        await AddAsync(world, new AccompanimentRight { AccompanimentId = a.Id, RightKindId = fsl, Status = RightStatus.Requested, RequestedOn = Today, CheckedOn = Today });
        await (await admin.PostFormAsync("/Accompaniments/Rights?handler=Toggle", new() { ["rightId"] = fsl.ToString(), ["version"] = "0" }, formPage: "/Accompaniments/Rights"))
            .ShouldBe(HttpStatusCode.Redirect);
        var manager = await world.LoginAsync(Role.Manager);
        var fileA = (await (await manager.GetAsync($"/Accompaniments/File/{a.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var fileB = (await (await manager.GetAsync($"/Accompaniments/File/{b.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(fileA.QuerySelector($"#droit-{fsl}"));
        Assert.Null(fileB.QuerySelector($"#droit-{fsl}"));
        Assert.NotNull(fileB.QuerySelector($"#droit-{await RightIdAsync(world, "RSA")}"));
        Assert.Contains("ASPA", fileB.QuerySelector("#section-droits")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/Accompaniments/Right/{b.Id}/{fsl}")).StatusCode);

        // A social worker does not change the catalogue.
        var social = await world.LoginAsync(Role.SocialWorker);
        Assert.Equal(HttpStatusCode.Forbidden, (await social.GetAsync("/Accompaniments/Rights")).StatusCode);
    }
}
