using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Households;

/// <summary>What a form or an API call may set on a household. Never bind the entity itself.</summary>
public sealed class HouseholdInput
{
    public string? TenantReference { get; set; }
    public Guid? DwellingId { get; set; }
    public DateOnly? LeaseStart { get; set; }
    public DateOnly? LeaseEnd { get; set; }

    /// <summary>The version the editor started from (optimistic concurrency).</summary>
    public int Version { get; set; }

    public static HouseholdInput From(Household h) => new()
    {
        TenantReference = h.TenantReference,
        DwellingId = h.DwellingId,
        LeaseStart = h.LeaseStart,
        LeaseEnd = h.LeaseEnd,
        Version = h.Version,
    };

    /// <summary>French messages per field; empty when valid. Checks the dwelling and the reference in the caller's organisation.</summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(RelaisDbContext db, Guid? householdId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var reference = TenantReference?.Trim();
        if (string.IsNullOrEmpty(reference))
        {
            errors[nameof(TenantReference)] = ["La référence locataire est obligatoire."];
        }
        else if (reference.Length > 40)
        {
            errors[nameof(TenantReference)] = ["La référence locataire ne doit pas dépasser 40 caractères."];
        }
        else if (await db.Households.AnyAsync(h => h.TenantReference == reference && h.Id != householdId, ct))
        {
            errors[nameof(TenantReference)] = [$"La référence locataire « {reference} » est déjà attribuée à un autre ménage."];
        }

        if (DwellingId is { } dwelling && !await db.Dwellings.AnyAsync(d => d.Id == dwelling, ct))
        {
            errors[nameof(DwellingId)] = ["Ce logement n'existe pas dans votre organisation."];
        }

        if (LeaseStart is { } start && (start.Year < 1900 || start > DateOnly.FromDateTime(DateTime.Today).AddYears(1)))
        {
            errors[nameof(LeaseStart)] = ["La date d'entrée dans les lieux n'est pas plausible."];
        }

        if (LeaseStart is { } s && LeaseEnd is { } e && e < s)
        {
            errors[nameof(LeaseEnd)] = ["La date de fin de bail doit être postérieure à la date d'entrée."];
        }

        return errors;
    }

    public void ApplyTo(Household h)
    {
        h.TenantReference = TenantReference!.Trim();
        h.DwellingId = DwellingId;
        h.LeaseStart = LeaseStart;
        h.LeaseEnd = LeaseEnd;
    }
}

public sealed partial class PersonInput
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? BirthName { get; set; }
    public DateOnly? BirthDate { get; set; }
    public HouseholdRole Role { get; set; } = HouseholdRole.Other;
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public int Version { get; set; }

    public static PersonInput From(Person p) => new()
    {
        FirstName = p.FirstName,
        LastName = p.LastName,
        BirthName = p.BirthName,
        BirthDate = p.BirthDate,
        Role = p.Role,
        Phone = p.Phone,
        Email = p.Email,
        Version = p.Version,
    };

    public Dictionary<string, string[]> Validate(DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        Required(nameof(FirstName), FirstName, "Le prénom est obligatoire.", 100);
        Required(nameof(LastName), LastName, "Le nom est obligatoire.", 100);
        if (BirthName?.Trim().Length > 100)
        {
            errors[nameof(BirthName)] = ["Le nom de naissance ne doit pas dépasser 100 caractères."];
        }

        if (BirthDate is { } b && (b > today || b.Year < 1900))
        {
            errors[nameof(BirthDate)] = [b > today ? "La date de naissance ne peut pas être dans le futur." : "La date de naissance n'est pas plausible."];
        }

        if (!Enum.IsDefined(Role))
        {
            errors[nameof(Role)] = ["Choisissez la place de la personne dans le ménage."];
        }

        if (!string.IsNullOrWhiteSpace(Phone) && !PhonePattern().IsMatch(Phone.Trim()))
        {
            errors[nameof(Phone)] = ["Le numéro de téléphone doit comporter 10 chiffres (ex. 06 12 34 56 78) ou commencer par +."];
        }

        if (!string.IsNullOrWhiteSpace(Email) && (Email.Trim().Length > 254 || !EmailPattern().IsMatch(Email.Trim())))
        {
            errors[nameof(Email)] = ["L'adresse électronique n'est pas valide (ex. prenom.nom@exemple.fr)."];
        }

        return errors;

        void Required(string field, string? value, string message, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[field] = [message];
            }
            else if (value.Trim().Length > max)
            {
                errors[field] = [$"Ce champ ne doit pas dépasser {max} caractères."];
            }
        }
    }

    public void ApplyTo(Person p)
    {
        p.FirstName = FirstName!.Trim();
        p.LastName = LastName!.Trim();
        p.BirthName = string.IsNullOrWhiteSpace(BirthName) ? null : BirthName.Trim();
        p.BirthDate = BirthDate;
        p.Role = Role;
        p.Phone = string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim();
        p.Email = string.IsNullOrWhiteSpace(Email) ? null : Email.Trim();
    }

    [GeneratedRegex(@"^(\+\d[\d .-]{7,18}|0\d([ .-]?\d{2}){4})$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")]
    private static partial Regex EmailPattern();
}
