using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Features.Users;

namespace Relais.Features.Signals;

/// <summary>
/// The signal list: newest first, filtered. The query walks the (organisation, status, detected at) index in order and
/// stops after one page; the total is counted up to <see cref="CountLimit"/> only, so a large organisation pays for one
/// page, not for all its signals.
/// </summary>
public sealed class SignalListModel(RelaisDbContext db, SignalAccess access, TimeProvider clock) : PageModel
{
    public const int PageSize = 25;
    public const int CountLimit = 1000;

    /// <summary>"à traiter" (new and in outreach, the default), "tous", or one status.</summary>
    public const string Open = "a-traiter";
    public const string Any = "tous";

    public static readonly int[] AgeChoices = [7, 30, 90, 180];

    [BindProperty(SupportsGet = true)] public Guid? Sector { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Residence { get; set; }
    [BindProperty(SupportsGet = true)] public SignalType? Type { get; set; }
    [BindProperty(SupportsGet = true)] public SignalSeverity? Severity { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "age")] public int? OlderThanDays { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Household { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<SignalRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public bool MoreThanCounted => Total > CountLimit;
    public bool HasNext { get; private set; }
    public SignalVisibility Visibility { get; private set; } = null!;
    public IReadOnlyList<(Guid Id, string Name)> Sectors { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Residences { get; private set; } = [];
    public string? HouseholdName { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        PageNumber = Math.Max(1, PageNumber);
        Visibility = await access.VisibilityAsync(ct);
        var query = Filtered(db.Signals.AsNoTracking().VisibleIn(Visibility.Scope));

        Total = await query.Take(CountLimit + 1).CountAsync(ct);
        var rows = await query
            .OrderByDescending(s => s.DetectedAt).ThenByDescending(s => s.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1)
            .Select(SignalProjections.Row(Visibility.SeesAmounts))
            .ToListAsync(ct);
        HasNext = rows.Count > PageSize;
        Rows = rows.Take(PageSize).ToList();
        await LoadChoicesAsync(ct);
    }

    private IQueryable<Signal> Filtered(IQueryable<Signal> query)
    {
        switch (Status)
        {
            case null or "" or Open:
                Status = Open;
                query = query.Where(s => s.Status == SignalStatus.New || s.Status == SignalStatus.InOutreach);
                break;
            case Any:
                break;
            default:
                if (Enum.TryParse<SignalStatus>(Status, out var status) && Enum.IsDefined(status))
                {
                    query = query.Where(s => s.Status == status);
                }
                else
                {
                    Status = Open;
                    query = query.Where(s => s.Status == SignalStatus.New || s.Status == SignalStatus.InOutreach);
                }

                break;
        }

        if (Household is { } household)
        {
            query = query.Where(s => s.HouseholdId == household);
        }

        if (Sector is { } sector)
        {
            query = query.Where(s => s.Household!.Dwelling != null && s.Household.Dwelling.Building!.Residence!.SectorId == sector);
        }

        if (Residence is { } residence)
        {
            query = query.Where(s => s.Household!.Dwelling != null && s.Household.Dwelling.Building!.ResidenceId == residence);
        }

        if (Type is { } type)
        {
            query = query.Where(s => s.Type == type);
        }

        if (Severity is { } severity)
        {
            query = query.Where(s => s.Severity == severity);
        }

        if (OlderThanDays is > 0 and var days)
        {
            var before = Now.AddDays(-days);
            query = query.Where(s => s.DetectedAt <= before);
        }

        return query;
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        var scope = Visibility.Scope;
        var sectorIds = scope.SectorIds.ToList();
        var sectors = await db.Sectors.AsNoTracking()
            .Where(s => scope.All || sectorIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        Sectors = sectors.OrderBy(s => s.Name, FrenchText.Comparer).Select(s => (s.Id, s.Name)).ToList();
        var visible = Sectors.Select(s => s.Id).ToList();
        var residences = await db.Residences.AsNoTracking()
            .Where(r => visible.Contains(r.SectorId) && (Sector == null || r.SectorId == Sector))
            .Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        Residences = residences.OrderBy(r => r.Name, FrenchText.Comparer).Select(r => (r.Id, r.Name)).ToList();
        if (Household is { } household)
        {
            HouseholdName = Rows.FirstOrDefault()?.HouseholdName
                ?? await db.Households.AsNoTracking().VisibleIn(scope).Where(h => h.Id == household).Select(h => h.TenantReference).FirstOrDefaultAsync(ct);
        }
    }

    /// <summary>The list URL with the current filters and another page.</summary>
    public string PageUrl(int page)
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                parts.Add($"{name}={Uri.EscapeDataString(text)}");
            }
        }

        Add("sector", Sector);
        Add("residence", Residence);
        Add("type", Type);
        Add("severity", Severity);
        Add("status", Status == Open ? null : Status);
        Add("age", OlderThanDays);
        Add("household", Household);
        Add("p", page > 1 ? page : null);
        return parts.Count == 0 ? "/Signals" : "/Signals?" + string.Join('&', parts);
    }
}
