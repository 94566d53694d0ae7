using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Audit;
using Relais.Features.Users;

namespace Relais.Features.Account;

/// <summary>Second sign-in step with one of the ten single-use recovery codes, when the authenticator app is lost.</summary>
public sealed class LoginWithRecoveryCodeModel(SignInManager<AppUser> signIn, SignInGuard guard) : PageModel
{
    [BindProperty] public string? RecoveryCode { get; set; }
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
            return RedirectToPage("/Account/Login");
        }

        if (await guard.RefusalAsync(user, ct) is { } refusal)
        {
            await guard.LogAsync(HttpContext, user, AuditActions.SignInFailed, refusal, ct);
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        // Identity's recovery-code sign-in neither honours nor counts towards lockout: Relais does both.
        var users = signIn.UserManager;
        if (await users.IsLockedOutAsync(user))
        {
            await guard.LogAsync(HttpContext, user, AuditActions.LockedOut, "code de secours", ct);
            ModelState.AddModelError(string.Empty, guard.LockedOutMessage);
            return Page();
        }

        var code = Normalise(RecoveryCode);
        if (code.Length == 0)
        {
            ModelState.AddModelError(nameof(RecoveryCode), "Saisissez l'un de vos codes de secours.");
            return Page();
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            var left = await users.CountRecoveryCodesAsync(user);
            await guard.LogAsync(HttpContext, user, AuditActions.SignIn, $"mot de passe + code de secours ({left} restants)", ct);
            TempData["Message"] = left <= 3
                ? $"Il vous reste {left} code(s) de secours : générez-en de nouveaux dans « Mon compte »."
                : $"Code de secours accepté ; il vous en reste {left}.";
            return LocalRedirect(SafeReturnUrl());
        }

        await users.AccessFailedAsync(user);
        if (await users.IsLockedOutAsync(user))
        {
            await guard.LogAsync(HttpContext, user, AuditActions.LockedOut, "code de secours", ct);
            ModelState.AddModelError(string.Empty, guard.LockedOutMessage);
            return Page();
        }

        await guard.LogAsync(HttpContext, user, AuditActions.SignInFailed, "code de secours incorrect", ct);
        ModelState.AddModelError(nameof(RecoveryCode), "Code de secours incorrect ou déjà utilisé.");
        return Page();
    }

    /// <summary>Identity's codes read "XXXXX-XXXXX" in capitals; accept them typed in lower case, with spaces or without the dash.</summary>
    public static string Normalise(string? input)
    {
        var chars = (input ?? "").Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray();
        var code = new string(chars);
        return code.Length == 10 ? $"{code[..5]}-{code[5..]}" : code;
    }

    public bool Invalid(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0;

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) ? e.Errors.FirstOrDefault()?.ErrorMessage : null;

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
