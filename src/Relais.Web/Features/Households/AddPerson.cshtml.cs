using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Households;

public sealed class AddPersonModel(RelaisDbContext db, HouseholdAccess access, TimeProvider clock) : PersonFormModel(clock)
{
    public string HouseholdName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid householdId, CancellationToken ct)
    {
        if (!await LoadAsync(householdId, ct))
        {
            return NotFound();
        }

        Input.Role = await db.Persons.AnyAsync(p => p.HouseholdId == householdId, ct) ? HouseholdRole.Child : HouseholdRole.LeaseHolder;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid householdId, CancellationToken ct)
    {
        if (!await LoadAsync(householdId, ct))
        {
            return NotFound();
        }

        if (!Validate())
        {
            return Page();
        }

        var person = new Person { FirstName = "", LastName = "", HouseholdId = householdId };
        Input.ApplyTo(person);
        db.Persons.Add(person);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"{person.FullName} a été ajouté·e au ménage.";
        return Redirect($"/Households/Details/{householdId}");
    }

    private async Task<bool> LoadAsync(Guid householdId, CancellationToken ct)
    {
        HouseholdId = householdId;
        var household = await db.Households.VisibleIn(access.Scope).Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == householdId, ct);
        HouseholdName = household?.DisplayName ?? "";
        return household is not null;
    }
}
