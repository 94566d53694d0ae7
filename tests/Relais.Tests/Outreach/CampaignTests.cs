using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Outreach;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Outreach;

public sealed class CampaignTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Campaign_from_checked_signals_targets_their_households_and_puts_the_signals_in_outreach(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var martin = await OutreachKit.AddHouseholdAsync(world, world.NorthBuilding.Id, "1", 3, "31", "Martin");
        var serious = await OutreachKit.AddSignalAsync(world, world.NorthHousehold.Id, SignalSeverity.High);
        var minor = await OutreachKit.AddSignalAsync(world, world.NorthHousehold.Id, SignalSeverity.Low, type: SignalType.Letterbox,
            explanation: "Boîte aux lettres pleine", publicExplanation: "Boîte aux lettres pleine", debt: null);
        var other = await OutreachKit.AddSignalAsync(world, martin.Id);
        var notChosen = await OutreachKit.AddSignalAsync(world, world.SouthHousehold.Id);
        var manager = await world.LoginAsync(Role.Manager);

        var form = (await (await manager.GetAsync("/Outreach/Create")).ShouldBe(HttpStatusCode.OK)).Html();
        foreach (var s in new[] { serious, minor, other, notChosen })
        {
            Assert.NotNull(form.QuerySelector($"#sig-{s.Id}"));
        }

        // The signals list of another page may send signals pre-checked.
        var preChecked = (await (await manager.GetAsync($"/Outreach/Create?signalIds={serious.Id}&signalIds={other.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(new[] { serious.Id, other.Id }.Select(i => i.ToString()).Order(),
            preChecked.QuerySelectorAll("input[name=SignalIds][checked]").Select(i => i.GetAttribute("value")!).Order());

        var response = await manager.PostFormAsync("/Outreach/Create",
            OutreachKit.CampaignForm(world, "Tournée des impayés", [serious.Id, minor.Id, other.Id], team: [Role.SocialWorker, Role.FieldAgent]));
        await response.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Outreach/Campaign/", location, StringComparison.Ordinal);
        var id = Guid.Parse(location.Split('/').Last());

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var campaign = await db.OutreachCampaigns.Include(c => c.Team).Include(c => c.Targets).SingleAsync(c => c.Id == id);
            Assert.Equal("Tournée des impayés", campaign.Name);
            Assert.Equal(OutreachChannel.DoorToDoor, campaign.Channel);
            Assert.Equal(world.Users[Role.Manager].Id, campaign.CreatedByUserId);
            Assert.Equal(new[] { world.Users[Role.SocialWorker].Id, world.Users[Role.FieldAgent].Id }.Order(), campaign.Team.Select(m => m.UserId).Order());
            Assert.Equal(2, campaign.Targets.Count); // one target per household, whatever the number of its signals
            Assert.Equal(serious.Id, campaign.Targets.Single(t => t.HouseholdId == world.NorthHousehold.Id).SignalId); // the most serious is the reason
            Assert.Equal(other.Id, campaign.Targets.Single(t => t.HouseholdId == martin.Id).SignalId);
            Assert.All(campaign.Targets, t => Assert.Equal(TargetStatus.Pending, t.Status));
            var statuses = await db.Signals.Where(s => s.HouseholdId == world.NorthHousehold.Id || s.HouseholdId == martin.Id || s.HouseholdId == world.SouthHousehold.Id)
                .ToDictionaryAsync(s => s.Id, s => s.Status);
            Assert.Equal(SignalStatus.InOutreach, statuses[serious.Id]);
            Assert.Equal(SignalStatus.InOutreach, statuses[minor.Id]);
            Assert.Equal(SignalStatus.InOutreach, statuses[other.Id]);
            Assert.Equal(SignalStatus.New, statuses[notChosen.Id]);
        }

        var page = (await (await manager.GetAsync(location)).ShouldBe(HttpStatusCode.OK)).Html();
        var names = page.QuerySelectorAll("#cibles ~ table tbody tr td:first-child a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["LEFÈVRE Benoît", "MARTIN Alex"], names);
        Assert.Contains("À contacter", page.QuerySelector("#cibles ~ table")!.TextContent);

        // Those signals are no longer open: the list offers only the one left.
        var after = (await (await manager.GetAsync("/Outreach/Create")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Null(after.QuerySelector($"#sig-{serious.Id}"));
        Assert.Null(after.QuerySelector($"#sig-{other.Id}"));
        Assert.NotNull(after.QuerySelector($"#sig-{notChosen.Id}"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Door_to_door_targets_everyone_living_in_the_building_or_the_residence(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var neighbour = await OutreachKit.AddHouseholdAsync(world, world.NorthBuilding.Id, "2", 1, "12", "Nguyen");
        var movedOut = await OutreachKit.AddHouseholdAsync(world, world.NorthBuilding.Id, "2", 3, "32", "Parti");
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            (await db.Households.FindAsync(movedOut.Id))!.LeaseEnd = DateOnly.FromDateTime(DateTime.Now.AddMonths(-2));
            await db.SaveChangesAsync();
        }

        var signal = await OutreachKit.AddSignalAsync(world, neighbour.Id, type: SignalType.Isolation, explanation: "Personne seule, plus vue depuis un mois",
            publicExplanation: "Personne seule, plus vue depuis un mois", debt: null);
        var client = await world.LoginAsync(Role.SocialWorker);

        var building = await client.PostFormAsync("/Outreach/Create",
            OutreachKit.CampaignForm(world, "Porte-à-porte bâtiment A", place: $"building:{world.NorthBuilding.Id}"));
        await building.ShouldBe(HttpStatusCode.Redirect);
        var residence = await client.PostFormAsync("/Outreach/Create?source=place",
            OutreachKit.CampaignForm(world, "Porte-à-porte Cité du Parc", place: $"residence:{world.SouthResidence.Id}", channel: "Gathering"));
        await residence.ShouldBe(HttpStatusCode.Redirect);

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var byName = await db.OutreachCampaigns.Include(c => c.Targets).ToDictionaryAsync(c => c.Name);
            var a = byName["Porte-à-porte bâtiment A"];
            Assert.Equal(new[] { world.NorthHousehold.Id, neighbour.Id }.Order(), a.Targets.Select(t => t.HouseholdId).Order());
            Assert.Equal(signal.Id, a.Targets.Single(t => t.HouseholdId == neighbour.Id).SignalId);
            Assert.Null(a.Targets.Single(t => t.HouseholdId == world.NorthHousehold.Id).SignalId);
            Assert.Equal(SignalStatus.InOutreach, (await db.Signals.FindAsync(signal.Id))!.Status);
            var parc = byName["Porte-à-porte Cité du Parc"];
            Assert.Equal(OutreachChannel.Gathering, parc.Channel);
            Assert.Equal([world.SouthHousehold.Id], parc.Targets.Select(t => t.HouseholdId));
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_end_date_before_the_start_is_refused_in_french_and_nothing_is_created(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var signal = await OutreachKit.AddSignalAsync(world, world.NorthHousehold.Id);
        var manager = await world.LoginAsync(Role.Manager);
        var name = $"Tournée à l'envers {Guid.NewGuid():N}";

        var body = await (await manager.PostFormAsync("/Outreach/Create",
            OutreachKit.CampaignForm(world, name, [signal.Id], start: "2026-05-10", end: "2026-05-01"))).ShouldBe(HttpStatusCode.OK);

        var page = body.Html();
        Assert.Equal("La date de fin doit être postérieure ou égale à la date de début.", page.QuerySelector("#end-err")?.TextContent);
        Assert.Equal("true", page.QuerySelector("#end")?.GetAttribute("aria-invalid"));
        Assert.Contains("La date de fin doit être postérieure", page.QuerySelector(".error-summary")?.TextContent);
        Assert.Equal(name, page.QuerySelector("#name")?.GetAttribute("value")); // the input is kept
        Assert.NotNull(page.QuerySelector($"#sig-{signal.Id}[checked]")); // and so is the choice of signals

        // Missing pieces are named in French too.
        var empty = (await (await manager.PostFormAsync("/Outreach/Create", new() { ["Input.Version"] = "0", ["Source"] = "signals" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Donnez un nom à la tournée.", empty.QuerySelector("#name-err")?.TextContent);
        Assert.Equal("Choisissez le mode d'aller-vers.", empty.QuerySelector("#channel-err")?.TextContent);
        Assert.Equal("Indiquez la date de début.", empty.QuerySelector("#start-err")?.TextContent);
        Assert.Equal("Choisissez au moins une personne pour l'équipe.", empty.QuerySelector("#team-err")?.TextContent);
        Assert.Equal("Cochez au moins un signalement.", empty.QuerySelector("#signals-err")?.TextContent);

        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.False(await db.OutreachCampaigns.AnyAsync());
        Assert.Equal(SignalStatus.New, (await db.Signals.FindAsync(signal.Id))!.Status);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Editing_a_campaign_changed_meanwhile_keeps_the_input_and_shows_the_current_version(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var campaign = await OutreachKit.AddCampaignAsync(world, "Tournée de printemps", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), [Role.SocialWorker]);
        var client = await world.LoginAsync(Role.SocialWorker);
        var form = (await (await client.GetAsync($"/Outreach/Edit/{campaign.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("0", form.QuerySelector("input[name='Input.Version']")?.GetAttribute("value"));

        // Someone else changes the team only: that too moves the version.
        var other = await world.LoginAsync(Role.Manager);
        await (await other.PostFormAsync($"/Outreach/Edit/{campaign.Id}", new()
        {
            ["Input.Name"] = "Tournée de printemps", ["Input.Channel"] = "DoorToDoor", ["Input.StartDate"] = "2026-03-01", ["Input.EndDate"] = "2026-03-31",
            ["Input.Team[0]"] = world.Users[Role.SocialWorker].Id.ToString(), ["Input.Team[1]"] = world.Users[Role.FieldAgent].Id.ToString(),
            ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);

        var mine = new Dictionary<string, string>
        {
            ["Input.Name"] = "Tournée de printemps renommée", ["Input.Channel"] = "Phone", ["Input.StartDate"] = "2026-03-01", ["Input.EndDate"] = "2026-04-15",
            ["Input.Team[0]"] = world.Users[Role.SocialWorker].Id.ToString(), ["Input.Version"] = "0",
        };
        var conflict = (await (await client.PostFormAsync($"/Outreach/Edit/{campaign.Id}", mine)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("modifiée par quelqu’un d’autre", conflict.QuerySelector("[role=alert]")?.TextContent);
        Assert.Equal("Tournée de printemps renommée", conflict.QuerySelector("#name")?.GetAttribute("value"));
        Assert.Equal("1", conflict.QuerySelector("input[name='Input.Version']")?.GetAttribute("value"));
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var stored = await db.OutreachCampaigns.Include(c => c.Team).SingleAsync(c => c.Id == campaign.Id);
            Assert.Equal("Tournée de printemps", stored.Name);
            Assert.Equal(2, stored.Team.Count);
        }

        // Having seen the other version, the user saves deliberately over it.
        mine["Input.Version"] = "1";
        await (await client.PostFormAsync($"/Outreach/Edit/{campaign.Id}", mine)).ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var stored = await db.OutreachCampaigns.Include(c => c.Team).SingleAsync(c => c.Id == campaign.Id);
            Assert.Equal("Tournée de printemps renommée", stored.Name);
            Assert.Equal(OutreachChannel.Phone, stored.Channel);
            Assert.Equal(new DateOnly(2026, 4, 15), stored.EndDate);
            Assert.Equal([world.Users[Role.SocialWorker].Id], stored.Team.Select(m => m.UserId));
            Assert.Equal(2, stored.Version);
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Closing_a_campaign_gives_unreached_signals_back_and_stops_new_attempts(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var reachedSignal = await OutreachKit.AddSignalAsync(world, world.NorthHousehold.Id, status: SignalStatus.InOutreach);
        var unreachedSignal = await OutreachKit.AddSignalAsync(world, world.SouthHousehold.Id, status: SignalStatus.InOutreach);
        var campaign = await OutreachKit.AddCampaignAsync(world, "Tournée d'automne", DateOnly.FromDateTime(DateTime.Now.AddDays(-10)), null, [Role.SocialWorker]);
        var reached = await OutreachKit.AddTargetAsync(world, campaign.Id, world.NorthHousehold.Id, reachedSignal.Id);
        var unreached = await OutreachKit.AddTargetAsync(world, campaign.Id, world.SouthHousehold.Id, unreachedSignal.Id);
        var client = await world.LoginAsync(Role.SocialWorker);
        await (await client.PostFormAsync($"/Outreach/Target/{reached.Id}", new() { ["Outcome"] = "Talked" })).ShouldBe(HttpStatusCode.Redirect);

        // A stale version does not close it.
        var stale = (await (await client.PostFormAsync($"/Outreach/Campaign/{campaign.Id}", new() { ["Input.Version"] = "7" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("modifiée par quelqu’un d’autre", stale.QuerySelector("[role=alert]")?.TextContent);

        await (await client.PostFormAsync($"/Outreach/Campaign/{campaign.Id}", new() { ["Input.Version"] = "0" })).ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var stored = await db.OutreachCampaigns.SingleAsync(c => c.Id == campaign.Id);
            Assert.Equal(CampaignStatus.Closed, stored.Status);
            Assert.Equal(DateOnly.FromDateTime(DateTime.Now), stored.EndDate);
            Assert.Equal(SignalStatus.Handled, (await db.Signals.FindAsync(reachedSignal.Id))!.Status);
            Assert.Equal(SignalStatus.New, (await db.Signals.FindAsync(unreachedSignal.Id))!.Status);
        }

        var refused = (await (await client.PostFormAsync($"/Outreach/Target/{unreached.Id}", new() { ["Outcome"] = "Absent" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Cette tournée est terminée", refused.QuerySelector(".error-summary")?.TextContent);
        Assert.Null(refused.QuerySelector("form.quick-log"));
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.False(await db.ContactAttempts.AnyAsync(a => a.TargetId == unreached.Id));
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Outreach_pages_are_forbidden_to_partners_and_residents_and_management_pages_to_field_agents(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        await OutreachIds.ArrangeAsync(world);
        var ids = OutreachIds.Of(world);
        string[] all =
        [
            "/Outreach", "/Outreach/Create", "/Outreach/Dashboard", $"/Outreach/Campaign/{ids.CampaignId}", $"/Outreach/Edit/{ids.CampaignId}",
            $"/Outreach/Round/{ids.CampaignId}", $"/Outreach/Target/{ids.TargetId}", $"/Accompaniments/Open/{world.NorthHousehold.Id}",
        ];
        foreach (var role in new[] { Role.Partner, Role.Resident })
        {
            var client = await world.LoginAsync(role);
            foreach (var url in all)
            {
                await (await client.GetAsync(url)).ShouldBe(HttpStatusCode.Forbidden);
            }
        }

        var agent = await world.LoginAsync(Role.FieldAgent);
        foreach (var url in new[] { "/Outreach/Create", "/Outreach/Dashboard", $"/Outreach/Campaign/{ids.CampaignId}", $"/Outreach/Edit/{ids.CampaignId}", $"/Accompaniments/Open/{world.NorthHousehold.Id}" })
        {
            await (await agent.GetAsync(url)).ShouldBe(HttpStatusCode.Forbidden);
        }

        await (await agent.GetAsync($"/Outreach/Round/{ids.CampaignId}")).ShouldBe(HttpStatusCode.OK);
        var social = await world.LoginAsync(Role.SocialWorker);
        await (await social.GetAsync("/Outreach/Dashboard")).ShouldBe(HttpStatusCode.Forbidden);
        await (await social.GetAsync("/Outreach/Create")).ShouldBe(HttpStatusCode.OK);
    }
}
