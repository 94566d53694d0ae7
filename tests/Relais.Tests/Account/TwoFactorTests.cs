using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Account;
using Relais.Features.Audit;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Account.AccountTestKit;

namespace Relais.Tests.Account;

public sealed class TwoFactorTests
{
    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    [InlineData(20000000000L, "353130")]
    public void Totp_matches_the_rfc_6238_sha1_test_vectors(long unixSeconds, string expected)
    {
        var key = "12345678901234567890"u8.ToArray();
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        Assert.Equal(expected, Totp.Compute(key, step).ToString("D6"));
        Assert.Equal(expected, Code(ToBase32(key), step));
    }

    [Fact]
    public void Totp_accepts_one_step_of_drift_and_never_a_step_already_used()
    {
        var key = "12345678901234567890"u8.ToArray();
        const long now = 1000;
        Assert.Equal(now - 1, Totp.MatchStep(key, Totp.Compute(key, now - 1), now, lastAccepted: 0));
        Assert.Equal(now + 1, Totp.MatchStep(key, Totp.Compute(key, now + 1), now, lastAccepted: 0));
        Assert.Null(Totp.MatchStep(key, Totp.Compute(key, now - 2), now, lastAccepted: 0));
        Assert.Null(Totp.MatchStep(key, Totp.Compute(key, now + 2), now, lastAccepted: 0));
        Assert.Null(Totp.MatchStep(key, Totp.Compute(key, now), now, lastAccepted: now));
        Assert.True(Totp.TryParseCode(" 123 456 ", out var code) && code == 123456);
        Assert.False(Totp.TryParseCode("12345", out _));
        Assert.False(Totp.TryParseCode("1234567", out _));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Enrolled_user_signs_in_with_a_code_that_works_once_and_with_a_recovery_code_that_works_once(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var user = world.Users[Role.SocialWorker];
        var email = world.Email(Role.SocialWorker);
        var self = await world.LoginAsync(Role.SocialWorker);

        // A wrong confirmation code does not enable anything.
        var page = (await (await self.GetAsync("/Account/Manage")).ShouldBe(HttpStatusCode.OK)).Html();
        var shownKey = page.QuerySelector("#totp-key")!.TextContent.Replace(" ", "");
        var refused = await (await self.PostFormAsync("/Account/Manage?handler=Enable", new() { ["Code"] = WrongCode(shownKey) }, "/Account/Manage")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(SignInGuard.WrongCodeMessage, refused);
        Assert.False(await TwoFactorEnabledAsync(world, user.Id));

        var enrolment = await EnrolAsync(self);
        Assert.Equal(shownKey, enrolment.Key);
        Assert.True(await TwoFactorEnabledAsync(world, user.Id));
        Assert.True(await IsSignedInAsync(self), "enrolling keeps the session");

        // Password alone no longer signs in: the code is asked.
        var first = await PasswordStepAsync(world.App, email);
        Assert.False(await IsSignedInAsync(first));
        var (code, step) = await NextCodeAsync(enrolment.Key, enrolment.Step);
        var accepted = await PostCodeAsync(first, code);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/", accepted.Headers.Location!.OriginalString);
        await (await first.GetAsync("/Households")).ShouldBe(HttpStatusCode.OK);

        // The same code, again within its 30 seconds, from another browser: refused.
        var replay = await PasswordStepAsync(world.App, email);
        var again = await (await PostCodeAsync(replay, code)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(SignInGuard.WrongCodeMessage, again);
        Assert.False(await IsSignedInAsync(replay));
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            Assert.Equal(step, (await db.Users.SingleAsync(u => u.Id == user.Id)).LastTotpTimeStep);
        }

        // A recovery code (typed in lower case, without its dash) signs in once.
        var recovery = enrolment.RecoveryCodes[3];
        var withRecovery = await PostRecoveryCodeAsync(replay, recovery.Replace("-", "").ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Redirect, withRecovery.StatusCode);
        await (await replay.GetAsync("/Households")).ShouldBe(HttpStatusCode.OK);

        var secondUse = await PasswordStepAsync(world.App, email);
        var spent = await (await PostRecoveryCodeAsync(secondUse, recovery)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Code de secours incorrect ou déjà utilisé.", spent);
        Assert.False(await IsSignedInAsync(secondUse));

        var manage = (await (await self.GetAsync("/Account/Manage")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("9", manage.QuerySelector("#recovery-codes-left")!.TextContent.Trim());

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var details = await db.AuditEntries.Where(a => a.UserId == user.Id && a.Action == AuditActions.SignIn).Select(a => a.Details).ToListAsync();
            Assert.Contains("mot de passe + application d'authentification", details);
            Assert.Contains(details, d => d != null && d.StartsWith("mot de passe + code de secours"));
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Five_wrong_codes_lock_the_account_and_then_the_right_code_is_refused(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var email = world.Email(Role.Manager);
        var enrolment = await EnrolAsync(await world.LoginAsync(Role.Manager));

        var client = await PasswordStepAsync(world.App, email);
        for (var i = 1; i <= 4; i++)
        {
            Assert.Contains(SignInGuard.WrongCodeMessage, await (await PostCodeAsync(client, WrongCode(enrolment.Key))).ShouldBe(HttpStatusCode.OK));
        }

        Assert.Contains("temporairement verrouillé", await (await PostCodeAsync(client, WrongCode(enrolment.Key))).ShouldBe(HttpStatusCode.OK));
        var (code, _) = await NextCodeAsync(enrolment.Key, enrolment.Step);
        Assert.Contains("temporairement verrouillé", await (await PostCodeAsync(client, code)).ShouldBe(HttpStatusCode.OK));
        Assert.Contains("temporairement verrouillé", await (await PostRecoveryCodeAsync(client, enrolment.RecoveryCodes[0])).ShouldBe(HttpStatusCode.OK));
        Assert.False(await IsSignedInAsync(client));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Authenticator_can_be_disabled_with_a_current_code(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var self = await world.LoginAsync(Role.Partner);
        var enrolment = await EnrolAsync(self);

        var withoutCode = await (await self.PostFormAsync("/Account/Manage?handler=Disable", new() { ["Code"] = WrongCode(enrolment.Key) }, "/Account/Manage")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(SignInGuard.WrongCodeMessage, withoutCode);
        Assert.True(await TwoFactorEnabledAsync(world, world.Users[Role.Partner].Id));

        var (code, _) = await NextCodeAsync(enrolment.Key, enrolment.Step);
        var disabled = await self.PostFormAsync("/Account/Manage?handler=Disable", new() { ["Code"] = code }, "/Account/Manage");
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.False(await TwoFactorEnabledAsync(world, world.Users[Role.Partner].Id));
        Assert.True(await IsSignedInAsync(self));
        await PasswordOnlySignInAsync(world.App, world.Email(Role.Partner));

        var fresh = (await (await self.GetAsync("/Account/Manage")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotEqual(enrolment.Key, fresh.QuerySelector("#totp-key")!.TextContent.Replace(" ", ""));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Same_code_verified_concurrently_by_two_requests_is_accepted_once(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var enrolment = await EnrolAsync(await world.LoginAsync(Role.FieldAgent));
        var id = world.Users[Role.FieldAgent].Id;

        // Two requests load the user before either has saved the step.
        await using var first = world.App.SystemScope(world.Id, out _);
        await using var second = world.App.SystemScope(world.Id, out _);
        var firstUsers = first.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var secondUsers = second.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var firstUser = (await firstUsers.FindByIdAsync(id.ToString()))!;
        var secondUser = (await secondUsers.FindByIdAsync(id.ToString()))!;
        var (code, step) = await NextCodeAsync(enrolment.Key, enrolment.Step);

        Assert.True(await firstUsers.VerifyTwoFactorTokenAsync(firstUser, TokenOptions.DefaultAuthenticatorProvider, code));
        Assert.False(await secondUsers.VerifyTwoFactorTokenAsync(secondUser, TokenOptions.DefaultAuthenticatorProvider, code));

        await using var check = world.App.SystemScope(world.Id, out var db);
        Assert.Equal(step, (await db.Users.SingleAsync(u => u.Id == id)).LastTotpTimeStep);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Organisation_requirement_confines_social_roles_to_enrolment_until_they_enrol(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider), requireTwoFactor: true);

        var worker = await world.LoginAsync(Role.SocialWorker);
        var page = await worker.GetAsync("/Households");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(TwoFactorEnrolment.EnrolmentUrl, page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await worker.GetAsync("/")).StatusCode);
        var api = await worker.GetAsync("/api/v1/households");
        await api.ShouldBe(HttpStatusCode.Forbidden);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var manage = await (await worker.GetAsync("/Account/Manage")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Votre organisation exige la double authentification pour votre rôle.", manage);

        // The administrator does not read social data: not forced.
        var admin = await world.LoginAsync(Role.Administrator);
        await (await admin.GetAsync("/")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain("Votre organisation exige", await (await admin.GetAsync("/Account/Manage")).ShouldBe(HttpStatusCode.OK));

        // After enrolling, the same session proceeds normally.
        var enrolment = await EnrolAsync(worker);
        await (await worker.GetAsync("/Households")).ShouldBe(HttpStatusCode.OK);
        await (await worker.GetAsync("/api/v1/households")).ShouldBe(HttpStatusCode.OK);

        // And the second factor cannot be switched off.
        var (code, _) = await NextCodeAsync(enrolment.Key, enrolment.Step);
        var disable = await (await worker.PostFormAsync("/Account/Manage?handler=Disable", new() { ["Code"] = code }, "/Account/Manage")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("elle ne peut pas être désactivée", disable);
        Assert.True(await TwoFactorEnabledAsync(world, world.Users[Role.SocialWorker].Id));
    }

    private static async Task<bool> TwoFactorEnabledAsync(World world, Guid userId)
    {
        await using var scope = world.App.SystemScope(world.Id, out var db);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).SingleAsync();
    }

    private static string ToBase32(byte[] bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(bytes.Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        return string.Concat(Enumerable.Range(0, (bits.Length + 4) / 5).Select(i => alphabet[Convert.ToInt32(bits.Substring(i * 5, Math.Min(5, bits.Length - i * 5)).PadRight(5, '0'), 2)]));
    }
}
