using Microsoft.AspNetCore.Mvc;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sessions;

/// <summary>Plans a session of a project (project staff only); every current member is invited unless unticked.</summary>
public sealed class CreateSessionModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : SessionFormModel
{
    public override string CancelUrl => $"/Collective/Sessions/Project/{Project.Id}";

    public async Task<IActionResult> OnGetAsync(Guid projectId, CancellationToken ct)
    {
        if (await LoadAsync(projectId, ct) is { } refused)
        {
            return refused;
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime).AddDays(7);
        Input = new SessionInput { Date = today.ToString("yyyy-MM-dd"), StartTime = "14:00", EndTime = "16:00", Invited = Members.Select(m => m.Id).ToList() };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid projectId, CancellationToken ct)
    {
        if (await LoadAsync(projectId, ct) is { } refused)
        {
            return refused;
        }

        if (!Report(Input.Validate(clock.LocalTimeZone, Members.Select(m => m.Id).ToList(), out var values)))
        {
            return Page();
        }

        var session = new ProjectSession
        {
            ProjectId = projectId,
            Title = values.Title,
            StartsAt = values.StartsAt,
            EndsAt = values.EndsAt,
            Place = values.Place,
            Agenda = values.Agenda,
        };
        db.ProjectSessions.Add(session);
        foreach (var member in values.Invited)
        {
            db.SessionAttendances.Add(new SessionAttendance { SessionId = session.Id, MemberId = member, Status = AttendanceStatus.Invited });
        }

        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"La séance « {session.Title} » est programmée ({values.Invited.Count} invité{(values.Invited.Count > 1 ? "s" : "")}).";
        return Redirect($"/Collective/Sessions/{session.Id}");
    }

    private async Task<IActionResult?> LoadAsync(Guid projectId, CancellationToken ct)
    {
        var project = await SessionLoad.ProjectAsync(access, projectId, ct);
        if (project is null)
        {
            return NotFound();
        }

        Project = project;
        if (!await access.IsProjectStaffAsync(projectId, ct))
        {
            return Forbid();
        }

        Members = await SessionLoad.InvitableAsync(db, access, projectId, ct);
        return null;
    }
}
