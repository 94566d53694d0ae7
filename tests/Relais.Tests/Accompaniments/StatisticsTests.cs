using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Accompaniments.FileKit;

namespace Relais.Tests.Accompaniments;

public sealed class StatisticsTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    /// <summary>
    /// Year 2025. F1 (North, social worker): 1 Nov 2024 → 1 Mar 2025 (120 days), a goal reached, the APL opened during
    /// the accompaniment, the CSS not claimed. F2 (North, social worker and manager): opened 1 Feb 2025, still open, a
    /// goal reached in 2025 and one in 2026, the RSA opened before the consent (not counted), the AAH not claimed, the FSL
    /// requested. F3 (South, manager): 1 Mar → 27 Sep 2025 (210 days), the CSS not claimed, the chèque énergie not claimed
    /// in 2024. F4 (South) ended in 2024 and F5 (North) starts in 2026: outside the period.
    /// </summary>
    private static async Task ArrangeAsync(World w)
    {
        var north2 = await Signals.SignalTestKit.NewHouseholdAsync(w, "Martin");
        var north3 = await Signals.SignalTestKit.NewHouseholdAsync(w, "Perrin");
        var south2 = await Signals.SignalTestKit.NewHouseholdAsync(w, "Roux", south: true);
        var f1 = await OpenAsync(w, consent: D(2024, 11, 1), referents: [Role.SocialWorker]);
        var f2 = await OpenAsync(w, north2.Id, north2.Members[0].Id, consent: D(2025, 2, 1), referents: [Role.SocialWorker, Role.Manager]);
        var f3 = await OpenAsync(w, w.SouthHousehold.Id, w.SouthHolder.Id, consent: D(2025, 3, 1), referents: [Role.Manager]);
        var f4 = await OpenAsync(w, south2.Id, south2.Members[0].Id, consent: D(2023, 1, 1), referents: [Role.Manager]);
        await OpenAsync(w, north3.Id, north3.Members[0].Id, consent: D(2026, 1, 10), referents: [Role.SocialWorker]);
        await using var scope = w.App.SystemScope(w.Id, out var db);
        foreach (var (id, closedOn) in new[] { (f1.Id, D(2025, 3, 1)), (f3.Id, D(2025, 9, 27)), (f4.Id, D(2024, 6, 1)) })
        {
            var file = await db.Accompaniments.SingleAsync(a => a.Id == id);
            file.Status = AccompanimentStatus.Closed;
            file.ClosedOn = closedOn;
            file.LastContactOn = closedOn;
            file.ClosureOutcome = ClosureOutcome.GoalsReached;
        }

        var rights = (await RightsCatalogue.LoadAsync(db, CancellationToken.None)).ToDictionary(r => r.Code!, r => r.Id);
        db.AccompanimentGoals.AddRange(
            new AccompanimentGoal { AccompanimentId = f1.Id, Wording = "A", SetOn = D(2024, 11, 1), Status = GoalStatus.Reached, StatusOn = D(2025, 2, 10) },
            new AccompanimentGoal { AccompanimentId = f2.Id, Wording = "B", SetOn = D(2025, 2, 1), Status = GoalStatus.Reached, StatusOn = D(2025, 6, 1) },
            new AccompanimentGoal { AccompanimentId = f2.Id, Wording = "C", SetOn = D(2025, 2, 1), Status = GoalStatus.Reached, StatusOn = D(2026, 1, 5) },
            new AccompanimentGoal { AccompanimentId = f2.Id, Wording = "D", SetOn = D(2025, 2, 1) },
            new AccompanimentGoal { AccompanimentId = f3.Id, Wording = "E", SetOn = D(2025, 3, 1), Status = GoalStatus.Abandoned, StatusOn = D(2025, 5, 1) });
        AccompanimentRight Right(Accompaniment f, string code, RightStatus status, DateOnly checkedOn, DateOnly? opened = null) =>
            new() { AccompanimentId = f.Id, RightKindId = rights[code], Status = status, CheckedOn = checkedOn, OpenedOn = opened };
        db.AccompanimentRights.AddRange(
            Right(f1, "APL", RightStatus.Open, D(2025, 1, 15), D(2025, 1, 15)),
            Right(f1, "CSS", RightStatus.NotClaimed, D(2025, 2, 1)),
            Right(f2, "RSA", RightStatus.Open, D(2025, 2, 1), D(2024, 12, 1)),
            Right(f2, "AAH", RightStatus.NotClaimed, D(2025, 5, 5)),
            Right(f2, "FSL", RightStatus.Requested, D(2025, 5, 5)),
            Right(f3, "CSS", RightStatus.NotClaimed, D(2025, 4, 1)),
            Right(f3, "CE", RightStatus.NotClaimed, D(2024, 12, 15)));
        await db.SaveChangesAsync();
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_manager_s_statistics_count_files_durations_goals_rights_and_non_take_up_by_sector_and_referent(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        await ArrangeAsync(world);
        var manager = await world.LoginAsync(Role.Manager);
        var page = (await (await manager.GetAsync("/Accompaniments/Statistics?from=2025-01-01&to=2025-12-31")).ShouldBe(HttpStatusCode.OK)).Html();

        string[] Row(string table, string label)
        {
            var row = page.QuerySelectorAll($"#{table} tbody tr").Single(r => r.QuerySelector("th")!.TextContent == label);
            return row.QuerySelectorAll("td").Select(td => td.TextContent).ToArray();
        }

        //                                                  en cours, ouverts, clos, durée médiane, objectifs, droits ouverts, non-recours
        Assert.Equal(["1", "2", "2", "165", "2", "1", "3"], Row("ensemble", "Tous les accompagnements"));
        Assert.Equal(["1", "1", "1", "120", "2", "1", "2"], Row("par-secteur", "Nord"));
        Assert.Equal(["0", "1", "1", "210", "0", "0", "1"], Row("par-secteur", "Sud"));
        var social = world.Users[Role.SocialWorker].DisplayName;
        var manager2 = world.Users[Role.Manager].DisplayName;
        Assert.Equal(["1", "1", "1", "120", "2", "1", "2"], Row("par-referent", social));
        Assert.Equal(["1", "2", "1", "210", "1", "0", "2"], Row("par-referent", manager2));
        Assert.Equal([manager2, social], page.QuerySelectorAll("#par-referent tbody th").Select(th => th.TextContent));
        Assert.Equal(["0", "2"], Row("par-droit", "Complémentaire santé solidaire"));
        Assert.Equal(["1", "0"], Row("par-droit", "APL"));
        Assert.Equal(["0", "1"], Row("par-droit", "AAH"));
        Assert.Equal(["0", "0"], Row("par-droit", "RSA"));

        // The charts are drawn on the server, one bar per group, scaled on the largest value.
        var bars = page.QuerySelectorAll("#secteurs-non-recours g.chart-row").Select(g => (g.GetAttribute("data-label"), g.GetAttribute("data-value"), g.QuerySelector("rect")!.GetAttribute("width"))).ToList();
        Assert.Equal([("Nord", "2", "560"), ("Sud", "1", "280")], bars);
        Assert.Equal("Nord : 2 ; Sud : 1", page.QuerySelector("#secteurs-non-recours desc")?.TextContent);
        Assert.Empty(page.QuerySelectorAll("script:not([src]), [style]"));

        // The CSV says the same, as Excel in France expects it.
        var csv = await manager.GetAsync("/Accompaniments/Statistics?handler=Csv&from=2025-01-01&to=2025-12-31");
        await csv.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("accompagnements_2025-01-01_2025-12-31.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("Regroupement;Libellé;En cours au 31/12/2025;Ouverts sur la période;Clos sur la période;Durée médiane des accompagnements clos (jours);Objectifs atteints;Droits ouverts;Non-recours repérés", lines[0]);
        Assert.Equal("Ensemble;Tous les accompagnements;1;2;2;165;2;1;3", lines[1]);
        Assert.Equal("Secteur;Nord;1;1;1;120;2;1;2", lines[2]);
        Assert.Equal("Secteur;Sud;0;1;1;210;0;0;1", lines[3]);
        Assert.Equal($"Référent·e;{manager2};1;2;1;210;1;0;2", lines[4]);
        Assert.Equal($"Référent·e;{social};1;1;1;120;2;1;2", lines[5]);
        Assert.Contains("Droit;Complémentaire santé solidaire;;;;;;0;2", lines);
        Assert.Equal("", lines[^1]);

        // Half a period: an even count of closed files in the other's place.
        var firstQuarter = (await (await manager.GetAsync("/Accompaniments/Statistics?from=2025-01-01&to=2025-03-31")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(["2", "2", "1", "120", "1", "1", "1"], firstQuarter.QuerySelectorAll("#ensemble tbody td").Select(td => td.TextContent));

        // A period that ends before it starts is refused in French.
        var wrong = (await (await manager.GetAsync("/Accompaniments/Statistics?from=2025-12-31&to=2025-01-01")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("La fin de la période doit être postérieure ou égale à son début.", wrong.QuerySelector("#to-err")?.TextContent);
        Assert.Null(wrong.QuerySelector("#ensemble"));
    }
}
