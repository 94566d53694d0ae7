using Microsoft.AspNetCore.Mvc;
using Relais.Infrastructure.Data;

namespace Relais.Features.Households;

public sealed class CreateModel(RelaisDbContext db) : HouseholdFormModel
{
    public override string CancelUrl => "/Households";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await ValidateAsync(db, null, ct))
        {
            return Page();
        }

        var household = new Household { TenantReference = "" };
        Input.ApplyTo(household);
        db.Households.Add(household);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "Le ménage a été créé. Ajoutez maintenant ses membres.";
        return Redirect($"/Households/AddPerson/{household.Id}");
    }
}
