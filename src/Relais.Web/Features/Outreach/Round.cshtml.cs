using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Outreach;

/// <summary>
/// The round on the ground, phone first: the campaign's households in walking order (residence, building,
/// staircase, floor, door), each with why it is visited and its last attempt, and one tap to log what happened.
/// Only the team (and Responsable, Conseiller) may open it — anyone else gets 404 — and a field agent sees only the
/// households of their sectors, never a confidential note, never an amount unless the organisation allows it.
/// </summary>
public sealed class RoundModel(RelaisDbContext db, CurrentUser me, HouseholdAccess access, TimeProvider clock) : PageModel
{
    public OutreachCampaign Campaign { get; private set; } = null!;
    public List<TargetCard> Targets { get; private set; } = [];
    public Guid? SavedTarget { get; private set; }
    public TimeZoneInfo Zone => clock.LocalTimeZone;

    public async Task<IActionResult> OnGetAsync(Guid campaignId, CancellationToken ct)
    {
        var view = await OutreachView.ForAsync(db, me, access, ct);
        var campaign = await db.OutreachCampaigns.AsNoTracking().VisibleTo(view).FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null)
        {
            return NotFound();
        }

        Campaign = campaign;
        Targets = (await TargetCards.LoadAsync(db.OutreachTargets.Where(t => t.CampaignId == campaignId).VisibleTo(db, view), view, ct)).InRoundOrder();
        SavedTarget = TargetModel.SavedTarget(TempData);
        return Page();
    }
}
