using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Users;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners;

public sealed class PartnerInput
{
    public string? Name { get; set; }
    public bool IsActive { get; set; } = true;
    public int Version { get; set; }

    /// <summary>French messages per field; the name is unique in the organisation.</summary>
    public async Task<Dictionary<string, string>> ValidateAsync(RelaisDbContext db, Guid? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors[nameof(Name)] = "Le nom de la structure est obligatoire.";
        }
        else if (name.Length > 160)
        {
            errors[nameof(Name)] = "Le nom ne doit pas dépasser 160 caractères.";
        }
        else if (await db.PartnerOrganisations.AnyAsync(p => p.Name == name && p.Id != self, ct))
        {
            errors[nameof(Name)] = $"Une structure « {name} » existe déjà.";
        }

        return errors;
    }
}

/// <summary>The partner structures of the organisation: list and creation (administrators).</summary>
public sealed class PartnerListModel(RelaisDbContext db) : PageModel
{
    public sealed record Row(PartnerOrganisation Partner, int Users);

    [BindProperty] public PartnerInput Input { get; set; } = new();

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await FillAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        foreach (var (field, message) in await Input.ValidateAsync(db, null, ct))
        {
            ModelState.AddModelError($"Input.{field}", message);
        }

        if (!ModelState.IsValid)
        {
            await FillAsync(ct);
            return Page();
        }

        var partner = new PartnerOrganisation { Name = Input.Name!.Trim() };
        db.PartnerOrganisations.Add(partner);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"La structure partenaire « {partner.Name} » est créée. Rattachez-lui ses utilisateurs (rôle Partenaire) depuis la page Utilisateurs.";
        return Redirect("/Admin/Partners");
    }

    private async Task FillAsync(CancellationToken ct)
    {
        var partners = await db.PartnerOrganisations.AsNoTracking().ToListAsync(ct);
        var ids = partners.Select(p => (Guid?)p.Id).ToList();
        var counts = await db.Users.Where(u => u.PartnerOrganisationId != null && ids.Contains(u.PartnerOrganisationId))
            .GroupBy(u => u.PartnerOrganisationId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        Rows = partners.OrderByDescending(p => p.IsActive).ThenBy(p => p.Name, FrenchText.Comparer)
            .Select(p => new Row(p, counts.FirstOrDefault(c => c.Key == p.Id)?.Count ?? 0)).ToList();
    }
}

/// <summary>Renames or (de)activates a partner structure; a deactivated structure's users see nothing any more.</summary>
public sealed class EditPartnerModel(RelaisDbContext db) : PageModel
{
    [BindProperty] public PartnerInput Input { get; set; } = new();

    public PartnerOrganisation Partner { get; private set; } = null!;

    /// <summary>Set when the save lost a race: the version now stored.</summary>
    public PartnerOrganisation? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var partner = await db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (partner is null)
        {
            return NotFound();
        }

        Partner = partner;
        Input = new PartnerInput { Name = partner.Name, IsActive = partner.IsActive, Version = partner.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var partner = await db.PartnerOrganisations.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (partner is null)
        {
            return NotFound();
        }

        Partner = partner;
        ModelState.Clear();
        foreach (var (field, message) in await Input.ValidateAsync(db, id, ct))
        {
            ModelState.AddModelError($"Input.{field}", message);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.Entry(partner).Property(p => p.Version).OriginalValue = Input.Version;
        partner.Name = Input.Name!.Trim();
        partner.IsActive = Input.IsActive;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Conflict = await db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
            if (Conflict is null)
            {
                return NotFound();
            }

            Partner = Conflict;
            Input.Version = Conflict.Version;
            ModelState.Clear();
            return Page();
        }

        TempData["Message"] = $"La structure « {partner.Name} » est enregistrée.";
        return Redirect("/Admin/Partners");
    }
}
