using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Partners;
using Relais.Features.Partners.DataInclusion;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Referrals.Worker;

/// <summary>
/// /Referrals/New: refer a person to a partner structure (and optionally one of its services), from an accompaniment
/// (?accompaniment=id), an outreach contact (?contact=id: one of the household's members) or a collective project
/// (?project=id&amp;person=id, or &amp;member=id: a current resident member). /Referrals/New/{id} resumes a draft.
/// Saved as a draft without any consent; sent only through the consent gate (<see cref="ReferralRules.CheckAsync"/>).
/// </summary>
public sealed class NewModel(RelaisDbContext db, ReferralAccess access, ReferralOrigins origins, ReferralNotifier notifier,
    CurrentUser me, TimeProvider clock) : PageModel
{
    public sealed record PartnerOption(Guid Id, string Name);

    public sealed record ServiceOption(Guid Id, Guid PartnerId, string Name, string? Theme);

    public sealed record SharingConsent(Guid PartnerId, string Partner, DateOnly GivenOn, string? Scope);

    public sealed class ReferralInput
    {
        public Guid? PersonId { get; set; }
        public Guid? PartnerId { get; set; }
        public Guid? ServiceId { get; set; }
        public string? Theme { get; set; }

        /// <summary>"oui" or "non".</summary>
        public string? SharesPersonalData { get; set; }

        public string? SharedInformation { get; set; }
        public string? SharedPhone { get; set; }
        public string? SharedEmail { get; set; }
        public string? InternalNote { get; set; }
        public string? ConsentBasis { get; set; }
        public string? ConsentGivenOn { get; set; }
        public string? ConsentChannel { get; set; }
        public string? OverrideReason { get; set; }
        public int Version { get; set; }
    }

    [BindProperty] public ReferralInput Input { get; set; } = new();

    /// <summary>"brouillon" or "envoyer".</summary>
    [BindProperty] public string? Submit { get; set; }

    public ReferralOriginView Origin { get; private set; } = null!;
    public Guid? DraftId { get; private set; }
    public IReadOnlyList<PartnerOption> Partners { get; private set; } = [];
    public IReadOnlyList<ServiceOption> Services { get; private set; } = [];
    public IReadOnlyList<SharingConsent> Consents { get; private set; } = [];
    public bool CanOverride => access.CanOverrideConsent;
    public bool Conflict { get; private set; }
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
    public string TodayIso => FileFormat.Iso(Today)!;

    public async Task<IActionResult> OnGetAsync(Guid? id, Guid? accompaniment, Guid? contact, Guid? project, Guid? person, Guid? member, CancellationToken ct)
    {
        if (!await LoadAsync(id, accompaniment, contact, project, person, member, ct))
        {
            return NotFound();
        }

        if (DraftId is null)
        {
            var single = Origin.Persons.Count == 1 ? Origin.Persons[0] : null;
            Input = new ReferralInput
            {
                PersonId = single?.Id,
                SharesPersonalData = "oui",
                SharedPhone = single?.Phone,
                SharedEmail = single?.Email,
                ConsentBasis = Consents.Count > 0 ? nameof(ConsentBasis.Accompaniment) : nameof(ConsentBasis.Recorded),
                ConsentGivenOn = TodayIso,
                PartnerId = Consents.Count == 1 ? Consents[0].PartnerId : null,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, Guid? accompaniment, Guid? contact, Guid? project, Guid? person, Guid? member, CancellationToken ct)
    {
        var existingInput = Input;
        if (!await LoadAsync(id, accompaniment, contact, project, person, member, ct))
        {
            return NotFound();
        }

        Input = existingInput;
        ModelState.Clear();
        var send = Submit == "envoyer";
        var check = new FormCheck(ModelState, Today);

        var chosen = Origin.Persons.FirstOrDefault(p => p.Id == Input.PersonId);
        if (chosen is null)
        {
            check.Fail("Input.PersonId", "Choisissez la personne orientée.");
        }

        var partner = Input.PartnerId is { } pid
            ? await db.PartnerOrganisations.AsNoTracking().Where(p => p.Id == pid).Select(p => new { p.Id, p.Name, p.IsActive }).FirstOrDefaultAsync(ct)
            : null;
        if (partner is null)
        {
            check.Fail("Input.PartnerId", "Choisissez la structure partenaire.");
        }
        else if (!partner.IsActive)
        {
            check.Fail("Input.PartnerId", ReferralRules.Inactive(partner.Name));
        }

        PartnerService? service = null;
        if (Input.ServiceId is { } sid && partner is not null)
        {
            service = await db.PartnerServices.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sid && s.PartnerOrganisationId == partner.Id && s.IsActive, ct);
            if (service is null)
            {
                check.Fail("Input.ServiceId", "Ce service n’est pas un service actif de la structure choisie.");
            }
        }

        var theme = string.IsNullOrWhiteSpace(Input.Theme) ? service?.Themes.FirstOrDefault() : Input.Theme.Trim();
        if (theme is not null && !DataInclusionCatalogue.IsKnownTheme(theme))
        {
            check.Fail("Input.Theme", "Choisissez une thématique de la liste.");
        }

        var shares = Input.SharesPersonalData switch { "oui" => (bool?)true, "non" => false, _ => null };
        if (shares is null)
        {
            check.Fail("Input.SharesPersonalData", "Indiquez si l’orientation partage des informations personnelles.");
        }

        var information = check.Text("Input.SharedInformation", Input.SharedInformation, "ce que la structure a besoin de savoir", 4000, required: send);
        var note = check.Text("Input.InternalNote", Input.InternalNote, "la note interne", 4000, required: false);
        var phone = shares == true ? check.Text("Input.SharedPhone", Input.SharedPhone, "le téléphone à transmettre", 40, required: false) : null;
        var email = shares == true ? check.Text("Input.SharedEmail", Input.SharedEmail, "l’adresse électronique à transmettre", 254, required: false) : null;
        if (email is not null && !System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            check.Fail("Input.SharedEmail", "L’adresse électronique à transmettre n’est pas valide.");
        }

        var basis = Enum.TryParse<ConsentBasis>(Input.ConsentBasis, out var b) && !int.TryParse(Input.ConsentBasis, out _) ? b : ConsentBasis.None;
        DateOnly? givenOn = null;
        Accompaniments.ConsentChannel? channel = null;
        if (basis == ConsentBasis.Recorded)
        {
            givenOn = check.Date("Input.ConsentGivenOn", Input.ConsentGivenOn, "la date de l’accord", required: false, future: false);
            channel = Enum.TryParse<Accompaniments.ConsentChannel>(Input.ConsentChannel, out var c) && Enum.IsDefined(c) && !int.TryParse(Input.ConsentChannel, out _) ? c : null;
        }

        GateResult? gate = null;
        if (send && check.Ok && partner is not null && shares is { } s)
        {
            gate = await ReferralRules.CheckAsync(db, Origin.AccompanimentId, partner.Id, partner.Name, s,
                new ConsentInput(basis, givenOn, channel, Input.OverrideReason), access.CanOverrideConsent, Today, ct);
            foreach (var (field, message) in gate.Errors)
            {
                check.Fail(field, message);
            }
        }

        if (!check.Ok)
        {
            return Page();
        }

        var referral = DraftId is { } draftId ? await db.Referrals.FirstAsync(r => r.Id == draftId, ct) : new Referral
        {
            Origin = Origin.Kind,
            AccompanimentId = Origin.AccompanimentId,
            ContactAttemptId = Origin.ContactAttemptId,
            ProjectId = Origin.ProjectId,
            HouseholdId = Origin.HouseholdId,
            Status = ReferralStatus.Draft,
            ReferrerUserId = me.UserId,
            ReferrerName = UserName,
        };
        if (DraftId is not null)
        {
            db.Entry(referral).Property(r => r.Version).OriginalValue = Input.Version;
        }
        else
        {
            db.Referrals.Add(referral);
        }

        referral.PersonId = chosen!.Id;
        referral.PartnerOrganisationId = partner!.Id;
        referral.PartnerServiceId = service?.Id;
        referral.Theme = theme;
        referral.SharesPersonalData = shares!.Value;
        referral.SharedInformation = information;
        referral.InternalNote = note;
        referral.SharedPhone = phone;
        referral.SharedEmail = email;
        referral.AccompanimentConsentId = null;
        referral.ConsentGivenOn = null;
        referral.ConsentChannel = null;
        referral.ConsentRecordedByUserId = null;
        referral.ConsentRecordedByName = null;
        referral.OverrideReason = null;
        referral.OverrideByUserId = null;
        referral.OverrideByName = null;
        if (referral.SharesPersonalData)
        {
            switch (basis)
            {
                case ConsentBasis.Accompaniment when gate is not null:
                    referral.AccompanimentConsentId = gate.AccompanimentConsentId;
                    break;
                case ConsentBasis.Recorded when givenOn is not null && channel is not null:
                    referral.ConsentGivenOn = givenOn;
                    referral.ConsentChannel = channel;
                    referral.ConsentRecordedByUserId = me.UserId;
                    referral.ConsentRecordedByName = UserName;
                    break;
            }
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (send && DraftId is null)
            {
                // Created, then sent: the audit log shows the sending (and an override) as its own change of the referral.
                await db.SaveChangesAsync(ct);
            }

            if (send)
            {
                referral.Status = ReferralStatus.Sent;
                referral.SentAt = clock.GetUtcNow();
                referral.AnswerDueOn = Today.AddDays(await db.ReferralExpiryDaysAsync(ct));
                if (referral.SharesPersonalData && basis == ConsentBasis.Override)
                {
                    referral.OverrideReason = Input.OverrideReason!.Trim();
                    referral.OverrideByUserId = me.UserId;
                    referral.OverrideByName = UserName;
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Conflict = true;
            Input.Version = await db.Referrals.Where(r => r.Id == referral.Id).Select(r => r.Version).FirstOrDefaultAsync(ct);
            var page = Page();
            page.StatusCode = StatusCodes.Status409Conflict;
            return page;
        }

        if (send)
        {
            await notifier.SentAsync(referral, ct);
        }

        TempData["Message"] = send
            ? $"L’orientation est envoyée à « {partner.Name} ». La structure a jusqu’au {FileFormat.Date(referral.AnswerDueOn!.Value)} pour répondre."
            : "Le brouillon d’orientation est enregistré. Il n’est pas transmis à la structure tant que vous ne l’envoyez pas.";
        return Redirect($"/Referrals/{referral.Id}");
    }

    private string UserName => HttpContext.User.FindFirst("relais:display")?.Value ?? me.Name ?? "";

    private async Task<bool> LoadAsync(Guid? id, Guid? accompaniment, Guid? contact, Guid? project, Guid? person, Guid? member, CancellationToken ct)
    {
        ReferralOriginView? origin = null;
        if (id is { } draftId)
        {
            var visible = await access.VisibleAsync(ct);
            var draft = await visible.AsNoTracking().FirstOrDefaultAsync(r => r.Id == draftId && r.Status == ReferralStatus.Draft, ct);
            if (draft is null)
            {
                return false;
            }

            origin = await origins.OfAsync(draft, ct);
            DraftId = draft.Id;
            if (HttpMethods.IsGet(Request.Method))
            {
                Input = new ReferralInput
                {
                    PersonId = draft.PersonId,
                    PartnerId = draft.PartnerOrganisationId,
                    ServiceId = draft.PartnerServiceId,
                    Theme = draft.Theme,
                    SharesPersonalData = draft.SharesPersonalData ? "oui" : "non",
                    SharedInformation = draft.SharedInformation,
                    SharedPhone = draft.SharedPhone,
                    SharedEmail = draft.SharedEmail,
                    InternalNote = draft.InternalNote,
                    ConsentBasis = draft.ConsentGivenOn is not null ? nameof(ConsentBasis.Recorded) : origin?.AccompanimentId is not null ? nameof(ConsentBasis.Accompaniment) : nameof(ConsentBasis.Recorded),
                    ConsentGivenOn = FileFormat.Iso(draft.ConsentGivenOn ?? Today),
                    ConsentChannel = draft.ConsentChannel?.ToString(),
                    Version = draft.Version,
                };
            }
        }
        else if (accompaniment is { } a)
        {
            origin = await origins.AccompanimentAsync(a, ct);
        }
        else if (contact is { } c)
        {
            origin = await origins.ContactAsync(c, ct);
        }
        else if (project is { } p)
        {
            var personId = person ?? (member is { } m ? await origins.PersonOfMemberAsync(p, m, ct) : null);
            origin = personId is { } pe ? await origins.ProjectAsync(p, pe, ct) : null;
        }

        if (origin is null)
        {
            return false;
        }

        Origin = origin;
        var partners = await db.PartnerOrganisations.AsNoTracking().Where(x => x.IsActive).Select(x => new { x.Id, x.Name }).ToListAsync(ct);
        Partners = partners.OrderBy(x => x.Name, Users.FrenchText.Comparer).Select(x => new PartnerOption(x.Id, x.Name)).ToList();
        var services = await db.PartnerServices.AsNoTracking().Where(s => s.IsActive)
            .Select(s => new { s.Id, s.PartnerOrganisationId, s.Name, s.Themes }).ToListAsync(ct);
        var active = Partners.Select(x => x.Id).ToHashSet();
        Services = services.Where(s => active.Contains(s.PartnerOrganisationId)).OrderBy(s => s.Name, Users.FrenchText.Comparer)
            .Select(s => new ServiceOption(s.Id, s.PartnerOrganisationId, s.Name, s.Themes.FirstOrDefault())).ToList();
        if (origin.AccompanimentId is { } acc)
        {
            var consents = await ReferralRules.SharingConsents(db, acc)
                .Select(x => new { PartnerId = x.PartnerOrganisationId!.Value, x.PartnerOrganisation!.Name, x.GivenOn, x.Scope }).ToListAsync(ct);
            Consents = consents.Select(x => new SharingConsent(x.PartnerId, x.Name, x.GivenOn, x.Scope)).ToList();
        }

        return true;
    }
}
