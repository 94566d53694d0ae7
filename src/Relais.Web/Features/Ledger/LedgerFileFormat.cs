using System.Text;

namespace Relais.Features.Ledger;

/// <summary>The user's choices for one file; null or <see cref="LedgerEncodingChoice.Auto"/> means "detect".</summary>
public sealed record LedgerImportOptions
{
    public LedgerEncodingChoice Encoding { get; init; } = LedgerEncodingChoice.Auto;
    public char? Delimiter { get; init; }
    public char? DecimalSeparator { get; init; }

    /// <summary>The columns chosen for this file (field → header); null to use the saved mapping and the defaults.</summary>
    public IReadOnlyDictionary<LedgerField, string>? Columns { get; init; }

    /// <summary>Create the households whose tenant reference is unknown ("créer les ménages inconnus").</summary>
    public bool CreateHouseholds { get; init; }

    public static char? ParseDelimiter(string? value) => value?.Trim() switch
    {
        null or "" or "auto" => null,
        ";" or "point-virgule" => ';',
        "," or "virgule" => ',',
        "\\t" or "tab" or "tabulation" => '\t',
        "|" => '|',
        _ when value == "\t" => '\t',
        _ => (char)0,
    };

    public static char? ParseDecimal(string? value) => value?.Trim() switch
    {
        null or "" or "auto" => null,
        "," or "virgule" => ',',
        "." or "point" => '.',
        _ => (char)0,
    };

    public static string DelimiterLabel(char delimiter) => delimiter switch
    {
        ';' => "point-virgule « ; »",
        ',' => "virgule « , »",
        '\t' => "tabulation",
        '|' => "barre verticale « | »",
        _ => $"« {delimiter} »",
    };

    public static string DecimalLabel(char separator) => separator switch
    {
        ',' => "virgule",
        '.' => "point",
        _ => "non déterminé (aucun montant à décimales dans les premières lignes)",
    };
}

/// <summary>One of the first lines as Relais reads it, for the preview: display values by field, or why it is refused.</summary>
public sealed record LedgerPreviewRow(long Line, IReadOnlyDictionary<LedgerField, string> Values, string? Problem);

/// <summary>How a file is read (encoding, delimiter, decimal separator, columns) and why it cannot be, if so.</summary>
public sealed class LedgerFileFormat
{
    public Encoding? Encoding { get; set; }
    public char Delimiter { get; set; } = ';';
    public bool DelimiterDetected { get; set; }

    /// <summary>',' or '.', or '\0' while no amount with decimals has been seen.</summary>
    public char DecimalSeparator { get; set; }

    public bool DecimalDetected { get; set; }
    public ColumnMap? Columns { get; set; }
    public long Length { get; set; }
    public List<string> Problems { get; } = [];
    public List<string> Notes { get; } = [];
    public List<LedgerPreviewRow> Preview { get; } = [];

    public bool IsReadable => Problems.Count == 0 && Encoding is not null && Columns is { IsComplete: true };

    public string EncodingName => Encoding is null ? "" : LedgerEncoding.Name(Encoding);

    private static readonly char[] CandidateDelimiters = [';', ',', '\t', '|'];
    private const int SampleRecords = 200;

    /// <summary>
    /// Reads the file's bytes once (encoding), then its first lines with each candidate delimiter. Never guesses: when two
    /// readings are possible, or none fits, it says so and asks the user to choose.
    /// </summary>
    public static LedgerFileFormat Detect(Stream stream, LedgerImportOptions options, IReadOnlyDictionary<LedgerField, string>? saved)
    {
        var format = new LedgerFileFormat();
        stream.Position = 0;
        var probe = LedgerEncoding.Probe(stream);
        format.Length = probe.Length;
        if (probe.Length - probe.BomLength == 0)
        {
            format.Problems.Add("Le fichier est vide.");
            return format;
        }

        var (encoding, problem, note) = LedgerEncoding.Choose(probe, options.Encoding);
        if (encoding is null)
        {
            format.Problems.Add(problem!);
            return format;
        }

        format.Encoding = encoding;
        if (note is not null)
        {
            format.Notes.Add(note);
        }

        if (options.Delimiter == (char)0 || options.DecimalSeparator == (char)0)
        {
            format.Problems.Add("Séparateur non pris en charge : choisissez « ; », « , », la tabulation ou « | » pour les colonnes, la virgule ou le point pour les décimales.");
            return format;
        }

        var samples = new Dictionary<char, Sample>();
        foreach (var candidate in options.Delimiter is { } chosen ? [chosen] : CandidateDelimiters)
        {
            stream.Position = 0;
            samples[candidate] = Sample.Read(stream, encoding, candidate, saved, options.Columns);
        }

        if (samples.Values.All(s => s.Header is null))
        {
            format.Problems.Add("Le fichier est vide.");
            return format;
        }

        Sample picked;
        if (options.Delimiter is { } forced)
        {
            picked = samples[forced];
            format.Delimiter = forced;
        }
        else
        {
            var complete = samples.Values.Where(s => s.Header!.Count > 1 && s.Columns!.IsComplete).ToList();
            var consistent = complete.Where(s => s.FirstMismatch is null).ToList();
            if (consistent.Count == 1)
            {
                picked = consistent[0];
                format.DelimiterDetected = true;
            }
            else if (consistent.Count > 1)
            {
                picked = consistent[0];
                format.Problems.Add($"Le séparateur de colonnes est ambigu (le fichier se lit aussi bien avec {string.Join(" qu'avec ", consistent.Select(s => LedgerImportOptions.DelimiterLabel(s.Delimiter)))}) : choisissez-le.");
            }
            else if (complete.Count > 0)
            {
                picked = complete[0];
                format.Problems.Add(picked.MismatchMessage() + " Choisissez le séparateur de colonnes (ou entourez de guillemets les valeurs qui le contiennent).");
            }
            else
            {
                picked = samples.Values.Where(s => s.Header!.Count > 1).OrderByDescending(s => s.Header!.Count).FirstOrDefault() ?? samples[';'];
                if (picked.Header!.Count <= 1)
                {
                    format.Problems.Add("Impossible de reconnaître le séparateur de colonnes (ni « ; », ni « , », ni tabulation, ni « | ») dans la ligne d'en-tête : choisissez-le, et vérifiez que la première ligne contient bien les noms des colonnes.");
                }
            }

            format.Delimiter = picked.Delimiter;
        }

        format.Columns = picked.Columns;
        format.Problems.AddRange(picked.Columns!.Problems);
        if (options.DecimalSeparator is { } decimalSeparator)
        {
            format.DecimalSeparator = decimalSeparator;
        }
        else if (picked.SawComma && picked.SawPoint)
        {
            format.Problems.Add("Les montants des premières lignes utilisent tantôt la virgule, tantôt le point comme séparateur décimal : choisissez le séparateur décimal.");
        }
        else if (picked.SawComma || picked.SawPoint)
        {
            format.DecimalSeparator = picked.SawComma ? ',' : '.';
            format.DecimalDetected = true;
        }

        picked.FillPreview(format);
        return format;
    }

    /// <summary>The header and the first records of the file read with one delimiter.</summary>
    private sealed class Sample
    {
        public char Delimiter { get; private init; }
        public List<string>? Header { get; private set; }
        public ColumnMap? Columns { get; private set; }
        public List<(long Line, string[] Fields, RecordProblem Problem)> Records { get; } = [];
        public (long Line, int Count)? FirstMismatch { get; private set; }
        public bool SawComma { get; private set; }
        public bool SawPoint { get; private set; }

        public static Sample Read(Stream stream, Encoding encoding, char delimiter, IReadOnlyDictionary<LedgerField, string>? saved, IReadOnlyDictionary<LedgerField, string>? chosen)
        {
            var sample = new Sample { Delimiter = delimiter };
            var reader = new LedgerCsvReader(stream, encoding, delimiter);
            if (!reader.Read())
            {
                return sample;
            }

            sample.Header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.Field(i).ToString()).ToList();
            sample.Columns = LedgerFields.Resolve(sample.Header, saved, chosen);
            while (sample.Records.Count < SampleRecords && reader.Read())
            {
                var fields = Enumerable.Range(0, reader.FieldCount).Select(i => reader.Field(i).ToString()).ToArray();
                sample.Records.Add((reader.LineNumber, fields, reader.Problem));
                // Too many values on a well-formed line is the mark of a wrong delimiter (or of decimal commas in a
                // comma-separated file); too few, or a broken quote, is a bad line, reported as such by the validation.
                if (sample.FirstMismatch is null && reader.Problem == RecordProblem.None && fields.Length > sample.Header.Count
                    && !LedgerImporter.FieldCountFits(fields.Length, sample.Header.Count, i => fields[i].Length == 0))
                {
                    sample.FirstMismatch = (reader.LineNumber, fields.Length);
                }

                foreach (var field in LedgerFields.All.Where(LedgerFields.IsAmount))
                {
                    var index = sample.Columns.IndexOf(field);
                    if (index >= 0 && index < fields.Length)
                    {
                        SawSeparator(sample, fields[index]);
                    }
                }
            }

            return sample;
        }

        private static void SawSeparator(Sample sample, string value)
        {
            // A lone separator in a valid-looking amount tells which one the file uses; "12,5,0" tells nothing.
            var commas = value.Count(c => c == ',');
            var points = value.Count(c => c == '.');
            if (commas == 1 && points == 0)
            {
                sample.SawComma = true;
            }
            else if (points == 1 && commas == 0)
            {
                sample.SawPoint = true;
            }
        }

        public string MismatchMessage()
        {
            var (line, count) = FirstMismatch!.Value;
            var hint = Delimiter == ',' && count > Header!.Count
                ? " : des montants à virgule décimale (ex. « 12,50 ») non entourés de guillemets coupent la ligne en trop de colonnes"
                : "";
            return $"Avec le séparateur {LedgerImportOptions.DelimiterLabel(Delimiter)}, la ligne {line} a {count} colonnes au lieu de {Header!.Count}{hint}.";
        }

        public void FillPreview(LedgerFileFormat format)
        {
            if (Header is null || Columns is null)
            {
                return;
            }

            var decimalSeparator = format.DecimalSeparator;
            foreach (var (line, fields, problem) in Records.Take(10))
            {
                var values = new Dictionary<LedgerField, string>();
                var errors = new List<string>();
                if (problem != RecordProblem.None)
                {
                    errors.Add(LedgerImporter.Describe(problem, 0));
                }

                if (!LedgerImporter.FieldCountFits(fields.Length, Header.Count, i => fields[i].Length == 0))
                {
                    errors.Add($"{fields.Length} colonnes au lieu de {Header.Count}");
                }

                foreach (var field in LedgerFields.All)
                {
                    var index = Columns.IndexOf(field);
                    if (index < 0 || index >= fields.Length)
                    {
                        continue;
                    }

                    var raw = fields[index];
                    values[field] = raw;
                    if (field == LedgerField.Month)
                    {
                        if (LedgerValues.TryParseMonth(raw, out var month, out var error))
                        {
                            values[field] = LedgerValues.MonthLabel(month);
                        }
                        else
                        {
                            errors.Add(error!);
                        }
                    }
                    else if (LedgerFields.IsAmount(field) && !(raw.Length == 0 && LedgerImporter.EmptyMeansZero(field)))
                    {
                        if (LedgerValues.TryParseAmount(raw, ref decimalSeparator, out var cents, out var error))
                        {
                            values[field] = LedgerValues.FormatCents(cents) + " €";
                        }
                        else
                        {
                            errors.Add($"{LedgerFields.Label(field)} : {error}");
                        }
                    }
                }

                format.Preview.Add(new LedgerPreviewRow(line, values, errors.Count == 0 ? null : string.Join(" ; ", errors)));
            }
        }
    }
}
