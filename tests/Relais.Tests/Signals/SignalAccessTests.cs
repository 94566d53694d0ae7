using System.Net;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Signals.SignalTestKit;

namespace Relais.Tests.Signals;

/// <summary>Who sees which signals and what of them: sectors, debt amounts, confidential notes; who may not come in at all.</summary>
public sealed class SignalAccessTests
{
    private const string ConfidentialNote = "Madame confie des violences de son conjoint";

    private sealed record Arranged(Signal Debt, Signal Confidential, Signal Open, Signal South);

    private static async Task<Arranged> ArrangeAsync(World w)
    {
        var debt = await AddSignalAsync(w, w.NorthHousehold.Id, s =>
        {
            s.Source = SignalSource.Ledger;
            s.Type = SignalType.DebtThreshold;
            s.Severity = SignalSeverity.High;
            s.Explanation = "Dette de 1\u00a0240\u00a0€ soit 2,8\u00a0mois de loyer, en hausse depuis 3\u00a0mois";
            s.PublicExplanation = "Dette de plus de 2\u00a0mois de loyer, en hausse depuis 3\u00a0mois";
            s.DebtAmount = 1240m;
            s.LedgerMonth = March2026;
            s.RuleKey = $"debt-months:{w.NorthHousehold.Id:N}:2026-03";
        });
        var confidential = await AddSignalAsync(w, w.NorthHousehold.Id, s =>
        {
            s.Type = SignalType.HealthWorry;
            s.Note = ConfidentialNote;
            s.NoteConfidential = true;
        });
        var open = await AddSignalAsync(w, w.NorthHousehold.Id, s =>
        {
            s.Type = SignalType.Letterbox;
            s.Note = "Courrier qui déborde depuis une semaine";
        });
        var south = await AddSignalAsync(w, w.SouthHousehold.Id, s => s.Type = SignalType.Isolation);
        return new Arranged(debt, confidential, open, south);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_field_agent_sees_the_signals_of_their_sectors_without_amounts_nor_confidential_notes(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var s = await ArrangeAsync(w);
        var agent = await w.LoginAsync(Role.FieldAgent);

        var list = (await (await agent.GetAsync("/Signals?status=tous")).ShouldBe(HttpStatusCode.OK)).Html();
        var ids = SignalIdsIn(list);
        Assert.Equal(new[] { s.Debt.Id, s.Confidential.Id, s.Open.Id }.Order(), ids.Order());
        var text = list.QuerySelector("main")!.TextContent.Plain();
        Assert.Contains("Dette de plus de 2 mois de loyer, en hausse depuis 3 mois", text);
        Assert.DoesNotContain("1 240", text);
        Assert.DoesNotContain("€", text);

        var debt = (await (await agent.GetAsync($"/Signals/Details/{s.Debt.Id}")).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector("main")!.TextContent.Plain();
        Assert.Contains("Dette de plus de 2 mois de loyer", debt);
        Assert.DoesNotContain("1 240", debt);
        Assert.DoesNotContain("€", debt);

        var confidential = await (await agent.GetAsync($"/Signals/Details/{s.Confidential.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(ConfidentialNote, confidential);
        Assert.DoesNotContain("Note confidentielle", confidential.Html().QuerySelector("dl.facts")!.TextContent);
        var open = await (await agent.GetAsync($"/Signals/Details/{s.Open.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Courrier qui déborde depuis une semaine", open);

        await (await agent.GetAsync($"/Signals/Details/{s.South.Id}")).ShouldBe(HttpStatusCode.NotFound);
        var southList = (await (await agent.GetAsync($"/Signals?household={w.SouthHousehold.Id}&status=tous")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Empty(SignalIdsIn(southList));
        Assert.DoesNotContain(w.SouthHousehold.TenantReference, southList.Body!.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_manager_sees_every_sector_the_amounts_and_the_confidential_notes(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var s = await ArrangeAsync(w);
        var manager = await w.LoginAsync(Role.Manager);

        var list = (await (await manager.GetAsync("/Signals?status=tous")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(4, SignalIdsIn(list).Count);
        Assert.Contains("Dette de 1 240 € soit 2,8 mois de loyer, en hausse depuis 3 mois", list.QuerySelector("main")!.TextContent.Plain());
        var debt = (await (await manager.GetAsync($"/Signals/Details/{s.Debt.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("1 240 €", debt.QuerySelector("dl.facts")!.TextContent.Plain());
        var confidential = await (await manager.GetAsync($"/Signals/Details/{s.Confidential.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(ConfidentialNote, confidential);
        Assert.Contains("Note confidentielle", confidential);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Field_agents_see_debt_amounts_when_their_organisation_allows_it(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var s = await ArrangeAsync(w);
        await using (var scope = w.App.SystemScope(w.Id, out var db))
        {
            db.OutreachSettings.Add(new OutreachSettings { FieldAgentsSeeDebtAmounts = true });
            await db.SaveChangesAsync();
        }

        var agent = await w.LoginAsync(Role.FieldAgent);
        var list = (await (await agent.GetAsync("/Signals")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Dette de 1 240 € soit 2,8 mois de loyer", list.QuerySelector("main")!.TextContent.Plain());
        var debt = (await (await agent.GetAsync($"/Signals/Details/{s.Debt.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("1 240 €", debt.QuerySelector("dl.facts")!.TextContent.Plain());
        // Confidential notes stay hidden whatever the organisation allows for amounts.
        Assert.DoesNotContain(ConfidentialNote, await (await agent.GetAsync($"/Signals/Details/{s.Confidential.Id}")).ShouldBe(HttpStatusCode.OK));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Partners_and_residents_are_refused_and_only_the_manager_changes_thresholds(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var s = await ArrangeAsync(w);
        string[] pages = ["/Signals", "/Signals/Report", $"/Signals/Report/{w.NorthHousehold.Id}", $"/Signals/Details/{s.Open.Id}", "/Signals/Settings"];
        foreach (var role in new[] { Role.Partner, Role.Resident, Role.Administrator })
        {
            var client = await w.LoginAsync(role);
            foreach (var page in pages)
            {
                await (await client.GetAsync(page)).ShouldBe(HttpStatusCode.Forbidden);
            }
        }

        foreach (var role in new[] { Role.FieldAgent, Role.SocialWorker })
        {
            var client = await w.LoginAsync(role);
            await (await client.GetAsync("/Signals/Settings")).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.PostFormAsync("/Signals/Settings?handler=Detect", [], formPage: "/")).ShouldBe(HttpStatusCode.Forbidden);
        }

        // A field agent reads and reports, but does not change a signal's status.
        var agent = await w.LoginAsync(Role.FieldAgent);
        var detail = await (await agent.GetAsync($"/Signals/Details/{s.Open.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Null(detail.Html().QuerySelector("input[name='Input.Status']"));
        var post = await agent.PostFormAsync($"/Signals/Details/{s.Open.Id}",
            new() { ["Input.Status"] = "Handled", ["Input.Version"] = "0" }, formPage: "/");
        await post.ShouldBe(HttpStatusCode.Forbidden);
        Assert.Equal(SignalStatus.New, (await SignalsAsync(w, w.NorthHousehold.Id)).Single(x => x.Id == s.Open.Id).Status);
    }

    internal static List<Guid> SignalIdsIn(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("table.signals tbody a[href^='/Signals/Details/']")
            .Select(a => Guid.Parse(a.GetAttribute("href")!["/Signals/Details/".Length..]))
            .ToList();
}
