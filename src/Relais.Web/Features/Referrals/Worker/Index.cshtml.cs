using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Referrals.Worker;

/// <summary>
/// /Referrals: the referrals of the caller's scope (<see cref="ReferralAccess"/>), "mes orientations" (made by me) or all,
/// filtered by status and structure, most recent first, paginated.
/// </summary>
public sealed class IndexModel(ReferralAccess access, CurrentUser me, TimeProvider clock) : PageModel
{
    public const int PageSize = 25;

    public sealed record Line(Guid Id, string Person, string Partner, string? Service, ReferralStatus Status, DateTimeOffset CreatedAt,
        DateTimeOffset? SentAt, DateOnly? AnswerDueOn, string Referrer, bool Override, bool Unseen);

    [BindProperty(SupportsGet = true, Name = "tout")] public bool All { get; set; }
    [BindProperty(SupportsGet = true, Name = "statut")] public ReferralStatus? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "structure")] public Guid? Partner { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Line> Lines { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Partners { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public TimeZoneInfo Zone => clock.LocalTimeZone;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var visible = await access.VisibleAsync(ct);
        var partners = await visible.Select(r => new { r.PartnerOrganisationId, r.PartnerOrganisation!.Name }).Distinct().ToListAsync(ct);
        Partners = partners.OrderBy(p => p.Name, Users.FrenchText.Comparer).Select(p => (p.PartnerOrganisationId, p.Name)).ToList();

        var query = visible.AsNoTracking();
        if (!All)
        {
            var user = me.UserId ?? Guid.Empty;
            query = query.Where(r => r.ReferrerUserId == user);
        }

        if (Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }

        if (Partner is { } partner)
        {
            query = query.Where(r => r.PartnerOrganisationId == partner);
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(r => new
            {
                Referral = r,
                r.Person!.FirstName,
                r.Person.LastName,
                Partner = r.PartnerOrganisation!.Name,
                Service = r.PartnerService != null ? r.PartnerService.Name : null,
            })
            .ToListAsync(ct);
        var mine = me.UserId;
        Lines = rows.Select(x => new Line(x.Referral.Id, ReferralOrigins.Name(x.FirstName, x.LastName), x.Partner, x.Service, x.Referral.Status,
            x.Referral.CreatedAt, x.Referral.SentAt, x.Referral.AnswerDueOn, x.Referral.ReferrerName, x.Referral.OverrideReason != null,
            x.Referral.ReferrerUserId == mine && ReferralRules.IsUnseenAnswer(x.Referral))).ToList();
    }

    public string Link(int page) =>
        $"?tout={(All ? "true" : "false")}&statut={Status}&structure={Partner}&p={page}";
}
