using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sessions;

/// <summary>
/// The iCalendar feed (RFC 5545) of a project's sessions, for calendar applications, which cannot sign in: the URL
/// carries the project's secret <see cref="Project.CalendarFeedToken"/> (256 random bits); an unknown or revoked
/// token answers 404. The feed holds no personal data: title, times (UTC), place and status of each session, the
/// project's title — never attendees, agenda (free text that may name people or their situation) or minutes.
/// </summary>
public static class CalendarFeed
{
    public const string Route = "/Collective/Calendar/{token}.ics";

    public static string PathFor(string token) => $"/Collective/Calendar/{token}.ics";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, async (string token, RelaisDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            {
                if (token.Length < 40 || token.Length > 64)
                {
                    return Results.NotFound();
                }

                // Anonymous: no organisation in the request, so the token itself designates the project and its organisation.
                var project = await db.Projects.IgnoreQueryFilters().AsNoTracking()
                    .Where(p => p.CalendarFeedToken == token)
                    .Select(p => new { p.Id, p.OrganisationId, p.Title })
                    .FirstOrDefaultAsync(ct);
                if (project is null)
                {
                    return Results.NotFound();
                }

                var sessions = await db.ProjectSessions.IgnoreQueryFilters().AsNoTracking()
                    .Where(s => s.ProjectId == project.Id && s.OrganisationId == project.OrganisationId)
                    .OrderBy(s => s.StartsAt)
                    .ToListAsync(ct);
                http.Response.Headers.CacheControl = "no-store";
                http.Response.Headers["X-Robots-Tag"] = "noindex";
                var body = Write(project.Title, sessions, clock.GetUtcNow());
                return Results.Bytes(Encoding.UTF8.GetBytes(body), "text/calendar; charset=utf-8", $"{Slug(project.Title)}.ics");
            })
            .AllowAnonymous();

    /// <summary>The VCALENDAR text: CRLF line ends, content lines folded at 75 octets, TEXT values escaped.</summary>
    public static string Write(string projectTitle, IEnumerable<ProjectSession> sessions, DateTimeOffset now)
    {
        var text = new StringBuilder();
        void Line(string line) => Fold(text, line);
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//Relais//Action collective//FR");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:" + Escape(projectTitle));
        foreach (var s in sessions)
        {
            Line("BEGIN:VEVENT");
            Line($"UID:session-{s.Id:D}@relais");
            Line("DTSTAMP:" + Utc(s.UpdatedAt == default ? now : s.UpdatedAt));
            Line("DTSTART:" + Utc(s.StartsAt));
            Line("DTEND:" + Utc(s.EndsAt));
            Line("SUMMARY:" + Escape(s.Title));
            if (s.Place.Length > 0)
            {
                Line("LOCATION:" + Escape(s.Place));
            }

            Line("DESCRIPTION:" + Escape($"Séance du projet « {projectTitle} »."));
            Line("STATUS:" + (s.Cancelled ? "CANCELLED" : "CONFIRMED"));
            Line("SEQUENCE:" + Math.Max(0, s.Version).ToString(CultureInfo.InvariantCulture));
            Line("END:VEVENT");
        }

        Line("END:VCALENDAR");
        return text.ToString();
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 5545 §3.3.11: backslash, semicolon, comma escaped; line breaks as \n.</summary>
    public static string Escape(string value) => value
        .Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,")
        .Replace("\r\n", "\\n").Replace("\n", "\\n").Replace("\r", "\\n");

    /// <summary>RFC 5545 §3.1: lines longer than 75 octets are split (never inside a UTF-8 character), each continuation starting with a space.</summary>
    public static void Fold(StringBuilder text, string line)
    {
        var octets = 0;
        var limit = 75;
        var i = 0;
        while (i < line.Length)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space counts
            }

            text.Append(line, i, width);
            octets += size;
            i += width;
        }

        text.Append("\r\n");
    }

    private static string Slug(string title)
    {
        var kept = new string(title.Normalize(NormalizationForm.FormD).Where(c => char.IsAsciiLetterOrDigit(c) || c == ' ' || c == '-').ToArray());
        var slug = string.Join('-', kept.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        return slug.Length == 0 ? "seances" : slug[..Math.Min(slug.Length, 60)];
    }
}
