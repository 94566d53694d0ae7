using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective;
using Relais.Features.Collective.Budget;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Collective.Sheets;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Collective.Budget;

/// <summary>A project's budget through HTTP: French amounts, balances, bad input, staff-only edits, concurrency.</summary>
public sealed class BudgetTests
{
    private static string Plain(string text) => text.Replace('\u202f', ' ').Replace('\u00a0', ' ');

    private static Dictionary<string, string> Funding(string source, string status, string requested = "", string granted = "", string received = "", string note = "", int version = 0) => new()
    {
        ["Input.Source"] = source, ["Input.Status"] = status, ["Input.Requested"] = requested, ["Input.Granted"] = granted,
        ["Input.Received"] = received, ["Input.Note"] = note, ["Input.Version"] = version.ToString(),
    };

    private static Dictionary<string, string> Expense(string amount, string label = "Peinture", string on = "") => new()
    {
        ["Input.SpentOn"] = on.Length > 0 ? on : DateTime.Today.ToString("yyyy-MM-dd"), ["Input.Label"] = label, ["Input.Category"] = nameof(ExpenseCategory.Supplies), ["Input.Amount"] = amount,
    };

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task French_amounts_are_read_and_the_balances_are_received_or_granted_minus_spent(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await CapitalisationKit.ProjectAsync(world, activity: false);
        var client = await world.LoginAsync(Role.SocialWorker);
        var url = $"/Collective/Budget/Funding/{p.Id}";

        await (await client.PostFormAsync(url, Funding("Ville de L’Haÿ-les-Roses", nameof(FundingStatus.Received), "2 000", "1 500", "1 250,50"))).ShouldBe(HttpStatusCode.Redirect);
        await (await client.PostFormAsync(url, Funding("Fondation des quartiers", nameof(FundingStatus.Refused), "800"))).ShouldBe(HttpStatusCode.Redirect);
        await (await client.PostFormAsync($"/Collective/Budget/Expense/{p.Id}", Expense("300"))).ShouldBe(HttpStatusCode.Redirect);
        await (await client.PostFormAsync($"/Collective/Budget/Expense/{p.Id}", Expense("49,50", "Goûter de lancement"))).ShouldBe(HttpStatusCode.Redirect);

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var line = await db.ProjectFundingLines.SingleAsync(l => l.ProjectId == p.Id && l.Status == FundingStatus.Received);
            Assert.Equal(1250.50m, line.Received);
            Assert.Equal(1500m, line.Granted);
            Assert.Equal(349.50m, await db.ProjectExpenses.Where(e => e.ProjectId == p.Id).SumAsync(e => e.Amount));
        }

        var html = (await (await client.GetAsync($"/Collective/Budget/{p.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("901 €", Plain(html.QuerySelector("[data-balance=received]")!.TextContent.Trim()));
        Assert.Equal("1 150,50 €", Plain(html.QuerySelector("[data-balance=granted]")!.TextContent.Trim()));
        var totals = Plain(html.QuerySelector(".budget-totals")!.TextContent);
        Assert.Contains("2 800 €", totals); // requested, the refused line included
        Assert.Contains("1 250,50 €", totals);
        Assert.Contains("349,50 €", totals);

        // The project page carries the budget's section (with the same balance) and the outcomes' section.
        var project = (await (await client.GetAsync($"/Collective/Project/{p.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("901 €", Plain(project.QuerySelector("section.project-budget [data-balance=received]")!.TextContent.Trim()));
        Assert.NotNull(project.QuerySelector("section.project-outcomes"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Negative_absurd_or_unexplained_amounts_are_refused_in_French(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await CapitalisationKit.ProjectAsync(world, activity: false);
        var client = await world.LoginAsync(Role.Manager);
        var url = $"/Collective/Budget/Funding/{p.Id}";

        async Task<string> Refused(string target, Dictionary<string, string> form)
        {
            var body = await (await client.PostFormAsync(target, form)).ShouldBe(HttpStatusCode.OK);
            Assert.NotNull(body.Html().QuerySelector("[aria-invalid=true]"));
            return Plain(body.Html().Body!.TextContent);
        }

        Assert.Contains("Le montant demandé ne peut pas être négatif.", await Refused(url, Funding("Ville", nameof(FundingStatus.Requested), "-50")));
        Assert.Contains("« 12abc » n’est pas un montant", await Refused(url, Funding("Ville", nameof(FundingStatus.Requested), "12abc")));
        Assert.Contains("Le montant demandé dépasse 10 000 000 €", await Refused(url, Funding("Ville", nameof(FundingStatus.Requested), "25 000 000")));
        Assert.Contains("deux décimales au plus", await Refused(url, Funding("Ville", nameof(FundingStatus.Requested), "10,505")));
        Assert.Contains("Le montant versé (1 200 €) dépasse le montant accordé (1 000 €) : expliquez pourquoi",
            await Refused(url, Funding("Ville", nameof(FundingStatus.Received), "1 000", "1 000", "1 200")));
        Assert.Contains("Indiquez le montant accordé.", await Refused(url, Funding("Ville", nameof(FundingStatus.Granted), "1 000")));
        Assert.Contains("Indiquez le financeur, ou choisissez un partenaire.", await Refused(url, Funding("", nameof(FundingStatus.Requested), "100")));
        Assert.Contains("Le montant ne peut pas être négatif.", await Refused($"/Collective/Budget/Expense/{p.Id}", Expense("-12,30")));
        Assert.Contains("Le montant doit être supérieur à zéro.", await Refused($"/Collective/Budget/Expense/{p.Id}", Expense("0")));

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal(0, await db.ProjectFundingLines.CountAsync(l => l.ProjectId == p.Id));
            Assert.Equal(0, await db.ProjectExpenses.CountAsync(e => e.ProjectId == p.Id));
        }

        // With its explanation, a payment above the grant is accepted.
        await (await client.PostFormAsync(url, Funding("Ville", nameof(FundingStatus.Received), "1 000", "1 000", "1 200", "Complément voté en conseil municipal"))).ShouldBe(HttpStatusCode.Redirect);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Only_the_project_staff_edit_the_budget_and_other_readers_only_read_it(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await CapitalisationKit.ProjectAsync(world, activity: false);
        var line = await CapitalisationKit.AddAsync(world, new ProjectFundingLine { OrganisationId = world.Id, ProjectId = p.Id, Source = "CAF", Status = FundingStatus.Requested, Requested = 500 });

        // The field agent may write collective projects but is not staff of this one.
        var agent = await world.LoginAsync(Role.FieldAgent);
        var page = await (await agent.GetAsync($"/Collective/Budget/{p.Id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("CAF", page);
        Assert.Null(page.Html().QuerySelector($"a[href='/Collective/Budget/Funding/{p.Id}']"));
        await (await agent.GetAsync($"/Collective/Budget/Funding/{p.Id}")).ShouldBe(HttpStatusCode.Forbidden);
        await (await agent.GetAsync($"/Collective/Budget/Expense/{p.Id}/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound);

        var worker = await world.LoginAsync(Role.SocialWorker);
        var form = Funding("CAF", nameof(FundingStatus.Granted), "500", "450", version: line.Version);
        // The agent's own antiforgery token, from the sign-out form of a page it may read.
        await (await agent.PostFormAsync($"/Collective/Budget/Funding/{p.Id}/{line.Id}", form, formPage: $"/Collective/Budget/{p.Id}")).ShouldBe(HttpStatusCode.Forbidden);
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal(FundingStatus.Requested, (await db.ProjectFundingLines.SingleAsync(l => l.Id == line.Id)).Status);
        }

        await (await worker.PostFormAsync($"/Collective/Budget/Funding/{p.Id}/{line.Id}", form)).ShouldBe(HttpStatusCode.Redirect);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_stale_edit_answers_409_and_keeps_the_input(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await CapitalisationKit.ProjectAsync(world, activity: false);
        var line = await CapitalisationKit.AddAsync(world, new ProjectFundingLine { OrganisationId = world.Id, ProjectId = p.Id, Source = "CAF", Status = FundingStatus.Requested, Requested = 500 });
        var client = await world.LoginAsync(Role.SocialWorker);
        var url = $"/Collective/Budget/Funding/{p.Id}/{line.Id}";
        await (await client.PostFormAsync(url, Funding("CAF", nameof(FundingStatus.Granted), "500", "400", version: 0))).ShouldBe(HttpStatusCode.Redirect);

        var body = await (await client.PostFormAsync(url, Funding("CAF", nameof(FundingStatus.Granted), "500", "480", version: 0))).ShouldBe(HttpStatusCode.Conflict);
        Assert.Contains("modifié par quelqu’un d’autre", body);
        Assert.Equal("480", body.Html().QuerySelector("input[name='Input.Granted']")!.GetAttribute("value"));
        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.Equal(400m, (await db.ProjectFundingLines.SingleAsync(l => l.Id == line.Id)).Granted);
    }
}
