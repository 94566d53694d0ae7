using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Signals;

/// <summary><c>relais detect-signals --org &lt;id&gt;</c>: the same detection as after an import or the Responsable's button.</summary>
public static class SignalsCommand
{
    public const string Usage = "Usage : detect-signals --org <identifiant de l'organisation>";

    public static async Task<int> DetectAsync(IServiceProvider sp, IReadOnlyDictionary<string, string> options)
    {
        if (!options.TryGetValue("org", out var text) || !Guid.TryParse(text, out var organisationId))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var db = sp.GetRequiredService<RelaisDbContext>();
        var name = await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Name).FirstOrDefaultAsync();
        if (name is null)
        {
            Console.Error.WriteLine($"Organisation {organisationId} inconnue.");
            return 2;
        }

        sp.GetRequiredService<TenantContext>().ActAsSystem(organisationId, "cli:detect-signals");
        var result = await sp.GetRequiredService<SignalDetector>().DetectAsync(organisationId, CancellationToken.None);
        Console.WriteLine(result.ReferenceMonth is { } month
            ? $"Détection terminée pour « {name} » (quittancement de {SignalText.Month(month)}) : {result.HouseholdsExamined} ménage(s) examiné(s), "
                + $"{result.SignalsRaised} nouveau(x) signal(aux), en {result.Elapsed.TotalSeconds:0.0} s (dont lecture et règles {result.Reading.TotalSeconds:0.0} s)."
            : $"Aucune ligne de quittancement pour « {name} » : rien à détecter.");
        return 0;
    }
}
