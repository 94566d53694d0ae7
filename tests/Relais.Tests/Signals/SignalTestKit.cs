using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Households;
using Relais.Features.Housing;
using Relais.Features.Ledger;
using Relais.Features.Signals;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Signals;

/// <summary>One month of a crafted ledger: billed, paid, housing benefit, balance at the end of the month.</summary>
public readonly record struct Month(decimal Billed, decimal Paid, decimal Benefit, decimal Balance)
{
    /// <summary>A clean month: rent paid in full (with the given benefit), nothing owed.</summary>
    public static Month Clean(decimal billed = 620m, decimal benefit = 0m) => new(billed, billed - benefit, benefit, 0m);

    /// <summary>A month that ends with <paramref name="balance"/> owed.</summary>
    public static Month Owing(decimal balance, decimal billed = 440m, decimal benefit = 0m) => new(billed, 0m, benefit, balance);
}

public static class SignalTestKit
{
    /// <summary>The reference month of the crafted ledgers: their last month.</summary>
    public static readonly DateOnly March2026 = new(2026, 3, 1);

    /// <summary>Writes <paramref name="months"/> so that the last one is <paramref name="last"/> (March 2026 by default).</summary>
    public static async Task AddLedgerAsync(World w, Guid householdId, IReadOnlyList<Month> months, DateOnly? last = null)
    {
        var end = last ?? March2026;
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var import = Guid.NewGuid();
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            db.RentLedgerLines.Add(new RentLedgerLine
            {
                OrganisationId = w.Id,
                HouseholdId = householdId,
                DwellingReference = "LGT",
                Month = end.AddMonths(i - months.Count + 1),
                Billed = m.Billed,
                Paid = m.Paid,
                HousingBenefit = m.Benefit,
                Balance = m.Balance,
                ImportId = import,
            });
        }

        // As the importer does: the import that brought these months (the detector reads the ledger's last month from it).
        db.LedgerImports.Add(new LedgerImport
        {
            Id = import,
            OrganisationId = w.Id,
            FileName = "crafted.csv",
            Status = LedgerImportStatus.Succeeded,
            StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow,
            LinesRead = months.Count,
            LinesImported = months.Count,
            FirstMonth = end.AddMonths(1 - months.Count),
            LastMonth = end,
        });
        await db.SaveChangesAsync();
    }

    public static async Task<DetectionResult> DetectAsync(World w)
    {
        await using var scope = w.App.SystemScope(w.Id, out _);
        return await scope.ServiceProvider.GetRequiredService<SignalDetector>().DetectAsync(w.Id, CancellationToken.None);
    }

    public static async Task<List<Signal>> SignalsAsync(World w, Guid? householdId = null)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        return await db.Signals.AsNoTracking()
            .Where(s => householdId == null || s.HouseholdId == householdId)
            .OrderBy(s => s.Type).ThenBy(s => s.DetectedAt)
            .ToListAsync();
    }

    /// <summary>A new household with its lease holder, in a new dwelling of the North building (or of the South residence).</summary>
    public static async Task<Household> NewHouseholdAsync(World w, string lastName, bool south = false)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var tag = Guid.NewGuid().ToString("N")[..6];
        Guid buildingId;
        if (south)
        {
            buildingId = await db.Buildings.Where(b => b.ResidenceId == w.SouthResidence.Id).Select(b => b.Id).FirstAsync();
        }
        else
        {
            buildingId = w.NorthBuilding.Id;
        }

        var dwelling = new Dwelling { Reference = $"LGT-{tag}", BuildingId = buildingId, Staircase = "1", Floor = 1, Door = tag[..3], OrganisationId = w.Id };
        var household = new Household { TenantReference = $"LOC-{tag}", Dwelling = dwelling, OrganisationId = w.Id };
        household.Members.Add(new Person { FirstName = "Rose", LastName = lastName, Role = HouseholdRole.LeaseHolder, OrganisationId = w.Id });
        db.Households.Add(household);
        await db.SaveChangesAsync();
        return household;
    }

    /// <summary>A signal written directly (a report), for tests about the list, the detail page and access.</summary>
    public static async Task<Signal> AddSignalAsync(World w, Guid householdId, Action<Signal>? customise = null)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var signal = new Signal
        {
            OrganisationId = w.Id,
            HouseholdId = householdId,
            Source = SignalSource.Staff,
            Type = SignalType.Letterbox,
            Severity = SignalSeverity.Medium,
            Status = SignalStatus.New,
            Explanation = "Boîte aux lettres pleine : signalement de l’équipe",
            PublicExplanation = "Boîte aux lettres pleine : signalement de l’équipe",
            DetectedAt = DateTimeOffset.UtcNow,
        };
        customise?.Invoke(signal);
        db.Signals.Add(signal);
        await db.SaveChangesAsync();
        return signal;
    }

    /// <summary>French typography uses non-breaking spaces inside figures; tests compare with plain spaces.</summary>
    public static string Plain(this string text) => text.Replace('\u00a0', ' ').Replace('\u202f', ' ');

    public static Month[] Repeat(int count, Month month) => Enumerable.Repeat(month, count).ToArray();
}
