using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sessions;

/// <summary>
/// All the sessions of a project, and its iCalendar feed: project staff create, regenerate or revoke the secret URL
/// that calendar applications subscribe to (<see cref="CalendarFeed"/>).
/// </summary>
public sealed class SessionsIndexModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : PageModel
{
    public ProjectHeading Project { get; private set; } = null!;
    public bool IsStaff { get; private set; }
    public List<SessionSummary> Sessions { get; private set; } = [];
    public TimeZoneInfo Zone => clock.LocalTimeZone;

    public string? FeedUrl => Project.CalendarFeedToken is { } token ? $"{Request.Scheme}://{Request.Host}{Request.PathBase}{CalendarFeed.PathFor(token)}" : null;

    public async Task<IActionResult> OnGetAsync(Guid projectId, CancellationToken ct)
    {
        if (await SessionLoad.ProjectAsync(access, projectId, ct) is not { } project)
        {
            return NotFound();
        }

        Project = project;
        IsStaff = await access.IsProjectStaffAsync(projectId, ct);
        Sessions = await SessionSummary.LoadAsync(db, access, projectId, null, ct);
        return Page();
    }

    /// <summary>Creates the feed's secret, or replaces it (the old URL stops working at once).</summary>
    public Task<IActionResult> OnPostFeedAsync(Guid projectId, CancellationToken ct) => SetTokenAsync(projectId, SessionRules.NewFeedToken(), ct);

    /// <summary>Revokes the feed: its URL answers 404 from now on.</summary>
    public Task<IActionResult> OnPostRevokeAsync(Guid projectId, CancellationToken ct) => SetTokenAsync(projectId, null, ct);

    private async Task<IActionResult> SetTokenAsync(Guid projectId, string? token, CancellationToken ct)
    {
        var project = await access.Visible().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null)
        {
            return NotFound();
        }

        if (!await access.IsProjectStaffAsync(projectId, ct))
        {
            return Forbid();
        }

        var had = project.CalendarFeedToken is not null;
        project.CalendarFeedToken = token;
        await db.SaveChangesAsync(ct);
        TempData["Message"] = token is null
            ? "Le lien d’abonnement est révoqué : les agendas abonnés ne reçoivent plus les séances."
            : had ? "Un nouveau lien d’abonnement est créé ; l’ancien ne fonctionne plus." : "Le lien d’abonnement à l’agenda du projet est créé.";
        return Redirect($"/Collective/Sessions/Project/{projectId}#agenda");
    }
}

/// <summary>The model of the <c>_SessionList</c> partial.</summary>
public sealed record SessionListView(IReadOnlyList<SessionSummary> Sessions, TimeZoneInfo Zone);

/// <summary>A session in a list, with the attendance counts over the members the caller may see.</summary>
public sealed record SessionSummary(Guid Id, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place, bool Cancelled, int Invited, int Present, int Excused, int Absent)
{
    public static async Task<List<SessionSummary>> LoadAsync(RelaisDbContext db, ProjectAccess access, Guid projectId, int? take, CancellationToken ct)
    {
        var members = await access.VisibleMembersAsync(projectId, ct);
        var query = db.ProjectSessions.AsNoTracking().Where(s => s.ProjectId == projectId).OrderByDescending(s => s.StartsAt).AsQueryable();
        if (take is { } n)
        {
            query = query.Take(n);
        }

        var attendance = db.SessionAttendances.Where(a => members.Any(m => m.Id == a.MemberId));
        return await query
            .Select(s => new SessionSummary(s.Id, s.Title, s.StartsAt, s.EndsAt, s.Place, s.Cancelled,
                attendance.Count(a => a.SessionId == s.Id),
                attendance.Count(a => a.SessionId == s.Id && a.Status == AttendanceStatus.Present),
                attendance.Count(a => a.SessionId == s.Id && a.Status == AttendanceStatus.Excused),
                attendance.Count(a => a.SessionId == s.Id && a.Status == AttendanceStatus.Absent)))
            .ToListAsync(ct);
    }

    public string When(TimeZoneInfo zone) =>
        SessionRules.When(new ProjectSession { StartsAt = StartsAt, EndsAt = EndsAt }, zone);
}
