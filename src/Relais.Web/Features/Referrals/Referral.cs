using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Households;
using Relais.Features.Partners;
using Relais.Features.Users;
using Relais.Infrastructure.Data;

namespace Relais.Features.Referrals;

/// <summary>The life of a referral. Stored by number: never renumber.</summary>
public enum ReferralStatus
{
    [Display(Name = "Brouillon")] Draft = 0,
    [Display(Name = "Envoyée")] Sent = 1,
    [Display(Name = "Acceptée")] Accepted = 2,
    [Display(Name = "Refusée")] Refused = 3,
    [Display(Name = "Réalisée")] Done = 4,
    /// <summary>No answer from the partner within the organisation's delay (default 30 days).</summary>
    [Display(Name = "Expirée")] Expired = 5,
    /// <summary>Withdrawn by the referring worker (e.g. the person changed their mind) before it was done.</summary>
    [Display(Name = "Annulée")] Cancelled = 6,
}

/// <summary>Where the referral was made from. Stored by number: never renumber.</summary>
public enum ReferralOrigin
{
    [Display(Name = "Accompagnement individuel")] Accompaniment = 0,
    [Display(Name = "Contact d’aller-vers")] Outreach = 1,
    [Display(Name = "Projet collectif")] Project = 2,
}

/// <summary>
/// A referral (orientation) of a person to a partner structure's service, made from an accompaniment, an outreach
/// contact or a collective project. When it shares personal information, it needs the person's recorded consent to
/// share with that structure — either a current <see cref="AccompanimentConsent"/> of kind ShareWithPartner for the
/// structure, or the consent recorded on the referral itself — unless a user holding
/// <c>referrals.override-consent</c> sent it anyway with a reason (audited). Whether a Partenaire sees it is decided in
/// one place, <see cref="ReferralAccess"/>, in the query, at every request.
/// </summary>
public sealed class Referral : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    public ReferralOrigin Origin { get; set; }
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    public Guid HouseholdId { get; set; }
    public Guid? AccompanimentId { get; set; }
    /// <summary>The outreach contact (ContactAttempt) the referral follows.</summary>
    public Guid? ContactAttemptId { get; set; }
    public Guid? ProjectId { get; set; }

    public Guid PartnerOrganisationId { get; set; }
    public PartnerOrganisation? PartnerOrganisation { get; set; }
    public Guid? PartnerServiceId { get; set; }
    public PartnerService? PartnerService { get; set; }

    /// <summary>data·inclusion thematique code (top level or detailed) the referral is about, for statistics.</summary>
    [MaxLength(120)]
    public string? Theme { get; set; }

    /// <summary>
    /// False: an anonymous referral (the partner learns that someone will come, nothing about who): no consent needed.
    /// True: the partner sees the person's name, contact details and <see cref="SharedInformation"/>.
    /// </summary>
    public bool SharesPersonalData { get; set; }

    /// <summary>What the partner needs to know, strictly (secret professionnel partagé), written with the person.</summary>
    [MaxLength(4000)]
    public string? SharedInformation { get; set; }

    /// <summary>The worker's own reason for the referral: never shown to the partner.</summary>
    [MaxLength(4000)]
    public string? InternalNote { get; set; }

    /// <summary>Phone and e-mail the person agreed to give the partner (copied at sending, not read live).</summary>
    [MaxLength(40)]
    public string? SharedPhone { get; set; }

    [MaxLength(254)]
    public string? SharedEmail { get; set; }

    // --- Consent to share with this structure ---

    /// <summary>An accompaniment consent to share with this structure the referral relies on.</summary>
    public Guid? AccompanimentConsentId { get; set; }
    public AccompanimentConsent? AccompanimentConsent { get; set; }

    /// <summary>Consent recorded on the referral itself (outreach contact, project, or an accompaniment without one).</summary>
    public DateOnly? ConsentGivenOn { get; set; }
    public ConsentChannel? ConsentChannel { get; set; }
    public Guid? ConsentRecordedByUserId { get; set; }

    [MaxLength(160)]
    public string? ConsentRecordedByName { get; set; }

    /// <summary>Set when the person withdraws the consent recorded on the referral: the partner loses access at once.</summary>
    public DateTimeOffset? ConsentWithdrawnAt { get; set; }

    /// <summary>Sent without consent by a user allowed to (referrals.override-consent): the reason, who, when.</summary>
    [MaxLength(2000)]
    public string? OverrideReason { get; set; }

    public Guid? OverrideByUserId { get; set; }

    [MaxLength(160)]
    public string? OverrideByName { get; set; }

    // --- Life ---

    public ReferralStatus Status { get; set; }

    public Guid? ReferrerUserId { get; set; }

    [MaxLength(160)]
    public string ReferrerName { get; set; } = "";

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Sent and no answer by this date: expired (set at sending from the organisation's delay).</summary>
    public DateOnly? AnswerDueOn { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }
    public Guid? AnsweredByUserId { get; set; }

    [MaxLength(160)]
    public string? AnsweredByName { get; set; }

    [MaxLength(2000)]
    public string? RefusalReason { get; set; }

    /// <summary>An appointment the partner proposes when accepting (optional).</summary>
    public DateTimeOffset? AppointmentAt { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    /// <summary>The partner's report of what was done (no more than the referral needs).</summary>
    [MaxLength(4000)]
    public string? Outcome { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>When the referring worker saw the partner's answer ("mes échéances" shows unseen answers).</summary>
    public DateTimeOffset? AnswerSeenAt { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static bool IsOpen(ReferralStatus status) => status is ReferralStatus.Draft or ReferralStatus.Sent or ReferralStatus.Accepted;
}

/// <summary>The organisation's referral settings (one row per organisation; absent = defaults).</summary>
public sealed class ReferralSettings : IOrganisationOwned, IVersioned, IStamped
{
    public const int DefaultExpiryDays = 30;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    /// <summary>Days a partner has to answer before a sent referral expires.</summary>
    public int ExpiryDays { get; set; } = DefaultExpiryDays;

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class ReferralModel
{
    public static readonly Type[] AuditedTypes = [typeof(Referral), typeof(ReferralSettings)];

    public static void Configure(ModelBuilder b)
    {
        b.Entity<Referral>(e =>
        {
            e.ToTable("Referrals");
            e.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Accompaniment>().WithMany().HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Outreach.ContactAttempt>().WithMany().HasForeignKey(x => x.ContactAttemptId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Collective.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.PartnerOrganisation).WithMany().HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.PartnerService).WithMany().HasForeignKey(x => x.PartnerServiceId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.AccompanimentConsent).WithMany().HasForeignKey(x => x.AccompanimentConsentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.ReferrerUserId).OnDelete(DeleteBehavior.SetNull);
            // A partner's inbox; a worker's referrals; a person's referrals; the expiry sweep.
            e.HasIndex(x => new { x.OrganisationId, x.PartnerOrganisationId, x.Status });
            e.HasIndex(x => new { x.OrganisationId, x.ReferrerUserId, x.Status });
            e.HasIndex(x => new { x.OrganisationId, x.PersonId });
            e.HasIndex(x => new { x.Status, x.AnswerDueOn });
        });
        b.Entity<ReferralSettings>(e =>
        {
            e.ToTable("ReferralSettings");
            e.HasIndex(x => x.OrganisationId).IsUnique();
        });
    }
}

public static class ReferralQueries
{
    extension(RelaisDbContext db)
    {
        public DbSet<Referral> Referrals => db.Set<Referral>();
        public DbSet<ReferralSettings> ReferralSettings => db.Set<ReferralSettings>();

        /// <summary>The organisation's delay before a sent referral expires (the default when never set).</summary>
        public async Task<int> ReferralExpiryDaysAsync(CancellationToken ct) =>
            await db.Set<ReferralSettings>().Select(s => (int?)s.ExpiryDays).FirstOrDefaultAsync(ct) ?? Referrals.ReferralSettings.DefaultExpiryDays;
    }
}
