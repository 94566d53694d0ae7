using Microsoft.AspNetCore.Mvc;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Programmes;

/// <summary>
/// On the project page: for a programme or a sensitive group, the links to its members (with their consents) and,
/// for the staff allowed to see the group, to the group dashboard. Nothing for other projects.
/// Usage: <c>&lt;vc:programme-dashboard-link project-id="@Model.Id" /&gt;</c>.
/// </summary>
public sealed class ProgrammeDashboardLinkViewComponent(ProjectAccess access) : ViewComponent
{
    public sealed record Model(GroupHeader Group, bool SeesConfidential);

    public async Task<IViewComponentResult> InvokeAsync(Guid projectId)
    {
        var ct = HttpContext.RequestAborted;
        var group = await GroupHeader.LoadAsync(access, projectId, ct);
        if (group is null)
        {
            return Content("");
        }

        return View("/Features/Collective/Programmes/_ProgrammeDashboardLink.cshtml", new Model(group, await access.SeesConfidentialMembersAsync(projectId, ct)));
    }
}
