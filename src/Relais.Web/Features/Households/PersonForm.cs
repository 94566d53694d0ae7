using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Relais.Features.Households;

public abstract class PersonFormModel(TimeProvider clock) : PageModel
{
    [BindProperty] public PersonInput Input { get; set; } = new();

    public Guid HouseholdId { get; protected set; }

    public bool Invalid(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0;

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) ? e.Errors.FirstOrDefault()?.ErrorMessage : null;

    protected bool Validate()
    {
        var bindingFailed = ModelState.Where(kv => kv.Value?.Errors.Count > 0).Select(kv => kv.Key).ToList();
        ModelState.Clear();
        foreach (var key in bindingFailed)
        {
            ModelState.AddModelError(key, key.EndsWith("BirthDate", StringComparison.Ordinal)
                ? "La date de naissance n'est pas une date valide (jj/mm/aaaa)."
                : "Cette valeur n'est pas valide.");
        }

        foreach (var (field, messages) in Input.Validate(DateOnly.FromDateTime(clock.GetLocalNow().DateTime)))
        {
            foreach (var m in messages)
            {
                ModelState.AddModelError($"Input.{field}", m);
            }
        }

        return ModelState.IsValid;
    }
}
