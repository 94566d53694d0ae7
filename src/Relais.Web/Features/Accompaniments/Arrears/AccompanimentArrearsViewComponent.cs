using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>
/// The arrears follow-up on the file page: <c>part: "alert"</c> is one line near the top when an eviction procedure is
/// going on (its current stage and next date); <c>part: "section"</c> is the summary (debt, plan, FSL,
/// over-indebtedness, procedure) with the link to the follow-up page. Reads through the caller's file scope, so a file
/// the caller may not read renders nothing; the file page has already logged the read.
/// </summary>
public sealed class AccompanimentArrearsViewComponent(RelaisDbContext db, AccompanimentAccess files, ArrearsAccess access) : ViewComponent
{
    public sealed record Alert(Guid AccompanimentId, EvictionView Eviction, DateOnly Today);

    public async Task<IViewComponentResult> InvokeAsync(Guid accompanimentId, string part = "section")
    {
        var ct = HttpContext.RequestAborted;
        if (part == "alert")
        {
            if (!await files.Visible().AnyAsync(a => a.Id == accompanimentId, ct))
            {
                return Content("");
            }

            var steps = await db.EvictionSteps.AsNoTracking().Where(s => s.AccompanimentId == accompanimentId).ToListAsync(ct);
            var eviction = EvictionView.Of(steps);
            return eviction.Ongoing
                ? View("/Features/Accompaniments/Arrears/_ArrearsAlert.cshtml", new Alert(accompanimentId, eviction, access.Today))
                : Content("");
        }

        var view = await ArrearsView.LoadAsync(db, files, access, accompanimentId, withHistory: true, ct);
        return view is null ? Content("") : View("/Features/Accompaniments/Arrears/_ArrearsSummary.cshtml", view);
    }
}
