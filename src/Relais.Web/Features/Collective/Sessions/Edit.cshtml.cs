using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sessions;

/// <summary>Edits a session (project staff only) with optimistic concurrency on its version; cancels or restores it.</summary>
public sealed class EditSessionModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : SessionFormModel
{
    public Guid Id { get; private set; }
    public bool Cancelled { get; private set; }

    /// <summary>Set when the save lost a race: the version now stored, shown beside the user's own input.</summary>
    public ProjectSession? Conflict { get; private set; }

    public TimeZoneInfo Zone => clock.LocalTimeZone;

    public override string CancelUrl => $"/Collective/Sessions/{Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var (refused, session) = await LoadAsync(id, tracked: false, ct);
        if (refused is not null)
        {
            return refused;
        }

        Input = SessionInput.From(session!, Zone, await InvitedAsync(id, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var (refused, session) = await LoadAsync(id, tracked: true, ct);
        if (refused is not null)
        {
            return refused;
        }

        var visible = Members.Select(m => m.Id).ToList();
        if (!Report(Input.Validate(Zone, visible, out var values)))
        {
            return Page();
        }

        db.Entry(session!).Property(s => s.Version).OriginalValue = Input.Version;
        session!.Title = values.Title;
        session.StartsAt = values.StartsAt;
        session.EndsAt = values.EndsAt;
        session.Place = values.Place;
        session.Agenda = values.Agenda;
        session.UpdatedAt = clock.GetUtcNow(); // a change of invitations alone also checks and moves the version
        await SyncInvitationsAsync(db, id, visible, values.Invited, ct);
        if (!await SaveAsync(id, ct))
        {
            return Page();
        }

        TempData["Message"] = "La séance a été enregistrée.";
        return Redirect($"/Collective/Sessions/{id}");
    }

    /// <summary>Cancels the session (it stays in the list and in the calendar feed as cancelled), or restores it.</summary>
    public async Task<IActionResult> OnPostCancelAsync(Guid id, bool cancel, CancellationToken ct)
    {
        var (refused, session) = await LoadAsync(id, tracked: true, ct);
        if (refused is not null)
        {
            return refused;
        }

        db.Entry(session!).Property(s => s.Version).OriginalValue = Input.Version;
        session!.Cancelled = cancel;
        if (!await SaveAsync(id, ct))
        {
            if (Conflict is not null)
            {
                Input = SessionInput.From(Conflict, Zone, await InvitedAsync(id, ct)); // this form posted no fields: show the stored ones
            }

            return Page();
        }

        TempData["Message"] = cancel ? "La séance est annulée." : "La séance est rétablie.";
        return Redirect($"/Collective/Sessions/{id}");
    }

    private async Task<bool> SaveAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Conflict = await db.ProjectSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
            Input.Version = Conflict?.Version ?? Input.Version; // the next save is a deliberate overwrite of the version now seen
            Cancelled = Conflict?.Cancelled ?? Cancelled;
            ModelState.Clear();
            return false;
        }
    }

    private async Task<List<Guid>> InvitedAsync(Guid id, CancellationToken ct)
    {
        var visible = Members.Select(m => m.Id).ToList();
        return await db.SessionAttendances.AsNoTracking().Where(a => a.SessionId == id && visible.Contains(a.MemberId)).Select(a => a.MemberId).ToListAsync(ct);
    }

    private async Task<(IActionResult? Refused, ProjectSession? Session)> LoadAsync(Guid id, bool tracked, CancellationToken ct)
    {
        Id = id;
        var found = await SessionLoad.SessionAsync(db, access, id, tracked, ct);
        if (found is not { } f)
        {
            return (NotFound(), null);
        }

        Project = f.Project;
        Cancelled = f.Session.Cancelled;
        if (!await access.IsProjectStaffAsync(f.Project.Id, ct))
        {
            return (Forbid(), null);
        }

        Members = await SessionLoad.InvitableAsync(db, access, f.Project.Id, ct);
        return (null, f.Session);
    }
}
