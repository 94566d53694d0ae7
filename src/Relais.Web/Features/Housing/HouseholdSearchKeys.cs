using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;

namespace Relais.Features.Housing;

/// <summary>
/// A household's search key (and its search terms, <see cref="HouseholdSearchTerm"/>) holds its address (dwelling
/// reference, street, building, residence, commune). <see cref="RelaisDbContext"/> refreshes them when the household
/// or its members change; when the address itself changes, the housing pages save through <see cref="SaveAsync"/>
/// so that the households living there are still found by their new address.
/// </summary>
public static class HouseholdSearchKeys
{
    /// <summary>Saves, then recomputes the keys and terms of the <paramref name="affected"/> households, in one transaction.</summary>
    public static async Task SaveAsync(RelaisDbContext db, bool addressChanged, Expression<Func<Household, bool>> affected, CancellationToken ct)
    {
        if (!addressChanged)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var households = await db.Households.AsNoTracking().Where(affected)
            .Include(h => h.Members)
            .Include(h => h.Dwelling!).ThenInclude(d => d.Building!).ThenInclude(b => b.Residence)
            .AsSplitQuery()
            .ToListAsync(ct);
        var termChanges = new List<HouseholdSearchTerms.Change>();
        foreach (var h in households)
        {
            var key = h.ComputeSearchKey();
            var sortName = h.ComputeSortName();
            if (key != h.SearchKey || sortName != h.SortName)
            {
                // Derived columns only: no new version (no false edit conflict) and nothing worth auditing.
                await db.Households.Where(x => x.Id == h.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.SearchKey, key).SetProperty(x => x.SortName, sortName), ct);
                termChanges.Add(new(h.OrganisationId, h.Id, key, sortName, IsNew: false));
            }
        }

        if (termChanges.Count > 0)
        {
            // The search words of these households (not audited either), in the same transaction.
            await HouseholdSearchTerms.StageAsync(db, termChanges, ct);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }
}
