using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Households;
using Relais.Features.Housing;
using Relais.Features.Partners;
using Relais.Features.Users;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective;

/// <summary>EF mapping of collective action (migration 0011_collective), called by RelaisDbContext.</summary>
public static class CollectiveModel
{
    public static readonly Type[] AuditedTypes =
    [
        typeof(ProjectTheme), typeof(Project), typeof(ProjectTerritory), typeof(ProjectMember), typeof(ProjectSession),
        typeof(SessionAttendance),
    ];

    public static void Configure(ModelBuilder b)
    {
        b.Entity<ProjectTheme>(e =>
        {
            e.ToTable("ProjectThemes");
            e.HasIndex(x => new { x.OrganisationId, x.Name }).IsUnique();
        });
        b.Entity<Project>(e =>
        {
            e.ToTable("Projects");
            e.HasOne(x => x.Theme).WithMany().HasForeignKey(x => x.ThemeId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.OrganisationId, x.Status });
            e.HasIndex(x => x.CalendarFeedToken).IsUnique();
        });
        b.Entity<ProjectTerritory>(e =>
        {
            e.ToTable("ProjectTerritories");
            e.HasOne<Project>().WithMany(p => p.Territory).HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Residence>().WithMany().HasForeignKey(x => x.ResidenceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Building>().WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Cascade);
            // "The open projects of my residence", and the territory view.
            e.HasIndex(x => new { x.OrganisationId, x.ResidenceId });
            e.HasIndex(x => new { x.OrganisationId, x.CommuneCode });
        });
        b.Entity<ProjectMember>(e =>
        {
            e.ToTable("ProjectMembers");
            e.HasOne<Project>().WithMany(p => p.Members).HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<PartnerOrganisation>().WithMany().HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Accompaniment>().WithMany().HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(x => new { x.ProjectId, x.Kind });
        });
        b.Entity<ProjectSession>(e =>
        {
            e.ToTable("ProjectSessions");
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ProjectId, x.StartsAt });
        });
        b.Entity<SessionAttendance>(e =>
        {
            e.ToTable("SessionAttendances");
            e.HasKey(x => new { x.SessionId, x.MemberId });
            e.HasOne<ProjectSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ProjectMember>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    extension(RelaisDbContext db)
    {
        public DbSet<ProjectTheme> ProjectThemes => db.Set<ProjectTheme>();
        public DbSet<Project> Projects => db.Set<Project>();
        public DbSet<ProjectTerritory> ProjectTerritories => db.Set<ProjectTerritory>();
        public DbSet<ProjectMember> ProjectMembers => db.Set<ProjectMember>();
        public DbSet<ProjectSession> ProjectSessions => db.Set<ProjectSession>();
        public DbSet<SessionAttendance> SessionAttendances => db.Set<SessionAttendance>();
    }
}
