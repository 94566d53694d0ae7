using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Collective;
using Relais.Features.Households;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Referrals.Worker;

/// <summary>
/// Fictional demo referrals, in every status, from the demo accompaniments (and a collective project) to the demo
/// partner structures: the demo Habitant's accepted referral to the CCAS (an answer the Conseillère has not yet seen, in
/// her "mes échéances"), one awaiting an answer due within days, a refusal, an anonymous one done, an expired one, one sent
/// under an audited override, a draft. Called from the demo seeder once the partner structures exist; does nothing
/// when they do not.
/// </summary>
public static class ReferralsDemo
{
    public static async Task SeedAsync(RelaisDbContext db, Guid organisationId, Person resident, CancellationToken ct)
    {
        var partners = await db.PartnerOrganisations.Where(p => p.OrganisationId == organisationId && p.IsActive).ToListAsync(ct);
        var ccas = partners.FirstOrDefault(p => p.Name.Contains("CCAS", StringComparison.Ordinal));
        var missionLocale = partners.FirstOrDefault(p => p.Name.Contains("Mission locale", StringComparison.Ordinal));
        var budget = partners.FirstOrDefault(p => p.Name.Contains("budget", StringComparison.OrdinalIgnoreCase));
        var users = await db.Users.Where(u => u.OrganisationId == organisationId).ToListAsync(ct);
        var worker = users.FirstOrDefault(u => u.Role == Role.SocialWorker);
        var manager = users.FirstOrDefault(u => u.Role == Role.Manager);
        if (ccas is null || missionLocale is null || worker is null || manager is null)
        {
            return;
        }

        budget ??= ccas;
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(DateTime.Now);
        var accompaniments = await db.Accompaniments.Where(a => a.OrganisationId == organisationId && a.Status == AccompanimentStatus.Open)
            .OrderBy(a => a.CreatedAt).Take(6).ToListAsync(ct);
        var consents = await db.AccompanimentConsents
            .Where(c => c.OrganisationId == organisationId && c.Kind == ConsentKind.ShareWithPartner && c.WithdrawnAt == null)
            .ToListAsync(ct);
        var chloe = accompaniments.FirstOrDefault(a => a.PersonId == resident.Id);
        var others = accompaniments.Where(a => a.PersonId != resident.Id).ToList();

        Referral New(Accompaniment a, PartnerOrganisation partner, string theme, string shared, int sentDaysAgo, Users.AppUser by) => new()
        {
            OrganisationId = organisationId,
            Origin = ReferralOrigin.Accompaniment,
            AccompanimentId = a.Id,
            PersonId = a.PersonId,
            HouseholdId = a.HouseholdId,
            PartnerOrganisationId = partner.Id,
            Theme = theme,
            SharesPersonalData = true,
            SharedInformation = shared,
            Status = ReferralStatus.Sent,
            SentAt = now.AddDays(-sentDaysAgo),
            AnswerDueOn = today.AddDays(ReferralSettings.DefaultExpiryDays - sentDaysAgo),
            ReferrerUserId = by.Id,
            ReferrerName = by.DisplayName,
        };

        void Recorded(Referral r, int daysAgo, ConsentChannel channel, Users.AppUser by)
        {
            r.ConsentGivenOn = today.AddDays(-daysAgo);
            r.ConsentChannel = channel;
            r.ConsentRecordedByUserId = by.Id;
            r.ConsentRecordedByName = by.DisplayName;
        }

        var referrals = new List<Referral>();
        if (chloe is not null)
        {
            var accepted = New(chloe, ccas, "logement-hebergement--se-maintenir-dans-le-logement",
                "Demande d’aide du FSL maintien : trois mois de loyer en retard, loyer courant repris depuis janvier. Mme souhaite être reçue en fin de matinée (enfants).",
                12, worker);
            accepted.AccompanimentConsentId = consents.FirstOrDefault(c => c.AccompanimentId == chloe.Id && c.PartnerOrganisationId == ccas.Id)?.Id;
            if (accepted.AccompanimentConsentId is null)
            {
                Recorded(accepted, 12, ConsentChannel.Written, worker);
            }

            accepted.SharedPhone = resident.Phone;
            accepted.Status = ReferralStatus.Accepted;
            accepted.AnsweredAt = now.AddDays(-1);
            accepted.AnsweredByName = "Accueil du CCAS";
            accepted.AppointmentAt = new DateTimeOffset(now.AddDays(6).UtcDateTime.Date.AddHours(9), TimeSpan.Zero);
            accepted.InternalNote = "Vérifier après le rendez-vous que le dossier FSL est complet (avis d’imposition).";
            referrals.Add(accepted);

            var anonymous = New(chloe, missionLocale, "famille--soutien-a-la-parentalite-et-a-leducation",
                "Une mère de deux enfants cherche un atelier parents-enfants le mercredi ; elle viendra d’elle-même à la permanence.", 40, worker);
            anonymous.SharesPersonalData = false;
            anonymous.Status = ReferralStatus.Done;
            anonymous.AnsweredAt = now.AddDays(-38);
            anonymous.AnsweredByName = "Mission locale";
            anonymous.DoneAt = now.AddDays(-20);
            anonymous.Outcome = "Reçue à la permanence ; inscrite à l’atelier du mercredi.";
            anonymous.ClosedAt = anonymous.DoneAt;
            anonymous.AnswerSeenAt = now.AddDays(-19);
            referrals.Add(anonymous);
        }

        if (others.Count > 0)
        {
            var a = others[0];
            var dueSoon = New(a, budget, "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
                "M. souhaite un accompagnement budgétaire de trois mois et apprendre à suivre ses dépenses sur son téléphone.", 25, manager);
            dueSoon.AccompanimentConsentId = consents.FirstOrDefault(c => c.AccompanimentId == a.Id && c.PartnerOrganisationId == budget.Id)?.Id;
            if (dueSoon.AccompanimentConsentId is null)
            {
                Recorded(dueSoon, 25, ConsentChannel.InPerson, manager);
            }

            referrals.Add(dueSoon);

            var refused = New(a, missionLocale, "trouver-un-emploi--faire-des-candidatures-et-se-preparer-aux-entretiens",
                "Le fils aîné, 27 ans, cherche un emploi de magasinier ; il est joignable l’après-midi.", 30, worker);
            Recorded(refused, 31, ConsentChannel.Phone, worker);
            refused.Status = ReferralStatus.Refused;
            refused.AnsweredAt = now.AddDays(-26);
            refused.AnsweredByName = "Mission locale";
            refused.RefusalReason = "La mission locale accompagne les jeunes jusqu’à 25 ans : orientez-le vers France Travail.";
            refused.ClosedAt = refused.AnsweredAt;
            refused.AnswerSeenAt = now.AddDays(-25);
            referrals.Add(refused);
        }

        if (others.Count > 1)
        {
            var a = others[1];
            var expired = New(a, ccas, "equipement-et-alimentation--alimentation", "Demande d’aide alimentaire ponctuelle (épicerie solidaire) pour deux adultes.", 45, worker);
            Recorded(expired, 46, ConsentChannel.InPerson, worker);
            expired.Status = ReferralStatus.Expired;
            expired.ClosedAt = now.AddDays(-14);
            referrals.Add(expired);

            var overridden = New(a, ccas, "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
                "Coupure d’électricité annoncée pour demain ; foyer avec un nourrisson.", 2, manager);
            overridden.OverrideReason = "Coupure d’énergie imminente avec un nourrisson : la personne est injoignable et le CCAS doit intervenir aujourd’hui.";
            overridden.OverrideByUserId = manager.Id;
            overridden.OverrideByName = manager.DisplayName;
            referrals.Add(overridden);
        }

        if (others.Count > 2)
        {
            var a = others[2];
            var draft = New(a, missionLocale, "se-former--trouver-sa-formation", "Projet de formation d’aide-soignante à préciser avec la personne.", 0, worker);
            draft.Status = ReferralStatus.Draft;
            draft.SentAt = null;
            draft.AnswerDueOn = null;
            referrals.Add(draft);
        }

        // From a collective project: a resident member referred to the CCAS, consent recorded on the referral.
        var member = await db.ProjectMembers.Where(m => m.OrganisationId == organisationId && m.Kind == MemberKind.Resident && m.LeftOn == null && m.PersonId != null)
            .Select(m => new { m.ProjectId, PersonId = m.PersonId!.Value }).FirstOrDefaultAsync(ct);
        if (member is not null && await db.Persons.Where(p => p.Id == member.PersonId).Select(p => (Guid?)p.HouseholdId).FirstOrDefaultAsync(ct) is { } household)
        {
            var fromProject = new Referral
            {
                OrganisationId = organisationId,
                Origin = ReferralOrigin.Project,
                ProjectId = member.ProjectId,
                PersonId = member.PersonId,
                HouseholdId = household,
                PartnerOrganisationId = ccas.Id,
                Theme = "sante--acces-aux-soins",
                SharesPersonalData = true,
                SharedInformation = "Rencontrée au petit-déjeuner santé : cherche un médecin traitant et de l’aide pour la complémentaire santé solidaire.",
                Status = ReferralStatus.Sent,
                SentAt = now.AddDays(-3),
                AnswerDueOn = today.AddDays(ReferralSettings.DefaultExpiryDays - 3),
                ReferrerUserId = worker.Id,
                ReferrerName = worker.DisplayName,
            };
            Recorded(fromProject, 3, ConsentChannel.InPerson, worker);
            referrals.Add(fromProject);
        }

        foreach (var r in referrals.Where(r => r.Theme is not null && !Partners.DataInclusion.DataInclusionCatalogue.IsKnownTheme(r.Theme)))
        {
            r.Theme = Partners.DataInclusion.DataInclusionCatalogue.CategoryOf(r.Theme!);
        }

        db.Referrals.AddRange(referrals);
        await db.SaveChangesAsync(ct);
    }
}
