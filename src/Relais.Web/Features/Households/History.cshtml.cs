using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Audit;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Households;

/// <summary>For the Responsable: every read and change of a household file and of its persons, newest first.</summary>
public sealed class HistoryModel(RelaisDbContext db, HouseholdAccess access, CurrentUser me) : PageModel
{
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public int Total { get; private set; }
    public List<AuditEntry> Entries { get; private set; } = [];
    public Dictionary<Guid, string> PersonNames { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().VisibleIn(access.Scope).Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == id, ct);
        if (household is null)
        {
            return NotFound();
        }

        Id = id;
        Name = household.DisplayName;
        PersonNames = household.Members.ToDictionary(m => m.Id, m => m.FullName);
        var org = me.OrganisationId;
        var query = db.AuditEntries.AsNoTracking().Where(a => a.OrganisationId == org && a.HouseholdId == id);
        Total = await query.CountAsync(ct);
        Entries = await query.OrderByDescending(a => a.Sequence).Take(500).ToListAsync(ct);
        return Page();
    }

    public static string ActionLabel(string action) => action switch
    {
        AuditActions.Read => "Consultation",
        AuditActions.Create => "Création",
        AuditActions.Update => "Modification",
        AuditActions.Delete => "Suppression",
        _ => action,
    };
}
