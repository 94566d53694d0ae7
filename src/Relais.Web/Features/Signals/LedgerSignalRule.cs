namespace Relais.Features.Signals;

/// <summary>
/// A rule of the detection run that reads more than the ledger window of <see cref="SignalRules"/> — the repayment
/// plans of the accompaniments, for instance. The detector calls every registered rule after the ledger rules, in the
/// same unit of work and transaction, and inserts what they raise with the others: each signal must carry a
/// <see cref="Signal.RuleKey"/>, so that a second run (or a concurrent one) inserts nothing new for the same situation.
/// Register with <c>services.AddScoped&lt;ILedgerSignalRule, …&gt;()</c>.
/// </summary>
public interface ILedgerSignalRule
{
    /// <param name="referenceMonth">The latest month of the organisation's ledger.</param>
    /// <param name="settings">The organisation's thresholds.</param>
    /// <returns>New signals (the detector sets their organisation, source and instants).</returns>
    Task<IReadOnlyList<Signal>> DetectAsync(DateOnly referenceMonth, OutreachSettings settings, CancellationToken ct);
}
