using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Collective.Projects;

/// <summary>The number of residents' proposals and join requests waiting for an answer, as a badge (home page, list).</summary>
public sealed class ResidentProposalsCountViewComponent(RelaisDbContext db, CurrentUser me) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!me.Can(Permissions.Collective.Write))
        {
            return Content("");
        }

        var count = await db.ResidentProposals.CountAsync(p => p.Status == ProposalStatus.New);
        if (count == 0)
        {
            return Content("");
        }

        return View("/Features/Collective/Projects/_Count.cshtml", count);
    }
}
