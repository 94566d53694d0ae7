using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Housing;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Projects;

/// <summary>EF mapping of milestones, join requests and residents' proposals (migration 0013_collective_projects).</summary>
public static class ProjectsModel
{
    public static readonly Type[] AuditedTypes = [typeof(ProjectMilestone), typeof(ProjectJoinRequest), typeof(ResidentProposal)];

    public static void Configure(ModelBuilder b)
    {
        b.Entity<ProjectMilestone>(e =>
        {
            e.ToTable("ProjectMilestones");
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ProjectId, x.DueOn });
        });
        b.Entity<ProjectJoinRequest>(e =>
        {
            e.ToTable("ProjectJoinRequests");
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ProjectId, x.Status });
        });
        b.Entity<ResidentProposal>(e =>
        {
            e.ToTable("ResidentProposals");
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Residence>().WithMany().HasForeignKey(x => x.ResidenceId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(x => new { x.OrganisationId, x.Status });
        });
    }

    extension(RelaisDbContext db)
    {
        public DbSet<ProjectMilestone> ProjectMilestones => db.Set<ProjectMilestone>();
        public DbSet<ProjectJoinRequest> ProjectJoinRequests => db.Set<ProjectJoinRequest>();
        public DbSet<ResidentProposal> ResidentProposals => db.Set<ResidentProposal>();
    }
}
