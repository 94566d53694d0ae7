using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Users;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners;

/// <summary>
/// A partner structure (CCAS, mission locale, association…) named by the organisation, to which Partenaire users
/// belong and with which a person may agree to share part of their file. Minimal on purpose: a name and whether it
/// is active (docs/decisions/0012-partner-structures-minimal.md); the partner directory comes later.
/// </summary>
public sealed class PartnerOrganisation : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    [MaxLength(160)]
    public required string Name { get; set; }

    /// <summary>An inactive structure gets no new sharing, and its users see nothing.</summary>
    public bool IsActive { get; set; } = true;

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class PartnerModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<PartnerOrganisation>(e =>
        {
            e.ToTable("PartnerOrganisations");
            e.HasIndex(x => new { x.OrganisationId, x.Name }).IsUnique();
        });
        b.Entity<AppUser>(e => e.HasOne<PartnerOrganisation>().WithMany().HasForeignKey(u => u.PartnerOrganisationId).OnDelete(DeleteBehavior.Restrict));
    }
}

public static class PartnerQueries
{
    extension(RelaisDbContext db)
    {
        public DbSet<PartnerOrganisation> PartnerOrganisations => db.Set<PartnerOrganisation>();

        /// <summary>
        /// The active partner structure of an active Partenaire user, read at each request (not from the cookie), so that
        /// moving a user to another structure or deactivating a structure takes effect at once. Null when none.
        /// </summary>
        public Task<Guid?> PartnerStructureOfAsync(Guid userId, Guid organisationId, CancellationToken ct) =>
            (from u in db.Users
             join p in db.Set<PartnerOrganisation>() on u.PartnerOrganisationId equals p.Id
             where u.Id == userId && u.OrganisationId == organisationId && u.IsActive && u.Role == Infrastructure.Security.Role.Partner && p.IsActive
             select (Guid?)p.Id).FirstOrDefaultAsync(ct);
    }
}
