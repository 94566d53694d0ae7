using System.ComponentModel.DataAnnotations;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Projects;

/// <summary>A step of a project: the phase it belongs to ("Préparation", "Réalisation"…), a title, when it is due and when it was reached.</summary>
public sealed class ProjectMilestone : IOrganisationOwned, IVersioned, IStamped
{
    public const int PhaseMaxLength = 120;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid ProjectId { get; set; }

    [MaxLength(PhaseMaxLength)]
    public string Phase { get; set; } = "";

    [MaxLength(Project.TitleMaxLength)]
    public string Title { get; set; } = "";

    public DateOnly? DueOn { get; set; }
    public DateOnly? DoneOn { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum RequestStatus
{
    [Display(Name = "En attente de réponse")] Pending = 0,
    [Display(Name = "Acceptée")] Accepted = 1,
    [Display(Name = "Déclinée")] Declined = 2,
}

/// <summary>A Habitant asks to join a project open to the residents of their residence; project staff accept (the person
/// becomes a participant) or decline with a reason the resident reads in their space.</summary>
public sealed class ProjectJoinRequest : IOrganisationOwned, IVersioned, IStamped
{
    public const int TextMaxLength = 1000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid ProjectId { get; set; }
    public Guid PersonId { get; set; }
    public Guid? UserId { get; set; }

    [MaxLength(TextMaxLength)]
    public string Message { get; set; } = "";

    public RequestStatus Status { get; set; }

    [MaxLength(TextMaxLength)]
    public string Answer { get; set; } = "";

    public Guid? AnsweredByUserId { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum ProposalStatus
{
    [Display(Name = "Nouvelle")] New = 0,
    [Display(Name = "Répondue")] Answered = 1,
    [Display(Name = "Devenue un projet")] Converted = 2,
}

/// <summary>A project proposed by a Habitant from their space: what, where. The social team answers, and may turn it into
/// a project carried by the resident (<see cref="ProjectOrigin.Residents"/>).</summary>
public sealed class ResidentProposal : IOrganisationOwned, IVersioned, IStamped
{
    public const int WhereMaxLength = 300;
    public const int AnswerMaxLength = 2000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PersonId { get; set; }
    public Guid? UserId { get; set; }

    /// <summary>The resident's residence when they proposed (the project's first territory).</summary>
    public Guid? ResidenceId { get; set; }

    [MaxLength(Project.TitleMaxLength)]
    public string Title { get; set; } = "";

    [MaxLength(Project.TextMaxLength)]
    public string What { get; set; } = "";

    [MaxLength(WhereMaxLength)]
    public string Place { get; set; } = "";

    public ProposalStatus Status { get; set; }

    [MaxLength(AnswerMaxLength)]
    public string Answer { get; set; } = "";

    public Guid? AnsweredByUserId { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public Guid? ProjectId { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
