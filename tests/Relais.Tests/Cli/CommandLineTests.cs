using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Relais.Cli;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Cli;

[Collection(nameof(CommandLineTests))] // create-admin reads RELAIS_ADMIN_PASSWORD from the process environment
public sealed class CommandLineTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Migrate_then_create_admin_gives_an_organisation_whose_admin_can_sign_in(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider, migrate: false);
        string[] common = [$"--Database:Provider={provider}", $"--ConnectionStrings:Relais={app.ConnectionString}", $"--Database:DataFolder={Path.GetTempPath()}"];
        Assert.Equal(0, await CliCommands.RunAsync(["migrate", "--to", "1", .. common]));
        await using (var scope = app.SystemScope(null, out _))
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().CurrentVersionAsync());
        }

        Assert.Equal(0, await CliCommands.RunAsync(["migrate", .. common]));
        var email = $"admin-{Guid.NewGuid():N}@office.example";
        try
        {
            Environment.SetEnvironmentVariable("RELAIS_ADMIN_PASSWORD", "court");
            Assert.Equal(2, await CliCommands.RunAsync(["create-admin", "--org", "Office de l'Haÿ", "--email", email, .. common]));
            Environment.SetEnvironmentVariable("RELAIS_ADMIN_PASSWORD", "Un-Mot-De-Passe-2026!");
            Assert.Equal(0, await CliCommands.RunAsync(["create-admin", "--org", "Office de l'Haÿ", "--email", email, "--name", "Aïcha Admin", .. common]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("RELAIS_ADMIN_PASSWORD", null);
        }

        await using (var scope = app.SystemScope(null, out var db))
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            Assert.Equal((Role.Administrator, "Aïcha Admin"), (user.Role, user.DisplayName));
            var org = await db.Organisations.SingleAsync(o => o.Id == user.OrganisationId);
            Assert.Equal("Office de l'Haÿ", org.Name);
            Assert.True(org.RequireTwoFactorForSocialRoles);
        }

        var client = await app.LoginAsync(email, "Un-Mot-De-Passe-2026!");
        var home = await (await client.GetAsync("/")).ShouldBe(System.Net.HttpStatusCode.OK);
        Assert.Contains("Office de l'Haÿ", home.Html().QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task Unknown_options_print_usage_and_fail()
    {
        Assert.Equal(0, await CliCommands.RunAsync(["help"]));
        Assert.Equal(2, await CliCommands.RunAsync(["create-admin", "--Database:Provider=Sqlite", $"--ConnectionStrings:Relais=Data Source={Path.GetTempFileName()}"]));
    }
}
