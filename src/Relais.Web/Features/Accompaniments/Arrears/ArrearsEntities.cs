using System.ComponentModel.DataAnnotations;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>Who the repayment plan was agreed with. Stored by number: never renumber.</summary>
public enum PlanCounterparty
{
    [Display(Name = "Le bailleur (accord amiable)")] Landlord = 0,
    [Display(Name = "La commission de surendettement")] OverIndebtednessCommission = 1,
    [Display(Name = "Le tribunal (délais de paiement accordés par le juge)")] Court = 2,
    [Display(Name = "Autre")] Other = 9,
}

public enum PlanStatus
{
    [Display(Name = "En cours")] Active = 0,
    [Display(Name = "Soldé")] Completed = 1,
    [Display(Name = "Caduc")] Lapsed = 2,
    [Display(Name = "Remplacé par un nouveau plan")] Replaced = 3,
}

/// <summary>
/// A repayment plan (plan d'apurement) of the rent debt: a total, instalments due each month on top of the rent, who
/// agreed to it and when. Whether each instalment was respected is computed from the rent ledger
/// (<see cref="ArrearsRules"/>); the worker can confirm or correct it. The schedule is fixed once recorded: a plan
/// renegotiated is a new plan, the old one marked "remplacé".
/// </summary>
public sealed class RepaymentPlan : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public Accompaniment? Accompaniment { get; set; }

    /// <summary>The debt the plan repays, in euros.</summary>
    public decimal TotalDebt { get; set; }

    /// <summary>The first month of the plan (first day of the month).</summary>
    public DateOnly StartMonth { get; set; }

    public PlanCounterparty AgreedWith { get; set; }

    /// <summary>Who exactly ("service contentieux", "juge des contentieux de la protection de Créteil").</summary>
    [MaxLength(160)]
    public string? AgreedWithDetail { get; set; }

    public DateOnly AgreedOn { get; set; }

    public PlanStatus Status { get; set; }

    /// <summary>When it was paid off, lapsed or replaced.</summary>
    public DateOnly? EndedOn { get; set; }

    [MaxLength(1000)]
    public string? Note { get; set; }

    public Guid? RecordedByUserId { get; set; }

    [MaxLength(160)]
    public string RecordedByName { get; set; } = "";

    public List<RepaymentInstalment> Instalments { get; set; } = [];

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The worker's word on an instalment, which takes precedence over what the ledger says.</summary>
public enum InstalmentVerdict
{
    [Display(Name = "Respectée")] Respected = 0,
    [Display(Name = "Non respectée")] Missed = 1,
}

/// <summary>One instalment of a plan: paid on top of the rent of the month it is due in.</summary>
public sealed class RepaymentInstalment : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PlanId { get; set; }
    public RepaymentPlan? Plan { get; set; }

    /// <summary>1, 2, 3… in the order of the due dates.</summary>
    public int Number { get; set; }

    public DateOnly DueOn { get; set; }

    /// <summary>The month of the ledger it is checked against: the first day of <see cref="DueOn"/>'s month.</summary>
    public DateOnly Month { get; set; }

    public decimal Amount { get; set; }

    /// <summary>Null: what the ledger says. Otherwise the worker confirmed or corrected it, with a reason.</summary>
    public InstalmentVerdict? Verdict { get; set; }

    [MaxLength(500)]
    public string? VerdictReason { get; set; }

    [MaxLength(160)]
    public string? VerdictByName { get; set; }

    public DateOnly? VerdictOn { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum FslPurpose
{
    [Display(Name = "Maintien dans le logement")] Maintenance = 0,
    [Display(Name = "Accès à un logement")] Access = 1,
    [Display(Name = "Énergie, eau")] Energy = 2,
}

public enum FslDecision
{
    [Display(Name = "En attente")] Pending = 0,
    [Display(Name = "Accordé")] Granted = 1,
    [Display(Name = "Refusé")] Refused = 2,
}

/// <summary>A request to the Fonds de solidarité logement: filed, for how much, decided (or not yet), granted how much.</summary>
public sealed class FslRequest : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public FslPurpose Purpose { get; set; }
    public DateOnly FiledOn { get; set; }
    public decimal AmountRequested { get; set; }
    public FslDecision Decision { get; set; }
    public DateOnly? DecisionOn { get; set; }
    public decimal? AmountGranted { get; set; }

    [MaxLength(1000)]
    public string? Note { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum OverIndebtednessStatus
{
    [Display(Name = "Déposé")] Filed = 0,
    [Display(Name = "Recevable")] Admissible = 1,
    [Display(Name = "Irrecevable")] Inadmissible = 2,
    [Display(Name = "Plan ou mesures imposées")] Measures = 3,
    [Display(Name = "Rétablissement personnel")] PersonalRecovery = 4,
}

/// <summary>An over-indebtedness file (dossier de surendettement) at the Banque de France and where it stands.</summary>
public sealed class OverIndebtednessFile : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public DateOnly FiledOn { get; set; }
    public OverIndebtednessStatus Status { get; set; }

    /// <summary>When the commission declared it admissible (recevable) or not.</summary>
    public DateOnly? AdmissibilityOn { get; set; }

    /// <summary>When the plan, the imposed measures or the personal recovery (rétablissement personnel) was decided.</summary>
    public DateOnly? OutcomeOn { get; set; }

    [MaxLength(1000)]
    public string? Note { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// The stages of an eviction procedure (procédure d'expulsion), numbered in their legal order (which breaks ties
/// between two stages of the same day). Stored by number: never renumber.
/// </summary>
public enum EvictionStage
{
    [Display(Name = "Commandement de payer")] PaymentOrder = 0,
    [Display(Name = "Saisine de la CCAPEX")] CcapexReferral = 1,
    [Display(Name = "Assignation au tribunal")] Summons = 2,
    [Display(Name = "Audience")] Hearing = 3,
    [Display(Name = "Jugement")] Judgment = 4,
    [Display(Name = "Commandement de quitter les lieux")] OrderToLeave = 5,
    [Display(Name = "Demande du concours de la force publique")] PoliceAssistanceRequested = 6,
    [Display(Name = "Octroi du concours de la force publique")] PoliceAssistanceGranted = 7,
    [Display(Name = "Procédure arrêtée (dette soldée, protocole, désistement…)")] Stopped = 9,
}

/// <summary>One stage of the eviction procedure, as it happened: its date, the next date or deadline, a note.</summary>
public sealed class EvictionStep : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public EvictionStage Stage { get; set; }
    public DateOnly On { get; set; }

    /// <summary>The next date or deadline known (hearing set, end of a legal delay); the legal delay when empty.</summary>
    public DateOnly? NextOn { get; set; }

    [MaxLength(1000)]
    public string? Note { get; set; }

    [MaxLength(160)]
    public string RecordedByName { get; set; } = "";

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
