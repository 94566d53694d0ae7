using System.Runtime.CompilerServices;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Arrears;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

/// <summary>Arranges repayment plans, FSL requests, over-indebtedness files and eviction stages for the arrears tests.</summary>
internal static class ArrearsKit
{
    /// <summary>The first day of the month <paramref name="monthsAgo"/> months before this one.</summary>
    public static DateOnly MonthAgo(int monthsAgo)
    {
        var today = FileKit.Today;
        return new DateOnly(today.Year, today.Month, 1).AddMonths(-monthsAgo);
    }

    /// <summary>A plan in progress with the given instalments (due date, amount), its total their sum.</summary>
    public static async Task<RepaymentPlan> PlanAsync(World w, Guid accompanimentId, params (DateOnly Due, decimal Amount)[] instalments)
    {
        var plan = new RepaymentPlan
        {
            AccompanimentId = accompanimentId,
            TotalDebt = instalments.Sum(i => i.Amount),
            StartMonth = new DateOnly(instalments[0].Due.Year, instalments[0].Due.Month, 1),
            AgreedWith = PlanCounterparty.Landlord,
            AgreedWithDetail = "service contentieux",
            AgreedOn = instalments[0].Due.AddDays(-20),
            Status = PlanStatus.Active,
            RecordedByName = "C. Conseillère",
        };
        var number = 0;
        foreach (var (due, amount) in instalments)
        {
            plan.Instalments.Add(new RepaymentInstalment { Number = ++number, DueOn = due, Month = new DateOnly(due.Year, due.Month, 1), Amount = amount });
        }

        return await FileKit.AddAsync(w, plan);
    }

    /// <summary>Monthly instalments of <paramref name="amount"/> due on the 10th of the months <paramref name="monthsAgo"/> months ago.</summary>
    public static Task<RepaymentPlan> MonthlyPlanAsync(World w, Guid accompanimentId, decimal amount, params int[] monthsAgo) =>
        PlanAsync(w, accompanimentId, monthsAgo.Select(m => (MonthAgo(m).AddDays(9), amount)).ToArray());

    public static Task<EvictionStep> StepAsync(World w, Guid accompanimentId, EvictionStage stage, DateOnly on, string? note = null, DateOnly? next = null) =>
        FileKit.AddAsync(w, new EvictionStep { AccompanimentId = accompanimentId, Stage = stage, On = on, Note = note, NextOn = next, RecordedByName = "C. Conseillère" });

    public static Task<FslRequest> FslAsync(World w, Guid accompanimentId, DateOnly filedOn, decimal requested, FslDecision decision = FslDecision.Pending,
        DateOnly? decisionOn = null, decimal? granted = null) =>
        FileKit.AddAsync(w, new FslRequest
        {
            AccompanimentId = accompanimentId,
            Purpose = FslPurpose.Maintenance,
            FiledOn = filedOn,
            AmountRequested = requested,
            Decision = decision,
            DecisionOn = decisionOn,
            AmountGranted = granted,
        });

    public static Dictionary<string, string> PlanFields(string total, string start, string mode, string? amount = null, string? count = null, string? schedule = null,
        string dueDay = "10") => new()
        {
            ["Input.TotalDebt"] = total,
            ["Input.StartMonth"] = start,
            ["Input.Mode"] = mode,
            ["Input.InstalmentAmount"] = amount ?? "",
            ["Input.InstalmentCount"] = count ?? "",
            ["Input.DueDay"] = dueDay,
            ["Input.Schedule"] = schedule ?? "",
            ["Input.AgreedWith"] = nameof(PlanCounterparty.Landlord),
            ["Input.AgreedWithDetail"] = "",
            ["Input.AgreedOn"] = FileKit.Iso(FileKit.Today),
            ["Input.Note"] = "",
            ["Input.Version"] = "0",
        };
}

/// <summary>For CrossOrganisationTests: a file of the South lease holder with one item of each arrears kind.</summary>
internal sealed record ArrearsIds(Guid AccompanimentId, Guid PlanId, Guid InstalmentId, Guid FslId, Guid OverIndebtednessId, Guid StepId)
{
    private static readonly ConditionalWeakTable<World, ArrearsIds> Arranged = new();

    public static async Task ArrangeAsync(World w)
    {
        var a = await FileKit.OpenAsync(w, w.SouthHousehold.Id, w.SouthHolder.Id, referents: [Role.Manager, Role.SocialWorker]);
        var plan = await ArrearsKit.MonthlyPlanAsync(w, a.Id, 100m, 2, 1);
        var fsl = await ArrearsKit.FslAsync(w, a.Id, FileKit.Today.AddDays(-20), 800m);
        var file = await FileKit.AddAsync(w, new OverIndebtednessFile { AccompanimentId = a.Id, FiledOn = FileKit.Today.AddDays(-40), Status = OverIndebtednessStatus.Filed });
        var step = await ArrearsKit.StepAsync(w, a.Id, EvictionStage.PaymentOrder, FileKit.Today.AddDays(-10));
        Arranged.AddOrUpdate(w, new ArrearsIds(a.Id, plan.Id, plan.Instalments[0].Id, fsl.Id, file.Id, step.Id));
    }

    public static ArrearsIds Of(World w) => Arranged.TryGetValue(w, out var ids)
        ? ids
        : throw new InvalidOperationException("Call ArrearsIds.ArrangeAsync(world) first.");
}
