using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>
/// The individual file co-written with the person: the scope of their consent, their referents, their own account of
/// their situation, the next review, and the closure. Its items (strengths, rights, goals with their actions and
/// reviews, meetings) are rows of their own, each versioned so that two workers editing two items never collide.
/// </summary>
public sealed partial class Accompaniment
{
    /// <summary>What the person agreed to, in plain words (who may be contacted, what may be shared).</summary>
    [MaxLength(1000)]
    public string? ConsentScope { get; set; }

    /// <summary>The person's own account of their situation, in their words.</summary>
    [MaxLength(4000)]
    public string? OwnAccount { get; set; }

    public DateOnly? NextReviewOn { get; set; }

    public ClosureOutcome? ClosureOutcome { get; set; }

    [MaxLength(1000)]
    public string? ClosureComment { get; set; }

    /// <summary>The date of the last contact with the person: the 2-year retention period runs from it.</summary>
    public DateOnly? LastContactOn { get; set; }

    public DateOnly? ClosedOn { get; set; }
    public Guid? ClosedByUserId { get; set; }

    [MaxLength(160)]
    public string? ClosedByName { get; set; }

    public List<AccompanimentReferent> Referents { get; set; } = [];
    public List<AccompanimentStrength> Strengths { get; set; } = [];
    public List<AccompanimentRight> Rights { get; set; } = [];
    public List<AccompanimentGoal> Goals { get; set; } = [];
    public List<AccompanimentMeeting> Meetings { get; set; } = [];

    /// <summary>Until when a closed file is kept: two years after the last contact.</summary>
    [NotMapped]
    public DateOnly? KeptUntil => LastContactOn?.AddYears(AccompanimentRules.RetentionYears);

    [NotMapped]
    public bool IsOpen => Status == AccompanimentStatus.Open;
}

public static class AccompanimentRules
{
    public const int RetentionYears = 2;

    /// <summary>How far ahead "mes échéances" looks.</summary>
    public const int DeadlineHorizonDays = 14;
}

public enum ClosureOutcome
{
    [Display(Name = "Objectifs atteints")] GoalsReached = 0,
    [Display(Name = "Déménagement")] Moved = 1,
    [Display(Name = "Refus de poursuivre")] RefusedToContinue = 2,
    [Display(Name = "Orientation vers un partenaire")] Referred = 3,
    [Display(Name = "Autre")] Other = 4,
}

/// <summary>A staff member (Responsable or Conseiller·ère) who follows the file; a file has at least one.</summary>
public sealed class AccompanimentReferent : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public Guid UserId { get; set; }
}

public enum StrengthKind
{
    [Display(Name = "Force")] Strength = 0,
    [Display(Name = "Habileté")] Skill = 1,
    [Display(Name = "Personne ressource, réseau")] SupportPerson = 2,
    [Display(Name = "Autre ressource")] OtherResource = 3,
}

/// <summary>What the person can build on: a strength, a skill, someone they can count on, another resource.</summary>
public sealed class AccompanimentStrength : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public StrengthKind Kind { get; set; }

    [MaxLength(1000)]
    public string Text { get; set; } = "";

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A right of the organisation's catalogue (APL, RSA… seeded, others added by the Responsable or the administrator).
/// A right is retired rather than deleted, so that the checks already recorded keep their name.
/// </summary>
public sealed class RightKind : IOrganisationOwned, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    /// <summary>The seeded rights' short code (APL, RSA…); null for a right added by the organisation.</summary>
    [MaxLength(20)]
    public string? Code { get; set; }

    [MaxLength(120)]
    public string Name { get; set; } = "";

    [MaxLength(500)]
    public string? Description { get; set; }

    public bool IsActive { get; set; } = true;
    public int SortOrder { get; set; }
    public int Version { get; set; }
}

public enum RightStatus
{
    [Display(Name = "Ouvert")] Open = 0,
    [Display(Name = "À vérifier")] ToCheck = 1,
    [Display(Name = "Non recours")] NotClaimed = 2,
    [Display(Name = "Demandé")] Requested = 3,
}

/// <summary>Where the person stands for one right of the catalogue. A right marked "non recours" is non-take-up found.</summary>
public sealed class AccompanimentRight : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public Guid RightKindId { get; set; }
    public RightKind? RightKind { get; set; }
    public RightStatus Status { get; set; }
    public DateOnly? RequestedOn { get; set; }
    public DateOnly? OpenedOn { get; set; }

    /// <summary>When the situation was last checked with the person.</summary>
    public DateOnly CheckedOn { get; set; }

    [MaxLength(500)]
    public string? Comment { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum GoalStatus
{
    [Display(Name = "En cours")] InProgress = 0,
    [Display(Name = "Atteint")] Reached = 1,
    [Display(Name = "Abandonné")] Abandoned = 2,
}

/// <summary>A goal chosen by the person, worded in their words, reviewed at review dates, reached through actions.</summary>
public sealed class AccompanimentGoal : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public Accompaniment? Accompaniment { get; set; }

    [MaxLength(500)]
    public string Wording { get; set; } = "";

    public GoalStatus Status { get; set; }

    /// <summary>When the person chose it.</summary>
    public DateOnly SetOn { get; set; }

    /// <summary>When it was reached or abandoned.</summary>
    public DateOnly? StatusOn { get; set; }

    public List<GoalAction> Actions { get; set; } = [];
    public List<GoalReview> Reviews { get; set; } = [];

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A review of a goal at a review date: where things stand, in a note, and the goal's status after it.</summary>
public sealed class GoalReview : IOrganisationOwned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid GoalId { get; set; }
    public DateOnly ReviewedOn { get; set; }

    [MaxLength(2000)]
    public string Note { get; set; } = "";

    public GoalStatus StatusAfter { get; set; }
    public Guid? ByUserId { get; set; }

    [MaxLength(160)]
    public string ByName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum ActionActor
{
    [Display(Name = "La personne")] Person = 0,
    [Display(Name = "Le/la conseiller·ère")] Worker = 1,
    [Display(Name = "Un partenaire")] Partner = 2,
}

public enum ActionStatus
{
    [Display(Name = "À faire")] ToDo = 0,
    [Display(Name = "En cours")] InProgress = 1,
    [Display(Name = "Fait")] Done = 2,
    [Display(Name = "Abandonné")] Abandoned = 3,
}

/// <summary>One step towards a goal: who does it, by when, where it stands.</summary>
public sealed class GoalAction : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid GoalId { get; set; }
    public AccompanimentGoal? Goal { get; set; }

    [MaxLength(500)]
    public string Description { get; set; } = "";

    public ActionActor Actor { get; set; }

    /// <summary>The partner's name when a partner does it (free text until partner structures exist).</summary>
    [MaxLength(160)]
    public string? PartnerName { get; set; }

    public DateOnly? DueOn { get; set; }
    public ActionStatus Status { get; set; }
    public DateOnly? DoneOn { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    [NotMapped]
    public bool IsPending => Status is ActionStatus.ToDo or ActionStatus.InProgress;
}

public enum MeetingMedium
{
    [Display(Name = "Bureau")] Office = 0,
    [Display(Name = "Domicile")] Home = 1,
    [Display(Name = "Téléphone")] Phone = 2,
    [Display(Name = "Visio")] Video = 3,
    [Display(Name = "Extérieur")] Outside = 4,
}

/// <summary>A meeting (entretien) with the person: when, how, who took part, what was said (a factual summary).</summary>
public sealed class AccompanimentMeeting : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public DateOnly HeldOn { get; set; }
    public MeetingMedium Medium { get; set; }

    [MaxLength(500)]
    public string Participants { get; set; } = "";

    [MaxLength(4000)]
    public string Summary { get; set; } = "";

    public Guid? RecordedByUserId { get; set; }

    [MaxLength(160)]
    public string RecordedByName { get; set; } = "";

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
