using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Referrals;

/// <summary>
/// THE place where the visibility of referrals is decided, as query restrictions (docs/decisions/0017):
/// <list type="bullet">
/// <item>the social team (Responsable, Conseiller) sees the referrals of the persons of its household scope;</item>
/// <item>a Partenaire sees only the referrals addressed to its own active structure, once sent, and only while the
/// consent they rest on is current (or they share no personal data, or were sent under an audited override) —
/// withdrawal removes them at the next request;</item>
/// <item>a Habitant sees the referrals made for them (not drafts), and can withdraw the consent;</item>
/// <item>anyone else sees none.</item>
/// </list>
/// Every read of a referral by a partner is logged (<see cref="LogPartnerReadAsync"/>).
/// </summary>
public sealed class ReferralAccess(RelaisDbContext db, ConfidentialAccess confidential, CurrentUser me)
{
    public Task<ConfidentialReader> ReaderAsync(CancellationToken ct) => confidential.ReaderAsync(ct);

    public bool CanWrite => me.Can(Permissions.Referrals.Write);
    public bool CanOverrideConsent => me.Can(Permissions.Referrals.OverrideConsent);

    /// <summary>The referrals the caller may see.</summary>
    public async Task<IQueryable<Referral>> VisibleAsync(CancellationToken ct)
    {
        var reader = await confidential.ReaderAsync(ct);
        return Visible(db, reader);
    }

    public static IQueryable<Referral> Visible(RelaisDbContext db, ConfidentialReader reader)
    {
        var referrals = db.Referrals;
        switch (reader.Kind)
        {
            case ReaderKind.Team when reader.Scope.All:
                return referrals;
            case ReaderKind.Team:
                var households = db.Households.VisibleIn(reader.Scope);
                return referrals.Where(r => households.Any(h => h.Id == r.HouseholdId));
            case ReaderKind.Partner:
                var partner = reader.PartnerOrganisationId;
                return referrals.Where(r => r.PartnerOrganisationId == partner && r.SentAt != null && r.Status != ReferralStatus.Draft)
                    .WhereConsentCurrent();
            case ReaderKind.Person:
                var person = reader.PersonId;
                return referrals.Where(r => r.PersonId == person && r.Status != ReferralStatus.Draft);
            default:
                return referrals.Where(_ => false);
        }
    }

    /// <summary>Logs a partner's (or anyone's) read of a referral, in the person's household history.</summary>
    public Task LogReadAsync(Referral referral, string context, CancellationToken ct) =>
        confidential.LogReadAsync(nameof(Referral), referral.Id, referral.HouseholdId, context, ct);
}

public static class ReferralConsentQueries
{
    /// <summary>
    /// The referrals a partner may read now: sharing nothing personal, or resting on a current consent (the accompaniment
    /// consent to share with the structure, or the consent recorded on the referral), or sent under an override — and
    /// never once the person withdrew the consent recorded on the referral.
    /// </summary>
    public static IQueryable<Referral> WhereConsentCurrent(this IQueryable<Referral> query) =>
        query.Where(r => r.ConsentWithdrawnAt == null && (
            !r.SharesPersonalData
            || r.OverrideReason != null
            || (r.AccompanimentConsentId != null && r.AccompanimentConsent!.WithdrawnAt == null && r.AccompanimentConsent.PartnerOrganisationId == r.PartnerOrganisationId)
            || (r.AccompanimentConsentId == null && r.ConsentGivenOn != null)));
}
