using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Audit;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Account;

public sealed class SignInTests
{
    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        client.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = password });

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Five_wrong_passwords_lock_the_account_and_then_the_right_one_is_refused(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var email = world.Email(Role.SocialWorker);
        var client = world.App.NewClient();

        for (var i = 1; i <= 4; i++)
        {
            var wrong = await (await PostLoginAsync(client, email, $"Mauvais-mot-de-passe-{i}")).ShouldBe(HttpStatusCode.OK);
            Assert.Contains("Adresse électronique ou mot de passe incorrect.", wrong);
        }

        var fifth = await (await PostLoginAsync(client, email, "Mauvais-mot-de-passe-5")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("temporairement verrouillé", fifth);

        var right = await (await PostLoginAsync(client, email, TestApp.Password)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Ce compte est temporairement verrouillé après plusieurs essais infructueux.", right);
        Assert.False(await AccountTestKit.IsSignedInAsync(client));

        // Another user of the organisation is not affected.
        await world.LoginAsync(Role.Manager);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        var user = await db.Users.SingleAsync(u => u.Id == world.Users[Role.SocialWorker].Id);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == user.Id && a.Action == AuditActions.LockedOut));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Deactivated_user_cannot_sign_in(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var user = await db.Users.SingleAsync(u => u.Id == world.Users[Role.Manager].Id);
            user.IsActive = false;
            await db.SaveChangesAsync();
        }

        var client = world.App.NewClient();
        var body = await (await PostLoginAsync(client, world.Email(Role.Manager), TestApp.Password)).ShouldBe(HttpStatusCode.OK);

        Assert.Contains("Ce compte est désactivé. Contactez votre administrateur.", body);
        Assert.False(await AccountTestKit.IsSignedInAsync(client));
        await world.LoginAsync(Role.SocialWorker); // active colleagues still can
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Demo_accounts_are_refused_in_production(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider, new() { [TestApp.EnvironmentSetting] = "Production" });
        var real = await World.CreateAsync(app, "Bailleur réel");
        var demo = await World.CreateAsync(app, "Bailleur de démonstration");
        await using (var scope = app.SystemScope(demo.Id, out var db))
        {
            var org = await db.Organisations.SingleAsync(o => o.Id == demo.Id);
            org.IsDemo = true;
            await db.SaveChangesAsync();
        }

        var client = app.NewClient();
        var body = await (await PostLoginAsync(client, demo.Email(Role.Manager), TestApp.Password)).ShouldBe(HttpStatusCode.OK);

        Assert.Contains("Les comptes de démonstration sont refusés en production.", body);
        Assert.False(await AccountTestKit.IsSignedInAsync(client));
        await real.LoginAsync(Role.Manager); // a real organisation signs in on the same production app

        // The same demo organisation is accepted outside production (the refusal depends on the environment).
        var testing = await TestApp.GetAsync(provider);
        var demoElsewhere = await World.CreateAsync(testing);
        await using (var scope = testing.SystemScope(demoElsewhere.Id, out var db))
        {
            (await db.Organisations.SingleAsync(o => o.Id == demoElsewhere.Id)).IsDemo = true;
            await db.SaveChangesAsync();
        }

        await demoElsewhere.LoginAsync(Role.Manager);
    }
}
