using System.Security.Claims;
using Relais.Infrastructure.Security;

namespace Relais.Infrastructure.Tenancy;

/// <summary>Claim types that Relais puts in the sign-in cookie.</summary>
public static class RelaisClaims
{
    public const string Organisation = "relais:org";
    public const string Role = "relais:role";
    public const string Sector = "relais:sector";
    public const string Person = "relais:person";
}

/// <summary>Who is calling, read from the cookie's claims. <see cref="OrganisationId"/> is null when anonymous.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public Guid? UserId => Guid.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string? Name => Principal?.FindFirstValue(ClaimTypes.Name);

    public Guid? OrganisationId => Guid.TryParse(Principal?.FindFirstValue(RelaisClaims.Organisation), out var id) ? id : null;

    public Role? Role => Enum.TryParse<Role>(Principal?.FindFirstValue(RelaisClaims.Role), out var r) ? r : null;

    public Guid? PersonId => Guid.TryParse(Principal?.FindFirstValue(RelaisClaims.Person), out var id) ? id : null;

    public IReadOnlyList<Guid> SectorIds =>
        Principal?.FindAll(RelaisClaims.Sector).Select(c => Guid.Parse(c.Value)).ToList() ?? [];

    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public bool Can(string permission) => Role is { } r && RolePermissions.Has(r, permission);
}
