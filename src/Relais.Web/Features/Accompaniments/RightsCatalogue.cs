using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>
/// The rights every file checks, per organisation. The common ones are seeded the first time an organisation needs its
/// catalogue (organisations are created by the command line, the demo and the tests: seeding on first use covers them
/// all); the Responsable or the administrator adds others and retires those that do not apply.
/// </summary>
public static class RightsCatalogue
{
    public static readonly IReadOnlyList<(string Code, string Name, string Description)> Defaults =
    [
        ("APL", "APL", "Aide personnalisée au logement (CAF, MSA)."),
        ("RSA", "RSA", "Revenu de solidarité active."),
        ("PA", "Prime d’activité", "Complément de revenus d’activité (CAF, MSA)."),
        ("CSS", "Complémentaire santé solidaire", "CSS, gratuite ou avec participation selon les ressources."),
        ("CE", "Chèque énergie", "Aide au paiement des factures d’énergie, envoyée chaque année."),
        ("FSL", "FSL", "Fonds de solidarité pour le logement : accès, maintien (impayés), énergie, eau."),
        ("AAH", "AAH", "Allocation aux adultes handicapés."),
    ];

    /// <summary>The organisation's rights in their display order, seeding the defaults when it has none yet.</summary>
    public static async Task<List<RightKind>> LoadAsync(RelaisDbContext db, CancellationToken ct)
    {
        var rights = await db.RightKinds.AsNoTracking().ToListAsync(ct);
        if (rights.Count == 0)
        {
            await SeedAsync(db, ct);
            rights = await db.RightKinds.AsNoTracking().ToListAsync(ct);
        }

        return InOrder(rights, r => r);
    }

    /// <summary>The display order of the catalogue, for rights or for lines that carry one.</summary>
    public static List<T> InOrder<T>(IEnumerable<T> items, Func<T, RightKind> kind) =>
        items.OrderBy(i => kind(i).SortOrder).ThenBy(i => kind(i).Name, Users.FrenchText.Comparer).ToList();

    private static Task SeedAsync(RelaisDbContext db, CancellationToken ct) => DefaultRows.SeedAsync(db, () =>
    {
        var order = 0;
        return Defaults.Select(d => new RightKind { Code = d.Code, Name = d.Name, Description = d.Description, SortOrder = order += 10 }).ToList();
    }, ct);
}
