using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Users;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners;

/// <summary>The kinds of partner structures met by a landlord's social team. Stored by number: never renumber.</summary>
public enum PartnerKind
{
    [Display(Name = "Autre")] Other = 0,
    [Display(Name = "CCAS / CIAS")] Ccas = 1,
    [Display(Name = "CAF")] Caf = 2,
    [Display(Name = "CPAM")] Cpam = 3,
    [Display(Name = "Conseil départemental")] Departement = 4,
    [Display(Name = "Association")] Association = 5,
    [Display(Name = "Mission locale")] MissionLocale = 6,
    [Display(Name = "Équipe mobile psychiatrie-précarité (EMPP)")] Empp = 7,
    [Display(Name = "ADIL")] Adil = 8,
    [Display(Name = "Banque de France")] BanqueDeFrance = 9,
    [Display(Name = "Police, gendarmerie")] Police = 10,
    [Display(Name = "Établissement scolaire")] School = 11,
    [Display(Name = "Centre de santé")] HealthCentre = 12,
    [Display(Name = "Bailleur social")] Landlord = 13,
}

/// <summary>
/// A partner structure of the territory (CCAS, CAF, mission locale, association…): the directory entry, to which
/// Partenaire users belong, with which a person may agree to share part of their file, and to which referrals are
/// addressed. Its fields follow the data·inclusion "structure" schema (v1) so that import and export are faithful;
/// see docs/decisions/0017-partner-directory.md.
/// </summary>
public sealed class PartnerOrganisation : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    /// <summary>data·inclusion "nom" (3 to 150 characters in the schema).</summary>
    [MaxLength(160)]
    public required string Name { get; set; }

    /// <summary>An inactive structure gets no new sharing nor referral, and its users see nothing.</summary>
    public bool IsActive { get; set; } = true;

    public PartnerKind Kind { get; set; }

    /// <summary>14 digits, Luhn checksum (La Poste's establishments excepted); see <see cref="Siret"/>.</summary>
    [MaxLength(14)]
    public string? Siret { get; set; }

    [MaxLength(10000)]
    public string? Description { get; set; }

    [MaxLength(300)]
    public string? Address { get; set; }

    [MaxLength(300)]
    public string? AddressComplement { get; set; }

    [MaxLength(5)]
    public string? PostalCode { get; set; }

    [MaxLength(160)]
    public string? City { get; set; }

    /// <summary>INSEE code of the structure's commune.</summary>
    [MaxLength(5)]
    public string? CommuneCode { get; set; }

    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    [MaxLength(40)]
    public string? Phone { get; set; }

    [MaxLength(254)]
    public string? Email { get; set; }

    [MaxLength(2083)]
    public string? Website { get; set; }

    /// <summary>Opening hours, as the structure writes them (data·inclusion allows OSM opening_hours or free text).</summary>
    [MaxLength(1000)]
    public string? OpeningHours { get; set; }

    [MaxLength(2083)]
    public string? AccessibilityUrl { get; set; }

    /// <summary>data·inclusion "reseaux_porteurs" codes (v1/extra/reseaux-porteurs.json).</summary>
    public List<string> Networks { get; set; } = [];

    /// <summary>Identity in data·inclusion ("source" and "id"), kept so that importing the same file again updates.</summary>
    [MaxLength(100)]
    public string? SourceName { get; set; }

    [MaxLength(200)]
    public string? SourceId { get; set; }

    [MaxLength(2083)]
    public string? SourceUrl { get; set; }

    /// <summary>data·inclusion "date_maj": when the information was last checked.</summary>
    public DateOnly? CheckedOn { get; set; }

    public List<PartnerContact> Contacts { get; set; } = [];
    public List<PartnerCoverage> Coverage { get; set; } = [];
    public List<PartnerService> Services { get; set; } = [];
    public List<PartnerAgreement> Agreements { get; set; } = [];

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A person to call at a partner structure (professional contact details only).</summary>
public sealed class PartnerContact : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PartnerOrganisationId { get; set; }

    [MaxLength(160)]
    public required string Name { get; set; }

    /// <summary>Function at the structure (e.g. « conseillère ESF », « cheffe de service »).</summary>
    [MaxLength(160)]
    public string? Function { get; set; }

    [MaxLength(40)]
    public string? Phone { get; set; }

    [MaxLength(254)]
    public string? Email { get; set; }
}

/// <summary>
/// A place a structure covers: one of the organisation's residences, or an INSEE code (a commune, a département, an
/// EPCI, or "france"). A service with its own eligibility zone uses that zone instead.
/// </summary>
public sealed class PartnerCoverage : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PartnerOrganisationId { get; set; }
    public Guid? ResidenceId { get; set; }

    /// <summary>INSEE code: commune (5), département (2–3), EPCI (9), or "france".</summary>
    [MaxLength(9)]
    public string? Code { get; set; }
}

/// <summary>
/// A service a partner structure offers (data·inclusion "service", v1): what it is, for whom, on which themes, where,
/// at what cost, and how to mobilise it. List-valued fields hold the schema's reference codes (v1/extra/*.json).
/// </summary>
public sealed class PartnerService : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PartnerOrganisationId { get; set; }

    [MaxLength(160)]
    public required string Name { get; set; }

    [MaxLength(10000)]
    public required string Description { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>"type" code (v1/extra/types-de-services.json).</summary>
    [MaxLength(60)]
    public string? Type { get; set; }

    /// <summary>"thematiques" codes (v1/extra/thematiques.json), e.g. "logement-hebergement--…".</summary>
    public List<string> Themes { get; set; } = [];

    /// <summary>"publics" codes (v1/extra/publics.json).</summary>
    public List<string> Publics { get; set; } = [];

    [MaxLength(2000)]
    public string? PublicsDetails { get; set; }

    [MaxLength(2000)]
    public string? AccessConditions { get; set; }

    /// <summary>"frais" code (v1/extra/frais.json).</summary>
    [MaxLength(60)]
    public string? Fees { get; set; }

    [MaxLength(2000)]
    public string? FeesDetails { get; set; }

    /// <summary>"modes_accueil" codes.</summary>
    public List<string> ReceptionModes { get; set; } = [];

    /// <summary>"modes_mobilisation" codes: how to mobilise the service.</summary>
    public List<string> MobilisationModes { get; set; } = [];

    /// <summary>"mobilisable_par" codes: professionals, users.</summary>
    public List<string> MobilisableBy { get; set; } = [];

    [MaxLength(2000)]
    public string? MobilisationDetails { get; set; }

    [MaxLength(2083)]
    public string? MobilisationUrl { get; set; }

    [MaxLength(160)]
    public string? ContactName { get; set; }

    [MaxLength(40)]
    public string? Phone { get; set; }

    [MaxLength(254)]
    public string? Email { get; set; }

    [MaxLength(300)]
    public string? Address { get; set; }

    [MaxLength(300)]
    public string? AddressComplement { get; set; }

    [MaxLength(5)]
    public string? PostalCode { get; set; }

    [MaxLength(160)]
    public string? City { get; set; }

    [MaxLength(5)]
    public string? CommuneCode { get; set; }

    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    [MaxLength(1000)]
    public string? OpeningHours { get; set; }

    /// <summary>"zone_eligibilite": INSEE codes (commune, département, EPCI, "france"). Empty: the structure's coverage.</summary>
    public List<string> EligibilityZone { get; set; } = [];

    public int? Weeks { get; set; }
    public double? WeeklyHours { get; set; }

    [MaxLength(200)]
    public string? SourceId { get; set; }

    [MaxLength(2083)]
    public string? SourceUrl { get; set; }

    public DateOnly? CheckedOn { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum AgreementKind
{
    [Display(Name = "Convention de partenariat")] Convention = 0,
    [Display(Name = "Charte, protocole")] Charter = 1,
    [Display(Name = "Marché, prestation")] Contract = 2,
    [Display(Name = "Autre accord")] Other = 3,
}

/// <summary>An agreement with a partner structure (convention, charter…), its dates and its signed document.</summary>
public sealed class PartnerAgreement : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PartnerOrganisationId { get; set; }

    [MaxLength(200)]
    public required string Title { get; set; }

    public AgreementKind Kind { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }

    [MaxLength(2000)]
    public string? Notes { get; set; }

    /// <summary>The signed document, stored outside the web root like the accompaniments' documents.</summary>
    [MaxLength(200)]
    public string? DocumentFileName { get; set; }

    [MaxLength(100)]
    public string? DocumentContentType { get; set; }

    public long? DocumentSize { get; set; }

    [MaxLength(100)]
    public string? DocumentStorageKey { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The SIRET number: 14 digits whose Luhn sum is a multiple of 10 (or, for La Poste's SIREN 356000000, a digit sum multiple of 5).</summary>
public static class Siret
{
    /// <summary>Digits only (spaces and dots removed), or null when the text has other characters.</summary>
    public static string? Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var digits = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '.' && c != '\u00A0').ToArray());
        return digits.All(char.IsAsciiDigit) ? digits : null;
    }

    public static bool IsValid(string? siret)
    {
        if (siret is not { Length: 14 } || !siret.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 14; i++)
        {
            var d = siret[i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        // La Poste's establishments (SIREN 356000000) may fail the Luhn key; theirs is a digit sum multiple of 5.
        return sum % 10 == 0 || (siret.StartsWith("356000000", StringComparison.Ordinal) && siret.Sum(c => c - '0') % 5 == 0);
    }
}

public static class PartnerModel
{
    public static readonly Type[] AuditedTypes =
    [
        typeof(PartnerOrganisation), typeof(PartnerContact), typeof(PartnerCoverage), typeof(PartnerService), typeof(PartnerAgreement),
    ];

    public static void Configure(ModelBuilder b)
    {
        b.Entity<PartnerOrganisation>(e =>
        {
            e.ToTable("PartnerOrganisations");
            e.HasIndex(x => new { x.OrganisationId, x.Name }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.SourceName, x.SourceId });
        });
        b.Entity<AppUser>(e => e.HasOne<PartnerOrganisation>().WithMany().HasForeignKey(u => u.PartnerOrganisationId).OnDelete(DeleteBehavior.Restrict));
        b.Entity<PartnerContact>(e =>
        {
            e.ToTable("PartnerContacts");
            e.HasOne<PartnerOrganisation>().WithMany(p => p.Contacts).HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PartnerCoverage>(e =>
        {
            e.ToTable("PartnerCoverage");
            e.HasOne<PartnerOrganisation>().WithMany(p => p.Coverage).HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Housing.Residence>().WithMany().HasForeignKey(x => x.ResidenceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganisationId, x.ResidenceId });
            e.HasIndex(x => new { x.OrganisationId, x.Code });
        });
        b.Entity<PartnerService>(e =>
        {
            e.ToTable("PartnerServices");
            e.HasOne<PartnerOrganisation>().WithMany(p => p.Services).HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganisationId, x.PartnerOrganisationId });
        });
        b.Entity<PartnerAgreement>(e =>
        {
            e.ToTable("PartnerAgreements");
            e.HasOne<PartnerOrganisation>().WithMany(p => p.Agreements).HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

public static class PartnerQueries
{
    extension(RelaisDbContext db)
    {
        public DbSet<PartnerOrganisation> PartnerOrganisations => db.Set<PartnerOrganisation>();
        public DbSet<PartnerContact> PartnerContacts => db.Set<PartnerContact>();
        public DbSet<PartnerCoverage> PartnerCoverage => db.Set<PartnerCoverage>();
        public DbSet<PartnerService> PartnerServices => db.Set<PartnerService>();
        public DbSet<PartnerAgreement> PartnerAgreements => db.Set<PartnerAgreement>();

        /// <summary>
        /// The active partner structure of an active Partenaire user, read at each request (not from the cookie), so that
        /// moving a user to another structure or deactivating a structure takes effect at once. Null when none.
        /// </summary>
        public Task<Guid?> PartnerStructureOfAsync(Guid userId, Guid organisationId, CancellationToken ct) =>
            (from u in db.Users
             join p in db.Set<PartnerOrganisation>() on u.PartnerOrganisationId equals p.Id
             where u.Id == userId && u.OrganisationId == organisationId && u.IsActive && u.Role == Infrastructure.Security.Role.Partner && p.IsActive
             select (Guid?)p.Id).FirstOrDefaultAsync(ct);
    }
}
