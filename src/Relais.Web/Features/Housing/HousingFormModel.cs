using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Relais.Features.Housing;

/// <summary>What the housing forms share: field errors written next to their field, in French.</summary>
public abstract class HousingFormModel : PageModel
{
    public abstract string CancelUrl { get; }

    public bool Invalid(string field) => ModelState.TryGetValue($"Input.{field}", out var e) && e.Errors.Count > 0;

    public string? Error(string field) =>
        ModelState.TryGetValue($"Input.{field}", out var e) ? e.Errors.FirstOrDefault()?.ErrorMessage : null;

    /// <summary>
    /// The aria attributes of an input: its hint and its error (id-hint, id-err) when present.
    /// </summary>
    public IHtmlContent Aria(string field, string id, bool hint = false)
    {
        var invalid = Invalid(field);
        var describedBy = string.Join(' ', new[] { hint ? $"{id}-hint" : null, invalid ? $"{id}-err" : null }.Where(x => x is not null));
        var html = (describedBy.Length > 0 ? $"aria-describedby=\"{describedBy}\"" : "") + (invalid ? " aria-invalid=\"true\"" : "");
        return new HtmlString(html);
    }

    /// <summary>Replaces binding messages (English) by the French ones of the input's own validation.</summary>
    protected bool Report(Dictionary<string, string> errors)
    {
        ModelState.Clear();
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"Input.{field}", message);
        }

        return ModelState.IsValid;
    }
}
