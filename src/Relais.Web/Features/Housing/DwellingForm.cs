using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Housing;

/// <summary>Shared by the create and edit pages of a dwelling.</summary>
public abstract class DwellingFormModel(RelaisDbContext db, CurrentUser me) : HousingFormModel
{
    [BindProperty] public DwellingInput Input { get; set; } = new();

    public Building Building { get; protected set; } = null!;

    protected RelaisDbContext Db => db;
    protected IQueryable<Residence> Visible => db.Residences.VisibleIn(HousingScope.Of(me));

    /// <summary>Validates, then saves; a reference taken meanwhile by another writer (unique index) is reported on its field.</summary>
    protected async Task<bool> SaveAsync(Guid? dwellingId, Func<Task> save, CancellationToken ct)
    {
        if (!Report(await Input.ValidateAsync(db, Building, dwellingId, ct)))
        {
            return false;
        }

        try
        {
            await save();
            return true;
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            var reference = Input.Reference!.Trim();
            db.ChangeTracker.Clear();
            if (!await DwellingInput.ReferenceTakenAsync(db, reference, dwellingId, ct))
            {
                throw;
            }

            ModelState.AddModelError("Input.Reference", $"La référence « {reference} » est déjà attribuée à un autre logement de votre organisation.");
            return false;
        }
    }
}

public sealed class AddDwellingModel(RelaisDbContext db, CurrentUser me) : DwellingFormModel(db, me)
{
    public override string CancelUrl => $"/Housing/Building/{Building.Id}";

    public async Task<IActionResult> OnGetAsync(Guid buildingId, CancellationToken ct)
    {
        if (!await LoadAsync(buildingId, ct))
        {
            return NotFound();
        }

        Input.Floor = "0";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid buildingId, CancellationToken ct)
    {
        if (!await LoadAsync(buildingId, ct))
        {
            return NotFound();
        }

        var dwelling = new Dwelling { Reference = "", Door = "", BuildingId = Building.Id };
        var saved = await SaveAsync(null, async () =>
        {
            Input.ApplyTo(dwelling);
            Db.Dwellings.Add(dwelling);
            await Db.SaveChangesAsync(ct);
        }, ct);
        if (!saved)
        {
            return Page();
        }

        TempData["Message"] = $"Le logement {dwelling.Reference} a été créé.";
        return Redirect($"/Housing/Building/{Building.Id}");
    }

    private async Task<bool> LoadAsync(Guid buildingId, CancellationToken ct)
    {
        var building = await Visible.Buildings().AsNoTracking().Include(b => b.Residence).FirstOrDefaultAsync(b => b.Id == buildingId, ct);
        Building = building!;
        return building is not null;
    }
}

public sealed class EditDwellingModel(RelaisDbContext db, CurrentUser me) : DwellingFormModel(db, me)
{
    public Guid Id { get; private set; }
    public string Reference { get; private set; } = "";

    /// <summary>Set when the save lost a race: the version now stored, shown beside the user's own input.</summary>
    public Dwelling? Conflict { get; private set; }

    public override string CancelUrl => $"/Housing/Dwelling/{Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var dwelling = await Load(id, ct);
        if (dwelling is null)
        {
            return NotFound();
        }

        Input = DwellingInput.From(dwelling);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var dwelling = await Load(id, ct);
        if (dwelling is null)
        {
            return NotFound();
        }

        try
        {
            var saved = await SaveAsync(id, async () =>
            {
                Db.Entry(dwelling).Property(d => d.Version).OriginalValue = Input.Version;
                Input.ApplyTo(dwelling);
                var addressChanged = Db.Entry(dwelling).Property(d => d.Reference).IsModified;
                await HouseholdSearchKeys.SaveAsync(Db, addressChanged, h => h.DwellingId == id, ct);
            }, ct);
            if (!saved)
            {
                return Page();
            }
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

        TempData["Message"] = "Le logement a été enregistré.";
        return Redirect($"/Housing/Dwelling/{id}");
    }

    private async Task<Dwelling?> Load(Guid id, CancellationToken ct)
    {
        Id = id;
        var dwelling = await Visible.Dwellings().Include(d => d.Building!).ThenInclude(b => b.Residence).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (dwelling is not null)
        {
            Building = dwelling.Building!;
            Reference = dwelling.Reference;
        }

        return dwelling;
    }
}
