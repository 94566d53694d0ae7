using Microsoft.EntityFrameworkCore;
using Relais.Features.Users;

namespace Relais.Features.Accompaniments;

/// <summary>The EF mapping of the accompaniment file (migration 0007_accompaniment_file), called by RelaisDbContext.</summary>
public static class AccompanimentFileModel
{
    /// <summary>The file's entities, audited like every other change (create, update, delete with field names).</summary>
    public static readonly Type[] AuditedTypes =
    [
        typeof(AccompanimentReferent), typeof(AccompanimentStrength), typeof(RightKind), typeof(AccompanimentRight),
        typeof(AccompanimentGoal), typeof(GoalReview), typeof(GoalAction), typeof(AccompanimentMeeting),
    ];

    public static void Configure(ModelBuilder b)
    {
        b.Entity<Accompaniment>(e =>
        {
            // The list of files by status, newest consent first; "mes échéances" by next review.
            e.HasIndex(x => new { x.OrganisationId, x.Status, x.ConsentDate });
        });
        b.Entity<AccompanimentReferent>(e =>
        {
            e.HasOne<Accompaniment>().WithMany(a => a.Referents).HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.AccompanimentId, x.UserId }).IsUnique();
            e.HasIndex(x => new { x.UserId, x.AccompanimentId });
        });
        b.Entity<AccompanimentStrength>(e =>
        {
            e.HasOne<Accompaniment>().WithMany(a => a.Strengths).HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RightKind>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.Name }).IsUnique();
        });
        b.Entity<AccompanimentRight>(e =>
        {
            e.HasOne<Accompaniment>().WithMany(a => a.Rights).HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.RightKind).WithMany().HasForeignKey(x => x.RightKindId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.AccompanimentId, x.RightKindId }).IsUnique();
        });
        b.Entity<AccompanimentGoal>(e =>
        {
            e.HasOne(x => x.Accompaniment).WithMany(a => a.Goals).HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<GoalReview>(e =>
        {
            e.HasOne<AccompanimentGoal>().WithMany(g => g.Reviews).HasForeignKey(x => x.GoalId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<GoalAction>(e =>
        {
            e.HasOne(x => x.Goal).WithMany(g => g.Actions).HasForeignKey(x => x.GoalId).OnDelete(DeleteBehavior.Cascade);
            // "Mes échéances" looks for the pending actions due by a date among a worker's goals: the key carries the
            // status and the due date, so that done actions are skipped in the index (it also serves the foreign key).
            e.HasIndex(x => new { x.GoalId, x.Status, x.DueOn });
        });
        b.Entity<AccompanimentMeeting>(e =>
        {
            e.HasOne<Accompaniment>().WithMany(a => a.Meetings).HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.AccompanimentId, x.HeldOn });
        });
    }
}
