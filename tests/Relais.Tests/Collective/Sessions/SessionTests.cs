using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Collective;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Collective.Sessions.SessionKit;

namespace Relais.Tests.Collective.Sessions;

/// <summary>Sessions through HTTP on both providers: planning, French errors, concurrency, attendance and minutes by project staff only.</summary>
public sealed class SessionTests
{
    private static Dictionary<string, string> Form(string title, string date, string start, string end, params Guid[] invited)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Title"] = title, ["Input.Date"] = date, ["Input.StartTime"] = start, ["Input.EndTime"] = end,
            ["Input.Place"] = "Local commun, bât. B", ["Input.Agenda"] = "Choix des couleurs ; planning",
        };
        for (var i = 0; i < invited.Length; i++)
        {
            fields[$"Input.Invited[{i}]"] = invited[i].ToString();
        }

        return fields;
    }

    private static string Text(string html) => html.Html().Body!.TextContent;

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Planning_a_session_reports_French_errors_and_invites_the_current_members_by_default(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await ArrangeAsync(world);
        var manager = await world.LoginAsync(Role.Manager);
        var url = $"/Collective/Sessions/Project/{p.ProjectId}/New";

        var form = (await (await manager.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        var ticked = form.QuerySelectorAll("input[name='Input.Invited'][checked]").Select(i => Guid.Parse(i.GetAttribute("value")!)).ToHashSet();
        Assert.Equal(new HashSet<Guid> { p.North, p.South, p.Staff }, ticked); // the member who left is not offered

        var body = await (await manager.PostFormAsync(url, Form("  ", "2031-03-04", "16:00", "14:00"))).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Donnez un titre à la séance", body);
        Assert.Contains("La séance se termine (14:00) avant de commencer (16:00)", body);
        Assert.Equal("true", body.Html().QuerySelector("#end")!.GetAttribute("aria-invalid"));
        body = await (await manager.PostFormAsync(url, Form("Atelier", "04/03/2031", "1400", "16:00"))).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("La date n’est pas valide", body);
        Assert.Contains("L’heure de début n’est pas valide", body);
        body = await (await manager.PostFormAsync(url, Form("Atelier", "2031-03-04", "14:00", "16:00", p.Left), url)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("n’est pas (ou plus) membre du projet", body);

        var unknown = await manager.GetAsync($"/Collective/Sessions/Project/{Guid.NewGuid()}/New");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("introuvable", await unknown.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var location = await (await manager.PostFormAsync(url, Form("Atelier « couleurs »", "2031-03-04", "14:00", "16:30", p.North, p.Staff))).RedirectedTo();
        var id = Guid.Parse(location.Split('/').Last());
        var (session, invited) = await QueryAsync(world, async db => (await db.ProjectSessions.SingleAsync(s => s.Id == id),
            await db.SessionAttendances.Where(a => a.SessionId == id).Select(a => a.MemberId).ToListAsync()));
        Assert.Equal("Atelier « couleurs »", session.Title);
        var zone = world.App.Services.GetRequiredService<TimeProvider>().LocalTimeZone; // the organisation's wall clock
        Assert.Equal(new DateTimeOffset(2031, 3, 4, 14, 0, 0, zone.GetUtcOffset(new DateTime(2031, 3, 4, 14, 0, 0))), session.StartsAt);
        Assert.Equal(new DateTimeOffset(2031, 3, 4, 16, 30, 0, zone.GetUtcOffset(new DateTime(2031, 3, 4, 16, 30, 0))), session.EndsAt);
        Assert.Equal(new HashSet<Guid> { p.North, p.Staff }, invited.ToHashSet());
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Editing_a_session_changed_meanwhile_shows_the_stored_version_and_keeps_the_input(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await ArrangeAsync(world);
        var manager = await world.LoginAsync(Role.Manager);
        var url = $"/Collective/Sessions/{p.SessionId}/Edit";
        var page = (await (await manager.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        var version = page.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        var date = page.QuerySelector("#date")!.GetAttribute("value")!;

        await (await manager.PostFormAsync(url, new(Form("Atelier déplacé", date, "10:00", "12:00", p.North, p.South, p.Staff)) { ["Input.Version"] = version })).RedirectedTo();
        var body = await (await manager.PostFormAsync(url, new(Form("Mon titre à moi", date, "15:00", "17:00", p.North)) { ["Input.Version"] = version })).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("modifiée par quelqu’un d’autre pendant votre saisie", body);
        Assert.Contains("Atelier déplacé", body);
        Assert.Equal("Mon titre à moi", body.Html().QuerySelector("#title")!.GetAttribute("value"));
        var stored = await QueryAsync(world, db => db.ProjectSessions.SingleAsync(s => s.Id == p.SessionId));
        Assert.Equal("Atelier déplacé", stored.Title);
        Assert.Equal(3, await QueryAsync(world, db => db.SessionAttendances.CountAsync(a => a.SessionId == p.SessionId)));

        // The form now carries the version seen: saving again is a deliberate overwrite.
        var seen = body.Html().QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        await (await manager.PostFormAsync(url, new(Form("Mon titre à moi", date, "15:00", "17:00", p.North)) { ["Input.Version"] = seen })).RedirectedTo();
        Assert.Equal("Mon titre à moi", (await QueryAsync(world, db => db.ProjectSessions.SingleAsync(s => s.Id == p.SessionId))).Title);
        Assert.Equal([p.North], await QueryAsync(world, db => db.SessionAttendances.Where(a => a.SessionId == p.SessionId).Select(a => a.MemberId).ToListAsync()));

        // Cancelling with a stale version is refused too, then works with the current one.
        var stale = await (await manager.PostFormAsync($"{url}?handler=Cancel", new() { ["Input.Version"] = version, ["cancel"] = "true" }, url)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("modifiée par quelqu’un d’autre pendant votre saisie", stale);
        Assert.Equal("Mon titre à moi", stale.Html().QuerySelector("#title")!.GetAttribute("value"));
        Assert.False((await QueryAsync(world, db => db.ProjectSessions.SingleAsync(s => s.Id == p.SessionId))).Cancelled);
        var current = (await QueryAsync(world, db => db.ProjectSessions.SingleAsync(s => s.Id == p.SessionId))).Version.ToString();
        await (await manager.PostFormAsync($"{url}?handler=Cancel", new() { ["Input.Version"] = current, ["cancel"] = "true" }, url)).RedirectedTo();
        Assert.True((await QueryAsync(world, db => db.ProjectSessions.SingleAsync(s => s.Id == p.SessionId))).Cancelled);
        Assert.Contains("Annulée", await (await manager.GetAsync($"/Collective/Sessions/{p.SessionId}")).ShouldBe(HttpStatusCode.OK));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Only_project_staff_plan_sessions_take_attendance_and_write_minutes(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await ArrangeAsync(world);
        var session = $"/Collective/Sessions/{p.SessionId}";
        foreach (var role in new[] { Role.SocialWorker, Role.FieldAgent })
        {
            var client = await world.LoginAsync(role);
            var page = await (await client.GetAsync(session)).ShouldBe(HttpStatusCode.OK); // reading is allowed
            Assert.Null(page.Html().QuerySelector("textarea[name=Minutes]"));
            Assert.Contains("Pas encore de compte rendu", page);
            await (await client.GetAsync($"{session}/Attendance")).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.GetAsync($"{session}/Edit")).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.GetAsync($"{session}/Media")).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.GetAsync($"/Collective/Sessions/Project/{p.ProjectId}/New")).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.PostFormAsync($"{session}/Attendance?handler=Mark", new() { ["memberId"] = p.North.ToString(), ["status"] = "Present" }, session)).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.PostFormAsync($"{session}?handler=Minutes", new() { ["Minutes"] = "Écrit par un non-membre", ["Version"] = "0" }, session)).ShouldBe(HttpStatusCode.Forbidden);
            await (await client.PostFormAsync($"/Collective/Sessions/Project/{p.ProjectId}?handler=Feed", [], session)).ShouldBe(HttpStatusCode.Forbidden);
        }

        Assert.Equal(AttendanceStatus.Invited, await QueryAsync(world, db => db.SessionAttendances.Where(a => a.SessionId == p.SessionId && a.MemberId == p.North).Select(a => a.Status).SingleAsync()));
        Assert.Equal("", (await QueryAsync(world, db => db.ProjectSessions.SingleAsync(s => s.Id == p.SessionId))).Minutes);
        Assert.Null((await QueryAsync(world, db => db.Projects.SingleAsync(x => x.Id == p.ProjectId))).CalendarFeedToken);

        // A Habitant has no collective read permission at all; another organisation's session does not exist.
        await (await (await world.LoginAsync(Role.Resident)).GetAsync(session)).ShouldBe(HttpStatusCode.Forbidden);
        var other = await World.CreateAsync(world.App);
        await (await (await other.LoginAsync(Role.Manager)).GetAsync($"{session}/Attendance")).ShouldBe(HttpStatusCode.NotFound);

        // Once staff of the project, the field agent takes attendance and writes minutes.
        await AddStaffAsync(world, p.ProjectId, Role.FieldAgent);
        var agent = await world.LoginAsync(Role.FieldAgent);
        await (await agent.PostFormAsync($"{session}/Attendance?handler=Mark", new() { ["memberId"] = p.North.ToString(), ["status"] = "Excused" }, $"{session}/Attendance")).RedirectedTo();
        var version = (await QueryAsync(world, db => db.ProjectSessions.SingleAsync(s => s.Id == p.SessionId))).Version.ToString();
        await (await agent.PostFormAsync($"{session}?handler=Minutes", new() { ["Minutes"] = "Couleurs choisies : ocre et bleu.", ["Version"] = version }, session)).RedirectedTo();
        Assert.Equal(AttendanceStatus.Excused, await QueryAsync(world, db => db.SessionAttendances.Where(a => a.SessionId == p.SessionId && a.MemberId == p.North).Select(a => a.Status).SingleAsync()));
        Assert.Equal("Couleurs choisies : ocre et bleu.", (await QueryAsync(world, db => db.ProjectSessions.SingleAsync(s => s.Id == p.SessionId))).Minutes);

        // Minutes saved on a stale version are not written over the stored ones.
        var body = await (await agent.PostFormAsync($"{session}?handler=Minutes", new() { ["Minutes"] = "Version périmée", ["Version"] = version }, session)).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Le compte rendu a été modifié par quelqu’un d’autre", body);
        Assert.Equal("Couleurs choisies : ocre et bleu.", (await QueryAsync(world, db => db.ProjectSessions.SingleAsync(s => s.Id == p.SessionId))).Minutes);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Attendance_is_saved_in_one_tap_as_a_plain_form_or_with_fetch_and_a_walk_in_can_be_added(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await ArrangeAsync(world);
        var manager = await world.LoginAsync(Role.Manager);
        var url = $"/Collective/Sessions/{p.SessionId}/Attendance";
        var page = (await (await manager.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(3, page.QuerySelectorAll(".attendance-row").Length);
        Assert.Equal(3, page.QuerySelectorAll($"#m-{p.North} button[name=status]").Length);

        // Without JavaScript: the form posts and the page comes back on the row.
        var location = await (await manager.PostFormAsync($"{url}?handler=Mark", new() { ["memberId"] = p.North.ToString(), ["status"] = "Present" }, url)).RedirectedTo();
        Assert.EndsWith($"#m-{p.North}", location);
        page = (await (await manager.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("true", page.QuerySelector($"#m-{p.North} button[value=Present]")!.GetAttribute("aria-pressed"));

        // With JavaScript: the same form with Accept: application/json answers the new state and counts.
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var request = new HttpRequestMessage(HttpMethod.Post, $"{url}?handler=Mark")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["memberId"] = p.South.ToString(), ["status"] = "Absent" }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        var json = System.Text.Json.JsonDocument.Parse(await (await manager.SendAsync(request)).ShouldBe(HttpStatusCode.OK)).RootElement;
        Assert.Equal("Absent", json.GetProperty("status").GetString());
        Assert.Equal("1 présent · 0 excusé · 1 absent sur 3 invités", json.GetProperty("counts").GetString());

        // Without the antiforgery token the post is refused.
        var forged = await manager.PostAsync($"{url}?handler=Mark", new FormUrlEncodedContent(new Dictionary<string, string> { ["memberId"] = p.Staff.ToString(), ["status"] = "Present" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        // An unknown status, a member not invited (the one who left) are refused.
        await (await manager.PostFormAsync($"{url}?handler=Mark", new() { ["memberId"] = p.Staff.ToString(), ["status"] = "Invited" }, url)).ShouldBe(HttpStatusCode.NotFound);
        await (await manager.PostFormAsync($"{url}?handler=Mark", new() { ["memberId"] = p.Left.ToString(), ["status"] = "Present" }, url)).ShouldBe(HttpStatusCode.NotFound);

        // Someone came without an invitation: a current member not invited is added as present.
        var walkIn = await QueryAsync(world, async db =>
        {
            var m = new ProjectMember { ProjectId = p.ProjectId, Kind = MemberKind.Resident, Role = MemberRole.Participant, PersonId = world.NorthHolder.Id, JoinedOn = DateOnly.FromDateTime(DateTime.Today) };
            db.ProjectMembers.Add(m);
            await db.SaveChangesAsync();
            return m.Id;
        });
        page = (await (await manager.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        var offered = page.QuerySelectorAll("#add-member option").Select(o => Guid.Parse(o.GetAttribute("value")!)).ToList();
        Assert.Equal([walkIn], offered); // not the member who left
        await (await manager.PostFormAsync($"{url}?handler=Add", new() { ["memberId"] = walkIn.ToString() }, url)).RedirectedTo();
        await (await manager.PostFormAsync($"{url}?handler=Add", new() { ["memberId"] = p.Left.ToString() }, url)).ShouldBe(HttpStatusCode.NotFound);

        var rows = await QueryAsync(world, db => db.SessionAttendances.Where(a => a.SessionId == p.SessionId).ToListAsync());
        Assert.Equal(AttendanceStatus.Present, rows.Single(r => r.MemberId == p.North).Status);
        Assert.Equal(AttendanceStatus.Absent, rows.Single(r => r.MemberId == p.South).Status);
        Assert.Equal(AttendanceStatus.Present, rows.Single(r => r.MemberId == walkIn).Status);
        Assert.Equal(world.Users[Role.Manager].Id, rows.Single(r => r.MemberId == p.South).RecordedByUserId);
        Assert.Equal(4, rows.Count);
        var summary = await (await manager.GetAsync($"/Collective/Sessions/{p.SessionId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("2 présents · 0 excusé · 1 absent sur 4 invités", summary);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task In_a_sensitive_group_staff_without_the_programmes_permission_never_see_a_confidential_member(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await ArrangeAsync(world, ProjectSensitivity.Arrears, "Groupe impayés", southConsented: true);
        await AddStaffAsync(world, p.ProjectId, Role.FieldAgent);
        var agent = await world.LoginAsync(Role.FieldAgent);
        var url = $"/Collective/Sessions/{p.SessionId}/Attendance";
        var page = Text(await (await agent.GetAsync(url)).ShouldBe(HttpStatusCode.OK));
        Assert.DoesNotContain(world.NorthHolder.LastName.ToUpperInvariant(), page); // confidential: no consent to share
        Assert.Contains(world.SouthHolder.LastName.ToUpperInvariant(), page); // consented
        Assert.Null((await (await agent.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector($"#m-{p.North}"));
        await (await agent.PostFormAsync($"{url}?handler=Mark", new() { ["memberId"] = p.North.ToString(), ["status"] = "Absent" }, url)).ShouldBe(HttpStatusCode.NotFound);
        var reading = Text(await (await agent.GetAsync($"/Collective/Sessions/{p.SessionId}")).ShouldBe(HttpStatusCode.OK));
        Assert.DoesNotContain(world.NorthHolder.LastName.ToUpperInvariant(), reading);
        var create = await (await agent.GetAsync($"/Collective/Sessions/Project/{p.ProjectId}/New")).ShouldBe(HttpStatusCode.OK);
        Assert.Null(create.Html().QuerySelector($"input[value='{p.North}']"));

        // Editing the invitations as this agent leaves the hidden member's invitation alone.
        var edit = (await (await agent.GetAsync($"/Collective/Sessions/{p.SessionId}/Edit")).ShouldBe(HttpStatusCode.OK)).Html();
        var version = edit.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        await (await agent.PostFormAsync($"/Collective/Sessions/{p.SessionId}/Edit", new(Form("Atelier budget", edit.QuerySelector("#date")!.GetAttribute("value")!, "10:00", "12:00", p.South)) { ["Input.Version"] = version })).RedirectedTo();
        var invited = await QueryAsync(world, db => db.SessionAttendances.Where(a => a.SessionId == p.SessionId).Select(a => a.MemberId).ToListAsync());
        Assert.Contains(p.North, invited);
        Assert.DoesNotContain(p.Staff, invited);

        // The Conseiller (programmes permission) who is staff of the group sees everyone.
        await AddStaffAsync(world, p.ProjectId, Role.SocialWorker);
        Assert.Contains(world.NorthHolder.LastName.ToUpperInvariant(), Text(await (await (await world.LoginAsync(Role.SocialWorker)).GetAsync(url)).ShouldBe(HttpStatusCode.OK)));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_project_page_shows_the_next_and_past_sessions(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await ArrangeAsync(world);
        var manager = await world.LoginAsync(Role.Manager);
        var url = $"/Collective/Sessions/Project/{p.ProjectId}/New";
        await (await manager.PostFormAsync(url, Form("Atelier du futur", "2031-03-04", "14:00", "16:00", p.North))).RedirectedTo();
        await (await manager.PostFormAsync(url, Form("Atelier du passé", "2020-03-04", "14:00", "16:00", p.North))).RedirectedTo();

        var page = (await (await manager.GetAsync($"/Collective/Project/{p.ProjectId}")).ShouldBe(HttpStatusCode.OK)).Html();
        var section = page.QuerySelector("section.project-sessions");
        Assert.NotNull(section);
        var text = section!.TextContent;
        Assert.True(text.IndexOf("Atelier du futur", StringComparison.Ordinal) < text.IndexOf("Dernières séances", StringComparison.Ordinal), text);
        Assert.True(text.IndexOf("Atelier du passé", StringComparison.Ordinal) > text.IndexOf("Dernières séances", StringComparison.Ordinal), text);
        Assert.NotNull(section.QuerySelector($"a[href='/Collective/Sessions/Project/{p.ProjectId}/New']"));
    }
}
