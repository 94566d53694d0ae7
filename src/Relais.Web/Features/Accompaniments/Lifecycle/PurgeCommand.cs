using System.Globalization;

namespace Relais.Features.Accompaniments.Lifecycle;

/// <summary><c>relais purge-accompaniments [--dry-run] [--org id]</c>: the retention purge from the command line.</summary>
public static class PurgeCommand
{
    public static async Task<int> RunAsync(IServiceProvider sp, Dictionary<string, string> options)
    {
        var dryRun = options.ContainsKey("dry-run");
        Guid? org = null;
        if (options.TryGetValue("org", out var value))
        {
            if (!Guid.TryParse(value, out var parsed))
            {
                Console.Error.WriteLine("Usage : purge-accompaniments [--dry-run] [--org <identifiant de l'organisation>]");
                return 2;
            }

            org = parsed;
        }

        var result = await sp.GetRequiredService<AccompanimentPurge>().RunAsync(dryRun, org, CancellationToken.None);
        var day = result.Today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        Console.WriteLine(dryRun
            ? $"Simulation au {day} : {result.Files.Count} dossier(s) clos à supprimer (dernier contact il y a plus de {AccompanimentRules.RetentionYears} ans). Rien n'a été supprimé."
            : $"Purge au {day} : {result.Files.Count} dossier(s) clos supprimé(s), {result.FilesRemovedFromDisk} fichier(s) joint(s) effacé(s) du disque.");
        foreach (var f in result.Files)
        {
            Console.WriteLine($"  {f.AccompanimentId}  organisation {f.OrganisationId}  conservé jusqu'au {f.KeptUntil.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}  {f.Documents} document(s)");
        }

        foreach (var problem in result.Problems)
        {
            Console.Error.WriteLine($"Attention : {problem}");
        }

        return result.Problems.Count == 0 ? 0 : 1;
    }
}
