using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Users;

namespace Relais.Features.Account;

/// <summary>
/// The page an invitation link opens: the invited person chooses their password. The token is an Identity
/// password-reset token; setting the password changes the security stamp, so the link works once.
/// </summary>
public sealed class AcceptInvitationModel(UserManager<AppUser> users) : PageModel
{
    public const string InvalidLink = "Ce lien d’invitation n’est plus valable : il a déjà servi, a expiré ou est incomplet. Demandez une nouvelle invitation à votre administrateur.";

    [BindProperty(Name = "user", SupportsGet = true)] public Guid? UserId { get; set; }
    [BindProperty(Name = "token", SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? PasswordConfirmation { get; set; }

    /// <summary>Shown (and given to password managers) only once the link is known to be valid.</summary>
    public string? Email { get; private set; }

    public bool LinkIsValid { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await ValidUserAsync();
        LinkIsValid = user is not null;
        Email = user?.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Clear();
        var user = await ValidUserAsync();
        if (user is null)
        {
            return Page();
        }

        LinkIsValid = true;
        Email = user.Email;
        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "Choisissez votre mot de passe.");
            return Page();
        }

        if (Password != PasswordConfirmation)
        {
            ModelState.AddModelError(nameof(PasswordConfirmation), "Les deux mots de passe ne sont pas identiques.");
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, Token!, Password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
            {
                LinkIsValid = false;
                return Page();
            }

            foreach (var (field, message) in IdentityMessages.ByField(result, emailField: string.Empty, passwordField: nameof(Password)))
            {
                ModelState.AddModelError(field, message);
            }

            return Page();
        }

        // Following the link proves the address belongs to the person.
        user.EmailConfirmed = true;
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        await users.UpdateAsync(user);
        TempData["Message"] = "Votre mot de passe est enregistré. Vous pouvez maintenant vous connecter.";
        return Redirect("/Account/Login");
    }

    /// <summary>The invited user when the link is complete, the account active and the token still valid; otherwise null.</summary>
    private async Task<AppUser?> ValidUserAsync()
    {
        if (UserId is not { } id || string.IsNullOrEmpty(Token))
        {
            return null;
        }

        var user = await users.FindByIdAsync(id.ToString());
        if (user is null || !user.IsActive)
        {
            return null;
        }

        var valid = await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider,
            UserManager<AppUser>.ResetPasswordTokenPurpose, Token);
        return valid ? user : null;
    }
}
