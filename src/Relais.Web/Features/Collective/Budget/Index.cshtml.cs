using Microsoft.AspNetCore.Mvc;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Budget;

/// <summary>A project's budget: funding lines, expenses, totals and balances.</summary>
public sealed class IndexModel(RelaisDbContext db, ProjectAccess access) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    public BudgetView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var view = await BudgetView.LoadAsync(db, access, id, ct);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }
}
