using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Confidential;

public enum ReaderKind
{
    /// <summary>Reads nothing of an accompaniment file (administrator, field agent, unattached partner or resident).</summary>
    None,

    /// <summary>Responsable or Conseiller, within their household scope.</summary>
    Team,

    /// <summary>A Partenaire user of an active partner structure.</summary>
    Partner,

    /// <summary>A Habitant, for the accompaniments of the person they are.</summary>
    Person,
}

/// <summary>Who reads, as the queries need it. Built per request by <see cref="ConfidentialAccess.ReaderAsync"/>.</summary>
public sealed record ConfidentialReader(ReaderKind Kind, Guid UserId, HouseholdScope Scope, Guid? PartnerOrganisationId, Guid? PersonId)
{
    public static readonly ConfidentialReader Nobody = new(ReaderKind.None, Guid.Empty, HouseholdScope.Nothing, null, null);
}

/// <summary>
/// The confidentiality rules as query restrictions: every read of a note, a document, a consent or health information
/// goes through one of these, so that what a role may not read never leaves the database. The rules
/// (docs/decisions/0013-accompaniment-confidentiality.md):
/// <list type="bullet">
/// <item>a private note is read by its author only — no role, not even an administrator, reads another user's;</item>
/// <item>team level: Responsables and Conseillers of the organisation, within their household scope (sectors);</item>
/// <item>shared with the person: the team and the accompanied person (not the other members of the household);</item>
/// <item>shared with a partner: the team, the person, and the users of the partner structure named by the consent
/// the item rests on, while that consent is current — withdrawal stops it at the next request;</item>
/// <item>health information: the team and the person, while an express health consent is current; never a partner.</item>
/// </list>
/// </summary>
public static class ConfidentialQueries
{
    public static IQueryable<Accompaniment> VisibleTo(this IQueryable<Accompaniment> query, RelaisDbContext db, ConfidentialReader reader)
    {
        switch (reader.Kind)
        {
            case ReaderKind.Team when reader.Scope.All:
                return query;
            case ReaderKind.Team:
                var households = db.Households.VisibleIn(reader.Scope);
                return query.Where(a => households.Any(h => h.Id == a.HouseholdId));
            case ReaderKind.Partner:
                var partner = reader.PartnerOrganisationId;
                var consents = db.AccompanimentConsents;
                return query.Where(a => consents.Any(c => c.AccompanimentId == a.Id && c.Kind == ConsentKind.ShareWithPartner
                    && c.PartnerOrganisationId == partner && c.WithdrawnAt == null));
            case ReaderKind.Person:
                var person = reader.PersonId;
                return query.Where(a => a.PersonId == person);
            default:
                return query.Where(_ => false);
        }
    }

    /// <summary>Notes or documents the reader may read (including the accompaniment's own visibility).</summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> query, RelaisDbContext db, ConfidentialReader reader)
        where T : class, IConfidentialItem
    {
        var me = reader.UserId;
        switch (reader.Kind)
        {
            case ReaderKind.Team:
                query = query.Where(n => n.Level != ConfidentialityLevel.Private || n.AuthorUserId == me);
                if (!reader.Scope.All)
                {
                    var households = db.Households.VisibleIn(reader.Scope);
                    query = query.Where(n => households.Any(h => h.Id == n.Accompaniment!.HouseholdId));
                }

                return query;
            case ReaderKind.Partner:
                var partner = reader.PartnerOrganisationId;
                return query.Where(n => n.Level == ConfidentialityLevel.Partner && n.Consent!.Kind == ConsentKind.ShareWithPartner
                    && n.Consent.PartnerOrganisationId == partner && n.Consent.WithdrawnAt == null && n.Consent.AccompanimentId == n.AccompanimentId);
            case ReaderKind.Person:
                var person = reader.PersonId;
                return query.Where(n => (n.Level == ConfidentialityLevel.Person || n.Level == ConfidentialityLevel.Partner)
                    && n.Accompaniment!.PersonId == person);
            default:
                return query.Where(_ => false);
        }
    }

    /// <summary>Health information: the team (in scope) and the person, only while a health consent is current.</summary>
    public static IQueryable<AccompanimentHealth> VisibleTo(this IQueryable<AccompanimentHealth> query, RelaisDbContext db, ConfidentialReader reader)
    {
        if (reader.Kind is not (ReaderKind.Team or ReaderKind.Person))
        {
            return query.Where(_ => false);
        }

        var consents = db.AccompanimentConsents;
        query = query.Where(h => consents.Any(c => c.AccompanimentId == h.AccompanimentId && c.Kind == ConsentKind.Health && c.WithdrawnAt == null));
        var accompaniments = db.Accompaniments.VisibleTo(db, reader);
        return query.Where(h => accompaniments.Any(a => a.Id == h.AccompanimentId));
    }

    /// <summary>Consents: all of them for the team and the person; for a partner, only the current ones naming their structure.</summary>
    public static IQueryable<AccompanimentConsent> VisibleTo(this IQueryable<AccompanimentConsent> query, RelaisDbContext db, ConfidentialReader reader)
    {
        if (reader.Kind == ReaderKind.Partner)
        {
            var partner = reader.PartnerOrganisationId;
            return query.Where(c => c.Kind == ConsentKind.ShareWithPartner && c.PartnerOrganisationId == partner && c.WithdrawnAt == null);
        }

        var accompaniments = db.Accompaniments.VisibleTo(db, reader);
        return query.Where(c => accompaniments.Any(a => a.Id == c.AccompanimentId));
    }

    /// <summary>The current consent of <paramref name="kind"/> of an accompaniment (and partner), for checks before writing.</summary>
    public static IQueryable<AccompanimentConsent> Current(this IQueryable<AccompanimentConsent> query, Guid accompanimentId, ConsentKind kind) =>
        query.Where(c => c.AccompanimentId == accompanimentId && c.Kind == kind && c.WithdrawnAt == null);
}

/// <summary>The caller as a reader of accompaniment files, and the logging of those reads.</summary>
public sealed class ConfidentialAccess(RelaisDbContext db, CurrentUser me, HouseholdAccess households)
{
    private ConfidentialReader? _reader;

    public async Task<ConfidentialReader> ReaderAsync(CancellationToken ct)
    {
        if (_reader is not null)
        {
            return _reader;
        }

        if (me.UserId is not { } user || me.OrganisationId is not { } organisation)
        {
            return _reader = ConfidentialReader.Nobody;
        }

        if (me.Can(Permissions.Accompaniments.Read))
        {
            return _reader = new ConfidentialReader(ReaderKind.Team, user, households.Scope, null, null);
        }

        if (me.Can(Permissions.Partners.Shared))
        {
            var partner = await db.PartnerStructureOfAsync(user, organisation, ct);
            return _reader = partner is null ? ConfidentialReader.Nobody : new ConfidentialReader(ReaderKind.Partner, user, HouseholdScope.Nothing, partner, null);
        }

        if (me.Can(Permissions.Accompaniments.OwnFile) && me.PersonId is { } person)
        {
            return _reader = new ConfidentialReader(ReaderKind.Person, user, HouseholdScope.Nothing, null, person);
        }

        return _reader = ConfidentialReader.Nobody;
    }

    /// <summary>Logs the read of (part of) an accompaniment file before it is shown, in the household's history.</summary>
    public Task LogReadAsync(string entityType, Guid entityId, Guid householdId, string context, CancellationToken ct) =>
        households.LogReadAsync(entityType, entityId, householdId, context, ct);
}
