using System.Net;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Signals.SignalTestKit;

namespace Relais.Tests.Signals;

/// <summary>The list filters by sector, residence, type, severity, status, age and household, and pages.</summary>
public sealed class SignalListTests
{
    /// <summary>
    /// A landlord with hundreds of residences: the residence filter lists them only within a sector (the page would
    /// otherwise carry them all on every request); a residence chosen through the address stays selected.
    /// </summary>
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Many_residences_are_listed_only_within_a_sector(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        await using (var scope = w.App.SystemScope(w.Id, out var db))
        {
            for (var i = 0; i < SignalListModel.MaxResidenceChoices; i++)
            {
                db.Residences.Add(new Relais.Features.Housing.Residence
                {
                    Name = $"Résidence n° {i:000}", SectorId = w.South.Id, CommuneCode = "94076", CommuneName = "Villejuif",
                    PostalCode = "94800", OrganisationId = w.Id,
                });
            }

            await db.SaveChangesAsync();
        }

        var manager = await w.LoginAsync(Role.Manager);
        var all = (await (await manager.GetAsync("/Signals")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Single(all.QuerySelectorAll("#f-residence option")); // "Toutes les résidences" only
        Assert.Contains("choisissez d’abord un secteur", all.QuerySelector("#f-residence-hint")!.TextContent);

        var north = (await (await manager.GetAsync($"/Signals?sector={w.North.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(["", w.NorthResidence.Id.ToString()], north.QuerySelectorAll("#f-residence option").Select(o => o.GetAttribute("value")));
        Assert.Null(north.QuerySelector("#f-residence-hint"));

        var chosen = (await (await manager.GetAsync($"/Signals?residence={w.SouthResidence.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var selected = chosen.QuerySelector("#f-residence option[selected]");
        Assert.Equal(w.SouthResidence.Id.ToString(), selected?.GetAttribute("value"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Each_filter_keeps_only_the_matching_signals(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var north = w.NorthHousehold.Id;
        var south = w.SouthHousehold.Id;
        var letterbox = await AddSignalAsync(w, north, s => (s.Type, s.Severity) = (SignalType.Letterbox, SignalSeverity.Medium));
        var health = await AddSignalAsync(w, north, s => (s.Type, s.Severity) = (SignalType.HealthWorry, SignalSeverity.High));
        var old = await AddSignalAsync(w, south, s => (s.Type, s.Severity, s.DetectedAt) = (SignalType.Isolation, SignalSeverity.Low, DateTimeOffset.UtcNow.AddDays(-45)));
        var treated = await AddSignalAsync(w, south, s => (s.Type, s.Status) = (SignalType.Hygiene, SignalStatus.Handled));
        var dismissed = await AddSignalAsync(w, north, s => (s.Type, s.Status, s.DismissReason) = (SignalType.Other, SignalStatus.Dismissed, "Erreur de porte"));
        var manager = await w.LoginAsync(Role.Manager);

        async Task<List<Guid>> Ids(string query)
        {
            var page = (await (await manager.GetAsync("/Signals" + query)).ShouldBe(HttpStatusCode.OK)).Html();
            return SignalAccessTests.SignalIdsIn(page);
        }

        // Newest first; by default only what is still to do (new and in outreach).
        Assert.Equal([health.Id, letterbox.Id, old.Id], await Ids(""));
        Assert.Equal([dismissed.Id, treated.Id, health.Id, letterbox.Id, old.Id], await Ids("?status=tous"));
        Assert.Equal([treated.Id], await Ids("?status=Handled"));
        Assert.Equal([dismissed.Id], await Ids("?status=Dismissed"));
        Assert.Equal([health.Id, letterbox.Id], await Ids($"?sector={w.North.Id}"));
        Assert.Equal([old.Id], await Ids($"?residence={w.SouthResidence.Id}"));
        Assert.Equal([treated.Id, old.Id], await Ids($"?residence={w.SouthResidence.Id}&status=tous"));
        Assert.Equal([health.Id], await Ids("?type=HealthWorry"));
        Assert.Equal([old.Id], await Ids("?severity=Low"));
        Assert.Equal([old.Id], await Ids("?age=30"));
        Assert.Equal([dismissed.Id, health.Id, letterbox.Id], await Ids($"?household={north}&status=tous"));
        Assert.Equal([], await Ids($"?sector={w.South.Id}&type=HealthWorry"));

        var page = (await (await manager.GetAsync($"/Signals?residence={w.SouthResidence.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var row = page.QuerySelector("table.signals tbody tr")!;
        Assert.Contains("N'DIAYE Chloé", row.TextContent);
        Assert.Contains("40 avenue de Paris", row.TextContent);
        Assert.Contains("Isolement", row.TextContent);
        Assert.Contains("Faible", row.TextContent);
        Assert.Contains("Nouveau", row.TextContent);
        Assert.Contains("depuis 45 jours", row.TextContent.Plain());
        Assert.Equal("1 signal correspond aux filtres.", string.Join(' ', page.QuerySelector("p[role=status]")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Plain());
        Assert.Equal("selected", page.QuerySelector($"#f-residence option[value='{w.SouthResidence.Id}']")!.GetAttribute("selected"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_list_pages_by_twenty_five_and_keeps_the_filters(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var created = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            var at = start.AddMinutes(i);
            created.Add((await AddSignalAsync(w, w.NorthHousehold.Id, s => (s.Type, s.DetectedAt) = (SignalType.Isolation, at))).Id);
        }

        await AddSignalAsync(w, w.NorthHousehold.Id, s => s.Type = SignalType.Letterbox);
        var agent = await w.LoginAsync(Role.FieldAgent);

        var first = (await (await agent.GetAsync("/Signals?type=Isolation")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(Enumerable.Reverse(created).Take(25), SignalAccessTests.SignalIdsIn(first));
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal("/Signals?type=Isolation&p=2", next);
        Assert.Null(first.QuerySelector("a[rel=prev]"));

        var second = (await (await agent.GetAsync(next)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(Enumerable.Reverse(created).Skip(25), SignalAccessTests.SignalIdsIn(second));
        Assert.Null(second.QuerySelector("a[rel=next]"));
        Assert.Equal("/Signals?type=Isolation", second.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Contains("Signaux 26 à 30 sur 30.", second.QuerySelector("p[role=status]")!.TextContent.Plain());
        Assert.Contains("Signaux 1 à 25 ; d’autres suivent.", first.QuerySelector("p[role=status]")!.TextContent.Plain());
    }
}
