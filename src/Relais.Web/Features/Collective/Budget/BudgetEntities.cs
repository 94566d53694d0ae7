using System.ComponentModel.DataAnnotations;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Budget;

public enum FundingStatus
{
    [Display(Name = "Piste")] Lead = 0,
    [Display(Name = "Demandé")] Requested = 1,
    [Display(Name = "Accordé")] Granted = 2,
    [Display(Name = "Refusé")] Refused = 3,
    [Display(Name = "Versé")] Received = 4,
}

/// <summary>A funding line of a project: who funds (free text or a partner organisation), what was asked, granted and received.</summary>
public sealed class ProjectFundingLine : IOrganisationOwned, IVersioned, IStamped
{
    public const int SourceMaxLength = 200;
    public const int NoteMaxLength = 1000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid ProjectId { get; set; }

    /// <summary>The funder as typed (a city council, a foundation, the CAF…); empty when a partner organisation is chosen.</summary>
    [MaxLength(SourceMaxLength)]
    public string Source { get; set; } = "";

    public Guid? PartnerOrganisationId { get; set; }

    public FundingStatus Status { get; set; }

    public decimal? Requested { get; set; }
    public decimal? Granted { get; set; }
    public decimal? Received { get; set; }

    public DateOnly? RequestedOn { get; set; }
    public DateOnly? GrantedOn { get; set; }
    public DateOnly? ReceivedOn { get; set; }

    /// <summary>Why more was received than granted (a top-up, a late decision…); required in that case.</summary>
    [MaxLength(NoteMaxLength)]
    public string Note { get; set; } = "";

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum ExpenseCategory
{
    [Display(Name = "Matériel et fournitures")] Supplies = 0,
    [Display(Name = "Prestations et intervenants")] Services = 1,
    [Display(Name = "Convivialité et repas")] Catering = 2,
    [Display(Name = "Location de salle")] Venue = 3,
    [Display(Name = "Communication")] Communication = 4,
    [Display(Name = "Transport")] Transport = 5,
    [Display(Name = "Autre")] Other = 6,
}

/// <summary>An expense of a project.</summary>
public sealed class ProjectExpense : IOrganisationOwned, IVersioned, IStamped
{
    public const int LabelMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid ProjectId { get; set; }

    public DateOnly SpentOn { get; set; }

    [MaxLength(LabelMaxLength)]
    public string Label { get; set; } = "";

    public ExpenseCategory Category { get; set; }
    public decimal Amount { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
