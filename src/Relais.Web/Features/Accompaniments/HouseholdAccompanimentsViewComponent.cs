using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments;

/// <summary>
/// The household page's accompaniment section: "Accompagnement ouvert le … (consentement recueilli le … par …)".
/// Shown to the social team (who may open one) and to the household's own Habitant; not to field agents, for whom
/// being accompanied is social information.
/// </summary>
public sealed class HouseholdAccompanimentsViewComponent(RelaisDbContext db, CurrentUser me, TimeProvider clock) : ViewComponent
{
    public sealed record Line(string Person, DateOnly OpenedOn, DateOnly ConsentDate, ConsentChannel Channel, string RecordedBy, AccompanimentStatus Status, Guid Id);

    public sealed record Model(Guid HouseholdId, List<Line> Lines, bool CanOpen);

    public async Task<IViewComponentResult> InvokeAsync(Guid householdId)
    {
        var canOpen = me.Can(Permissions.Accompaniments.Open);
        if (!canOpen && !me.Can(Permissions.OwnHousehold.Read))
        {
            return Content("");
        }

        var rows = await db.Accompaniments.AsNoTracking()
            .Where(a => a.HouseholdId == householdId)
            .OrderBy(a => a.CreatedAt)
            .Select(a => new { a.Id, a.Person!.FirstName, a.Person.LastName, a.CreatedAt, a.ConsentDate, a.ConsentChannel, a.ConsentRecordedByName, a.Status })
            .ToListAsync(HttpContext.RequestAborted);
        if (rows.Count == 0 && !canOpen)
        {
            return Content("");
        }

        var zone = clock.LocalTimeZone;
        var lines = rows.Select(r => new Line($"{r.FirstName} {r.LastName.ToUpperInvariant()}",
                DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.CreatedAt, zone).DateTime), r.ConsentDate, r.ConsentChannel, r.ConsentRecordedByName, r.Status, r.Id))
            .ToList();
        return View("/Features/Accompaniments/_HouseholdAccompaniments.cshtml", new Model(householdId, lines, canOpen));
    }
}
