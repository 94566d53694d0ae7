using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Accompaniments.Lifecycle;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Accompaniments.PersonAccess;

/// <summary>
/// One accompaniment as the accompanied person may read it — « Mon accompagnement », their PDF and their JSON are
/// built from this one object, so the three always hold exactly the same things
/// (docs/decisions/0015-person-access-export-retention.md):
/// <list type="bullet">
/// <item>what was written with them: the framework of their consent, their referents, their own account, their strengths,
/// where their rights stand (without the worker's comment), their goals with actions (who, by when, status) and the
/// dates and outcomes of the goal reviews, the meetings' date, medium and participants;</item>
/// <item>what the confidentiality rules give them: notes and documents shared with them or with a partner under their
/// consent, their consents, their health information (<see cref="ConfidentialQueries"/>);</item>
/// <item>the reads and changes of their file by others, from the audit log (<see cref="PersonAccessLog"/>).</item>
/// </list>
/// Team-level free text — meeting summaries, review notes, right comments, closure comment, reopening reason — and team or
/// private notes and documents are not part of it.
/// </summary>
public sealed record PersonFile(
    Guid Id,
    AccompanimentStatus Status,
    PersonFile.ConsentToAccompaniment Consent,
    IReadOnlyList<string> Referents,
    string? OwnAccount,
    DateOnly? NextReviewOn,
    IReadOnlyList<PersonFile.Strength> Strengths,
    IReadOnlyList<PersonFile.Right> Rights,
    IReadOnlyList<PersonFile.Goal> Goals,
    IReadOnlyList<PersonFile.Meeting> Meetings,
    IReadOnlyList<PersonFile.Note> Notes,
    IReadOnlyList<PersonFile.Document> Documents,
    IReadOnlyList<PersonFile.GivenConsent> Consents,
    PersonFile.HealthInformation? Health,
    PersonFile.ClosureFacts? Closure,
    IReadOnlyList<DateOnly> ReopenedOn,
    IReadOnlyList<PersonAccessLog.Entry> AccessLog)
{
    public sealed record ConsentToAccompaniment(DateOnly GivenOn, ConsentChannel Channel, string RecordedBy, string? Scope);

    public sealed record Strength(StrengthKind Kind, string Text);

    public sealed record Right(string Name, RightStatus Status, DateOnly? RequestedOn, DateOnly? OpenedOn, DateOnly CheckedOn);

    public sealed record Goal(string Wording, GoalStatus Status, DateOnly SetOn, DateOnly? StatusOn, IReadOnlyList<Action> Actions, IReadOnlyList<Review> Reviews);

    public sealed record Action(string Description, ActionActor Actor, string? Partner, DateOnly? DueOn, ActionStatus Status, DateOnly? DoneOn)
    {
        /// <summary>"la personne", "le/la conseiller·ère", "partenaire : CCAS de Villejuif".</summary>
        [JsonIgnore]
        public string Who => Actor == ActionActor.Partner && !string.IsNullOrEmpty(Partner) ? $"partenaire : {Partner}" : Actor.Label().ToLowerInvariant();
    }

    public sealed record Review(DateOnly ReviewedOn, GoalStatus StatusAfter);

    public sealed record Meeting(DateOnly HeldOn, MeetingMedium Medium, string Participants);

    public sealed record Note(DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Author, ConfidentialityLevel SharedWith, string? Partner, bool PartnerConsentCurrent, string Text);

    public sealed record Document(Guid Id, string Title, string ContentType, long SizeBytes, DateTimeOffset AddedAt, string AddedBy, ConfidentialityLevel SharedWith, string? Partner);

    /// <summary>A consent beyond the accompaniment itself (sharing with a named partner, health information).</summary>
    public sealed record GivenConsent(Guid Id, ConsentKind Kind, string? Partner, string? Scope, DateOnly GivenOn, ConsentChannel Channel, string RecordedBy,
        DateTimeOffset? WithdrawnAt, string? WithdrawnBy);

    public sealed record HealthInformation(HealthCategories Categories, string? Text, DateTimeOffset UpdatedAt, string UpdatedBy);

    public sealed record ClosureFacts(ClosureOutcome? Outcome, DateOnly? LastContactOn, DateOnly? ClosedOn, DateOnly? KeptUntil);

    [JsonIgnore]
    public bool IsOpen => Status == AccompanimentStatus.Open;
}

/// <summary>Loads <see cref="PersonFile"/>s. Every query runs with a person reader, whoever asks (the person, or the team exporting for them).</summary>
public sealed class PersonFiles(RelaisDbContext db)
{
    /// <summary>
    /// The reader that sees exactly what the accompanied person sees: for the person themselves, their own reader; for the
    /// team exporting at the person's request, a reader built for that person (never the team's own reader).
    /// </summary>
    public static ConfidentialReader ReaderFor(Guid personId) => new(ReaderKind.Person, Guid.Empty, HouseholdScope.Nothing, null, personId);

    /// <summary>The person's accompaniments, newest first.</summary>
    public Task<List<Guid>> IdsAsync(ConfidentialReader person, CancellationToken ct)
    {
        Require(person);
        return db.Accompaniments.AsNoTracking().VisibleTo(db, person)
            .OrderByDescending(a => a.ConsentDate).ThenByDescending(a => a.CreatedAt)
            .Select(a => a.Id)
            .ToListAsync(ct);
    }

    public async Task<PersonFile?> LoadAsync(ConfidentialReader person, Guid id, CancellationToken ct)
    {
        Require(person);
        var a = await db.Accompaniments.AsNoTracking().VisibleTo(db, person).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null)
        {
            return null;
        }

        var org = a.OrganisationId;
        var referents = await db.AccompanimentReferents.AsNoTracking().Where(r => r.AccompanimentId == id)
            .Join(db.Users.Where(u => u.OrganisationId == org), r => r.UserId, u => u.Id, (r, u) => u.DisplayName)
            .ToListAsync(ct);
        var strengths = await db.AccompanimentStrengths.AsNoTracking().Where(s => s.AccompanimentId == id)
            .OrderBy(s => s.Kind).ThenBy(s => s.CreatedAt)
            .Select(s => new PersonFile.Strength(s.Kind, s.Text))
            .ToListAsync(ct);
        var rights = await db.AccompanimentRights.AsNoTracking().Where(r => r.AccompanimentId == id)
            .OrderBy(r => r.RightKind!.SortOrder).ThenBy(r => r.RightKind!.Name)
            .Select(r => new PersonFile.Right(r.RightKind!.Name, r.Status, r.RequestedOn, r.OpenedOn, r.CheckedOn))
            .ToListAsync(ct);
        var goals = await db.AccompanimentGoals.AsNoTracking().Where(g => g.AccompanimentId == id)
            .Include(g => g.Actions).Include(g => g.Reviews)
            .AsSplitQuery()
            .ToListAsync(ct);
        var meetings = await db.AccompanimentMeetings.AsNoTracking().Where(m => m.AccompanimentId == id)
            .OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.CreatedAt)
            .Select(m => new PersonFile.Meeting(m.HeldOn, m.Medium, m.Participants))
            .ToListAsync(ct);
        var notes = await db.AccompanimentNotes.AsNoTracking().VisibleTo(db, person).Where(n => n.AccompanimentId == id)
            .OrderByDescending(n => n.CreatedAt)
            .Select(n => new PersonFile.Note(n.CreatedAt, n.UpdatedAt, n.AuthorName, n.Level, n.Consent!.PartnerOrganisation!.Name,
                n.Consent.WithdrawnAt == null, n.Text))
            .ToListAsync(ct);
        var documents = await db.AccompanimentDocuments.AsNoTracking().VisibleTo(db, person).Where(d => d.AccompanimentId == id)
            .OrderByDescending(d => d.CreatedAt)
            .Select(d => new PersonFile.Document(d.Id, d.Title, d.ContentType, d.SizeBytes, d.CreatedAt, d.AuthorName, d.Level,
                d.Consent!.PartnerOrganisation!.Name))
            .ToListAsync(ct);
        var consents = await db.AccompanimentConsents.AsNoTracking().VisibleTo(db, person).Where(c => c.AccompanimentId == id)
            .OrderBy(c => c.WithdrawnAt != null).ThenByDescending(c => c.GivenOn).ThenByDescending(c => c.CreatedAt)
            .Select(c => new PersonFile.GivenConsent(c.Id, c.Kind, c.PartnerOrganisation!.Name, c.Scope, c.GivenOn, c.Channel, c.RecordedByName,
                c.WithdrawnAt, c.WithdrawnByName))
            .ToListAsync(ct);
        var health = await db.AccompanimentHealthRecords.AsNoTracking().VisibleTo(db, person).Where(h => h.AccompanimentId == id)
            .Select(h => new PersonFile.HealthInformation(h.Categories, h.Text, h.UpdatedAt, h.UpdatedByName))
            .FirstOrDefaultAsync(ct);
        var reopened = await db.AccompanimentReopenings.AsNoTracking().Where(r => r.AccompanimentId == id)
            .OrderBy(r => r.ReopenedOn).Select(r => r.ReopenedOn)
            .ToListAsync(ct);
        var log = await PersonAccessLog.LoadAsync(db, a, documents.Select(d => d.Id).ToHashSet(), ct);

        return new PersonFile(
            a.Id,
            a.Status,
            new PersonFile.ConsentToAccompaniment(a.ConsentDate, a.ConsentChannel, a.ConsentRecordedByName, a.ConsentScope),
            referents.Order(Users.FrenchText.Comparer).ToList(),
            a.OwnAccount,
            a.IsOpen ? a.NextReviewOn : null,
            strengths,
            rights,
            goals.OrderBy(g => g.Status == GoalStatus.InProgress ? 0 : 1).ThenBy(g => g.SetOn).ThenBy(g => g.CreatedAt)
                .Select(g => new PersonFile.Goal(g.Wording, g.Status, g.SetOn, g.Status == GoalStatus.InProgress ? null : g.StatusOn,
                    g.Actions.OrderBy(x => x.IsPending ? 0 : 1).ThenBy(x => x.DueOn ?? DateOnly.MaxValue).ThenBy(x => x.CreatedAt)
                        .Select(x => new PersonFile.Action(x.Description, x.Actor, x.Actor == ActionActor.Partner ? x.PartnerName : null, x.DueOn, x.Status,
                            x.Status == ActionStatus.Done ? x.DoneOn : null))
                        .ToList(),
                    g.Reviews.OrderByDescending(r => r.ReviewedOn).ThenByDescending(r => r.CreatedAt).Select(r => new PersonFile.Review(r.ReviewedOn, r.StatusAfter)).ToList()))
                .ToList(),
            meetings,
            notes,
            documents,
            consents,
            health,
            a.IsOpen ? null : new PersonFile.ClosureFacts(a.ClosureOutcome, a.LastContactOn, a.ClosedOn, a.KeptUntil),
            reopened,
            log);
    }

    private static void Require(ConfidentialReader reader)
    {
        if (reader.Kind != ReaderKind.Person || reader.PersonId is null)
        {
            throw new InvalidOperationException("A person file is read with a person reader only.");
        }
    }
}
