using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;
using Relais.Infrastructure.Text;
using Relais.Infrastructure.Web;

namespace Relais.Features.Organisations;

/// <summary>The organisation's settings and its sectors. Organisations are not tenant-filtered: always load the caller's own.</summary>
public sealed class OrganisationSettingsModel(RelaisDbContext db, CurrentUser me, CommuneDirectory communes) : PageModel
{
    public sealed class SettingsInput
    {
        public string? Name { get; set; }

        /// <summary>What the user sees and types in the commune field.</summary>
        public string? CommuneSearch { get; set; }

        /// <summary>The INSEE code, filled by the picker script (or rendered from the stored value).</summary>
        public string? CommuneCode { get; set; }

        public bool RequireTwoFactorForSocialRoles { get; set; }

        public int Version { get; set; }
    }

    public sealed record SectorRow(Guid Id, string Name, int Version, int Residences, int Users);

    [BindProperty] public SettingsInput Input { get; set; } = new();

    [BindProperty] public string? SectorName { get; set; }
    [BindProperty] public Guid? SectorId { get; set; }
    [BindProperty] public int SectorVersion { get; set; }

    public IReadOnlyList<SectorRow> Sectors { get; private set; } = [];

    /// <summary>Set when the save lost a race: the version now stored.</summary>
    public Organisation? Conflict { get; private set; }

    public string SocialRoles => string.Join(", ", Enum.GetValues<Role>().Where(RolePermissions.ReadsSocialData).Select(r => r.Label()));

    /// <summary>The form key of the name field of a sector's rename form.</summary>
    public static string SectorKey(Guid id) => $"Sector.{id}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var organisation = await LoadAsync(ct);
        if (organisation is null)
        {
            return NotFound();
        }

        Show(organisation);
        await LoadSectorsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var organisation = await LoadAsync(ct);
        if (organisation is null)
        {
            return NotFound();
        }

        ModelState.Clear(); // binding messages are English; the rules below say it in French
        var name = Input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            ModelState.AddModelError("Input.Name", "Le nom de l’organisation est obligatoire.");
        }
        else if (name.Length > 200)
        {
            ModelState.AddModelError("Input.Name", "Le nom de l’organisation ne doit pas dépasser 200 caractères.");
        }

        var commune = CommuneChoice.Resolve(communes, Input.CommuneSearch, Input.CommuneCode);
        if (commune.Error is { } communeError)
        {
            ModelState.AddModelError("Input.CommuneSearch", communeError == "Indiquez la commune." ? "Indiquez la commune du siège." : communeError);
        }

        if (!ModelState.IsValid)
        {
            await LoadSectorsAsync(ct);
            return Page();
        }

        db.Entry(organisation).Property(o => o.Version).OriginalValue = Input.Version;
        organisation.Name = name!;
        organisation.CommuneCode = commune.Commune!.Code;
        organisation.RequireTwoFactorForSocialRoles = Input.RequireTwoFactorForSocialRoles;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Conflict = await LoadAsync(ct);
            if (Conflict is null)
            {
                return NotFound();
            }

            // The next save is a deliberate overwrite of the version the user has now seen.
            Input.Version = Conflict.Version;
            ModelState.Clear();
            await LoadSectorsAsync(ct);
            return Page();
        }

        TempData["Message"] = "Les paramètres de l’organisation ont été enregistrés.";
        return Redirect("/Admin/Organisation");
    }

    public async Task<IActionResult> OnPostAddSectorAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var name = await ValidSectorNameAsync("NewSector", null, ct);
        if (name is null)
        {
            return await RedisplayAsync(ct);
        }

        db.Sectors.Add(new Sector { Name = name });
        if (!await TrySaveSectorAsync("NewSector", name, ct))
        {
            return await RedisplayAsync(ct);
        }

        TempData["Message"] = $"Le secteur « {name} » a été créé.";
        return Redirect("/Admin/Organisation#secteurs");
    }

    public async Task<IActionResult> OnPostRenameSectorAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var sector = SectorId is { } id ? await db.Sectors.FirstOrDefaultAsync(s => s.Id == id, ct) : null;
        if (sector is null)
        {
            return NotFound();
        }

        var key = SectorKey(sector.Id);
        var name = await ValidSectorNameAsync(key, sector.Id, ct);
        if (name is null)
        {
            return await RedisplayAsync(ct);
        }

        db.Entry(sector).Property(s => s.Version).OriginalValue = SectorVersion;
        var previous = sector.Name;
        sector.Name = name;
        try
        {
            if (!await TrySaveSectorAsync(key, name, ct))
            {
                return await RedisplayAsync(ct);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(key, "Ce secteur a été modifié par quelqu’un d’autre pendant votre saisie : voici son nom actuel ; recommencez si besoin.");
            SectorName = null;
            return await RedisplayAsync(ct);
        }

        TempData["Message"] = $"Le secteur « {previous} » s’appelle désormais « {name} ».";
        return Redirect("/Admin/Organisation#secteurs");
    }

    public async Task<IActionResult> OnPostDeleteSectorAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var sector = SectorId is { } id ? await db.Sectors.FirstOrDefaultAsync(s => s.Id == id, ct) : null;
        if (sector is null)
        {
            return NotFound();
        }

        var residences = await db.Residences.CountAsync(r => r.SectorId == sector.Id, ct);
        if (residences > 0)
        {
            ModelState.AddModelError(SectorKey(sector.Id), residences == 1
                ? $"Le secteur « {sector.Name} » ne peut pas être supprimé : une résidence y est rattachée. Rattachez-la d’abord à un autre secteur."
                : $"Le secteur « {sector.Name} » ne peut pas être supprimé : {residences} résidences y sont rattachées. Rattachez-les d’abord à un autre secteur.");
            return await RedisplayAsync(ct);
        }

        // Removed one by one (not by the database cascade) so that the audit trail records each withdrawal.
        var assignments = await db.UserSectors.Where(s => s.SectorId == sector.Id).ToListAsync(ct);
        db.UserSectors.RemoveRange(assignments);
        db.Sectors.Remove(sector);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = assignments.Count == 0
            ? $"Le secteur « {sector.Name} » a été supprimé."
            : $"Le secteur « {sector.Name} » a été supprimé et retiré à {assignments.Count} utilisateur{(assignments.Count > 1 ? "s" : "")} : vérifiez leurs secteurs.";
        return Redirect("/Admin/Organisation#secteurs");
    }

    private Task<Organisation?> LoadAsync(CancellationToken ct) =>
        db.Organisations.FirstOrDefaultAsync(o => o.Id == me.OrganisationId, ct);

    private void Show(Organisation organisation)
    {
        var commune = communes.Find(organisation.CommuneCode);
        Input = new SettingsInput
        {
            Name = organisation.Name,
            CommuneCode = organisation.CommuneCode,
            CommuneSearch = commune is null ? organisation.CommuneCode : CommuneChoice.Label(commune),
            RequireTwoFactorForSocialRoles = organisation.RequireTwoFactorForSocialRoles,
            Version = organisation.Version,
        };
    }

    private async Task LoadSectorsAsync(CancellationToken ct)
    {
        var rows = await db.Sectors.AsNoTracking()
            .Select(s => new SectorRow(s.Id, s.Name, s.Version,
                db.Residences.Count(r => r.SectorId == s.Id),
                db.UserSectors.Count(u => u.SectorId == s.Id)))
            .ToListAsync(ct);
        Sectors = rows.OrderBy(s => s.Name, FrenchText.Comparer).ToList();
    }

    /// <summary>After a refused sector action: the settings form shows the stored values, the sectors their current state.</summary>
    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var organisation = await LoadAsync(ct);
        if (organisation is null)
        {
            return NotFound();
        }

        Show(organisation);
        await LoadSectorsAsync(ct);
        return Page();
    }

    private async Task<string?> ValidSectorNameAsync(string key, Guid? sectorId, CancellationToken ct)
    {
        var name = SectorName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            ModelState.AddModelError(key, "Le nom du secteur est obligatoire.");
            return null;
        }

        if (name.Length > 120)
        {
            ModelState.AddModelError(key, "Le nom du secteur ne doit pas dépasser 120 caractères.");
            return null;
        }

        var folded = SearchText.Fold(name);
        var others = await db.Sectors.Where(s => s.Id != sectorId).Select(s => s.Name).ToListAsync(ct);
        if (others.FirstOrDefault(o => SearchText.Fold(o) == folded) is { } existing)
        {
            ModelState.AddModelError(key, $"Un secteur s’appelle déjà « {existing} » dans votre organisation : choisissez un autre nom.");
            return null;
        }

        return name;
    }

    /// <summary>Saves; a unique-index violation (two administrators creating the same name at once) becomes the same French message.</summary>
    private async Task<bool> TrySaveSectorAsync(string key, string name, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(key, $"Un secteur s’appelle déjà « {name} » dans votre organisation : choisissez un autre nom.");
            return false;
        }
    }
}
