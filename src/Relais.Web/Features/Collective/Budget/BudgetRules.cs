using System.Globalization;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Arrears;

namespace Relais.Features.Collective.Budget;

/// <summary>Amounts of a project's budget: French input ("1 250,50"), checks and totals.</summary>
public static class BudgetRules
{
    /// <summary>Above this, an amount is taken for a typing mistake (a collective project is not a building site).</summary>
    public const decimal MaxAmount = 10_000_000m;

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>"1 250,50 €".</summary>
    public static string Euros(decimal amount) => ArrearsRules.Euros(amount);

    /// <summary>An amount as a form shows it back: 1250.5 → "1250,50".</summary>
    public static string Input(decimal? amount) => amount is { } a ? ArrearsRules.Input(a) : "";

    /// <summary>An amount in euros (zero allowed unless <paramref name="positive"/>), null when empty or wrong (with its French message).</summary>
    public static decimal? Euros(this FormCheck check, string key, string? value, string label, bool required, bool positive = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                check.Fail(key, $"Indiquez {label}.");
            }

            return null;
        }

        var amount = ArrearsRules.ParseAmount(value);
        if (amount is not { } a)
        {
            check.Fail(key, $"« {value.Trim()} » n’est pas un montant : écrivez par exemple 1 250 ou 1 250,50.");
            return null;
        }

        if (a < 0)
        {
            check.Fail(key, $"{FormCheck.Capital(label)} ne peut pas être négatif.");
            return null;
        }

        if (positive && a == 0)
        {
            check.Fail(key, $"{FormCheck.Capital(label)} doit être supérieur à zéro.");
            return null;
        }

        if (a > MaxAmount)
        {
            check.Fail(key, $"{FormCheck.Capital(label)} dépasse {Euros(MaxAmount)} : vérifiez le montant.");
            return null;
        }

        if (decimal.Round(a, 2) != a)
        {
            check.Fail(key, $"{FormCheck.Capital(label)} s’écrit avec deux décimales au plus (les centimes).");
            return null;
        }

        return a;
    }

    /// <summary>A number (an indicator's value or target): French decimal comma, spaces, sign allowed only when <paramref name="negative"/>.</summary>
    public static decimal? Number(this FormCheck check, string key, string? value, string label, bool required, bool negative = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                check.Fail(key, $"Indiquez {label}.");
            }

            return null;
        }

        var number = ArrearsRules.ParseAmount(value);
        if (number is not { } n)
        {
            check.Fail(key, $"« {value.Trim()} » n’est pas un nombre : écrivez par exemple 12 ou 1 250,5.");
            return null;
        }

        if (!negative && n < 0)
        {
            check.Fail(key, $"{FormCheck.Capital(label)} ne peut pas être négatif.");
            return null;
        }

        if (Math.Abs(n) > MaxAmount || decimal.Round(n, 2) != n)
        {
            check.Fail(key, $"{FormCheck.Capital(label)} doit rester inférieur à {MaxAmount.ToString("#,##0", French)}, avec deux décimales au plus.");
            return null;
        }

        return n;
    }

    /// <summary>A number as a page shows it: "12", "1 250,5".</summary>
    public static string Number(decimal value) => value.ToString("#,##0.##", French);
}

/// <summary>A project's funding and spending, and its balances.</summary>
public sealed record BudgetTotals(decimal Requested, decimal Granted, decimal Received, decimal Spent)
{
    /// <summary>Received − spent: what is left in hand.</summary>
    public decimal BalanceReceived => Received - Spent;

    /// <summary>Granted − spent: what is left once every grant is paid.</summary>
    public decimal BalanceGranted => Granted - Spent;

    public static BudgetTotals Of(IEnumerable<ProjectFundingLine> lines, IEnumerable<ProjectExpense> expenses)
    {
        var l = lines.ToList();
        return new BudgetTotals(
            l.Sum(x => x.Requested ?? 0),
            l.Where(x => x.Status != FundingStatus.Refused).Sum(x => x.Granted ?? 0),
            l.Sum(x => x.Received ?? 0),
            expenses.Sum(x => x.Amount));
    }
}
