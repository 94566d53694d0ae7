using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>
/// The individual file, for the social team: its framework, the person's strengths (before anything else), their
/// own account, their rights, their goals with actions, the meetings, and the closure. Its read is logged before
/// the page is served.
/// </summary>
public sealed class FileModel(RelaisDbContext db, AccompanimentAccess access) : PageModel
{
    public FileView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var view = await FileView.LoadAsync(db, access, id, ct);
        if (view is null)
        {
            return NotFound();
        }

        await access.LogReadAsync(view.File.Id, view.File.HouseholdId, "dossier", ct);
        View = view;
        return Page();
    }
}
