namespace Relais.Features.Partners.DataInclusion;

/// <summary>
/// A problem found in a file: which file, which object (its rank, 1-based) and the line where it starts, which field,
/// the value read, and why, in French.
/// </summary>
public sealed record DataInclusionIssue(string File, int? Index, int? Line, string Field, string Value, string Reason)
{
    public string Where =>
        string.Join(", ", new[]
        {
            File,
            Index is { } i ? $"objet n° {i}" : null,
            Line is { } l ? $"ligne {l}" : null,
            Field.Length > 0 ? $"champ « {Field} »" : null,
        }.Where(s => s is not null));

    public override string ToString() =>
        $"{Where}{(Value.Length > 0 ? $", valeur « {Value} »" : "")} : {Reason}";
}

public enum ImportOutcome
{
    New,
    Updated,
    Unchanged,
}

/// <summary>One structure of the file as the import sees it (the preview's first rows).</summary>
public sealed record ImportedStructureRow(string Name, string? City, string Source, string Id, ImportOutcome Outcome, int Services);

/// <summary>What an import did, or would do: counts, first rows, errors (first 100 and total) and warnings.</summary>
public sealed class DataInclusionReport
{
    public const int MaxListed = 100;

    public List<DataInclusionIssue> Errors { get; } = [];
    public int ErrorCount { get; private set; }
    public List<DataInclusionIssue> Warnings { get; } = [];
    public int WarningCount { get; private set; }

    public int StructuresRead { get; set; }
    public int ServicesRead { get; set; }
    public int StructuresNew { get; set; }
    public int StructuresUpdated { get; set; }
    public int StructuresUnchanged { get; set; }
    public int ServicesNew { get; set; }
    public int ServicesUpdated { get; set; }
    public int ServicesUnchanged { get; set; }
    public List<ImportedStructureRow> FirstRows { get; } = [];

    /// <summary>True once the import was written (false for a preview or a refused file).</summary>
    public bool Written { get; set; }

    public bool Accepted => ErrorCount == 0;

    public void Error(DataInclusionIssue issue)
    {
        ErrorCount++;
        if (Errors.Count < MaxListed)
        {
            Errors.Add(issue);
        }
    }

    public void Warning(DataInclusionIssue issue)
    {
        WarningCount++;
        if (Warnings.Count < MaxListed)
        {
            Warnings.Add(issue);
        }
    }
}
