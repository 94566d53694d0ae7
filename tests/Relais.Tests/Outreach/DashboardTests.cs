using System.Net;
using System.Text;
using Relais.Features.Outreach;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Outreach;

public sealed class DashboardTests
{
    private static DateTimeOffset Noon(int month, int day) => new(2026, month, day, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A known dataset (hand-computed figures in the test below):
    /// campaign « Printemps » (March 2026): Lefèvre (signal 1/03, absent 2/03, échange 4/03 → 3 days), Martin (signal 1/03,
    /// refus 7/03 → 6 days), N'Diaye (signal 2/03, absent only), Sud-Deux (held back);
    /// campaign « Été » (June 2026): Petit (signal 20/05, rendez-vous 10/06 → 21 days), Lefèvre again (no signal, échange 2/06);
    /// campaign « 2024 » (January 2024, outside the period): N'Diaye, échange.
    /// </summary>
    private static async Task ArrangeAsync(World w)
    {
        var martin = await OutreachKit.AddHouseholdAsync(w, w.NorthBuilding.Id, "1", 3, "31", "Martin");
        var petit = await OutreachKit.AddHouseholdAsync(w, w.NorthBuilding.Id, "2", 1, "11", "Petit");
        var sudDeux = await OutreachKit.AddHouseholdAsync(w, await OutreachKit.SouthBuildingIdAsync(w), "A", 1, "A11", "Sud-Deux");

        var spring = await OutreachKit.AddCampaignAsync(w, "Printemps", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), [Role.SocialWorker], CampaignStatus.Closed);
        var s1 = await OutreachKit.AddSignalAsync(w, w.NorthHousehold.Id, detectedAt: Noon(3, 1), status: SignalStatus.Handled);
        var t1 = await OutreachKit.AddTargetAsync(w, spring.Id, w.NorthHousehold.Id, s1.Id);
        await OutreachKit.AddAttemptAsync(w, t1.Id, ContactOutcome.Absent, Noon(3, 2));
        await OutreachKit.AddAttemptAsync(w, t1.Id, ContactOutcome.Talked, Noon(3, 4));
        var s2 = await OutreachKit.AddSignalAsync(w, martin.Id, detectedAt: Noon(3, 1), status: SignalStatus.Handled);
        var t2 = await OutreachKit.AddTargetAsync(w, spring.Id, martin.Id, s2.Id);
        await OutreachKit.AddAttemptAsync(w, t2.Id, ContactOutcome.Refused, Noon(3, 7));
        var s3 = await OutreachKit.AddSignalAsync(w, w.SouthHousehold.Id, detectedAt: Noon(3, 2), status: SignalStatus.New);
        var t3 = await OutreachKit.AddTargetAsync(w, spring.Id, w.SouthHousehold.Id, s3.Id);
        await OutreachKit.AddAttemptAsync(w, t3.Id, ContactOutcome.Absent, Noon(3, 3));
        await OutreachKit.AddTargetAsync(w, spring.Id, sudDeux.Id, status: TargetStatus.HeldBack, holdReason: "Refus exprimé le 01/02/2026 : pas de nouvelle approche avant le 01/08/2026");

        var summer = await OutreachKit.AddCampaignAsync(w, "Été", new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30), [Role.SocialWorker], CampaignStatus.Closed);
        var s5 = await OutreachKit.AddSignalAsync(w, petit.Id, detectedAt: Noon(5, 20), status: SignalStatus.Handled);
        var t5 = await OutreachKit.AddTargetAsync(w, summer.Id, petit.Id, s5.Id);
        await OutreachKit.AddAttemptAsync(w, t5.Id, ContactOutcome.Appointment, Noon(6, 10));
        var t6 = await OutreachKit.AddTargetAsync(w, summer.Id, w.NorthHousehold.Id);
        await OutreachKit.AddAttemptAsync(w, t6.Id, ContactOutcome.Talked, Noon(6, 2));

        var old = await OutreachKit.AddCampaignAsync(w, "2024", new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), [Role.SocialWorker], CampaignStatus.Closed);
        var t7 = await OutreachKit.AddTargetAsync(w, old.Id, w.SouthHousehold.Id);
        await OutreachKit.AddAttemptAsync(w, t7.Id, ContactOutcome.Talked, new DateTimeOffset(2024, 1, 10, 12, 0, 0, TimeSpan.Zero));
    }

    /// <summary>Label → [targeted, reached, rate, refusals, held, median] as the page shows them.</summary>
    private static Dictionary<string, string[]> Table(AngleSharp.Html.Dom.IHtmlDocument page, string id) =>
        page.QuerySelectorAll($"#{id} tbody tr").ToDictionary(
            r => r.QuerySelector("th")!.TextContent.Trim(),
            r => new[] { "targeted", "reached", "rate", "refusals", "held", "median" }.Select(c => r.QuerySelector($"td[data-col={c}]")!.TextContent.Trim()).ToArray());

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Dashboard_figures_and_their_csv_match_a_hand_computed_dataset(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        await ArrangeAsync(world);
        var manager = await world.LoginAsync(Role.Manager);

        var page = (await (await manager.GetAsync("/Outreach/Dashboard?from=2026-01-01&to=2026-12-31")).ShouldBe(HttpStatusCode.OK)).Html();
        // Targeted: Lefèvre, Martin, N'Diaye, Petit (Sud-Deux is held back). Reached: Lefèvre, Martin, Petit. Delays 3, 6, 21.
        Assert.Equal(["4", "3", "75,0\u00a0%", "1", "1", "6"], Table(page, "ensemble")["Toutes les tournées"]);
        var sectors = Table(page, "par-secteur");
        Assert.Equal(["Nord", "Sud"], sectors.Keys);
        Assert.Equal(["3", "3", "100,0\u00a0%", "1", "0", "6"], sectors["Nord"]);
        Assert.Equal(["1", "0", "0,0\u00a0%", "0", "1", "–"], sectors["Sud"]);
        var campaigns = Table(page, "par-tournee");
        Assert.Equal(["Été", "Printemps"], campaigns.Keys); // the 2024 campaign is outside the period
        Assert.Equal(["3", "2", "66,7\u00a0%", "1", "1", "4,5"], campaigns["Printemps"]); // median of 3 and 6
        Assert.Equal(["2", "2", "100,0\u00a0%", "0", "0", "21"], campaigns["Été"]);

        var csvLink = page.QuerySelector("a[href*='handler=Csv']")!.GetAttribute("href")!;
        var response = await manager.GetAsync(csvLink);
        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("aller-vers_2026-01-01_2026-12-31.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Regroupement;Libellé;Ménages ciblés;Ménages joints;Taux de contact (%);Refus;Mis en attente;Délai médian signalement → premier contact (jours)", lines[0]);
        Assert.Equal(
        [
            "Ensemble;Toutes les tournées;4;3;75,0;1;1;6",
            "Secteur;Nord;3;3;100,0;1;0;6",
            "Secteur;Sud;1;0;0,0;0;1;",
            "Tournée;Été;2;2;100,0;0;0;21",
            "Tournée;Printemps;3;2;66,7;1;1;4,5",
        ], lines[1..]);

        // Every figure of the CSV is the page's.
        var shown = Table(page, "ensemble").Concat(sectors).Concat(campaigns).ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var line in lines[1..])
        {
            var cells = line.Split(';');
            var onPage = shown[cells[1]];
            Assert.Equal(onPage.Select(v => v.Replace("\u00a0%", "", StringComparison.Ordinal).Replace("–", "", StringComparison.Ordinal)), cells[2..]);
        }

        // A narrower period: summer only.
        var summer = (await (await manager.GetAsync("/Outreach/Dashboard?from=2026-06-01&to=2026-06-30")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(["2", "2", "100,0\u00a0%", "0", "0", "21"], Table(summer, "ensemble")["Toutes les tournées"]);
        Assert.Equal(["Été"], Table(summer, "par-tournee").Keys);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_period_ending_before_it_starts_is_refused_in_french(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var manager = await world.LoginAsync(Role.Manager);
        var page = (await (await manager.GetAsync("/Outreach/Dashboard?from=2026-06-01&to=2026-01-01")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("La fin de la période doit être postérieure ou égale à son début.", page.QuerySelector("#to-err")?.TextContent);
        Assert.Null(page.QuerySelector("#ensemble"));
    }

    [Theory]
    [InlineData(new double[0], null)]
    [InlineData(new[] { 7.0 }, 7.0)]
    [InlineData(new[] { 21.0, 3.0, 6.0 }, 6.0)]
    [InlineData(new[] { 6.0, 3.0 }, 4.5)]
    [InlineData(new[] { 10.0, 1.0, 4.0, 2.0 }, 3.0)]
    [InlineData(new[] { 0.0, 0.0, 5.0, 9.0, 9.0, 30.0 }, 7.0)]
    public void Median_is_the_middle_value_or_the_mean_of_the_two_middle_ones(double[] values, double? expected) =>
        Assert.Equal(expected, OutreachStatistics.Median(values));
}
