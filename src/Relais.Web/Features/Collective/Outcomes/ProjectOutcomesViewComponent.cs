using Microsoft.AspNetCore.Mvc;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Outcomes;

/// <summary>The outcomes section of the project page: each indicator's latest and computed values, the closing link or the practice sheet.</summary>
public sealed class ProjectOutcomesViewComponent(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid projectId)
    {
        var view = await OutcomesView.LoadAsync(db, access, projectId, clock.GetUtcNow(), HttpContext.RequestAborted);
        return view is null ? Content("") : View("/Features/Collective/Outcomes/_ProjectOutcomes.cshtml", view);
    }
}
