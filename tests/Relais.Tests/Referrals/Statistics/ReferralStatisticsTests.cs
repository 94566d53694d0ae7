using System.Net;
using System.Text;
using AngleSharp.Dom;
using Relais.Features.Partners;
using Relais.Features.Referrals;
using Relais.Features.Referrals.Statistics;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Referrals.Statistics;

public sealed class ReferralStatisticsTests
{
    private const string Period = "/Referrals/Statistics?from=2026-01-01&to=2026-03-31";

    private static DateTimeOffset At(int month, int day, int year = 2026) => new(year, month, day, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Partners and referrals with known figures (see the expected values in the tests).</summary>
    internal static async Task<World> ArrangeAsync(TestApp app)
    {
        var world = await World.CreateAsync(app);
        await using var scope = app.SystemScope(world.Id, out var db);
        var ccas = new PartnerOrganisation { Name = "CCAS de L’Haÿ-les-Roses", Kind = PartnerKind.Ccas };
        var adil = new PartnerOrganisation { Name = "ADIL du Val-de-Marne", Kind = PartnerKind.Adil };
        var mission = new PartnerOrganisation { Name = "Mission locale Bièvre", Kind = PartnerKind.MissionLocale };
        var bdf = new PartnerOrganisation { Name = "Banque de France", Kind = PartnerKind.BanqueDeFrance };
        db.PartnerOrganisations.AddRange(ccas, adil, mission, bdf);

        Referral R(PartnerOrganisation p, ReferralStatus status, string? theme, DateTimeOffset? sent, double? answeredAfterDays = null) => new()
        {
            PersonId = world.NorthHolder.Id, HouseholdId = world.NorthHousehold.Id, PartnerOrganisationId = p.Id, Theme = theme, Status = status,
            SentAt = sent, AnsweredAt = answeredAfterDays is { } d ? sent!.Value.AddDays(d) : null, ReferrerName = "Sophie Travailleuse",
        };

        db.Referrals.AddRange(
            R(ccas, ReferralStatus.Accepted, "logement-hebergement--reduire-les-impayes-de-loyer", At(1, 10), 2),
            R(ccas, ReferralStatus.Refused, "logement-hebergement--se-maintenir-dans-le-logement", At(1, 20), 4),
            R(ccas, ReferralStatus.Done, "difficultes-financieres--situation-dendettement-surendettement", At(2, 1), 6),
            R(ccas, ReferralStatus.Accepted, "sante", At(2, 15), 10),
            R(ccas, ReferralStatus.Sent, null, At(3, 1)),
            R(adil, ReferralStatus.Accepted, "logement-hebergement--louer-un-logement", At(1, 5), 1),
            R(adil, ReferralStatus.Cancelled, null, At(3, 10)),
            R(mission, ReferralStatus.Expired, "choisir-un-metier--confirmer-son-choix-de-metier", At(1, 15)),
            R(mission, ReferralStatus.Sent, "choisir-un-metier--connaitre-les-opportunites-demploi", At(2, 20)),
            R(bdf, ReferralStatus.Cancelled, null, At(3, 15)),
            // Outside the period, or never sent: not counted.
            R(ccas, ReferralStatus.Accepted, "sante", At(12, 31, 2025), 50),
            R(ccas, ReferralStatus.Sent, "sante", At(4, 1)),
            R(mission, ReferralStatus.Draft, "sante", null));
        await db.SaveChangesAsync();
        return world;
    }

    private static Dictionary<string, string> Row(IDocument page, string table, string label)
    {
        var row = page.QuerySelectorAll($"#{table} tbody tr").SingleOrDefault(r => r.QuerySelector("th")!.TextContent.Trim() == label)
            ?? throw new InvalidOperationException($"No row « {label} » in #{table}:\n{page.QuerySelector($"#{table}")?.OuterHtml}");
        return row.QuerySelectorAll("td[data-col]").ToDictionary(td => td.GetAttribute("data-col")!, td => td.TextContent.Trim());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Figures_by_partner_theme_and_status_with_answer_times_and_silent_partners(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var world = await ArrangeAsync(app);
        // Another organisation's referrals in the same period, to a partner of the same name, are never counted.
        var other = await World.CreateAsync(app);
        await using (var scope = app.SystemScope(other.Id, out var db))
        {
            var theirs = new PartnerOrganisation { Name = "CCAS de L’Haÿ-les-Roses" };
            db.PartnerOrganisations.Add(theirs);
            db.Referrals.Add(new Referral
            {
                PersonId = other.NorthHolder.Id, HouseholdId = other.NorthHousehold.Id, PartnerOrganisationId = theirs.Id, Status = ReferralStatus.Accepted,
                Theme = "sante", SentAt = At(2, 2), AnsweredAt = At(2, 3),
            });
            await db.SaveChangesAsync();
        }

        var manager = await world.LoginAsync(Role.Manager);
        var page = (await (await manager.GetAsync(Period)).ShouldBe(HttpStatusCode.OK)).Html();
        string Total(string col) => page.QuerySelector($"#ensemble dd[data-col={col}]")!.TextContent.Trim();
        Assert.Equal(("10", "5", "62,5 %", "4 j", "10 j", "1"), (Total("sent"), Total("answered"), Total("rate"), Total("median"), Total("p90"), Total("silent")));

        var ccas = Row(page, "par-partenaire", "CCAS de L’Haÿ-les-Roses");
        Assert.Equal(("5", "4", "80", "5", "10"), (ccas["sent"], ccas["answered"], ccas["rate"], ccas["median"], ccas["p90"]));
        Assert.Equal(("2", "1", "1", "0", "1"), (ccas["accepted"], ccas["refused"], ccas["done"], ccas["expired"], ccas["waiting"]));
        var adil = Row(page, "par-partenaire", "ADIL du Val-de-Marne");
        Assert.Equal(("2", "1", "100", "1", "1"), (adil["sent"], adil["answered"], adil["rate"], adil["median"], adil["p90"]));
        var mission = Row(page, "par-partenaire", "Mission locale Bièvre");
        Assert.Equal(("2", "0", "0", "—", "1", "1"), (mission["sent"], mission["answered"], mission["rate"], mission["median"], mission["expired"], mission["waiting"]));
        var bdf = Row(page, "par-partenaire", "Banque de France");
        Assert.Equal(("1", "—"), (bdf["sent"], bdf["rate"]));
        Assert.Equal(4, page.QuerySelectorAll("#par-partenaire tbody tr").Length);

        var silent = Assert.Single(page.QuerySelectorAll("#sans-reponse li")).TextContent;
        Assert.Equal("Mission locale Bièvre — 2 orientation(s) sans réponse, dont 1 expirée(s)", silent);

        var housing = Row(page, "par-theme", "Logement et hébergement");
        Assert.Equal(("3", "3", "100", "2"), (housing["sent"], housing["answered"], housing["rate"], housing["median"]));
        Assert.Equal("2", Row(page, "par-theme", "Choisir un métier")["sent"]);
        Assert.Equal("1", Row(page, "par-theme", "Difficultés financières")["sent"]);
        Assert.Equal("1", Row(page, "par-theme", "Santé")["sent"]);
        Assert.Equal("3", Row(page, "par-theme", ReferralStatistics.NoTheme)["sent"]);
        Assert.Equal(5, page.QuerySelectorAll("#par-theme tbody tr").Length);

        Assert.Equal(("2", "3", "1", "1", "1", "2"), (Row(page, "par-statut", "Envoyée")["sent"], Row(page, "par-statut", "Acceptée")["sent"],
            Row(page, "par-statut", "Refusée")["sent"], Row(page, "par-statut", "Réalisée")["sent"], Row(page, "par-statut", "Expirée")["sent"],
            Row(page, "par-statut", "Annulée")["sent"]));

        // The charts are drawn on the server, with their figures in words.
        var chart = page.QuerySelector("#graphe-partenaires svg")!;
        Assert.Equal("5", chart.QuerySelector("g[data-label='CCAS de L’Haÿ-les-Roses']")!.GetAttribute("data-value"));
        Assert.Contains("Mission locale Bièvre : 2", chart.QuerySelector("desc")!.TextContent);
        Assert.NotNull(page.QuerySelector("#graphe-themes svg"));
        Assert.NotNull(page.QuerySelector("#graphe-statuts svg"));

        // A period with nothing: no figures, no crash.
        var empty = (await (await manager.GetAsync("/Referrals/Statistics?from=2020-01-01&to=2020-12-31")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("0", empty.QuerySelector("#ensemble dd[data-col=sent]")!.TextContent.Trim());
        Assert.Equal("—", empty.QuerySelector("#ensemble dd[data-col=median]")!.TextContent.Trim());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Csv_export_opens_in_a_french_spreadsheet(DatabaseProvider provider)
    {
        var world = await ArrangeAsync(await TestApp.GetAsync(provider));
        var manager = await world.LoginAsync(Role.Manager);
        var response = await manager.GetAsync(Period + "&handler=Csv");
        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("orientations_2026-01-01_2026-03-31.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(';', ReferralStatistics.Columns), lines[0]);
        Assert.Equal("Ensemble;Toutes les orientations;10;5;62,5;4;10;3;1;1;1;2;2;", lines[1]);
        Assert.Contains("Partenaire;CCAS de L’Haÿ-les-Roses;5;4;80;5;10;2;1;1;0;1;0;", lines);
        Assert.Contains("Partenaire;Mission locale Bièvre;2;0;0;;;0;0;0;1;1;0;oui", lines);
        Assert.Contains("Partenaire;Banque de France;1;0;;;;0;0;0;0;0;1;", lines);
        Assert.Contains("Thème;Logement et hébergement;3;3;100;2;4;2;1;0;0;0;0;", lines);
        Assert.Contains("Statut;Annulée;2;0;;;;0;0;0;0;0;2;", lines);
        Assert.Equal(1 + 1 + 4 + 5 + 6, lines.Length);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Only_the_manager_sees_statistics_and_a_bad_period_is_explained(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        foreach (var role in new[] { Role.SocialWorker, Role.FieldAgent, Role.Partner })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await (await world.LoginAsync(role)).GetAsync("/Referrals/Statistics")).StatusCode);
        }

        var manager = await world.LoginAsync(Role.Manager);
        var page = (await (await manager.GetAsync("/Referrals/Statistics?from=2026-03-31&to=2026-01-01")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("La fin de la période doit être postérieure ou égale à son début.", page.QuerySelector("#to-err")!.TextContent);
        Assert.Null(page.QuerySelector("#ensemble"));
        var bad = (await (await manager.GetAsync("/Referrals/Statistics?from=31-02-2026")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("true", bad.QuerySelector("#from")!.GetAttribute("aria-invalid"));
    }
}
