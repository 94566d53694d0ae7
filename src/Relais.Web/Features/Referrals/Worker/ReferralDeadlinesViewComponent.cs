using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Referrals.Worker;

/// <summary>
/// The referrals part of "mes échéances" (rendered from Features/Accompaniments/Deadlines.cshtml): among the caller's own
/// referrals (<see cref="ReferralAccess"/>), the answers not yet seen ("Réponse reçue", expired ones included) and the
/// sent referrals whose answer is due within <see cref="ReferralRules.DueSoonDays"/> days.
/// </summary>
public sealed class ReferralDeadlinesViewComponent(ReferralAccess access, CurrentUser me, TimeProvider clock) : ViewComponent
{
    public sealed record Item(Guid Id, string Person, string Partner, ReferralStatus Status, DateOnly? Due, string What);

    public sealed record Model(IReadOnlyList<Item> Answers, IReadOnlyList<Item> DueSoon, DateOnly Today);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var reader = await access.ReaderAsync(ct);
        if (reader.Kind != ReaderKind.Team || me.UserId is not { } user)
        {
            return Content("");
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var soon = today.AddDays(ReferralRules.DueSoonDays);
        var visible = await access.VisibleAsync(ct);
        var rows = await visible.AsNoTracking()
            .Where(r => r.ReferrerUserId == user)
            // Due soon, or an answer (or expiry) not seen since it came, in SQL: years of seen answers are not read.
            .Where(ReferralRules.DueOrUnseenAnswer(soon))
            .Select(r => new { Referral = r, r.Person!.FirstName, r.Person.LastName, Partner = r.PartnerOrganisation!.Name })
            .ToListAsync(ct);
        Item ItemOf(Referral r, string first, string last, string partner, string what) =>
            new(r.Id, ReferralOrigins.Name(first, last), partner, r.Status, r.AnswerDueOn, what);
        var answers = rows.Where(x => ReferralRules.IsUnseenAnswer(x.Referral))
            .Select(x => ItemOf(x.Referral, x.FirstName, x.LastName, x.Partner, x.Referral.Status == ReferralStatus.Expired
                ? "Expirée sans réponse de la structure"
                : $"Réponse reçue : {Infrastructure.Web.EnumLabels.Label(x.Referral.Status).ToLowerInvariant()}"))
            .OrderBy(i => i.Person, Users.FrenchText.Comparer).ToList();
        var dueSoon = rows.Where(x => x.Referral.Status == ReferralStatus.Sent)
            .Select(x => ItemOf(x.Referral, x.FirstName, x.LastName, x.Partner, "Réponse attendue de la structure"))
            .OrderBy(i => i.Due).ThenBy(i => i.Person, Users.FrenchText.Comparer).ToList();
        return View("/Features/Referrals/Worker/_ReferralDeadlines.cshtml", new Model(answers, dueSoon, today));
    }
}
