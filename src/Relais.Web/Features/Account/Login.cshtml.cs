using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Audit;
using Relais.Features.Users;

namespace Relais.Features.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, SignInGuard guard) : PageModel
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
        var refusal = user is null ? null : await guard.RefusalAsync(user, ct);
        if (user is null || refusal is not null)
        {
            await guard.LogAsync(HttpContext, user, AuditActions.SignInFailed, refusal ?? "compte inconnu", ct);
            ModelState.AddModelError(string.Empty, refusal ?? "Adresse électronique ou mot de passe incorrect.");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await guard.LogAsync(HttpContext, user, AuditActions.SignIn, "mot de passe", ct);
            return LocalRedirect(SafeReturnUrl());
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginWith2fa", new { ReturnUrl = SafeReturnUrl() });
        }

        if (result.IsLockedOut)
        {
            await guard.LogAsync(HttpContext, user, AuditActions.LockedOut, null, ct);
            ModelState.AddModelError(string.Empty, guard.LockedOutMessage);
            return Page();
        }

        await guard.LogAsync(HttpContext, user, AuditActions.SignInFailed, "mot de passe incorrect", ct);
        ModelState.AddModelError(string.Empty, "Adresse électronique ou mot de passe incorrect.");
        return Page();
    }

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
