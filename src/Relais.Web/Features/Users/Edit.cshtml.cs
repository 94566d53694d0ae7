using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Organisations;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Users;

public sealed class EditUserModel(RelaisDbContext db, CurrentUser me, UserManager<AppUser> users, Invitations invitations) : PageModel
{
    [BindProperty] public UserInput Input { get; set; } = new();

    /// <summary>The user as stored (for the account section), or the stored version after a lost race.</summary>
    public AppUser Account { get; private set; } = null!;

    public string SectorNames { get; private set; } = "";

    /// <summary>Set when the save lost a race: the version now stored, shown beside the user's own input.</summary>
    public AppUser? Conflict { get; private set; }

    public IReadOnlyList<Sector> Sectors { get; private set; } = [];

    public IReadOnlyList<Partners.PartnerOrganisation> Partners { get; private set; } = [];

    /// <summary>The members of the household named by <see cref="UserInput.TenantReference"/>, to choose the Habitant's person.</summary>
    public IReadOnlyList<Person> Members { get; private set; } = [];

    public bool IsSelf => Account.Id == me.UserId;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var user = await LoadAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        Input = UserInput.From(user);
        await FillAsync(user, ct);
        if (user.PersonId is { } personId
            && await db.Persons.Where(p => p.Id == personId).Select(p => p.Household!.TenantReference).FirstOrDefaultAsync(ct) is { } reference)
        {
            Input.TenantReference = reference;
            await FindMembersAsync(reference, ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var user = await LoadAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        ModelState.Clear(); // binding messages are English; the rules below say it in French
        foreach (var (field, message) in await Input.ValidateAsync(db, checkEmail: false, ct))
        {
            ModelState.AddModelError($"Input.{field}", message);
        }

        var personId = Input.Role == Role.Resident ? await ResolvePersonAsync(user, ct) : null;
        if (!ModelState.IsValid)
        {
            await FillAsync(user, ct);
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (Input.Role != Role.Administrator && user is { IsActive: true, Role: Role.Administrator })
        {
            await UserRules.LockOrganisationAsync(db, user.OrganisationId, ct);
            if (await UserRules.IsLastActiveAdministratorAsync(db, user, ct))
            {
                ModelState.AddModelError("Input.Role", UserRules.LastAdministrator);
                await FillAsync(user, ct);
                return Page();
            }
        }

        db.Entry(user).Property(u => u.Version).OriginalValue = Input.Version;
        user.Version = Input.Version + 1;
        Input.ApplyTo(user);
        if (user.Role == Role.Resident)
        {
            user.PersonId = personId;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            Conflict = await LoadAsync(id, ct);
            if (Conflict is null)
            {
                return NotFound();
            }

            // The next save is a deliberate overwrite of the version the user has now seen.
            Input.Version = Conflict.Version;
            ModelState.Clear();
            await FillAsync(Conflict, ct);
            return Page();
        }

        TempData["Message"] = $"Le compte de {user.DisplayName} a été enregistré.";
        return Redirect($"/Admin/Users/Edit/{id}");
    }

    /// <summary>Deactivation ends open sessions too: the security stamp changes, and the stamp validator signs them out.</summary>
    public async Task<IActionResult> OnPostDeactivateAsync(Guid id, CancellationToken ct)
    {
        var user = await db.Users.OfOrganisation(me.OrganisationId!.Value).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return NotFound();
        }

        if (user.Id == me.UserId)
        {
            return await RedisplayAsync(id, "Vous ne pouvez pas désactiver votre propre compte : demandez-le à un autre administrateur.", ct);
        }

        if (!user.IsActive)
        {
            return Redirect($"/Admin/Users/Edit/{id}");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await UserRules.LockOrganisationAsync(db, user.OrganisationId, ct);
        if (await UserRules.IsLastActiveAdministratorAsync(db, user, ct))
        {
            return await RedisplayAsync(id, UserRules.LastAdministrator, ct);
        }

        user.IsActive = false;
        user.Version++;
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            await transaction.RollbackAsync(ct);
            return await RedisplayAsync(id, string.Join(" ", result.Errors.Select(e => e.Description)), ct);
        }

        await transaction.CommitAsync(ct);
        TempData["Message"] = $"Le compte de {user.DisplayName} est désactivé : ses sessions ouvertes sont fermées et il ne peut plus se connecter.";
        return Redirect($"/Admin/Users/Edit/{id}");
    }

    public async Task<IActionResult> OnPostReactivateAsync(Guid id, CancellationToken ct)
    {
        var user = await db.Users.OfOrganisation(me.OrganisationId!.Value).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return NotFound();
        }

        if (!user.IsActive)
        {
            user.IsActive = true;
            user.Version++;
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
            await db.SaveChangesAsync(ct);
        }

        TempData["Message"] = $"Le compte de {user.DisplayName} est réactivé.";
        return Redirect($"/Admin/Users/Edit/{id}");
    }

    /// <summary>For a lost phone: turns the second factor off, invalidates the key and the recovery codes, and ends the sessions.</summary>
    public async Task<IActionResult> OnPostResetTwoFactorAsync(Guid id, CancellationToken ct)
    {
        var user = await db.Users.OfOrganisation(me.OrganisationId!.Value).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return NotFound();
        }

        if (user.Id == me.UserId)
        {
            return await RedisplayAsync(id, "Pour votre propre compte, passez par « Mon compte ».", ct);
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user); // also changes the security stamp: open sessions end
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        TempData["Message"] = $"La double authentification de {user.DisplayName} est réinitialisée.";
        return Redirect($"/Admin/Users/Edit/{id}");
    }

    /// <summary>Sends a new invitation to a person who has not chosen a password yet; earlier links stop working.</summary>
    public async Task<IActionResult> OnPostInviteAsync(Guid id, CancellationToken ct)
    {
        var user = await db.Users.OfOrganisation(me.OrganisationId!.Value).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return NotFound();
        }

        if (!user.IsActive || user.PasswordHash is not null)
        {
            return await RedisplayAsync(id, user.IsActive
                ? "Cette personne a déjà choisi son mot de passe : une invitation n’a plus lieu d’être."
                : "Réactivez d’abord ce compte.", ct);
        }

        await users.UpdateSecurityStampAsync(user);
        var organisation = await db.Organisations.Where(o => o.Id == user.OrganisationId).Select(o => o.Name).FirstAsync(ct);
        await invitations.SendAsync(user, organisation, Request, ct);
        TempData["Message"] = $"Une nouvelle invitation a été envoyée à {user.Email} ; les liens envoyés auparavant ne fonctionnent plus.";
        return Redirect($"/Admin/Users/Edit/{id}");
    }

    private Task<AppUser?> LoadAsync(Guid id, CancellationToken ct) =>
        db.Users.OfOrganisation(me.OrganisationId!.Value).Include(u => u.Sectors).FirstOrDefaultAsync(u => u.Id == id, ct);

    private async Task FillAsync(AppUser user, CancellationToken ct)
    {
        Account = user;
        Sectors = await UserRules.SectorsAsync(db, ct);
        Partners = await UserRules.PartnersAsync(db, user.PartnerOrganisationId, ct);
        SectorNames = string.Join(", ", Sectors.Where(s => user.Sectors.Any(us => us.SectorId == s.Id)).Select(s => s.Name));
        if (Members.Count == 0 && Input.Role == Role.Resident && !string.IsNullOrWhiteSpace(Input.TenantReference))
        {
            await FindMembersAsync(Input.TenantReference.Trim(), ct);
        }
    }

    private async Task<IActionResult> RedisplayAsync(Guid id, string message, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var user = await LoadAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        ModelState.AddModelError(string.Empty, message);
        Input = UserInput.From(user);
        await FillAsync(user, ct);
        return Page();
    }

    private async Task<bool> FindMembersAsync(string reference, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().Include(h => h.Members)
            .FirstOrDefaultAsync(h => h.TenantReference == reference, ct);
        Members = household?.Members.OrderBy(m => m.Role).ThenBy(m => m.FirstName, FrenchText.Comparer).ToList() ?? [];
        return household is not null;
    }

    /// <summary>The person a Habitant account stands for: found by tenant reference, then chosen among the household's members.</summary>
    private async Task<Guid?> ResolvePersonAsync(AppUser user, CancellationToken ct)
    {
        var reference = Input.TenantReference?.Trim();
        if (string.IsNullOrEmpty(reference))
        {
            return null; // not linked (yet)
        }

        if (!await FindMembersAsync(reference, ct))
        {
            ModelState.AddModelError("Input.TenantReference", $"Aucun ménage n’a la référence locataire « {reference} ».");
            return null;
        }

        var person = Members.FirstOrDefault(m => m.Id == Input.PersonId) ?? (Members.Count == 1 ? Members[0] : null);
        if (person is null)
        {
            ModelState.AddModelError("Input.PersonId", "Choisissez la personne du ménage que ce compte représente.");
            return null;
        }

        var other = await db.Users.OfOrganisation(user.OrganisationId)
            .Where(u => u.PersonId == person.Id && u.Id != user.Id).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        if (other is not null)
        {
            ModelState.AddModelError("Input.PersonId", $"{person.FullName} a déjà un compte Habitant (« {other} »).");
            return null;
        }

        Input.PersonId = person.Id;
        return person.Id;
    }
}
