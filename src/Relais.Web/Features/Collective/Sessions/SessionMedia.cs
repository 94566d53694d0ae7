using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sessions;

/// <summary>
/// A photo or document of a session, stored like accompaniment documents (outside the web root, named by a generated
/// id, type checked by its first bytes). The members shown on it are recorded with the day each one consented; it is
/// shown only while none of them has withdrawn that consent.
/// </summary>
public sealed class SessionMedia : IOrganisationOwned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid SessionId { get; set; }

    [MaxLength(200)]
    public string Title { get; set; } = "";

    [MaxLength(100)]
    public string ContentType { get; set; } = "";

    public long SizeBytes { get; set; }

    [MaxLength(64)]
    public string StorageName { get; set; } = "";

    [MaxLength(64)]
    public string Sha256 { get; set; } = "";

    public Guid? UploadedByUserId { get; set; }

    public List<SessionMediaPerson> People { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A member shown on a session's photo or document, and their consent (given on, withdrawn on).</summary>
public sealed class SessionMediaPerson : IOrganisationOwned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid MediaId { get; set; }
    public Guid MemberId { get; set; }
    public DateOnly ConsentedOn { get; set; }
    public DateOnly? WithdrawnOn { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>EF mapping of session media (migration 0012_session_media locally, 0013 in the plan), called by RelaisDbContext.</summary>
public static class SessionsModel
{
    public static readonly Type[] AuditedTypes = [typeof(SessionMedia), typeof(SessionMediaPerson)];

    public static void Configure(ModelBuilder b)
    {
        b.Entity<SessionMedia>(e =>
        {
            e.ToTable("SessionMedia");
            e.HasOne<ProjectSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.SessionId);
        });
        b.Entity<SessionMediaPerson>(e =>
        {
            e.ToTable("SessionMediaPeople");
            e.HasOne<SessionMedia>().WithMany(m => m.People).HasForeignKey(x => x.MediaId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ProjectMember>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.MediaId, x.MemberId }).IsUnique();
            e.HasIndex(x => x.MemberId);
        });
    }

    extension(RelaisDbContext db)
    {
        public DbSet<SessionMedia> SessionMedia => db.Set<SessionMedia>();
        public DbSet<SessionMediaPerson> SessionMediaPeople => db.Set<SessionMediaPerson>();
    }

    /// <summary>The media shown: those of which no person has withdrawn their consent.</summary>
    public static IQueryable<SessionMedia> Shown(this IQueryable<SessionMedia> media) => media.Where(m => m.People.All(p => p.WithdrawnOn == null));
}
