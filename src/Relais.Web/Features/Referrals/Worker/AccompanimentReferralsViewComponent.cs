using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;

namespace Relais.Features.Referrals.Worker;

/// <summary>
/// The "Orientations" section of an accompaniment file: the file's referrals as <see cref="ReferralAccess"/> lets the
/// caller see them, with their status, and the button to refer the person to a partner. Rendered from
/// Features/Accompaniments/File.cshtml with <c>await Component.InvokeAsync("AccompanimentReferrals", new { accompanimentId, open })</c>.
/// </summary>
public sealed class AccompanimentReferralsViewComponent(ReferralAccess access) : ViewComponent
{
    public sealed record Line(Guid Id, string Partner, string? Service, ReferralStatus Status, DateTimeOffset CreatedAt, DateOnly? AnswerDueOn, bool Override, bool Unseen);

    public sealed record Model(Guid AccompanimentId, IReadOnlyList<Line> Lines, bool CanWrite);

    public async Task<IViewComponentResult> InvokeAsync(Guid accompanimentId, bool open = true)
    {
        var ct = HttpContext.RequestAborted;
        var reader = await access.ReaderAsync(ct);
        if (reader.Kind != ReaderKind.Team)
        {
            return Content("");
        }

        var visible = await access.VisibleAsync(ct);
        var rows = await visible.AsNoTracking().Where(r => r.AccompanimentId == accompanimentId)
            .OrderByDescending(r => r.CreatedAt)
            .Select(r => new { Referral = r, Partner = r.PartnerOrganisation!.Name, Service = r.PartnerService != null ? r.PartnerService.Name : null })
            .ToListAsync(ct);
        var lines = rows.Select(x => new Line(x.Referral.Id, x.Partner, x.Service, x.Referral.Status, x.Referral.CreatedAt, x.Referral.AnswerDueOn,
            x.Referral.OverrideReason != null, ReferralRules.IsUnseenAnswer(x.Referral))).ToList();
        return View("/Features/Referrals/Worker/_AccompanimentReferrals.cshtml", new Model(accompanimentId, lines, access.CanWrite && open));
    }
}
