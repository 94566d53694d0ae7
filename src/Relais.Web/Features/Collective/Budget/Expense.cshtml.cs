using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Collective.Budget;

/// <summary>Adds, changes or deletes an expense (project staff only).</summary>
public sealed class ExpenseModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : ProjectSectionPage(access, clock)
{
    [BindProperty] public ExpenseInput Input { get; set; } = new();

    public Guid? ExpenseId { get; private set; }

    public ProjectExpense? Current { get; private set; }

    public sealed class ExpenseInput
    {
        public string? SpentOn { get; set; }
        public string? Label { get; set; }
        public string? Category { get; set; }
        public string? Amount { get; set; }
        public int Version { get; set; }
    }

    public string BudgetUrl => $"/Collective/Budget/{Project.Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? expenseId, CancellationToken ct)
    {
        if (await LoadAsync(id, expenseId, ct) is { } refused)
        {
            return refused;
        }

        if (expenseId is { } eid)
        {
            var e = await db.ProjectExpenses.AsNoTracking().FirstAsync(x => x.Id == eid, ct);
            Input = new ExpenseInput
            {
                SpentOn = FileFormat.Iso(e.SpentOn), Label = e.Label, Category = e.Category.ToString(), Amount = BudgetRules.Input(e.Amount), Version = e.Version,
            };
        }
        else
        {
            Input = new ExpenseInput { SpentOn = FileFormat.Iso(Today) };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? expenseId, CancellationToken ct)
    {
        if (await LoadAsync(id, expenseId, ct) is { } refused)
        {
            return refused;
        }

        ModelState.Clear();
        var check = Check();
        var spentOn = check.Date("Input.SpentOn", Input.SpentOn, "la date de la dépense", required: true);
        var label = check.Text("Input.Label", Input.Label, "le libellé", ProjectExpense.LabelMaxLength, required: true);
        var category = check.Choice<ExpenseCategory>("Input.Category", Input.Category, "la catégorie");
        var amount = check.Euros("Input.Amount", Input.Amount, "le montant", required: true, positive: true);
        if (!check.Ok)
        {
            return Page();
        }

        ProjectExpense expense;
        if (expenseId is { } eid)
        {
            expense = await db.ProjectExpenses.FirstAsync(x => x.Id == eid, ct);
            db.Entry(expense).Property(x => x.Version).OriginalValue = Input.Version;
        }
        else
        {
            expense = new ProjectExpense { ProjectId = Project.Id };
            db.ProjectExpenses.Add(expense);
        }

        expense.SpentOn = spentOn!.Value;
        expense.Label = label!;
        expense.Category = category!.Value;
        expense.Amount = amount!.Value;
        if (!await TrySaveAsync(db, ct))
        {
            return await LostRaceAsync(expenseId!.Value, ct);
        }

        return Back($"{BudgetUrl}#depense-{expense.Id}", expenseId is null ? "La dépense a été ajoutée." : "La dépense a été modifiée.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid? expenseId, CancellationToken ct)
    {
        if (expenseId is null)
        {
            return NotFound();
        }

        if (await LoadAsync(id, expenseId, ct) is { } refused)
        {
            return refused;
        }

        var expense = await db.ProjectExpenses.FirstAsync(x => x.Id == expenseId, ct);
        db.Entry(expense).Property(x => x.Version).OriginalValue = Input.Version;
        db.ProjectExpenses.Remove(expense);
        if (!await TrySaveAsync(db, ct))
        {
            return await LostRaceAsync(expenseId.Value, ct);
        }

        return Back(BudgetUrl, "La dépense a été supprimée.");
    }

    private async Task<IActionResult> LostRaceAsync(Guid expenseId, CancellationToken ct)
    {
        Current = await db.ProjectExpenses.AsNoTracking().FirstOrDefaultAsync(x => x.Id == expenseId, ct);
        if (Current is null)
        {
            return NotFound();
        }

        Input.Version = Current.Version;
        return ConflictResult();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, Guid? expenseId, CancellationToken ct)
    {
        if (!await LoadProjectAsync(id, ct))
        {
            return NotFound();
        }

        if (expenseId is { } eid && !await db.ProjectExpenses.AnyAsync(x => x.Id == eid && x.ProjectId == id, ct))
        {
            return NotFound();
        }

        if (!Project.IsStaff)
        {
            return Forbid();
        }

        ExpenseId = expenseId;
        return null;
    }

    public static IReadOnlyList<(string, string)> CategoryChoices() =>
        EnumLabels.All<ExpenseCategory>().Select(x => (x.Value.ToString(), x.Label)).ToList();
}
