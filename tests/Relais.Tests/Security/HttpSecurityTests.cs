using System.Net;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Security;

public sealed class HttpSecurityTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Pages_carry_the_security_headers(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.Manager);
        foreach (var url in new[] { "/Account/Login", "/", $"/Households/Details/{world.NorthHousehold.Id}", "/api/v1/households" })
        {
            var response = await client.GetAsync(url);
            var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }

        var file = await client.GetAsync($"/Households/Details/{world.NorthHousehold.Id}");
        Assert.Contains("no-store", file.Headers.CacheControl!.ToString());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Pages_have_no_inline_script_or_style(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.Manager);
        foreach (var url in new[] { "/", "/Households", $"/Households/Details/{world.NorthHousehold.Id}", $"/Households/Edit/{world.NorthHousehold.Id}", $"/Households/EditPerson/{world.NorthHolder.Id}" })
        {
            var html = (await (await client.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
            Assert.All(html.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), $"inline script on {url}"));
            Assert.Empty(html.QuerySelectorAll("[style]"));
            Assert.Empty(html.QuerySelectorAll("style"));
            Assert.DoesNotContain(html.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Hsts_is_sent_outside_development()
    {
        var app = await TestApp.GetAsync(DatabaseProvider.Sqlite);
        // Not for localhost (browsers ignore it there): ask as the production host would be asked.
        var response = await app.NewClient().GetAsync("https://relais.example.test/Account/Login");
        Assert.Contains("max-age=", string.Join(" ", response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Cookies_are_secure_httponly_and_samesite_strict()
    {
        var app = await TestApp.GetAsync(DatabaseProvider.Sqlite);
        var world = await World.CreateAsync(app);
        var client = app.NewClient();
        var form = await client.GetAsync("/Account/Login");
        var token = (await form.Content.ReadAsStringAsync()).Html().QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("relais.af=", StringComparison.Ordinal));
        AssertStrict(antiforgery);
        var login = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = world.Email(Role.Manager), ["Password"] = TestApp.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        AssertStrict(login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("relais.auth=", StringComparison.Ordinal)));

        static void AssertStrict(string cookie)
        {
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var client = await world.LoginAsync(Role.Manager);
        var response = await client.PostAsync($"/Households/EditPerson/{world.NorthHolder.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.FirstName"] = "Pirate", ["Input.LastName"] = "Pirate", ["Input.Version"] = "0",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.Equal("Benoît", (await db.Persons.FindAsync(world.NorthHolder.Id))!.FirstName);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Anonymous_users_are_sent_to_sign_in_and_the_api_answers_401(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var client = app.NewClient();
        var page = await client.GetAsync("/Households");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/households")).StatusCode);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Healthz_checks_the_database_and_the_openapi_document_is_served(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var client = app.NewClient();
        Assert.Equal("Healthy", await (await client.GetAsync("/healthz")).ShouldBe(HttpStatusCode.OK));
        var openapi = await (await client.GetAsync("/openapi/v1.json")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("/api/v1/households/{id}", openapi);
        Assert.Contains("/api/v1/persons/{id}", openapi);

        await using var broken = await TestApp.CreatePrivateAsync(provider, migrate: false);
        var unhealthy = await broken.NewClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
    }
}
