using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Data;

/// <summary>Migration 0005 fills the search words of the households that existed before it, as the app computes them.</summary>
public sealed class SearchTermsMigrationTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Upgrading_fills_the_search_words_of_existing_households(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider, migrate: false);
        var orgId = Guid.NewGuid();
        var longWord = new string('w', 70);
        var households = new (Guid Id, string Reference, string SearchKey, string SortName)[]
        {
            (Guid.NewGuid(), "LOC-000123", "loc 000123 benoit lefevre zoe lefevre lgt 000045 12 rue jean jaures batiment a residence les tilleuls lhay les roses 94240", "lefevre benoit loc 000123"),
            (Guid.NewGuid(), "LOC-000124", $"loc 000124 chloe ndiaye {longWord}", "ndiaye chloe loc 000124"),
            (Guid.NewGuid(), "LOC-000125", "loc 000125", "loc 000125"),
        };
        await using (var scope = app.SystemScope(null, out var db))
        {
            var migrator = scope.ServiceProvider.GetRequiredService<SchemaMigrator>();
            await migrator.MigrateAsync(targetVersion: 4);

            // Households written by version 4 of the schema, before the search words existed.
            var sqlite = provider == DatabaseProvider.Sqlite;
            object Id(Guid g) => sqlite ? g.ToString().ToUpperInvariant() : g;
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = """INSERT INTO "Organisations" ("Id", "Name", "CommuneCode", "IsDemo", "Version", "CreatedAt", "UpdatedAt", "RequireTwoFactorForSocialRoles") VALUES (@id, 'Office d''avant', '94038', @f, 0, @t, @t, @f)""";
                Add(cmd, "@id", Id(orgId));
                Add(cmd, "@f", sqlite ? 0 : false);
                Add(cmd, "@t", sqlite ? 0L : DateTimeOffset.UtcNow);
                await cmd.ExecuteNonQueryAsync();
            }

            foreach (var h in households)
            {
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = """
                    INSERT INTO "Households" ("Id", "OrganisationId", "TenantReference", "SearchKey", "SortName", "Version", "CreatedAt", "UpdatedAt")
                    VALUES (@id, @org, @ref, @key, @sort, 0, @t, @t)
                    """;
                Add(cmd, "@id", Id(h.Id));
                Add(cmd, "@org", Id(orgId));
                Add(cmd, "@ref", h.Reference);
                Add(cmd, "@key", h.SearchKey);
                Add(cmd, "@sort", h.SortName);
                Add(cmd, "@t", sqlite ? 0L : DateTimeOffset.UtcNow);
                await cmd.ExecuteNonQueryAsync();
            }

            await connection.CloseAsync();
            Assert.Contains("0005_search_terms", await migrator.MigrateAsync());
        }

        await using (var scope = app.SystemScope(orgId, out var db))
        {
            foreach (var h in households)
            {
                var stored = await db.HouseholdSearchTerms.AsNoTracking().Where(t => t.HouseholdId == h.Id).ToListAsync();
                Assert.Equal(HouseholdSearchTerms.FromKey(h.SearchKey).Order(StringComparer.Ordinal), stored.Select(t => t.Term).Order(StringComparer.Ordinal));
                Assert.All(stored, t => Assert.Equal((orgId, h.SortName), (t.OrganisationId, t.SortName)));
            }

            Assert.DoesNotContain(await db.HouseholdSearchTerms.Select(t => t.Term).ToListAsync(), t => t is "batiment" or "residence");
            Assert.Contains(new string('w', 64), await db.HouseholdSearchTerms.Select(t => t.Term).ToListAsync());

            var all = new HouseholdScope(true, [], null);
            async Task<List<Guid>> Find(string q)
            {
                var result = await HouseholdSearch.SearchAsync(db, all, q, CancellationToken.None);
                return await result.Page(1, 20).Select(h => h.Id).ToListAsync();
            }

            Assert.Equal([households[0].Id], await Find("benoit lhay"));
            Assert.Equal([households[0].Id], await Find("jaur tilleul"));
            Assert.Equal([households[1].Id], await Find("LOC-000124"));
            Assert.Equal([households[1].Id], await Find(new string('w', 80)));
            Assert.Equal([households[0].Id, households[2].Id, households[1].Id], await Find("loc")); // by sort name
        }
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
