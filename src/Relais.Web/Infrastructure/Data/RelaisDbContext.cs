using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Relais.Features.Accompaniments;
using Relais.Features.Audit;
using Relais.Features.Ledger;
using Relais.Features.Outreach;
using Relais.Features.Signals;
using Relais.Features.Households;
using Relais.Features.Housing;
using Relais.Features.Organisations;
using Relais.Features.Users;
using Relais.Infrastructure.Tenancy;

namespace Relais.Infrastructure.Data;

/// <summary>
/// The unit of work. Every <see cref="IOrganisationOwned"/> row is filtered on the caller's organisation
/// (no organisation: no rows), stamps and concurrency versions are set on save, and every create, update
/// and delete of an audited entity is appended to the audit chain in the same transaction.
/// </summary>
public class RelaisDbContext(DbContextOptions<RelaisDbContext> options, TenantContext tenant, TimeProvider clock)
    : IdentityUserContext<AppUser, Guid>(options)
{
    private readonly TenantContext _tenant = tenant;

    /// <summary>
    /// The organisation every query and save is restricted to (Guid.Empty without one). Read by the query filters: each
    /// context instance filters on its caller's organisation.
    /// </summary>
    public Guid CurrentOrganisationId => _tenant.OrganisationId ?? Guid.Empty;

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Sector> Sectors => Set<Sector>();
    public DbSet<Residence> Residences => Set<Residence>();
    public DbSet<Building> Buildings => Set<Building>();
    public DbSet<Dwelling> Dwellings => Set<Dwelling>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<HouseholdSearchTerm> HouseholdSearchTerms => Set<HouseholdSearchTerm>();
    public DbSet<UserSector> UserSectors => Set<UserSector>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<RentLedgerLine> RentLedgerLines => Set<RentLedgerLine>();
    public DbSet<LedgerImport> LedgerImports => Set<LedgerImport>();
    public DbSet<LedgerColumnMapping> LedgerColumnMappings => Set<LedgerColumnMapping>();
    public DbSet<Signal> Signals => Set<Signal>();
    public DbSet<OutreachSettings> OutreachSettings => Set<OutreachSettings>();
    public DbSet<OutreachCampaign> OutreachCampaigns => Set<OutreachCampaign>();
    public DbSet<CampaignMember> CampaignMembers => Set<CampaignMember>();
    public DbSet<OutreachTarget> OutreachTargets => Set<OutreachTarget>();
    public DbSet<ContactAttempt> ContactAttempts => Set<ContactAttempt>();
    public DbSet<Accompaniment> Accompaniments => Set<Accompaniment>();
    public DbSet<AccompanimentReferent> AccompanimentReferents => Set<AccompanimentReferent>();
    public DbSet<AccompanimentStrength> AccompanimentStrengths => Set<AccompanimentStrength>();
    public DbSet<RightKind> RightKinds => Set<RightKind>();
    public DbSet<AccompanimentRight> AccompanimentRights => Set<AccompanimentRight>();
    public DbSet<AccompanimentGoal> AccompanimentGoals => Set<AccompanimentGoal>();
    public DbSet<GoalReview> GoalReviews => Set<GoalReview>();
    public DbSet<GoalAction> GoalActions => Set<GoalAction>();
    public DbSet<AccompanimentMeeting> AccompanimentMeetings => Set<AccompanimentMeeting>();

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        if (Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // SQLite has no date-time-offset type: store UTC ticks so that ordering and comparison work in SQL.
            builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            builder.Properties<decimal>().HaveConversion<double>();
        }
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        var postgres = IsPostgres;
        if (postgres)
        {
            b.HasPostgresExtension("pg_trgm");
        }

        b.Entity<AppUser>(e =>
        {
            e.HasIndex(u => u.OrganisationId);
            e.HasMany(u => u.Sectors).WithOne().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.Property(u => u.Version).IsConcurrencyToken();
        });
        b.Entity<UserSector>(e =>
        {
            e.HasKey(s => new { s.UserId, s.SectorId });
            e.HasOne<Sector>().WithMany().HasForeignKey(s => s.SectorId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Organisation>();
        b.Entity<Sector>(e =>
        {
            e.HasIndex(s => new { s.OrganisationId, s.Name }).IsUnique();
            e.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Residence>(e =>
        {
            e.HasIndex(r => new { r.OrganisationId, r.Name });
            e.HasOne(r => r.Sector).WithMany().HasForeignKey(r => r.SectorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Building>(e =>
        {
            e.HasOne(x => x.Residence).WithMany(r => r.Buildings).HasForeignKey(x => x.ResidenceId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.OrganisationId);
        });
        b.Entity<Dwelling>(e =>
        {
            e.HasOne(x => x.Building).WithMany(x => x.Dwellings).HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.OrganisationId, x.Reference }).IsUnique();
            e.Property(x => x.SurfaceM2).HasPrecision(8, 2);
        });
        b.Entity<Household>(e =>
        {
            e.HasOne(x => x.Dwelling).WithMany(x => x.Households).HasForeignKey(x => x.DwellingId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.OrganisationId, x.TenantReference }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.SortName });
        });
        b.Entity<HouseholdSearchTerm>(e =>
        {
            // Key: the words of one household (replacing them, checking a household against a word, the foreign key).
            // Search index: the organisation, then a range of words; on PostgreSQL it carries the sort name, so that
            // the matches are counted and sorted by an index-only scan (docs/decisions/0007-search.md).
            e.HasKey(x => new { x.HouseholdId, x.Term });
            var search = e.HasIndex(x => new { x.OrganisationId, x.Term, x.HouseholdId });
            e.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            if (postgres)
            {
                search.IncludeProperties(x => x.SortName);
                // Binary order, as SQLite's: the range [token, token + U+10FFFF) is then exactly the words starting with token.
                e.Property(x => x.Term).UseCollation("C");
            }
        });
        b.Entity<Person>(e =>
        {
            e.HasOne(x => x.Household).WithMany(x => x.Members).HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.OrganisationId);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.HasIndex(x => new { x.OrganisationId, x.HouseholdId });
            e.HasIndex(x => new { x.OrganisationId, x.EntityType, x.EntityId });
        });

        ConfigureOutreach(b);
        AccompanimentFileModel.Configure(b);
        Features.Partners.PartnerModel.Configure(b);
        Features.Accompaniments.Confidential.ConfidentialModel.Configure(b);
        Features.Accompaniments.Lifecycle.LifecycleModel.Configure(b);
        Features.Accompaniments.Arrears.ArrearsModel.Configure(b);
        Features.Collective.CollectiveModel.Configure(b);
        Features.Collective.Projects.ProjectsModel.Configure(b);
        Features.Collective.Sessions.SessionsModel.Configure(b);
        Features.Collective.Sheets.CapitalisationModel.Configure(b);
        Features.Referrals.ReferralModel.Configure(b);
        Email.EmailModel.Configure(b);

        foreach (var type in b.Model.GetEntityTypes().Select(t => t.ClrType))
        {
            if (typeof(IVersioned).IsAssignableFrom(type))
            {
                b.Entity(type).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
            }

            if (typeof(IOrganisationOwned).IsAssignableFrom(type))
            {
                typeof(RelaisDbContext).GetMethod(nameof(FilterOnOrganisation), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                    .MakeGenericMethod(type).Invoke(this, [b]);
            }
        }
    }

    private static void ConfigureOutreach(ModelBuilder b)
    {
        b.Entity<RentLedgerLine>(e =>
        {
            // One B-tree: the key. SQLite stores the table in it (WITHOUT ROWID, set by migration 0006); PostgreSQL's key
            // carries the amounts (migration 0018), so a household's months are read from the key alone, not from one heap
            // page per month.
            e.HasKey(x => new { x.OrganisationId, x.HouseholdId, x.Month })
                .IncludeProperties(nameof(RentLedgerLine.Billed), nameof(RentLedgerLine.Paid), nameof(RentLedgerLine.HousingBenefit), nameof(RentLedgerLine.Balance));
            e.Property(x => x.Billed).HasPrecision(12, 2);
            e.Property(x => x.Paid).HasPrecision(12, 2);
            e.Property(x => x.HousingBenefit).HasPrecision(12, 2);
            e.Property(x => x.Balance).HasPrecision(12, 2);
        });
        b.Entity<LedgerImport>(e => e.HasIndex(x => new { x.OrganisationId, x.StartedAt }));
        b.Entity<LedgerColumnMapping>(e => e.HasIndex(x => x.OrganisationId).IsUnique());
        b.Entity<OutreachSettings>(e =>
        {
            e.HasIndex(x => x.OrganisationId).IsUnique();
            e.Property(x => x.DebtMonthsThreshold).HasPrecision(5, 2);
        });
        b.Entity<Signal>(e =>
        {
            e.HasOne(x => x.Household).WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganisationId, x.Status, x.DetectedAt });
            e.HasIndex(x => new { x.OrganisationId, x.RuleKey }).IsUnique().HasFilter("\"RuleKey\" IS NOT NULL");
            e.HasIndex(x => x.HouseholdId);
            e.Property(x => x.DebtAmount).HasPrecision(12, 2);
        });
        b.Entity<OutreachCampaign>(e => e.HasIndex(x => new { x.OrganisationId, x.Status }));
        b.Entity<CampaignMember>(e =>
        {
            e.HasKey(x => new { x.CampaignId, x.UserId });
            e.HasOne<OutreachCampaign>().WithMany(c => c.Team).HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<OutreachTarget>(e =>
        {
            e.HasOne(x => x.Campaign).WithMany(c => c.Targets).HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Household).WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Signal).WithMany().HasForeignKey(x => x.SignalId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(x => new { x.CampaignId, x.HouseholdId }).IsUnique();
            e.HasIndex(x => new { x.OrganisationId, x.HouseholdId });
        });
        b.Entity<ContactAttempt>(e =>
        {
            e.HasOne(x => x.Target).WithMany(t => t.Attempts).HasForeignKey(x => x.TargetId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganisationId, x.HouseholdId, x.At });
        });
        b.Entity<Accompaniment>(e =>
        {
            e.HasOne(x => x.Household).WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.OrganisationId, x.HouseholdId });
        });
    }

    private void FilterOnOrganisation<T>(ModelBuilder b) where T : class, IOrganisationOwned
    {
        Expression<Func<T, bool>> filter = e => e.OrganisationId == CurrentOrganisationId;
        b.Entity<T>().HasQueryFilter(filter);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        ChangeTracker.DetectChanges();
        PrepareEntries(now);
        await RefreshSearchKeysAsync(cancellationToken);
        var drafts = CollectAuditDrafts();
        if (drafts.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        // In its own transaction, a failure rolls back everything: no savepoint (two round trips) around the changes.
        var savepoints = Database.AutoSavepointsEnabled;
        Database.AutoSavepointsEnabled = savepoints && ownTransaction is null;
        try
        {
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await AuditChain.AppendAsync(this, drafts, clock, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return count;
        }
        finally
        {
            Database.AutoSavepointsEnabled = savepoints;
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>Saves without touching the audit chain: used by <see cref="AuditChain"/> itself.</summary>
    internal Task<int> SaveAuditEntriesAsync(CancellationToken ct) => base.SaveChangesAsync(true, ct);

    private void PrepareEntries(DateTimeOffset now)
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Added)
            {
                if (entry.Entity is IOrganisationOwned owned && owned.OrganisationId == Guid.Empty)
                {
                    owned.OrganisationId = _tenant.OrganisationId
                        ?? throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} was added with no organisation.");
                }

                if (entry.Entity is IStamped stamped)
                {
                    stamped.CreatedAt = now;
                    stamped.UpdatedAt = now;
                }
            }
            else if (entry.State == EntityState.Modified)
            {
                if (entry.Entity is IOrganisationOwned owned && _tenant.OrganisationId is { } org && owned.OrganisationId != org)
                {
                    throw new InvalidOperationException("A row of another organisation cannot be changed.");
                }

                if (entry.Entity is IStamped stamped)
                {
                    stamped.UpdatedAt = now;
                }

                if (entry.Entity is IVersioned versioned)
                {
                    versioned.Version = (int)entry.Property(nameof(IVersioned.Version)).OriginalValue! + 1;
                }
            }
        }
    }

    private async Task RefreshSearchKeysAsync(CancellationToken ct)
    {
        var householdIds = new HashSet<Guid>();
        var termChanges = new List<Features.Households.HouseholdSearchTerms.Change>();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Household h when entry.State != EntityState.Deleted: householdIds.Add(h.Id); break;
                case Person p: householdIds.Add(p.HouseholdId); break;
            }
        }

        // One pass over the tracked households (DbSet.Local would detect changes again for every household: quadratic).
        var tracked = ChangeTracker.Entries<Household>().ToDictionary(e => e.Entity.Id, e => e.Entity);
        foreach (var id in householdIds)
        {
            var household = tracked.GetValueOrDefault(id)
                ?? await Households.IgnoreQueryFilters().FirstOrDefaultAsync(h => h.Id == id, ct);
            if (household is null)
            {
                continue;
            }

            var entry = Entry(household);
            if (entry.State == EntityState.Deleted)
            {
                continue; // its terms go with it (foreign key ON DELETE CASCADE)
            }

            if (entry.State != EntityState.Added)
            {
                await entry.Collection(h => h.Members).Query().IgnoreQueryFilters().LoadAsync(ct);
            }

            if (household.DwellingId is { } dwellingId && household.Dwelling?.Building?.Residence is null)
            {
                // A dwelling added in this same save is not in the database yet: keep it rather than unlink the household.
                household.Dwelling = await Dwellings.IgnoreQueryFilters()
                    .Include(d => d.Building!).ThenInclude(b => b.Residence)
                    .FirstOrDefaultAsync(d => d.Id == dwellingId, ct) ?? household.Dwelling;
            }

            var members = household.Members.Where(m => Entry(m).State != EntityState.Deleted).ToList();
            var saved = household.Members;
            household.Members = members;
            var key = household.ComputeSearchKey();
            var sortName = household.ComputeSortName();
            household.Members = saved;
            if (entry.State == EntityState.Added || household.SearchKey != key || household.SortName != sortName)
            {
                termChanges.Add(new(household.OrganisationId, household.Id, key, sortName, entry.State == EntityState.Added));
            }

            if (household.SearchKey != key || household.SortName != sortName)
            {
                household.SearchKey = key;
                household.SortName = sortName;
            }
        }

        await Features.Households.HouseholdSearchTerms.StageAsync(this, termChanges, ct);
    }

    private static readonly HashSet<Type> Audited =
    [
        typeof(Organisation), typeof(Sector), typeof(Residence), typeof(Building), typeof(Dwelling),
        typeof(Household), typeof(Person), typeof(AppUser), typeof(UserSector),
        typeof(LedgerImport), typeof(LedgerColumnMapping), typeof(OutreachSettings), typeof(Signal),
        typeof(OutreachCampaign), typeof(CampaignMember), typeof(OutreachTarget), typeof(ContactAttempt), typeof(Accompaniment),
        .. AccompanimentFileModel.AuditedTypes,
        .. Features.Partners.PartnerModel.AuditedTypes, typeof(Features.Accompaniments.Confidential.AccompanimentConsent),
        typeof(Features.Accompaniments.Confidential.AccompanimentNote), typeof(Features.Accompaniments.Confidential.AccompanimentDocument),
        typeof(Features.Accompaniments.Confidential.AccompanimentHealth),
        .. Features.Accompaniments.Lifecycle.LifecycleModel.AuditedTypes,
        .. Features.Accompaniments.Arrears.ArrearsModel.AuditedTypes,
        .. Features.Collective.CollectiveModel.AuditedTypes,
        .. Features.Collective.Projects.ProjectsModel.AuditedTypes,
        .. Features.Collective.Sessions.SessionsModel.AuditedTypes,
        .. Features.Collective.Sheets.CapitalisationModel.AuditedTypes,
        .. Features.Referrals.ReferralModel.AuditedTypes,
        .. Email.EmailModel.AuditedTypes,
    ];

    private static readonly HashSet<string> NotWorthLogging =
    [
        nameof(IStamped.UpdatedAt), nameof(IVersioned.Version), nameof(Household.SearchKey), nameof(Household.SortName),
        nameof(AppUser.ConcurrencyStamp), nameof(AppUser.SecurityStamp), nameof(AppUser.LastTotpTimeStep),
        nameof(AppUser.AccessFailedCount), nameof(AppUser.LockoutEnd),
    ];

    private List<AuditDraft> CollectAuditDrafts()
    {
        var drafts = new List<AuditDraft>();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (!Audited.Contains(entry.Metadata.ClrType) || entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var action = entry.State switch
            {
                EntityState.Added => AuditActions.Create,
                EntityState.Deleted => AuditActions.Delete,
                _ => AuditActions.Update,
            };
            string? details = null;
            if (entry.State == EntityState.Modified)
            {
                var changed = entry.Properties.Where(p => p.IsModified && !NotWorthLogging.Contains(p.Metadata.Name)
                        && !Equals(p.OriginalValue, p.CurrentValue))
                    .Select(p => p.Metadata.Name).ToList();
                if (changed.Count == 0)
                {
                    continue; // only bookkeeping columns moved
                }

                details = string.Join(", ", changed);
            }

            var (entityId, householdId, organisationId) = Describe(entry);
            drafts.Add(_tenant.Draft(action, entry.Metadata.ClrType.Name, entityId, householdId, organisationId, details));
        }

        return drafts;
    }

    private static (Guid? EntityId, Guid? HouseholdId, Guid? OrganisationId) Describe(EntityEntry entry) => entry.Entity switch
    {
        Household h => (h.Id, h.Id, h.OrganisationId),
        Person p => (p.Id, p.HouseholdId, p.OrganisationId),
        Signal x => (x.Id, x.HouseholdId, x.OrganisationId),
        OutreachTarget x => (x.Id, x.HouseholdId, x.OrganisationId),
        ContactAttempt x => (x.Id, x.HouseholdId, x.OrganisationId),
        Accompaniment x => (x.Id, x.HouseholdId, x.OrganisationId),
        Features.Referrals.Referral x => (x.Id, x.HouseholdId, x.OrganisationId),
        CampaignMember x => (x.CampaignId, null, null),
        Organisation o => (o.Id, null, o.Id),
        AppUser u => (u.Id, null, u.OrganisationId),
        UserSector s => (s.UserId, null, null),
        Features.Collective.SessionAttendance a => (a.SessionId, null, a.OrganisationId), // composite key: logged under its session
        IOrganisationOwned owned => ((Guid?)entry.Property("Id").CurrentValue, null, owned.OrganisationId),
        _ => (null, null, null),
    };
}
