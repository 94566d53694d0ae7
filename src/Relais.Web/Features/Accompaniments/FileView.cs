using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>One right of the catalogue and where the person stands for it (null: not looked at yet).</summary>
public sealed record RightLine(RightKind Kind, AccompanimentRight? Check);

/// <summary>A whole file as the file page and the timeline show it, read in a few narrow queries.</summary>
public sealed class FileView
{
    public required Accompaniment File { get; init; }
    public required string Person { get; init; }
    public required string HouseholdName { get; init; }
    public required string? Address { get; init; }
    public required string? SectorName { get; init; }
    public required List<(Guid Id, string Name)> Referents { get; init; }
    public required List<AccompanimentStrength> Strengths { get; init; }
    public required List<RightLine> Rights { get; init; }
    public required List<AccompanimentGoal> Goals { get; init; }
    public required List<AccompanimentMeeting> Meetings { get; init; }
    public required DateOnly Today { get; init; }
    public required bool CanWrite { get; init; }

    /// <summary>Forms are offered only to writers, and only while the file is open.</summary>
    public bool Editable => CanWrite && File.IsOpen;

    public string Url => $"/Accompaniments/File/{File.Id}";

    public bool ReviewOverdue => File.IsOpen && File.NextReviewOn is { } d && d < Today;

    public static async Task<FileView?> LoadAsync(RelaisDbContext db, AccompanimentAccess access, Guid id, CancellationToken ct)
    {
        // The file and what the page shows of its household, in one projection: the referents and strengths come with
        // it, and no household, dwelling, building or residence is materialised for a name and an address.
        var org = access.OrganisationId;
        var row = await access.Visible().AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new
            {
                File = a,
                a.Person!.FirstName,
                a.Person.LastName,
                a.Household!.TenantReference,
                HolderFirstName = a.Household.Members.OrderBy(m => m.Role).ThenBy(m => m.Id).Select(m => m.FirstName).FirstOrDefault(),
                HolderLastName = a.Household.Members.OrderBy(m => m.Role).ThenBy(m => m.Id).Select(m => m.LastName).FirstOrDefault(),
                a.Household.Dwelling!.Building!.Street,
                a.Household.Dwelling.Building.Residence!.PostalCode,
                a.Household.Dwelling.Building.Residence.CommuneName,
                SectorName = a.Household.Dwelling.Building.Residence.Sector!.Name,
                Referents = db.AccompanimentReferents
                    .Where(r => r.AccompanimentId == a.Id)
                    .Join(db.Users.Where(u => u.OrganisationId == org), r => r.UserId, u => u.Id, (r, u) => new { u.Id, u.DisplayName })
                    .ToList(),
                // A handful of rows each: joined with the referents (a few), rather than one more round trip.
                Strengths = db.AccompanimentStrengths.Where(st => st.AccompanimentId == a.Id).OrderBy(st => st.Kind).ThenBy(st => st.CreatedAt).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var file = row.File;
        var person = $"{row.FirstName} {row.LastName.ToUpperInvariant()}";
        access.Remember(new FileHeader(file.Id, file.HouseholdId, person, file.Status, file.Version, file.ConsentDate));
        var rightRows = await Compiled.ListAsync(Compiled.Rights.For(db)(db, id), ct);
        if (rightRows.Count == 0)
        {
            // An organisation's first file: its catalogue is seeded (a new file has no checks yet).
            rightRows = (await RightsCatalogue.LoadAsync(db, ct)).Select(k => new RightLine(k, null)).ToList();
        }

        var goals = await Compiled.ListAsync(Compiled.Goals.For(db)(db, id), ct);
        var meetings = await Compiled.ListAsync(Compiled.Meetings.For(db)(db, id), ct);

        foreach (var goal in goals)
        {
            goal.Actions = goal.Actions.OrderBy(a => a.IsPending ? 0 : 1).ThenBy(a => a.DueOn ?? DateOnly.MaxValue).ThenBy(a => a.CreatedAt).ToList();
            goal.Reviews = goal.Reviews.OrderByDescending(r => r.ReviewedOn).ThenByDescending(r => r.CreatedAt).ToList();
        }

        // Retired rights stay listed where the person has a check for them.
        var rights = RightsCatalogue.InOrder(rightRows.Where(r => r.Kind.IsActive || r.Check is not null), r => r.Kind);
        return new FileView
        {
            File = file,
            Person = person,
            HouseholdName = Households.Household.NameOf(row.HolderFirstName, row.HolderLastName, row.TenantReference),
            Address = row.Street is not null && row.PostalCode is not null ? $"{row.Street}, {row.PostalCode} {row.CommuneName}" : null,
            SectorName = row.SectorName,
            Referents = row.Referents.OrderBy(r => r.DisplayName, Users.FrenchText.Comparer).Select(r => (r.Id, r.DisplayName)).ToList(),
            Strengths = row.Strengths,
            Rights = rights,
            Goals = goals.OrderBy(g => g.Status == GoalStatus.InProgress ? 0 : 1).ThenBy(g => g.SetOn).ThenBy(g => g.CreatedAt).ToList(),
            Meetings = meetings,
            Today = access.Today,
            CanWrite = access.CanWrite,
        };
    }

    /// <summary>
    /// The file's parts that depend on its id only, as compiled queries: the page is the most read of the file, and these
    /// skip building and translating their expression trees on every read (the organisation filter still applies).
    /// </summary>
    private static class Compiled
    {
        /// <summary>The catalogue with this file's checks, in one query (a check per right at most).</summary>
        public static readonly PerProvider<Func<RelaisDbContext, Guid, IAsyncEnumerable<RightLine>>> Rights = new(() => EF.CompileAsyncQuery(
            (RelaisDbContext db, Guid id) =>
                from k in db.RightKinds.AsNoTracking()
                join r in db.AccompanimentRights.AsNoTracking().Where(r => r.AccompanimentId == id) on k.Id equals r.RightKindId into rs
                from r in rs.DefaultIfEmpty()
                select new RightLine(k, r)));

        /// <summary>A few goals of a few actions and reviews: one round trip rather than three.</summary>
        public static readonly PerProvider<Func<RelaisDbContext, Guid, IAsyncEnumerable<AccompanimentGoal>>> Goals = new(() => EF.CompileAsyncQuery(
            (RelaisDbContext db, Guid id) => db.AccompanimentGoals.AsNoTracking()
                .Where(g => g.AccompanimentId == id)
                .Include(g => g.Actions).Include(g => g.Reviews)
                .AsSingleQuery()));

        public static readonly PerProvider<Func<RelaisDbContext, Guid, IAsyncEnumerable<AccompanimentMeeting>>> Meetings = new(() => EF.CompileAsyncQuery<RelaisDbContext, Guid, AccompanimentMeeting>(
            (RelaisDbContext db, Guid id) => db.AccompanimentMeetings.AsNoTracking()
                .Where(m => m.AccompanimentId == id)
                .OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.CreatedAt)));

        /// <summary>
        /// A compiled query is bound to the provider of the first context that runs it: one per provider, for a process
        /// (the tests) that runs both.
        /// </summary>
        public sealed class PerProvider<T>(Func<T> compile)
        {
            private readonly T _sqlite = compile();
            private readonly T _postgres = compile();

            public T For(RelaisDbContext db) => db.IsPostgres ? _postgres : _sqlite;
        }

        public static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken ct)
        {
            var list = new List<T>();
            await foreach (var row in rows.WithCancellation(ct))
            {
                list.Add(row);
            }

            return list;
        }
    }
}
