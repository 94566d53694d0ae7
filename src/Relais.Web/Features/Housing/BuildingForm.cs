using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Housing;

/// <summary>Shared by the create and edit pages of a building.</summary>
public abstract class BuildingFormModel(RelaisDbContext db, CurrentUser me) : HousingFormModel
{
    [BindProperty] public BuildingInput Input { get; set; } = new();

    public Residence Residence { get; protected set; } = null!;

    protected RelaisDbContext Db => db;
    protected IQueryable<Residence> Visible => db.Residences.VisibleIn(HousingScope.Of(me));
}

public sealed class AddBuildingModel(RelaisDbContext db, CurrentUser me) : BuildingFormModel(db, me)
{
    public override string CancelUrl => $"/Housing/Residence/{Residence.Id}";

    public async Task<IActionResult> OnGetAsync(Guid residenceId, CancellationToken ct)
    {
        if (!await LoadAsync(residenceId, ct))
        {
            return NotFound();
        }

        Input.Floors = "0";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid residenceId, CancellationToken ct)
    {
        if (!await LoadAsync(residenceId, ct))
        {
            return NotFound();
        }

        if (!Report(await Input.ValidateAsync(Db, null, ct)))
        {
            return Page();
        }

        var building = new Building { Name = "", Street = "", ResidenceId = Residence.Id };
        Input.ApplyTo(building);
        Db.Buildings.Add(building);
        await Db.SaveChangesAsync(ct);
        TempData["Message"] = "Le bâtiment a été créé. Ajoutez maintenant ses logements.";
        return Redirect($"/Housing/Building/{building.Id}");
    }

    private async Task<bool> LoadAsync(Guid residenceId, CancellationToken ct)
    {
        var residence = await Visible.AsNoTracking().FirstOrDefaultAsync(r => r.Id == residenceId, ct);
        Residence = residence!;
        return residence is not null;
    }
}

public sealed class EditBuildingModel(RelaisDbContext db, CurrentUser me) : BuildingFormModel(db, me)
{
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Set when the save lost a race: the version now stored, shown beside the user's own input.</summary>
    public Building? Conflict { get; private set; }

    public override string CancelUrl => $"/Housing/Building/{Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var building = await Load(id, ct);
        if (building is null)
        {
            return NotFound();
        }

        Input = BuildingInput.From(building);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var building = await Load(id, ct);
        if (building is null)
        {
            return NotFound();
        }

        if (!Report(await Input.ValidateAsync(Db, id, ct)))
        {
            return Page();
        }

        Db.Entry(building).Property(b => b.Version).OriginalValue = Input.Version;
        Input.ApplyTo(building);
        var entry = Db.Entry(building);
        var addressChanged = entry.Property(b => b.Name).IsModified || entry.Property(b => b.Street).IsModified;
        try
        {
            await HouseholdSearchKeys.SaveAsync(Db, addressChanged, h => h.Dwelling!.BuildingId == id, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            Conflict = await Load(id, ct);
            if (Conflict is null)
            {
                return NotFound();
            }

            Input.Version = Conflict.Version;
            ModelState.Clear();
            return Page();
        }

        TempData["Message"] = "Le bâtiment a été enregistré.";
        return Redirect($"/Housing/Building/{id}");
    }

    private async Task<Building?> Load(Guid id, CancellationToken ct)
    {
        Id = id;
        var building = await Visible.Buildings().Include(b => b.Residence).FirstOrDefaultAsync(b => b.Id == id, ct);
        if (building is not null)
        {
            Residence = building.Residence!;
            Name = building.Name;
        }

        return building;
    }
}
