using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Features.Partners.DataInclusion;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners.Directory;

/// <summary>Format checks shared by the directory's forms, with their French messages.</summary>
public static partial class DirectoryChecks
{
    /// <summary>"73282932000074" → "732 829 320 00074" (SIREN in groups of three, then the NIC).</summary>
    public static string FormatSiret(string? siret) =>
        siret is { Length: 14 } ? $"{siret[..3]}\u00A0{siret[3..6]}\u00A0{siret[6..9]}\u00A0{siret[9..]}" : siret ?? "";

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Checks a SIRET typed by a user; returns the 14 digits (or null when empty) and the error.</summary>
    public static (string? Siret, string? Error) Siret(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        var digits = Partners.Siret.Normalise(text);
        if (digits is null)
        {
            return (null, "Le numéro SIRET ne contient que des chiffres (14), éventuellement séparés par des espaces.");
        }

        if (digits.Length != 14)
        {
            return (null, $"Le numéro SIRET comporte 14 chiffres ({digits.Length} saisis).");
        }

        return Partners.Siret.IsValid(digits) ? (digits, null) : (null, $"Le numéro SIRET {FormatSiret(digits)} n’est pas valide (clé de contrôle).");
    }

    /// <summary>An address the data·inclusion export writes as it is (<see cref="DataInclusionRules.IsEmail"/>): what a form accepts is never left out of the export.</summary>
    public static bool IsEmail(string text) => text.Length <= 254 && DataInclusionRules.IsEmail(text);

    /// <summary>
    /// A web address as the directory stores it: an absolute http(s) address in its ASCII form (an accented host in
    /// punycode, spaces and accents of the path percent-encoded), which the data·inclusion export writes as it is; null
    /// when the text is no such address.
    /// </summary>
    public static string? WebAddress(string? text) =>
        Trimmed(text) is { } t && DataInclusionRules.AsciiUri(t) is { } ascii && new Uri(ascii).Host.Contains('.', StringComparison.Ordinal) ? ascii : null;

    public static bool IsWebAddress(string text) => WebAddress(text) is not null;

    public static bool IsPhone(string text) => text.Length <= 40 && PhonePattern().IsMatch(text) && text.Count(char.IsAsciiDigit) >= 3;

    public static bool IsPostalCode(string text) => PostalPattern().IsMatch(text);

    public static void Email(Dictionary<string, string> errors, string field, string? value)
    {
        if (Trimmed(value) is { } v && !IsEmail(v))
        {
            errors[field] = "L’adresse e-mail n’est pas valide : lettres sans accents, chiffres et . _ - de part et d’autre de l’@ (exemple : accueil@ccas-ville.fr).";
        }
    }

    public static void Web(Dictionary<string, string> errors, string field, string? value)
    {
        if (Trimmed(value) is { } v && !IsWebAddress(v))
        {
            errors[field] = "L’adresse web doit être complète et commencer par https:// (exemple : https://www.ville.fr/ccas).";
        }
    }

    public static void Phone(Dictionary<string, string> errors, string field, string? value)
    {
        if (Trimmed(value) is { } v && !IsPhone(v))
        {
            errors[field] = "Le numéro de téléphone ne contient que des chiffres, des espaces, et éventuellement + . - ( ) (exemple : 01 45 60 12 34).";
        }
    }

    public static void Address(Dictionary<string, string> errors, CommuneDirectory communes, string? postalCode, string? communeCode, string prefix = "")
    {
        if (Trimmed(postalCode) is { } p && !IsPostalCode(p))
        {
            errors[prefix + "PostalCode"] = "Le code postal comporte 5 chiffres (exemple : 94240).";
        }

        if (Trimmed(communeCode) is { } c && communes.Find(c.ToUpperInvariant()) is null)
        {
            errors[prefix + "CommuneCode"] = "Code INSEE de commune inconnu : 5 caractères, par exemple 94038 pour L’Haÿ-les-Roses (ce n’est pas le code postal).";
        }
    }

    public static void Length(Dictionary<string, string> errors, string field, string? value, int max, string what)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.TryAdd(field, $"{what} ne doit pas dépasser {max} caractères.");
        }
    }

    [GeneratedRegex(@"^\+?[0-9 .\-()\u00A0]+$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[0-9]{5}$")]
    private static partial Regex PostalPattern();
}

/// <summary>The structure form: the data·inclusion structure fields a worker maintains by hand.</summary>
public sealed class StructureInput
{
    public string? Name { get; set; }
    public PartnerKind Kind { get; set; }
    public string? Siret { get; set; }
    public string? Description { get; set; }
    public string? Address { get; set; }
    public string? AddressComplement { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? CommuneCode { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public string? OpeningHours { get; set; }
    public string? AccessibilityUrl { get; set; }
    public bool IsActive { get; set; } = true;
    public int Version { get; set; }

    public static StructureInput From(PartnerOrganisation p) => new()
    {
        Name = p.Name, Kind = p.Kind, Siret = p.Siret is null ? null : DirectoryChecks.FormatSiret(p.Siret), Description = p.Description,
        Address = p.Address, AddressComplement = p.AddressComplement, PostalCode = p.PostalCode, City = p.City, CommuneCode = p.CommuneCode,
        Phone = p.Phone, Email = p.Email, Website = p.Website, OpeningHours = p.OpeningHours, AccessibilityUrl = p.AccessibilityUrl,
        IsActive = p.IsActive, Version = p.Version,
    };

    public async Task<Dictionary<string, string>> ValidateAsync(RelaisDbContext db, CommuneDirectory communes, Guid? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var name = DirectoryChecks.Trimmed(Name);
        if (name is null)
        {
            errors[nameof(Name)] = "Le nom de la structure est obligatoire.";
        }
        else if (name.Length is < 3 or > 150)
        {
            errors[nameof(Name)] = "Le nom de la structure comporte de 3 à 150 caractères.";
        }
        else if (await db.PartnerOrganisations.AnyAsync(p => p.Name == name && p.Id != self, ct))
        {
            errors[nameof(Name)] = $"Une structure « {name} » existe déjà.";
        }

        if (!Enum.IsDefined(Kind))
        {
            errors[nameof(Kind)] = "Choisissez le type de structure dans la liste.";
        }

        if (DirectoryChecks.Siret(Siret).Error is { } siretError)
        {
            errors[nameof(Siret)] = siretError;
        }

        DirectoryChecks.Length(errors, nameof(Description), Description, 10000, "La description");
        DirectoryChecks.Length(errors, nameof(Address), Address, 300, "L’adresse");
        DirectoryChecks.Length(errors, nameof(AddressComplement), AddressComplement, 300, "Le complément d’adresse");
        DirectoryChecks.Length(errors, nameof(City), City, 160, "La commune");
        DirectoryChecks.Length(errors, nameof(OpeningHours), OpeningHours, 1000, "Les horaires");
        DirectoryChecks.Address(errors, communes, PostalCode, CommuneCode);
        DirectoryChecks.Phone(errors, nameof(Phone), Phone);
        DirectoryChecks.Email(errors, nameof(Email), Email);
        DirectoryChecks.Web(errors, nameof(Website), Website);
        DirectoryChecks.Web(errors, nameof(AccessibilityUrl), AccessibilityUrl);
        return errors;
    }

    public void ApplyTo(PartnerOrganisation p, CommuneDirectory communes)
    {
        p.Name = Name!.Trim();
        p.Kind = Kind;
        p.Siret = DirectoryChecks.Siret(Siret).Siret;
        p.Description = DirectoryChecks.Trimmed(Description);
        p.Address = DirectoryChecks.Trimmed(Address);
        p.AddressComplement = DirectoryChecks.Trimmed(AddressComplement);
        p.PostalCode = DirectoryChecks.Trimmed(PostalCode);
        p.CommuneCode = DirectoryChecks.Trimmed(CommuneCode)?.ToUpperInvariant();
        p.City = DirectoryChecks.Trimmed(City) ?? communes.Find(p.CommuneCode)?.Name;
        p.Phone = DirectoryChecks.Trimmed(Phone);
        p.Email = DirectoryChecks.Trimmed(Email);
        p.Website = DirectoryChecks.WebAddress(Website);
        p.OpeningHours = DirectoryChecks.Trimmed(OpeningHours);
        p.AccessibilityUrl = DirectoryChecks.WebAddress(AccessibilityUrl);
        p.IsActive = IsActive;
    }
}

/// <summary>A contact person at a structure.</summary>
public sealed class ContactInput
{
    public Guid? ContactId { get; set; }
    public string? Name { get; set; }
    public string? Function { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }

    public Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        var name = DirectoryChecks.Trimmed(Name);
        if (name is null)
        {
            errors[nameof(Name)] = "Indiquez le nom du contact.";
        }

        DirectoryChecks.Length(errors, nameof(Name), Name, 160, "Le nom");
        DirectoryChecks.Length(errors, nameof(Function), Function, 160, "La fonction");
        DirectoryChecks.Phone(errors, nameof(Phone), Phone);
        DirectoryChecks.Email(errors, nameof(Email), Email);
        return errors;
    }

    public void ApplyTo(PartnerContact c)
    {
        c.Name = Name!.Trim();
        c.Function = DirectoryChecks.Trimmed(Function);
        c.Phone = DirectoryChecks.Trimmed(Phone);
        c.Email = DirectoryChecks.Trimmed(Email);
    }
}

/// <summary>The service form: the data·inclusion service fields, list fields as the schema's codes.</summary>
public sealed class ServiceInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Type { get; set; }
    public List<string> Themes { get; set; } = [];
    public List<string> Publics { get; set; } = [];
    public string? PublicsDetails { get; set; }
    public string? AccessConditions { get; set; }
    public string? Fees { get; set; }
    public string? FeesDetails { get; set; }
    public List<string> ReceptionModes { get; set; } = [];
    public List<string> MobilisationModes { get; set; } = [];
    public List<string> MobilisableBy { get; set; } = [];
    public string? MobilisationDetails { get; set; }
    public string? MobilisationUrl { get; set; }
    public string? ContactName { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    public string? AddressComplement { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? CommuneCode { get; set; }
    public string? OpeningHours { get; set; }

    /// <summary>INSEE codes separated by commas or spaces; empty: the structure's coverage.</summary>
    public string? EligibilityZone { get; set; }

    public bool IsActive { get; set; } = true;
    public int Version { get; set; }

    public static ServiceInput From(PartnerService s) => new()
    {
        Name = s.Name, Description = s.Description, Type = s.Type, Themes = [.. s.Themes], Publics = [.. s.Publics], PublicsDetails = s.PublicsDetails,
        AccessConditions = s.AccessConditions, Fees = s.Fees, FeesDetails = s.FeesDetails, ReceptionModes = [.. s.ReceptionModes],
        MobilisationModes = [.. s.MobilisationModes], MobilisableBy = [.. s.MobilisableBy], MobilisationDetails = s.MobilisationDetails,
        MobilisationUrl = s.MobilisationUrl, ContactName = s.ContactName, Phone = s.Phone, Email = s.Email, Address = s.Address,
        AddressComplement = s.AddressComplement, PostalCode = s.PostalCode, City = s.City, CommuneCode = s.CommuneCode, OpeningHours = s.OpeningHours,
        EligibilityZone = string.Join(", ", s.EligibilityZone), IsActive = s.IsActive, Version = s.Version,
    };

    public Dictionary<string, string> Validate(CommuneDirectory communes, out List<string> zone)
    {
        var errors = new Dictionary<string, string>();
        var name = DirectoryChecks.Trimmed(Name);
        if (name is null)
        {
            errors[nameof(Name)] = "Le nom du service est obligatoire.";
        }
        else if (name.Length is < 3 or > 150)
        {
            errors[nameof(Name)] = "Le nom du service comporte de 3 à 150 caractères.";
        }

        var description = DirectoryChecks.Trimmed(Description);
        if (description is null || description.Length < 5)
        {
            errors[nameof(Description)] = "Décrivez le service en quelques mots (5 caractères au moins).";
        }

        DirectoryChecks.Length(errors, nameof(Description), Description, 10000, "La description");
        if (DirectoryChecks.Trimmed(Type) is { } type && !DataInclusionCatalogue.IsKnown(DataInclusionCatalogue.ServiceTypes, type))
        {
            errors[nameof(Type)] = "Choisissez le type de service dans la liste.";
        }

        if (Themes.Any(t => !DataInclusionCatalogue.IsKnown(DataInclusionCatalogue.Themes, t)))
        {
            errors[nameof(Themes)] = "Une thématique cochée n’existe pas dans le référentiel data·inclusion.";
        }

        if (Publics.Any(t => !DataInclusionCatalogue.IsKnown(DataInclusionCatalogue.Publics, t)))
        {
            errors[nameof(Publics)] = "Un public coché n’existe pas dans le référentiel data·inclusion.";
        }

        if (DirectoryChecks.Trimmed(Fees) is { } fees && !DataInclusionCatalogue.IsKnown(DataInclusionCatalogue.Fees, fees))
        {
            errors[nameof(Fees)] = "Choisissez « gratuit » ou « payant ».";
        }

        if (ReceptionModes.Any(t => !DataInclusionCatalogue.IsKnown(DataInclusionCatalogue.ReceptionModes, t)))
        {
            errors[nameof(ReceptionModes)] = "Mode d’accueil inconnu.";
        }

        if (MobilisationModes.Any(t => !DataInclusionCatalogue.IsKnown(DataInclusionCatalogue.MobilisationModes, t)))
        {
            errors[nameof(MobilisationModes)] = "Mode de mobilisation inconnu.";
        }

        if (MobilisableBy.Any(t => !DataInclusionCatalogue.IsKnown(DataInclusionCatalogue.MobilisableBy, t)))
        {
            errors[nameof(MobilisableBy)] = "Valeur inconnue.";
        }

        DirectoryChecks.Length(errors, nameof(PublicsDetails), PublicsDetails, 2000, "Les précisions sur les publics");
        DirectoryChecks.Length(errors, nameof(AccessConditions), AccessConditions, 2000, "Les conditions d’accès");
        DirectoryChecks.Length(errors, nameof(FeesDetails), FeesDetails, 2000, "Les précisions sur les frais");
        DirectoryChecks.Length(errors, nameof(MobilisationDetails), MobilisationDetails, 2000, "Les précisions sur la mobilisation");
        DirectoryChecks.Length(errors, nameof(ContactName), ContactName, 160, "Le nom du contact");
        DirectoryChecks.Length(errors, nameof(Address), Address, 300, "L’adresse");
        DirectoryChecks.Length(errors, nameof(AddressComplement), AddressComplement, 300, "Le complément d’adresse");
        DirectoryChecks.Length(errors, nameof(City), City, 160, "La commune");
        DirectoryChecks.Length(errors, nameof(OpeningHours), OpeningHours, 1000, "Les horaires");
        DirectoryChecks.Web(errors, nameof(MobilisationUrl), MobilisationUrl);
        DirectoryChecks.Phone(errors, nameof(Phone), Phone);
        DirectoryChecks.Email(errors, nameof(Email), Email);
        DirectoryChecks.Address(errors, communes, PostalCode, CommuneCode);

        zone = [];
        var unknown = new List<string>();
        foreach (var part in (EligibilityZone ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var (code, _) = TerritoryNames.Parse(communes, part);
            if (code is null)
            {
                unknown.Add(part);
            }
            else if (!zone.Contains(code, StringComparer.OrdinalIgnoreCase))
            {
                zone.Add(code);
            }
        }

        if (unknown.Count > 0)
        {
            errors[nameof(EligibilityZone)] = $"Codes inconnus : {string.Join(", ", unknown)}. Indiquez des codes INSEE de communes (94038), des départements (94), des codes d’EPCI (200054781) ou « france ».";
        }

        return errors;
    }

    public void ApplyTo(PartnerService s, IReadOnlyList<string> zone)
    {
        s.Name = Name!.Trim();
        s.Description = Description!.Trim();
        s.Type = DirectoryChecks.Trimmed(Type);
        s.Themes = DataInclusionCatalogue.Themes.Select(t => t.Code).Where(Themes.Contains).ToList();
        s.Publics = DataInclusionCatalogue.Publics.Select(t => t.Code).Where(Publics.Contains).ToList();
        s.PublicsDetails = DirectoryChecks.Trimmed(PublicsDetails);
        s.AccessConditions = DirectoryChecks.Trimmed(AccessConditions);
        s.Fees = DirectoryChecks.Trimmed(Fees);
        s.FeesDetails = DirectoryChecks.Trimmed(FeesDetails);
        s.ReceptionModes = DataInclusionCatalogue.ReceptionModes.Select(t => t.Code).Where(ReceptionModes.Contains).ToList();
        s.MobilisationModes = DataInclusionCatalogue.MobilisationModes.Select(t => t.Code).Where(MobilisationModes.Contains).ToList();
        s.MobilisableBy = DataInclusionCatalogue.MobilisableBy.Select(t => t.Code).Where(MobilisableBy.Contains).ToList();
        s.MobilisationDetails = DirectoryChecks.Trimmed(MobilisationDetails);
        s.MobilisationUrl = DirectoryChecks.WebAddress(MobilisationUrl);
        s.ContactName = DirectoryChecks.Trimmed(ContactName);
        s.Phone = DirectoryChecks.Trimmed(Phone);
        s.Email = DirectoryChecks.Trimmed(Email);
        s.Address = DirectoryChecks.Trimmed(Address);
        s.AddressComplement = DirectoryChecks.Trimmed(AddressComplement);
        s.PostalCode = DirectoryChecks.Trimmed(PostalCode);
        s.City = DirectoryChecks.Trimmed(City);
        s.CommuneCode = DirectoryChecks.Trimmed(CommuneCode)?.ToUpperInvariant();
        s.OpeningHours = DirectoryChecks.Trimmed(OpeningHours);
        s.EligibilityZone = [.. zone];
        s.IsActive = IsActive;
    }
}

/// <summary>An agreement with a structure (the document comes as a separate upload field).</summary>
public sealed class AgreementInput
{
    public string? Title { get; set; }
    public AgreementKind Kind { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public string? Notes { get; set; }
    public bool RemoveDocument { get; set; }
    public int Version { get; set; }
    public IFormFile? Document { get; set; }

    public static AgreementInput From(PartnerAgreement a) => new()
    {
        Title = a.Title, Kind = a.Kind, StartsOn = a.StartsOn, EndsOn = a.EndsOn, Notes = a.Notes, Version = a.Version,
    };

    public Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (DirectoryChecks.Trimmed(Title) is null)
        {
            errors[nameof(Title)] = "Donnez un intitulé à l’accord (exemple : Convention de partenariat 2026).";
        }

        DirectoryChecks.Length(errors, nameof(Title), Title, 200, "L’intitulé");
        DirectoryChecks.Length(errors, nameof(Notes), Notes, 2000, "Les notes");
        if (!Enum.IsDefined(Kind))
        {
            errors[nameof(Kind)] = "Choisissez le type d’accord dans la liste.";
        }

        if (StartsOn is { } start && EndsOn is { } end && end < start)
        {
            errors[nameof(EndsOn)] = "La date de fin précède la date de début.";
        }

        return errors;
    }

    public void ApplyTo(PartnerAgreement a)
    {
        a.Title = Title!.Trim();
        a.Kind = Kind;
        a.StartsOn = StartsOn;
        a.EndsOn = EndsOn;
        a.Notes = DirectoryChecks.Trimmed(Notes);
    }
}

public static class AgreementState
{
    /// <summary>"en cours" until its end date included, "échue" after; "à venir" before its start.</summary>
    public static string Of(PartnerAgreement a, DateOnly today) =>
        a.EndsOn is { } end && end < today ? "échue" : a.StartsOn is { } start && start > today ? "à venir" : "en cours";
}
