using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Audit;
using Relais.Features.Users;
using Relais.Infrastructure.Data;

namespace Relais.Features.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, RelaisDbContext db, IHostEnvironment environment, AuditReadLog audit) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(string.Empty, "Saisissez votre adresse électronique et votre mot de passe.");
            return Page();
        }

        var user = await signIn.UserManager.FindByEmailAsync(Email.Trim());
        var refusal = user is null ? null : await RefusalAsync(user, ct);
        if (user is null || refusal is not null)
        {
            await LogAsync(user, AuditActions.SignInFailed, refusal ?? "compte inconnu", ct);
            ModelState.AddModelError(string.Empty, refusal ?? "Adresse électronique ou mot de passe incorrect.");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await LogAsync(user, AuditActions.SignIn, "mot de passe", ct);
            return LocalRedirect(SafeReturnUrl());
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginWith2fa", new { ReturnUrl = SafeReturnUrl() });
        }

        if (result.IsLockedOut)
        {
            await LogAsync(user, AuditActions.LockedOut, null, ct);
            ModelState.AddModelError(string.Empty, "Ce compte est temporairement verrouillé après plusieurs essais infructueux. Réessayez dans 15 minutes ou contactez votre administrateur.");
            return Page();
        }

        await LogAsync(user, AuditActions.SignInFailed, "mot de passe incorrect", ct);
        ModelState.AddModelError(string.Empty, "Adresse électronique ou mot de passe incorrect.");
        return Page();
    }

    private async Task<string?> RefusalAsync(AppUser user, CancellationToken ct)
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

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";

    private Task LogAsync(AppUser? user, string action, string? details, CancellationToken ct) =>
        audit.LogAsync(new AuditDraft(action, nameof(AppUser), user?.Id, null, user?.OrganisationId, user?.Id,
            user?.Email ?? "inconnu", HttpContext.Connection.RemoteIpAddress?.ToString(), details), ct);
}
