using System.ComponentModel.DataAnnotations;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Relais.Features.Ledger;

/// <summary>One refused value (or warning): the physical line, the column as headed in the file, the value, why.</summary>
public sealed record LedgerIssue(long Line, string Column, string Value, string Reason);

/// <summary>The report of an import, stored as JSON in <see cref="LedgerImport.Report"/>.</summary>
public sealed class LedgerReport
{
    public const int MaxIssues = 100;

    public List<LedgerIssue> Errors { get; set; } = [];
    public int ErrorCount { get; set; }
    public List<LedgerIssue> Warnings { get; set; } = [];
    public int WarningCount { get; set; }
    public List<string> Notes { get; set; } = [];
    public int Households { get; set; }
    public int MonthsCovered { get; set; }

    /// <summary>Lines of the file already in the ledger with the same values, left as they were.</summary>
    public long LinesUnchanged { get; set; }

    public void Error(long line, string column, string value, string reason)
    {
        ErrorCount++;
        if (Errors.Count < MaxIssues)
        {
            Errors.Add(new LedgerIssue(line, column, LedgerFields.Clip(value, 80), reason));
        }
    }

    public void Warning(long line, string column, string value, string reason)
    {
        WarningCount++;
        if (Warnings.Count < MaxIssues)
        {
            Warnings.Add(new LedgerIssue(line, column, LedgerFields.Clip(value, 80), reason));
        }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static LedgerReport FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new LedgerReport();
        }

        try
        {
            return JsonSerializer.Deserialize<LedgerReport>(json, Json) ?? new LedgerReport();
        }
        catch (JsonException)
        {
            return new LedgerReport { Notes = ["Le rapport enregistré est illisible."] };
        }
    }
}

public enum LedgerImportPhase
{
    [Display(Name = "Vérification de l'encodage")] Checking,
    [Display(Name = "Contrôle des lignes")] Validating,
    [Display(Name = "Écriture des lignes")] Writing,
    [Display(Name = "Enregistrement")] Saving,
    [Display(Name = "Détection des signaux")] AfterImport,
    [Display(Name = "Terminé")] Finished,
    /// <summary>SQLite: the lines are checked and written in the same pass.</summary>
    [Display(Name = "Contrôle et écriture des lignes")] ValidatingAndWriting,
}

/// <summary>Where a running import is: the first pass checks every line, the second writes them (SQLite: both at once).</summary>
public sealed record LedgerProgress(LedgerImportPhase Phase, long Lines, long BytesDone, long BytesTotal)
{
    public int Percent
    {
        get
        {
            var share = BytesTotal <= 0 ? 0 : Math.Clamp((double)BytesDone / BytesTotal, 0, 1);
            return Phase switch
            {
                LedgerImportPhase.Checking => 0,
                LedgerImportPhase.Validating => 2 + (int)(share * 43),
                LedgerImportPhase.Writing => 45 + (int)(share * 45),
                LedgerImportPhase.ValidatingAndWriting => 2 + (int)(share * 88),
                LedgerImportPhase.Saving => 92,
                LedgerImportPhase.AfterImport => 96,
                _ => 100,
            };
        }
    }
}
