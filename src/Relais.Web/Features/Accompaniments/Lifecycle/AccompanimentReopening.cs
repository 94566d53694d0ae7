using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Lifecycle;

/// <summary>
/// A closed file opened again (by a Responsable or one of its referents), with the reason and the closure it undid:
/// reopening clears the closure fields of the file, so the previous outcome and dates are kept here. Audited (create).
/// </summary>
public sealed class AccompanimentReopening : IOrganisationOwned, IStamped
{
    public const int ReasonMaxLength = 1000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid AccompanimentId { get; set; }

    public DateOnly ReopenedOn { get; set; }
    public Guid? ByUserId { get; set; }

    [MaxLength(160)]
    public string ByName { get; set; } = "";

    [MaxLength(ReasonMaxLength)]
    public string Reason { get; set; } = "";

    public ClosureOutcome? PreviousOutcome { get; set; }
    public DateOnly? PreviousClosedOn { get; set; }
    public DateOnly? PreviousLastContactOn { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>EF mapping of the file's lifecycle (migration 0010_accompaniment_reopenings), called by RelaisDbContext.</summary>
public static class LifecycleModel
{
    public static readonly Type[] AuditedTypes = [typeof(AccompanimentReopening)];

    public static void Configure(ModelBuilder b)
    {
        b.Entity<AccompanimentReopening>(e =>
        {
            e.ToTable("AccompanimentReopenings");
            e.HasOne<Accompaniment>().WithMany().HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.AccompanimentId, x.ReopenedOn });
        });
    }

    extension(RelaisDbContext db)
    {
        public DbSet<AccompanimentReopening> AccompanimentReopenings => db.Set<AccompanimentReopening>();
    }
}
