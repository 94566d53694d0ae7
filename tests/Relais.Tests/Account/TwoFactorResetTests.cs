using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Account.AccountTestKit;

namespace Relais.Tests.Account;

public sealed class TwoFactorResetTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Administrator_resets_the_second_factor_of_a_user_who_lost_their_phone(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var worker = await world.LoginAsync(Role.SocialWorker);
        await EnrolAsync(worker);
        Assert.True(await IsSignedInAsync(worker));

        var admin = await world.LoginAsync(Role.Administrator);
        var id = world.Users[Role.SocialWorker].Id;
        await (await admin.PostFormAsync($"/Admin/Users/Edit/{id}?handler=ResetTwoFactor", [], $"/Admin/Users/Edit/{id}")).ShouldBe(HttpStatusCode.Redirect);

        Assert.False(await IsSignedInAsync(worker), "the reset ends open sessions");
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.False((await db.Users.SingleAsync(u => u.Id == id)).TwoFactorEnabled);
        }

        // Password alone signs in again; the old authenticator is gone.
        var again = await world.LoginAsync(Role.SocialWorker);
        await (await again.GetAsync("/Households")).ShouldBe(HttpStatusCode.OK);

        // Another organisation's administrator cannot do it.
        var other = await World.CreateAsync(world.App);
        var stranger = await other.LoginAsync(Role.Administrator);
        var refused = await stranger.PostFormAsync($"/Admin/Users/Edit/{id}?handler=ResetTwoFactor", [], "/Admin/Users");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }
}
