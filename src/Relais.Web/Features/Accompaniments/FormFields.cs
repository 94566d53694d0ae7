namespace Relais.Features.Accompaniments;

/// <summary>One form field for <c>_FileField</c>: label, hint, input (text, date or textarea) and its error, wired for screen readers.</summary>
public sealed record FieldModel(string Name, string Id, string Label, string? Value)
{
    public string? Hint { get; init; }
    public bool Required { get; init; }

    /// <summary>"text", "date" or "textarea".</summary>
    public string Type { get; init; } = "text";

    public int? MaxLength { get; init; }
    public int Rows { get; init; } = 4;

    /// <summary>For a date: the latest day offered (yyyy-MM-dd).</summary>
    public string? Max { get; init; }
}

/// <summary>A set of radio buttons (or check boxes) for <c>_FileChoices</c>, in a fieldset with its legend and error.</summary>
public sealed record ChoicesModel(string Name, string Id, string Legend, IReadOnlyList<(string Value, string Label)> Options, IReadOnlyCollection<string> Selected)
{
    public bool Required { get; init; }
    public string? Hint { get; init; }
    public bool Many { get; init; }

    public static ChoicesModel Of<T>(string name, string id, string legend, string? selected, bool required = true) where T : struct, Enum =>
        new(name, id, legend, Infrastructure.Web.EnumLabels.All<T>().Select(x => (x.Value.ToString(), x.Label)).ToList(), selected is null ? [] : [selected])
        {
            Required = required,
        };
}
