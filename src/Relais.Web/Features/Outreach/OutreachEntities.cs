using System.ComponentModel.DataAnnotations;
using Relais.Features.Households;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;

namespace Relais.Features.Outreach;

public enum OutreachChannel
{
    [Display(Name = "Visite à domicile")] HomeVisit = 0,
    [Display(Name = "Porte-à-porte")] DoorToDoor = 1,
    [Display(Name = "Téléphone")] Phone = 2,
    [Display(Name = "Courrier")] Letter = 3,
    [Display(Name = "Permanence en pied d'immeuble")] DropIn = 4,
    [Display(Name = "Moment convivial")] Gathering = 5,
}

public enum CampaignStatus
{
    [Display(Name = "En préparation")] Draft = 0,
    [Display(Name = "En cours")] Active = 1,
    [Display(Name = "Terminée")] Closed = 2,
}

/// <summary>A round of going towards households (tournée, porte-à-porte, permanence…).</summary>
public sealed class OutreachCampaign : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    [MaxLength(160)]
    public string Name { get; set; } = "";

    public OutreachChannel Channel { get; set; }
    public CampaignStatus Status { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    [MaxLength(2000)]
    public string? Notes { get; set; }

    public Guid? CreatedByUserId { get; set; }

    public List<CampaignMember> Team { get; set; } = [];
    public List<OutreachTarget> Targets { get; set; } = [];

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class CampaignMember
{
    public Guid CampaignId { get; set; }
    public Guid UserId { get; set; }
}

public enum TargetStatus
{
    [Display(Name = "À contacter")] Pending = 0,
    [Display(Name = "Contacté")] Reached = 1,
    [Display(Name = "Refus")] Refused = 2,
    [Display(Name = "Mis en attente")] HeldBack = 3,
}

/// <summary>A household to go towards in a campaign, and why (its signal, when there is one).</summary>
public sealed class OutreachTarget : IOrganisationOwned, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid CampaignId { get; set; }
    public OutreachCampaign? Campaign { get; set; }
    public Guid HouseholdId { get; set; }
    public Household? Household { get; set; }
    public Guid? SignalId { get; set; }
    public Signal? Signal { get; set; }
    public TargetStatus Status { get; set; }

    /// <summary>Why the household is held back (a recent refusal), shown in the UI.</summary>
    [MaxLength(300)]
    public string? HoldReason { get; set; }

    public DateTimeOffset? FirstContactAt { get; set; }

    public List<ContactAttempt> Attempts { get; set; } = [];

    public int Version { get; set; }
}

public enum ContactOutcome
{
    [Display(Name = "Absent")] Absent = 0,
    [Display(Name = "Refus")] Refused = 1,
    [Display(Name = "Échange")] Talked = 2,
    [Display(Name = "Besoin exprimé")] NeedExpressed = 3,
    [Display(Name = "Orientation")] Referred = 4,
    [Display(Name = "Rendez-vous pris")] Appointment = 5,
}

public sealed class ContactAttempt : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid TargetId { get; set; }
    public OutreachTarget? Target { get; set; }
    public Guid HouseholdId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }

    [MaxLength(160)]
    public string UserName { get; set; } = "";

    public OutreachChannel Channel { get; set; }
    public ContactOutcome Outcome { get; set; }

    [MaxLength(2000)]
    public string? Note { get; set; }

    /// <summary>A confidential note is never shown to field agents.</summary>
    public bool NoteConfidential { get; set; }
}
