using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Collective.Sessions;

/// <summary>A project as the session pages need it (loaded through <see cref="ProjectAccess.Visible"/>).</summary>
public sealed record ProjectHeading(Guid Id, string Title, ProjectSensitivity Sensitivity, string? CalendarFeedToken);

public static class SessionLoad
{
    public static async Task<ProjectHeading?> ProjectAsync(ProjectAccess access, Guid projectId, CancellationToken ct) =>
        await access.RowAsync(projectId, ct) is { } p ? new ProjectHeading(p.Id, p.Title, p.Sensitivity, p.CalendarFeedToken) : null;

    /// <summary>A session of a project the caller sees; null (→ 404) for anything else, another organisation's included.</summary>
    public static async Task<(ProjectSession Session, ProjectHeading Project)?> SessionAsync(RelaisDbContext db, ProjectAccess access, Guid id, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.ProjectSessions : db.ProjectSessions.AsNoTracking();
        var session = await query.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return null;
        }

        var project = await ProjectAsync(access, session.ProjectId, ct);
        return project is null ? null : (session, project);
    }

    /// <summary>The project's current members the caller may see (and so may invite).</summary>
    public static async Task<List<MemberName>> InvitableAsync(RelaisDbContext db, ProjectAccess access, Guid projectId, CancellationToken ct) =>
        await SessionRules.NamesAsync(db, (await access.VisibleMembersAsync(projectId, ct)).Where(m => m.LeftOn == null), ct);
}

/// <summary>The form shared by creating and editing a session.</summary>
public abstract class SessionFormModel : PageModel
{
    [BindProperty] public SessionInput Input { get; set; } = new();

    public ProjectHeading Project { get; protected set; } = null!;
    public List<MemberName> Members { get; protected set; } = [];

    public string? Error(string field) => ModelState.Error($"Input.{field}");

    public string? AriaInvalid(string field) => ModelState.AriaInvalid($"Input.{field}");

    public string? DescribedBy(string field, string? hint, string errorId) => ModelState.DescribedBy($"Input.{field}", hint, errorId);

    public abstract string CancelUrl { get; }

    protected bool Report(Dictionary<string, string> errors)
    {
        ModelState.Clear(); // binding messages are English; the rules say it in French
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"Input.{field}", message);
        }

        return ModelState.IsValid;
    }

    /// <summary>Brings the invitation list to <paramref name="invited"/> for the members the caller sees; a member whose
    /// attendance was already taken stays on the list.</summary>
    protected static async Task SyncInvitationsAsync(RelaisDbContext db, Guid sessionId, IReadOnlyCollection<Guid> visibleMembers, HashSet<Guid> invited, CancellationToken ct)
    {
        var visible = visibleMembers.ToList();
        var rows = await db.SessionAttendances.Where(a => a.SessionId == sessionId && visible.Contains(a.MemberId)).ToListAsync(ct);
        db.SessionAttendances.RemoveRange(rows.Where(r => !invited.Contains(r.MemberId) && r.Status == AttendanceStatus.Invited));
        foreach (var member in invited.Where(m => rows.All(r => r.MemberId != m)))
        {
            db.SessionAttendances.Add(new SessionAttendance { SessionId = sessionId, MemberId = member, Status = AttendanceStatus.Invited });
        }
    }
}
