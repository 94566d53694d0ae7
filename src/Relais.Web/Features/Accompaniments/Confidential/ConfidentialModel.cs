using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Confidential;

/// <summary>EF configuration and sets of the confidential part of an accompaniment file (notes, consents, health, documents).</summary>
public static class ConfidentialModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<AccompanimentConsent>(e =>
        {
            e.ToTable("AccompanimentConsents");
            e.HasOne(x => x.Accompaniment).WithMany().HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.PartnerOrganisation).WithMany().HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.AccompanimentId, x.Kind });
        });
        b.Entity<AccompanimentNote>(e =>
        {
            e.ToTable("AccompanimentNotes");
            e.HasOne(x => x.Accompaniment).WithMany().HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Consent).WithMany().HasForeignKey(x => x.ConsentId).OnDelete(DeleteBehavior.NoAction);
            e.HasIndex(x => new { x.AccompanimentId, x.CreatedAt });
        });
        b.Entity<AccompanimentDocument>(e =>
        {
            e.ToTable("AccompanimentDocuments");
            e.HasOne(x => x.Accompaniment).WithMany().HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Consent).WithMany().HasForeignKey(x => x.ConsentId).OnDelete(DeleteBehavior.NoAction);
            e.HasIndex(x => new { x.AccompanimentId, x.CreatedAt });
        });
        b.Entity<AccompanimentHealth>(e =>
        {
            e.ToTable("AccompanimentHealthRecords");
            e.HasOne(x => x.Accompaniment).WithMany().HasForeignKey(x => x.AccompanimentId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.AccompanimentId).IsUnique();
        });
    }

    extension(RelaisDbContext db)
    {
        public DbSet<AccompanimentConsent> AccompanimentConsents => db.Set<AccompanimentConsent>();
        public DbSet<AccompanimentNote> AccompanimentNotes => db.Set<AccompanimentNote>();
        public DbSet<AccompanimentDocument> AccompanimentDocuments => db.Set<AccompanimentDocument>();
        public DbSet<AccompanimentHealth> AccompanimentHealthRecords => db.Set<AccompanimentHealth>();
    }
}
