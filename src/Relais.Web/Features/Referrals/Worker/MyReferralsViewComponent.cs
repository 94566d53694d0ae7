using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;

namespace Relais.Features.Referrals.Worker;

/// <summary>
/// For a Habitant, in "mon accompagnement" and on /Referrals/Mine: the referrals made for them (<see cref="ReferralAccess"/>
/// gives the person's own, never drafts) — structure, status, what is shared — with a button to withdraw their consent.
/// Renders nothing to anyone else. The worker's internal note is not shown.
/// </summary>
public sealed class MyReferralsViewComponent(ReferralAccess access, TimeProvider clock) : ViewComponent
{
    public sealed record Line(Guid Id, string Partner, string? Service, ReferralStatus Status, DateTimeOffset? SentAt, bool SharesPersonalData,
        string? SharedInformation, string? SharedPhone, string? SharedEmail, DateTimeOffset? AppointmentAt, string? RefusalReason, string? Outcome,
        DateTimeOffset? ConsentWithdrawnAt, bool CanWithdraw);

    public sealed record Model(IReadOnlyList<Line> Lines, int HeadingLevel, TimeZoneInfo Zone);

    public async Task<IViewComponentResult> InvokeAsync(int headingLevel = 2)
    {
        var ct = HttpContext.RequestAborted;
        var reader = await access.ReaderAsync(ct);
        if (reader.Kind != ReaderKind.Person)
        {
            return Content("");
        }

        var visible = await access.VisibleAsync(ct);
        var rows = await visible.AsNoTracking().OrderByDescending(r => r.SentAt)
            .Select(r => new
            {
                r.Id,
                Partner = r.PartnerOrganisation!.Name,
                Service = r.PartnerService != null ? r.PartnerService.Name : null,
                r.Status, r.SentAt, r.SharesPersonalData, r.SharedInformation, r.SharedPhone, r.SharedEmail, r.AppointmentAt,
                r.RefusalReason, r.Outcome, r.ConsentWithdrawnAt,
            })
            .ToListAsync(ct);
        var lines = rows.Select(r => new Line(r.Id, r.Partner, r.Service, r.Status, r.SentAt, r.SharesPersonalData, r.SharedInformation,
            r.SharedPhone, r.SharedEmail, r.AppointmentAt, r.RefusalReason, r.Outcome, r.ConsentWithdrawnAt,
            r.SharesPersonalData && r.ConsentWithdrawnAt is null)).ToList();
        return View("/Features/Referrals/Worker/_MyReferrals.cshtml", new Model(lines, headingLevel, clock.LocalTimeZone));
    }
}
