using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Security;

public sealed class EndpointAuthorizationTests
{
    /// <summary>Every routed page and endpoint states its policy (a permission of the catalogue) or AllowAnonymous.</summary>
    [Fact]
    public async Task Every_endpoint_has_an_explicit_policy_or_allows_anonymous()
    {
        var app = await TestApp.GetAsync(DatabaseProvider.Sqlite);
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 20, $"Only {endpoints.Count} endpoints found: enumeration is broken.");

        var missing = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var known = policies.Count > 0 && policies.All(p => p is not null && Permissions.All.Contains(p));
            if (!anonymous && !known)
            {
                missing.Add($"{endpoint.RoutePattern.RawText} ({endpoint.DisplayName}) policies: [{string.Join(", ", policies.Select(p => p ?? "<none>"))}]");
            }
        }

        Assert.True(missing.Count == 0, "Endpoints without an explicit permission policy or [AllowAnonymous]:\n" + string.Join("\n", missing));
    }

    /// <summary>The anonymous endpoints are exactly the expected ones: adding one is a deliberate act.</summary>
    [Fact]
    public async Task Only_known_endpoints_are_anonymous()
    {
        var app = await TestApp.GetAsync(DatabaseProvider.Sqlite);
        var anonymous = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct().Order().ToList();
        string[] allowed =
        [
            "/Account/AccessDenied", "/Account/AcceptInvitation", "/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode",
            "/Account/Logout", "/Collective/Calendar/{token}.ics", "/Error", "/healthz", "/openapi/{documentName}.json",
            "/Collective/Sheets/Public/{token}", // a published practice sheet, checked free of personal data (issue 5)
        ];
        var unexpected = anonymous.Except(allowed).ToList();
        Assert.True(unexpected.Count == 0, "Unexpected anonymous endpoints: " + string.Join(", ", unexpected));
    }
}
