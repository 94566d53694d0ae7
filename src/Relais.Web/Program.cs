using Relais;
using Relais.Cli;

// French dates, numbers and sorting everywhere (UI, exports, messages), whatever the server's locale.
System.Globalization.CultureInfo.DefaultThreadCurrentCulture = new System.Globalization.CultureInfo("fr-FR");
System.Globalization.CultureInfo.DefaultThreadCurrentUICulture = new System.Globalization.CultureInfo("fr-FR");

// One executable: `relais <command>` runs a maintenance command (see Cli/CliCommands.cs), anything else starts the web app.
if (args.Length > 0 && CliCommands.IsCommand(args[0]))
{
    return await CliCommands.RunAsync(args);
}

var app = RelaisApp.Build(args);
await RelaisApp.PrepareDatabaseAsync(app);
await app.RunAsync();
return 0;

namespace Relais
{
    /// <summary>Lets WebApplicationFactory find the entry point.</summary>
    public partial class Program;
}
