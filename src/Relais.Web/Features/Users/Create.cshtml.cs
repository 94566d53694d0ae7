using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Organisations;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Users;

public enum AccessMode
{
    /// <summary>The person receives a single-use link and chooses their password.</summary>
    Invitation = 0,

    /// <summary>The administrator sets a first password and hands it over.</summary>
    InitialPassword = 1,
}

public sealed class CreateUserModel(RelaisDbContext db, CurrentUser me, UserManager<AppUser> users, Invitations invitations, TimeProvider clock) : PageModel
{
    // No defaults here: a value that does not bind must stay empty and be refused, not fall back to a default.
    [BindProperty] public UserInput Input { get; set; } = new();
    [BindProperty] public AccessMode? Mode { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? PasswordConfirmation { get; set; }

    public IReadOnlyList<Sector> Sectors { get; private set; } = [];

    public IReadOnlyList<Partners.PartnerOrganisation> Partners { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.Role = Role.SocialWorker;
        Sectors = await UserRules.SectorsAsync(db, ct);
        Partners = await UserRules.PartnersAsync(db, null, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Sectors = await UserRules.SectorsAsync(db, ct);
        Partners = await UserRules.PartnersAsync(db, null, ct);
        ModelState.Clear(); // binding messages are English; the rules below say it in French
        foreach (var (field, message) in await Input.ValidateAsync(db, checkEmail: true, ct))
        {
            ModelState.AddModelError($"Input.{field}", message);
        }

        if (Mode is not { } mode || !Enum.IsDefined(mode))
        {
            ModelState.AddModelError(nameof(Mode), "Choisissez comment la personne obtiendra son mot de passe.");
        }
        else if (mode == AccessMode.InitialPassword)
        {
            if (string.IsNullOrEmpty(Password))
            {
                ModelState.AddModelError(nameof(Password), "Saisissez le mot de passe initial.");
            }
            else if (Password != PasswordConfirmation)
            {
                ModelState.AddModelError(nameof(PasswordConfirmation), "Les deux mots de passe ne sont pas identiques.");
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var organisationId = me.OrganisationId!.Value;
        var email = Input.Email!.Trim();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            OrganisationId = organisationId,
            LockoutEnabled = true,
            CreatedAt = clock.GetUtcNow(),
        };
        Input.ApplyTo(user);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = Mode == AccessMode.InitialPassword
            ? await users.CreateAsync(user, Password!)
            : await users.CreateAsync(user);
        if (!result.Succeeded)
        {
            AddErrors(result);
            return Page();
        }

        if (Mode == AccessMode.Invitation)
        {
            var organisation = await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Name).FirstAsync(ct);
            await invitations.SendAsync(user, organisation, Request, ct);
        }

        await transaction.CommitAsync(ct);
        TempData["Message"] = Mode == AccessMode.Invitation
            ? $"Le compte de {user.DisplayName} est créé ; une invitation a été envoyée à {email}."
            : $"Le compte de {user.DisplayName} est créé. Transmettez-lui son mot de passe initial par un autre canal que l’adresse électronique.";
        return Redirect($"/Admin/Users/Edit/{user.Id}");
    }

    private void AddErrors(IdentityResult result)
    {
        foreach (var (field, message) in IdentityMessages.ByField(result, emailField: "Input.Email", passwordField: nameof(Password)))
        {
            ModelState.AddModelError(field, message);
        }
    }
}
