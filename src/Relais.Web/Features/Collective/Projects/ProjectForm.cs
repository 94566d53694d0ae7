using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;
using Relais.Infrastructure.Text;

namespace Relais.Features.Collective.Projects;

/// <summary>What the create and edit forms post. Everything is a string so that bad input is refused in French by
/// <see cref="FormCheck"/>, not in English by the binder.</summary>
public sealed class ProjectInput
{
    public string? Title { get; set; }
    public string? ThemeId { get; set; }
    public string? Kind { get; set; } = nameof(ProjectKind.Project);
    public string? Sensitivity { get; set; } = nameof(ProjectSensitivity.None);
    public string? Origin { get; set; } = nameof(ProjectOrigin.SocialTeam);
    public string? Status { get; set; } = nameof(ProjectStatus.Preparing);
    public string? Objectives { get; set; }
    public string? ActionMode { get; set; } = nameof(Collective.ActionMode.Facilitator);
    public string? ActionModeDetails { get; set; }
    public string? ResidentInvolvement { get; set; }
    public string? FundingLeads { get; set; }
    public string? ConfidentialityNotes { get; set; }
    public bool OpenToResidents { get; set; }
    public string? StartsOn { get; set; }
    public string? EndsOn { get; set; }
    public List<string> ResidenceIds { get; set; } = [];
    public List<string> BuildingIds { get; set; } = [];

    /// <summary>Communes by INSEE code or name, separated by commas or lines.</summary>
    public string? Communes { get; set; }

    public int Version { get; set; }

    public static ProjectInput From(Project p, CommuneDirectory communes) => new()
    {
        Title = p.Title,
        ThemeId = p.ThemeId.ToString(),
        Kind = p.Kind.ToString(),
        Sensitivity = p.Sensitivity.ToString(),
        Origin = p.Origin.ToString(),
        Status = p.Status.ToString(),
        Objectives = p.Objectives,
        ActionMode = p.ActionMode.ToString(),
        ActionModeDetails = p.ActionModeDetails,
        ResidentInvolvement = p.ResidentInvolvement,
        FundingLeads = p.FundingLeads,
        ConfidentialityNotes = p.ConfidentialityNotes,
        OpenToResidents = p.OpenToResidents,
        StartsOn = p.StartsOn?.ToString("yyyy-MM-dd"),
        EndsOn = p.EndsOn?.ToString("yyyy-MM-dd"),
        ResidenceIds = p.Territory.Where(t => t.ResidenceId != null).Select(t => t.ResidenceId!.Value.ToString()).ToList(),
        BuildingIds = p.Territory.Where(t => t.BuildingId != null).Select(t => t.BuildingId!.Value.ToString()).ToList(),
        Communes = string.Join(", ", p.Territory.Where(t => t.CommuneCode != null)
            .Select(t => communes.Find(t.CommuneCode) is { } c ? $"{c.Name} ({c.Code})" : t.CommuneCode)),
        Version = p.Version,
    };
}

/// <summary>The checked values of a project form, ready to be applied.</summary>
public sealed record ProjectValues(
    string Title, Guid ThemeId, ProjectKind Kind, ProjectSensitivity Sensitivity, ProjectOrigin Origin, ProjectStatus? Status,
    string Objectives, ActionMode ActionMode, string ActionModeDetails, string ResidentInvolvement, string FundingLeads,
    string ConfidentialityNotes, bool OpenToResidents, DateOnly? StartsOn, DateOnly? EndsOn,
    IReadOnlyList<Guid> Residences, IReadOnlyList<Guid> Buildings, IReadOnlyList<string> Communes)
{
    /// <summary>Writes the values on the project and replaces its territory (the territory collection must be loaded).</summary>
    public void ApplyTo(Project p, RelaisDbContext db)
    {
        p.Title = Title;
        p.ThemeId = ThemeId;
        p.Kind = Kind;
        p.Sensitivity = Sensitivity;
        p.Origin = Origin;
        if (Status is { } s && p.Status != ProjectStatus.Closed)
        {
            p.Status = s;
        }

        p.Objectives = Objectives;
        p.ActionMode = ActionMode;
        p.ActionModeDetails = ActionModeDetails;
        p.ResidentInvolvement = ResidentInvolvement;
        p.FundingLeads = FundingLeads;
        p.ConfidentialityNotes = ConfidentialityNotes;
        p.OpenToResidents = OpenToResidents;
        p.StartsOn = StartsOn;
        p.EndsOn = EndsOn;

        var wanted = Residences.Select(r => (Guid?)r).Select(r => (r, (Guid?)null, (string?)null))
            .Concat(Buildings.Select(b => ((Guid?)null, (Guid?)b, (string?)null)))
            .Concat(Communes.Select(c => ((Guid?)null, (Guid?)null, (string?)c)))
            .ToHashSet();
        foreach (var t in p.Territory.ToList())
        {
            if (!wanted.Remove((t.ResidenceId, t.BuildingId, t.CommuneCode)))
            {
                p.Territory.Remove(t);
                db.Remove(t);
            }
        }

        foreach (var (residence, building, commune) in wanted)
        {
            p.Territory.Add(new ProjectTerritory { ProjectId = p.Id, ResidenceId = residence, BuildingId = building, CommuneCode = commune });
        }
    }
}

public sealed record ResidenceChoice(Guid Id, string Name, string CommuneName, IReadOnlyList<(Guid Id, string Name)> Buildings);

/// <summary>Shared by the create and edit pages of a project: choices offered, and the checks of the input.</summary>
public abstract class ProjectFormPageModel(RelaisDbContext db, CurrentUser me, CommuneDirectory communes, TimeProvider clock) : PageModel
{
    public const string SensitiveOpenMessage =
        "Un groupe sensible (impayés, santé) ne peut pas être ouvert aux habitants : la participation à ce groupe doit rester confidentielle.";

    [BindProperty] public ProjectInput Input { get; set; } = new();

    public List<ProjectTheme> Themes { get; private set; } = [];
    public List<ResidenceChoice> Residences { get; private set; } = [];

    /// <summary>The status stored now; a closed project's status is not offered.</summary>
    public ProjectStatus? StoredStatus { get; protected set; }

    /// <summary>The theme the project uses now (offered even when deactivated).</summary>
    protected Guid? CurrentThemeId { get; set; }

    public bool CanChooseSensitive => me.Can(Permissions.Collective.Programmes);

    public abstract string CancelUrl { get; }

    protected RelaisDbContext Db => db;
    protected CurrentUser Me => me;
    protected CommuneDirectory Communes => communes;
    protected DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public IEnumerable<ProjectTheme> OfferedThemes => Themes.Where(t => t.IsActive || t.Id == CurrentThemeId);

    protected async Task LoadChoicesAsync(CancellationToken ct)
    {
        Themes = await ThemeCatalogue.LoadAsync(db, ct);
        var residences = await db.Residences.AsNoTracking()
            .Select(r => new { r.Id, r.Name, r.CommuneName, Buildings = r.Buildings.Select(b => new { b.Id, b.Name }).ToList() })
            .ToListAsync(ct);
        Residences = residences.OrderBy(r => r.Name, Users.FrenchText.Comparer)
            .Select(r => new ResidenceChoice(r.Id, r.Name, r.CommuneName, r.Buildings.OrderBy(b => b.Name, Users.FrenchText.Comparer).Select(b => (b.Id, b.Name)).ToList()))
            .ToList();
    }

    /// <summary>Checks the input; each French message lands on its field. Null when something is refused.</summary>
    protected ProjectValues? Validate()
    {
        ModelState.Clear(); // binder messages are English; the checks below say it in French
        var check = new FormCheck(ModelState, Today);
        var i = Input;
        var title = check.Text("Input.Title", i.Title, "le titre du projet", Project.TitleMaxLength, required: true);

        Guid? themeId = null;
        if (!Guid.TryParse(i.ThemeId, out var theme) || !OfferedThemes.Any(t => t.Id == theme))
        {
            check.Fail("Input.ThemeId", "Choisissez le thème du projet dans la liste.");
        }
        else
        {
            themeId = theme;
        }

        var kind = check.Choice<ProjectKind>("Input.Kind", i.Kind, "le type de projet");
        var sensitivity = check.Choice<ProjectSensitivity>("Input.Sensitivity", i.Sensitivity, "la sensibilité du groupe");
        var origin = check.Choice<ProjectOrigin>("Input.Origin", i.Origin, "l’origine du projet");
        var mode = check.Choice<ActionMode>("Input.ActionMode", i.ActionMode, "le rôle de la fonction sociale");
        ProjectStatus? status = null;
        if (StoredStatus != ProjectStatus.Closed)
        {
            status = check.Choice<ProjectStatus>("Input.Status", i.Status, "l’état du projet");
            if (status == ProjectStatus.Closed)
            {
                check.Fail("Input.Status", "Un projet se clôt depuis sa page, en rédigeant sa fiche d’expérience : choisissez « En préparation », « En cours » ou « Suspendu ».");
                status = null;
            }
        }

        if ((kind == ProjectKind.Programme || sensitivity is ProjectSensitivity.Arrears or ProjectSensitivity.Health) && !CanChooseSensitive)
        {
            check.Fail(kind == ProjectKind.Programme ? "Input.Kind" : "Input.Sensitivity",
                "Seuls les professionnels habilités aux groupes sensibles peuvent créer un programme de groupe ou un groupe impayés ou santé.");
        }

        if (sensitivity is ProjectSensitivity.Arrears or ProjectSensitivity.Health && i.OpenToResidents)
        {
            check.Fail("Input.OpenToResidents", SensitiveOpenMessage);
        }

        var objectives = check.Text("Input.Objectives", i.Objectives, "les objectifs", Project.TextMaxLength, required: false) ?? "";
        var details = check.Text("Input.ActionModeDetails", i.ActionModeDetails, "le détail du mode d’action", Project.TextMaxLength, required: false) ?? "";
        var involvement = check.Text("Input.ResidentInvolvement", i.ResidentInvolvement, "l’investissement des habitants", Project.TextMaxLength, required: false) ?? "";
        var funding = check.Text("Input.FundingLeads", i.FundingLeads, "les pistes de financement", Project.TextMaxLength, required: false) ?? "";
        var confidentiality = check.Text("Input.ConfidentialityNotes", i.ConfidentialityNotes, "les règles de confidentialité", Project.TextMaxLength, required: false) ?? "";
        var starts = check.Date("Input.StartsOn", i.StartsOn, "la date de début", required: false);
        var ends = check.Date("Input.EndsOn", i.EndsOn, "la date de fin", required: false);
        if (starts is { } s && ends is { } e && e < s)
        {
            check.Fail("Input.EndsOn", "La date de fin ne peut pas précéder la date de début.");
        }

        var residences = new List<Guid>();
        foreach (var raw in i.ResidenceIds.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct())
        {
            if (Guid.TryParse(raw, out var id) && Residences.Any(r => r.Id == id))
            {
                residences.Add(id);
            }
            else
            {
                check.Fail("Input.ResidenceIds", "Résidence inconnue dans votre patrimoine : choisissez les résidences dans la liste.");
                break;
            }
        }

        var buildings = new List<Guid>();
        foreach (var raw in i.BuildingIds.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct())
        {
            if (Guid.TryParse(raw, out var id) && Residences.Any(r => r.Buildings.Any(b => b.Id == id)))
            {
                buildings.Add(id);
            }
            else
            {
                check.Fail("Input.BuildingIds", "Bâtiment inconnu dans votre patrimoine : choisissez les bâtiments dans la liste.");
                break;
            }
        }

        var communeCodes = ResolveCommunes(check, i.Communes);
        if (!check.Ok)
        {
            return null;
        }

        return new ProjectValues(title!, themeId!.Value, kind!.Value, sensitivity!.Value, origin!.Value, status, objectives, mode!.Value,
            details, involvement, funding, confidentiality, i.OpenToResidents, starts, ends, residences, buildings, communeCodes);
    }

    /// <summary>Communes typed as INSEE codes or names ("Vaulx-en-Velin", "69256", "Lyon 8e Arrondissement (69388)").</summary>
    private List<string> ResolveCommunes(FormCheck check, string? text)
    {
        var codes = new List<string>();
        foreach (var token in (text ?? "").Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var code = System.Text.RegularExpressions.Regex.Match(token, @"\(([0-9][0-9AB][0-9]{3})\)\s*$") is { Success: true } m ? m.Groups[1].Value : token;
            var commune = communes.Find(code);
            if (commune is null)
            {
                var folded = SearchText.Fold(token);
                var named = communes.Search(token, 50).Where(c => SearchText.Fold(c.Name) == folded).ToList();
                if (named.Count > 1)
                {
                    check.Fail("Input.Communes", $"Plusieurs communes s’appellent « {token} » ({string.Join(", ", named.Take(5).Select(c => c.Label))}) : indiquez son code INSEE.");
                    continue;
                }

                commune = named.FirstOrDefault();
            }

            if (commune is null)
            {
                check.Fail("Input.Communes", $"{CommuneResolution.Unknown} « {token} » : vérifiez l’orthographe ou indiquez son code INSEE.");
                continue;
            }

            if (!codes.Contains(commune.Code))
            {
                codes.Add(commune.Code);
            }
        }

        return codes;
    }
}
