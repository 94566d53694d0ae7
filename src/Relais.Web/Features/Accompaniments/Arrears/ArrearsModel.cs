using Microsoft.EntityFrameworkCore;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Arrears;

/// <summary>The EF mapping of the arrears follow-up (migration 0009_accompaniment_arrears), called by RelaisDbContext.</summary>
public static class ArrearsModel
{
    /// <summary>Audited like every other change of a file (create, update, delete with field names).</summary>
    public static readonly Type[] AuditedTypes =
    [
        typeof(RepaymentPlan), typeof(RepaymentInstalment), typeof(FslRequest), typeof(OverIndebtednessFile), typeof(EvictionStep),
    ];

    public static void Configure(ModelBuilder b)
    {
        b.Entity<RepaymentPlan>(e =>
        {
            e.ToTable("RepaymentPlans");
            e.HasOne(x => x.Accompaniment).WithMany().HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
            // The detection run reads the active plans of the organisation.
            e.HasIndex(x => new { x.OrganisationId, x.Status });
            e.Property(x => x.TotalDebt).HasPrecision(12, 2);
        });
        b.Entity<RepaymentInstalment>(e =>
        {
            e.ToTable("RepaymentInstalments");
            e.HasOne(x => x.Plan).WithMany(p => p.Instalments).HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.PlanId, x.Number }).IsUnique();
            e.Property(x => x.Amount).HasPrecision(12, 2);
        });
        b.Entity<FslRequest>(e =>
        {
            e.ToTable("FslRequests");
            e.HasOne<Accompaniment>().WithMany().HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.AmountRequested).HasPrecision(12, 2);
            e.Property(x => x.AmountGranted).HasPrecision(12, 2);
        });
        b.Entity<OverIndebtednessFile>(e =>
        {
            e.ToTable("OverIndebtednessFiles");
            e.HasOne<Accompaniment>().WithMany().HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<EvictionStep>(e =>
        {
            e.ToTable("EvictionSteps");
            e.HasOne<Accompaniment>().WithMany().HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.AccompanimentId, x.On });
        });
    }

    extension(RelaisDbContext db)
    {
        public DbSet<RepaymentPlan> RepaymentPlans => db.Set<RepaymentPlan>();
        public DbSet<RepaymentInstalment> RepaymentInstalments => db.Set<RepaymentInstalment>();
        public DbSet<FslRequest> FslRequests => db.Set<FslRequest>();
        public DbSet<OverIndebtednessFile> OverIndebtednessFiles => db.Set<OverIndebtednessFile>();
        public DbSet<EvictionStep> EvictionSteps => db.Set<EvictionStep>();
    }
}

public static class ArrearsSetup
{
    public static IServiceCollection AddRelaisArrears(this IServiceCollection services)
    {
        services.AddScoped<ArrearsAccess>();
        services.AddScoped<IAccompanimentTimelineSource, ArrearsTimeline>();
        services.AddScoped<IAccompanimentDeadlineSource, ArrearsDeadlines>();
        services.AddScoped<ILedgerSignalRule, RepaymentPlanBrokenRule>();
        return services;
    }
}
