using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Outreach;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Outreach;

public sealed class RefusalHoldTests
{
    private static string ExpectedReason(DateTimeOffset refusedAt, int months)
    {
        var day = TimeZoneInfo.ConvertTime(refusedAt, TimeZoneInfo.Local).Date;
        return $"Refus exprimé le {day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}\u00a0: pas de nouvelle approche avant le "
            + day.AddMonths(months).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
    }

    private static async Task<OutreachCampaign> CreateFromSignalsAsync(World world, HttpClient client, string name, params Guid[] signals)
    {
        var response = await client.PostFormAsync("/Outreach/Create", OutreachKit.CampaignForm(world, name, signals));
        await response.ShouldBe(HttpStatusCode.Redirect);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        return await db.OutreachCampaigns.Include(c => c.Targets).SingleAsync(c => c.Name == name);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_recent_refusal_holds_the_household_back_and_every_page_says_why(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var refusedAt = DateTimeOffset.UtcNow.AddMonths(-2);
        await OutreachKit.AddRefusalAsync(world, world.NorthHousehold.Id, refusedAt);
        var held = await OutreachKit.AddSignalAsync(world, world.NorthHousehold.Id); // medium: not serious enough to lift the hold
        var free = await OutreachKit.AddSignalAsync(world, world.SouthHousehold.Id);
        var manager = await world.LoginAsync(Role.Manager);
        var reason = ExpectedReason(refusedAt, 6);

        // The signal list already says it.
        var list = (await (await manager.GetAsync("/Outreach/Create")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains(reason, list.QuerySelector($"#sig-{held.Id}")!.Closest("td")!.QuerySelector(".hold")!.TextContent);
        Assert.Null(list.QuerySelector($"#sig-{free.Id}")!.Closest("td")!.QuerySelector(".hold"));

        var campaign = await CreateFromSignalsAsync(world, manager, "Tournée avec refus", held.Id, free.Id);
        var heldTarget = campaign.Targets.Single(t => t.HouseholdId == world.NorthHousehold.Id);
        Assert.Equal(TargetStatus.HeldBack, heldTarget.Status);
        Assert.Equal(reason, heldTarget.HoldReason);
        Assert.Equal(TargetStatus.Pending, campaign.Targets.Single(t => t.HouseholdId == world.SouthHousehold.Id).Status);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal(SignalStatus.New, (await db.Signals.FindAsync(held.Id))!.Status); // nobody goes towards it
            Assert.Equal(SignalStatus.InOutreach, (await db.Signals.FindAsync(free.Id))!.Status);
            var settings = await db.OutreachSettings.SingleAsync(); // created with its defaults
            Assert.Equal(6, settings.RefusalHoldMonths);
        }

        var detail = await (await manager.GetAsync($"/Outreach/Campaign/{campaign.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(reason, detail.Html().QuerySelector(".hold")!.TextContent);
        var round = (await (await manager.GetAsync($"/Outreach/Round/{campaign.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var card = round.QuerySelector($"#cible-{heldTarget.Id}")!;
        Assert.NotNull(card.Closest("section.held"));
        Assert.Contains(reason, card.QuerySelector(".hold")!.TextContent);
        Assert.Null(card.QuerySelector("form.quick-log")); // nothing to log: the refusal is respected
        var target = (await (await manager.GetAsync($"/Outreach/Target/{heldTarget.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains(reason, target.QuerySelector(".hold")!.TextContent);

        var forced = (await (await manager.PostFormAsync($"/Outreach/Target/{heldTarget.Id}", new() { ["Outcome"] = "Talked" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Ce ménage est mis en attente", forced.QuerySelector(".error-summary")!.TextContent);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.False(await db.ContactAttempts.AnyAsync(a => a.TargetId == heldTarget.Id));
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_new_serious_signal_after_the_refusal_lifts_the_hold(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var refusedAt = DateTimeOffset.UtcNow.AddMonths(-2);
        await OutreachKit.AddRefusalAsync(world, world.NorthHousehold.Id, refusedAt);
        await OutreachKit.AddRefusalAsync(world, world.SouthHousehold.Id, refusedAt);
        // North: a serious signal after the refusal. South: a serious one, but from before the refusal.
        var after = await OutreachKit.AddSignalAsync(world, world.NorthHousehold.Id, SignalSeverity.High, refusedAt.AddDays(20),
            type: SignalType.HealthWorry, explanation: "Odeur inquiétante signalée par les voisins", publicExplanation: "Odeur inquiétante signalée par les voisins", debt: null);
        var before = await OutreachKit.AddSignalAsync(world, world.SouthHousehold.Id, SignalSeverity.High, refusedAt.AddDays(-3));
        var manager = await world.LoginAsync(Role.Manager);

        var campaign = await CreateFromSignalsAsync(world, manager, "Tournée après signal grave", after.Id, before.Id);
        var north = campaign.Targets.Single(t => t.HouseholdId == world.NorthHousehold.Id);
        Assert.Equal(TargetStatus.Pending, north.Status);
        Assert.Null(north.HoldReason);
        var south = campaign.Targets.Single(t => t.HouseholdId == world.SouthHousehold.Id);
        Assert.Equal(TargetStatus.HeldBack, south.Status);
        Assert.Equal(ExpectedReason(refusedAt, 6), south.HoldReason);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_hold_lasts_the_organisations_delay_and_no_longer(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var old = await OutreachKit.AddHouseholdAsync(world, world.NorthBuilding.Id, "2", 2, "22", "Ancien-Refus");
        await OutreachKit.AddRefusalAsync(world, old.Id, DateTimeOffset.UtcNow.AddMonths(-7)); // beyond 6 months
        await OutreachKit.AddRefusalAsync(world, world.NorthHousehold.Id, DateTimeOffset.UtcNow.AddMonths(-2));
        var client = await world.LoginAsync(Role.SocialWorker);

        var response = await client.PostFormAsync("/Outreach/Create",
            OutreachKit.CampaignForm(world, "Porte-à-porte A", place: $"building:{world.NorthBuilding.Id}"));
        await response.ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var targets = await db.OutreachTargets.Where(t => t.Campaign!.Name == "Porte-à-porte A").ToDictionaryAsync(t => t.HouseholdId);
            Assert.Equal(TargetStatus.Pending, targets[old.Id].Status);
            Assert.Equal(TargetStatus.HeldBack, targets[world.NorthHousehold.Id].Status);
        }

        // An organisation with a one-month delay approaches the North household again.
        await OutreachKit.SetSettingsAsync(world, s => s.RefusalHoldMonths = 1);
        await (await client.PostFormAsync("/Outreach/Create",
            OutreachKit.CampaignForm(world, "Porte-à-porte A, bis", place: $"building:{world.NorthBuilding.Id}"))).ShouldBe(HttpStatusCode.Redirect);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var targets = await db.OutreachTargets.Where(t => t.Campaign!.Name == "Porte-à-porte A, bis").ToListAsync();
            Assert.Equal(2, targets.Count);
            Assert.All(targets, t => Assert.Equal(TargetStatus.Pending, t.Status));
        }
    }
}
