using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective;
using Relais.Features.Collective.Projects;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Collective.Projects;

/// <summary>Arranges collective projects directly in the database and posts multi-valued forms.</summary>
internal static class ProjectsKit
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<Guid> ThemeIdAsync(World w, string name = "Lien social")
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        return (await ThemeCatalogue.LoadAsync(db, CancellationToken.None)).Single(t => t.Name == name).Id;
    }

    /// <summary>A project with the given territory (residences, buildings, INSEE codes) and options.</summary>
    public static async Task<Project> ProjectAsync(World w, string title, Guid[]? residences = null, Guid[]? buildings = null, string[]? communes = null,
        bool open = false, ProjectSensitivity sensitivity = ProjectSensitivity.None, ProjectStatus status = ProjectStatus.Active,
        ProjectKind kind = ProjectKind.Project)
    {
        var theme = await ThemeIdAsync(w);
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var p = new Project
        {
            Title = title, ThemeId = theme, OpenToResidents = open, Sensitivity = sensitivity, Status = status, Kind = kind,
            Origin = ProjectOrigin.SocialTeam, Objectives = $"Objectifs de {title}",
        };
        foreach (var r in residences ?? [])
        {
            p.Territory.Add(new ProjectTerritory { ProjectId = p.Id, ResidenceId = r });
        }

        foreach (var b in buildings ?? [])
        {
            p.Territory.Add(new ProjectTerritory { ProjectId = p.Id, BuildingId = b });
        }

        foreach (var c in communes ?? [])
        {
            p.Territory.Add(new ProjectTerritory { ProjectId = p.Id, CommuneCode = c });
        }

        db.Projects.Add(p);
        await db.SaveChangesAsync();
        return p;
    }

    public static async Task<T> ReadAsync<T>(World w, Func<RelaisDbContext, Task<T>> read)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        return await read(db);
    }

    public static async Task<T> AddAsync<T>(World w, T entity) where T : class
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        db.Add(entity);
        await db.SaveChangesAsync();
        return entity;
    }

    /// <summary>Posts fields (keys may repeat) with the antiforgery token of <paramref name="formPage"/>.</summary>
    public static async Task<HttpResponseMessage> PostPairsAsync(HttpClient client, string url, IEnumerable<(string Key, string Value)> fields, string formPage)
    {
        var page = await client.GetAsync(formPage);
        var html = await page.Content.ReadAsStringAsync();
        var token = html.Html().QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {formPage} ({(int)page.StatusCode}):\n{html}");
        var body = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token));
        return await client.PostAsync(url, new FormUrlEncodedContent(body));
    }

    /// <summary>A complete, valid project form.</summary>
    public static List<(string, string)> Form(Guid theme, string title = "Fresque du bâtiment A", int version = 0) =>
    [
        ("Input.Title", title), ("Input.ThemeId", theme.ToString()), ("Input.Kind", "Project"), ("Input.Sensitivity", "None"),
        ("Input.Origin", "Residents"), ("Input.Status", "Active"), ("Input.Objectives", "Transformer le hall avec les habitants."),
        ("Input.ActionMode", "Facilitator"), ("Input.ActionModeDetails", "Avec l’association Couleurs du quartier."),
        ("Input.ResidentInvolvement", "Douze habitants dessinent la fresque."), ("Input.FundingLeads", "Politique de la ville, fondation."),
        ("Input.ConfidentialityNotes", "Aucune."), ("Input.StartsOn", "2026-03-01"), ("Input.EndsOn", "2026-09-30"),
        ("Input.Version", version.ToString(CultureInfo.InvariantCulture)),
    ];

    public static async Task<string> TextAsync(this HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    public static Task<int> CountAsync<T>(World w, System.Linq.Expressions.Expression<Func<T, bool>> where) where T : class =>
        ReadAsync(w, db => db.Set<T>().CountAsync(where));
}

/// <summary>A project and a resident's proposal of an organisation, for the cross-organisation test (CrossOrganisationTests.IdFor).</summary>
public sealed record CollectiveIds(Guid ProjectId, Guid ProposalId)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, CollectiveIds> Arranged = new();

    public static CollectiveIds Of(World w) => Arranged[w.Id];

    public static async Task ArrangeAsync(World w)
    {
        var project = await ProjectsKit.ProjectAsync(w, "Jardin partagé", residences: [w.NorthResidence.Id], open: true);
        var proposal = await ProjectsKit.AddAsync(w, new ResidentProposal { PersonId = w.NorthHolder.Id, ResidenceId = w.NorthResidence.Id, Title = "Fête des voisins", What = "Un repas partagé." });
        Arranged[w.Id] = new CollectiveIds(project.Id, proposal.Id);
    }
}
