using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Relais.Features.Account;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Relais.Infrastructure.Security;

public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

/// <summary>Grants a permission policy when the user's role carries that permission.</summary>
public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (Enum.TryParse<Role>(context.User.FindFirstValue(RelaisClaims.Role), out var role)
            && RolePermissions.Has(role, requirement.Permission))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Puts organisation, role, sectors and (for a Habitant) person in the cookie.</summary>
public sealed class RelaisClaimsFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options, RelaisDbContext db)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(RelaisClaims.Organisation, user.OrganisationId.ToString()));
        identity.AddClaim(new Claim(RelaisClaims.Role, user.Role.ToString()));
        identity.AddClaim(new Claim("relais:display", user.DisplayName));
        if (user.PersonId is { } person)
        {
            identity.AddClaim(new Claim(RelaisClaims.Person, person.ToString()));
        }

        var sectors = await db.UserSectors.Where(s => s.UserId == user.Id).Select(s => s.SectorId).ToListAsync();
        foreach (var sector in sectors)
        {
            identity.AddClaim(new Claim(RelaisClaims.Sector, sector.ToString()));
        }

        if (!user.TwoFactorEnabled && await TwoFactorEnrolment.RequiredForAsync(db, user))
        {
            identity.AddClaim(new Claim(TwoFactorEnrolment.ClaimType, "true"));
        }

        return identity;
    }
}

public static class AuthorizationSetup
{
    public static IServiceCollection AddRelaisAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddAuthorization(o =>
        {
            foreach (var permission in Permissions.All)
            {
                o.AddPolicy(permission, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
            }

            // Defence in depth: an endpoint that forgot its policy still requires a signed-in user
            // (and the endpoint-enumeration test fails on it).
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        return services;
    }
}
