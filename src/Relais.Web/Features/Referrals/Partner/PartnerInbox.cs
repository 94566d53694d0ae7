using Microsoft.EntityFrameworkCore;
using Relais.Features.Partners.DataInclusion;

namespace Relais.Features.Referrals.Partner;

/// <summary>
/// The Partenaire's side of referrals: the filters of the inbox and the answers a partner may give. Which referrals a
/// partner sees is never decided here but by <see cref="ReferralAccess.VisibleAsync"/>.
/// </summary>
public static class PartnerInbox
{
    /// <summary>The inbox's filters (query string value, label, statuses).</summary>
    public static readonly IReadOnlyList<(string Key, string Label, ReferralStatus[] Statuses)> Filters =
    [
        ("a-traiter", "À traiter", [ReferralStatus.Sent]),
        ("acceptees", "Acceptées", [ReferralStatus.Accepted]),
        ("realisees", "Réalisées", [ReferralStatus.Done]),
        ("refusees", "Refusées", [ReferralStatus.Refused]),
        ("expirees", "Expirées ou annulées", [ReferralStatus.Expired, ReferralStatus.Cancelled]),
        ("toutes", "Toutes", []),
    ];

    public static (string Key, string Label, ReferralStatus[] Statuses) Filter(string? key) =>
        Filters.FirstOrDefault(f => f.Key == key) is { Key: not null } found ? found : Filters[0];

    public static IQueryable<Referral> WithStatus(this IQueryable<Referral> query, ReferralStatus[] statuses) =>
        statuses.Length == 0 ? query : query.Where(r => statuses.Contains(r.Status));

    /// <summary>How many referrals wait for the partner's answer (home page).</summary>
    public static async Task<int> ToHandleAsync(ReferralAccess access, CancellationToken ct) =>
        await (await access.VisibleAsync(ct)).CountAsync(r => r.Status == ReferralStatus.Sent, ct);

    public static string ThemeLabel(string? code) => string.IsNullOrEmpty(code) ? "Thématique non précisée" : DataInclusionCatalogue.ThemeLabel(code);

    /// <summary>The name a partner may read: the person's, only when the referral shares personal data.</summary>
    public static string PersonLabel(bool sharesPersonalData, string? firstName, string? lastName) =>
        sharesPersonalData && lastName is not null ? $"{firstName} {lastName.ToUpperInvariant()}".Trim() : "Orientation anonyme";

    public enum Answer { Accept, Refuse, Done }

    /// <summary>Null when the partner may give this answer now; otherwise the French reason why not.</summary>
    public static string? Refusal(ReferralStatus status, Answer answer) => (status, answer) switch
    {
        (ReferralStatus.Sent, _) => null,
        (ReferralStatus.Accepted, Answer.Done) => null,
        (ReferralStatus.Accepted, _) => "Cette orientation est déjà acceptée : il reste à en indiquer la réalisation.",
        (ReferralStatus.Expired, _) => "Cette orientation a expiré sans réponse : elle ne peut plus être modifiée. Le ou la professionnel·le qui l’a envoyée peut en adresser une nouvelle.",
        (ReferralStatus.Cancelled, _) => "Cette orientation a été annulée par le bailleur : elle ne peut plus être modifiée.",
        (ReferralStatus.Refused, _) => "Cette orientation a déjà été refusée : elle ne peut plus être modifiée.",
        (ReferralStatus.Done, _) => "Cette orientation est déjà réalisée : elle ne peut plus être modifiée.",
        _ => "Cette orientation ne peut pas recevoir de réponse.",
    };
}
