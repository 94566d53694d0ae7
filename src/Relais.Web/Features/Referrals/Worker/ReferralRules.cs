using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Confidential;
using Relais.Infrastructure.Data;

namespace Relais.Features.Referrals.Worker;

/// <summary>What a referral that shares personal data rests on, as the worker chooses it in the form.</summary>
public enum ConsentBasis
{
    /// <summary>Nothing chosen: the referral cannot be sent (unless anonymous).</summary>
    None,

    /// <summary>A current consent of the accompaniment to share with this very structure.</summary>
    Accompaniment,

    /// <summary>The person's consent, recorded now on the referral.</summary>
    Recorded,

    /// <summary>Sent anyway by a holder of referrals.override-consent, with a reason (audited, flagged).</summary>
    Override,
}

/// <summary>The worker's consent choice as typed in the form.</summary>
public sealed record ConsentInput(ConsentBasis Basis, DateOnly? GivenOn, ConsentChannel? Channel, string? OverrideReason);

/// <summary>The consent gate's answer: the fields to store, or the French refusal, by field.</summary>
public sealed record GateResult(bool Ok, Guid? AccompanimentConsentId, IReadOnlyList<(string Field, string Message)> Errors);

/// <summary>
/// The consent gate (docs/decisions/0017), on the server: a referral that shares personal information is sent only when
/// it rests on (a) a current accompaniment consent of kind ShareWithPartner naming that structure, (b) the person's
/// consent recorded now on the referral (date not in the future, channel, by the user), or (c) an override by a holder of
/// referrals.override-consent with a reason of at least <see cref="OverrideReasonMinLength"/> characters. A consent
/// naming another structure does not count. An anonymous referral needs none. An inactive structure receives nothing.
/// </summary>
public static class ReferralRules
{
    public const int OverrideReasonMinLength = 20;
    public const int DueSoonDays = 7;

    /// <summary>
    /// An answer (or an expiry) the referring worker has not seen since it came. One definition, read in SQL by "mes
    /// échéances" (so that years of seen answers are not loaded) and in memory by the referral pages.
    /// </summary>
    public static readonly Expression<Func<Referral, bool>> UnseenAnswer = r =>
        ((r.Status == ReferralStatus.Accepted || r.Status == ReferralStatus.Refused) && r.AnsweredAt != null
            && (r.AnswerSeenAt == null || r.AnswerSeenAt < r.AnsweredAt))
        || (r.Status == ReferralStatus.Done && (r.DoneAt != null || r.AnsweredAt != null)
            && (r.AnswerSeenAt == null || r.AnswerSeenAt < (r.DoneAt ?? r.AnsweredAt)))
        || (r.Status == ReferralStatus.Expired && r.ClosedAt != null
            && (r.AnswerSeenAt == null || r.AnswerSeenAt < r.ClosedAt));

    private static readonly Func<Referral, bool> UnseenAnswerInMemory = UnseenAnswer.Compile();

    public static bool IsUnseenAnswer(Referral r) => UnseenAnswerInMemory(r);

    /// <summary>"Mes échéances": sent referrals whose answer is due by <paramref name="soon"/>, or an unseen answer while the consent stands.</summary>
    public static Expression<Func<Referral, bool>> DueOrUnseenAnswer(DateOnly soon)
    {
        Expression<Func<Referral, bool>> due = r => r.Status == ReferralStatus.Sent && r.AnswerDueOn != null && r.AnswerDueOn <= soon;
        Expression<Func<Referral, bool>> consented = r => r.ConsentWithdrawnAt == null;
        var r = due.Parameters[0];
        var unseen = ReplacingExpressionVisitor.Replace(UnseenAnswer.Parameters[0], r, UnseenAnswer.Body);
        var stands = ReplacingExpressionVisitor.Replace(consented.Parameters[0], r, consented.Body);
        return Expression.Lambda<Func<Referral, bool>>(Expression.OrElse(due.Body, Expression.AndAlso(stands, unseen)), r);
    }

    public static string Refusal(string partner) =>
        $"Sans l’accord enregistré de la personne pour partager avec « {partner} », l’orientation ne peut pas être envoyée.";

    public static string Inactive(string partner) =>
        $"La structure « {partner} » n’est plus active : elle ne peut pas recevoir d’orientation.";

    /// <summary>The current ShareWithPartner consents of an accompaniment, by structure (what the form offers).</summary>
    public static IQueryable<AccompanimentConsent> SharingConsents(RelaisDbContext db, Guid accompanimentId) =>
        db.AccompanimentConsents.Current(accompanimentId, ConsentKind.ShareWithPartner).Where(c => c.PartnerOrganisationId != null);

    public static async Task<GateResult> CheckAsync(RelaisDbContext db, Guid? accompanimentId, Guid partnerId, string partnerName,
        bool sharesPersonalData, ConsentInput input, bool canOverride, DateOnly today, CancellationToken ct)
    {
        if (!sharesPersonalData)
        {
            return new GateResult(true, null, []);
        }

        var errors = new List<(string, string)>();
        switch (input.Basis)
        {
            case ConsentBasis.Accompaniment:
                var consent = accompanimentId is { } a
                    ? await SharingConsents(db, a).Where(c => c.PartnerOrganisationId == partnerId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct)
                    : null;
                if (consent is null)
                {
                    errors.Add(("Input.ConsentBasis", Refusal(partnerName) + " Le dossier d’accompagnement n’a pas d’accord en cours pour cette structure."));
                    break;
                }

                return new GateResult(true, consent, []);
            case ConsentBasis.Recorded:
                if (input.GivenOn is null)
                {
                    errors.Add(("Input.ConsentGivenOn", "Indiquez la date à laquelle la personne a donné son accord."));
                }
                else if (input.GivenOn > today)
                {
                    errors.Add(("Input.ConsentGivenOn", "La date de l’accord ne peut pas être dans le futur."));
                }

                if (input.Channel is null)
                {
                    errors.Add(("Input.ConsentChannel", "Choisissez comment la personne a donné son accord."));
                }

                break;
            case ConsentBasis.Override:
                if (!canOverride)
                {
                    errors.Add(("Input.ConsentBasis", Refusal(partnerName) + " Vous n’avez pas l’autorisation de passer outre."));
                    break;
                }

                if ((input.OverrideReason?.Trim().Length ?? 0) < OverrideReasonMinLength)
                {
                    errors.Add(("Input.OverrideReason", $"Expliquez en au moins {OverrideReasonMinLength} caractères pourquoi l’orientation part sans l’accord de la personne."));
                }

                break;
            default:
                errors.Add(("Input.ConsentBasis", Refusal(partnerName)));
                break;
        }

        return new GateResult(errors.Count == 0, null, errors);
    }

    /// <summary>
    /// Marks as expired the referrals of one organisation (the DbContext's) sent and unanswered past their due date.
    /// Each is saved through SaveChanges (audited), with its version checked: an answer that arrives meanwhile wins.
    /// </summary>
    public static async Task<int> ExpireAsync(RelaisDbContext db, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var due = await db.Referrals.Where(r => r.Status == ReferralStatus.Sent && r.AnswerDueOn != null && r.AnswerDueOn < today)
            .ToListAsync(ct);
        var expired = 0;
        foreach (var referral in due)
        {
            referral.Status = ReferralStatus.Expired;
            referral.ClosedAt = now;
            try
            {
                await db.SaveChangesAsync(ct);
                expired++;
            }
            catch (DbUpdateConcurrencyException)
            {
                db.Entry(referral).State = EntityState.Detached;
            }
        }

        return expired;
    }
}
