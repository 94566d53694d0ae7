using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;

namespace Relais.Features.Referrals.Partner;

/// <summary>
/// The Partenaire's inbox: the referrals <see cref="ReferralAccess"/> lets them see (sent to their own active structure,
/// consent current), filtered by status, newest first. A line names the person only when the referral shares personal
/// data; each such line is logged as a read (as is every display of the referral page).
/// </summary>
public sealed class PartnerInboxModel(RelaisDbContext db, ReferralAccess access) : PageModel
{
    public const int PageSize = 25;
    public const string ListContext = "liste des orientations (partenaire)";

    [BindProperty(SupportsGet = true, Name = "etat")] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public sealed record Row(Guid Id, DateTimeOffset? SentAt, string Person, string? Service, string Theme, ReferralStatus Status,
        DateOnly? AnswerDueOn, DateTimeOffset? AppointmentAt);

    public string? StructureName { get; private set; }
    public string Filter { get; private set; } = "";
    public List<Row> Rows { get; private set; } = [];
    public Dictionary<string, int> Counts { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var reader = await access.ReaderAsync(ct);
        if (reader.Kind != ReaderKind.Partner)
        {
            return Page();
        }

        StructureName = await db.PartnerOrganisations.Where(p => p.Id == reader.PartnerOrganisationId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        var visible = (await access.VisibleAsync(ct)).AsNoTracking();
        var byStatus = await visible.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        Counts = PartnerInbox.Filters.ToDictionary(f => f.Key,
            f => byStatus.Where(s => f.Statuses.Length == 0 || f.Statuses.Contains(s.Key)).Sum(s => s.Count));

        var filter = PartnerInbox.Filter(State);
        Filter = filter.Key;
        var query = visible.WithStatus(filter.Statuses);
        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var rows = await query.OrderByDescending(r => r.SentAt).ThenByDescending(r => r.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(r => new
            {
                r.Id, r.HouseholdId, r.SentAt, r.SharesPersonalData, Service = r.PartnerService!.Name, r.Theme, r.Status, r.AnswerDueOn, r.AppointmentAt,
                FirstName = r.SharesPersonalData ? r.Person!.FirstName : null,
                LastName = r.SharesPersonalData ? r.Person!.LastName : null,
            })
            .ToListAsync(ct);
        // A line that names the person is a read of the referral: logged in the person's household history.
        // (Queued together: the read log writes them in one group commit before the page is served.)
        await Task.WhenAll(rows.Where(r => r.SharesPersonalData)
            .Select(r => access.LogReadAsync(new Referral { Id = r.Id, HouseholdId = r.HouseholdId }, ListContext, ct)));

        Rows = rows.Select(r => new Row(r.Id, r.SentAt, PartnerInbox.PersonLabel(r.SharesPersonalData, r.FirstName, r.LastName), r.Service,
            PartnerInbox.ThemeLabel(r.Theme), r.Status, r.AnswerDueOn, r.AppointmentAt)).ToList();
        return Page();
    }

    public string Link(string filter, int page = 1) => page > 1 ? $"/Partner/Referrals?etat={filter}&p={page}" : $"/Partner/Referrals?etat={filter}";
}
