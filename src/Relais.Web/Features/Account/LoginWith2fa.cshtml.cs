using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Audit;
using Relais.Features.Users;

namespace Relais.Features.Account;

/// <summary>Second sign-in step: the 6-digit code of the authenticator app, after a correct password.</summary>
public sealed class LoginWith2faModel(SignInManager<AppUser> signIn, SignInGuard guard) : PageModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        return user is null ? RedirectToPage("/Account/Login") : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            // The two-factor cookie has expired (5 minutes): start again from the password.
            return RedirectToPage("/Account/Login");
        }

        if (await guard.RefusalAsync(user, ct) is { } refusal)
        {
            await guard.LogAsync(HttpContext, user, AuditActions.SignInFailed, refusal, ct);
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        if (!Totp.TryParseCode(Code, out _))
        {
            ModelState.AddModelError(nameof(Code), "Saisissez les 6 chiffres affichés par votre application d'authentification.");
            return Page();
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Code!, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            await guard.LogAsync(HttpContext, user, AuditActions.SignIn, "mot de passe + application d'authentification", ct);
            return LocalRedirect(SafeReturnUrl());
        }

        if (result.IsLockedOut || await signIn.UserManager.IsLockedOutAsync(user))
        {
            await guard.LogAsync(HttpContext, user, AuditActions.LockedOut, "code d'authentification", ct);
            ModelState.AddModelError(string.Empty, guard.LockedOutMessage);
            return Page();
        }

        await guard.LogAsync(HttpContext, user, AuditActions.SignInFailed, "code d'authentification incorrect", ct);
        ModelState.AddModelError(nameof(Code), SignInGuard.WrongCodeMessage);
        return Page();
    }

    public bool Invalid(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0;

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) ? e.Errors.FirstOrDefault()?.ErrorMessage : null;

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
