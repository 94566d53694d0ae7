using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

/// <summary>Arranges accompaniments and their items directly in the database, for the tests of the file.</summary>
internal static class FileKit
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An open accompaniment of <paramref name="personId"/> (by default the North lease holder) with the given referents.</summary>
    public static async Task<Accompaniment> OpenAsync(World w, Guid? householdId = null, Guid? personId = null, DateOnly? consent = null,
        Role[]? referents = null, DateOnly? nextReview = null)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var accompaniment = new Accompaniment
        {
            HouseholdId = householdId ?? w.NorthHousehold.Id,
            PersonId = personId ?? w.NorthHolder.Id,
            Status = AccompanimentStatus.Open,
            ConsentDate = consent ?? Today.AddDays(-30),
            ConsentChannel = ConsentChannel.InPerson,
            ConsentRecordedByUserId = w.Users[Role.SocialWorker].Id,
            ConsentRecordedByName = w.Users[Role.SocialWorker].DisplayName,
            NextReviewOn = nextReview,
        };
        db.Accompaniments.Add(accompaniment);
        foreach (var role in referents ?? [Role.SocialWorker])
        {
            db.AccompanimentReferents.Add(new AccompanimentReferent { AccompanimentId = accompaniment.Id, UserId = w.Users[role].Id });
        }

        await db.SaveChangesAsync();
        return accompaniment;
    }

    public static async Task<T> AddAsync<T>(World w, T entity) where T : class
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        db.Add(entity);
        await db.SaveChangesAsync();
        return entity;
    }

    public static async Task<Guid> RightIdAsync(World w, string code)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var rights = await RightsCatalogue.LoadAsync(db, CancellationToken.None);
        return rights.Single(r => r.Code == code).Id;
    }

    public static async Task<T> ReadAsync<T>(World w, Func<Relais.Infrastructure.Data.RelaisDbContext, Task<T>> read)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        return await read(db);
    }
}

/// <summary>For CrossOrganisationTests: an accompaniment of the North lease holder with one of each item.</summary>
internal sealed record FileIds(Guid AccompanimentId, Guid StrengthId, Guid GoalId, Guid ActionId, Guid MeetingId, Guid RightKindId)
{
    private static readonly ConditionalWeakTable<World, FileIds> Arranged = new();

    public static async Task ArrangeAsync(World w)
    {
        var a = await FileKit.OpenAsync(w, referents: [Role.Manager, Role.SocialWorker]);
        var strength = await FileKit.AddAsync(w, new AccompanimentStrength { AccompanimentId = a.Id, Kind = StrengthKind.Skill, Text = "Cuisine pour ses voisins" });
        var goal = await FileKit.AddAsync(w, new AccompanimentGoal { AccompanimentId = a.Id, Wording = "Payer mon loyer", SetOn = FileKit.Today });
        var action = await FileKit.AddAsync(w, new GoalAction { GoalId = goal.Id, Description = "Appeler la CAF", Actor = ActionActor.Person });
        var meeting = await FileKit.AddAsync(w, new AccompanimentMeeting { AccompanimentId = a.Id, HeldOn = FileKit.Today, Participants = "B. Lefèvre", Summary = "Premier entretien" });
        var right = await FileKit.RightIdAsync(w, "APL");
        Arranged.AddOrUpdate(w, new FileIds(a.Id, strength.Id, goal.Id, action.Id, meeting.Id, right));
    }

    public static FileIds Of(World w) => Arranged.TryGetValue(w, out var ids)
        ? ids
        : throw new InvalidOperationException("Call FileIds.ArrangeAsync(world) first.");
}
