using Microsoft.AspNetCore.Mvc;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sessions;

/// <summary>
/// The project page's sessions section: the next sessions and the last ones with their attendance counts (over the
/// members the caller may see), links to each session, to the full list and, for project staff, to plan one.
/// Usage on the project page: <c>&lt;vc:collective-sessions project-id="Model.Project.Id" /&gt;</c>.
/// </summary>
public sealed class CollectiveSessionsViewComponent(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : ViewComponent
{
    public sealed record Model(Guid ProjectId, List<SessionSummary> Upcoming, List<SessionSummary> Past, int Total, bool IsStaff, TimeZoneInfo Zone);

    public async Task<IViewComponentResult> InvokeAsync(Guid projectId)
    {
        var ct = HttpContext.RequestAborted;
        if (await SessionLoad.ProjectAsync(access, projectId, ct) is null)
        {
            return Content("");
        }

        var all = await SessionSummary.LoadAsync(db, access, projectId, null, ct);
        var now = clock.GetUtcNow();
        var upcoming = all.Where(s => s.EndsAt >= now).OrderBy(s => s.StartsAt).Take(3).ToList();
        var past = all.Where(s => s.EndsAt < now).Take(3).ToList();
        return View("~/Features/Collective/Sessions/_CollectiveSessions.cshtml",
            new Model(projectId, upcoming, past, all.Count, await access.IsProjectStaffAsync(projectId, ct), clock.LocalTimeZone));
    }
}
