using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Households;

public sealed class EditModel(RelaisDbContext db, HouseholdAccess access) : HouseholdFormModel
{
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Set when the save lost a race: the version now stored, shown beside the user's own input.</summary>
    public Household? Conflict { get; private set; }

    public override string CancelUrl => $"/Households/Details/{Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var household = await Load(id, ct);
        if (household is null)
        {
            return NotFound();
        }

        Input = HouseholdInput.From(household);
        DwellingReference = household.Dwelling?.Reference;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var household = await Load(id, ct);
        if (household is null)
        {
            return NotFound();
        }

        if (!await ValidateAsync(db, id, ct))
        {
            return Page();
        }

        db.Entry(household).Property(h => h.Version).OriginalValue = Input.Version;
        Input.ApplyTo(household);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Conflict = await Load(id, ct);
            if (Conflict is null)
            {
                return NotFound();
            }

            // The next save is a deliberate overwrite of the version the user has now seen.
            Input.Version = Conflict.Version;
            ModelState.Clear();
            return Page();
        }

        TempData["Message"] = "Le ménage a été enregistré.";
        return Redirect($"/Households/Details/{id}");
    }

    private async Task<Household?> Load(Guid id, CancellationToken ct)
    {
        Id = id;
        var household = await db.Households.VisibleIn(access.Scope)
            .Include(h => h.Members).Include(h => h.Dwelling)
            .FirstOrDefaultAsync(h => h.Id == id, ct);
        Name = household?.DisplayName ?? "";
        return household;
    }
}
