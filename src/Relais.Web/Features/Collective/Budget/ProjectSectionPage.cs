using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Budget;

/// <summary>The project a budget, outcomes or closing page is about, as the caller may see it.</summary>
public sealed record ProjectHeader(Guid Id, string Title, ProjectStatus Status, DateOnly? ClosedOn, int Version, bool IsStaff)
{
    public string Url => $"/Collective/Project/{Id}";
    public bool IsClosed => Status == ProjectStatus.Closed;

    /// <summary>The project through <see cref="ProjectAccess.Visible"/> (another organisation's: null, hence 404).</summary>
    public static async Task<ProjectHeader?> LoadAsync(ProjectAccess access, Guid projectId, CancellationToken ct)
    {
        var p = await access.RowAsync(projectId, ct);
        return p is null ? null : new ProjectHeader(p.Id, p.Title, p.Status, p.ClosedOn, p.Version, await access.IsProjectStaffAsync(p.Id, ct));
    }
}

/// <summary>
/// What the budget, outcomes and closing pages share: the project header (404 when not visible), the refusal of
/// changes by anyone but the project's staff (403), the 409 answer to a lost race.
/// </summary>
public abstract class ProjectSectionPage(ProjectAccess access, TimeProvider clock) : PageModel
{
    public ProjectHeader Project { get; private set; } = null!;

    /// <summary>Set when the save lost a race against another edit: the page shows the stored version beside the input.</summary>
    public bool Conflict { get; protected set; }

    protected ProjectAccess Access => access;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    protected FormCheck Check() => new(ModelState, Today);

    protected async Task<bool> LoadProjectAsync(Guid id, CancellationToken ct)
    {
        var header = await ProjectHeader.LoadAsync(access, id, ct);
        if (header is null)
        {
            return false;
        }

        Project = header;
        return true;
    }

    protected IActionResult ConflictResult()
    {
        Conflict = true;
        ModelState.Clear();
        return WithStatus(StatusCodes.Status409Conflict);
    }

    protected IActionResult WithStatus(int status)
    {
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    protected IActionResult Back(string url, string message)
    {
        TempData["Message"] = message;
        return Redirect(url);
    }

    protected static async Task<bool> TrySaveAsync(RelaisDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
