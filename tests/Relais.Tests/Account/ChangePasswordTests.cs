using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Account;

public sealed class ChangePasswordTests
{
    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next, string? confirm = null) =>
        client.PostFormAsync("/Account/Manage?handler=Password",
            new() { ["CurrentPassword"] = current, ["NewPassword"] = next, ["ConfirmPassword"] = confirm ?? next }, formPage: "/Account/Manage");

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Password_is_changed_through_the_manage_page(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var email = world.Email(Role.FieldAgent);
        var client = await world.LoginAsync(Role.FieldAgent);
        const string next = "Nouveau-Secret-2026!";

        var response = await ChangeAsync(client, TestApp.Password, next);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await (await client.GetAsync("/Account/Manage")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Votre mot de passe a été modifié.", page);
        await world.App.LoginAsync(email, next);
        var old = await (await world.App.NewClient().PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = TestApp.Password })).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Adresse électronique ou mot de passe incorrect.", old);

        await using var scope = world.App.SystemScope(world.Id, out var db);
        var hash = await db.Users.Where(u => u.Id == world.Users[Role.FieldAgent].Id).Select(u => u.PasswordHash).SingleAsync();
        Assert.NotEqual(world.App.PasswordHash, hash);
        PasswordPolicyTests.AssertIdentityV3Sha512(hash!);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Weak_new_password_is_refused_with_the_cnil_rule(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.Manager);

        var body = await (await ChangeAsync(client, TestApp.Password, "Court-2026!")).ShouldBe(HttpStatusCode.OK);

        var html = body.Html();
        Assert.Equal("Mot de passe trop faible. " + CnilPasswordValidator.Rule, html.QuerySelector("#new-password-err")?.TextContent.Trim());
        Assert.Equal("true", html.QuerySelector("#new-password")!.GetAttribute("aria-invalid"));
        Assert.DoesNotContain("Passwords must", body);
        await world.App.LoginAsync(world.Email(Role.Manager)); // the old password still works
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Wrong_current_password_or_confirmation_is_refused(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.Resident);

        var wrongCurrent = (await (await ChangeAsync(client, "Pas-le-bon-2026!", "Nouveau-Secret-2026!")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Le mot de passe actuel est incorrect.", wrongCurrent.QuerySelector("#current-password-err")?.TextContent.Trim());

        var mismatch = (await (await ChangeAsync(client, TestApp.Password, "Nouveau-Secret-2026!", "Nouveau-Secret-2027!")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("La confirmation ne correspond pas au nouveau mot de passe.", mismatch.QuerySelector("#confirm-password-err")?.TextContent.Trim());

        await world.App.LoginAsync(world.Email(Role.Resident));
    }
}
