using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>
/// The organisation's catalogue of rights checked in every file: the seeded ones (APL, RSA…) and those the Responsable
/// or the administrator adds. A right is retired, not deleted, so that the checks already made keep it.
/// </summary>
public sealed class RightsCatalogueModel(RelaisDbContext db, AccompanimentAccess access) : PageModel
{
    [BindProperty] public NewRight Input { get; set; } = new();

    public List<RightKind> Rights { get; private set; } = [];
    public Dictionary<Guid, int> Uses { get; private set; } = [];

    public sealed class NewRight
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear();
        var check = new FormCheck(ModelState, access.Today);
        var name = check.Text("Input.Name", Input.Name, "le nom du droit", 120, required: true);
        var description = check.Text("Input.Description", Input.Description, "la description", 500, required: false);
        if (name is not null && Rights.Any(r => string.Equals(r.Name, name, StringComparison.CurrentCultureIgnoreCase)))
        {
            check.Fail("Input.Name", $"Le droit « {name} » est déjà dans la liste.");
        }

        if (!check.Ok)
        {
            return Page();
        }

        db.RightKinds.Add(new RightKind { Name = name!, Description = description, SortOrder = Rights.Count == 0 ? 10 : Rights.Max(r => r.SortOrder) + 10 });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            ModelState.AddModelError("Input.Name", $"Le droit « {name} » vient d’être ajouté par quelqu’un d’autre.");
            return Page();
        }

        TempData["Message"] = $"Le droit « {name} » a été ajouté : il sera vérifié dans chaque dossier.";
        return Redirect("/Accompaniments/Rights");
    }

    public async Task<IActionResult> OnPostToggleAsync(Guid rightId, int version, CancellationToken ct)
    {
        var right = await db.RightKinds.FirstOrDefaultAsync(r => r.Id == rightId, ct);
        if (right is null)
        {
            return NotFound();
        }

        db.Entry(right).Property(r => r.Version).OriginalValue = version;
        right.IsActive = !right.IsActive;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            ModelState.AddModelError("", "Ce droit a été modifié par quelqu’un d’autre entre-temps : voici la liste à jour, recommencez si besoin.");
            var page = Page();
            page.StatusCode = StatusCodes.Status409Conflict;
            return page;
        }

        TempData["Message"] = right.IsActive ? $"« {right.Name} » est de nouveau vérifié dans les dossiers." : $"« {right.Name} » n’est plus proposé dans les dossiers.";
        return Redirect("/Accompaniments/Rights");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rights = await RightsCatalogue.LoadAsync(db, ct);
        Uses = await db.AccompanimentRights.AsNoTracking().GroupBy(r => r.RightKindId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }
}
