using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Projects;

/// <summary>
/// The Responsable's list of themes: add, rename, deactivate, reorder. A theme used by a project is never deleted (the
/// project keeps it), only deactivated: it is no longer offered for new projects.
/// </summary>
public sealed class ThemesModel(RelaisDbContext db, TimeProvider clock) : PageModel
{
    public List<ProjectTheme> Themes { get; private set; } = [];
    public Dictionary<Guid, int> Uses { get; private set; } = [];

    [BindProperty] public string? NewName { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear();
        var name = Check().Text(nameof(NewName), NewName, "le nom du thème", ProjectTheme.NameMaxLength, required: true);
        if (name is not null && Themes.Any(t => string.Equals(t.Name, name, StringComparison.CurrentCultureIgnoreCase)))
        {
            ModelState.AddModelError(nameof(NewName), $"Le thème « {name} » existe déjà.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.ProjectThemes.Add(new ProjectTheme { Name = name!, SortOrder = Themes.Count == 0 ? 10 : Themes.Max(t => t.SortOrder) + 10 });
        return await SaveAsync($"Le thème « {name} » a été ajouté.", ct);
    }

    public async Task<IActionResult> OnPostRenameAsync(Guid themeId, string? name, CancellationToken ct)
    {
        await LoadAsync(ct);
        var theme = await db.ProjectThemes.FirstOrDefaultAsync(t => t.Id == themeId, ct);
        if (theme is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        var key = $"name-{themeId}";
        var text = Check().Text(key, name, "le nouveau nom", ProjectTheme.NameMaxLength, required: true);
        if (text is not null && Themes.Any(t => t.Id != themeId && string.Equals(t.Name, text, StringComparison.CurrentCultureIgnoreCase)))
        {
            ModelState.AddModelError(key, $"Le thème « {text} » existe déjà.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var old = theme.Name;
        theme.Name = text!;
        return await SaveAsync($"Le thème « {old} » s’appelle désormais « {text} ».", ct);
    }

    public async Task<IActionResult> OnPostToggleAsync(Guid themeId, CancellationToken ct)
    {
        var theme = await db.ProjectThemes.FirstOrDefaultAsync(t => t.Id == themeId, ct);
        if (theme is null)
        {
            return NotFound();
        }

        theme.IsActive = !theme.IsActive;
        return await SaveAsync(theme.IsActive ? $"« {theme.Name} » est de nouveau proposé." : $"« {theme.Name} » n’est plus proposé pour les nouveaux projets.", ct);
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid themeId, int delta, CancellationToken ct)
    {
        var themes = (await db.ProjectThemes.ToListAsync(ct)).OrderBy(t => t.SortOrder).ThenBy(t => t.Name, Users.FrenchText.Comparer).ToList();
        var index = themes.FindIndex(t => t.Id == themeId);
        if (index < 0)
        {
            return NotFound();
        }

        var target = index + Math.Sign(delta);
        if (target >= 0 && target < themes.Count)
        {
            (themes[index], themes[target]) = (themes[target], themes[index]);
            for (var i = 0; i < themes.Count; i++)
            {
                themes[i].SortOrder = (i + 1) * 10;
            }
        }

        return await SaveAsync("L’ordre des thèmes a été enregistré.", ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid themeId, CancellationToken ct)
    {
        var theme = await db.ProjectThemes.FirstOrDefaultAsync(t => t.Id == themeId, ct);
        if (theme is null)
        {
            return NotFound();
        }

        if (await db.Projects.AnyAsync(p => p.ThemeId == themeId, ct))
        {
            await LoadAsync(ct);
            ModelState.AddModelError("", $"Le thème « {theme.Name} » est utilisé par des projets : il ne peut pas être supprimé, seulement désactivé.");
            var page = Page();
            page.StatusCode = StatusCodes.Status409Conflict;
            return page;
        }

        db.ProjectThemes.Remove(theme);
        return await SaveAsync($"Le thème « {theme.Name} » a été supprimé.", ct);
    }

    private FormCheck Check() => new(ModelState, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));

    private async Task<IActionResult> SaveAsync(string message, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            ModelState.AddModelError("", "Ce changement n’a pas pu être enregistré : la liste a été modifiée entre-temps. Voici la liste à jour.");
            var page = Page();
            page.StatusCode = StatusCodes.Status409Conflict;
            return page;
        }

        TempData["Message"] = message;
        return Redirect("/Collective/Themes");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Themes = await ThemeCatalogue.LoadAsync(db, ct);
        Uses = await db.Projects.AsNoTracking().GroupBy(p => p.ThemeId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }
}
