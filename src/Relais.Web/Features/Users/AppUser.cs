using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Relais.Infrastructure.Security;

namespace Relais.Features.Users;

/// <summary>
/// A person who signs in. Users belong to one organisation; their e-mail is unique across the system
/// because it is the sign-in name. Not filtered by the tenant query filter (sign-in happens before the
/// organisation is known): every query on users states its organisation explicitly.
/// </summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public AppUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public Guid OrganisationId { get; set; }

    [MaxLength(160)]
    public string DisplayName { get; set; } = "";

    public Role Role { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>For a Habitant: the person record they are.</summary>
    public Guid? PersonId { get; set; }

    /// <summary>For a Partenaire: the partner structure they work for (what is shared with it, they read).</summary>
    public Guid? PartnerOrganisationId { get; set; }

    /// <summary>The last TOTP time step accepted, so that each code works once.</summary>
    public long LastTotpTimeStep { get; set; }

    public List<UserSector> Sectors { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public int Version { get; set; }
}

public sealed class UserSector
{
    public Guid UserId { get; set; }
    public Guid SectorId { get; set; }
}
