using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Households;

/// <summary>Shared by the create and edit pages of a household.</summary>
public abstract class HouseholdFormModel : PageModel
{
    [BindProperty] public HouseholdInput Input { get; set; } = new();

    /// <summary>The form asks for the dwelling by its reference, the one staff know.</summary>
    [BindProperty] public string? DwellingReference { get; set; }

    public abstract string CancelUrl { get; }

    public bool Invalid(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0;

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) ? e.Errors.FirstOrDefault()?.ErrorMessage : null;

    /// <summary>Resolves the dwelling reference, then runs the shared validation; messages land on the form fields.</summary>
    protected async Task<bool> ValidateAsync(RelaisDbContext db, Guid? householdId, CancellationToken ct)
    {
        ModelState.Clear(); // binding messages are English; the rules below say it in French
        Input.DwellingId = null;
        if (!string.IsNullOrWhiteSpace(DwellingReference))
        {
            var reference = DwellingReference.Trim();
            Input.DwellingId = await db.Dwellings.Where(d => d.Reference == reference).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct);
            if (Input.DwellingId is null)
            {
                ModelState.AddModelError(nameof(DwellingReference), $"Aucun logement « {reference} » dans votre patrimoine.");
            }
        }

        foreach (var (field, messages) in await Input.ValidateAsync(db, householdId, ct))
        {
            foreach (var m in messages)
            {
                ModelState.AddModelError(field == nameof(HouseholdInput.DwellingId) ? nameof(DwellingReference) : $"Input.{field}", m);
            }
        }

        return ModelState.IsValid;
    }
}
