using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Outreach;

/// <summary>The campaigns: all of them for Responsable and Conseiller, the ones whose team they are in for field agents.</summary>
public sealed class OutreachIndexModel(RelaisDbContext db, CurrentUser me, HouseholdAccess access) : PageModel
{
    public List<Row> Rows { get; private set; } = [];
    public bool ManagesCampaigns { get; private set; }

    public sealed record Row(Guid Id, string Name, OutreachChannel Channel, CampaignStatus Status, DateOnly Start, DateOnly? End,
        int Targets, int Reached, int HeldBack, bool InTeam);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var view = await OutreachView.ForAsync(db, me, access, ct);
        ManagesCampaigns = view.ManagesCampaigns;
        var user = view.UserId;
        var households = db.Households.VisibleIn(view.Scope);
        var rows = await db.OutreachCampaigns.AsNoTracking().VisibleTo(view)
            .OrderBy(c => c.Status == CampaignStatus.Closed).ThenByDescending(c => c.StartDate).ThenBy(c => c.Name)
            .Select(c => new Row(c.Id, c.Name, c.Channel, c.Status, c.StartDate, c.EndDate,
                c.Targets.Count(t => households.Any(h => h.Id == t.HouseholdId)),
                c.Targets.Count(t => (t.Status == TargetStatus.Reached || t.Status == TargetStatus.Refused) && households.Any(h => h.Id == t.HouseholdId)),
                c.Targets.Count(t => t.Status == TargetStatus.HeldBack && households.Any(h => h.Id == t.HouseholdId)),
                c.Team.Any(m => m.UserId == user)))
            .ToListAsync(ct);
        Rows = rows;
    }
}
