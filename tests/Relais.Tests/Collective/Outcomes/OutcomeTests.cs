using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective;
using Relais.Features.Collective.Outcomes;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Collective.Sheets;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Collective.Outcomes;

/// <summary>A project's indicators through HTTP: suggested or free, computed from the data, measured, drawn and tabulated.</summary>
public sealed class OutcomeTests
{
    private static Dictionary<string, string> Preset(string key, string target = "") => new()
    {
        ["Input.Preset"] = key, ["Input.Target"] = target, ["Input.Version"] = "0",
    };

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Participants_sessions_held_and_porteurs_are_computed_from_the_sessions_and_members(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await CapitalisationKit.ProjectAsync(world);
        var client = await world.LoginAsync(Role.SocialWorker);
        foreach (var key in new[] { "participants", "seances", "porteurs" })
        {
            await (await client.PostFormAsync($"/Collective/Outcomes/Indicator/{p.Id}", Preset(key, "10"))).ShouldBe(HttpStatusCode.Redirect);
        }

        var html = (await (await client.GetAsync($"/Collective/Outcomes/{p.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        string Computed(IndicatorComputation c) => html.QuerySelector($"[data-computed={c}]")!.TextContent;
        // Benoît was present twice; Chloé only at the cancelled session; the staff member is not a resident.
        Assert.StartsWith("1\u00a0habitants", Computed(IndicatorComputation.Participants).Trim());
        // Two past sessions with attendance; the cancelled one and the future one do not count.
        Assert.StartsWith("2\u00a0séances", Computed(IndicatorComputation.SessionsHeld).Trim());
        Assert.StartsWith("1\u00a0habitants", Computed(IndicatorComputation.ResidentCarriers).Trim());

        // The same project's second porteur counts at once.
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var chloe = await db.ProjectMembers.SingleAsync(m => m.Id == p.ParticipantId);
            chloe.Role = MemberRole.Carrier;
            await db.SaveChangesAsync();
        }

        html = (await (await client.GetAsync($"/Collective/Outcomes/{p.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("2\u00a0habitants", Computed(IndicatorComputation.ResidentCarriers).Trim());

        // A suggested indicator cannot be chosen twice.
        var again = await (await client.PostFormAsync($"/Collective/Outcomes/Indicator/{p.Id}", Preset("participants"))).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Le projet suit déjà l’indicateur « Participants ».", again);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Measurements_are_drawn_as_an_accessible_chart_with_their_data_table(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await CapitalisationKit.ProjectAsync(world, activity: false);
        var client = await world.LoginAsync(Role.Manager);
        await (await client.PostFormAsync($"/Collective/Outcomes/Indicator/{p.Id}", new()
        {
            ["Input.Preset"] = "libre", ["Input.Name"] = "Dette moyenne du groupe", ["Input.Unit"] = "€", ["Input.Target"] = "1 000",
            ["Input.Direction"] = nameof(IndicatorDirection.Decrease), ["Input.Computation"] = nameof(IndicatorComputation.None), ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);
        Guid indicatorId;
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            indicatorId = (await db.ProjectIndicators.SingleAsync(i => i.ProjectId == p.Id)).Id;
        }

        var url = $"/Collective/Outcomes/Measure/{p.Id}/{indicatorId}";
        var today = DateTime.Today;
        await (await client.PostFormAsync(url, new() { ["Input.MeasuredOn"] = today.AddMonths(-2).ToString("yyyy-MM-dd"), ["Input.Value"] = "2 400", ["Input.Comment"] = "Entrée dans le groupe" })).ShouldBe(HttpStatusCode.Redirect);
        await (await client.PostFormAsync(url, new() { ["Input.MeasuredOn"] = today.ToString("yyyy-MM-dd"), ["Input.Value"] = "1 650,5" })).ShouldBe(HttpStatusCode.Redirect);

        var future = await (await client.PostFormAsync(url, new() { ["Input.MeasuredOn"] = today.AddDays(3).ToString("yyyy-MM-dd"), ["Input.Value"] = "10" })).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("La date de la mesure ne peut pas être dans le futur.", future);
        var wrong = await (await client.PostFormAsync(url, new() { ["Input.MeasuredOn"] = today.ToString("yyyy-MM-dd"), ["Input.Value"] = "beaucoup" })).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("« beaucoup » n’est pas un nombre", wrong);

        var html = (await (await client.GetAsync($"/Collective/Outcomes/{p.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var svg = html.QuerySelector($"#indicateur-{indicatorId} svg[role=img]")!;
        Assert.Contains("Dette moyenne du groupe", html.GetElementById(svg.GetAttribute("aria-labelledby")!.Split(' ')[0])!.TextContent);
        Assert.Equal(2, svg.QuerySelectorAll("circle").Length);
        Assert.NotNull(svg.QuerySelector("line.chart-target"));
        var rows = html.QuerySelectorAll($"#indicateur-{indicatorId} table tbody tr").Select(r => r.TextContent.Replace('\u202f', ' ').Replace('\u00a0', ' ')).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("2 400 €", rows[0]);
        Assert.Contains("Entrée dans le groupe", rows[0]);
        Assert.Contains("1 650,50 €", rows[1]);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Only_the_project_staff_choose_indicators_and_record_measurements(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await CapitalisationKit.ProjectAsync(world, activity: false);
        var indicator = await CapitalisationKit.AddAsync(world, new ProjectIndicator { OrganisationId = world.Id, ProjectId = p.Id, Name = "Logements concernés", Unit = "logements" });
        var agent = await world.LoginAsync(Role.FieldAgent);
        var page = await (await agent.GetAsync($"/Collective/Outcomes/{p.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Logements concernés", page);
        Assert.DoesNotContain("Ajouter une mesure", page);
        await (await agent.GetAsync($"/Collective/Outcomes/Indicator/{p.Id}")).ShouldBe(HttpStatusCode.Forbidden);
        await (await agent.PostFormAsync($"/Collective/Outcomes/Measure/{p.Id}/{indicator.Id}", new() { ["Input.MeasuredOn"] = DateTime.Today.ToString("yyyy-MM-dd"), ["Input.Value"] = "3" },
            formPage: $"/Collective/Outcomes/{p.Id}")).ShouldBe(HttpStatusCode.Forbidden);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.Equal(0, await db.IndicatorMeasurements.CountAsync(m => m.IndicatorId == indicator.Id));
    }
}
