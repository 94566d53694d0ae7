using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Users;
using Relais.Infrastructure.Data;

namespace Relais.Features.Signals;

/// <summary>
/// The signal list: newest first, filtered. Each query walks the (organisation, status, detected at) index in order and
/// stops after one page, so a large organisation pays for one page, not for all its signals. There is no total count:
/// counting the signals of a sector means joining every one of them to its residence, which costs more than the page
/// itself; the list says how many it shows and whether more follow.
/// </summary>
public sealed class SignalListModel(RelaisDbContext db, SignalAccess access, TimeProvider clock) : PageModel
{
    public const int PageSize = 25;

    /// <summary>Deeper pages would read too much (each page reads every row before it); filters are the way there.</summary>
    public const int MaxPage = 400;

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
    public int FirstShown => (PageNumber - 1) * PageSize + 1;
    public bool HasNext { get; private set; }
    public SignalVisibility Visibility { get; private set; } = null!;
    public IReadOnlyList<(Guid Id, string Name)> Sectors { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Residences { get; private set; } = [];
    public string? HouseholdName { get; private set; }

    /// <summary>Above this many residences in scope, the residence filter asks for a sector first.</summary>
    public const int MaxResidenceChoices = 60;

    /// <summary>True when the residences are too many to list without a sector.</summary>
    public bool ResidencesNeedSector { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        PageNumber = Math.Clamp(PageNumber, 1, MaxPage);
        Visibility = await access.VisibilityAsync(ct);
        var statuses = SelectedStatuses();
        var query = Filtered(db.Signals.AsNoTracking().VisibleIn(db.Households, Visibility.Scope));

        // The page's ids, newest first: one narrow query per status, each an ordered walk of the
        // (organisation, status, detected at) index that stops after the rows this page needs; then merged here.
        // The order is the index's own (no tie-breaker column that would make the database sort every candidate):
        // detection spaces the instants of the signals it raises, so instants do not tie in practice.
        var needed = (PageNumber - 1) * PageSize + PageSize + 1;
        var keys = new List<(Guid Id, DateTimeOffset At)>();
        foreach (var status in statuses)
        {
            var found = await query.Where(s => s.Status == status)
                .OrderByDescending(s => s.DetectedAt)
                .Take(needed)
                .Select(s => new { s.Id, s.DetectedAt })
                .ToListAsync(ct);
            keys.AddRange(found.Select(f => (f.Id, f.DetectedAt)));
        }

        var page = keys.OrderByDescending(k => k.At).ThenByDescending(k => k.Id.ToString("D"), StringComparer.Ordinal)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).Select(k => k.Id).ToList();
        HasNext = page.Count > PageSize && PageNumber < MaxPage;
        page = page.Take(PageSize).ToList();

        // Then the rows of those ids only, with the household's name and address.
        var rows = await db.Signals.AsNoTracking()
            .Where(s => page.Contains(s.Id))
            .Select(SignalProjections.Row(Visibility.SeesAmounts))
            .ToListAsync(ct);
        var order = page.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        Rows = rows.OrderBy(r => order[r.Id]).ToList();
        await LoadChoicesAsync(ct);
    }

    /// <summary>The statuses the status filter stands for.</summary>
    private List<SignalStatus> SelectedStatuses()
    {
        if (Status == Any)
        {
            return [.. Enum.GetValues<SignalStatus>()];
        }

        if (Status is { Length: > 0 } text && text != Open && Enum.TryParse<SignalStatus>(text, out var one) && Enum.IsDefined(one))
        {
            Status = one.ToString();
            return [one];
        }

        Status = Open;
        return [SignalStatus.New, SignalStatus.InOutreach];
    }

    private IQueryable<Signal> Filtered(IQueryable<Signal> query)
    {
        if (Household is { } household)
        {
            query = query.Where(s => s.HouseholdId == household);
        }

        if (Sector is { } sector)
        {
            query = query.Where(s => db.Households.Any(h => h.Id == s.HouseholdId && h.Dwelling != null && h.Dwelling.Building!.Residence!.SectorId == sector));
        }

        if (Residence is { } residence)
        {
            query = query.Where(s => db.Households.Any(h => h.Id == s.HouseholdId && h.Dwelling != null && h.Dwelling.Building!.ResidenceId == residence));
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
        // A large landlord has hundreds of residences: listed only within one sector (or when they are few), so that
        // the page does not carry — and render — a choice of 700 residences on every request.
        var inScope = db.Residences.AsNoTracking().Where(r => visible.Contains(r.SectorId) && (Sector == null || r.SectorId == Sector));
        var residences = await inScope.Take(MaxResidenceChoices + 1).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        ResidencesNeedSector = Sector is null && residences.Count > MaxResidenceChoices;
        if (ResidencesNeedSector)
        {
            residences = Residence is { } chosen
                ? await db.Residences.AsNoTracking().Where(r => r.Id == chosen && visible.Contains(r.SectorId)).Select(r => new { r.Id, r.Name }).ToListAsync(ct)
                : [];
        }

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
