using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Projects;

/// <summary>The organisation's collective projects (staff), filtered by status, theme, kind, place and text.</summary>
public sealed class ProjectListModel(RelaisDbContext db, ProjectAccess access, CommuneDirectory communes) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "etat")] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "theme")] public Guid? Theme { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "residence")] public Guid? Residence { get; set; }
    [BindProperty(SupportsGet = true, Name = "commune")] public string? Commune { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public sealed record Row(Guid Id, string Title, string Theme, ProjectKind Kind, ProjectSensitivity Sensitivity, ProjectStatus Status,
        bool OpenToResidents, DateOnly? StartsOn, DateOnly? EndsOn, string Territory);

    public List<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public List<ProjectTheme> Themes { get; private set; } = [];
    public List<(Guid Id, string Name)> Residences { get; private set; } = [];
    public List<(string Code, string Name)> CommuneChoices { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Themes = await ThemeCatalogue.LoadAsync(db, ct);
        Residences = (await db.Residences.AsNoTracking().Select(r => new { r.Id, r.Name }).ToListAsync(ct))
            .OrderBy(r => r.Name, Users.FrenchText.Comparer).Select(r => (r.Id, r.Name)).ToList();
        var codes = (await db.Residences.AsNoTracking().Select(r => r.CommuneCode).Distinct().ToListAsync(ct))
            .Concat(await db.ProjectTerritories.AsNoTracking().Where(t => t.CommuneCode != null).Select(t => t.CommuneCode!).Distinct().ToListAsync(ct))
            .Distinct();
        CommuneChoices = codes.Select(c => (c, communes.Find(c)?.Label ?? c)).OrderBy(c => c.Item2, Users.FrenchText.Comparer).ToList();

        var query = access.Visible().AsNoTracking();
        query = State switch
        {
            "tous" => query,
            "clos" => query.Where(p => p.Status == ProjectStatus.Closed),
            _ when Enum.TryParse<ProjectStatus>(State, out var s) && Enum.IsDefined(s) && !int.TryParse(State, out _) => query.Where(p => p.Status == s),
            _ => query.Where(p => p.Status != ProjectStatus.Closed),
        };
        if (Theme is { } theme)
        {
            query = query.Where(p => p.ThemeId == theme);
        }

        if (Enum.TryParse<ProjectKind>(Kind, out var kind) && Enum.IsDefined(kind) && !int.TryParse(Kind, out _))
        {
            query = query.Where(p => p.Kind == kind);
        }

        if (Residence is { } residence)
        {
            var commune = await db.Residences.Where(r => r.Id == residence).Select(r => r.CommuneCode).FirstOrDefaultAsync(ct);
            query = query.Where(p => p.Territory.Any(t => t.ResidenceId == residence
                || (t.BuildingId != null && db.Buildings.Any(b => b.Id == t.BuildingId && b.ResidenceId == residence))
                || (commune != null && t.CommuneCode == commune)));
        }

        if (!string.IsNullOrWhiteSpace(Commune))
        {
            var code = Commune.Trim();
            query = query.Where(p => p.Territory.Any(t => t.CommuneCode == code
                || (t.ResidenceId != null && db.Residences.Any(r => r.Id == t.ResidenceId && r.CommuneCode == code))
                || (t.BuildingId != null && db.Buildings.Any(b => b.Id == t.BuildingId && b.Residence!.CommuneCode == code))));
        }

        if (!string.IsNullOrWhiteSpace(Text))
        {
            var text = Text.Trim().ToLower();
            query = query.Where(p => p.Title.ToLower().Contains(text) || p.Objectives.ToLower().Contains(text));
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var rows = await query.OrderByDescending(p => p.Status == ProjectStatus.Active).ThenByDescending(p => p.StartsOn).ThenBy(p => p.Title)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(p => new
            {
                p.Id, p.Title, Theme = p.Theme!.Name, p.Kind, p.Sensitivity, p.Status, p.OpenToResidents, p.StartsOn, p.EndsOn,
                Residences = p.Territory.Where(t => t.ResidenceId != null).Select(t => db.Residences.Where(r => r.Id == t.ResidenceId).Select(r => r.Name).FirstOrDefault()).ToList(),
                Buildings = p.Territory.Where(t => t.BuildingId != null).Select(t => db.Buildings.Where(b => b.Id == t.BuildingId).Select(b => b.Residence!.Name + " – " + b.Name).FirstOrDefault()).ToList(),
                Communes = p.Territory.Where(t => t.CommuneCode != null).Select(t => t.CommuneCode).ToList(),
            })
            .ToListAsync(ct);
        Rows = rows.Select(r => new Row(r.Id, r.Title, r.Theme, r.Kind, r.Sensitivity, r.Status, r.OpenToResidents, r.StartsOn, r.EndsOn,
            string.Join(", ", r.Residences.Concat(r.Buildings).Concat(r.Communes.Select(c => communes.Find(c)?.Name ?? c)).Where(x => x is not null)))).ToList();
    }

    public string Link(int page) =>
        $"/Collective?etat={Uri.EscapeDataString(State ?? "")}&theme={Theme}&type={Uri.EscapeDataString(Kind ?? "")}&residence={Residence}&commune={Uri.EscapeDataString(Commune ?? "")}&q={Uri.EscapeDataString(Text ?? "")}&page={page}";
}
