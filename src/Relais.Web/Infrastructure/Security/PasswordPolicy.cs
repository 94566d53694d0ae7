using Microsoft.AspNetCore.Identity;
using Relais.Features.Users;

namespace Relais.Infrastructure.Security;

/// <summary>
/// CNIL recommendation of 2022 (délibération 2022-100), for an authentication by password alone:
/// at least 12 characters mixing upper case, lower case, digits and special characters; or at least
/// 14 characters mixing three of those kinds; or a passphrase of at least 7 words. Also refuses a
/// password that contains the user's e-mail name.
/// </summary>
public sealed class CnilPasswordValidator : IPasswordValidator<AppUser>
{
    public const string Rule =
        "Au moins 12 caractères mêlant majuscules, minuscules, chiffres et caractères spéciaux, " +
        "ou au moins 14 caractères de trois de ces sortes, ou une phrase de passe d'au moins 7 mots.";

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(Validate(password, user.Email));

    public static IdentityResult Validate(string? password, string? email = null)
    {
        password ??= "";
        if (password.Length > 256)
        {
            return Fail("Le mot de passe ne doit pas dépasser 256 caractères.");
        }

        var local = email?.Split('@')[0];
        if (!string.IsNullOrEmpty(local) && local.Length >= 4 && password.Contains(local, StringComparison.OrdinalIgnoreCase))
        {
            return Fail("Le mot de passe ne doit pas contenir votre identifiant.");
        }

        var kinds = 0;
        if (password.Any(char.IsLower)) kinds++;
        if (password.Any(char.IsUpper)) kinds++;
        if (password.Any(char.IsDigit)) kinds++;
        if (password.Any(c => !char.IsLetterOrDigit(c) && !char.IsWhiteSpace(c))) kinds++;

        var words = password.Split([' ', '-', '_', '.'], StringSplitOptions.RemoveEmptyEntries).Count(w => w.Length >= 2);
        var ok = (password.Length >= 12 && kinds == 4)
            || (password.Length >= 14 && kinds >= 3)
            || (words >= 7 && password.Length >= 20);
        return ok ? IdentityResult.Success : Fail("Mot de passe trop faible. " + Rule);
    }

    private static IdentityResult Fail(string message) =>
        IdentityResult.Failed(new IdentityError { Code = "PasswordPolicy", Description = message });
}

/// <summary>French messages for the Identity errors that users can meet.</summary>
public sealed class FrenchIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = $"L'adresse « {email} » est déjà utilisée." };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"L'identifiant « {userName} » est déjà utilisé." };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = $"L'adresse « {email} » n'est pas valide." };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = "Ce lien n'est plus valide ou a déjà servi." };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "Mot de passe incorrect." };
    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "Ce compte a été modifié entre-temps ; rechargez la page." };
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"Le mot de passe doit comporter au moins {length} caractères." };
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "Une erreur est survenue." };
}
