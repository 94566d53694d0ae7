using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;
using Relais.Infrastructure.Web;

namespace Relais.Features.Outreach;

/// <summary>A campaign: its facts, its team, its targets with their status and attempts; closing it (optimistic concurrency).</summary>
public sealed class CampaignModel(RelaisDbContext db, CurrentUser me, HouseholdAccess access, TimeProvider clock) : PageModel
{
    public OutreachCampaign Campaign { get; private set; } = null!;
    public List<string> Team { get; private set; } = [];
    public List<TargetCard> Targets { get; private set; } = [];
    public TimeZoneInfo Zone => clock.LocalTimeZone;

    /// <summary>Set when closing lost a race with another change: the page shows the campaign as it is now.</summary>
    public bool Conflict { get; private set; }

    [BindProperty] public VersionInput Input { get; set; } = new();

    public sealed class VersionInput
    {
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>Closes the campaign. Households nobody could reach get their signals back to "nouveau".</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var campaign = await db.OutreachCampaigns.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
        {
            return NotFound();
        }

        if (campaign.Status == CampaignStatus.Closed)
        {
            TempData["Message"] = "Cette tournée était déjà terminée.";
            return Redirect($"/Outreach/Campaign/{id}");
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        db.Entry(campaign).Property(c => c.Version).OriginalValue = Input.Version;
        campaign.Status = CampaignStatus.Closed;
        if (campaign.EndDate is null || campaign.EndDate > today)
        {
            campaign.EndDate = campaign.StartDate > today ? campaign.StartDate : today;
        }

        await CampaignTargets.ReleaseUnreachedSignalsAsync(db, id, clock.GetUtcNow(), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Conflict = true;
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }

        TempData["Message"] = $"La tournée « {campaign.Name} » est terminée.";
        return Redirect($"/Outreach/Campaign/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var campaign = await db.OutreachCampaigns.AsNoTracking().Include(c => c.Team).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
        {
            return false;
        }

        Campaign = campaign;
        Input.Version = campaign.Version;
        var members = campaign.Team.Select(m => m.UserId).ToList();
        var organisation = me.OrganisationId;
        Team = (await db.Users.AsNoTracking()
                .Where(u => u.OrganisationId == organisation && members.Contains(u.Id))
                .Select(u => new { u.DisplayName, u.Role })
                .ToListAsync(ct))
            .OrderBy(u => u.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Select(u => $"{u.DisplayName} ({u.Role.Label()})")
            .ToList();
        var view = await OutreachView.ForAsync(db, me, access, ct);
        Targets = (await TargetCards.LoadAsync(db.OutreachTargets.Where(t => t.CampaignId == id).VisibleTo(db, view), view, ct)).InRoundOrder();
        return true;
    }
}
