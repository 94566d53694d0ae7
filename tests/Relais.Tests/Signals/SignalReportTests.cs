using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Audit;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Signals.SignalTestKit;

namespace Relais.Tests.Signals;

/// <summary>Reports by people: from the household page or a search, in a few taps; partner reports with their source.</summary>
public sealed class SignalReportTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_field_agent_reports_a_full_letterbox_from_the_household_page(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var agent = await w.LoginAsync(Role.FieldAgent);

        var file = (await (await agent.GetAsync($"/Households/Details/{w.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var link = file.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Signaler une situation");
        Assert.Equal($"/Signals/Report/{w.NorthHousehold.Id}", link.GetAttribute("href"));
        var form = (await (await agent.GetAsync(link.GetAttribute("href")!)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(6, form.QuerySelectorAll("input[type=radio][name='Input.Type']").Length);
        Assert.Contains("LEFÈVRE Benoît", form.QuerySelector(".household-summary")!.TextContent);
        foreach (var radio in form.QuerySelectorAll("input[type=radio]"))
        {
            Assert.NotNull(form.QuerySelector($"label[for='{radio.Id}']"));
        }

        var response = await agent.PostFormAsync(link.GetAttribute("href")!, new()
        {
            ["Input.Type"] = "Letterbox",
            ["Input.Note"] = "  Avis de passage qui s’accumulent depuis dix jours  ",
            ["Input.NoteConfidential"] = "true",
            ["Input.FromPartner"] = "false",
        });
        await response.ShouldBe(HttpStatusCode.Redirect);

        var signal = Assert.Single(await SignalsAsync(w, w.NorthHousehold.Id));
        Assert.Equal($"/Signals/Details/{signal.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal((SignalSource.Staff, SignalType.Letterbox, SignalSeverity.Medium, SignalStatus.New),
            (signal.Source, signal.Type, signal.Severity, signal.Status));
        Assert.Equal("Avis de passage qui s’accumulent depuis dix jours", signal.Note);
        Assert.True(signal.NoteConfidential);
        Assert.Equal(w.Users[Role.FieldAgent].Id, signal.ReportedByUserId);
        Assert.StartsWith($"Boîte aux lettres pleine : constaté par {w.Users[Role.FieldAgent].DisplayName} (Agent de proximité) le ", signal.Explanation);
        Assert.Equal(signal.Explanation, signal.PublicExplanation);
        Assert.Null(signal.RuleKey);

        await using var scope = w.App.SystemScope(w.Id, out var db);
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.EntityId == signal.Id);
        Assert.Equal((AuditActions.Create, w.NorthHousehold.Id, w.Users[Role.FieldAgent].Id), (audit.Action, audit.HouseholdId, audit.UserId));

        // The agent's own confidential note is for the social workers: the agent does not read it back.
        var detail = await (await agent.GetAsync($"/Signals/Details/{signal.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain("Avis de passage", detail);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_field_agent_finds_households_of_their_sectors_only(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var agent = await w.LoginAsync(Role.FieldAgent);

        var found = (await (await agent.GetAsync("/Signals/Report?q=lefevre")).ShouldBe(HttpStatusCode.OK)).Html();
        var pick = Assert.Single(found.QuerySelectorAll("ul.pick-list a"));
        Assert.Equal($"/Signals/Report/{w.NorthHousehold.Id}", pick.GetAttribute("href"));
        Assert.Contains("12 rue Jean Jaurès", pick.TextContent);

        var other = (await (await agent.GetAsync("/Signals/Report?q=ndiaye")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Empty(other.QuerySelectorAll("ul.pick-list a"));
        await (await agent.GetAsync($"/Signals/Report/{w.SouthHousehold.Id}")).ShouldBe(HttpStatusCode.NotFound);
        var post = await agent.PostFormAsync($"/Signals/Report/{w.SouthHousehold.Id}", new() { ["Input.Type"] = "Isolation" }, formPage: "/");
        await post.ShouldBe(HttpStatusCode.NotFound);
        Assert.Empty(await SignalsAsync(w));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_social_worker_records_a_partner_report_with_its_source(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var worker = await w.LoginAsync(Role.SocialWorker);
        var url = $"/Signals/Report/{w.SouthHousehold.Id}";

        var missing = await worker.PostFormAsync(url, new() { ["Input.Type"] = "HealthWorry", ["Input.FromPartner"] = "true", ["Input.PartnerSource"] = " " });
        var page = (await missing.ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Indiquez quel partenaire a fait ce signalement (par exemple : CCAS de Villejuif).", page.QuerySelector("#partner-err")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#partner")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector(".error-summary"));
        Assert.NotNull(page.QuerySelector("#type-HealthWorry")!.GetAttribute("checked")); // the user's choice is kept
        Assert.Empty(await SignalsAsync(w));

        var saved = await worker.PostFormAsync(url, new()
        {
            ["Input.Type"] = "HealthWorry",
            ["Input.FromPartner"] = "true",
            ["Input.PartnerSource"] = "CCAS de Villejuif",
            ["Input.Note"] = "Madame ne sort plus depuis sa chute",
        });
        await saved.ShouldBe(HttpStatusCode.Redirect);

        var signal = Assert.Single(await SignalsAsync(w, w.SouthHousehold.Id));
        Assert.Equal((SignalSource.Partner, SignalType.HealthWorry, SignalSeverity.High, "CCAS de Villejuif"),
            (signal.Source, signal.Type, signal.Severity, signal.PartnerSource));
        Assert.StartsWith($"Inquiétude pour la santé : signalé par le partenaire « CCAS de Villejuif », enregistré par {w.Users[Role.SocialWorker].DisplayName} le ", signal.Explanation);
        Assert.False(signal.NoteConfidential);

        var detail = (await (await worker.GetAsync($"/Signals/Details/{signal.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Partenaire : CCAS de Villejuif", detail.QuerySelector("dl.facts")!.TextContent);
        Assert.Contains("Madame ne sort plus depuis sa chute", detail.QuerySelector("dl.facts")!.TextContent);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_report_needs_a_situation_and_words_for_other_and_keeps_the_chosen_severity(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var manager = await w.LoginAsync(Role.Manager);
        var url = $"/Signals/Report/{w.NorthHousehold.Id}";

        var none = (await (await manager.PostFormAsync(url, new() { ["Input.Note"] = "Quelque chose" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Choisissez ce que vous avez constaté.", none.QuerySelector("#type-err")!.TextContent);
        Assert.Equal("Quelque chose", none.QuerySelector("#note")!.TextContent);
        var other = (await (await manager.PostFormAsync(url, new() { ["Input.Type"] = "Other" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Pour « Autre », décrivez la situation en quelques mots.", other.QuerySelector("#note-err")!.TextContent);
        var ledgerType = (await (await manager.PostFormAsync(url, new() { ["Input.Type"] = "DebtThreshold" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(ledgerType.QuerySelector("#type-err"));
        Assert.Empty(await SignalsAsync(w));

        await (await manager.PostFormAsync(url, new() { ["Input.Type"] = "NeighbourConflict", ["Input.Severity"] = "High" })).ShouldBe(HttpStatusCode.Redirect);
        await (await manager.PostFormAsync(url, new() { ["Input.Type"] = "NeighbourConflict", ["Input.Severity"] = "" })).ShouldBe(HttpStatusCode.Redirect);
        var signals = await SignalsAsync(w, w.NorthHousehold.Id);
        Assert.Equal([SignalSeverity.High, SignalSeverity.Low], signals.OrderBy(s => s.DetectedAt).Select(s => s.Severity));
    }
}
