using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Projects;

/// <summary>A project's phases and milestones (project staff): add one, mark it reached, reopen it, delete it.</summary>
public sealed class MilestonesModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : PageModel
{
    public Project Project { get; private set; } = null!;
    public List<ProjectMilestone> Milestones { get; private set; } = [];

    [BindProperty] public string? Phase { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? DueOn { get; set; }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    /// <summary>A post without handler: nothing to do (404 for a project the caller cannot see).</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? BadRequest();

    public async Task<IActionResult> OnPostAddAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        ModelState.Clear();
        var check = new FormCheck(ModelState, Today);
        var phase = check.Text(nameof(Phase), Phase, "la phase", ProjectMilestone.PhaseMaxLength, required: false) ?? "";
        var title = check.Text(nameof(Title), Title, "le jalon", Project.TitleMaxLength, required: true);
        var due = check.Date(nameof(DueOn), DueOn, "l’échéance", required: false);
        if (!check.Ok)
        {
            var page = Page();
            page.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return page;
        }

        db.ProjectMilestones.Add(new ProjectMilestone { ProjectId = id, Phase = phase, Title = title!, DueOn = due });
        return await SaveAsync(id, $"Le jalon « {title} » a été ajouté.", ct);
    }

    public async Task<IActionResult> OnPostDoneAsync(Guid id, Guid milestoneId, int version, bool done, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        var milestone = await db.ProjectMilestones.FirstOrDefaultAsync(m => m.Id == milestoneId && m.ProjectId == id, ct);
        if (milestone is null)
        {
            return NotFound();
        }

        db.Entry(milestone).Property(m => m.Version).OriginalValue = version;
        milestone.DoneOn = done ? Today : null;
        return await SaveAsync(id, done ? $"« {milestone.Title} » est atteint." : $"« {milestone.Title} » est de nouveau à faire.", ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid milestoneId, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        var milestone = await db.ProjectMilestones.FirstOrDefaultAsync(m => m.Id == milestoneId && m.ProjectId == id, ct);
        if (milestone is null)
        {
            return NotFound();
        }

        db.ProjectMilestones.Remove(milestone);
        return await SaveAsync(id, $"Le jalon « {milestone.Title} » a été supprimé.", ct);
    }

    private async Task<IActionResult> SaveAsync(Guid id, string message, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            ModelState.AddModelError("", "Ce jalon a été modifié par quelqu’un d’autre entre-temps : voici la liste à jour.");
            var page = Page();
            page.StatusCode = StatusCodes.Status409Conflict;
            return page;
        }

        TempData["Message"] = message;
        return Redirect($"/Collective/Project/{id}/Milestones");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var project = await access.Visible().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return NotFound();
        }

        if (!await access.IsProjectStaffAsync(id, ct))
        {
            return Forbid();
        }

        Project = project;
        Milestones = (await db.ProjectMilestones.AsNoTracking().Where(m => m.ProjectId == id).ToListAsync(ct))
            .OrderBy(m => m.DueOn ?? DateOnly.MaxValue).ThenBy(m => m.CreatedAt).ToList();
        return null;
    }
}
