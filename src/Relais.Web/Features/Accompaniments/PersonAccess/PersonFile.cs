using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Arrears;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Accompaniments.Lifecycle;
using Relais.Features.Households;
using Relais.Features.Signals;
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
/// <item>the follow-up of their arrears: repayment plans with each instalment as the team sees it (respected, missed,
/// to come), FSL requests, over-indebtedness file, the stages of an eviction procedure — the facts and amounts, not the
/// team's notes about them;</item>
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
    PersonFile.ArrearsFollowUp? Arrears,
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

    /// <summary>The arrears follow-up of the file; null when nothing was recorded.</summary>
    public sealed record ArrearsFollowUp(
        IReadOnlyList<Plan> Plans,
        IReadOnlyList<FslApplication> FslRequests,
        IReadOnlyList<OverIndebtedness> OverIndebtednessFiles,
        IReadOnlyList<EvictionEvent> EvictionSteps);

    /// <summary>A repayment plan; <see cref="Remaining"/> is the debt minus the instalments respected.</summary>
    public sealed record Plan(DateOnly AgreedOn, PlanCounterparty AgreedWith, string? AgreedWithDetail, decimal TotalDebt, DateOnly StartMonth,
        PlanStatus Status, DateOnly? EndedOn, decimal Remaining, IReadOnlyList<Instalment> Instalments);

    /// <summary>An instalment and where it stands, as on the team's page (the worker's verdict, or what the ledger shows).</summary>
    public sealed record Instalment(int Number, DateOnly Month, DateOnly DueOn, decimal Amount, InstalmentState State);

    public sealed record FslApplication(FslPurpose Purpose, DateOnly FiledOn, decimal AmountRequested, FslDecision Decision, DateOnly? DecisionOn, decimal? AmountGranted);

    public sealed record OverIndebtedness(DateOnly FiledOn, OverIndebtednessStatus Status, DateOnly? AdmissibilityOn, DateOnly? OutcomeOn);

    public sealed record EvictionEvent(EvictionStage Stage, DateOnly On, DateOnly? NextOn);

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
public sealed class PersonFiles(RelaisDbContext db, TimeProvider clock)
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
        var arrears = await ArrearsAsync(id, ct);
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
            arrears,
            notes,
            documents,
            consents,
            health,
            a.IsOpen ? null : new PersonFile.ClosureFacts(a.ClosureOutcome, a.LastContactOn, a.ClosedOn, a.KeptUntil),
            reopened,
            log);
    }

    /// <summary>The file's arrears follow-up, each plan judged as on the team's page (same rule, same ledger months).</summary>
    private async Task<PersonFile.ArrearsFollowUp?> ArrearsAsync(Guid id, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var plans = await ArrearsQueries.PlanStatesAsync(db, db.RepaymentPlans.Where(p => p.AccompanimentId == id), today,
            () => OutreachSettingsStore.ReadAsync(db, ct), dueUpTo: null, ct);
        var fsl = await db.FslRequests.AsNoTracking().Where(f => f.AccompanimentId == id)
            .OrderByDescending(f => f.FiledOn).ThenByDescending(f => f.CreatedAt)
            .Select(f => new PersonFile.FslApplication(f.Purpose, f.FiledOn, f.AmountRequested, f.Decision, f.DecisionOn, f.AmountGranted))
            .ToListAsync(ct);
        var overIndebtedness = await db.OverIndebtednessFiles.AsNoTracking().Where(o => o.AccompanimentId == id)
            .OrderByDescending(o => o.FiledOn).ThenByDescending(o => o.CreatedAt)
            .Select(o => new PersonFile.OverIndebtedness(o.FiledOn, o.Status, o.AdmissibilityOn, o.OutcomeOn))
            .ToListAsync(ct);
        var eviction = await db.EvictionSteps.AsNoTracking().Where(e => e.AccompanimentId == id)
            .OrderBy(e => e.On).ThenBy(e => e.CreatedAt)
            .Select(e => new PersonFile.EvictionEvent(e.Stage, e.On, e.NextOn))
            .ToListAsync(ct);
        if (plans.Count == 0 && fsl.Count == 0 && overIndebtedness.Count == 0 && eviction.Count == 0)
        {
            return null;
        }

        return new PersonFile.ArrearsFollowUp(
            plans.OrderBy(p => p.Plan.Status == PlanStatus.Active ? 0 : 1).ThenByDescending(p => p.Plan.AgreedOn)
                .Select(p => new PersonFile.Plan(p.Plan.AgreedOn, p.Plan.AgreedWith, p.Plan.AgreedWithDetail, p.Plan.TotalDebt, p.Plan.StartMonth,
                    p.Plan.Status, p.Plan.EndedOn, p.Remaining,
                    p.Instalments.Select(i => new PersonFile.Instalment(i.Instalment.Number, i.Instalment.Month, i.Instalment.DueOn, i.Instalment.Amount, i.Effective)).ToList()))
                .ToList(),
            fsl,
            overIndebtedness,
            eviction);
    }

    private static void Require(ConfidentialReader reader)
    {
        if (reader.Kind != ReaderKind.Person || reader.PersonId is null)
        {
            throw new InvalidOperationException("A person file is read with a person reader only.");
        }
    }
}
