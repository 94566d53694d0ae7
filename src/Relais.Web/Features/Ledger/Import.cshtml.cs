using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Ledger;

/// <summary>One import: its progress while it runs (the page polls a JSON endpoint, or is simply reloaded), then its report.</summary>
public sealed class ImportModel(RelaisDbContext db, LedgerImportTracker tracker, CurrentUser me) : PageModel
{
    public LedgerImport Import { get; private set; } = null!;
    public LedgerReport Report { get; private set; } = new();
    public LedgerProgress? Progress { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var organisationId = me.OrganisationId!.Value;
        if (tracker.BelongsToAnother(id, organisationId))
        {
            return NotFound();
        }

        var import = await db.LedgerImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (import is null)
        {
            return NotFound();
        }

        Import = import;
        Report = LedgerReport.FromJson(import.Report);
        Progress = import.Status == LedgerImportStatus.Running ? tracker.Get(id, organisationId) : null;
        return Page();
    }
}
