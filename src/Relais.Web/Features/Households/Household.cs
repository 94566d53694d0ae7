using System.ComponentModel.DataAnnotations;
using Relais.Features.Housing;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Text;

namespace Relais.Features.Households;

/// <summary>A household (ménage) living in a dwelling under a lease.</summary>
public sealed class Household : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    /// <summary>The landlord's tenant reference (référence locataire), unique in the organisation.</summary>
    [MaxLength(40)]
    public required string TenantReference { get; set; }

    public Guid? DwellingId { get; set; }
    public Dwelling? Dwelling { get; set; }

    public DateOnly? LeaseStart { get; set; }
    public DateOnly? LeaseEnd { get; set; }

    public List<Person> Members { get; set; } = [];

    /// <summary>
    /// Folded reference, names of the members and address, maintained by <see cref="RelaisDbContext"/>
    /// on every save so that one indexed column answers the search.
    /// </summary>
    [MaxLength(2000)]
    public string SearchKey { get; set; } = "";

    /// <summary>Folded name of the lease holder then reference: the order of lists.</summary>
    [MaxLength(220)]
    public string SortName { get; set; } = "";

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string DisplayName
    {
        get
        {
            var holder = Members.OrderBy(m => m.Role).FirstOrDefault();
            return NameOf(holder?.FirstName, holder?.LastName, TenantReference);
        }
    }

    /// <summary>The household's name: its first member by role (the lease holder), or its reference when it has none.</summary>
    public static string NameOf(string? firstName, string? lastName, string tenantReference) =>
        lastName is null ? $"Ménage {tenantReference}" : $"{lastName.ToUpperInvariant()} {firstName}";

    public string ComputeSortName()
    {
        var holder = Members.OrderBy(m => m.Role).ThenBy(m => m.BirthDate).FirstOrDefault();
        var name = holder is null ? "" : SearchText.Fold($"{holder.LastName} {holder.FirstName}");
        return $"{name} {SearchText.Fold(TenantReference)}".Trim();
    }

    public string ComputeSearchKey()
    {
        var parts = new List<string?> { TenantReference };
        foreach (var m in Members)
        {
            parts.Add(m.FirstName);
            parts.Add(m.LastName);
            parts.Add(m.BirthName);
        }

        if (Dwelling is { } d)
        {
            parts.Add(d.Reference);
            if (d.Building is { } b)
            {
                parts.Add(b.Street);
                parts.Add(b.Name);
                if (b.Residence is { } r)
                {
                    parts.Add(r.Name);
                    parts.Add(r.CommuneName);
                    parts.Add(r.PostalCode);
                }
            }
        }

        return SearchText.Fold(string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p))));
    }
}

public enum HouseholdRole
{
    [Display(Name = "Titulaire du bail")] LeaseHolder = 0,
    [Display(Name = "Cotitulaire du bail")] CoLeaseHolder = 1,
    [Display(Name = "Conjoint·e")] Partner = 2,
    [Display(Name = "Enfant")] Child = 3,
    [Display(Name = "Ascendant·e")] Parent = 4,
    [Display(Name = "Autre personne du foyer")] Other = 5,
}

/// <summary>A person belonging to a household.</summary>
public sealed class Person : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid HouseholdId { get; set; }
    public Household? Household { get; set; }

    [MaxLength(100)]
    public required string FirstName { get; set; }

    [MaxLength(100)]
    public required string LastName { get; set; }

    /// <summary>Nom de naissance, when different.</summary>
    [MaxLength(100)]
    public string? BirthName { get; set; }

    public DateOnly? BirthDate { get; set; }

    public HouseholdRole Role { get; set; }

    [MaxLength(30)]
    public string? Phone { get; set; }

    [MaxLength(254)]
    public string? Email { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string FullName => $"{FirstName} {LastName.ToUpperInvariant()}";

    public int? AgeOn(DateOnly today)
    {
        if (BirthDate is not { } b)
        {
            return null;
        }

        var age = today.Year - b.Year;
        if (b > today.AddYears(-age))
        {
            age--;
        }

        return age;
    }
}
