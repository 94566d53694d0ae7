using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Arrears;
using Relais.Features.Signals;
using Relais.Features.Users;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Programmes;

/// <summary>Where a member's repayment plan stands, for the group dashboard.</summary>
public enum PlanProgress
{
    NoPlan = 0,
    /// <summary>Instalments due so far were paid (the last judged one respected), or the plan was paid off.</summary>
    Respected = 1,
    /// <summary>The last judged instalment was missed, or the plan lapsed.</summary>
    NotRespected = 2,
    /// <summary>A plan whose first instalment is not judged yet.</summary>
    Pending = 3,
}

/// <summary>One member of the group and their progress since they joined it.</summary>
public sealed record MemberProgress(
    Guid MemberId,
    string Name,
    MemberRole Role,
    DateOnly JoinedOn,
    DateOnly? LeftOn,
    bool Consented,
    /// <summary>The linked accompaniment, when the caller may read it; null: not linked, or not readable by the caller.</summary>
    Guid? AccompanimentId,
    Guid HouseholdId,
    bool Linked,
    decimal? DebtAtEntry,
    DateOnly? EntryMonth,
    decimal? DebtNow,
    DateOnly? NowMonth,
    PlanProgress Plan,
    int InstalmentsRespected,
    int InstalmentsMissed,
    int RightsOpened,
    int GoalsReached,
    int SessionsTaken,
    int SessionsPresent)
{
    /// <summary>Present over sessions whose attendance was taken; null when none was.</summary>
    public decimal? AttendanceRate => SessionsTaken == 0 ? null : (decimal)SessionsPresent / SessionsTaken;

    public bool Readable => AccompanimentId is not null;
}

/// <summary>One month of the group's trajectory.</summary>
public sealed record GroupMonth(DateOnly Month, decimal TotalDebt, int MembersWithLedger, int MembersWithPlanRespected, int MembersWithInstalmentDue);

/// <summary>
/// The group dashboard of a programme ("accompagnement collectif individualisé"): each member's progress since entry,
/// read from their individual accompaniment (only those the caller may read, <see cref="AccompanimentAccess"/>), and
/// the group's aggregate trajectory month by month. A fixed number of queries for the whole group, whatever its size:
/// members with their rights and goals counted (1), attendance grouped by member (1), plans and instalments flat,
/// through the project's members (1), the members' ledger months on the ledger key (1). No per-member round trip.
/// </summary>
public sealed class ProgrammeDashboard
{
    /// <summary>How many months the trajectory shows at most (the latest ones).</summary>
    public const int MaxMonths = 36;

    public required Guid ProjectId { get; init; }
    public required string Title { get; init; }
    public required ProjectSensitivity Sensitivity { get; init; }
    public required bool WithAmounts { get; init; }
    public required IReadOnlyList<MemberProgress> Members { get; init; }

    /// <summary>Oldest month first.</summary>
    public required IReadOnlyList<GroupMonth> Months { get; init; }

    public IEnumerable<MemberProgress> Readable => Members.Where(m => m.Readable);

    public static async Task<ProgrammeDashboard> LoadAsync(RelaisDbContext db, AccompanimentAccess files, Guid projectId, string title,
        ProjectSensitivity sensitivity, bool withAmounts, OutreachSettings settings, DateOnly today, CancellationToken ct)
    {
        var readable = files.Visible();
        var rows = await (
                from m in db.ProjectMembers.AsNoTracking()
                where m.ProjectId == projectId && m.Kind == MemberKind.Resident
                join p in db.Persons on m.PersonId equals p.Id
                // The member's file when the caller reads it, as a join on its key: as EXISTS, PostgreSQL hashed every file
                // of the organisation for each dashboard.
                from a in readable.Where(a => a.Id == m.AccompanimentId && a.PersonId == m.PersonId).Select(a => (Guid?)a.Id).DefaultIfEmpty()
                select new
                {
                    m.Id,
                    m.Role,
                    m.JoinedOn,
                    m.LeftOn,
                    m.MembershipSharedOn,
                    m.AccompanimentId,
                    p.FirstName,
                    p.LastName,
                    p.HouseholdId,
                    Readable = a != null,
                    Rights = db.AccompanimentRights.Count(r => r.AccompanimentId == m.AccompanimentId && r.Status == RightStatus.Open && r.OpenedOn >= m.JoinedOn),
                    Goals = db.AccompanimentGoals.Count(g => g.AccompanimentId == m.AccompanimentId && g.Status == GoalStatus.Reached && g.StatusOn >= m.JoinedOn),
                })
            .ToListAsync(ct);

        var attendance = (await (
                    from s in db.ProjectSessions.AsNoTracking()
                    where s.ProjectId == projectId && !s.Cancelled
                    join a in db.SessionAttendances on s.Id equals a.SessionId
                    group a by a.MemberId
                    into g
                    select new
                    {
                        MemberId = g.Key,
                        Taken = g.Count(x => x.Status != AttendanceStatus.Invited),
                        Present = g.Count(x => x.Status == AttendanceStatus.Present),
                    })
                .ToListAsync(ct))
            .ToDictionary(a => a.MemberId);

        var linked = rows.Where(r => r.Readable).ToList();
        var fileIds = linked.Select(r => r.AccompanimentId!.Value).Distinct().ToList();

        // The plans and instalments of the files the caller reads, in one flat query, by the files' ids (through the
        // members as a subquery, PostgreSQL scanned every plan of the organisation).
        var instalmentRows = linked.Count == 0
            ? []
            : await (
                    from p in db.RepaymentPlans.AsNoTracking()
                    where fileIds.Contains(p.AccompanimentId)
                    join i in db.RepaymentInstalments on p.Id equals i.PlanId into inst
                    from i in inst.DefaultIfEmpty()
                    select new
                    {
                        p.Id, p.AccompanimentId, p.Status, p.AgreedOn, p.TotalDebt,
                        InstalmentId = (Guid?)i!.Id, Number = (int?)i.Number, DueOn = (DateOnly?)i.DueOn, Month = (DateOnly?)i.Month,
                        Amount = (decimal?)i.Amount, i.Verdict,
                    })
                .ToListAsync(ct);
        var plans = instalmentRows.GroupBy(r => r.Id)
            .Select(g =>
            {
                var f = g.First();
                var plan = new RepaymentPlan { Id = f.Id, AccompanimentId = f.AccompanimentId, Status = f.Status, AgreedOn = f.AgreedOn, TotalDebt = f.TotalDebt };
                plan.Instalments.AddRange(g.Where(r => r.InstalmentId is not null).Select(r => new RepaymentInstalment
                {
                    Id = r.InstalmentId!.Value, PlanId = f.Id, Number = r.Number!.Value, DueOn = r.DueOn!.Value, Month = r.Month!.Value, Amount = r.Amount!.Value, Verdict = r.Verdict,
                }));
                return plan;
            })
            .ToList();

        var firstEntry = linked.Count == 0 ? today : linked.Min(r => r.JoinedOn);
        var since = FirstOfMonth(plans.SelectMany(p => p.Instalments).Select(i => i.Month).Append(FirstOfMonth(firstEntry)).Min());
        // The ledger months of the members' households whose file the caller reads, on the ledger key.
        var householdIds = linked.Select(r => r.HouseholdId).Distinct().ToList();
        var ledger = householdIds.Count == 0
            ? []
            : await db.RentLedgerLines.AsNoTracking()
                .Where(l => householdIds.Contains(l.HouseholdId) && l.Month >= since)
                .Select(l => new { l.HouseholdId, l.Month, l.Billed, l.Paid, l.HousingBenefit, l.Balance })
                .ToListAsync(ct);
        var ledgerByHousehold = ledger.GroupBy(l => l.HouseholdId)
            .ToDictionary(g => g.Key, g => g.ToDictionary(l => l.Month, l => new LedgerMonth(l.Billed, l.Paid, l.HousingBenefit, l.Balance)));
        var plansByAccompaniment = plans.ToLookup(p => p.AccompanimentId);

        var members = new List<MemberProgress>(rows.Count);
        // Per member: the months whose instalments were all respected, and the months an instalment was due.
        var dueMonths = new Dictionary<Guid, Dictionary<DateOnly, bool>>();
        foreach (var r in rows.OrderBy(r => r.LastName, FrenchText.Comparer).ThenBy(r => r.FirstName, FrenchText.Comparer))
        {
            var name = $"{r.FirstName} {r.LastName.ToUpperInvariant()}";
            attendance.TryGetValue(r.Id, out var att);
            if (!r.Readable)
            {
                members.Add(new MemberProgress(r.Id, name, r.Role, r.JoinedOn, r.LeftOn, r.MembershipSharedOn is not null, null, r.HouseholdId,
                    r.AccompanimentId is not null, null, null, null, null, PlanProgress.NoPlan, 0, 0, 0, 0, att?.Taken ?? 0, att?.Present ?? 0));
                continue;
            }

            var months = ledgerByHousehold.GetValueOrDefault(r.HouseholdId) ?? [];
            var entryMonth = FirstOfMonth(r.JoinedOn);
            var atEntry = months.Where(l => l.Key <= entryMonth).OrderByDescending(l => l.Key).Select(l => (KeyValuePair<DateOnly, LedgerMonth>?)l).FirstOrDefault()
                ?? months.OrderBy(l => l.Key).Select(l => (KeyValuePair<DateOnly, LedgerMonth>?)l).FirstOrDefault();
            var latest = months.Count == 0 ? (KeyValuePair<DateOnly, LedgerMonth>?)null : months.MaxBy(l => l.Key);

            var states = plansByAccompaniment[r.AccompanimentId!.Value]
                .Select(p => ArrearsRules.Evaluate(p, p.Instalments, months, today, settings))
                .ToList();
            var due = new Dictionary<DateOnly, bool>();
            foreach (var check in states.SelectMany(s => s.Instalments).Where(i => i.Judged))
            {
                var ok = check.Effective == InstalmentState.Respected;
                due[check.Instalment.Month] = due.TryGetValue(check.Instalment.Month, out var before) ? before && ok : ok;
            }

            dueMonths[r.Id] = due;
            var current = states.OrderBy(s => s.Plan.Status == PlanStatus.Active ? 0 : 1).ThenByDescending(s => s.Plan.AgreedOn).FirstOrDefault();
            members.Add(new MemberProgress(r.Id, name, r.Role, r.JoinedOn, r.LeftOn, r.MembershipSharedOn is not null, r.AccompanimentId, r.HouseholdId, true,
                atEntry?.Value.Balance, atEntry?.Key, latest?.Value.Balance, latest?.Key, Progress(current),
                current?.Respected ?? 0, current?.Missed ?? 0, r.Rights, r.Goals, att?.Taken ?? 0, att?.Present ?? 0));
        }

        return new ProgrammeDashboard
        {
            ProjectId = projectId,
            Title = title,
            Sensitivity = sensitivity,
            WithAmounts = withAmounts,
            Members = members,
            Months = Trajectory(members.Where(m => m.Readable).ToList(), ledgerByHousehold, dueMonths, FirstOfMonth(firstEntry), FirstOfMonth(today)),
        };
    }

    private static PlanProgress Progress(PlanState? state)
    {
        if (state is null)
        {
            return PlanProgress.NoPlan;
        }

        if (state.Plan.Status == PlanStatus.Completed)
        {
            return PlanProgress.Respected;
        }

        if (state.Plan.Status == PlanStatus.Lapsed || state.MissedRun > 0)
        {
            return PlanProgress.NotRespected;
        }

        return state.Instalments.Any(i => i.Judged) ? PlanProgress.Respected : PlanProgress.Pending;
    }

    /// <summary>Month by month from the first entry: the debt of the members in the group that month, and how many had their instalments respected.</summary>
    private static List<GroupMonth> Trajectory(List<MemberProgress> members, Dictionary<Guid, Dictionary<DateOnly, LedgerMonth>> ledger,
        Dictionary<Guid, Dictionary<DateOnly, bool>> due, DateOnly first, DateOnly thisMonth)
    {
        var last = ledger.Values.SelectMany(l => l.Keys).Where(m => m >= first).DefaultIfEmpty(first).Max();
        if (last > thisMonth)
        {
            last = thisMonth;
        }

        if (last.AddMonths(1 - MaxMonths) > first)
        {
            first = last.AddMonths(1 - MaxMonths);
        }

        var result = new List<GroupMonth>();
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            decimal total = 0;
            int withLedger = 0, respected = 0, withDue = 0;
            foreach (var m in members)
            {
                var inGroup = FirstOfMonth(m.JoinedOn) <= month && (m.LeftOn is not { } left || left >= month);
                if (!inGroup)
                {
                    continue;
                }

                if (ledger.TryGetValue(m.HouseholdId, out var months) && months.TryGetValue(month, out var line))
                {
                    total += Math.Max(0m, line.Balance);
                    withLedger++;
                }

                if (due.TryGetValue(m.MemberId, out var d) && d.TryGetValue(month, out var ok))
                {
                    withDue++;
                    if (ok)
                    {
                        respected++;
                    }
                }
            }

            result.Add(new GroupMonth(month, total, withLedger, respected, withDue));
        }

        return result;
    }

    public static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    // ——— Presentation ———

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public string Debt(decimal? amount) => amount is not { } a ? "—" : WithAmounts ? SignalText.Euros(Math.Max(0m, a)) : "masqué";

    public static string Rate(decimal? rate) => rate is { } r ? (r * 100).ToString("0", French) + "\u00a0%" : "—";

    public static string PlanText(MemberProgress m) => m.Plan switch
    {
        PlanProgress.Respected => $"Respecté ({m.InstalmentsRespected} échéance{(m.InstalmentsRespected > 1 ? "s" : "")} payée{(m.InstalmentsRespected > 1 ? "s" : "")})",
        PlanProgress.NotRespected => $"Non respecté ({m.InstalmentsMissed} échéance{(m.InstalmentsMissed > 1 ? "s" : "")} manquée{(m.InstalmentsMissed > 1 ? "s" : "")})",
        PlanProgress.Pending => "En cours, aucune échéance jugée",
        _ => "Aucun plan",
    };

    /// <summary>The group's trajectory as CSV (French Excel: semicolons, BOM); amounts only for those who see them.</summary>
    public byte[] TrajectoryCsv()
    {
        var text = new StringBuilder();
        text.Append(WithAmounts
            ? "Mois;Dette totale (€);Membres au quittancement;Membres avec une échéance due;Membres ayant respecté leur plan\r\n"
            : "Mois;Membres au quittancement;Membres avec une échéance due;Membres ayant respecté leur plan\r\n");
        foreach (var m in Months)
        {
            var month = m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            text.Append(month).Append(';');
            if (WithAmounts)
            {
                text.Append(m.TotalDebt.ToString("0.00", French)).Append(';');
            }

            text.Append(m.MembersWithLedger.ToString(CultureInfo.InvariantCulture)).Append(';')
                .Append(m.MembersWithInstalmentDue.ToString(CultureInfo.InvariantCulture)).Append(';')
                .Append(m.MembersWithPlanRespected.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())];
    }

    // Chart geometry (viewBox units), as the debt history of a file draws it.
    public const int Width = 720;
    public const int Height = 240;
    public const int Left = 72;
    public const int Right = 8;
    public const int Top = 12;
    public const int Bottom = 36;
    public static int PlotHeight => Height - Top - Bottom;
    public static int BaseLine => Top + PlotHeight;
    private double Slot => Months.Count == 0 ? 0 : (double)(Width - Left - Right) / Months.Count;

    public double X(int index) => Left + (Slot * index) + (Slot / 2);

    public static double Y(decimal value, decimal max) => max <= 0 ? BaseLine : BaseLine - ((double)(value / max) * PlotHeight);

    public decimal DebtMax => Nice(Months.Select(m => m.TotalDebt).DefaultIfEmpty(0m).Max());

    public decimal CountMax => Math.Max(1, Months.Select(m => m.MembersWithInstalmentDue).DefaultIfEmpty(0).Max());

    public string DebtPoints() => string.Join(' ', Months.Select((m, i) => $"{Fmt(X(i))},{Fmt(Y(m.TotalDebt, DebtMax))}"));

    public double BarWidth => Slot * 0.6;

    /// <summary>At most 12 month labels along the axis ("janv. 26").</summary>
    public IEnumerable<(double X, string Label)> MonthLabels()
    {
        var step = Math.Max(1, (int)Math.Ceiling(Months.Count / 12.0));
        for (var i = 0; i < Months.Count; i += step)
        {
            yield return (X(i), Months[i].Month.ToString("MMM yy", French));
        }
    }

    public static string Fmt(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public string Description()
    {
        if (Months.Count == 0)
        {
            return "Aucun mois de quittancement pour les membres du groupe.";
        }

        var a = Months[0];
        var b = Months[^1];
        var debt = WithAmounts ? $"La dette totale des membres passe de {SignalText.Euros(a.TotalDebt)} en {SignalText.Month(a.Month)} à {SignalText.Euros(b.TotalDebt)} en {SignalText.Month(b.Month)}. " : "";
        return debt + $"En {SignalText.Month(b.Month)}, {b.MembersWithPlanRespected} membre(s) sur {b.MembersWithInstalmentDue} ayant une échéance due l’ont respectée. Les chiffres sont dans le tableau qui suit.";
    }

    private static decimal Nice(decimal max)
    {
        if (max <= 0)
        {
            return 1m;
        }

        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)max)));
        foreach (var f in new[] { 1m, 2m, 2.5m, 5m, 10m })
        {
            if (f * magnitude >= max)
            {
                return f * magnitude;
            }
        }

        return 10m * magnitude;
    }
}
