using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Security;

/// <summary>
/// One test for every route that takes an id: a user of organisation B, with the permission the route
/// needs, requesting organisation A's id gets 404 — and the same request by organisation A's user does
/// not (which proves the id is the right kind and the 404 is the isolation, not a typo).
/// </summary>
public sealed partial class CrossOrganisationTests
{
    /// <summary>Which entity of the World each id parameter of each route names. A new id route must be added here.</summary>
    private static Guid IdFor(World w, string route, string parameter) => (route, parameter) switch
    {
        (_, "householdId") => w.NorthHousehold.Id,
        ({ } r, "id") when r.StartsWith("Collective/Programme/", StringComparison.Ordinal) || r.StartsWith("Collective/Group/", StringComparison.Ordinal) => Collective.Programmes.ProgrammeArrangement.Of(w).ProjectId,
        ({ } r, "memberId") when r.StartsWith("Collective/Programme/", StringComparison.Ordinal) => Collective.Programmes.ProgrammeArrangement.Of(w).TargetMemberId,
        ({ } r, "id") when r.StartsWith("Households/EditPerson", StringComparison.Ordinal) || r.StartsWith("api/v1/persons", StringComparison.Ordinal) => w.NorthHolder.Id,
        ({ } r, "id") when r.StartsWith("Households/", StringComparison.Ordinal) || r.StartsWith("api/v1/households", StringComparison.Ordinal) => w.NorthHousehold.Id,
        ({ } r, "id") when r.StartsWith("Housing/Residence", StringComparison.Ordinal) || r.StartsWith("Housing/EditResidence", StringComparison.Ordinal) => w.NorthResidence.Id,
        ({ } r, "id") when r.StartsWith("Housing/Building", StringComparison.Ordinal) || r.StartsWith("Housing/EditBuilding", StringComparison.Ordinal) => w.NorthBuilding.Id,
        ({ } r, "residenceId") when r.StartsWith("Housing/", StringComparison.Ordinal) => w.NorthResidence.Id,
        ({ } r, "buildingId") when r.StartsWith("Housing/", StringComparison.Ordinal) => w.NorthBuilding.Id,
        ({ } r, "id") when r.StartsWith("Housing/Dwelling", StringComparison.Ordinal) || r.StartsWith("Housing/EditDwelling", StringComparison.Ordinal) => w.FreeDwelling.Id,
        ({ } r, "id") when r.StartsWith("Admin/Users", StringComparison.Ordinal) => w.Users[Role.SocialWorker].Id,
        ({ } r, "id") when r.StartsWith("Admin/Sectors", StringComparison.Ordinal) => w.South.Id,
        ({ } r, "id") when r.StartsWith("Outreach/Campaign/", StringComparison.Ordinal) || r.StartsWith("Outreach/Edit/", StringComparison.Ordinal) => Outreach.OutreachIds.Of(w).CampaignId,
        ({ } r, "campaignId") when r.StartsWith("Outreach/Round/", StringComparison.Ordinal) => Outreach.OutreachIds.Of(w).CampaignId,
        ({ } r, "id") when r.StartsWith("Outreach/Target/", StringComparison.Ordinal) => Outreach.OutreachIds.Of(w).TargetId,
        ({ } r, "id") when r.StartsWith("Signals/Details", StringComparison.Ordinal) => SignalIds[w.Id],
        ({ } r, "id") when r.StartsWith("Ledger/Import", StringComparison.Ordinal) || r.StartsWith("api/v1/ledger/imports", StringComparison.Ordinal) => LedgerImports[w.Id],
        ({ } r, "id") when r.StartsWith("Accompaniments/Notes/Edit/", StringComparison.Ordinal) => Accompaniments.ConfidentialFile.Of(w).NoteIds[Features.Accompaniments.Confidential.ConfidentialityLevel.Team],
        ({ } r, "id") when r.StartsWith("Accompaniments/Documents/", StringComparison.Ordinal) => Accompaniments.ConfidentialFile.Of(w).DocumentIds[Features.Accompaniments.Confidential.ConfidentialityLevel.Team],
        ({ } r, "id") when r.StartsWith("Accompaniments/{id:guid}/Notes", StringComparison.Ordinal) => Accompaniments.ConfidentialFile.Of(w).AccompanimentId,
        ({ } r, "id") when r.StartsWith("Partner/Referrals/", StringComparison.Ordinal) => Referrals.Partner.PartnerReferralIds.Of(w),
        ({ } r, "id") when r.StartsWith("Admin/Partners/", StringComparison.Ordinal) => Accompaniments.ConfidentialFile.Of(w).Partner.Id,
        ({ } r, "id") when r.StartsWith("Partners/Service/Edit/", StringComparison.Ordinal) => Partners.Directory.DirectoryIds.Of(w).ServiceId,
        ({ } r, "id") when r.StartsWith("Partners/Agreement/", StringComparison.Ordinal) => Partners.Directory.DirectoryIds.Of(w).AgreementId,
        ({ } r, "partnerId") when r.StartsWith("Partners/Service/New/", StringComparison.Ordinal) || r.StartsWith("Partners/Agreement/New/", StringComparison.Ordinal) => Partners.Directory.DirectoryIds.Of(w).PartnerId,
        ({ } r, "id") when r == "Partners/{id:guid}" || r.StartsWith("Partners/Edit/", StringComparison.Ordinal) || r.StartsWith("Partners/Contacts/", StringComparison.Ordinal) || r.StartsWith("Partners/Coverage/", StringComparison.Ordinal) => Partners.Directory.DirectoryIds.Of(w).PartnerId,
        ({ } r, "id") when r.StartsWith("Accompaniments/Arrears/", StringComparison.Ordinal) => Accompaniments.ArrearsIds.Of(w).AccompanimentId,
        ({ } r, "planId") when r.StartsWith("Accompaniments/Arrears/", StringComparison.Ordinal) => Accompaniments.ArrearsIds.Of(w).PlanId,
        ({ } r, "instalmentId") when r.StartsWith("Accompaniments/Arrears/", StringComparison.Ordinal) => Accompaniments.ArrearsIds.Of(w).InstalmentId,
        ({ } r, "fslId") when r.StartsWith("Accompaniments/Arrears/", StringComparison.Ordinal) => Accompaniments.ArrearsIds.Of(w).FslId,
        ({ } r, "overIndebtednessId") when r.StartsWith("Accompaniments/Arrears/", StringComparison.Ordinal) => Accompaniments.ArrearsIds.Of(w).OverIndebtednessId,
        ({ } r, "stepId") when r.StartsWith("Accompaniments/Arrears/", StringComparison.Ordinal) => Accompaniments.ArrearsIds.Of(w).StepId,
        ({ } r, "id") when r.StartsWith("Accompaniments/", StringComparison.Ordinal) => Accompaniments.FileIds.Of(w).AccompanimentId,
        ({ } r, "strengthId") when r.StartsWith("Accompaniments/", StringComparison.Ordinal) => Accompaniments.FileIds.Of(w).StrengthId,
        ({ } r, "goalId") when r.StartsWith("Accompaniments/", StringComparison.Ordinal) => Accompaniments.FileIds.Of(w).GoalId,
        ({ } r, "actionId") when r.StartsWith("Accompaniments/", StringComparison.Ordinal) => Accompaniments.FileIds.Of(w).ActionId,
        ({ } r, "meetingId") when r.StartsWith("Accompaniments/", StringComparison.Ordinal) => Accompaniments.FileIds.Of(w).MeetingId,
        ({ } r, "rightId") when r.StartsWith("Accompaniments/", StringComparison.Ordinal) => Accompaniments.FileIds.Of(w).RightKindId,
        ({ } r, "id") when r.StartsWith("Collective/Project/", StringComparison.Ordinal) => Collective.Projects.CollectiveIds.Of(w).ProjectId,
        ({ } r, "id") when r.StartsWith("Collective/Proposal/", StringComparison.Ordinal) => Collective.Projects.CollectiveIds.Of(w).ProposalId,
        ({ } r, "projectId") when r.StartsWith("Collective/Sessions/", StringComparison.Ordinal) => Collective.Sessions.SessionIds.Of(w).ProjectId,
        ({ } r, "id") when r.StartsWith("Collective/Sessions/Media/", StringComparison.Ordinal) => Collective.Sessions.SessionIds.Of(w).MediaId,
        ({ } r, "id") when r.StartsWith("Collective/Sessions/", StringComparison.Ordinal) => Collective.Sessions.SessionIds.Of(w).SessionId,
        ({ } r, "id") when r.StartsWith("Collective/Budget/", StringComparison.Ordinal) || r.StartsWith("Collective/Outcomes/", StringComparison.Ordinal) || r.StartsWith("Collective/Sheets/Close/", StringComparison.Ordinal) => Collective.Sheets.CapitalisationIds.Of(w).ProjectId,
        ({ } r, "lineId") when r.StartsWith("Collective/Budget/", StringComparison.Ordinal) => Collective.Sheets.CapitalisationIds.Of(w).LineId,
        ({ } r, "expenseId") when r.StartsWith("Collective/Budget/", StringComparison.Ordinal) => Collective.Sheets.CapitalisationIds.Of(w).ExpenseId,
        ({ } r, "indicatorId") when r.StartsWith("Collective/Outcomes/", StringComparison.Ordinal) => Collective.Sheets.CapitalisationIds.Of(w).IndicatorId,
        ({ } r, "sheetId") when r.StartsWith("Collective/Sheets/", StringComparison.Ordinal) => Collective.Sheets.CapitalisationIds.Of(w).SheetId,
        ({ } r, "id") when r.StartsWith("Referrals/", StringComparison.Ordinal) => Referrals.Worker.ReferralIds.Of(w).DraftId,
        _ => throw new InvalidOperationException($"Route {route} parameter {parameter}: add it to CrossOrganisationTests.IdFor."),
    };

    /// <summary>Entities the World does not have, created by the test for the owning organisation.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Guid> SignalIds = new();

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Every_id_route_answers_404_to_another_organisation(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var a = await World.CreateAsync(app);
        var b = await World.CreateAsync(app);
        await Outreach.OutreachIds.ArrangeAsync(a);
        SignalIds[a.Id] = (await Signals.SignalTestKit.AddSignalAsync(a, a.NorthHousehold.Id)).Id;
        LedgerImports[a.Id] = await CreateLedgerImportAsync(a);
        await Accompaniments.ConfidentialFile.ArrangeAsync(a);
        await Referrals.Partner.PartnerReferralIds.ArrangeAsync(a);
        await Accompaniments.FileIds.ArrangeAsync(a);
        await Accompaniments.ArrearsIds.ArrangeAsync(a);
        await Collective.Projects.CollectiveIds.ArrangeAsync(a);
        await Collective.Sessions.SessionIds.ArrangeAsync(a);
        await Collective.Sheets.CapitalisationIds.ArrangeAsync(a);
        await Collective.Programmes.ProgrammeArrangement.ArrangeAsync(a);
        await Referrals.Worker.ReferralIds.ArrangeAsync(a);
        await Partners.Directory.DirectoryIds.ArrangeAsync(a);
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Any(p => p.ParameterPolicies.Any(pp => pp.Content == "guid")))
            .ToList();
        Assert.True(routes.Count >= 8, $"Only {routes.Count} id routes found: enumeration is broken.");

        var clients = new Dictionary<(World, Role), HttpClient>();
        async Task<HttpClient> Client(World w, Role role)
        {
            if (!clients.TryGetValue((w, role), out var c))
            {
                c = await w.LoginAsync(role);
                clients[(w, role)] = c;
            }

            return c;
        }

        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var endpoint in routes)
        {
            var template = endpoint.RoutePattern.RawText!.TrimStart('/');
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(x => x.Policy).FirstOrDefault(p => p is not null)
                ?? throw new InvalidOperationException($"{template} has no policy");
            var role = Enum.GetValues<Role>().FirstOrDefault(r => RolePermissions.Has(r, policy), (Role)(-1));
            if ((int)role < 0)
            {
                continue; // no role holds this permission: nobody can reach it at all
            }

            var url = "/" + GuidParameter().Replace(template, m => IdFor(a, template, m.Groups[1].Value).ToString());
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            foreach (var method in methods.Distinct())
            {
                var asB = await Send(await Client(b, role), method, url, template);
                checkedCount++;
                var asA = await Send(await Client(a, role), method, url, template);
                if (asA.StatusCode == HttpStatusCode.NotFound)
                {
                    failures.Add($"{method} {url} as {role} of the owning organisation: 404 — the id mapping in IdFor is wrong, so the check below proves nothing");
                }

                // 405 (a page without a handler for this method) is acceptable only when the owner gets it too: it reveals nothing.
                var ok = asB.StatusCode == HttpStatusCode.NotFound
                    || (asB.StatusCode == HttpStatusCode.MethodNotAllowed && asA.StatusCode == HttpStatusCode.MethodNotAllowed);
                if (!ok)
                {
                    var body = await asB.Content.ReadAsStringAsync();
                    failures.Add($"{method} {url} as {role} of another organisation: {(int)asB.StatusCode}, expected 404. {body[..Math.Min(body.Length, 300)]}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{checkedCount} requests checked; failures:\n" + string.Join("\n", failures));
    }

    /// <summary>Data the World lacks, created by this test for the organisation whose ids are requested.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Guid> LedgerImports = new();

    private static async Task<Guid> CreateLedgerImportAsync(World w)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var import = new Relais.Features.Ledger.LedgerImport { FileName = "relevé.csv", UserName = "tests", StartedAt = DateTimeOffset.UtcNow, Status = Relais.Features.Ledger.LedgerImportStatus.Succeeded };
        db.LedgerImports.Add(import);
        await db.SaveChangesAsync();
        return import.Id;
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, string method, string url, string template)
    {
        if (template.StartsWith("api/", StringComparison.Ordinal))
        {
            var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent("{\"tenantReference\":\"X-1\",\"firstName\":\"A\",\"lastName\":\"B\",\"version\":0}", Encoding.UTF8, "application/json");
            }

            return await client.SendAsync(request);
        }

        if (method == "GET")
        {
            return await client.GetAsync(url);
        }

        // Page handlers: post with a valid antiforgery token taken from a form page of the caller.
        return await client.PostFormAsync(url, new() { ["Input.Version"] = "0" }, formPage: "/");
    }

    [GeneratedRegex(@"\{(\w+):guid\??\}")]
    private static partial Regex GuidParameter();
}
