using System.ComponentModel.DataAnnotations;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sheets;

public enum SheetStatus
{
    [Display(Name = "Brouillon")] Draft = 0,
    [Display(Name = "Finalisée")] Final = 1,
}

/// <summary>
/// A practice sheet (fiche d'expérience), drafted when a project is closed and edited by its team: context, what was
/// done, partners, cost, results, lessons, what to reuse. Markdown, rendered sanitised (<see cref="SheetMarkdown"/>).
/// Publishable outside the organisation only without personal data (<see cref="PersonalDataCheck"/>): then readable
/// through an anonymous URL (<see cref="PublicToken"/>).
/// </summary>
public sealed class PracticeSheet : IOrganisationOwned, IVersioned, IStamped
{
    public const int TitleMaxLength = 200;
    public const int SectionMaxLength = 8000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    /// <summary>The closed project it tells of.</summary>
    public Guid ProjectId { get; set; }

    [MaxLength(TitleMaxLength)]
    public string Title { get; set; } = "";

    /// <summary>The theme's name when the sheet was drafted (the library filters on it).</summary>
    [MaxLength(ProjectTheme.NameMaxLength)]
    public string Theme { get; set; } = "";

    /// <summary>The year the project closed.</summary>
    public int Year { get; set; }

    public SheetStatus Status { get; set; }

    [MaxLength(SectionMaxLength)] public string Context { get; set; } = "";
    [MaxLength(SectionMaxLength)] public string WhatWasDone { get; set; } = "";
    [MaxLength(SectionMaxLength)] public string Partners { get; set; } = "";
    [MaxLength(SectionMaxLength)] public string Cost { get; set; } = "";
    [MaxLength(SectionMaxLength)] public string Results { get; set; } = "";
    [MaxLength(SectionMaxLength)] public string Lessons { get; set; } = "";
    [MaxLength(SectionMaxLength)] public string Reuse { get; set; } = "";

    /// <summary>Folded words of the title and sections (accent- and case-insensitive search), kept by the pages.</summary>
    public string SearchKey { get; set; } = "";

    /// <summary>Marked "publiable hors de l'organisation" on this day (checked free of personal data); null: internal.</summary>
    public DateOnly? PublishedOn { get; set; }

    /// <summary>The secret of the public, anonymous URL; set while published.</summary>
    [MaxLength(64)]
    public string? PublicToken { get; set; }

    public DateOnly? FinalisedOn { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public IEnumerable<(string Key, string Heading, string Text)> Sections() =>
    [
        (nameof(Context), "Contexte", Context),
        (nameof(WhatWasDone), "Ce qui a été fait", WhatWasDone),
        (nameof(Partners), "Partenaires", Partners),
        (nameof(Cost), "Coût et financement", Cost),
        (nameof(Results), "Résultats", Results),
        (nameof(Lessons), "Enseignements", Lessons),
        (nameof(Reuse), "Ce qui peut être repris ailleurs", Reuse),
    ];
}
