using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Audit;
using Relais.Features.Collective;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Accompaniments;
using Relais.Tests.Infrastructure;
using Relais.Tests.Signals;
using static Relais.Tests.Accompaniments.ArrearsKit;

namespace Relais.Tests.Collective.Programmes;

/// <summary>The group dashboard, linking members to their accompaniment, and the membership consent.</summary>
public sealed class ProgrammeTests
{
    private static string Text(AngleSharp.Dom.IElement? e) => (e?.TextContent ?? "").Replace('\u00a0', ' ').Replace('\u202f', ' ').Trim();

    private static async Task LinkAsync(World w, Guid memberId, Guid accompanimentId)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var m = await db.ProjectMembers.FirstAsync(x => x.Id == memberId);
        m.AccompanimentId = accompanimentId;
        await db.SaveChangesAsync();
    }

    /// <summary>The target's file: entered 4 months ago with 1 400 € of debt, 1 100 € now, three instalments of 100 € paid.</summary>
    private static async Task<Accompaniment> ArrangeProgressAsync(World world, ProgrammeArrangement g)
    {
        var a = await FileKit.OpenAsync(world, world.SouthHousehold.Id, g.Target.Id, consent: MonthAgo(5), referents: [Role.SocialWorker]);
        await LinkAsync(world, g.TargetMemberId, a.Id);
        // Rent 620 €, housing benefit 200 €: 420 € owed a month, 520 € with the instalment.
        await SignalTestKit.AddLedgerAsync(world, world.SouthHousehold.Id,
        [
            new Month(620m, 420m, 200m, 1500m),
            new Month(620m, 520m, 200m, 1400m),
            new Month(620m, 520m, 200m, 1300m),
            new Month(620m, 520m, 200m, 1200m),
            new Month(620m, 520m, 200m, 1100m),
        ], last: MonthAgo(1));
        await MonthlyPlanAsync(world, a.Id, 100m, 3, 2, 1);
        await FileKit.AddAsync(world, new AccompanimentRight { AccompanimentId = a.Id, RightKindId = await FileKit.RightIdAsync(world, "APL"), Status = RightStatus.Open, OpenedOn = MonthAgo(2), CheckedOn = MonthAgo(2) });
        await FileKit.AddAsync(world, new AccompanimentRight { AccompanimentId = a.Id, RightKindId = await FileKit.RightIdAsync(world, "RSA"), Status = RightStatus.Open, OpenedOn = MonthAgo(8), CheckedOn = MonthAgo(8) });
        await FileKit.AddAsync(world, new AccompanimentGoal { AccompanimentId = a.Id, Wording = "Reprendre le paiement du loyer", SetOn = MonthAgo(4), Status = GoalStatus.Reached, StatusOn = MonthAgo(1) });
        await FileKit.AddAsync(world, new AccompanimentGoal { AccompanimentId = a.Id, Wording = "Faire un budget", SetOn = MonthAgo(4) });

        await using var scope = world.App.SystemScope(world.Id, out var db);
        AttendanceStatus[] statuses = [AttendanceStatus.Present, AttendanceStatus.Present, AttendanceStatus.Absent, AttendanceStatus.Present, AttendanceStatus.Invited];
        for (var i = 0; i < statuses.Length; i++)
        {
            var at = new DateTimeOffset(MonthAgo(4 - i).AddDays(14).ToDateTime(new TimeOnly(14, 0)), TimeSpan.Zero);
            var s = new ProjectSession { ProjectId = g.ProjectId, Title = $"Séance {i + 1}", StartsAt = at, EndsAt = at.AddHours(2), Place = "Salle commune" };
            db.ProjectSessions.Add(s);
            db.SessionAttendances.Add(new SessionAttendance { SessionId = s.Id, MemberId = g.TargetMemberId, Status = statuses[i] });
        }

        await db.SaveChangesAsync();
        return a;
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_dashboard_shows_each_members_progress_since_entry_and_logs_the_reads(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var g = await ProgrammeArrangement.ArrangeAsync(world);
        var a = await ArrangeProgressAsync(world, g);

        var social = await world.LoginAsync(Role.SocialWorker);
        var page = (await (await social.GetAsync($"/Collective/Programme/{g.ProjectId}")).ShouldBe(HttpStatusCode.OK)).Html();
        var row = page.QuerySelector($"#membres tr[data-member='{g.TargetMemberId}']");
        Assert.NotNull(row);
        Assert.StartsWith("1 400 €", Text(row.QuerySelector(".debt-entry")));
        Assert.StartsWith("1 100 €", Text(row.QuerySelector(".debt-now")));
        Assert.Equal("Respecté (3 échéances payées)", Text(row.QuerySelector(".plan")));
        Assert.Equal("1", Text(row.QuerySelector(".rights")));
        Assert.Equal("1", Text(row.QuerySelector(".goals")));
        Assert.StartsWith("75 %", Text(row.QuerySelector(".attendance")));
        Assert.Contains("3 sur 4", Text(row.QuerySelector(".attendance")));
        // The other member is not linked yet: no figures, a link to link them.
        var other = page.QuerySelector($"#membres tr[data-member='{g.ResidentMemberId}']");
        Assert.Contains("Pas encore lié", Text(other));
        Assert.Null(other!.QuerySelector(".debt-entry"));

        // The trajectory: entry month to the last month of the ledger, as a chart and a table.
        Assert.NotNull(page.QuerySelector("#courbe-dette-groupe svg polyline"));
        var months = page.QuerySelectorAll("#trajectoire-mois tbody tr");
        Assert.Equal(4, months.Length);
        Assert.Equal("1 100 €", Text(months[0].QuerySelector("td")));
        Assert.Equal("1 400 €", Text(months[^1].QuerySelector("td")));

        var csv = await social.GetAsync($"/Collective/Programme/{g.ProjectId}?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains($"{MonthAgo(1):yyyy-MM};1100,00;1;1;1", text, StringComparison.Ordinal);
        Assert.Contains($"{MonthAgo(4):yyyy-MM};1400,00;1;0;0", text, StringComparison.Ordinal);

        var logged = await FileKit.ReadAsync(world, db => db.AuditEntries
            .Where(e => e.EntityId == a.Id && e.Action == AuditActions.Read)
            .Select(e => e.Details).ToListAsync());
        Assert.Contains("programme", logged);
        Assert.Contains("programme-export", logged);

        // The project page leads project staff to the dashboard.
        var project = (await (await social.GetAsync($"/Collective/Project/{g.ProjectId}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(project.QuerySelector($"section#programme a[href='/Collective/Programme/{g.ProjectId}']"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Staff_limited_to_another_sector_see_the_member_but_not_their_file(DatabaseProvider provider)
    {
        // The dashboard reads a member's file only when the caller reads it: a Conseiller·ère of the North sector only,
        // staff of the group, sees the South member in the list, without debt, plan or rights, and no read is logged.
        await using var app = await TestApp.CreatePrivateAsync(provider);
        var world = await World.CreateAsync(app);
        var g = await ProgrammeArrangement.ArrangeAsync(world);
        var a = await ArrangeProgressAsync(world, g);
        await using (var scope = app.SystemScope(world.Id, out var db))
        {
            db.UserSectors.Add(new Relais.Features.Users.UserSector { UserId = world.Users[Role.SocialWorker].Id, SectorId = world.North.Id });
            await db.SaveChangesAsync();
        }

        var social = await world.LoginAsync(Role.SocialWorker);
        var page = (await (await social.GetAsync($"/Collective/Programme/{g.ProjectId}")).ShouldBe(HttpStatusCode.OK)).Html();
        var row = page.QuerySelector($"#membres tr[data-member='{g.TargetMemberId}']");
        Assert.NotNull(row);
        Assert.Null(row.QuerySelector(".debt-entry"));
        Assert.Null(row.QuerySelector(".plan"));
        Assert.DoesNotContain("1 400", row.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await FileKit.ReadAsync(world, db => db.AuditEntries.CountAsync(e => e.EntityId == a.Id && e.Action == AuditActions.Read)));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_member_is_linked_only_to_an_accompaniment_of_the_same_person(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var g = await ProgrammeArrangement.ArrangeAsync(world);
        var own = await FileKit.OpenAsync(world, world.SouthHousehold.Id, g.Target.Id);
        var someoneElse = await FileKit.OpenAsync(world); // the North lease holder's

        var social = await world.LoginAsync(Role.SocialWorker);
        var url = $"/Collective/Programme/{g.ProjectId}/Member/{g.TargetMemberId}";
        var page = (await (await social.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(page.QuerySelector($"input[value='{own.Id}']"));
        Assert.Null(page.QuerySelector($"input[value='{someoneElse.Id}']"));

        var refused = await (await social.PostFormAsync(url + "?handler=Link", new() { ["AccompanimentId"] = someoneElse.Id.ToString(), ["Version"] = "0" }, url)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Choisissez un accompagnement individuel de cette personne.", refused);
        Assert.Null(await FileKit.ReadAsync(world, db => db.ProjectMembers.Where(m => m.Id == g.TargetMemberId).Select(m => m.AccompanimentId).FirstAsync()));

        await (await social.PostFormAsync(url + "?handler=Link", new() { ["AccompanimentId"] = own.Id.ToString(), ["Version"] = "0" }, url)).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(own.Id, await FileKit.ReadAsync(world, db => db.ProjectMembers.Where(m => m.Id == g.TargetMemberId).Select(m => m.AccompanimentId).FirstAsync()));

        // A stale form (version 0, the member is now at 1) does not overwrite: the current state is shown.
        var stale = await (await social.PostFormAsync(url + "?handler=Unlink", new() { ["Version"] = "0" }, url)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("modifié entre-temps", stale);
        Assert.Equal(own.Id, await FileKit.ReadAsync(world, db => db.ProjectMembers.Where(m => m.Id == g.TargetMemberId).Select(m => m.AccompanimentId).FirstAsync()));

        await (await social.PostFormAsync(url + "?handler=Unlink", new() { ["Version"] = "1" }, url)).ShouldBe(HttpStatusCode.Redirect);
        Assert.Null(await FileKit.ReadAsync(world, db => db.ProjectMembers.Where(m => m.Id == g.TargetMemberId).Select(m => m.AccompanimentId).FirstAsync()));

        // A Conseiller·ère who is not staff of the project can neither see nor change the link.
        var notStaff = await world.App.LoginAsync(g.OtherSocialWorker.Email!);
        await (await notStaff.GetAsync(url)).ShouldBe(HttpStatusCode.Forbidden);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_withdrawn_consent_hides_the_membership_at_once(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var g = await ProgrammeArrangement.ArrangeAsync(world);
        var staff = await world.LoginAsync(Role.SocialWorker);
        var agent = await world.LoginAsync(Role.FieldAgent);
        var members = $"/Collective/Programme/{g.ProjectId}/Members";
        var memberUrl = $"/Collective/Programme/{g.ProjectId}/Member/{g.TargetMemberId}";

        async Task<bool> AgentSees(Guid memberId) =>
            (await (await agent.GetAsync(members)).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector($"[data-member='{memberId}']") is not null;

        Assert.False(await AgentSees(g.TargetMemberId));
        await (await staff.PostFormAsync(memberUrl + "?handler=Share", new() { ["Version"] = "0" }, memberUrl)).ShouldBe(HttpStatusCode.Redirect);
        Assert.True(await AgentSees(g.TargetMemberId));
        await (await staff.PostFormAsync(memberUrl + "?handler=Withdraw", new() { ["Version"] = "1" }, memberUrl)).ShouldBe(HttpStatusCode.Redirect);
        Assert.False(await AgentSees(g.TargetMemberId));

        // The Habitant gives and withdraws their own consent from their group page.
        var resident = await world.LoginAsync(Role.Resident);
        var groupUrl = $"/Collective/Group/{g.ProjectId}";
        Assert.False(await AgentSees(g.ResidentMemberId));
        await (await resident.PostFormAsync(groupUrl + "?handler=Share", new() { ["version"] = "0" }, groupUrl)).ShouldBe(HttpStatusCode.Redirect);
        Assert.True(await AgentSees(g.ResidentMemberId));
        await (await resident.PostFormAsync(groupUrl + "?handler=Withdraw", new() { ["version"] = "1" }, groupUrl)).ShouldBe(HttpStatusCode.Redirect);
        Assert.False(await AgentSees(g.ResidentMemberId));
        Assert.Null(await FileKit.ReadAsync(world, db => db.ProjectMembers.Where(m => m.Id == g.ResidentMemberId).Select(m => m.MembershipSharedOn).FirstAsync()));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Another_organisations_group_answers_404(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var a = await World.CreateAsync(app);
        var b = await World.CreateAsync(app);
        var g = await ProgrammeArrangement.ArrangeAsync(a);
        var manager = await b.LoginAsync(Role.Manager);
        foreach (var url in new[]
                 {
                     $"/Collective/Programme/{g.ProjectId}", $"/Collective/Programme/{g.ProjectId}?handler=Csv", $"/Collective/Programme/{g.ProjectId}/Members",
                     $"/Collective/Programme/{g.ProjectId}/Member/{g.TargetMemberId}",
                 })
        {
            await (await manager.GetAsync(url)).ShouldBe(HttpStatusCode.NotFound);
        }

        var resident = await b.LoginAsync(Role.Resident);
        await (await resident.GetAsync($"/Collective/Group/{g.ProjectId}")).ShouldBe(HttpStatusCode.NotFound);
        // The owner's Responsable does reach them (the 404 above is the organisation, not a broken route).
        await (await (await a.LoginAsync(Role.Manager)).GetAsync($"/Collective/Programme/{g.ProjectId}")).ShouldBe(HttpStatusCode.OK);
    }
}
