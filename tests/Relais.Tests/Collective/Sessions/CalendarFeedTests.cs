using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Collective.Sessions.SessionKit;

namespace Relais.Tests.Collective.Sessions;

/// <summary>The iCalendar feed of a project's sessions, validated by ical.js (an independent RFC 5545 parser, run by node).</summary>
public sealed partial class CalendarFeedTests
{
    private const string LongTitle = "Atelier « fresque » : préparation des murs, choix des couleurs et répartition des équipes — été";

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_feed_is_valid_iCalendar_without_personal_data_and_its_secret_URL_can_be_revoked(DatabaseProvider provider)
    {
        var node = NodeOrSkip();
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var p = await ArrangeAsync(world);
        var (cancelled, longOne) = await QueryAsync(world, async db =>
        {
            var start = new DateTimeOffset(2031, 6, 12, 16, 45, 0, TimeSpan.Zero);
            var a = new ProjectSession { ProjectId = p.ProjectId, Title = "Réunion annulée", StartsAt = start, EndsAt = start.AddHours(1), Place = "Mairie annexe", Cancelled = true };
            var b = new ProjectSession
            {
                ProjectId = p.ProjectId, Title = LongTitle, StartsAt = start.AddDays(7), EndsAt = start.AddDays(7).AddHours(3),
                Place = "Cour de la résidence; bât. A, B", Agenda = "Point sur la dette de M. Dupont",
            };
            db.ProjectSessions.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a, b);
        });
        var manager = await world.LoginAsync(Role.Manager);
        var index = $"/Collective/Sessions/Project/{p.ProjectId}";
        await (await manager.PostFormAsync($"{index}?handler=Feed", [], index)).RedirectedTo();
        var token = (await QueryAsync(world, db => db.Projects.SingleAsync(x => x.Id == p.ProjectId))).CalendarFeedToken!;
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token); // 256 random bits, URL-safe
        var shown = (await (await manager.GetAsync(index)).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector("#feed-url")!.GetAttribute("value")!;
        Assert.EndsWith($"/Collective/Calendar/{token}.ics", shown);

        var anonymous = world.App.NewClient();
        var response = await anonymous.GetAsync($"/Collective/Calendar/{token}.ics");
        var body = await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);

        // RFC 5545 §3.1: CRLF everywhere, no line over 75 octets, long lines folded.
        Assert.DoesNotMatch("[^\r]\n", body);
        Assert.EndsWith("END:VCALENDAR\r\n", body);
        var lines = body.Split("\r\n");
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"Line over 75 octets: {l}"));
        Assert.Contains(lines, l => l.StartsWith(' '));
        Assert.Contains(@"LOCATION:Cour de la résidence\; bât. A\, B", Unfold(body));

        // No personal data: no attendee, no member name, no agenda.
        foreach (var forbidden in new[] { world.NorthHolder.LastName, world.SouthHolder.LastName, "Dupont", "ATTENDEE", "ORGANIZER" })
        {
            Assert.DoesNotContain(forbidden, body, StringComparison.OrdinalIgnoreCase);
        }

        var parsed = Parse(node, body);
        Assert.Equal("2.0", parsed.GetProperty("version").GetString());
        var events = parsed.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(3, events.Count);
        var longEvent = events.Single(e => e.GetProperty("uid").GetString() == $"session-{longOne.Id:D}@relais");
        Assert.Equal(LongTitle, longEvent.GetProperty("summary").GetString()); // unfolded by the parser, accents intact
        Assert.Equal("Cour de la résidence; bât. A, B", longEvent.GetProperty("location").GetString());
        Assert.Equal("2031-06-19T16:45:00.000Z", longEvent.GetProperty("start").GetString());
        Assert.Equal("2031-06-19T19:45:00.000Z", longEvent.GetProperty("end").GetString());
        Assert.True(longEvent.GetProperty("startIsUtc").GetBoolean());
        Assert.Equal("CONFIRMED", longEvent.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, longEvent.GetProperty("stamp").ValueKind);
        var cancelledEvent = events.Single(e => e.GetProperty("uid").GetString() == $"session-{cancelled.Id:D}@relais");
        Assert.Equal("CANCELLED", cancelledEvent.GetProperty("status").GetString());
        Assert.Equal("Réunion annulée", cancelledEvent.GetProperty("summary").GetString());
        Assert.All(events, e => Assert.Equal(0, e.GetProperty("attendees").GetInt32()));

        // The UID of a session is stable: after an edit, the same event is updated in the subscribed calendars.
        await QueryAsync(world, async db =>
        {
            var s = await db.ProjectSessions.SingleAsync(x => x.Id == longOne.Id);
            s.Place = "Salle polyvalente";
            return await db.SaveChangesAsync();
        });
        var again = Parse(node, await (await anonymous.GetAsync($"/Collective/Calendar/{token}.ics")).ShouldBe(HttpStatusCode.OK));
        Assert.Equal("Salle polyvalente", again.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("uid").GetString() == $"session-{longOne.Id:D}@relais").GetProperty("location").GetString());

        // Regenerated: the old URL stops working; revoked: the new one too. Unknown tokens answer 404.
        await (await manager.PostFormAsync($"{index}?handler=Feed", [], index)).RedirectedTo();
        var renewed = (await QueryAsync(world, db => db.Projects.SingleAsync(x => x.Id == p.ProjectId))).CalendarFeedToken!;
        Assert.NotEqual(token, renewed);
        await (await anonymous.GetAsync($"/Collective/Calendar/{token}.ics")).ShouldBe(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync($"/Collective/Calendar/{renewed}.ics")).ShouldBe(HttpStatusCode.OK);
        await (await manager.PostFormAsync($"{index}?handler=Revoke", [], index)).RedirectedTo();
        Assert.Null((await QueryAsync(world, db => db.Projects.SingleAsync(x => x.Id == p.ProjectId))).CalendarFeedToken);
        await (await anonymous.GetAsync($"/Collective/Calendar/{renewed}.ics")).ShouldBe(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync($"/Collective/Calendar/{new string('A', 43)}.ics")).ShouldBe(HttpStatusCode.NotFound);
    }

    private static string Unfold(string body) => body.Replace("\r\n ", "");

    private static JsonElement Parse(string node, string ics)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Tools", "icaljs", "parse.mjs");
        var start = new ProcessStartInfo(node, [script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(ics);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ical.js refused the feed: {error}\n{ics}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    /// <summary>node runs ical.js; without it the test is skipped, or fails when every test is required (CI).</summary>
    private static string NodeOrSkip()
    {
        var node = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "node")).FirstOrDefault(File.Exists);
        if (node is null)
        {
            const string reason = "node introuvable : installez nodejs (apt-get install -y nodejs) pour valider le flux iCalendar avec ical.js.";
            if (TestApp.RequireAll)
            {
                Assert.Fail(reason);
            }

            Skip.If(true, reason);
        }

        return node!;
    }
}
