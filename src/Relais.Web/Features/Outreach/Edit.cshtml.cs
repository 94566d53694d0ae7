using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Outreach;

/// <summary>Edits a campaign's name, channel, dates, team and notes, with optimistic concurrency on its version.</summary>
public sealed class EditCampaignModel(RelaisDbContext db, CurrentUser me, TimeProvider clock) : CampaignFormModel
{
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Set when the save lost a race: the version now stored, shown beside the user's own input.</summary>
    public OutreachCampaign? Conflict { get; private set; }

    public override string CancelUrl => $"/Outreach/Campaign/{Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var campaign = await LoadAsync(id, tracked: false, ct);
        if (campaign is null)
        {
            return NotFound();
        }

        Input = CampaignInput.From(campaign);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var campaign = await LoadAsync(id, tracked: true, ct);
        if (campaign is null)
        {
            return NotFound();
        }

        if (!Report(Input.Validate(People.Select(p => p.Id).ToList(), out var values)))
        {
            return Page();
        }

        db.Entry(campaign).Property(c => c.Version).OriginalValue = Input.Version;
        campaign.Name = values.Name;
        campaign.Channel = values.Channel;
        campaign.StartDate = values.StartDate;
        campaign.EndDate = values.EndDate;
        campaign.Notes = values.Notes;
        campaign.Team.RemoveAll(m => !values.Team.Contains(m.UserId));
        foreach (var user in values.Team.Where(u => campaign.Team.All(m => m.UserId != u)))
        {
            campaign.Team.Add(new CampaignMember { CampaignId = campaign.Id, UserId = user });
        }

        // A change of team alone must also check and move the campaign's version.
        campaign.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Conflict = await LoadAsync(id, tracked: false, ct);
            if (Conflict is null)
            {
                return NotFound();
            }

            // The next save is a deliberate overwrite of the version the user has now seen.
            Input.Version = Conflict.Version;
            ModelState.Clear();
            return Page();
        }

        TempData["Message"] = "La tournée a été enregistrée.";
        return Redirect($"/Outreach/Campaign/{id}");
    }

    public string TeamNames(OutreachCampaign campaign) =>
        string.Join(", ", People.Where(p => campaign.Team.Any(m => m.UserId == p.Id)).Select(p => p.Name));

    private async Task<OutreachCampaign?> LoadAsync(Guid id, bool tracked, CancellationToken ct)
    {
        Id = id;
        var query = db.OutreachCampaigns.Include(c => c.Team);
        var campaign = tracked
            ? await query.FirstOrDefaultAsync(c => c.Id == id, ct)
            : await query.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        Name = campaign?.Name ?? "";
        if (campaign is not null && People.Count == 0)
        {
            People = await TeamChoicesAsync(db, me.OrganisationId!.Value, ct);
        }

        return campaign;
    }
}
