using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners.Directory;

/// <summary>The contact persons of a structure: add, edit (one at a time, <c>?edit=</c>), remove.</summary>
public sealed class ContactsModel(RelaisDbContext db) : PageModel
{
    [BindProperty] public ContactInput Contact { get; set; } = new();

    public PartnerOrganisation Partner { get; private set; } = null!;
    public IReadOnlyList<PartnerContact> Contacts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? edit, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (edit is { } contactId)
        {
            var contact = Contacts.FirstOrDefault(c => c.Id == contactId);
            if (contact is null)
            {
                return NotFound();
            }

            Contact = new ContactInput { ContactId = contact.Id, Name = contact.Name, Function = contact.Function, Phone = contact.Phone, Email = contact.Email };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        foreach (var (field, message) in Contact.Validate())
        {
            ModelState.AddModelError($"Contact.{field}", message);
        }

        PartnerContact? contact = null;
        if (Contact.ContactId is { } contactId)
        {
            contact = await db.PartnerContacts.FirstOrDefaultAsync(c => c.Id == contactId && c.PartnerOrganisationId == id, ct);
            if (contact is null)
            {
                return NotFound();
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (contact is null)
        {
            contact = new PartnerContact { Name = Contact.Name!.Trim(), PartnerOrganisationId = id };
            db.PartnerContacts.Add(contact);
        }

        Contact.ApplyTo(contact);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"Le contact « {contact.Name} » est enregistré.";
        return Redirect($"/Partners/Contacts/{id}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid contactId, CancellationToken ct)
    {
        var contact = await db.PartnerContacts.FirstOrDefaultAsync(c => c.Id == contactId && c.PartnerOrganisationId == id, ct);
        if (contact is null)
        {
            return NotFound();
        }

        db.PartnerContacts.Remove(contact);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"Le contact « {contact.Name} » est retiré.";
        return Redirect($"/Partners/Contacts/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var partner = await db.PartnerOrganisations.AsNoTracking().Include(p => p.Contacts).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (partner is null)
        {
            return false;
        }

        Partner = partner;
        Contacts = partner.Contacts.OrderBy(c => c.Name, Users.FrenchText.Comparer).ToList();
        return true;
    }
}
