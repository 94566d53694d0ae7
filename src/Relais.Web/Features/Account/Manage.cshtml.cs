using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Audit;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Account;

/// <summary>"Mon compte": change the password; enrol, disable or renew the second factor (authenticator app + recovery codes).</summary>
public sealed class ManageModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, RelaisDbContext db, SignInGuard guard) : PageModel
{
    public const int RecoveryCodeCount = 10;
    private const string Issuer = "Relais";

    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    /// <summary>The authenticator code typed to enable or to disable the second factor.</summary>
    [BindProperty] public string? Code { get; set; }

    /// <summary>The password typed to renew the recovery codes.</summary>
    [BindProperty] public string? CodesPassword { get; set; }

    public string Email { get; private set; } = "";
    public bool TwoFactorEnabled { get; private set; }
    public bool RequiredByOrganisation { get; private set; }
    public string? SharedKey { get; private set; }
    public string? AuthenticatorUri { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }
    public string? StatusMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        await LoadAsync(user, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (string.IsNullOrEmpty(CurrentPassword))
        {
            ModelState.AddModelError(nameof(CurrentPassword), "Saisissez votre mot de passe actuel.");
        }

        if (string.IsNullOrEmpty(NewPassword))
        {
            ModelState.AddModelError(nameof(NewPassword), "Saisissez le nouveau mot de passe.");
        }
        else if (NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "La confirmation ne correspond pas au nouveau mot de passe.");
        }

        if (ModelState.IsValid)
        {
            var result = await users.ChangePasswordAsync(user, CurrentPassword!, NewPassword!);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(user);
                TempData["Message"] = "Votre mot de passe a été modifié.";
                return RedirectToPage();
            }

            var errors = result.Errors.ToList();
            if (errors.Any(e => e.Code == "PasswordPolicy"))
            {
                // The CNIL rule says it all; Identity's own length check would only repeat it.
                errors.RemoveAll(e => e.Code == nameof(IdentityErrorDescriber.PasswordTooShort));
            }

            foreach (var error in errors)
            {
                var mismatch = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch);
                ModelState.AddModelError(mismatch ? nameof(CurrentPassword) : nameof(NewPassword),
                    mismatch ? "Le mot de passe actuel est incorrect." : error.Description);
                if (mismatch)
                {
                    // Guessing the password through this form counts towards lockout like the sign-in form.
                    await users.AccessFailedAsync(user);
                }
            }
        }

        await LoadAsync(user, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage();
        }

        if (await VerifyCodeAsync(user))
        {
            await users.SetTwoFactorEnabledAsync(user, true);
            NewRecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];
            // Enabling changed the security stamp and lifts the enrolment requirement: reissue the cookie.
            await signIn.RefreshSignInAsync(user);
            StatusMessage = "La double authentification est activée. À chaque connexion, Relais vous demandera le code de votre application.";
        }

        await LoadAsync(user, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage();
        }

        if (await TwoFactorEnrolment.RequiredForAsync(db, user, ct))
        {
            ModelState.AddModelError(nameof(Code), "Votre organisation exige la double authentification pour votre rôle : elle ne peut pas être désactivée.");
        }
        else if (await VerifyCodeAsync(user))
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            // A later enrolment starts from a new key (and gets new recovery codes).
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
            TempData["Message"] = "La double authentification est désactivée.";
            return RedirectToPage();
        }

        await LoadAsync(user, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage();
        }

        if (string.IsNullOrEmpty(CodesPassword))
        {
            ModelState.AddModelError(nameof(CodesPassword), "Saisissez votre mot de passe pour confirmer.");
        }
        else if (!await users.CheckPasswordAsync(user, CodesPassword))
        {
            await users.AccessFailedAsync(user);
            ModelState.AddModelError(nameof(CodesPassword), "Mot de passe incorrect.");
        }
        else
        {
            NewRecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];
            await guard.LogAsync(HttpContext, user, AuditActions.Update, "codes de secours renouvelés", ct);
            StatusMessage = "Dix nouveaux codes de secours ont été créés ; les anciens ne fonctionnent plus.";
        }

        await LoadAsync(user, ct);
        return Page();
    }

    public bool Invalid(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0;

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) ? e.Errors.FirstOrDefault()?.ErrorMessage : null;

    /// <summary>Checks <see cref="Code"/> with the authenticator provider, which also spends it (a code works once).</summary>
    private async Task<bool> VerifyCodeAsync(AppUser user)
    {
        if (!Totp.TryParseCode(Code, out _))
        {
            ModelState.AddModelError(nameof(Code), "Saisissez les 6 chiffres affichés par votre application d'authentification.");
            return false;
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Code!))
        {
            // Wrong codes count towards lockout here too, so that they cannot be tried by the thousand.
            await users.AccessFailedAsync(user);
            ModelState.AddModelError(nameof(Code), SignInGuard.WrongCodeMessage);
            return false;
        }

        return true;
    }

    private async Task LoadAsync(AppUser user, CancellationToken ct)
    {
        Email = user.Email ?? "";
        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        RequiredByOrganisation = await TwoFactorEnrolment.RequiredForAsync(db, user, ct);
        if (TwoFactorEnabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            return;
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // First visit: create the key. That renews the security stamp, so the cookie is reissued.
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key was stored.");
        }

        SharedKey = Base32.Grouped(key);
        AuthenticatorUri = Totp.AuthenticatorUri(Issuer, Email, key);
    }
}
