using System.ComponentModel.DataAnnotations;
using Relais.Infrastructure.Data;

namespace Relais.Features.Organisations;

public sealed class Organisation : IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    [MaxLength(200)]
    public required string Name { get; set; }

    /// <summary>INSEE code of the commune of the head office.</summary>
    [MaxLength(5)]
    public string? CommuneCode { get; set; }

    /// <summary>When true, roles that read social data must sign in with a second factor.</summary>
    public bool RequireTwoFactorForSocialRoles { get; set; }

    /// <summary>True for the fictional organisation created by <c>seed-demo</c>.</summary>
    public bool IsDemo { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A sector or agency of the organisation: the unit that scopes field staff.</summary>
public sealed class Sector : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    [MaxLength(120)]
    public required string Name { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
