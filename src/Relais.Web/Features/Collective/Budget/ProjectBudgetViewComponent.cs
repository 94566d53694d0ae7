using Microsoft.AspNetCore.Mvc;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Budget;

/// <summary>The budget section of the project page: totals, balances and the link to the budget page.</summary>
public sealed class ProjectBudgetViewComponent(RelaisDbContext db, ProjectAccess access) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid projectId)
    {
        var view = await BudgetView.LoadAsync(db, access, projectId, HttpContext.RequestAborted);
        return view is null ? Content("") : View("/Features/Collective/Budget/_ProjectBudget.cshtml", view);
    }
}
