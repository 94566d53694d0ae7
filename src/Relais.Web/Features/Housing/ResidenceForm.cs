using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Housing;

/// <summary>Shared by the create and edit pages of a residence.</summary>
public abstract class ResidenceFormModel(RelaisDbContext db, CurrentUser me, CommuneDirectory communes) : HousingFormModel
{
    [BindProperty] public ResidenceInput Input { get; set; } = new();

    /// <summary>The sectors the user may put a residence in: all of them, or only their own.</summary>
    public List<(Guid Id, string Name)> Sectors { get; private set; } = [];

    protected RelaisDbContext Db => db;
    protected HousingScope Scope { get; } = HousingScope.Of(me);
    protected CommuneDirectory Communes => communes;

    protected async Task LoadSectorsAsync(CancellationToken ct)
    {
        var sectors = db.Sectors.AsNoTracking();
        if (!Scope.All)
        {
            var mine = Scope.SectorIds.ToList();
            sectors = sectors.Where(s => mine.Contains(s.Id));
        }

        Sectors = (await sectors.OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name)).ToList();
    }

    protected async Task<bool> ValidateAsync(CancellationToken ct)
    {
        await LoadSectorsAsync(ct);
        return Report(await Input.ValidateAsync(db, communes, Scope, ct));
    }
}

public sealed class CreateResidenceModel(RelaisDbContext db, CurrentUser me, CommuneDirectory communes) : ResidenceFormModel(db, me, communes)
{
    public override string CancelUrl => "/Housing";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadSectorsAsync(ct);
        if (Sectors.Count == 1)
        {
            Input.SectorId = Sectors[0].Id;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await ValidateAsync(ct))
        {
            return Page();
        }

        var residence = new Residence { Name = "", CommuneCode = "", CommuneName = "", PostalCode = "" };
        Input.ApplyTo(residence);
        Db.Residences.Add(residence);
        await Db.SaveChangesAsync(ct);
        TempData["Message"] = "La résidence a été créée. Ajoutez maintenant ses bâtiments.";
        return Redirect($"/Housing/Residence/{residence.Id}");
    }
}

public sealed class EditResidenceModel(RelaisDbContext db, CurrentUser me, CommuneDirectory communes) : ResidenceFormModel(db, me, communes)
{
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Set when the save lost a race: the version now stored, shown beside the user's own input.</summary>
    public Residence? Conflict { get; private set; }
    public string? ConflictSector { get; private set; }

    public override string CancelUrl => $"/Housing/Residence/{Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var residence = await Load(id, ct);
        if (residence is null)
        {
            return NotFound();
        }

        await LoadSectorsAsync(ct);
        Input = ResidenceInput.From(residence, Communes);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var residence = await Load(id, ct);
        if (residence is null)
        {
            return NotFound();
        }

        if (!await ValidateAsync(ct))
        {
            return Page();
        }

        Db.Entry(residence).Property(r => r.Version).OriginalValue = Input.Version;
        Input.ApplyTo(residence);
        var entry = Db.Entry(residence);
        var addressChanged = entry.Property(r => r.Name).IsModified || entry.Property(r => r.CommuneName).IsModified || entry.Property(r => r.PostalCode).IsModified;
        try
        {
            await HouseholdSearchKeys.SaveAsync(Db, addressChanged, h => h.Dwelling!.Building!.ResidenceId == id, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            Conflict = await Load(id, ct);
            if (Conflict is null)
            {
                return NotFound();
            }

            ConflictSector = Sectors.FirstOrDefault(s => s.Id == Conflict.SectorId).Name;
            // The next save is a deliberate overwrite of the version the user has now seen.
            Input.Version = Conflict.Version;
            ModelState.Clear();
            return Page();
        }

        TempData["Message"] = "La résidence a été enregistrée.";
        return Redirect($"/Housing/Residence/{id}");
    }

    private async Task<Residence?> Load(Guid id, CancellationToken ct)
    {
        Id = id;
        var residence = await Db.Residences.VisibleIn(Scope).FirstOrDefaultAsync(r => r.Id == id, ct);
        Name = residence?.Name ?? "";
        return residence;
    }
}
