using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Collective.Sessions;

/// <summary>
/// Taking attendance on a phone: one row per invited member with Présent / Excusé / Absent, one tap each. Plain forms
/// that work without JavaScript (the page reloads on the row); wwwroot/js/sessions.js posts the same form with fetch
/// (antiforgery token included) and updates the row in place from the JSON answer. Project staff only.
/// </summary>
public sealed class AttendanceModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : PageModel
{
    public static readonly AttendanceStatus[] Choices = [AttendanceStatus.Present, AttendanceStatus.Excused, AttendanceStatus.Absent];

    public ProjectSession Session { get; private set; } = null!;
    public ProjectHeading Project { get; private set; } = null!;
    public List<AttendanceLine> Lines { get; private set; } = [];
    public TimeZoneInfo Zone => clock.LocalTimeZone;

    public List<AttendanceLine> Invited => Lines.Where(l => l.Invited).ToList();
    public List<AttendanceLine> NotInvited => Lines.Where(l => !l.Invited).ToList();

    public string Counts => CountsOf(Invited);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostMarkAsync(Guid id, Guid memberId, AttendanceStatus status, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        var line = Lines.FirstOrDefault(l => l.Member.Id == memberId && l.Invited);
        if (line is null || !Choices.Contains(status))
        {
            return NotFound();
        }

        var row = await db.SessionAttendances.FirstAsync(a => a.SessionId == id && a.MemberId == memberId, ct);
        row.Status = status;
        row.RecordedAt = clock.GetUtcNow();
        row.RecordedByUserId = access.UserId;
        await db.SaveChangesAsync(ct);
        return Answer(id, memberId, status, $"{line.Member.Name} : {status.Label().ToLowerInvariant()}.");
    }

    /// <summary>Someone came without an invitation: a current member the caller sees is added as present.</summary>
    public async Task<IActionResult> OnPostAddAsync(Guid id, Guid memberId, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        var line = Lines.FirstOrDefault(l => l.Member.Id == memberId && !l.Invited);
        if (line is null)
        {
            return NotFound();
        }

        db.SessionAttendances.Add(new SessionAttendance
        {
            SessionId = id, MemberId = memberId, Status = AttendanceStatus.Present, RecordedAt = clock.GetUtcNow(), RecordedByUserId = access.UserId,
        });
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"{line.Member.Name} est ajouté·e à la séance, présent·e.";
        return Redirect($"/Collective/Sessions/{id}/Attendance#m-{memberId}");
    }

    private IActionResult Answer(Guid id, Guid memberId, AttendanceStatus status, string message)
    {
        if (Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true))
        {
            var lines = Invited.Select(l => l.Member.Id == memberId ? l with { Status = status } : l).ToList();
            return new JsonResult(new { memberId, status = status.ToString(), label = status.Label(), counts = CountsOf(lines), message });
        }

        TempData["Message"] = message;
        return Redirect($"/Collective/Sessions/{id}/Attendance#m-{memberId}");
    }

    private static string CountsOf(List<AttendanceLine> lines) =>
        SessionRules.Counts(lines.Count(a => a.Status == AttendanceStatus.Present), lines.Count(a => a.Status == AttendanceStatus.Excused),
            lines.Count(a => a.Status == AttendanceStatus.Absent), lines.Count);

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await SessionLoad.SessionAsync(db, access, id, tracked: false, ct) is not { } found)
        {
            return NotFound();
        }

        (Session, Project) = found;
        if (!await access.IsProjectStaffAsync(Project.Id, ct))
        {
            return Forbid();
        }

        Lines = await SessionModel.AttendanceAsync(db, access, Project.Id, id, includeUninvited: true, ct);
        return null;
    }
}
