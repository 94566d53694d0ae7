using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Households;

/// <summary>
/// Search by word prefix (docs/decisions/0007-search.md): the words stored for each household, kept up to date when
/// a person or an address changes, and the count capped at 1,000.
/// </summary>
public sealed class HouseholdSearchTermsTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Terms_are_the_distinct_words_of_the_key_without_noise_words()
    {
        var longWord = new string('x', 70);
        Assert.Equal(["loc", "000123", "benoit", "lefevre", "les", "tilleuls", "a", new string('x', 64)],
            HouseholdSearchTerms.FromKey($"loc 000123 benoit lefevre residence les tilleuls batiment a lefevre {longWord}"));
        Assert.Empty(HouseholdSearchTerms.FromKey(""));

        Assert.Equal(["lhay", "les", "roses"], HouseholdSearchTerms.QueryTokens("L'Haÿ-les-Roses"));
        Assert.Equal(["loc", "000123"], HouseholdSearchTerms.QueryTokens("LOC-000123"));
        Assert.Equal(["les", "tilleuls"], HouseholdSearchTerms.QueryTokens("Résidence Les Tilleuls, bâtiment"));
        Assert.Empty(HouseholdSearchTerms.QueryTokens("Bâtiment"));
        Assert.Equal([new string('x', 64)], HouseholdSearchTerms.QueryTokens(longWord));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Each_query_word_must_start_a_word_of_the_household(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        Guid daubert;
        await using (var scope = app.SystemScope(world.Id, out var db))
        {
            var h = new Household { TenantReference = $"PFX-{world.Id:N}"[..20] };
            h.Members.Add(new Person { FirstName = "Élise", LastName = "Daubert", Role = HouseholdRole.LeaseHolder });
            db.Households.Add(h);
            await db.SaveChangesAsync();
            daubert = h.Id;
        }

        var client = await world.LoginAsync(Role.SocialWorker);
        Assert.Equal([world.NorthHousehold.Id], await Ids(client, "lef"));
        Assert.Equal([world.NorthHousehold.Id], await Ids(client, "BEN lef"));
        Assert.Equal([world.NorthHousehold.Id], await Ids(client, "jean jaur"));
        Assert.Equal([world.SouthHousehold.Id], await Ids(client, "chlo n'di"));
        Assert.Equal([daubert], await Ids(client, "daub"));

        // Inside a word is not a match any more: "aubert" does not find Daubert, "efevre" not Lefèvre.
        Assert.Empty(await Ids(client, "aubert"));
        Assert.Empty(await Ids(client, "efevre"));
        Assert.Empty(await Ids(client, "lefevre zoe paris"));

        // A field agent searches within their sectors only (the North).
        var agent = await world.LoginAsync(Role.FieldAgent);
        Assert.Equal([world.NorthHousehold.Id], await Ids(agent, "lef"));
        Assert.Empty(await Ids(agent, "ndiaye"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Renaming_a_person_replaces_the_words_of_the_household(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var client = await world.LoginAsync(Role.SocialWorker);
        Assert.Equal([world.NorthHousehold.Id], await Ids(client, "benoit"));

        await (await client.PostFormAsync($"/Households/EditPerson/{world.NorthHolder.Id}", new()
        {
            ["Input.FirstName"] = "Théophile", ["Input.LastName"] = "Lefèvre", ["Input.Role"] = "LeaseHolder",
            ["Input.BirthDate"] = "1970-05-04", ["Input.Phone"] = "06 12 34 56 78", ["Input.Email"] = "", ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);

        Assert.Empty(await Ids(client, "benoit"));
        Assert.Equal([world.NorthHousehold.Id], await Ids(client, "theo lefevre"));

        await using var scope = app.SystemScope(world.Id, out var db);
        var household = await db.Households.AsNoTracking().SingleAsync(h => h.Id == world.NorthHousehold.Id);
        var terms = await db.HouseholdSearchTerms.AsNoTracking().Where(t => t.HouseholdId == household.Id).ToListAsync();
        Assert.Equal(HouseholdSearchTerms.FromKey(household.SearchKey).Order(StringComparer.Ordinal), terms.Select(t => t.Term).Order(StringComparer.Ordinal));
        Assert.Contains("theophile", terms.Select(t => t.Term));
        Assert.DoesNotContain("benoit", terms.Select(t => t.Term));
        Assert.StartsWith("lefevre theophile", household.SortName, StringComparison.Ordinal);
        Assert.All(terms, t => Assert.Equal(household.SortName, t.SortName));
        Assert.All(terms, t => Assert.Equal(world.Id, t.OrganisationId));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Changing_a_street_replaces_the_address_words_of_its_households(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        var manager = await world.LoginAsync(Role.Manager);
        Assert.Equal([world.NorthHousehold.Id], await Ids(manager, "jaures"));

        await (await manager.PostFormAsync($"/Housing/EditBuilding/{world.NorthBuilding.Id}", new()
        {
            ["Input.Name"] = "Bâtiment A",
            ["Input.Street"] = "7 boulevard Maximilien-Robespierre",
            ["Input.Staircases"] = "1, 2",
            ["Input.Floors"] = "4",
            ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);

        Assert.Empty(await Ids(manager, "jaures"));
        Assert.Equal([world.NorthHousehold.Id], await Ids(manager, "robesp"));
        Assert.Equal([world.NorthHousehold.Id], await Ids(manager, "maximilien benoit"));

        await using var scope = app.SystemScope(world.Id, out var db);
        var household = await db.Households.AsNoTracking().SingleAsync(h => h.Id == world.NorthHousehold.Id);
        var terms = await db.HouseholdSearchTerms.AsNoTracking().Where(t => t.HouseholdId == household.Id).Select(t => t.Term).ToListAsync();
        Assert.Equal(HouseholdSearchTerms.FromKey(household.SearchKey).Order(StringComparer.Ordinal), terms.Order(StringComparer.Ordinal));
        Assert.Contains("robespierre", terms);
        Assert.DoesNotContain("jaures", terms);
        Assert.DoesNotContain("batiment", terms);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task More_than_a_thousand_matches_are_counted_as_more_than_a_thousand_and_paged_within_the_first_thousand(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await World.CreateAsync(app);
        const int count = 1050;
        var expected = await AddManyAsync(app, world, count);
        var client = await world.LoginAsync(Role.SocialWorker);

        // "capuchon": one word per household (sorted from the search index); "cap": 5 words per household, more than
        // HouseholdSearch.SortFromIndexLimit (households walked in list order). Same answers.
        Assert.True(count * 5 > HouseholdSearch.SortFromIndexLimit && count < HouseholdSearch.SortFromIndexLimit);
        foreach (var q in new[] { "capuchon", "cap" })
        {
            var first = await Search(client, $"q={q}&pageSize=20");
            Assert.Equal(HouseholdSearch.CountLimit, first.Total);
            Assert.True(first.TotalIsCapped);
            Assert.Equal(expected.Take(20), first.Items.Select(i => i.Id));

            var last = await Search(client, $"q={q}&page=34&pageSize=30");
            Assert.Equal(expected.Skip(990).Take(10), last.Items.Select(i => i.Id)); // not beyond the 1,000th
            var beyond = await Search(client, $"q={q}&page=51&pageSize=20");
            Assert.Empty(beyond.Items);
            Assert.True(beyond.TotalIsCapped);

            var html = (await (await client.GetAsync($"/Households?q={q}")).ShouldBe(HttpStatusCode.OK)).Html();
            var status = html.QuerySelector("p[role=status]")!.TextContent;
            Assert.Contains("Plus de 1", status);
            Assert.Contains("ménages pour « " + q + " » : précisez la recherche.", status);
            Assert.Contains("Page 1 sur 40", html.QuerySelector("nav.pager")!.TextContent);
            var page40 = (await (await client.GetAsync($"/Households?q={q}&p=99")).ShouldBe(HttpStatusCode.OK)).Html();
            Assert.Equal(25, page40.QuerySelectorAll("tbody tr").Length);
            Assert.Contains("Page 40 sur 40", page40.QuerySelector("nav.pager")!.TextContent);
            Assert.Contains($"/Households/Details/{expected[999]}", page40.QuerySelector("tbody")!.InnerHtml);
        }

        // A narrower search is counted exactly.
        var narrow = await Search(client, "q=capuchon+capitaine+007");
        Assert.Equal(10, narrow.Total); // CAP-0070 to CAP-0079
        Assert.False(narrow.TotalIsCapped);
        Assert.Equal(expected.Skip(70).Take(10), narrow.Items.Select(i => i.Id));
        var html2 = (await (await client.GetAsync("/Households?q=capuchon+007")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.StartsWith("10 ménages", html2.QuerySelector("p[role=status]")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Inserts <paramref name="count"/> households of 3 persons (Capucine, Capitaine and Caprice Capuchon) quickly:
    /// one SaveChanges without the audit chain, keys and terms computed by the app's own code. Returns their ids in list order.
    /// </summary>
    private static async Task<List<Guid>> AddManyAsync(TestApp app, World world, int count)
    {
        await using var scope = app.SystemScope(world.Id, out var db);
        var now = DateTimeOffset.UtcNow;
        var households = new List<Household>();
        for (var i = 0; i < count; i++)
        {
            var h = new Household { TenantReference = $"CAP-{i:0000}-Z{world.Id:N}"[..30], OrganisationId = world.Id, CreatedAt = now, UpdatedAt = now };
            foreach (var (first, role) in new[] { ("Capucine", HouseholdRole.LeaseHolder), ("Capitaine", HouseholdRole.Partner), ("Caprice", HouseholdRole.Child) })
            {
                h.Members.Add(new Person { FirstName = first, LastName = "Capuchon", Role = role, HouseholdId = h.Id, OrganisationId = world.Id, CreatedAt = now, UpdatedAt = now });
            }

            h.SearchKey = h.ComputeSearchKey();
            h.SortName = h.ComputeSortName();
            households.Add(h);
            db.Households.Add(h);
            foreach (var term in HouseholdSearchTerms.FromKey(h.SearchKey))
            {
                db.HouseholdSearchTerms.Add(new HouseholdSearchTerm { OrganisationId = world.Id, HouseholdId = h.Id, Term = term, SortName = h.SortName });
            }
        }

        await db.SaveAuditEntriesAsync(CancellationToken.None);
        return households.OrderBy(h => h.SortName, StringComparer.Ordinal).ThenBy(h => h.Id).Select(h => h.Id).ToList();
    }

    private static async Task<HouseholdsApi.PageOf<HouseholdsApi.HouseholdSummaryDto>> Search(HttpClient client, string query)
    {
        var body = await (await client.GetAsync($"/api/v1/households?{query}")).ShouldBe(HttpStatusCode.OK);
        return JsonSerializer.Deserialize<HouseholdsApi.PageOf<HouseholdsApi.HouseholdSummaryDto>>(body, Json)!;
    }

    private static async Task<List<Guid>> Ids(HttpClient client, string q) =>
        (await Search(client, $"q={Uri.EscapeDataString(q)}&pageSize=100")).Items.Select(i => i.Id).ToList();
}
