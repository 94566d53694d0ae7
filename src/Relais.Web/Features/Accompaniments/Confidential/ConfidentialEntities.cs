using System.ComponentModel.DataAnnotations;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Confidential;

/// <summary>Who may read a note or a document. Stored by number: never renumber.</summary>
public enum ConfidentialityLevel
{
    /// <summary>Its author only: no other user, whatever their role, reads it.</summary>
    [Display(Name = "Privée (moi seul·e)")] Private = 0,

    /// <summary>The social team of the organisation: Responsables and Conseillers.</summary>
    [Display(Name = "Équipe sociale")] Team = 1,

    /// <summary>The team and the accompanied person, in their own space.</summary>
    [Display(Name = "Partagée avec la personne")] Person = 2,

    /// <summary>The team, the person, and one partner structure while the person's consent to share with it is current.</summary>
    [Display(Name = "Partagée avec une structure partenaire")] Partner = 3,
}

public enum ConsentKind
{
    /// <summary>To share strictly necessary information with one named partner structure (secret professionnel partagé).</summary>
    [Display(Name = "Partage avec une structure partenaire")] ShareWithPartner = 0,

    /// <summary>Express consent to record information about the person's health.</summary>
    [Display(Name = "Informations de santé")] Health = 1,
}

[Flags]
public enum HealthCategories
{
    None = 0,
    [Display(Name = "Maladie chronique ou de longue durée")] ChronicIllness = 1,
    [Display(Name = "Handicap, perte d’autonomie")] Disability = 2,
    [Display(Name = "Santé mentale, souffrance psychique")] MentalHealth = 4,
    [Display(Name = "Addiction")] Addiction = 8,
    [Display(Name = "Grossesse, maternité")] Maternity = 16,
    [Display(Name = "Accès aux soins, droits santé")] AccessToCare = 32,
}

/// <summary>
/// One consent of the accompanied person, beyond the consent to the accompaniment itself: to share with a named
/// partner structure, or to record health information. Current until withdrawn; withdrawal takes effect at once
/// because every read checks <see cref="WithdrawnAt"/> in its query.
/// </summary>
public sealed class AccompanimentConsent : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public Accompaniment? Accompaniment { get; set; }

    public ConsentKind Kind { get; set; }

    /// <summary>For <see cref="ConsentKind.ShareWithPartner"/>: the structure named in the consent.</summary>
    public Guid? PartnerOrganisationId { get; set; }
    public PartnerOrganisation? PartnerOrganisation { get; set; }

    /// <summary>What the person agreed to, in a few words (e.g. "dossier FSL", "suivi budgétaire").</summary>
    [MaxLength(500)]
    public string? Scope { get; set; }

    public DateOnly GivenOn { get; set; }
    public ConsentChannel Channel { get; set; }

    public Guid? RecordedByUserId { get; set; }

    [MaxLength(160)]
    public string RecordedByName { get; set; } = "";

    public DateTimeOffset? WithdrawnAt { get; set; }
    public Guid? WithdrawnByUserId { get; set; }

    [MaxLength(160)]
    public string? WithdrawnByName { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>What notes and documents share: a level, an author, and for partner sharing the consent it rests on.</summary>
public interface IConfidentialItem
{
    Guid AccompanimentId { get; }
    Accompaniment? Accompaniment { get; }
    ConfidentialityLevel Level { get; }
    Guid AuthorUserId { get; }

    /// <summary>For <see cref="ConfidentialityLevel.Partner"/>: the consent to share with that partner (readable while it is current).</summary>
    Guid? ConsentId { get; }
    AccompanimentConsent? Consent { get; }
}

public sealed class AccompanimentNote : IOrganisationOwned, IVersioned, IStamped, IConfidentialItem
{
    public const int MaxLength = 8000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public Accompaniment? Accompaniment { get; set; }

    public ConfidentialityLevel Level { get; set; }
    public Guid? ConsentId { get; set; }
    public AccompanimentConsent? Consent { get; set; }

    public Guid AuthorUserId { get; set; }

    [MaxLength(160)]
    public string AuthorName { get; set; } = "";

    [MaxLength(MaxLength)]
    public string Text { get; set; } = "";

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class AccompanimentDocument : IOrganisationOwned, IVersioned, IStamped, IConfidentialItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public Accompaniment? Accompaniment { get; set; }

    public ConfidentialityLevel Level { get; set; }
    public Guid? ConsentId { get; set; }
    public AccompanimentConsent? Consent { get; set; }

    /// <summary>Who added it.</summary>
    public Guid AuthorUserId { get; set; }

    [MaxLength(160)]
    public string AuthorName { get; set; } = "";

    /// <summary>The title shown in lists and used as the download name; never used on disk.</summary>
    [MaxLength(200)]
    public string Title { get; set; } = "";

    [MaxLength(40)]
    public string ContentType { get; set; } = "";

    public long SizeBytes { get; set; }

    /// <summary>The file's name in the document folder: a generated id, never the user's file name.</summary>
    [MaxLength(80)]
    public string StorageName { get; set; } = "";

    [MaxLength(64)]
    public string Sha256 { get; set; } = "";

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// Health information of the accompanied person: only stored while an express health consent is current, erased
/// when it is withdrawn (docs/decisions/0013-accompaniment-confidentiality.md).
/// </summary>
public sealed class AccompanimentHealth : IOrganisationOwned, IVersioned, IStamped
{
    public const int MaxLength = 4000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }
    public Accompaniment? Accompaniment { get; set; }

    public HealthCategories Categories { get; set; }

    [MaxLength(MaxLength)]
    public string? Text { get; set; }

    public Guid? UpdatedByUserId { get; set; }

    [MaxLength(160)]
    public string UpdatedByName { get; set; } = "";

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
