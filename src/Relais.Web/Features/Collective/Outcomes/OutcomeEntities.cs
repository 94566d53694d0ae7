using System.ComponentModel.DataAnnotations;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Outcomes;

public enum IndicatorDirection
{
    [Display(Name = "À augmenter")] Increase = 0,
    [Display(Name = "À réduire")] Decrease = 1,
}

/// <summary>What Relais can count by itself from the project's data.</summary>
public enum IndicatorComputation
{
    [Display(Name = "Saisi à la main")] None = 0,
    /// <summary>Distinct resident members present at least once (at a session that was not cancelled).</summary>
    [Display(Name = "Participants (habitants présents au moins une fois)")] Participants = 1,
    /// <summary>Past sessions, not cancelled, whose attendance was taken (someone present).</summary>
    [Display(Name = "Séances tenues")] SessionsHeld = 2,
    /// <summary>Resident members who are porteurs of the project.</summary>
    [Display(Name = "Habitants devenus porteurs")] ResidentCarriers = 3,
}

/// <summary>An indicator chosen for a project (participants, séances tenues, dette réduite…), measured over time.</summary>
public sealed class ProjectIndicator : IOrganisationOwned, IVersioned, IStamped
{
    public const int NameMaxLength = 120;
    public const int UnitMaxLength = 40;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid ProjectId { get; set; }

    [MaxLength(NameMaxLength)]
    public string Name { get; set; } = "";

    [MaxLength(UnitMaxLength)]
    public string Unit { get; set; } = "";

    public decimal? Target { get; set; }
    public IndicatorDirection Direction { get; set; }
    public IndicatorComputation Computation { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One measurement of an indicator.</summary>
public sealed class IndicatorMeasurement : IOrganisationOwned, IStamped
{
    public const int CommentMaxLength = 500;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid IndicatorId { get; set; }
    public DateOnly MeasuredOn { get; set; }
    public decimal Value { get; set; }

    [MaxLength(CommentMaxLength)]
    public string Comment { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
