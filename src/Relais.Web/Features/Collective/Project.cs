using System.ComponentModel.DataAnnotations;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective;

public enum ProjectKind
{
    [Display(Name = "Projet collectif")] Project = 0,
    /// <summary>"Accompagnement collectif individualisé": a group's sessions linked to each member's individual plan.</summary>
    [Display(Name = "Programme de groupe")] Programme = 1,
}

/// <summary>
/// A sensitive group (arrears, health): its membership is confidential — invisible to other residents, to Agents de
/// proximité and to partners unless the member consented (<see cref="ProjectMember.MembershipSharedOn"/>).
/// </summary>
public enum ProjectSensitivity
{
    [Display(Name = "Aucune")] None = 0,
    [Display(Name = "Impayés")] Arrears = 1,
    [Display(Name = "Santé")] Health = 2,
}

public enum ProjectStatus
{
    [Display(Name = "En préparation")] Preparing = 0,
    [Display(Name = "En cours")] Active = 1,
    [Display(Name = "Suspendu")] Suspended = 2,
    [Display(Name = "Clos")] Closed = 3,
}

public enum ProjectOrigin
{
    [Display(Name = "Proposé par des habitants")] Residents = 0,
    [Display(Name = "Proposé par l’équipe sociale")] SocialTeam = 1,
    [Display(Name = "Proposé par un partenaire")] Partner = 2,
}

/// <summary>The role of the social function in the project (the seminar's "mode d'action").</summary>
public enum ActionMode
{
    [Display(Name = "Initiateur")] Initiator = 0,
    [Display(Name = "Facilitateur")] Facilitator = 1,
    [Display(Name = "Soutien")] Support = 2,
}

/// <summary>The organisation's configurable list of themes (cadre de vie, lien social, budget et impayés…).</summary>
public sealed class ProjectTheme : IOrganisationOwned, IStamped
{
    public const int NameMaxLength = 80;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    [MaxLength(NameMaxLength)]
    public string Name { get; set; } = "";

    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The themes every organisation starts with (seed 001, seed 004).</summary>
    public static readonly string[] Defaults =
    [
        "Cadre de vie", "Lien social", "Budget et impayés", "Santé", "Numérique", "Jeunesse", "Embellissement",
        "Jardins", "Autre",
    ];
}

/// <summary>
/// A collective project or a group programme. Its fields follow the seminar's template (seed 001): thématique, mode
/// d'action (role of the social function, partners), investissement des habitants, pistes de financement, confidentialité.
/// </summary>
public sealed class Project : IOrganisationOwned, IVersioned, IStamped
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 4000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    [MaxLength(TitleMaxLength)]
    public string Title { get; set; } = "";

    public Guid ThemeId { get; set; }
    public ProjectTheme? Theme { get; set; }

    public ProjectKind Kind { get; set; }
    public ProjectSensitivity Sensitivity { get; set; }
    public ProjectStatus Status { get; set; }
    public ProjectOrigin Origin { get; set; }

    [MaxLength(TextMaxLength)]
    public string Objectives { get; set; } = "";

    public ActionMode ActionMode { get; set; }

    /// <summary>How the social function acts, with which partners.</summary>
    [MaxLength(TextMaxLength)]
    public string ActionModeDetails { get; set; } = "";

    [MaxLength(TextMaxLength)]
    public string ResidentInvolvement { get; set; } = "";

    [MaxLength(TextMaxLength)]
    public string FundingLeads { get; set; } = "";

    /// <summary>What must stay confidential in this project (free text of the template).</summary>
    [MaxLength(TextMaxLength)]
    public string ConfidentialityNotes { get; set; } = "";

    /// <summary>Shown to the Habitants of its territory ("open projects of my residence"); never for a sensitive group.</summary>
    public bool OpenToResidents { get; set; }

    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public DateOnly? ClosedOn { get; set; }

    /// <summary>Secret of the project's iCalendar feed URL (calendar applications cannot sign in); null: no feed.</summary>
    [MaxLength(64)]
    public string? CalendarFeedToken { get; set; }

    public Guid? CreatedByUserId { get; set; }

    public List<ProjectTerritory> Territory { get; set; } = [];
    public List<ProjectMember> Members { get; set; } = [];

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One place of a project's territory: a residence, a building or a commune (INSEE code); exactly one is set.</summary>
public sealed class ProjectTerritory : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid ProjectId { get; set; }
    public Guid? ResidenceId { get; set; }
    public Guid? BuildingId { get; set; }

    [MaxLength(5)]
    public string? CommuneCode { get; set; }
}

public enum MemberKind
{
    [Display(Name = "Habitant")] Resident = 0,
    [Display(Name = "Professionnel")] Staff = 1,
    [Display(Name = "Partenaire")] Partner = 2,
}

public enum MemberRole
{
    [Display(Name = "Porteur")] Carrier = 0,
    [Display(Name = "Participant")] Participant = 1,
    [Display(Name = "Bénévole")] Volunteer = 2,
    [Display(Name = "Animateur")] Facilitator = 3,
    [Display(Name = "Référent")] Referent = 4,
}

/// <summary>
/// A member of a project: a resident (a person of a household), a staff user or a partner organisation. In a group
/// programme a resident member is linked to their individual accompaniment.
/// </summary>
public sealed class ProjectMember : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid ProjectId { get; set; }

    public MemberKind Kind { get; set; }
    public MemberRole Role { get; set; }

    public Guid? PersonId { get; set; }
    public Guid? UserId { get; set; }
    public Guid? PartnerOrganisationId { get; set; }

    /// <summary>In a group programme: the member's individual accompaniment.</summary>
    public Guid? AccompanimentId { get; set; }

    /// <summary>For a sensitive group: the day the member agreed that their membership be visible beyond the staff of
    /// the project (other residents, field agents, partners); null: confidential.</summary>
    public DateOnly? MembershipSharedOn { get; set; }

    public DateOnly JoinedOn { get; set; }
    public DateOnly? LeftOn { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A session (séance, atelier, réunion) of a project.</summary>
public sealed class ProjectSession : IOrganisationOwned, IVersioned, IStamped
{
    public const int MinutesMaxLength = 20000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid ProjectId { get; set; }

    [MaxLength(Project.TitleMaxLength)]
    public string Title { get; set; } = "";

    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }

    [MaxLength(300)]
    public string Place { get; set; } = "";

    [MaxLength(Project.TextMaxLength)]
    public string Agenda { get; set; } = "";

    [MaxLength(MinutesMaxLength)]
    public string Minutes { get; set; } = "";

    public bool Cancelled { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum AttendanceStatus
{
    [Display(Name = "Invité")] Invited = 0,
    [Display(Name = "Présent")] Present = 1,
    [Display(Name = "Excusé")] Excused = 2,
    [Display(Name = "Absent")] Absent = 3,
}

/// <summary>A member invited to a session (the invitation list) and, once taken, their attendance.</summary>
public sealed class SessionAttendance : IOrganisationOwned
{
    public Guid OrganisationId { get; set; }
    public Guid SessionId { get; set; }
    public Guid MemberId { get; set; }
    public AttendanceStatus Status { get; set; }
    public DateTimeOffset? RecordedAt { get; set; }
    public Guid? RecordedByUserId { get; set; }
}
