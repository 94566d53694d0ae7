using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Partners;
using Relais.Features.Referrals;
using Relais.Features.Users;
using Relais.Infrastructure.Security;
using Relais.Tests.Administration;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Referrals.Partner;

/// <summary>
/// A World arranged for the partner's side of referrals (created directly in the database, as the workers' side would):
/// the World's Partenaire belongs to "CCAS" (with a service), a second Partenaire to "Mission locale"; the North holder is
/// accompanied by the World's Conseiller, with a current consent to share with the CCAS.
/// </summary>
internal sealed class PartnerReferralKit
{
    public required World World { get; init; }
    public required string Tag { get; init; }
    public required PartnerOrganisation Structure { get; init; }
    public required PartnerService Service { get; init; }
    public required PartnerOrganisation OtherStructure { get; init; }
    public required AppUser OtherPartnerUser { get; init; }
    public required Guid AccompanimentId { get; init; }
    public required Guid ConsentId { get; init; }

    public AppUser Worker => World.Users[Role.SocialWorker];
    public string InternalNote => $"NOTE-INTERNE-{Tag} dette de loyer 2 400 €";
    public string SharedInformation => $"PARTAGE-{Tag} Besoin d’une aide pour le dossier FSL.";
    public string Phone => "06 12 34 56 78";
    public string Email => $"personne-{Tag}@exemple.fr";

    public static async Task<PartnerReferralKit> ArrangeAsync(World w)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var worker = w.Users[Role.SocialWorker];
        var structure = new PartnerOrganisation { Name = $"CCAS de Villejuif {tag}", OrganisationId = w.Id };
        var service = new PartnerService
        {
            OrganisationId = w.Id, PartnerOrganisationId = structure.Id, Name = $"Aide aux démarches {tag}",
            Description = "Accompagnement administratif", Themes = ["logement-hebergement--reduire-les-impayes-de-loyer"],
        };
        var other = new PartnerOrganisation { Name = $"Mission locale {tag}", OrganisationId = w.Id };
        var accompaniment = new Accompaniment
        {
            OrganisationId = w.Id, HouseholdId = w.NorthHousehold.Id, PersonId = w.NorthHolder.Id, Status = AccompanimentStatus.Open,
            ConsentDate = new DateOnly(2026, 1, 12), ConsentChannel = ConsentChannel.InPerson,
            ConsentRecordedByUserId = worker.Id, ConsentRecordedByName = worker.DisplayName,
        };
        var consent = new AccompanimentConsent
        {
            OrganisationId = w.Id, AccompanimentId = accompaniment.Id, Kind = ConsentKind.ShareWithPartner, PartnerOrganisationId = structure.Id,
            GivenOn = new DateOnly(2026, 1, 20), Channel = ConsentChannel.Written, Scope = "dossier FSL",
            RecordedByUserId = worker.Id, RecordedByName = worker.DisplayName,
        };
        await using (var scope = w.App.SystemScope(w.Id, out var db))
        {
            db.PartnerOrganisations.AddRange(structure, other);
            db.PartnerServices.Add(service);
            db.Accompaniments.Add(accompaniment);
            db.AccompanimentConsents.Add(consent);
            var partnerUser = await db.Users.FindAsync(w.Users[Role.Partner].Id);
            partnerUser!.PartnerOrganisationId = structure.Id;
            await db.SaveChangesAsync();
        }

        var otherUser = await AdminHelpers.AddUserAsync(w, Role.Partner);
        await using (var scope = w.App.SystemScope(w.Id, out var db))
        {
            (await db.Users.FindAsync(otherUser.Id))!.PartnerOrganisationId = other.Id;
            await db.SaveChangesAsync();
        }

        return new PartnerReferralKit
        {
            World = w, Tag = tag, Structure = structure, Service = service, OtherStructure = other, OtherPartnerUser = otherUser,
            AccompanimentId = accompaniment.Id, ConsentId = consent.Id,
        };
    }

    /// <summary>A referral of the North holder to the CCAS, sent <paramref name="daysAgo"/> days ago (as helper C's sending would leave it).</summary>
    public async Task<Referral> ReferAsync(int daysAgo = 1, bool sharesPersonalData = true, ReferralStatus status = ReferralStatus.Sent,
        Guid? structure = null, Action<Referral>? change = null)
    {
        var sent = DateTimeOffset.UtcNow.AddDays(-daysAgo);
        var referral = new Referral
        {
            OrganisationId = World.Id,
            Origin = ReferralOrigin.Accompaniment,
            PersonId = World.NorthHolder.Id,
            HouseholdId = World.NorthHousehold.Id,
            AccompanimentId = AccompanimentId,
            PartnerOrganisationId = structure ?? Structure.Id,
            PartnerServiceId = structure is null ? Service.Id : null,
            Theme = "logement-hebergement--reduire-les-impayes-de-loyer",
            SharesPersonalData = sharesPersonalData,
            SharedInformation = SharedInformation,
            InternalNote = InternalNote,
            SharedPhone = sharesPersonalData ? Phone : null,
            SharedEmail = sharesPersonalData ? Email : null,
            AccompanimentConsentId = sharesPersonalData && structure is null ? ConsentId : null,
            ConsentGivenOn = sharesPersonalData && structure is not null ? new DateOnly(2026, 1, 20) : null,
            ConsentChannel = sharesPersonalData && structure is not null ? ConsentChannel.InPerson : null,
            Status = status,
            ReferrerUserId = Worker.Id,
            ReferrerName = Worker.DisplayName,
            SentAt = status == ReferralStatus.Draft ? null : sent,
            AnswerDueOn = status == ReferralStatus.Draft ? null : DateOnly.FromDateTime(sent.AddDays(30).Date),
        };
        change?.Invoke(referral);
        await using var scope = World.App.SystemScope(World.Id, out var db);
        db.Referrals.Add(referral);
        await db.SaveChangesAsync();
        return referral;
    }

    public static string Url(Guid id) => $"/Partner/Referrals/{id}";
}
