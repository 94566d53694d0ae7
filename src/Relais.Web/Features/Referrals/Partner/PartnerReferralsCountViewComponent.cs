using Microsoft.AspNetCore.Mvc;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Referrals.Partner;

/// <summary>The partner's home page card: how many referrals wait for an answer from their structure.</summary>
public sealed class PartnerReferralsCountViewComponent(ReferralAccess access, CurrentUser me) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!me.Can(Permissions.Referrals.Partner))
        {
            return Content("");
        }

        var count = await PartnerInbox.ToHandleAsync(access, HttpContext.RequestAborted);
        return View("/Features/Referrals/Partner/_ToHandle.cshtml", count);
    }
}
