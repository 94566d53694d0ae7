using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Relais.Infrastructure.Data;

/// <summary>An organisation's default rows (rights catalogue, project themes), seeded the first time they are needed.</summary>
public static class DefaultRows
{
    /// <summary>
    /// Saves <paramref name="make"/>'s rows unless the organisation already has rows of that kind. Several requests may
    /// ask at the same moment (an organisation's first files read together): they take turns, in a transaction holding a
    /// lock on (organisation, kind of rows) on PostgreSQL, SQLite's write lock otherwise, and each checks again once it
    /// has the lock. Without the lock their inserts could deadlock in PostgreSQL (each holding a row the other inserts)
    /// and a request found no rows at all.
    /// </summary>
    public static async Task SeedAsync<T>(RelaisDbContext db, Func<List<T>> make, CancellationToken ct)
        where T : class
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            if (db.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [LockKey(typeof(T), db.CurrentOrganisationId)], ct);
            }

            if (!await db.Set<T>().AnyAsync(ct))
            {
                db.Set<T>().AddRange(make());
                await db.SaveChangesAsync(ct);
            }

            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>The same key in every app process: the first 8 bytes of SHA-256("defaults:{kind}:{organisation}").</summary>
    private static long LockKey(Type kind, Guid organisationId) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"defaults:{kind.Name}:{organisationId:N}")), 0);
}
