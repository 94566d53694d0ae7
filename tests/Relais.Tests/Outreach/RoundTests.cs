using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Outreach;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Outreach;

public sealed class RoundTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_round_walks_residence_building_staircase_floor_then_door(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var b = world.NorthBuilding.Id;
        var h2 = await OutreachKit.AddHouseholdAsync(world, b, "2", 1, "12", "Deux-Un");
        var h31 = await OutreachKit.AddHouseholdAsync(world, b, "1", 3, "31", "Un-Trois");
        var h10 = await OutreachKit.AddHouseholdAsync(world, b, "1", 0, "10", "Un-Zero-Dix");
        var h02 = await OutreachKit.AddHouseholdAsync(world, b, "1", 0, "2", "Un-Zero-Deux");
        var campaign = await OutreachKit.AddCampaignAsync(world, "Porte-à-porte", DateOnly.FromDateTime(DateTime.Now), null, [Role.SocialWorker]);
        foreach (var id in new[] { h2.Id, world.NorthHousehold.Id, h31.Id, world.SouthHousehold.Id, h10.Id, h02.Id })
        {
            await OutreachKit.AddTargetAsync(world, campaign.Id, id);
        }

        var client = await world.LoginAsync(Role.SocialWorker);
        var page = (await (await client.GetAsync($"/Outreach/Round/{campaign.Id}")).ShouldBe(HttpStatusCode.OK)).Html();

        var order = page.QuerySelectorAll("article.target-card h3").Select(h => h.TextContent.Trim()).ToList();
        // "Cité du Parc" comes before "Résidence Les Tilleuls"; then staircase 1 before 2, floor 0 before 2 before 3, door 2 before 10.
        Assert.Equal(["N'DIAYE Chloé", "UN-ZERO-DEUX Alex", "UN-ZERO-DIX Alex", "LEFÈVRE Benoît", "UN-TROIS Alex", "DEUX-UN Alex"], order);
        var lefevre = page.QuerySelectorAll("article.target-card").Single(a => a.TextContent.Contains("LEFÈVRE"));
        Assert.Contains("Bâtiment A, escalier 1, 2e étage, porte 21", lefevre.QuerySelector(".where")!.TextContent);
        Assert.Contains("12 rue Jean Jaurès, 94240 L'Haÿ-les-Roses", lefevre.QuerySelector(".where")!.TextContent);
        Assert.Equal("tel:0612345678", lefevre.QuerySelector("a.phone")?.GetAttribute("href"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Each_outcome_is_saved_by_one_post_and_updates_the_target_and_its_signal(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var campaign = await OutreachKit.AddCampaignAsync(world, "Tournée téléphone", DateOnly.FromDateTime(DateTime.Now), null, [Role.FieldAgent],
            channel: OutreachChannel.Phone);
        var targets = new Dictionary<ContactOutcome, (Guid Target, Guid Signal)>();
        var door = 1;
        foreach (var outcome in Enum.GetValues<ContactOutcome>())
        {
            var household = await OutreachKit.AddHouseholdAsync(world, world.NorthBuilding.Id, "1", 1, $"1{door++}", $"Foyer{outcome}");
            var signal = await OutreachKit.AddSignalAsync(world, household.Id, status: SignalStatus.InOutreach);
            var target = await OutreachKit.AddTargetAsync(world, campaign.Id, household.Id, signal.Id);
            targets[outcome] = (target.Id, signal.Id);
        }

        var agent = await world.LoginAsync(Role.FieldAgent);
        var round = (await (await agent.GetAsync($"/Outreach/Round/{campaign.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var labels = round.QuerySelectorAll($"#cible-{targets[ContactOutcome.Absent].Target} form.quick-log button[name=Outcome]")
            .Select(x => x.TextContent.Trim()).ToList();
        Assert.Equal(["Absent", "Refus", "Échange", "Besoin exprimé", "Orientation", "Rendez-vous pris"], labels);

        foreach (var (outcome, (target, _)) in targets)
        {
            var fields = new Dictionary<string, string> { ["Outcome"] = outcome.ToString(), ["ReturnTo"] = "round" };
            if (outcome == ContactOutcome.NeedExpressed)
            {
                fields["Note"] = "Souhaite de l'aide pour le dossier APL";
            }

            var response = await agent.PostFormAsync($"/Outreach/Target/{target}", fields, formPage: $"/Outreach/Round/{campaign.Id}");
            await response.ShouldBe(HttpStatusCode.Redirect);
            Assert.Equal($"/Outreach/Round/{campaign.Id}#cible-{target}", response.Headers.Location?.OriginalString);
        }

        await using var scope = world.App.SystemScope(world.Id, out var db);
        foreach (var (outcome, (targetId, signalId)) in targets)
        {
            var target = await db.OutreachTargets.Include(t => t.Attempts).SingleAsync(t => t.Id == targetId);
            var attempt = Assert.Single(target.Attempts);
            Assert.Equal(outcome, attempt.Outcome);
            Assert.Equal(OutreachChannel.Phone, attempt.Channel);
            Assert.Equal(world.Users[Role.FieldAgent].Id, attempt.UserId);
            Assert.Equal(world.Users[Role.FieldAgent].DisplayName, attempt.UserName);
            var signal = await db.Signals.SingleAsync(s => s.Id == signalId);
            switch (outcome)
            {
                case ContactOutcome.Absent:
                    Assert.Equal(TargetStatus.Pending, target.Status);
                    Assert.Null(target.FirstContactAt);
                    Assert.Equal(SignalStatus.InOutreach, signal.Status);
                    break;
                case ContactOutcome.Refused:
                    Assert.Equal(TargetStatus.Refused, target.Status);
                    Assert.NotNull(target.FirstContactAt);
                    Assert.Equal(SignalStatus.Handled, signal.Status);
                    break;
                default:
                    Assert.Equal(TargetStatus.Reached, target.Status);
                    Assert.NotNull(target.FirstContactAt);
                    Assert.Equal(SignalStatus.Handled, signal.Status);
                    break;
            }
        }

        var need = await db.ContactAttempts.SingleAsync(a => a.TargetId == targets[ContactOutcome.NeedExpressed].Target);
        Assert.Equal("Souhaite de l'aide pour le dossier APL", need.Note);
        Assert.False(need.NoteConfidential);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_second_contact_does_not_move_the_first_contact_date(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var campaign = await OutreachKit.AddCampaignAsync(world, "Tournée", DateOnly.FromDateTime(DateTime.Now), null, [Role.SocialWorker]);
        var target = await OutreachKit.AddTargetAsync(world, campaign.Id, world.NorthHousehold.Id);
        var client = await world.LoginAsync(Role.SocialWorker);
        await (await client.PostFormAsync($"/Outreach/Target/{target.Id}", new() { ["Outcome"] = "Absent" })).ShouldBe(HttpStatusCode.Redirect);
        await (await client.PostFormAsync($"/Outreach/Target/{target.Id}", new() { ["Outcome"] = "Talked" })).ShouldBe(HttpStatusCode.Redirect);
        DateTimeOffset first;
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            first = (await db.OutreachTargets.SingleAsync(t => t.Id == target.Id)).FirstContactAt!.Value;
        }

        var response = await client.PostFormAsync($"/Outreach/Target/{target.Id}", new() { ["Outcome"] = "Appointment", ["Note"] = "RDV mardi 10 h au local", ["NoteConfidential"] = "true" });
        Assert.Equal($"/Outreach/Target/{target.Id}", response.Headers.Location?.OriginalString);
        var page = (await (await client.GetAsync($"/Outreach/Target/{target.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Passage enregistré.", page.QuerySelector(".saved")?.TextContent);
        Assert.Equal(3, page.QuerySelectorAll("ol.attempts li").Length);
        Assert.Contains("Note confidentielle : RDV mardi 10 h au local", page.QuerySelector("ol.attempts li")!.TextContent);

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var stored = await db.OutreachTargets.SingleAsync(t => t.Id == target.Id);
            Assert.Equal(first, stored.FirstContactAt);
            Assert.Equal(TargetStatus.Reached, stored.Status);
            Assert.True((await db.ContactAttempts.SingleAsync(a => a.TargetId == target.Id && a.Outcome == ContactOutcome.Appointment)).NoteConfidential);
        }

        // A forged outcome is refused in French and nothing is stored.
        var bad = (await (await client.PostFormAsync($"/Outreach/Target/{target.Id}", new() { ["Outcome"] = "42" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Choisissez ce qui s'est passé", bad.QuerySelector(".error-summary")?.TextContent);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal(3, await db.ContactAttempts.CountAsync(a => a.TargetId == target.Id));
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_field_agent_outside_the_team_gets_404(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var campaign = await OutreachKit.AddCampaignAsync(world, "Tournée sans l'agent", DateOnly.FromDateTime(DateTime.Now), null, [Role.SocialWorker]);
        var target = await OutreachKit.AddTargetAsync(world, campaign.Id, world.NorthHousehold.Id);
        var agent = await world.LoginAsync(Role.FieldAgent);

        await (await agent.GetAsync($"/Outreach/Round/{campaign.Id}")).ShouldBe(HttpStatusCode.NotFound);
        await (await agent.GetAsync($"/Outreach/Target/{target.Id}")).ShouldBe(HttpStatusCode.NotFound);
        await (await agent.PostFormAsync($"/Outreach/Target/{target.Id}", new() { ["Outcome"] = "Absent" }, formPage: "/")).ShouldBe(HttpStatusCode.NotFound);
        var list = await (await agent.GetAsync("/Outreach")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain("Tournée sans l'agent", list);

        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.False(await db.ContactAttempts.AnyAsync());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_field_agent_in_the_team_sees_only_their_sectors_and_no_confidential_note_nor_amount(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var north = await OutreachKit.AddSignalAsync(world, world.NorthHousehold.Id, note: "Suivi psychiatrique en cours, voir CMP", noteConfidential: true);
        var south = await OutreachKit.AddSignalAsync(world, world.SouthHousehold.Id, explanation: "Dette de 2 310 € soit 4,1 mois de loyer");
        var campaign = await OutreachKit.AddCampaignAsync(world, "Tournée mixte", DateOnly.FromDateTime(DateTime.Now), null, [Role.FieldAgent, Role.SocialWorker]);
        var northTarget = await OutreachKit.AddTargetAsync(world, campaign.Id, world.NorthHousehold.Id, north.Id);
        var southTarget = await OutreachKit.AddTargetAsync(world, campaign.Id, world.SouthHousehold.Id, south.Id);
        await OutreachKit.AddAttemptAsync(world, northTarget.Id, ContactOutcome.Talked, DateTimeOffset.UtcNow.AddHours(-2),
            note: "Violences conjugales évoquées", confidential: true);
        await OutreachKit.AddAttemptAsync(world, northTarget.Id, ContactOutcome.Absent, DateTimeOffset.UtcNow.AddHours(-1), note: "Repasser le soir");

        var agent = await world.LoginAsync(Role.FieldAgent);
        var round = await (await agent.GetAsync($"/Outreach/Round/{campaign.Id}")).ShouldBe(HttpStatusCode.OK);
        var cards = round.Html().QuerySelectorAll("article.target-card");
        Assert.Equal(["LEFÈVRE Benoît"], cards.Select(c => c.QuerySelector("h3")!.TextContent.Trim()));
        Assert.Contains(OutreachKit.PublicDebtExplanation, round);
        Assert.Contains("Repasser le soir", round);
        Assert.DoesNotContain("1 240", round);
        Assert.DoesNotContain("€", round);
        Assert.DoesNotContain("N'DIAYE", round);
        Assert.DoesNotContain("psychiatrique", round);
        Assert.DoesNotContain("Violences", round);

        var page = await (await agent.GetAsync($"/Outreach/Target/{northTarget.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, page.Html().QuerySelectorAll("ol.attempts li").Length); // the attempt is there, its confidential note is not
        Assert.DoesNotContain("Violences", page);
        Assert.DoesNotContain("psychiatrique", page);
        Assert.DoesNotContain("1 240", page);
        await (await agent.GetAsync($"/Outreach/Target/{southTarget.Id}")).ShouldBe(HttpStatusCode.NotFound);

        // The social team sees everything of the same round.
        var social = await world.LoginAsync(Role.SocialWorker);
        var full = await (await social.GetAsync($"/Outreach/Round/{campaign.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("N'DIAYE Chloé", full.Html().QuerySelector("main")!.TextContent);
        Assert.Contains(OutreachKit.DebtExplanation, full);
        Assert.Contains("Suivi psychiatrique en cours", full);
        var detail = await (await social.GetAsync($"/Outreach/Target/{northTarget.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Violences conjugales évoquées", detail);

        // When the organisation lets field agents see debts, the agent reads the explanation with its amount.
        await OutreachKit.SetSettingsAsync(world, s => s.FieldAgentsSeeDebtAmounts = true);
        var allowed = await (await agent.GetAsync($"/Outreach/Round/{campaign.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(OutreachKit.DebtExplanation, allowed);
        Assert.DoesNotContain("psychiatrique", allowed);
    }
}
