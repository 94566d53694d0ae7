using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Projects;

/// <summary>
/// The organisation's themes of projects. The defaults (<see cref="ProjectTheme.Defaults"/>) are seeded the first time an
/// organisation needs its list, like the rights catalogue: organisations are created by the command line, the demo and
/// the tests, and those that existed before collective action get them on first use too.
/// </summary>
public static class ThemeCatalogue
{
    /// <summary>All the organisation's themes (active or not) in their display order, seeding the defaults when it has none.</summary>
    public static async Task<List<ProjectTheme>> LoadAsync(RelaisDbContext db, CancellationToken ct)
    {
        var themes = await db.ProjectThemes.AsNoTracking().ToListAsync(ct);
        if (themes.Count == 0)
        {
            await SeedAsync(db, ct);
            themes = await db.ProjectThemes.AsNoTracking().ToListAsync(ct);
        }

        return themes.OrderBy(t => t.SortOrder).ThenBy(t => t.Name, Users.FrenchText.Comparer).ToList();
    }

    /// <summary>The id of one of the organisation's themes by its name (the defaults seeded first): for demo data.</summary>
    public static async Task<Guid> IdOfAsync(RelaisDbContext db, string name, CancellationToken ct) =>
        (await LoadAsync(db, ct)).FirstOrDefault(t => t.Name == name)?.Id
            ?? throw new InvalidOperationException($"The organisation has no theme named « {name} ».");

    public static async Task SeedAsync(RelaisDbContext db, CancellationToken ct)
    {
        if (await db.ProjectThemes.AnyAsync(ct))
        {
            return;
        }

        await DefaultRows.SeedAsync(db, () =>
        {
            var order = 0;
            return ProjectTheme.Defaults.Select(name => new ProjectTheme { Name = name, SortOrder = order += 10 }).ToList();
        }, ct);
    }
}
