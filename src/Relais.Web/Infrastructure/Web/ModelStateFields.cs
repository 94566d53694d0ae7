using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Relais.Infrastructure.Web;

/// <summary>Per-field error helpers for forms that show each message next to its field.</summary>
public static class ModelStateFields
{
    public static bool Invalid(this ModelStateDictionary state, string key) =>
        state.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    public static string? Error(this ModelStateDictionary state, string key) =>
        state.TryGetValue(key, out var entry) ? entry.Errors.FirstOrDefault()?.ErrorMessage : null;

    /// <summary>The ids for <c>aria-describedby</c>: the hint, plus the error when the field is invalid; null when neither.</summary>
    public static string? DescribedBy(this ModelStateDictionary state, string key, string? hintId, string errorId)
    {
        var ids = new[] { hintId, state.Invalid(key) ? errorId : null }.Where(i => i is not null);
        var joined = string.Join(' ', ids);
        return joined.Length == 0 ? null : joined;
    }

    /// <summary>"true" when the field is invalid, otherwise null so that Razor leaves the attribute out.</summary>
    public static string? AriaInvalid(this ModelStateDictionary state, string key) => state.Invalid(key) ? "true" : null;
}
