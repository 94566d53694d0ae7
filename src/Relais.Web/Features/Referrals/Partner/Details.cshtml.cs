using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Referrals.Partner;

/// <summary>
/// One referral as its partner sees it: the minimum the person agreed to share (name, phone, e-mail, the shared
/// information — only when the referral shares personal data), the service, the referring worker and the dates; never
/// the worker's internal note nor anything of the household or the accompaniment file. Every display is logged in the
/// person's household history. The partner accepts (with an optional appointment), refuses (with a reason) or reports
/// the outcome; optimistic concurrency on the referral's version; the referring worker is told by e-mail.
/// </summary>
public sealed class PartnerReferralModel(RelaisDbContext db, ReferralAccess access, ReferralNotifier notifier, CurrentUser me, TimeProvider clock)
    : PageModel
{
    public const string ReadContext = "orientation (partenaire)";

    public sealed record View(Guid Id, ReferralStatus Status, bool SharesPersonalData, string Person, string? Phone, string? Email,
        string? SharedInformation, string? Service, string Theme, string Referrer, DateTimeOffset? SentAt, DateOnly? AnswerDueOn,
        DateTimeOffset? AnsweredAt, string? AnsweredBy, DateTimeOffset? AppointmentAt, string? RefusalReason, DateTimeOffset? DoneAt,
        string? Outcome, int Version);

    public sealed class AnswerInput
    {
        public string? AppointmentDate { get; set; }
        public string? AppointmentTime { get; set; }
        public string? Reason { get; set; }
        public string? Outcome { get; set; }
        public int Version { get; set; }
    }

    [BindProperty] public AnswerInput Input { get; set; } = new();

    public View Referral { get; private set; } = null!;

    /// <summary>The form that failed (its fields keep the user's input and show their errors).</summary>
    public PartnerInbox.Answer? Failed { get; private set; }

    /// <summary>Someone answered meanwhile: shown with the current state, the user's input kept.</summary>
    public bool Conflict { get; private set; }

    [TempData] public string? Done { get; set; }

    public string TodayIso => Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Input = new AnswerInput { Version = Referral.Version };
        return Page();
    }

    /// <summary>A post without an answer (no handler) shows the page again.</summary>
    public Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct) => OnGetAsync(id, ct);

    public Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken ct) => AnswerAsync(id, PartnerInbox.Answer.Accept, ct);

    public Task<IActionResult> OnPostRefuseAsync(Guid id, CancellationToken ct) => AnswerAsync(id, PartnerInbox.Answer.Refuse, ct);

    public Task<IActionResult> OnPostDoneAsync(Guid id, CancellationToken ct) => AnswerAsync(id, PartnerInbox.Answer.Done, ct);

    private async Task<IActionResult> AnswerAsync(Guid id, PartnerInbox.Answer answer, CancellationToken ct)
    {
        ModelState.Clear();
        // Loaded through the partner's visibility: another structure's referral, or one whose consent was withdrawn, is not found.
        var referral = await (await access.VisibleAsync(ct)).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null)
        {
            return NotFound();
        }

        var key = answer switch
        {
            PartnerInbox.Answer.Accept => "Input.AppointmentDate",
            PartnerInbox.Answer.Refuse => "Input.Reason",
            _ => "Input.Outcome",
        };
        var now = clock.GetUtcNow();
        if (referral.Version != Input.Version)
        {
            return await RedisplayAsync(id, answer, conflict: true, ct);
        }

        if (PartnerInbox.Refusal(referral.Status, answer) is { } refusal)
        {
            ModelState.AddModelError(key, refusal);
            return await RedisplayAsync(id, answer, conflict: false, ct);
        }

        switch (answer)
        {
            case PartnerInbox.Answer.Accept:
                var appointment = Appointment();
                if (!ModelState.IsValid)
                {
                    return await RedisplayAsync(id, answer, conflict: false, ct);
                }

                referral.Status = ReferralStatus.Accepted;
                referral.AppointmentAt = appointment;
                break;
            case PartnerInbox.Answer.Refuse:
                var reason = Input.Reason?.Trim();
                if (string.IsNullOrEmpty(reason))
                {
                    ModelState.AddModelError(key, "Indiquez le motif du refus : il sera transmis au ou à la professionnel·le qui a orienté la personne.");
                }
                else if (reason.Length > 2000)
                {
                    ModelState.AddModelError(key, "Le motif du refus ne peut pas dépasser 2 000 caractères.");
                }

                if (!ModelState.IsValid)
                {
                    return await RedisplayAsync(id, answer, conflict: false, ct);
                }

                referral.Status = ReferralStatus.Refused;
                referral.RefusalReason = reason;
                referral.ClosedAt = now;
                break;
            default:
                var outcome = Input.Outcome?.Trim();
                if (string.IsNullOrEmpty(outcome))
                {
                    ModelState.AddModelError(key, "Décrivez en quelques mots ce qui a été fait (sans plus d’informations que l’orientation n’en demande).");
                }
                else if (outcome.Length > 4000)
                {
                    ModelState.AddModelError(key, "Le compte rendu ne peut pas dépasser 4 000 caractères.");
                }

                if (!ModelState.IsValid)
                {
                    return await RedisplayAsync(id, answer, conflict: false, ct);
                }

                referral.Status = ReferralStatus.Done;
                referral.Outcome = outcome;
                referral.DoneAt = now;
                referral.ClosedAt = now;
                break;
        }

        referral.AnsweredAt = now;
        referral.AnsweredByUserId = me.UserId;
        referral.AnsweredByName = User.FindFirst("relais:display")?.Value ?? me.Name;
        referral.AnswerSeenAt = null;
        db.Entry(referral).Property(r => r.Version).OriginalValue = Input.Version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return await RedisplayAsync(id, answer, conflict: true, ct);
        }

        await notifier.AnsweredAsync(referral, ct);
        Done = answer switch
        {
            PartnerInbox.Answer.Accept => "Orientation acceptée. Le ou la professionnel·le qui l’a envoyée est prévenu·e par courriel.",
            PartnerInbox.Answer.Refuse => "Orientation refusée. Le ou la professionnel·le qui l’a envoyée est prévenu·e par courriel.",
            _ => "Réalisation enregistrée. Le ou la professionnel·le qui a orienté la personne est prévenu·e par courriel.",
        };
        return Redirect($"/Partner/Referrals/{id}#reponse");
    }

    private DateTimeOffset? Appointment()
    {
        var dateText = Input.AppointmentDate?.Trim();
        var timeText = Input.AppointmentTime?.Trim();
        if (string.IsNullOrEmpty(dateText))
        {
            if (!string.IsNullOrEmpty(timeText))
            {
                ModelState.AddModelError("Input.AppointmentDate", "Indiquez aussi la date du rendez-vous, ou effacez l’heure.");
            }

            return null;
        }

        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            ModelState.AddModelError("Input.AppointmentDate", "La date du rendez-vous n’est pas une date valide (jj/mm/aaaa).");
            return null;
        }

        var time = TimeOnly.MinValue;
        if (!string.IsNullOrEmpty(timeText) && !TimeOnly.TryParseExact(timeText, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            ModelState.AddModelError("Input.AppointmentTime", "L’heure du rendez-vous n’est pas valide (hh:mm).");
            return null;
        }

        if (date < Today)
        {
            ModelState.AddModelError("Input.AppointmentDate", "Le rendez-vous ne peut pas être dans le passé : indiquez aujourd’hui ou une date à venir.");
            return null;
        }

        if (date > Today.AddYears(1))
        {
            ModelState.AddModelError("Input.AppointmentDate", "Le rendez-vous doit avoir lieu dans l’année qui vient.");
            return null;
        }

        var zone = clock.LocalTimeZone;
        var local = date.ToDateTime(time);
        var at = new DateTimeOffset(local, zone.GetUtcOffset(local));
        if (!string.IsNullOrEmpty(timeText) && at < clock.GetUtcNow())
        {
            ModelState.AddModelError("Input.AppointmentTime", "Cette heure est déjà passée : indiquez une heure à venir.");
            return null;
        }

        return at;
    }

    private async Task<IActionResult> RedisplayAsync(Guid id, PartnerInbox.Answer answer, bool conflict, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Failed = answer;
        Conflict = conflict;
        // The input is kept; the version becomes the current one so that saving again applies to what is now shown.
        Input.Version = Referral.Version;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var row = await (await access.VisibleAsync(ct)).AsNoTracking().Where(r => r.Id == id)
            .Select(r => new
            {
                Entity = new { r.Id, r.HouseholdId, r.OrganisationId },
                r.Status, r.SharesPersonalData,
                FirstName = r.SharesPersonalData ? r.Person!.FirstName : null,
                LastName = r.SharesPersonalData ? r.Person!.LastName : null,
                Phone = r.SharesPersonalData ? r.SharedPhone : null,
                Email = r.SharesPersonalData ? r.SharedEmail : null,
                Shared = r.SharedInformation,
                Service = r.PartnerService!.Name, r.Theme, r.ReferrerName, r.SentAt, r.AnswerDueOn, r.AnsweredAt, r.AnsweredByName,
                r.AppointmentAt, r.RefusalReason, r.DoneAt, r.Outcome, r.Version,
            })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return false;
        }

        await access.LogReadAsync(new Referral { Id = row.Entity.Id, HouseholdId = row.Entity.HouseholdId, OrganisationId = row.Entity.OrganisationId }, ReadContext, ct);
        Referral = new View(row.Entity.Id, row.Status, row.SharesPersonalData, PartnerInbox.PersonLabel(row.SharesPersonalData, row.FirstName, row.LastName),
            row.Phone, row.Email, row.Shared, row.Service, PartnerInbox.ThemeLabel(row.Theme), row.ReferrerName, row.SentAt, row.AnswerDueOn,
            row.AnsweredAt, row.AnsweredByName, row.AppointmentAt, row.RefusalReason, row.DoneAt, row.Outcome, row.Version);
        return true;
    }
}
