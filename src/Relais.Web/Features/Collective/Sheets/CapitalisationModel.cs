using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective.Budget;
using Relais.Features.Collective.Outcomes;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sheets;

/// <summary>EF mapping of a project's budget, outcomes and practice sheets (migration 0014_collective_capitalisation), called by RelaisDbContext.</summary>
public static class CapitalisationModel
{
    public static readonly Type[] AuditedTypes =
    [
        typeof(ProjectFundingLine), typeof(ProjectExpense), typeof(ProjectIndicator), typeof(IndicatorMeasurement), typeof(PracticeSheet),
    ];

    public static void Configure(ModelBuilder b)
    {
        b.Entity<ProjectFundingLine>(e =>
        {
            e.ToTable("ProjectFundingLines");
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<PartnerOrganisation>().WithMany().HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.SetNull);
            e.Property(x => x.Requested).HasPrecision(12, 2);
            e.Property(x => x.Granted).HasPrecision(12, 2);
            e.Property(x => x.Received).HasPrecision(12, 2);
            e.HasIndex(x => x.ProjectId);
        });
        b.Entity<ProjectExpense>(e =>
        {
            e.ToTable("ProjectExpenses");
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Amount).HasPrecision(12, 2);
            e.HasIndex(x => new { x.ProjectId, x.SpentOn });
        });
        b.Entity<ProjectIndicator>(e =>
        {
            e.ToTable("ProjectIndicators");
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Target).HasPrecision(12, 2);
            e.HasIndex(x => x.ProjectId);
        });
        b.Entity<IndicatorMeasurement>(e =>
        {
            e.ToTable("IndicatorMeasurements");
            e.HasOne<ProjectIndicator>().WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Value).HasPrecision(12, 2);
            e.HasIndex(x => new { x.IndicatorId, x.MeasuredOn });
        });
        b.Entity<PracticeSheet>(e =>
        {
            e.ToTable("PracticeSheets");
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.ProjectId).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.Year });
            e.HasIndex(x => x.PublicToken).IsUnique();
        });
    }
}
