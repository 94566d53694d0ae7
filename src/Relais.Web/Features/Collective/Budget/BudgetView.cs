using Microsoft.EntityFrameworkCore;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Budget;

/// <summary>A project's budget as the budget page and the project page's section show it.</summary>
public sealed record BudgetView(ProjectHeader Project, IReadOnlyList<BudgetView.Funding> Lines, IReadOnlyList<ProjectExpense> Expenses, BudgetTotals Totals)
{
    public sealed record Funding(ProjectFundingLine Line, string Funder);

    public static async Task<BudgetView?> LoadAsync(RelaisDbContext db, ProjectAccess access, Guid projectId, CancellationToken ct)
    {
        var header = await ProjectHeader.LoadAsync(access, projectId, ct);
        if (header is null)
        {
            return null;
        }

        var lines = await db.ProjectFundingLines.AsNoTracking().Where(l => l.ProjectId == projectId).OrderBy(l => l.CreatedAt).ToListAsync(ct);
        var partnerIds = lines.Where(l => l.PartnerOrganisationId != null).Select(l => l.PartnerOrganisationId!.Value).Distinct().ToList();
        var partners = partnerIds.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.PartnerOrganisations.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var expenses = await db.ProjectExpenses.AsNoTracking().Where(e => e.ProjectId == projectId)
            .OrderBy(e => e.SpentOn).ThenBy(e => e.CreatedAt).ToListAsync(ct);
        var funding = lines.Select(l => new Funding(l, FunderName(l, partners))).ToList();
        return new BudgetView(header, funding, expenses, BudgetTotals.Of(lines, expenses));
    }

    public static string FunderName(ProjectFundingLine line, IReadOnlyDictionary<Guid, string> partners) =>
        line.PartnerOrganisationId is { } id && partners.TryGetValue(id, out var name) ? name : line.Source;
}
