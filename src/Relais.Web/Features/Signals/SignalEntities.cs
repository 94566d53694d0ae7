using System.ComponentModel.DataAnnotations;
using Relais.Features.Households;
using Relais.Infrastructure.Data;

namespace Relais.Features.Signals;

public enum SignalSource
{
    [Display(Name = "Quittancement")] Ledger = 0,
    [Display(Name = "Équipe")] Staff = 1,
    [Display(Name = "Partenaire")] Partner = 2,
    [Display(Name = "Habitant")] Self = 3,
}

public enum SignalType
{
    [Display(Name = "Premier impayé")] FirstUnpaidMonth = 0,
    [Display(Name = "Dette importante")] DebtThreshold = 1,
    [Display(Name = "Dette en hausse")] DebtRising = 2,
    [Display(Name = "Arrêt de l'aide au logement")] HousingBenefitStopped = 3,
    [Display(Name = "Plan d'apurement non respecté")] RepaymentPlanBroken = 4,
    [Display(Name = "Isolement")] Isolation = 10,
    [Display(Name = "Boîte aux lettres pleine")] Letterbox = 11,
    [Display(Name = "Hygiène, odeur inquiétante")] Hygiene = 12,
    [Display(Name = "Conflit de voisinage")] NeighbourConflict = 13,
    [Display(Name = "Inquiétude pour la santé")] HealthWorry = 14,
    [Display(Name = "Autre")] Other = 19,
}

public enum SignalSeverity
{
    [Display(Name = "Faible")] Low = 1,
    [Display(Name = "Moyenne")] Medium = 2,
    [Display(Name = "Élevée")] High = 3,
}

public enum SignalStatus
{
    [Display(Name = "Nouveau")] New = 0,
    [Display(Name = "En cours d'aller-vers")] InOutreach = 1,
    [Display(Name = "Traité")] Handled = 2,
    [Display(Name = "Écarté")] Dismissed = 3,
}

/// <summary>Why a household might need someone to come towards it (repérage).</summary>
public sealed class Signal : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid HouseholdId { get; set; }
    public Household? Household { get; set; }

    public SignalSource Source { get; set; }
    public SignalType Type { get; set; }
    public SignalSeverity Severity { get; set; }
    public SignalStatus Status { get; set; }

    /// <summary>Plain French explanation, e.g. "Dette de 1 240 € soit 2,8 mois de loyer, en hausse depuis 3 mois".
    /// For ledger rules it names amounts: shown only to roles allowed to see debts.</summary>
    [MaxLength(500)]
    public string Explanation { get; set; } = "";

    /// <summary>The same explanation without amounts, for field agents when the organisation does not let them see debts.</summary>
    [MaxLength(500)]
    public string PublicExplanation { get; set; } = "";

    /// <summary>Debt at detection (ledger rules), for sorting and statistics; hidden from field agents unless allowed.</summary>
    public decimal? DebtAmount { get; set; }

    /// <summary>For idempotent detection: one ledger signal per household, rule and month.</summary>
    [MaxLength(80)]
    public string? RuleKey { get; set; }

    /// <summary>The month of the ledger that raised it (ledger rules).</summary>
    public DateOnly? LedgerMonth { get; set; }

    /// <summary>Free text of a staff or partner report.</summary>
    [MaxLength(2000)]
    public string? Note { get; set; }

    /// <summary>A confidential note is never shown to field agents.</summary>
    public bool NoteConfidential { get; set; }

    /// <summary>For a partner report: which partner, as told by the person who recorded it.</summary>
    [MaxLength(200)]
    public string? PartnerSource { get; set; }

    public Guid? ReportedByUserId { get; set; }

    [MaxLength(160)]
    public string? ReportedByName { get; set; }

    [MaxLength(500)]
    public string? DismissReason { get; set; }

    public DateTimeOffset DetectedAt { get; set; }
    public DateTimeOffset? StatusChangedAt { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An organisation's thresholds for the ledger rules and its outreach settings (one row per organisation).</summary>
public sealed class OutreachSettings : IOrganisationOwned, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    public bool FirstUnpaidMonthEnabled { get; set; } = true;

    /// <summary>Debt ≥ this many months of rent raises "dette importante" (0 disables).</summary>
    public decimal DebtMonthsThreshold { get; set; } = 2m;

    /// <summary>Debt rising this many months in a row raises "dette en hausse" (0 disables).</summary>
    public int DebtRisingMonths { get; set; } = 3;

    public bool HousingBenefitStoppedEnabled { get; set; } = true;

    /// <summary>A refusal holds the household back from new outreach for this many months, unless a new serious signal arrives.</summary>
    public int RefusalHoldMonths { get; set; } = 6;

    /// <summary>When true, field agents see debt amounts in signals; by default they do not.</summary>
    public bool FieldAgentsSeeDebtAmounts { get; set; }

    /// <summary>A repayment plan with this many consecutive missed instalments is broken and raises a signal (0 disables).</summary>
    public int RepaymentPlanMissedInstalments { get; set; } = 1;

    /// <summary>Days after an instalment's due date before it counts as missed (payments take time to reach the ledger).</summary>
    public int RepaymentPlanGraceDays { get; set; } = 10;

    public int Version { get; set; }
}
