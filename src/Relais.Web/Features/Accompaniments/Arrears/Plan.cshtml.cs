using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Outreach;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>
/// Records a repayment plan (total debt, first month, equal instalments or one by one, who agreed to it and when), or
/// updates a plan's agreement, status and note. The schedule is fixed once recorded: a renegotiated plan is a new plan,
/// the previous one marked "remplacé".
/// </summary>
public sealed partial class PlanModel(RelaisDbContext db, AccompanimentAccess access) : ArrearsFormPageModel(access)
{
    public const string Equal = "Equal";
    public const string Detailed = "Detailed";

    [BindProperty] public PlanInput Input { get; set; } = new();

    public Guid? PlanId { get; private set; }

    /// <summary>The plan being edited (its schedule is shown, not edited).</summary>
    public RepaymentPlan? Plan { get; private set; }

    /// <summary>After a lost race: the version stored now.</summary>
    public RepaymentPlan? Current { get; private set; }

    public sealed class PlanInput
    {
        public string? TotalDebt { get; set; }
        public string? StartMonth { get; set; }
        public string? Mode { get; set; }
        public string? InstalmentAmount { get; set; }
        public string? InstalmentCount { get; set; }
        public string? DueDay { get; set; }
        public string? Schedule { get; set; }
        public string? AgreedWith { get; set; }
        public string? AgreedWithDetail { get; set; }
        public string? AgreedOn { get; set; }
        public string? Status { get; set; }
        public string? EndedOn { get; set; }
        public string? Note { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? planId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        var next = Today.AddMonths(1);
        Input = new PlanInput
        {
            StartMonth = $"{next:yyyy-MM}",
            Mode = Equal,
            DueDay = "10",
            AgreedOn = TodayIso,
            AgreedWith = nameof(PlanCounterparty.Landlord),
            Status = nameof(PlanStatus.Active),
        };
        if (planId is { } pid)
        {
            var plan = await FindAsync(id, pid, ct);
            if (plan is null)
            {
                return NotFound();
            }

            Input = From(plan);
        }

        return ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? planId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        var plan = planId is { } pid ? await FindAsync(id, pid, ct) : null;
        if (planId is not null && plan is null)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        var agreedWith = check.Choice<PlanCounterparty>("Input.AgreedWith", Input.AgreedWith, "avec qui le plan a été convenu");
        var detail = check.Text("Input.AgreedWithDetail", Input.AgreedWithDetail, "la précision sur l’interlocuteur", 160, required: agreedWith == PlanCounterparty.Other);
        var agreedOn = check.Date("Input.AgreedOn", Input.AgreedOn, "la date de l’accord", required: true, future: false);
        var note = check.Text("Input.Note", Input.Note, "la note", 1000, required: false);
        var others = db.RepaymentPlans.Where(p => p.AccompanimentId == id && p.Status == PlanStatus.Active && (plan == null || p.Id != plan.Id));

        if (plan is null)
        {
            var schedule = ReadSchedule(check);
            if (await others.AnyAsync(ct))
            {
                check.Fail("", "Un plan d’apurement est déjà en cours : indiquez d’abord qu’il est soldé, caduc ou remplacé, puis enregistrez le nouveau.");
            }

            if (!check.Ok)
            {
                return Page();
            }

            plan = new RepaymentPlan
            {
                AccompanimentId = id,
                TotalDebt = schedule!.Value.Total,
                StartMonth = schedule.Value.Start,
                Status = PlanStatus.Active,
                RecordedByUserId = Access.UserId,
                RecordedByName = Access.UserName,
            };
            var number = 0;
            foreach (var (due, amount) in schedule.Value.Instalments)
            {
                plan.Instalments.Add(new RepaymentInstalment { Number = ++number, DueOn = due, Month = new DateOnly(due.Year, due.Month, 1), Amount = amount });
            }

            db.RepaymentPlans.Add(plan);
        }
        else
        {
            var status = check.Choice<PlanStatus>("Input.Status", Input.Status, "où en est le plan");
            DateOnly? ended = null;
            if (status is { } s && s != PlanStatus.Active)
            {
                ended = check.Date("Input.EndedOn", Input.EndedOn, "la date de fin du plan", required: true, future: false);
                if (ended is { } e && agreedOn is { } a && e < a)
                {
                    check.Fail("Input.EndedOn", "La date de fin du plan ne peut pas précéder la date de l’accord.");
                }
            }
            else if (status == PlanStatus.Active && await others.AnyAsync(ct))
            {
                check.Fail("Input.Status", "Un autre plan d’apurement est déjà en cours : un seul plan peut l’être à la fois.");
            }

            if (!check.Ok)
            {
                Plan = plan;
                return Page();
            }

            db.Entry(plan).Property(p => p.Version).OriginalValue = Input.Version;
            plan.Status = status!.Value;
            plan.EndedOn = ended;
        }

        plan.AgreedWith = agreedWith!.Value;
        plan.AgreedWithDetail = detail;
        plan.AgreedOn = agreedOn!.Value;
        plan.Note = note;
        if (!await TrySaveAsync(db, ct))
        {
            Current = await FindAsync(id, planId!.Value, ct);
            if (Current is null)
            {
                return NotFound();
            }

            Plan = Current;
            Input.Version = Current.Version;
            return ConflictResult();
        }

        return BackToArrears(planId is null ? "Le plan d’apurement a été enregistré." : "Le plan d’apurement a été modifié.", $"plan-{plan.Id}");
    }

    private readonly record struct Schedule(decimal Total, DateOnly Start, List<(DateOnly Due, decimal Amount)> Instalments);

    /// <summary>The total, the first month and the instalments, checked: positive amounts, in the plan's months, adding up to the debt.</summary>
    private Schedule? ReadSchedule(FormCheck check)
    {
        var total = check.Amount("Input.TotalDebt", Input.TotalDebt, "le montant total de la dette");
        var start = check.Month("Input.StartMonth", Input.StartMonth, "le premier mois du plan");
        var mode = Input.Mode is Equal or Detailed ? Input.Mode : null;
        if (mode is null)
        {
            check.Fail("Input.Mode", "Choisissez comment les échéances sont fixées.");
            return null;
        }

        var instalments = new List<(DateOnly Due, decimal Amount)>();
        if (mode == Equal)
        {
            var amount = check.Amount("Input.InstalmentAmount", Input.InstalmentAmount, "le montant d’une échéance");
            var count = check.Whole("Input.InstalmentCount", Input.InstalmentCount, "le nombre d’échéances", 1, ArrearsRules.MaxInstalments);
            var day = check.Whole("Input.DueDay", Input.DueDay, "le jour d’échéance dans le mois", 1, 28);
            if (total is not { } t || start is not { } s || amount is not { } a || count is not { } n || day is not { } d)
            {
                return null;
            }

            var sum = a * n;
            if (sum != t)
            {
                var last = t - (a * (n - 1));
                var hint = last > 0 && n > 1
                    ? $" Par exemple {n - 1} échéances de {ArrearsRules.Euros(a)} et une dernière de {ArrearsRules.Euros(last)} : choisissez « Échéance par échéance » pour les saisir."
                    : " Ajustez le montant ou le nombre d’échéances.";
                check.Fail("Input.InstalmentAmount",
                    $"Les échéances ne couvrent pas exactement la dette : {n} × {ArrearsRules.Euros(a)} = {ArrearsRules.Euros(sum)}, pour une dette de {ArrearsRules.Euros(t)} "
                    + $"(écart de {ArrearsRules.Euros(Math.Abs(t - sum))}).{hint}");
                return null;
            }

            for (var k = 0; k < n; k++)
            {
                instalments.Add((new DateOnly(s.Year, s.Month, d).AddMonths(k), a));
            }

            return new Schedule(t, s, instalments);
        }

        var lines = (Input.Schedule ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var errors = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var match = ScheduleLine().Match(text);
            var due = match.Success ? CampaignInput.ParseDate(match.Groups[1].Value) : null;
            var amount = match.Success ? ArrearsRules.ParseAmount(match.Groups[2].Value) : null;
            string? error = null;
            if (due is null || amount is null)
            {
                error = $"Ligne {i + 1} : « {text} » ne se lit pas comme « date ; montant » (par exemple 10/09/2026 ; 150).";
            }
            else if (amount <= 0)
            {
                error = $"Ligne {i + 1} : le montant de l’échéance doit être supérieur à zéro.";
            }
            else if (decimal.Round(amount.Value, 2) != amount.Value || amount > ArrearsRules.MaxAmount)
            {
                error = $"Ligne {i + 1} : le montant de l’échéance s’écrit en euros et centimes (deux décimales au plus).";
            }
            else if (start is { } s && due < s)
            {
                error = $"Ligne {i + 1} : l’échéance du {FileFormat.Date(due.Value)} précède le début du plan ({ArrearsRules.Month(s)}).";
            }
            else if (instalments.Count > 0 && due <= instalments[^1].Due)
            {
                error = $"Ligne {i + 1} : les échéances se suivent dans l’ordre des dates, une par mois au plus ; le {FileFormat.Date(due.Value)} "
                    + $"ne vient pas après le {FileFormat.Date(instalments[^1].Due)}.";
            }
            else if (instalments.Count > 0 && due.Value.Year == instalments[^1].Due.Year && due.Value.Month == instalments[^1].Due.Month)
            {
                error = $"Ligne {i + 1} : deux échéances tombent en {ArrearsRules.Month(due.Value)} ; une par mois au plus, regroupez-les.";
            }

            if (error is not null)
            {
                if (errors++ < 5)
                {
                    check.Fail("Input.Schedule", error);
                }

                continue;
            }

            instalments.Add((due!.Value, amount!.Value));
        }

        if (errors > 0 || total is not { } total2 || start is not { } start2)
        {
            return null;
        }

        if (instalments.Count == 0)
        {
            check.Fail("Input.Schedule", "Indiquez les échéances, une par ligne : date ; montant.");
            return null;
        }

        if (instalments.Count > ArrearsRules.MaxInstalments)
        {
            check.Fail("Input.Schedule", $"Un plan compte au plus {ArrearsRules.MaxInstalments} échéances (ici {instalments.Count}).");
            return null;
        }

        var sum2 = instalments.Sum(x => x.Amount);
        if (sum2 != total2)
        {
            check.Fail("Input.Schedule",
                $"Les échéances totalisent {ArrearsRules.Euros(sum2)}, pour une dette de {ArrearsRules.Euros(total2)} (écart de {ArrearsRules.Euros(Math.Abs(total2 - sum2))}) : "
                + "ensemble, elles doivent couvrir exactement la dette.");
            return null;
        }

        return new Schedule(total2, start2, instalments);
    }

    private static PlanInput From(RepaymentPlan plan) => new()
    {
        TotalDebt = ArrearsRules.Input(plan.TotalDebt),
        StartMonth = $"{plan.StartMonth:yyyy-MM}",
        AgreedWith = plan.AgreedWith.ToString(),
        AgreedWithDetail = plan.AgreedWithDetail,
        AgreedOn = FileFormat.Iso(plan.AgreedOn),
        Status = plan.Status.ToString(),
        EndedOn = FileFormat.Iso(plan.EndedOn),
        Note = plan.Note,
        Version = plan.Version,
    };

    private async Task<RepaymentPlan?> FindAsync(Guid id, Guid planId, CancellationToken ct)
    {
        PlanId = planId;
        Plan = await db.RepaymentPlans.Include(p => p.Instalments.OrderBy(i => i.Number)).FirstOrDefaultAsync(p => p.Id == planId && p.AccompanimentId == id, ct);
        return Plan;
    }

    /// <summary>"10/09/2026 ; 150", "2026-09-10;150,50", "10/09/2026 150 €".</summary>
    [GeneratedRegex(@"^(\S+?)\s*(?:[;\t]|\s)\s*(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ScheduleLine();

    /// <summary>The schedule as the edit page shows it.</summary>
    public string ScheduleText(RepaymentPlan plan) => string.Join("\n", plan.Instalments.OrderBy(i => i.Number)
        .Select(i => $"{i.DueOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} ; {ArrearsRules.Input(i.Amount)}"));
}
