using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Confidential;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Referrals.Worker;

/// <summary>One moment of a referral's life, for the status timeline.</summary>
public sealed record ReferralEvent(DateTimeOffset At, string What, string? Detail);

/// <summary>
/// /Referrals/{id}: the team's page of a referral — the person, the structure and its service, what is shared, the
/// consent it rests on (or the override, flagged), the status timeline and the partner's answer. Opening it as the
/// referring worker marks the answer seen ("mes échéances"). Cancel (with a reason) while it is not done; withdraw,
/// on the person's behalf, the consent it rests on: the partner loses access at once (<see cref="ReferralAccess"/>).
/// </summary>
public sealed class DetailsModel(RelaisDbContext db, ReferralAccess access, CurrentUser me, TimeProvider clock) : PageModel
{
    public Referral R { get; private set; } = null!;
    public string Person { get; private set; } = "";
    public string? ConsentPartner { get; private set; }
    public IReadOnlyList<ReferralEvent> Events { get; private set; } = [];
    public bool CanWrite => access.CanWrite;
    public bool Conflict { get; private set; }
    public TimeZoneInfo Zone => clock.LocalTimeZone;

    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        await access.LogReadAsync(R, "orientation", ct);
        if (ReferralRules.IsUnseenAnswer(R) && (R.ReferrerUserId is null || R.ReferrerUserId == me.UserId))
        {
            // Not a change of the referral (no version, no audit line): the worker's own reading mark.
            var now = clock.GetUtcNow();
            await db.Referrals.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.AnswerSeenAt, now), ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct, tracked: true))
        {
            return NotFound();
        }

        if (!CanWrite)
        {
            return Forbid();
        }

        ModelState.Clear();
        if (!Referral.IsOpen(R.Status))
        {
            ModelState.AddModelError("", $"Cette orientation est {Infrastructure.Web.EnumLabels.Label(R.Status).ToLowerInvariant()} : elle ne peut plus être annulée.");
            return Status(StatusCodes.Status409Conflict);
        }

        var reason = Reason?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (string.IsNullOrEmpty(reason))
        {
            ModelState.AddModelError(nameof(Reason), "Indiquez pourquoi l’orientation est annulée.");
            return Page();
        }

        if (reason.Length > 1000)
        {
            ModelState.AddModelError(nameof(Reason), "Le motif ne peut pas dépasser 1 000 caractères.");
            return Page();
        }

        db.Entry(R).Property(r => r.Version).OriginalValue = Version;
        var now = clock.GetUtcNow();
        R.Status = ReferralStatus.Cancelled;
        R.ClosedAt = now;
        // The referral has no field of its own for it: the reason goes with the internal note (never shown to partners).
        var line = $"Annulée le {Outreach.OutreachFormat.Moment(now, Zone)} par {UserName} : {reason}";
        R.InternalNote = Truncate(string.IsNullOrEmpty(R.InternalNote) ? line : $"{R.InternalNote}\n\n{line}", 4000);
        if (!await TrySaveAsync(id, ct))
        {
            return Status(StatusCodes.Status409Conflict);
        }

        TempData["Message"] = "L’orientation est annulée.";
        return Redirect($"/Referrals/{id}");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct, tracked: true))
        {
            return NotFound();
        }

        if (!CanWrite)
        {
            return Forbid();
        }

        ModelState.Clear();
        if (!R.SharesPersonalData || R.ConsentWithdrawnAt is not null || (R.ConsentGivenOn is null && R.AccompanimentConsentId is null))
        {
            ModelState.AddModelError("", "Cette orientation ne repose sur aucun accord en cours à retirer.");
            return Status(StatusCodes.Status409Conflict);
        }

        db.Entry(R).Property(r => r.Version).OriginalValue = Version;
        R.ConsentWithdrawnAt = clock.GetUtcNow();
        if (!await TrySaveAsync(id, ct))
        {
            return Status(StatusCodes.Status409Conflict);
        }

        TempData["Message"] = $"L’accord de la personne est retiré : « {R.PartnerOrganisation?.Name} » n’a plus accès à cette orientation.";
        return Redirect($"/Referrals/{id}");
    }

    private string UserName => HttpContext.User.FindFirst("relais:display")?.Value ?? me.Name ?? "";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private async Task<bool> TrySaveAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Conflict = true;
            await LoadAsync(id, ct);
            Version = R.Version;
            ModelState.AddModelError("", "L’orientation a été modifiée par quelqu’un d’autre entre-temps : rien n’a été enregistré. Voici son état actuel ; recommencez si besoin.");
            return false;
        }
    }

    private IActionResult Status(int status)
    {
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct, bool tracked = false)
    {
        var reader = await access.ReaderAsync(ct);
        if (reader.Kind != ReaderKind.Team)
        {
            return false;
        }

        var visible = await access.VisibleAsync(ct);
        var query = visible.Include(r => r.Person).Include(r => r.PartnerOrganisation).Include(r => r.PartnerService)
            .Include(r => r.AccompanimentConsent).ThenInclude(c => c!.PartnerOrganisation);
        var referral = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null)
        {
            return false;
        }

        R = referral;
        if (HttpMethods.IsGet(Request.Method))
        {
            Version = referral.Version;
        }

        Person = referral.Person is { } p ? ReferralOrigins.Name(p.FirstName, p.LastName) : "";
        ConsentPartner = referral.AccompanimentConsent?.PartnerOrganisation?.Name;
        Events = Timeline(referral);
        return true;
    }

    public static IReadOnlyList<ReferralEvent> Timeline(Referral r)
    {
        var events = new List<ReferralEvent> { new(r.CreatedAt, "Créée", $"par {r.ReferrerName}") };
        if (r.SentAt is { } sent)
        {
            events.Add(new(sent, "Envoyée", r.AnswerDueOn is { } due ? $"réponse attendue au plus tard le {FileFormat.Date(due)}" : null));
        }

        if (r.AnsweredAt is { } answered)
        {
            var accepted = r.RefusalReason is null;
            events.Add(new(answered, accepted ? "Acceptée" : "Refusée", accepted ? $"par {r.AnsweredByName}" : $"par {r.AnsweredByName} : {r.RefusalReason}"));
        }

        if (r.DoneAt is { } done)
        {
            events.Add(new(done, "Réalisée", r.Outcome));
        }

        if (r.ConsentWithdrawnAt is { } withdrawn)
        {
            events.Add(new(withdrawn, "Accord de la personne retiré", "la structure n’y a plus accès"));
        }

        if (r.ClosedAt is { } closed && r.Status is ReferralStatus.Expired or ReferralStatus.Cancelled)
        {
            events.Add(new(closed, r.Status == ReferralStatus.Expired ? "Expirée" : "Annulée",
                r.Status == ReferralStatus.Expired ? "sans réponse de la structure dans le délai" : null));
        }

        return events.OrderBy(e => e.At).ToList();
    }
}
