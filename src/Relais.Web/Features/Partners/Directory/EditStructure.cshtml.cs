using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners.Directory;

public abstract class StructureFormModel(RelaisDbContext db, CommuneDirectory communes) : PageModel
{
    [BindProperty] public StructureInput Input { get; set; } = new();

    protected RelaisDbContext Db => db;
    protected CommuneDirectory Communes => communes;

    protected async Task<bool> ValidateAsync(Guid? self, CancellationToken ct)
    {
        ModelState.Clear();
        foreach (var (field, message) in await Input.ValidateAsync(db, communes, self, ct))
        {
            ModelState.AddModelError($"Input.{field}", message);
        }

        return ModelState.IsValid;
    }
}

/// <summary>Adds a structure to the directory.</summary>
public sealed class CreateStructureModel(RelaisDbContext db, CommuneDirectory communes) : StructureFormModel(db, communes)
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await ValidateAsync(null, ct))
        {
            return Page();
        }

        var partner = new PartnerOrganisation { Name = Input.Name!.Trim() };
        Input.ApplyTo(partner, Communes);
        Db.PartnerOrganisations.Add(partner);
        await Db.SaveChangesAsync(ct);
        TempData["Message"] = $"La structure « {partner.Name} » est ajoutée à l’annuaire. Ajoutez ses services et le territoire qu’elle couvre.";
        return Redirect($"/Partners/{partner.Id}");
    }
}

/// <summary>Edits a structure (optimistic concurrency: a lost race shows the stored version and keeps the input).</summary>
public sealed class EditStructureModel(RelaisDbContext db, CommuneDirectory communes) : StructureFormModel(db, communes)
{
    public PartnerOrganisation Partner { get; private set; } = null!;
    public PartnerOrganisation? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var partner = await Db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (partner is null)
        {
            return NotFound();
        }

        Partner = partner;
        Input = StructureInput.From(partner);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var partner = await Db.PartnerOrganisations.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (partner is null)
        {
            return NotFound();
        }

        Partner = partner;
        if (!await ValidateAsync(id, ct))
        {
            return Page();
        }

        Db.Entry(partner).Property(p => p.Version).OriginalValue = Input.Version;
        Input.ApplyTo(partner, Communes);
        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            Conflict = await Db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
            if (Conflict is null)
            {
                return NotFound();
            }

            Partner = Conflict;
            Input.Version = Conflict.Version; // the next save is a deliberate overwrite of the version now seen
            ModelState.Clear();
            return Page();
        }

        TempData["Message"] = $"La structure « {partner.Name} » est enregistrée.";
        return Redirect($"/Partners/{id}");
    }
}
