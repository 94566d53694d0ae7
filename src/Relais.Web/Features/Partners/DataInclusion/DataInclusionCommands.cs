using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Partners.DataInclusion;

/// <summary>The <c>import-data-inclusion</c> and <c>export-data-inclusion</c> commands: the same engine as the pages.</summary>
public static class DataInclusionCommands
{
    public const string ImportHelp = "importe des structures (et services) data·inclusion dans l'annuaire : --org <id ou nom> --structures structures.json [--services services.json] [--dry-run] ; code de sortie 1 si un fichier est refusé (rien n'est écrit)";
    public const string ExportHelp = "exporte l'annuaire au format data·inclusion : --org <id ou nom> --structures structures.json --services services.json (ou --zip annuaire.zip)";

    public static async Task<int> ImportAsync(IServiceProvider sp, IReadOnlyDictionary<string, string> options)
    {
        if (!options.TryGetValue("org", out var orgKey) || !options.TryGetValue("structures", out var structuresPath))
        {
            Console.Error.WriteLine("Usage : import-data-inclusion --org <id ou nom> --structures structures.json [--services services.json] [--dry-run]");
            return 2;
        }

        var servicesPath = options.GetValueOrDefault("services");
        foreach (var path in new[] { structuresPath, servicesPath }.OfType<string>())
        {
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"Fichier introuvable : {path}");
                return 2;
            }
        }

        if (await OrganisationAsync(sp, orgKey, "cli:import-data-inclusion") is not { } orgName)
        {
            return 2;
        }

        var structures = new DataInclusionUpload(Path.GetFileName(structuresPath), await File.ReadAllBytesAsync(structuresPath));
        var services = servicesPath is null ? null : new DataInclusionUpload(Path.GetFileName(servicesPath), await File.ReadAllBytesAsync(servicesPath));
        var dryRun = options.TryGetValue("dry-run", out var d) && !string.Equals(d, "false", StringComparison.OrdinalIgnoreCase);
        var report = await new DataInclusionImporter(sp.GetRequiredService<RelaisDbContext>()).ImportAsync(structures, services, write: !dryRun, CancellationToken.None);
        var counts = $"structures : {report.StructuresNew} nouvelle(s), {report.StructuresUpdated} mise(s) à jour, {report.StructuresUnchanged} inchangée(s) ; "
            + $"services : {report.ServicesNew} nouveau(x), {report.ServicesUpdated} mis à jour, {report.ServicesUnchanged} inchangé(s)";
        if (!report.Accepted)
        {
            Console.WriteLine($"Fichier refusé : {report.ErrorCount} erreur(s). Rien n'a été importé dans « {orgName} ».");
        }
        else
        {
            Console.WriteLine(dryRun ? $"Vérification seule (rien n'a été écrit) — {counts}." : $"Import terminé dans « {orgName} » — {counts}.");
        }

        foreach (var e in report.Errors)
        {
            Console.WriteLine($"  Erreur : {e}");
        }

        if (report.ErrorCount > report.Errors.Count)
        {
            Console.WriteLine($"  … et {report.ErrorCount - report.Errors.Count} autre(s) erreur(s).");
        }

        foreach (var w in report.Warnings)
        {
            Console.WriteLine($"  Avertissement : {w}");
        }

        return report.Accepted ? 0 : 1;
    }

    public static async Task<int> ExportAsync(IServiceProvider sp, IReadOnlyDictionary<string, string> options)
    {
        var zip = options.GetValueOrDefault("zip");
        var structuresPath = options.GetValueOrDefault("structures");
        var servicesPath = options.GetValueOrDefault("services");
        if (!options.TryGetValue("org", out var orgKey) || (zip is null && (structuresPath is null || servicesPath is null)))
        {
            Console.Error.WriteLine("Usage : export-data-inclusion --org <id ou nom> --structures structures.json --services services.json (ou --zip annuaire.zip)");
            return 2;
        }

        if (await OrganisationAsync(sp, orgKey, "cli:export-data-inclusion") is null)
        {
            return 2;
        }

        var files = await DataInclusionExporter.ExportAsync(sp.GetRequiredService<RelaisDbContext>(), CancellationToken.None);
        if (zip is not null)
        {
            await File.WriteAllBytesAsync(zip, DataInclusionExporter.Zip(files));
        }

        if (structuresPath is not null && servicesPath is not null)
        {
            await File.WriteAllBytesAsync(structuresPath, files.Structures);
            await File.WriteAllBytesAsync(servicesPath, files.Services);
        }

        Console.WriteLine($"{files.StructureCount} structure(s) et {files.ServiceCount} service(s) exportés.");
        return 0;
    }

    private static async Task<string?> OrganisationAsync(IServiceProvider sp, string key, string actor)
    {
        var db = sp.GetRequiredService<RelaisDbContext>();
        var found = Guid.TryParse(key, out var id)
            ? await db.Organisations.Where(o => o.Id == id).ToListAsync()
            : await db.Organisations.Where(o => o.Name == key).ToListAsync();
        if (found.Count != 1)
        {
            Console.Error.WriteLine(found.Count == 0 ? $"Organisation introuvable : {key}" : $"Plusieurs organisations s'appellent « {key} » : donnez son identifiant.");
            return null;
        }

        sp.GetRequiredService<TenantContext>().ActAsSystem(found[0].Id, actor);
        return found[0].Name;
    }
}
