using Relais.Features.Signals;

namespace Relais.Tests.Signals;

/// <summary>Edge cases of the rules themselves (pure functions, no database).</summary>
public sealed class SignalRulesTests
{
    private static readonly RuleThresholds Defaults = RuleThresholds.From(new OutreachSettings());

    private static List<RaisedSignal> Evaluate(params (decimal Billed, decimal Paid, decimal Benefit, decimal Balance)[] months)
    {
        var last = new DateOnly(2026, 3, 1);
        var points = months.Select((m, i) => new LedgerPoint(last.AddMonths(i - months.Length + 1), m.Billed, m.Paid, m.Benefit, m.Balance)).ToArray();
        var raised = new List<RaisedSignal>();
        SignalRules.Evaluate(points, Defaults, raised);
        return raised;
    }

    [Fact]
    public void A_new_tenant_slipping_after_two_paid_months_is_a_first_unpaid_month_but_not_after_one()
    {
        var two = Assert.Single(Evaluate((500m, 500m, 0m, 0m), (500m, 500m, 0m, 0m), (500m, 200m, 0m, 300m)));
        Assert.Equal(SignalType.FirstUnpaidMonth, two.Type);
        Assert.Equal("Premier impayé en mars 2026, après au moins 2 mois sans impayé", two.PublicExplanation.Replace('\u00a0', ' '));
        Assert.Empty(Evaluate((500m, 500m, 0m, 0m), (500m, 200m, 0m, 300m)));
    }

    [Fact]
    public void A_missing_month_ends_what_the_rules_know_of_the_history()
    {
        var last = new DateOnly(2026, 3, 1);
        // Rising for three months, but December is missing: only January to March are known, two rises.
        LedgerPoint[] points =
        [
            new(last.AddMonths(-5), 440m, 0m, 0m, 100m), new(last.AddMonths(-4), 440m, 0m, 0m, 200m),
            new(last.AddMonths(-2), 440m, 0m, 0m, 300m), new(last.AddMonths(-1), 440m, 0m, 0m, 400m), new(last, 440m, 0m, 0m, 500m),
        ];
        var raised = new List<RaisedSignal>();
        SignalRules.Evaluate(points, Defaults, raised);
        Assert.DoesNotContain(raised, r => r.Type == SignalType.DebtRising);
    }

    [Fact]
    public void A_debt_above_the_threshold_for_the_whole_window_has_no_known_start()
    {
        var raised = Evaluate(Enumerable.Repeat((440m, 440m, 0m, 1000m), 6).ToArray());
        var debt = Assert.Single(raised);
        Assert.Equal((SignalType.DebtThreshold, SignalSeverity.Medium, (DateOnly?)null), (debt.Type, debt.Severity, debt.EpisodeStart));
        Assert.Equal("Dette de 1 000 € soit 2,2 mois de loyer", debt.Explanation.Replace('\u00a0', ' ').Replace('\u202f', ' '));
    }

    [Fact]
    public void Switched_off_rules_raise_nothing()
    {
        var off = new RuleThresholds(false, 0m, 0, false);
        LedgerPoint[] points = [.. Enumerable.Range(0, 6).Select(i => new LedgerPoint(new DateOnly(2025, 10, 1).AddMonths(i), 440m, 0m, i < 5 ? 200m : 0m, 300m * i))];
        var raised = new List<RaisedSignal>();
        SignalRules.Evaluate(points, off, raised);
        Assert.Empty(raised);
        SignalRules.Evaluate(points, Defaults, raised);
        Assert.Equal([SignalType.DebtThreshold, SignalType.DebtRising, SignalType.HousingBenefitStopped], raised.Select(r => r.Type));
    }
}
