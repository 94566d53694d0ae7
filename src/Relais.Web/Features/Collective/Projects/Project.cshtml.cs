using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Projects;

/// <summary>
/// The project page: the seminar's template, territory, members (through ProjectAccess), phases and milestones, and
/// the sections of sessions, programmes, budget and outcomes rendered by their own view components.
/// </summary>
public sealed class ProjectPageModel(RelaisDbContext db, ProjectAccess access, CommuneDirectory communes) : PageModel
{
    public Project Project { get; private set; } = null!;
    public List<TerritoryLine> Territory { get; private set; } = [];
    public List<MemberLine> Members { get; private set; } = [];
    public List<ProjectMilestone> Milestones { get; private set; } = [];
    public int PendingRequests { get; private set; }
    public bool IsStaff { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var project = await access.Visible().AsNoTracking().Include(p => p.Theme).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return NotFound();
        }

        Project = project;
        access.Remember(project);
        IsStaff = await access.IsProjectStaffAsync(id, ct);
        Territory = await ProjectView.TerritoryAsync(db, communes, id, ct);
        Members = await ProjectView.MembersAsync(db, access, id, ct);
        Milestones = await db.ProjectMilestones.AsNoTracking().Where(m => m.ProjectId == id).ToListAsync(ct);
        Milestones = Milestones.OrderBy(m => m.DueOn ?? DateOnly.MaxValue).ThenBy(m => m.CreatedAt).ToList();
        PendingRequests = IsStaff ? await db.ProjectJoinRequests.CountAsync(r => r.ProjectId == id && r.Status == RequestStatus.Pending, ct) : 0;
        return Page();
    }
}
