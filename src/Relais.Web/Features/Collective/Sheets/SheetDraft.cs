using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Collective.Budget;
using Relais.Features.Collective.Outcomes;
using Relais.Features.Communes;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Text;
using Relais.Infrastructure.Web;

namespace Relais.Features.Collective.Sheets;

/// <summary>
/// The draft practice sheet written when a project is closed, from what Relais knows of it: context (objectives,
/// territory, theme, the seminar's template), what was done (sessions held), partners, cost (expenses, funding), results
/// (indicators' latest values). Lessons and what to reuse are left to the team.
/// </summary>
public static class SheetDraft
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static async Task<PracticeSheet> BuildAsync(RelaisDbContext db, CommuneDirectory communes, Project project, DateTimeOffset now, CancellationToken ct)
    {
        var id = project.Id;
        var theme = await db.ProjectThemes.Where(t => t.Id == project.ThemeId).Select(t => t.Name).FirstOrDefaultAsync(ct) ?? "";

        // Context.
        var territory = await db.ProjectTerritories.AsNoTracking().Where(t => t.ProjectId == id).ToListAsync(ct);
        var residenceIds = territory.Where(t => t.ResidenceId != null).Select(t => t.ResidenceId!.Value).ToList();
        var buildingIds = territory.Where(t => t.BuildingId != null).Select(t => t.BuildingId!.Value).ToList();
        var places = new List<string>();
        places.AddRange(await db.Residences.Where(r => residenceIds.Contains(r.Id)).Select(r => r.Name + " (" + r.CommuneName + ")").ToListAsync(ct));
        places.AddRange(await db.Buildings.Where(b => buildingIds.Contains(b.Id)).Select(b => b.Name + ", " + b.Residence!.Name).ToListAsync(ct));
        places.AddRange(territory.Where(t => t.CommuneCode != null).Select(t => communes.Find(t.CommuneCode)?.Name ?? t.CommuneCode!));
        var context = new StringBuilder();
        context.AppendLine($"- **Thème** : {theme}");
        context.AppendLine($"- **Origine** : {project.Origin.Label()}");
        if (places.Count > 0)
        {
            context.AppendLine($"- **Territoire** : {string.Join(", ", places)}");
        }

        if (project.StartsOn is { } start)
        {
            context.AppendLine($"- **Période** : du {FileFormat.Date(start)} au {FileFormat.Date(project.ClosedOn ?? project.EndsOn ?? DateOnly.FromDateTime(now.Date))}");
        }

        context.AppendLine($"- **Rôle de la fonction sociale** : {project.ActionMode.Label()}");
        Paragraph(context, "Objectifs", project.Objectives);
        Paragraph(context, "Mode d’action", project.ActionModeDetails);
        Paragraph(context, "Investissement des habitants", project.ResidentInvolvement);
        Paragraph(context, "Pistes de financement", project.FundingLeads);

        // What was done.
        var sessions = await db.ProjectSessions.AsNoTracking().Where(s => s.ProjectId == id && !s.Cancelled && s.StartsAt <= now)
            .OrderBy(s => s.StartsAt).Select(s => new { s.Title, s.StartsAt }).ToListAsync(ct);
        var computed = await OutcomeRules.ComputeAsync(db, id, now, ct);
        var done = new StringBuilder();
        done.AppendLine($"{computed[IndicatorComputation.SessionsHeld].ToString(French)} séance(s) tenue(s) avec prise des présences, " +
                        $"{computed[IndicatorComputation.Participants].ToString(French)} habitant(s) présent(s) au moins une fois, " +
                        $"{computed[IndicatorComputation.ResidentCarriers].ToString(French)} habitant(s) porteur(s).");
        if (sessions.Count > 0)
        {
            done.AppendLine();
            foreach (var s in sessions.Take(30))
            {
                done.AppendLine($"- {FileFormat.Date(DateOnly.FromDateTime(s.StartsAt.ToLocalTime().Date))} : {s.Title}");
            }

            if (sessions.Count > 30)
            {
                done.AppendLine($"- … et {sessions.Count - 30} autre(s) séance(s)");
            }
        }

        // Partners and funders.
        var partnerIds = await db.ProjectMembers.Where(m => m.ProjectId == id && m.Kind == MemberKind.Partner && m.PartnerOrganisationId != null)
            .Select(m => m.PartnerOrganisationId!.Value).Distinct().ToListAsync(ct);
        var budget = await db.ProjectFundingLines.AsNoTracking().Where(l => l.ProjectId == id).OrderBy(l => l.CreatedAt).ToListAsync(ct);
        var allPartnerIds = partnerIds.Concat(budget.Where(l => l.PartnerOrganisationId != null).Select(l => l.PartnerOrganisationId!.Value)).Distinct().ToList();
        var partnerNames = await db.PartnerOrganisations.AsNoTracking().Where(p => allPartnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var partners = new StringBuilder();
        foreach (var pid in partnerIds)
        {
            partners.AppendLine($"- {partnerNames.GetValueOrDefault(pid, "")}");
        }

        foreach (var funder in budget.Where(l => l.Status != FundingStatus.Refused).Select(l => BudgetView.FunderName(l, partnerNames)).Distinct())
        {
            partners.AppendLine($"- {funder} (financeur)");
        }

        // Cost.
        var expenses = await db.ProjectExpenses.AsNoTracking().Where(e => e.ProjectId == id).ToListAsync(ct);
        var totals = BudgetTotals.Of(budget, expenses);
        var cost = new StringBuilder();
        cost.AppendLine($"Dépenses : **{BudgetRules.Euros(totals.Spent)}**.");
        if (expenses.Count > 0)
        {
            cost.AppendLine();
            foreach (var g in expenses.GroupBy(e => e.Category).OrderByDescending(g => g.Sum(e => e.Amount)))
            {
                cost.AppendLine($"- {g.Key.Label()} : {BudgetRules.Euros(g.Sum(e => e.Amount))}");
            }
        }

        if (budget.Count > 0)
        {
            cost.AppendLine().AppendLine($"Financements : {BudgetRules.Euros(totals.Granted)} accordés, {BudgetRules.Euros(totals.Received)} versés.").AppendLine();
            foreach (var l in budget)
            {
                cost.AppendLine($"- {BudgetView.FunderName(l, partnerNames)} : {l.Status.Label().ToLowerInvariant()}" +
                                (l.Granted is { } g ? $", {BudgetRules.Euros(g)} accordés" : "") +
                                (l.Received is { } r ? $", {BudgetRules.Euros(r)} versés" : ""));
            }
        }

        // Results.
        var indicators = await db.ProjectIndicators.AsNoTracking().Where(i => i.ProjectId == id).OrderBy(i => i.CreatedAt).ToListAsync(ct);
        var results = new StringBuilder();
        foreach (var i in indicators)
        {
            var latest = await db.IndicatorMeasurements.AsNoTracking().Where(m => m.IndicatorId == i.Id)
                .OrderByDescending(m => m.MeasuredOn).ThenByDescending(m => m.CreatedAt).FirstOrDefaultAsync(ct);
            var line = $"- **{i.Name}** : ";
            line += latest is null ? "non mesuré" : $"{OutcomeRules.Value(latest.Value, i.Unit)} au {FileFormat.Date(latest.MeasuredOn)}";
            if (i.Target is { } t)
            {
                line += $" (cible {OutcomeRules.Value(t, i.Unit)})";
            }

            if (computed.TryGetValue(i.Computation, out var c))
            {
                line += $" ; calculé à la clôture : {OutcomeRules.Value(c, i.Unit)}";
            }

            results.AppendLine(line);
        }

        var sheet = new PracticeSheet
        {
            OrganisationId = project.OrganisationId,
            ProjectId = id,
            Title = project.Title,
            Theme = theme,
            Year = (project.ClosedOn ?? DateOnly.FromDateTime(now.Date)).Year,
            Status = SheetStatus.Draft,
            Context = Cut(context.ToString()),
            WhatWasDone = Cut(done.ToString()),
            Partners = Cut(partners.ToString()),
            Cost = Cut(cost.ToString()),
            Results = Cut(results.ToString()),
        };
        sheet.SearchKey = KeyOf(sheet);
        return sheet;
    }

    /// <summary>The folded words of a sheet, between spaces, so that " word" finds the words starting with it.</summary>
    public static string KeyOf(PracticeSheet sheet) =>
        " " + SearchText.Fold(string.Join(' ', [sheet.Title, sheet.Theme, .. sheet.Sections().Select(s => s.Text)])) + " ";

    private static void Paragraph(StringBuilder text, string heading, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            text.AppendLine().AppendLine($"**{heading}** : {value.Trim()}");
        }
    }

    private static string Cut(string text)
    {
        var t = text.Trim();
        return t.Length <= PracticeSheet.SectionMaxLength ? t : t[..(PracticeSheet.SectionMaxLength - 1)] + "…";
    }
}
