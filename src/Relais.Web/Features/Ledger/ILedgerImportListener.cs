namespace Relais.Features.Ledger;

/// <summary>
/// Told when a ledger file has been imported and committed (e.g. the signal detection runs then).
/// Called after the import's transaction: a listener that fails does not undo the import; its failure is
/// reported in the import's report.
/// </summary>
public interface ILedgerImportListener
{
    Task LedgerImportedAsync(LedgerImportedEvent imported, CancellationToken ct);
}

/// <summary>The months and households a committed import touched.</summary>
public sealed record LedgerImportedEvent(Guid OrganisationId, Guid ImportId, DateOnly FirstMonth, DateOnly LastMonth, IReadOnlyCollection<Guid> HouseholdIds);
