using Microsoft.EntityFrameworkCore;

namespace Relais.Infrastructure.Data;

/// <summary>An organisation's default rows (rights catalogue, project themes), seeded the first time they are needed.</summary>
public static class DefaultRows
{
    /// <summary>
    /// Saves <paramref name="make"/>'s rows unless another request saves the same ones at the same moment. The unique
    /// index refuses the second request once the first has committed; or PostgreSQL breaks a deadlock between the two
    /// batches (each holding a row the other inserts) before either committed. So a refused request tries once more: its
    /// second insert waits for the first request's commit, then is refused, and the rows are there either way.
    /// </summary>
    public static async Task SeedAsync<T>(RelaisDbContext db, Func<List<T>> make, CancellationToken ct)
        where T : class
    {
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var rows = make();
            db.Set<T>().AddRange(rows);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (Exception e) when (e is DbUpdateException || e.InnerException is DbUpdateException)
            {
                foreach (var row in rows)
                {
                    db.Entry(row).State = EntityState.Detached;
                }
            }
        }
    }
}
