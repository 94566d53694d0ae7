using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Users;
using Relais.Infrastructure.Email;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Administration;

internal static class AdminHelpers
{
    /// <summary>The .eml files of the outbox addressed to <paramref name="email"/>.</summary>
    public static List<string> OutboxFor(TestApp app, string email)
    {
        var folder = ((OutboxEmailSender)app.Services.GetRequiredService<IEmailSender>()).Folder;
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder, "*.eml")
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .Where(text => text.Contains($"\r\nTo: {email}\r\n", StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>Value of the input named <paramref name="name"/> on the page at <paramref name="url"/>.</summary>
    public static async Task<string> FieldAsync(HttpClient client, string url, string name)
    {
        var page = (await (await client.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        return page.QuerySelector($"input[name='{name}']")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No input {name} on {url}.");
    }

    /// <summary>Creates a user directly in the database (arranging a test), signed in with <see cref="TestApp.Password"/>.</summary>
    public static async Task<AppUser> AddUserAsync(World world, Role role, bool active = true)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-extra-{Guid.NewGuid():N}@test.relais.local";
        var user = new AppUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            DisplayName = $"Extra {role}",
            Role = role,
            OrganisationId = world.Id,
            IsActive = active,
            LockoutEnabled = true,
            PasswordHash = world.App.PasswordHash,
        };
        await using var scope = world.App.SystemScope(world.Id, out var db);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public static async Task<AppUser> UserAsync(TestApp app, Guid id)
    {
        await using var scope = app.SystemScope(null, out var db);
        return await db.Users.AsNoTracking().Include(u => u.Sectors).SingleAsync(u => u.Id == id);
    }

    /// <summary>Posts the login form; returns the response without asserting (for refused sign-ins).</summary>
    public static async Task<HttpResponseMessage> TryLoginAsync(TestApp app, string email, string password) =>
        await app.NewClient().PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = password });
}
