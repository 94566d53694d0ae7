using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;
using Relais.Infrastructure.Web;

namespace Relais.Features.Outreach;

/// <summary>
/// One household of a campaign: why it is visited, every attempt, the quick log, and — with the person's consent —
/// the way to open an accompaniment. A POST logs one attempt: one tap on an outcome button is one saved attempt.
/// </summary>
public sealed class TargetModel(RelaisDbContext db, CurrentUser me, HouseholdAccess access, TimeProvider clock) : PageModel
{
    public TargetCard Card { get; private set; } = null!;
    public OutreachCampaign Campaign { get; private set; } = null!;
    public List<AttemptView> Attempts { get; private set; } = [];
    public TimeZoneInfo Zone => clock.LocalTimeZone;
    public bool Saved { get; private set; }

    /// <summary>The last attempt that reached someone, from which an accompaniment may be opened.</summary>
    public Guid? ContactAttemptId { get; private set; }

    public bool CanOpenAccompaniment => me.Can(Permissions.Accompaniments.Open);

    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public bool NoteConfidential { get; set; }

    /// <summary>"round" to go back to the round after saving; otherwise this page.</summary>
    [BindProperty] public string? ReturnTo { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Saved = SavedTarget(TempData) == id;
        await access.LogReadAsync("Household", Card.HouseholdId, Card.HouseholdId, "aller-vers", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var view = await OutreachView.ForAsync(db, me, access, ct);
        var target = await db.OutreachTargets.Where(t => t.Id == id).VisibleTo(db, view)
            .Select(t => new { t.Id, t.CampaignId }).FirstOrDefaultAsync(ct);
        if (target is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        if (!Enum.TryParse<ContactOutcome>(Outcome, out var outcome) || !Enum.IsDefined(outcome) || int.TryParse(Outcome, out _))
        {
            ModelState.AddModelError(nameof(Outcome), "Choisissez ce qui s'est passé : absent, refus, échange, besoin exprimé, orientation ou rendez-vous pris.");
        }

        if (Note?.Trim().Length > 2000)
        {
            ModelState.AddModelError(nameof(Note), "La note ne peut pas dépasser 2 000 caractères.");
        }

        if (ModelState.IsValid)
        {
            var refusal = await ContactLog.RecordAsync(db, id, new AttemptInput(outcome, Note, NoteConfidential), me.UserId,
                User.FindFirst("relais:display")?.Value ?? me.Name ?? "", clock.GetUtcNow(), ct);
            if (refusal is null)
            {
                TempData["SavedTarget"] = id;
                return Redirect(ReturnTo == "round" ? $"/Outreach/Round/{target.CampaignId}#cible-{id}" : $"/Outreach/Target/{id}");
            }

            ModelState.AddModelError(nameof(Outcome), refusal.Message);
        }

        db.ChangeTracker.Clear();
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var view = await OutreachView.ForAsync(db, me, access, ct);
        var card = (await TargetCards.LoadAsync(db.OutreachTargets.Where(t => t.Id == id).VisibleTo(db, view), view, ct)).FirstOrDefault();
        if (card is null)
        {
            return false;
        }

        Card = card;
        Campaign = await db.OutreachCampaigns.AsNoTracking().FirstAsync(c => c.Id == card.CampaignId, ct);
        Attempts = await TargetCards.AttemptsAsync(db, id, view, ct);
        ContactAttemptId = Attempts.FirstOrDefault(a => a.Outcome != ContactOutcome.Absent && a.Outcome != ContactOutcome.Refused)?.Id;
        return true;
    }

    /// <summary>The target whose attempt was just saved (the cookie's JSON gives a Guid back as a Guid, or as text).</summary>
    public static Guid? SavedTarget(Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataDictionary tempData) => tempData["SavedTarget"] switch
    {
        Guid g => g,
        string s when Guid.TryParse(s, out var g) => g,
        _ => null,
    };
}
