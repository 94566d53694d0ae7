using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Households;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Referrals.Partner;

/// <summary>
/// HELPER D DEMO — dedupe at merge with the workers' side demo (helper C): referrals in the demo Partenaire's inbox
/// (the CCAS of ConfidentialDemo): one to answer that shares the demo Habitante's name under her written consent, one
/// anonymous, one already accepted with an appointment. Fictional people and texts; dates relative to the seeding day.
/// </summary>
public static class PartnerReferralsDemo
{
    public const string ServiceName = "Aide sociale facultative et dossiers FSL";

    public static async Task SeedAsync(RelaisDbContext db, Guid organisationId, Person resident, IReadOnlyList<Person> people, CancellationToken ct)
    {
        var ccas = await db.PartnerOrganisations.FirstOrDefaultAsync(p => p.Name == "CCAS de L’Haÿ-les-Roses", ct);
        var worker = await db.Users.Where(u => u.OrganisationId == organisationId && u.Role == Role.SocialWorker).OrderBy(u => u.Email).FirstOrDefaultAsync(ct);
        var accompaniment = await db.Accompaniments.FirstOrDefaultAsync(a => a.PersonId == resident.Id && a.Status == AccompanimentStatus.Open, ct);
        if (ccas is null || worker is null || accompaniment is null)
        {
            return;
        }

        var consent = await db.AccompanimentConsents.FirstOrDefaultAsync(c => c.AccompanimentId == accompaniment.Id
            && c.Kind == ConsentKind.ShareWithPartner && c.PartnerOrganisationId == ccas.Id && c.WithdrawnAt == null, ct);
        var service = new PartnerService
        {
            OrganisationId = organisationId,
            PartnerOrganisationId = ccas.Id,
            Name = ServiceName,
            Description = "Instruction des aides facultatives du CCAS et des demandes au Fonds de solidarité logement (maintien dans le logement).",
            Themes = ["logement-hebergement--reduire-les-impayes-de-loyer", "logement-hebergement--se-maintenir-dans-le-logement"],
        };
        db.PartnerServices.Add(service);

        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var expiry = await db.ReferralExpiryDaysAsync(ct);
        Referral Sent(Person person, Guid householdId, int daysAgo, bool shares, string shared, string note) => new()
        {
            OrganisationId = organisationId,
            Origin = ReferralOrigin.Accompaniment,
            PersonId = person.Id,
            HouseholdId = householdId,
            AccompanimentId = person.Id == resident.Id ? accompaniment.Id : null,
            PartnerOrganisationId = ccas.Id,
            PartnerServiceId = service.Id,
            Theme = "logement-hebergement--reduire-les-impayes-de-loyer",
            SharesPersonalData = shares,
            SharedInformation = shared,
            InternalNote = note,
            Status = ReferralStatus.Sent,
            ReferrerUserId = worker.Id,
            ReferrerName = worker.DisplayName,
            SentAt = now.AddDays(-daysAgo),
            AnswerDueOn = today.AddDays(expiry - daysAgo),
        };

        var referrals = new List<Referral>();
        if (consent is not null)
        {
            var chloe = Sent(resident, resident.HouseholdId, 2, true,
                "Demande d’aide du FSL (maintien) : trois mois de loyer en retard, loyer courant repris depuis janvier. Mme souhaite être reçue en fin de matinée.",
                "Vérifier que l’échéancier bailleur est compatible avec le temps partiel avant la commission.");
            chloe.AccompanimentConsentId = consent.Id;
            chloe.SharedPhone = "06 12 34 56 78";
            referrals.Add(chloe);
        }

        var other = people.FirstOrDefault(p => p.Role == HouseholdRole.LeaseHolder && p.HouseholdId != resident.HouseholdId);
        if (other is not null)
        {
            referrals.Add(Sent(other, other.HouseholdId, 5, false,
                "Une personne seule, locataire depuis 2019, souhaite connaître les aides facultatives pour une facture d’énergie. Elle prendra contact avec l’accueil du CCAS.",
                "Ne souhaite pas que son nom soit transmis pour l’instant."));
            var accepted = Sent(other, other.HouseholdId, 12, false,
                "Demande d’information sur l’aide à l’installation (ouverture des compteurs).",
                "Premier contact lors du porte-à-porte.");
            accepted.Status = ReferralStatus.Accepted;
            accepted.AnsweredAt = now.AddDays(-10);
            accepted.AnsweredByName = "Accueil du CCAS";
            accepted.AppointmentAt = new DateTimeOffset(today.AddDays(3).ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero);
            referrals.Add(accepted);
        }

        db.Referrals.AddRange(referrals);
        await db.SaveChangesAsync(ct);
    }
}
