using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Organisations;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Users;

/// <summary>What the administration forms may set on a user. Never bind <see cref="AppUser"/> itself.</summary>
public sealed partial class UserInput
{
    public string? DisplayName { get; set; }

    /// <summary>Only read on creation: the e-mail is the sign-in name.</summary>
    public string? Email { get; set; }

    /// <summary>Nullable so that a value that does not bind is refused rather than read as the first role.</summary>
    public Role? Role { get; set; }

    public List<Guid> SectorIds { get; set; } = [];

    /// <summary>For a Habitant: the tenant reference of their household, then the person chosen in it.</summary>
    public string? TenantReference { get; set; }

    public Guid? PersonId { get; set; }

    /// <summary>For a Partenaire: their partner structure.</summary>
    public Guid? PartnerOrganisationId { get; set; }

    /// <summary>The version the editor started from (optimistic concurrency).</summary>
    public int Version { get; set; }

    public static UserInput From(AppUser user) => new()
    {
        DisplayName = user.DisplayName,
        Email = user.Email,
        Role = user.Role,
        SectorIds = user.Sectors.Select(s => s.SectorId).ToList(),
        PersonId = user.PersonId,
        PartnerOrganisationId = user.PartnerOrganisationId,
        Version = user.Version,
    };

    /// <summary>French messages per field (names relative to the input); sectors are checked against the caller's organisation.</summary>
    public async Task<Dictionary<string, string>> ValidateAsync(RelaisDbContext db, bool checkEmail, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var name = DisplayName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors[nameof(DisplayName)] = "Le nom est obligatoire.";
        }
        else if (name.Length > 160)
        {
            errors[nameof(DisplayName)] = "Le nom ne doit pas dépasser 160 caractères.";
        }

        if (checkEmail)
        {
            var email = Email?.Trim();
            if (string.IsNullOrEmpty(email))
            {
                errors[nameof(Email)] = "L’adresse électronique est obligatoire.";
            }
            else if (email.Length > 254 || !EmailPattern().IsMatch(email))
            {
                errors[nameof(Email)] = "L’adresse électronique n’est pas valide (ex. prenom.nom@exemple.fr).";
            }
        }

        if (Role is not { } role || !Enum.IsDefined(role))
        {
            errors[nameof(Role)] = "Choisissez un rôle.";
        }

        SectorIds = SectorIds.Distinct().ToList();
        if (SectorIds.Count > 0)
        {
            var known = await db.Sectors.CountAsync(s => SectorIds.Contains(s.Id), ct);
            if (known != SectorIds.Count)
            {
                errors[nameof(SectorIds)] = "Un des secteurs choisis n’existe pas dans votre organisation.";
            }
        }

        if (Role == Infrastructure.Security.Role.Partner)
        {
            if (PartnerOrganisationId is not { } partner)
            {
                errors[nameof(PartnerOrganisationId)] = await db.PartnerOrganisations.AnyAsync(p => p.IsActive, ct)
                    ? "Choisissez la structure partenaire de ce compte : un partenaire ne voit que ce qui est partagé avec sa structure."
                    : "Aucune structure partenaire active : créez d’abord la structure (Organisation, Structures partenaires).";
            }
            else if (!await db.PartnerOrganisations.AnyAsync(p => p.Id == partner, ct))
            {
                errors[nameof(PartnerOrganisationId)] = "Cette structure partenaire n’existe pas dans votre organisation.";
            }
        }

        if (Role is { } r && RolePermissions.AlwaysSectorScoped(r) && SectorIds.Count == 0)
        {
            errors[nameof(SectorIds)] = "Un agent de proximité doit être rattaché à au moins un secteur : sans secteur, il ne verrait aucun ménage.";
        }

        return errors;
    }

    /// <summary>Sets name, role and sectors (the collection must be loaded).</summary>
    public void ApplyTo(AppUser user)
    {
        user.DisplayName = DisplayName!.Trim();
        user.Role = Role!.Value;
        user.Sectors.RemoveAll(s => !SectorIds.Contains(s.SectorId));
        foreach (var sector in SectorIds.Where(id => user.Sectors.All(s => s.SectorId != id)))
        {
            user.Sectors.Add(new UserSector { UserId = user.Id, SectorId = sector });
        }

        if (user.Role != Infrastructure.Security.Role.Resident)
        {
            user.PersonId = null;
        }

        user.PartnerOrganisationId = user.Role == Infrastructure.Security.Role.Partner ? PartnerOrganisationId : null;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")]
    private static partial Regex EmailPattern();
}

/// <summary>Rules shared by the user administration pages.</summary>
public static class UserRules
{
    public const string LastAdministrator =
        "Il doit rester au moins un administrateur actif dans l’organisation : nommez-en un autre avant de retirer ce rôle ou de désactiver ce compte.";

    /// <summary>Users of the caller's organisation: <see cref="AppUser"/> has no tenant filter.</summary>
    public static IQueryable<AppUser> OfOrganisation(this IQueryable<AppUser> users, Guid organisationId) =>
        users.Where(u => u.OrganisationId == organisationId);

    /// <summary>
    /// Takes the organisation's row lock inside the current transaction, so that two administrators cannot
    /// each remove "the other" last administrator at the same moment. Call before <see cref="IsLastActiveAdministratorAsync"/>.
    /// </summary>
    public static async Task LockOrganisationAsync(RelaisDbContext db, Guid organisationId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The organisation lock needs a transaction.");
        }

        var rows = await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE \"Organisations\" SET \"Version\" = \"Version\" WHERE \"Id\" = {organisationId}", ct);
        if (rows != 1)
        {
            throw new InvalidOperationException($"Organisation {organisationId} was not found to lock.");
        }
    }

    /// <summary>True when <paramref name="user"/> is an active administrator and no other active administrator exists.</summary>
    public static async Task<bool> IsLastActiveAdministratorAsync(RelaisDbContext db, AppUser user, CancellationToken ct) =>
        user is { IsActive: true, Role: Role.Administrator }
        && !await db.Users.OfOrganisation(user.OrganisationId)
            .AnyAsync(u => u.Id != user.Id && u.IsActive && u.Role == Role.Administrator, ct);

    /// <summary>The active partner structures, plus <paramref name="current"/> (a user's, even deactivated) so that it stays shown.</summary>
    public static async Task<List<Partners.PartnerOrganisation>> PartnersAsync(RelaisDbContext db, Guid? current, CancellationToken ct)
    {
        var partners = await db.PartnerOrganisations.AsNoTracking().Where(p => p.IsActive || p.Id == current).ToListAsync(ct);
        return partners.OrderBy(p => p.Name, FrenchText.Comparer).ToList();
    }

    public static async Task<List<Sector>> SectorsAsync(RelaisDbContext db, CancellationToken ct)
    {
        var sectors = await db.Sectors.AsNoTracking().ToListAsync(ct);
        return sectors.OrderBy(s => s.Name, FrenchText.Comparer).ToList();
    }
}

public static class FrenchText
{
    /// <summary>Sorts names as a French reader expects (accents next to their letter, case ignored).</summary>
    public static readonly StringComparer Comparer = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), ignoreCase: true);
}

/// <summary>Places Identity's errors on the form fields, in French, once each.</summary>
public static class IdentityMessages
{
    public static IEnumerable<(string Field, string Message)> ByField(Microsoft.AspNetCore.Identity.IdentityResult result, string emailField, string passwordField)
    {
        var codes = result.Errors.Select(e => e.Code).ToHashSet();
        foreach (var error in result.Errors)
        {
            switch (error.Code)
            {
                case "DuplicateUserName" when codes.Contains("DuplicateEmail"):
                case "InvalidUserName" when codes.Contains("InvalidEmail"):
                case "PasswordTooShort" when codes.Contains("PasswordPolicy"):
                    continue; // the e-mail is also the user name, and the CNIL rule already covers the length: say it once
                case "DuplicateEmail" or "DuplicateUserName" or "InvalidEmail":
                    yield return (emailField, error.Description);
                    break;
                case "InvalidUserName":
                    yield return (emailField, "L’adresse électronique ne peut contenir que des lettres sans accent, des chiffres et les signes - . _ @ +.");
                    break;
                case "PasswordPolicy":
                    yield return (passwordField, error.Description);
                    break;
                case "PasswordTooShort":
                    yield return (passwordField, "Mot de passe trop faible. " + CnilPasswordValidator.Rule);
                    break;
                default:
                    yield return (string.Empty, error.Description);
                    break;
            }
        }
    }
}

/// <summary>The model of the <c>_UserFields</c> partial shared by the create and edit pages.</summary>
public sealed record UserFieldsView(UserInput Input, IReadOnlyList<Sector> Sectors, bool EmailEditable, IReadOnlyList<Partners.PartnerOrganisation>? Partners = null);
