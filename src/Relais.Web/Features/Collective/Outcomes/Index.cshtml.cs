using Microsoft.AspNetCore.Mvc;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Outcomes;

/// <summary>A project's outcomes: its indicators, their measurements over time (chart and table) and computed values.</summary>
public sealed class IndexModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    public OutcomesView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var view = await OutcomesView.LoadAsync(db, access, id, clock.GetUtcNow(), ct);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }
}
