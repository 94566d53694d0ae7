using System.Runtime.CompilerServices;
using Relais.Features.Referrals;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Referrals.Partner;

/// <summary>A sent referral to the structure of the World's Partenaire (after ConfidentialFile.ArrangeAsync), for route-wide tests.</summary>
internal static class PartnerReferralIds
{
    private static readonly ConditionalWeakTable<World, StrongBox<Guid>> Arranged = new();

    public static Guid Of(World w) => Arranged.TryGetValue(w, out var id) ? id.Value : throw new InvalidOperationException("Call PartnerReferralIds.ArrangeAsync(world) first.");

    public static async Task ArrangeAsync(World w)
    {
        var file = Accompaniments.ConfidentialFile.Of(w);
        var worker = w.Users[Relais.Infrastructure.Security.Role.SocialWorker];
        var referral = new Referral
        {
            OrganisationId = w.Id, Origin = ReferralOrigin.Accompaniment, PersonId = w.NorthHolder.Id, HouseholdId = w.NorthHousehold.Id,
            AccompanimentId = file.AccompanimentId, PartnerOrganisationId = file.Partner.Id, SharesPersonalData = true,
            AccompanimentConsentId = file.PartnerConsentId, Status = ReferralStatus.Sent, ReferrerUserId = worker.Id, ReferrerName = worker.DisplayName,
            SentAt = DateTimeOffset.UtcNow, AnswerDueOn = DateOnly.FromDateTime(DateTime.Today.AddDays(30)),
        };
        await using (var scope = w.App.SystemScope(w.Id, out var db))
        {
            db.Referrals.Add(referral);
            await db.SaveChangesAsync();
        }

        Arranged.AddOrUpdate(w, new StrongBox<Guid>(referral.Id));
    }
}
