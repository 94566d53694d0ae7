using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Households;

public sealed class EditPersonModel(RelaisDbContext db, HouseholdAccess access, TimeProvider clock) : PersonFormModel(clock)
{
    public string Name { get; private set; } = "";
    public Person? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var person = await LoadAsync(id, ct);
        if (person is null)
        {
            return NotFound();
        }

        Input = PersonInput.From(person);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var person = await LoadAsync(id, ct);
        if (person is null)
        {
            return NotFound();
        }

        if (!Validate())
        {
            return Page();
        }

        db.Entry(person).Property(p => p.Version).OriginalValue = Input.Version;
        Input.ApplyTo(person);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Conflict = await LoadAsync(id, ct);
            if (Conflict is null)
            {
                return NotFound();
            }

            Input.Version = Conflict.Version;
            ModelState.Clear();
            return Page();
        }

        TempData["Message"] = $"La fiche de {person.FullName} a été enregistrée.";
        return Redirect($"/Households/Details/{person.HouseholdId}");
    }

    private async Task<Person?> LoadAsync(Guid id, CancellationToken ct)
    {
        var person = await db.Persons.VisibleIn(access.Scope).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is not null)
        {
            HouseholdId = person.HouseholdId;
            Name = person.FullName;
        }

        return person;
    }
}
