using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>
/// The arrears follow-up of a file: the current stage of an eviction procedure first (what the worker must act on),
/// the debt over the last 36 months of the ledger, the repayment plan and its instalments, the FSL requests, the
/// over-indebtedness file and the procedure's stages. Amounts only for those who may see them. Its read is logged.
/// </summary>
public sealed class ArrearsPageModel(RelaisDbContext db, AccompanimentAccess files, ArrearsAccess access) : PageModel
{
    public ArrearsView View { get; private set; } = null!;

    /// <summary>The organisation's rules for repayment plans (grace days, missed instalments), explained on the page.</summary>
    public OutreachSettings Settings { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var view = await ArrearsView.LoadAsync(db, files, access, id, withHistory: true, ct);
        if (view is null)
        {
            return NotFound();
        }

        await files.LogReadAsync(view.Header.Id, view.Header.HouseholdId, "impayés", ct);
        View = view;
        Settings = await access.SettingsAsync(ct);
        return Page();
    }
}
