using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Audit;
using Relais.Features.Demo;
using Relais.Features.Ledger;
using Relais.Features.Organisations;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Cli;

/// <summary>
/// Maintenance commands of the same executable (<c>dotnet run --project src/Relais.Web -- migrate</c>).
/// They build the same services as the web app, so they use the same configuration and database.
/// </summary>
public static class CliCommands
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["migrate"] = "applique les migrations en attente (--to N pour s'arrêter à la version N)",
        ["seed-demo"] = "crée l'organisation de démonstration (refusé en production)",
        ["create-admin"] = "crée une organisation et son administrateur : --org \"Nom\" --email a@b.fr --name \"Nom\" (mot de passe lu sur l'entrée standard ou dans RELAIS_ADMIN_PASSWORD)",
        ["verify-audit"] = "vérifie le chaînage du journal d'audit ; code de sortie 1 si une ligne a été supprimée ou modifiée",
        ["detect-signals"] = "détecte les signaux (repérage) sur le quittancement d'une organisation : --org <identifiant>",
        ["import-ledger"] = LedgerCommands.ImportHelp,
        ["export-ledger"] = LedgerCommands.ExportHelp,
        ["import-data-inclusion"] = Features.Partners.DataInclusion.DataInclusionCommands.ImportHelp,
        ["export-data-inclusion"] = Features.Partners.DataInclusion.DataInclusionCommands.ExportHelp,
        ["purge-accompaniments"] = "supprime les dossiers d'accompagnement clos dont le dernier contact a plus de deux ans (--dry-run : liste sans supprimer ; --org <identifiant> : une seule organisation)",
        ["expire-referrals"] = Features.Referrals.Worker.ExpireReferralsCommand.Help,
        ["schema-script"] = "affiche le script de création du modèle pour le fournisseur configuré (point de départ d'une migration)",
        ["help"] = "affiche cette aide",
    };

    public static bool IsCommand(string arg) => Help.ContainsKey(arg) || arg is "--help" or "-h";

    public static async Task<int> RunAsync(string[] args)
    {
        var command = args[0];
        if (command is "help" or "--help" or "-h")
        {
            Console.WriteLine("Relais — commandes :");
            foreach (var (name, text) in Help)
            {
                Console.WriteLine($"  {name,-14} {text}");
            }

            return 0;
        }

        var options = ParseOptions(args.Skip(1).ToArray());
        var app = RelaisApp.Build(args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray(),
            b => b.Configuration["Relais:CommandLine"] = "true");
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<TenantContext>().ActAsSystem(null, $"cli:{command}");
        try
        {
            switch (command)
            {
                case "migrate":
                {
                    int? to = options.TryGetValue("to", out var t) ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : null;
                    var applied = await sp.GetRequiredService<SchemaMigrator>().MigrateAsync(to);
                    Console.WriteLine(applied.Count == 0 ? "Base à jour." : $"Migrations appliquées : {string.Join(", ", applied)}");
                    return 0;
                }

                case "seed-demo":
                {
                    await sp.GetRequiredService<SchemaMigrator>().MigrateAsync();
                    var id = await sp.GetRequiredService<DemoSeeder>().SeedAsync(app.Environment);
                    Console.WriteLine($"Organisation de démonstration : {id}");
                    return 0;
                }

                case "create-admin":
                    return await CreateAdminAsync(sp, options);

                case "verify-audit":
                {
                    var result = await AuditChain.VerifyAsync(sp.GetRequiredService<RelaisDbContext>(), CancellationToken.None);
                    if (result.Ok)
                    {
                        Console.WriteLine($"Journal d'audit intègre : {result.Checked} lignes vérifiées. Empreinte de tête : {result.HeadHash}");
                        return 0;
                    }

                    Console.Error.WriteLine($"Journal d'audit ALTÉRÉ : {result.Problem} ({result.Checked} lignes intègres avant).");
                    return 1;
                }

                case "detect-signals":
                    return await Features.Signals.SignalsCommand.DetectAsync(sp, options);
                case "import-ledger":
                    return await LedgerCommands.ImportAsync(sp, options);

                case "export-ledger":
                    return await LedgerCommands.ExportAsync(sp, options);

                case "import-data-inclusion":
                    return await Features.Partners.DataInclusion.DataInclusionCommands.ImportAsync(sp, options);

                case "export-data-inclusion":
                    return await Features.Partners.DataInclusion.DataInclusionCommands.ExportAsync(sp, options);

                case "purge-accompaniments":
                    return await Features.Accompaniments.Lifecycle.PurgeCommand.RunAsync(sp, options);

                case "expire-referrals":
                    return await Features.Referrals.Worker.ExpireReferralsCommand.RunAsync(sp, options);

                case "schema-script":
                    Console.WriteLine(sp.GetRequiredService<SchemaMigrator>().ModelCreateScript());
                    return 0;
            }
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine($"Erreur : {ex.Message}");
            return 2;
        }

        return 2;
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider sp, Dictionary<string, string> options)
    {
        if (!options.TryGetValue("org", out var orgName) || !options.TryGetValue("email", out var email))
        {
            Console.Error.WriteLine("Usage : create-admin --org \"Nom de l'organisation\" --email adresse@exemple.fr [--name \"Prénom Nom\"]");
            return 2;
        }

        var password = Environment.GetEnvironmentVariable("RELAIS_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.Write("Mot de passe : ");
            password = Console.ReadLine();
        }

        var check = CnilPasswordValidator.Validate(password, email);
        if (!check.Succeeded)
        {
            Console.Error.WriteLine(string.Join(" ", check.Errors.Select(e => e.Description)));
            return 2;
        }

        await sp.GetRequiredService<SchemaMigrator>().MigrateAsync();
        var db = sp.GetRequiredService<RelaisDbContext>();
        var org = await db.Organisations.FirstOrDefaultAsync(o => o.Name == orgName);
        if (org is null)
        {
            org = new Organisation { Name = orgName, RequireTwoFactorForSocialRoles = true };
            db.Organisations.Add(org);
            await db.SaveChangesAsync();
        }

        sp.GetRequiredService<TenantContext>().ActAsSystem(org.Id, "cli:create-admin");
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = options.GetValueOrDefault("name", email),
            Role = Role.Administrator,
            OrganisationId = org.Id,
            LockoutEnabled = true,
        };
        var result = await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, password!);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine(string.Join(" ", result.Errors.Select(e => e.Description)));
            return 2;
        }

        Console.WriteLine($"Administrateur {email} créé pour « {org.Name} ».");
        return 0;
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && !args[i].Contains('=', StringComparison.Ordinal))
            {
                // "--name value", or a flag ("--dry-run") when no value follows.
                options[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            }
        }

        return options;
    }
}
