using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Outreach;
using Relais.Features.Users;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>One line of the statistics: a group (everything, a sector, a referent, a right) and its figures.</summary>
public sealed record StatRow(string Group, string Label, int OpenAtEnd, int Opened, int Closed, double? MedianDays, int GoalsReached, int RightsOpened, int NonTakeUp)
{
    /// <summary>Lines of the "by right" table carry only the rights figures.</summary>
    public bool RightsOnly => Group == AccompanimentStatistics.RightGroup;

    /// <summary>"45" or "37,5" (days), empty when nothing was closed.</summary>
    public string MedianText => MedianDays is { } m ? m.ToString("0.#", OutreachFormat.French) : "";
}

/// <summary>
/// The Responsable's figures over a period [from, to], computed once for the page and for the CSV export:
/// <list type="bullet">
/// <item>in progress: files opened (consent) on or before <c>to</c> and not closed by then;</item>
/// <item>opened, closed: files whose consent date, closing date falls in the period;</item>
/// <item>median duration: calendar days from the consent to the closure, over the files closed in the period
/// (the median of an even count is the mean of the two middle values);</item>
/// <item>goals reached: goals marked reached on a day of the period;</item>
/// <item>rights opened: rights marked "ouvert" whose opening date falls in the period and not before the consent
/// (a right the person already had is not counted);</item>
/// <item>non-take-up found: rights marked "non recours" whose check date falls in the period.</item>
/// </list>
/// By sector (the household's residence), by referent (a file with two referents counts for both, so these lines do
/// not add up to the total), and, for the rights, by right. Only the files of the Responsable's scope are counted.
/// </summary>
public static class AccompanimentStatistics
{
    public const string NoSector = "Sans secteur (ménage sans logement)";
    public const string NoReferent = "Sans référent·e";
    public const string RightGroup = "Droit";

    public sealed record FileFact(Guid Id, string? SectorName, DateOnly OpenedOn, DateOnly? ClosedOn, IReadOnlyList<string> Referents);

    public sealed record DatedFact(Guid FileId, DateOnly On, string? Right = null);

    public sealed record Facts(List<FileFact> Files, List<DatedFact> GoalsReached, List<DatedFact> RightsOpened, List<DatedFact> NonTakeUp, List<string> RightNames);

    public sealed record Report(DateOnly From, DateOnly To, StatRow Total, List<StatRow> BySector, List<StatRow> ByReferent, List<StatRow> ByRight)
    {
        public IEnumerable<StatRow> All => [Total, .. BySector, .. ByReferent, .. ByRight];
    }

    public static async Task<Facts> LoadAsync(RelaisDbContext db, AccompanimentAccess access, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var files = access.Visible().AsNoTracking().Where(a => a.ConsentDate <= to && (a.ClosedOn == null || a.ClosedOn >= from));
        var rows = await files
            .Select(a => new
            {
                a.Id, a.ConsentDate, a.ClosedOn,
                Sector = a.Household!.Dwelling != null ? a.Household.Dwelling.Building!.Residence!.Sector!.Name : null,
            })
            .ToListAsync(ct);
        var org = access.OrganisationId;
        var referents = await db.AccompanimentReferents.AsNoTracking()
            .Where(r => files.Any(a => a.Id == r.AccompanimentId))
            .Join(db.Users.Where(u => u.OrganisationId == org), r => r.UserId, u => u.Id, (r, u) => new { r.AccompanimentId, u.DisplayName })
            .ToListAsync(ct);
        var byFile = referents.ToLookup(r => r.AccompanimentId, r => r.DisplayName);
        var goals = await db.AccompanimentGoals.AsNoTracking()
            .Where(g => g.Status == GoalStatus.Reached && g.StatusOn >= from && g.StatusOn <= to && files.Any(a => a.Id == g.AccompanimentId))
            .Select(g => new DatedFact(g.AccompanimentId, g.StatusOn!.Value, null))
            .ToListAsync(ct);
        var opened = await db.AccompanimentRights.AsNoTracking()
            .Where(r => r.Status == RightStatus.Open && r.OpenedOn >= from && r.OpenedOn <= to)
            .Where(r => files.Any(a => a.Id == r.AccompanimentId && a.ConsentDate <= r.OpenedOn))
            .Select(r => new DatedFact(r.AccompanimentId, r.OpenedOn!.Value, r.RightKind!.Name))
            .ToListAsync(ct);
        var notClaimed = await db.AccompanimentRights.AsNoTracking()
            .Where(r => r.Status == RightStatus.NotClaimed && r.CheckedOn >= from && r.CheckedOn <= to && files.Any(a => a.Id == r.AccompanimentId))
            .Select(r => new DatedFact(r.AccompanimentId, r.CheckedOn, r.RightKind!.Name))
            .ToListAsync(ct);
        var catalogue = await RightsCatalogue.LoadAsync(db, ct);
        return new Facts(
            rows.Select(r => new FileFact(r.Id, r.Sector, r.ConsentDate, r.ClosedOn, byFile[r.Id].ToList())).ToList(),
            goals, opened, notClaimed, catalogue.Select(k => k.Name).ToList());
    }

    public static Report Compute(Facts facts, DateOnly from, DateOnly to)
    {
        var total = Summarise("Ensemble", "Tous les accompagnements", facts.Files, facts, from, to);
        var bySector = facts.Files.GroupBy(f => f.SectorName)
            .OrderBy(g => g.Key is null ? 1 : 0).ThenBy(g => g.Key ?? "", FrenchText.Comparer)
            .Select(g => Summarise("Secteur", g.Key ?? NoSector, g.ToList(), facts, from, to))
            .ToList();
        var byReferent = facts.Files
            .SelectMany(f => f.Referents.Count == 0 ? [(Name: NoReferent, File: f)] : f.Referents.Select(r => (Name: r, File: f)))
            .GroupBy(x => x.Name)
            .OrderBy(g => g.Key == NoReferent ? 1 : 0).ThenBy(g => g.Key, FrenchText.Comparer)
            .Select(g => Summarise("Référent·e", g.Key, g.Select(x => x.File).ToList(), facts, from, to))
            .ToList();
        var byRight = facts.RightNames
            .Select(name => new StatRow(RightGroup, name, 0, 0, 0, null, 0,
                facts.RightsOpened.Count(r => r.Right == name), facts.NonTakeUp.Count(r => r.Right == name)))
            .ToList();
        return new Report(from, to, total, bySector, byReferent, byRight);
    }

    private static StatRow Summarise(string group, string label, IReadOnlyCollection<FileFact> files, Facts facts, DateOnly from, DateOnly to)
    {
        var ids = files.Select(f => f.Id).ToHashSet();
        var closed = files.Where(f => f.ClosedOn is { } c && c >= from && c <= to).ToList();
        return new StatRow(group, label,
            OpenAtEnd: files.Count(f => f.OpenedOn <= to && (f.ClosedOn is null || f.ClosedOn > to)),
            Opened: files.Count(f => f.OpenedOn >= from && f.OpenedOn <= to),
            Closed: closed.Count,
            MedianDays: OutreachStatistics.Median(closed.Select(f => (double)(f.ClosedOn!.Value.DayNumber - f.OpenedOn.DayNumber)).ToList()),
            GoalsReached: facts.GoalsReached.Count(g => ids.Contains(g.FileId)),
            RightsOpened: facts.RightsOpened.Count(r => ids.Contains(r.FileId)),
            NonTakeUp: facts.NonTakeUp.Count(r => ids.Contains(r.FileId)));
    }

    public static string[] Columns(DateOnly to) =>
    [
        "Regroupement", "Libellé", $"En cours au {to.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}", "Ouverts sur la période", "Clos sur la période",
        "Durée médiane des accompagnements clos (jours)", "Objectifs atteints", "Droits ouverts", "Non-recours repérés",
    ];

    /// <summary>
    /// The CSV that Excel opens right in France, as the other exports of Relais: UTF-8 with a byte-order mark, ';' between
    /// fields, decimal comma, CRLF line ends; text that a spreadsheet would take for a formula is neutralised.
    /// </summary>
    public static byte[] Csv(Report report)
    {
        var text = new StringBuilder();
        text.Append(string.Join(';', Columns(report.To).Select(Field))).Append("\r\n");
        foreach (var row in report.All)
        {
            string N(int value) => value.ToString(OutreachFormat.French);
            string[] cells = row.RightsOnly
                ? [row.Group, row.Label, "", "", "", "", "", N(row.RightsOpened), N(row.NonTakeUp)]
                : [row.Group, row.Label, N(row.OpenAtEnd), N(row.Opened), N(row.Closed), row.MedianText, N(row.GoalsReached), N(row.RightsOpened), N(row.NonTakeUp)];
            text.Append(string.Join(';', cells.Select(Field))).Append("\r\n");
        }

        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())];
    }

    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0]) && !double.TryParse(value, NumberStyles.Any, OutreachFormat.French, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}

/// <summary>A horizontal bar chart drawn on the server as SVG (no script: the CSP allows none inline), with its figures in words.</summary>
public sealed record BarChart(string Id, string Title, IReadOnlyList<(string Label, int Value)> Bars)
{
    public const int Width = 640;
    public const int LabelHeight = 18;
    public const int BarHeight = 16;
    public const int RowHeight = LabelHeight + BarHeight + 10;
    public const int BarMax = 560;

    public int Height => Math.Max(1, Bars.Count) * RowHeight;
    public int Max => Math.Max(1, Bars.Count == 0 ? 0 : Bars.Max(b => b.Value));

    /// <summary>The bar's length: proportional to the value, at least a sliver for a non-zero value.</summary>
    public int Length(int value) => value == 0 ? 0 : Math.Max(2, (int)Math.Round(value * (double)BarMax / Max));

    public string Description => string.Join(" ; ", Bars.Select(b => $"{b.Label} : {b.Value}"));
}
