using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Data;

/// <summary>An organisation's defaults are seeded on first use, possibly by several requests at the same moment.</summary>
public sealed class DefaultRowsTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Requests_seeding_the_same_catalogue_at_the_same_moment_all_get_it_once(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var rightsCount = Relais.Features.Accompaniments.RightsCatalogue.Defaults.Count;
        var themesCount = ProjectTheme.Defaults.Length;
        // The race is won or lost by timing: three new organisations, twelve requests each.
        for (var round = 0; round < 3; round++)
        {
            var world = await World.CreateAsync(app);
            await using (app.SystemScope(world.Id, out var before))
            {
                Assert.Equal(0, await before.RightKinds.CountAsync());
                Assert.Equal(0, await before.ProjectThemes.CountAsync());
            }

            async Task<(int Rights, int Themes)> SeedAsync()
            {
                await using var scope = app.SystemScope(world.Id, out var db);
                var rights = await Relais.Features.Accompaniments.RightsCatalogue.LoadAsync(db, CancellationToken.None);
                var themes = await Relais.Features.Collective.Projects.ThemeCatalogue.LoadAsync(db, CancellationToken.None);
                return (rights.Count, themes.Count);
            }

            var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(SeedAsync)));

            Assert.All(results, r => Assert.Equal((rightsCount, themesCount), r));
            await using var after = app.SystemScope(world.Id, out var db);
            Assert.Equal(rightsCount, await db.RightKinds.CountAsync());
            Assert.Equal(themesCount, await db.ProjectThemes.CountAsync());
        }
    }
}
