using Microsoft.AspNetCore.Mvc;
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
    public async Task<IViewComponentResult> InvokeAsync(Guid accompanimentId, string part = "section")
    {
        // The file page asks twice (the alert, then the section): the follow-up is read once per request.
        var key = $"arrears:{accompanimentId}";
        if (HttpContext.Items[key] is not ArrearsView view)
        {
            var loaded = await ArrearsView.LoadAsync(db, files, access, accompanimentId, withHistory: true, HttpContext.RequestAborted);
            if (loaded is null)
            {
                return Content("");
            }

            HttpContext.Items[key] = view = loaded;
        }

        if (part == "alert")
        {
            return view.Eviction.Ongoing ? View("/Features/Accompaniments/Arrears/_ArrearsAlert.cshtml", view) : Content("");
        }

        return View("/Features/Accompaniments/Arrears/_ArrearsSummary.cshtml", view);
    }
}
