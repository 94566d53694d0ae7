using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Organisations;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Ledger;

/// <summary>The <c>import-ledger</c> and <c>export-ledger</c> commands: the same engine as the page.</summary>
public static class LedgerCommands
{
    public const string ImportHelp = "importe un relevé de quittancement : --org <id ou nom> --file relevé.csv [--encoding auto|utf-8|windows-1252] [--delimiter ';'|','|tab] [--decimal ','|'.'] [--create-households] [--dry-run] ; code de sortie 1 si le fichier est refusé";
    public const string ExportHelp = "exporte le quittancement d'une organisation au même format : --org <id ou nom> --file relevé.csv [--encoding utf-8|windows-1252]";

    public static async Task<int> ImportAsync(IServiceProvider sp, IReadOnlyDictionary<string, string> options)
    {
        if (!options.TryGetValue("org", out var orgKey) || !options.TryGetValue("file", out var file))
        {
            Console.Error.WriteLine("Usage : import-ledger --org <id ou nom> --file relevé.csv [--encoding auto|utf-8|windows-1252] [--delimiter ';'] [--decimal ','] [--create-households] [--dry-run]");
            return 2;
        }

        var encoding = LedgerEncoding.ParseChoice(options.GetValueOrDefault("encoding"));
        var delimiter = LedgerImportOptions.ParseDelimiter(options.GetValueOrDefault("delimiter"));
        var decimalSeparator = LedgerImportOptions.ParseDecimal(options.GetValueOrDefault("decimal"));
        if (encoding is null || delimiter == (char)0 || decimalSeparator == (char)0)
        {
            Console.Error.WriteLine("Options invalides : --encoding auto|utf-8|windows-1252, --delimiter ';'|','|tab|'|', --decimal ','|'.'.");
            return 2;
        }

        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"Fichier introuvable : {file}");
            return 2;
        }

        var org = await FindOrganisationAsync(sp, orgKey);
        if (org is null)
        {
            return 2;
        }

        sp.GetRequiredService<TenantContext>().ActAsSystem(org.Id, "cli:import-ledger");
        var importer = sp.GetRequiredService<LedgerImporter>();
        var importOptions = new LedgerImportOptions
        {
            Encoding = encoding.Value,
            Delimiter = delimiter,
            DecimalSeparator = decimalSeparator,
            CreateHouseholds = Flag(options, "create-households"),
        };
        var progress = new ConsoleProgress();
        if (Flag(options, "dry-run"))
        {
            var analysis = await importer.AnalyseAsync(file, importOptions, progress, CancellationToken.None);
            Console.WriteLine(analysis.Accepted
                ? $"Vérification seule : fichier accepté, {analysis.LinesRead.ToString("N0", Fr)} lignes, {analysis.HouseholdsToCreate.ToString("N0", Fr)} ménage(s) à créer. Rien n'a été écrit."
                : $"Vérification seule : fichier refusé, {analysis.Report.ErrorCount.ToString("N0", Fr)} erreur(s). Rien n'a été écrit.");
            PrintReport(analysis.Report);
            return analysis.Accepted ? 0 : 1;
        }

        var import = await importer.StartAsync(file, null, "Ligne de commande", CancellationToken.None);
        Console.WriteLine($"Import {import.Id} de « {org.Name} » : démarré.");
        import = await importer.RunAsync(import.Id, file, importOptions, progress, CancellationToken.None);
        var report = LedgerReport.FromJson(import.Report);
        switch (import.Status)
        {
            case LedgerImportStatus.Succeeded:
                Console.WriteLine($"Import terminé : {import.LinesImported.ToString("N0", Fr)} lignes importées, dont {report.LinesUnchanged.ToString("N0", Fr)} déjà présentes à l'identique ({report.Households.ToString("N0", Fr)} ménages, "
                    + $"{report.MonthsCovered} mois de {import.FirstMonth:MM/yyyy} à {import.LastMonth:MM/yyyy}), {import.HouseholdsCreated.ToString("N0", Fr)} ménage(s) créé(s).");
                PrintReport(report);
                return 0;
            case LedgerImportStatus.Refused:
                Console.WriteLine($"Fichier refusé : {import.ErrorCount.ToString("N0", Fr)} erreur(s) sur {import.LinesRead.ToString("N0", Fr)} lignes. Rien n'a été importé.");
                PrintReport(report);
                return 1;
            default:
                Console.WriteLine("Import interrompu : rien n'a été importé.");
                PrintReport(report);
                return 3;
        }
    }

    public static async Task<int> ExportAsync(IServiceProvider sp, IReadOnlyDictionary<string, string> options)
    {
        if (!options.TryGetValue("org", out var orgKey) || !options.TryGetValue("file", out var file))
        {
            Console.Error.WriteLine("Usage : export-ledger --org <id ou nom> --file relevé.csv [--encoding utf-8|windows-1252]");
            return 2;
        }

        var choice = LedgerEncoding.ParseChoice(options.GetValueOrDefault("encoding"));
        if (choice is null)
        {
            Console.Error.WriteLine("Option invalide : --encoding utf-8|windows-1252.");
            return 2;
        }

        var org = await FindOrganisationAsync(sp, orgKey);
        if (org is null)
        {
            return 2;
        }

        sp.GetRequiredService<TenantContext>().ActAsSystem(org.Id, "cli:export-ledger");
        var encoding = choice == LedgerEncodingChoice.Windows1252 ? LedgerExporter.Windows1252 : LedgerExporter.Utf8WithBom;
        await using var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan);
        var count = await LedgerExporter.ExportAsync(sp.GetRequiredService<RelaisDbContext>(), output, encoding, CancellationToken.None);
        Console.WriteLine($"{count.ToString("N0", Fr)} lignes exportées dans {file} ({LedgerEncoding.Label(encoding)}).");
        return 0;
    }

    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    private static bool Flag(IReadOnlyDictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);

    private static async Task<Organisation?> FindOrganisationAsync(IServiceProvider sp, string key)
    {
        var db = sp.GetRequiredService<RelaisDbContext>();
        var found = Guid.TryParse(key, out var id)
            ? await db.Organisations.Where(o => o.Id == id).ToListAsync()
            : await db.Organisations.Where(o => o.Name == key).ToListAsync();
        switch (found.Count)
        {
            case 1:
                return found[0];
            case 0:
                Console.Error.WriteLine($"Organisation introuvable : {key}");
                return null;
            default:
                Console.Error.WriteLine($"Plusieurs organisations s'appellent « {key} » : donnez son identifiant.");
                return null;
        }
    }

    private static void PrintReport(LedgerReport report)
    {
        foreach (var note in report.Notes)
        {
            Console.WriteLine($"  Note : {note}");
        }

        foreach (var e in report.Errors)
        {
            Console.WriteLine($"  Erreur ligne {e.Line}, colonne « {e.Column} », valeur « {e.Value} » : {e.Reason}");
        }

        if (report.ErrorCount > report.Errors.Count)
        {
            Console.WriteLine($"  … et {(report.ErrorCount - report.Errors.Count).ToString("N0", Fr)} autre(s) erreur(s).");
        }

        foreach (var w in report.Warnings.Take(20))
        {
            Console.WriteLine($"  Avertissement ligne {w.Line}, colonne « {w.Column} », valeur « {w.Value} » : {w.Reason}");
        }

        if (report.WarningCount > 20)
        {
            Console.WriteLine($"  … {report.WarningCount.ToString("N0", Fr)} avertissement(s) en tout.");
        }
    }

    /// <summary>Prints each step on its own line, synchronously (a killed process has printed exactly where it was).</summary>
    private sealed class ConsoleProgress : IProgress<LedgerProgress>
    {
        private LedgerImportPhase? _phase;
        private long _lines = -1;

        public void Report(LedgerProgress value)
        {
            if (value.Phase == _phase && value.Lines == _lines)
            {
                return;
            }

            _phase = value.Phase;
            _lines = value.Lines;
            var label = value.Phase switch
            {
                LedgerImportPhase.Checking => "Vérification de l'encodage",
                LedgerImportPhase.Validating => "Contrôle",
                LedgerImportPhase.Writing => "Écriture",
                LedgerImportPhase.ValidatingAndWriting => "Contrôle et écriture",
                LedgerImportPhase.Saving => "Enregistrement",
                LedgerImportPhase.AfterImport => "Détection des signaux",
                _ => "Terminé",
            };
            Console.WriteLine(value.Phase is LedgerImportPhase.Validating or LedgerImportPhase.Writing or LedgerImportPhase.ValidatingAndWriting
                ? $"{label} : {value.Lines.ToString(CultureInfo.InvariantCulture)} lignes ({value.Percent} %)"
                : $"{label}…");
            Console.Out.Flush();
        }
    }
}
