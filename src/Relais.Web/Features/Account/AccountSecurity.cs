using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Relais.Features.Audit;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Account;

public static class AccountSecurity
{
    /// <summary>Replaces the authenticator token provider with <see cref="TotpAuthenticatorProvider"/> (call after <c>AddDefaultTokenProviders</c>).</summary>
    public static IdentityBuilder AddRelaisAccountSecurity(this IdentityBuilder identity)
    {
        identity.AddTokenProvider<TotpAuthenticatorProvider>(TokenOptions.DefaultAuthenticatorProvider);
        identity.Services.AddScoped<SignInGuard>();
        return identity;
    }
}

/// <summary>The checks and the audit lines shared by the three sign-in steps (password, authenticator code, recovery code).</summary>
public sealed class SignInGuard(RelaisDbContext db, IHostEnvironment environment, AuditReadLog audit, IOptions<IdentityOptions> identity)
{
    public const string WrongCodeMessage = "Code incorrect, expiré ou déjà utilisé. Saisissez le code à 6 chiffres affiché maintenant par votre application.";

    public string LockedOutMessage
    {
        get
        {
            var minutes = (int)Math.Ceiling(identity.Value.Lockout.DefaultLockoutTimeSpan.TotalMinutes);
            return $"Ce compte est temporairement verrouillé après plusieurs essais infructueux. Réessayez dans {minutes} minutes ou contactez votre administrateur.";
        }
    }

    /// <summary>Why <paramref name="user"/> may not sign in at all, in French; null when they may.</summary>
    public async Task<string?> RefusalAsync(AppUser user, CancellationToken ct)
    {
        if (!user.IsActive)
        {
            return "Ce compte est désactivé. Contactez votre administrateur.";
        }

        if (environment.IsProduction() && await db.Organisations.IgnoreQueryFilters().AnyAsync(o => o.Id == user.OrganisationId && o.IsDemo, ct))
        {
            return "Les comptes de démonstration sont refusés en production.";
        }

        return null;
    }

    public Task LogAsync(HttpContext http, AppUser? user, string action, string? details, CancellationToken ct) =>
        audit.LogAsync(new AuditDraft(action, nameof(AppUser), user?.Id, null, user?.OrganisationId, user?.Id,
            user?.Email ?? "inconnu", http.Connection.RemoteIpAddress?.ToString(), details), ct);
}

/// <summary>
/// When the organisation requires a second factor for the roles that read social data, such a user who has not
/// enrolled yet gets the <see cref="ClaimType"/> claim at sign-in (<see cref="RelaisClaimsFactory"/>) and may only
/// reach the enrolment page, sign-in/sign-out and the error page until they enrol: pages redirect to enrolment,
/// the API answers 403. Enrolling refreshes the sign-in, which drops the claim.
/// </summary>
public static class TwoFactorEnrolment
{
    public const string ClaimType = "relais:must-enrol-2fa";
    public const string EnrolmentUrl = "/Account/Manage#second-facteur";

    private static readonly PathString[] Allowed =
    [
        "/Account/Manage", "/Account/Login", "/Account/Logout", "/Account/AccessDenied", "/Error", "/healthz",
    ];

    public static bool MustEnrol(ClaimsPrincipal user) => user.HasClaim(c => c.Type == ClaimType);

    /// <summary>True when <paramref name="user"/> (role and organisation setting) must use a second factor.</summary>
    public static async Task<bool> RequiredForAsync(RelaisDbContext db, AppUser user, CancellationToken ct = default) =>
        RolePermissions.ReadsSocialData(user.Role)
        && await db.Organisations.AnyAsync(o => o.Id == user.OrganisationId && o.RequireTwoFactorForSocialRoles, ct);

    /// <summary>Goes after <c>UseAuthentication</c>. Static files are served before it.</summary>
    public static IApplicationBuilder UseTwoFactorEnrolmentGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!MustEnrol(context.User) || Allowed.Any(p => context.Request.Path.StartsWithSegments(p)))
        {
            await next(context);
            return;
        }

        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Double authentification requise",
                detail: "Votre organisation exige la double authentification pour votre rôle : activez-la dans « Mon compte » avant d'utiliser l'API.")
                .ExecuteAsync(context);
            return;
        }

        context.Response.Redirect(EnrolmentUrl);
    });
}
