using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Collective.Sessions;

/// <summary>One attendance line as shown (the member is one the caller may see).</summary>
public sealed record AttendanceLine(MemberName Member, AttendanceStatus Status, bool Invited);

/// <summary>
/// A session: when, where, agenda, the attendance of the members the caller may see, the minutes (written by project
/// staff only, with optimistic concurrency on the session's version) and its photos and documents still consented to.
/// </summary>
public sealed class SessionModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : PageModel
{
    public ProjectSession Session { get; private set; } = null!;
    public ProjectHeading Project { get; private set; } = null!;
    public bool IsStaff { get; private set; }
    public List<AttendanceLine> Attendance { get; private set; } = [];
    public List<SessionMedia> Media { get; private set; } = [];
    public TimeZoneInfo Zone => clock.LocalTimeZone;

    [BindProperty] public string? Minutes { get; set; }
    [BindProperty] public int Version { get; set; }

    /// <summary>Set when saving the minutes lost a race: the minutes now stored.</summary>
    public string? ConflictMinutes { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: false, ct))
        {
            return NotFound();
        }

        Minutes = Session.Minutes;
        Version = Session.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostMinutesAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        if (!IsStaff)
        {
            return Forbid();
        }

        ModelState.Clear();
        var text = (Minutes ?? "").Trim();
        if (text.Length > ProjectSession.MinutesMaxLength)
        {
            ModelState.AddModelError(nameof(Minutes), $"Le compte rendu ne doit pas dépasser {ProjectSession.MinutesMaxLength:N0} caractères.".Replace(',', ' '));
            return Page();
        }

        db.Entry(Session).Property(s => s.Version).OriginalValue = Version;
        Session.Minutes = text;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.ProjectSessions.AsNoTracking().FirstAsync(s => s.Id == id, ct);
            ConflictMinutes = current.Minutes;
            Version = current.Version; // the next save is a deliberate overwrite of the version now seen
            return Page();
        }

        TempData["Message"] = "Le compte rendu a été enregistré.";
        return Redirect($"/Collective/Sessions/{id}#compte-rendu");
    }

    public string? MinutesError => ModelState.Error(nameof(Minutes));

    private async Task<bool> LoadAsync(Guid id, bool tracked, CancellationToken ct)
    {
        if (await SessionLoad.SessionAsync(db, access, id, tracked, ct) is not { } found)
        {
            return false;
        }

        (Session, Project) = found;
        IsStaff = await access.IsProjectStaffAsync(Project.Id, ct);
        Attendance = await AttendanceAsync(db, access, Project.Id, id, includeUninvited: false, ct);
        Media = await db.SessionMedia.AsNoTracking().Where(m => m.SessionId == id).Shown().OrderBy(m => m.CreatedAt).ToListAsync(ct);
        return true;
    }

    /// <summary>The attendance of the visible members (and, if asked, the current visible members not invited).</summary>
    public static async Task<List<AttendanceLine>> AttendanceAsync(RelaisDbContext db, ProjectAccess access, Guid projectId, Guid sessionId, bool includeUninvited, CancellationToken ct)
    {
        var members = await SessionRules.NamesAsync(db, await access.VisibleMembersAsync(projectId, ct), ct);
        var statuses = await db.SessionAttendances.AsNoTracking().Where(a => a.SessionId == sessionId)
            .ToDictionaryAsync(a => a.MemberId, a => a.Status, ct);
        return members
            .Where(m => statuses.ContainsKey(m.Id) || (includeUninvited && m.Current))
            .Select(m => new AttendanceLine(m, statuses.GetValueOrDefault(m.Id), statuses.ContainsKey(m.Id)))
            .ToList();
    }
}
