using System.ComponentModel.DataAnnotations;
using Relais.Features.Households;
using Relais.Features.Organisations;
using Relais.Infrastructure.Data;

namespace Relais.Features.Housing;

/// <summary>An estate (résidence), in one commune, managed by one sector.</summary>
public sealed class Residence : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid SectorId { get; set; }
    public Sector? Sector { get; set; }

    [MaxLength(160)]
    public required string Name { get; set; }

    [MaxLength(5)]
    public required string CommuneCode { get; set; }

    [MaxLength(120)]
    public required string CommuneName { get; set; }

    [MaxLength(5)]
    public required string PostalCode { get; set; }

    public List<Building> Buildings { get; set; } = [];

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class Building : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid ResidenceId { get; set; }
    public Residence? Residence { get; set; }

    /// <summary>"Bâtiment A", "Les Tilleuls"…</summary>
    [MaxLength(120)]
    public required string Name { get; set; }

    /// <summary>Street address: "12 rue Jean Jaurès".</summary>
    [MaxLength(200)]
    public required string Street { get; set; }

    /// <summary>Staircases (escaliers), comma-separated labels: "1, 2" or "A, B".</summary>
    [MaxLength(200)]
    public string Staircases { get; set; } = "";

    /// <summary>Number of floors above the ground floor.</summary>
    public int Floors { get; set; }

    public List<Dwelling> Dwellings { get; set; } = [];

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<string> StaircaseList => SplitStaircases(Staircases);

    public static IReadOnlyList<string> SplitStaircases(string? staircases) =>
        (staircases ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class Dwelling : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid BuildingId { get; set; }
    public Building? Building { get; set; }

    /// <summary>The landlord's dwelling reference (référence logement), unique in the organisation.</summary>
    [MaxLength(40)]
    public required string Reference { get; set; }

    [MaxLength(20)]
    public string Staircase { get; set; } = "";

    /// <summary>0 is the ground floor (rez-de-chaussée).</summary>
    public int Floor { get; set; }

    /// <summary>Door number: "12", "B3".</summary>
    [MaxLength(20)]
    public required string Door { get; set; }

    /// <summary>T1…T6.</summary>
    [MaxLength(10)]
    public string Typology { get; set; } = "";

    public decimal? SurfaceM2 { get; set; }

    public List<Household> Households { get; set; } = [];

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class FloorLabel
{
    public static string Of(int floor) => floor switch
    {
        0 => "Rez-de-chaussée",
        1 => "1er étage",
        < 0 => $"Sous-sol {-floor}",
        _ => $"{floor}e étage",
    };
}
