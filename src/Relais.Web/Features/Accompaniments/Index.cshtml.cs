using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Users;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>The accompaniments: the ones I follow or my team's (everything in my scope), open or closed, by sector.</summary>
public sealed class AccompanimentListModel(RelaisDbContext db, AccompanimentAccess access) : PageModel
{
    public const int PageSize = 25;
    public const string MineView = "miens";
    public const string TeamView = "equipe";

    [BindProperty(SupportsGet = true, Name = "vue")] public string? View { get; set; }
    [BindProperty(SupportsGet = true, Name = "etat")] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "secteur")] public Guid? Sector { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public sealed record Row(Guid Id, string Person, Guid HouseholdId, string? Residence, string? Sector, DateOnly ConsentDate,
        DateOnly? NextReviewOn, AccompanimentStatus Status, DateOnly? ClosedOn, string Referents);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> Sectors { get; private set; } = [];
    public DateOnly Today => access.Today;
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        View = View == TeamView ? TeamView : MineView;
        State = State is "clos" or "tous" ? State : "ouverts";
        var query = (View == TeamView ? access.Visible() : access.Mine()).AsNoTracking();
        query = State switch
        {
            "ouverts" => query.Where(a => a.Status == AccompanimentStatus.Open),
            "clos" => query.Where(a => a.Status == AccompanimentStatus.Closed),
            _ => query,
        };
        if (Sector is { } sector)
        {
            query = query.Where(a => a.Household!.Dwelling != null && a.Household.Dwelling.Building!.Residence!.SectorId == sector);
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var rows = await query
            .OrderByDescending(a => a.ConsentDate).ThenBy(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(a => new
            {
                a.Id, a.Person!.FirstName, a.Person.LastName, a.HouseholdId, a.ConsentDate, a.NextReviewOn, a.Status, a.ClosedOn,
                Residence = a.Household!.Dwelling != null ? a.Household.Dwelling.Building!.Residence!.Name : null,
                Sector = a.Household.Dwelling != null ? a.Household.Dwelling.Building!.Residence!.Sector!.Name : null,
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var org = access.OrganisationId;
        var referents = await db.AccompanimentReferents.AsNoTracking()
            .Where(r => ids.Contains(r.AccompanimentId))
            .Join(db.Users.Where(u => u.OrganisationId == org), r => r.UserId, u => u.Id, (r, u) => new { r.AccompanimentId, u.DisplayName })
            .ToListAsync(ct);
        var names = referents.GroupBy(r => r.AccompanimentId)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(x => x.DisplayName).Order(FrenchText.Comparer)));
        Rows = rows.Select(r => new Row(r.Id, $"{r.FirstName} {r.LastName.ToUpperInvariant()}", r.HouseholdId, r.Residence, r.Sector, r.ConsentDate,
                r.NextReviewOn, r.Status, r.ClosedOn, names.GetValueOrDefault(r.Id, "")))
            .ToList();
        Sectors = await access.SectorsAsync(ct);
    }

    public string Link(int page) =>
        $"/Accompaniments?vue={View}&etat={State}{(Sector is { } s ? $"&secteur={s}" : "")}&p={page}";
}
