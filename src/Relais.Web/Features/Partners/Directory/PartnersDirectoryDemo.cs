using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners.Directory;

/// <summary>
/// Fictional demo content for the partner directory: the territory's structures met in the seeds (CCAS, CAF, CPAM, EMPP,
/// ADIL, mission locale, Banque de France, social mediation, health centre, mobile legal team), with valid (Luhn) but
/// invented SIRET numbers, their services on real data·inclusion themes, the places they cover, and one signed
/// agreement. The three structures created by <see cref="ConfidentialDemo"/> are completed, not duplicated. Several
/// theme categories (numérique, mobilité, alimentation…) are left uncovered so that the territory view shows gaps.
/// </summary>
public static class PartnersDirectoryDemo
{
    public static async Task SeedAsync(RelaisDbContext db, DocumentStore store, Guid organisationId, CancellationToken ct)
    {
        var existing = await db.PartnerOrganisations.Where(p => p.OrganisationId == organisationId).ToListAsync(ct);
        var residences = await db.Residences.Where(r => r.OrganisationId == organisationId).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        Guid? Residence(string name) => residences.FirstOrDefault(r => r.Name == name)?.Id;
        var checkedOn = new DateOnly(2026, 1, 15);

        PartnerOrganisation Structure(string name)
        {
            var found = existing.FirstOrDefault(p => p.Name == name);
            if (found is not null)
            {
                return found;
            }

            var created = new PartnerOrganisation { Name = name, OrganisationId = organisationId };
            db.PartnerOrganisations.Add(created);
            return created;
        }

        void Contact(PartnerOrganisation p, string name, string function, string phone, string email) =>
            db.PartnerContacts.Add(new PartnerContact { OrganisationId = organisationId, PartnerOrganisationId = p.Id, Name = name, Function = function, Phone = phone, Email = email });

        void Covers(PartnerOrganisation p, params string[] codes)
        {
            foreach (var code in codes)
            {
                db.PartnerCoverage.Add(new PartnerCoverage { OrganisationId = organisationId, PartnerOrganisationId = p.Id, Code = code });
            }
        }

        void CoversResidence(PartnerOrganisation p, string residence)
        {
            if (Residence(residence) is { } id)
            {
                db.PartnerCoverage.Add(new PartnerCoverage { OrganisationId = organisationId, PartnerOrganisationId = p.Id, ResidenceId = id });
            }
        }

        PartnerService Service(PartnerOrganisation p, string name, string description, string type, string[] themes, string[] publics, string[] mobilisation,
            string? conditions = null, string fees = "gratuit", string[]? zone = null, string? details = null)
        {
            var service = new PartnerService
            {
                OrganisationId = organisationId, PartnerOrganisationId = p.Id, Name = name, Description = description, Type = type, Themes = [.. themes],
                Publics = [.. publics], AccessConditions = conditions, Fees = fees, ReceptionModes = ["en-presentiel"], MobilisationModes = [.. mobilisation],
                MobilisableBy = ["professionnels", "usagers"], MobilisationDetails = details, EligibilityZone = [.. zone ?? []], CheckedOn = checkedOn,
            };
            db.PartnerServices.Add(service);
            return service;
        }

        var ccas = Structure("CCAS de L’Haÿ-les-Roses");
        Fill(ccas, PartnerKind.Ccas, "26940039174005", "Centre communal d’action sociale : aides facultatives, instruction des demandes FSL, domiciliation, accompagnement des personnes âgées.",
            "41 rue Jean Jaurès", "94240", "L’Haÿ-les-Roses", "94038", "01 46 15 33 00", "ccas@ville-lhay-demo.fr", "Du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30 ; fermé le jeudi matin.", checkedOn);
        Contact(ccas, "Inès Caron", "Conseillère en économie sociale et familiale", "01 46 15 33 12", "i.caron@ville-lhay-demo.fr");
        Contact(ccas, "Marc Delorme", "Responsable du CCAS", "01 46 15 33 01", "m.delorme@ville-lhay-demo.fr");
        Covers(ccas, "94038");
        Service(ccas, "Aides facultatives et dossiers FSL", "Secours d’urgence, aide au paiement du loyer et de l’énergie, instruction des demandes au Fonds de solidarité logement.", "aide-financiere",
            ["difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere", "logement-hebergement--reduire-les-impayes-de-loyer", "logement-hebergement--se-maintenir-dans-le-logement"],
            ["familles", "seniors", "beneficiaires-des-minimas-sociaux"], ["telephoner", "se-presenter"], "Habiter la commune ; dossier avec les trois derniers justificatifs de ressources.");
        Service(ccas, "Domiciliation et accès aux droits", "Adresse administrative pour les personnes sans domicile stable, aide aux démarches (RSA, CSS, retraite).", "accompagnement",
            ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits", "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
            ["tous-publics"], ["se-presenter"]);

        var missionLocale = Structure("Mission locale Bièvre Val-de-Marne");
        Fill(missionLocale, PartnerKind.MissionLocale, "53400192975504", "Accompagnement des 16-25 ans vers l’emploi, la formation, le logement et la santé ; Contrat d’engagement jeune.",
            "12 avenue de la République", "94800", "Villejuif", "94076", "01 45 21 06 70", "contact@ml-bievre-demo.fr", "Du lundi au vendredi de 9 h à 17 h.", checkedOn);
        Contact(missionLocale, "Sofiane Benali", "Conseiller en insertion professionnelle", "01 45 21 06 74", "s.benali@ml-bievre-demo.fr");
        Service(missionLocale, "Accompagnement vers l’emploi des 16-25 ans", "Un conseiller référent, des ateliers CV et entretien, la mise en relation avec des employeurs.", "accompagnement",
            ["trouver-un-emploi--repondre-a-des-offres-demploi", "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation", "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"],
            ["jeunes"], ["telephoner", "envoyer-un-courriel"], "Avoir entre 16 et 25 ans, être sorti du système scolaire.", zone: ["94038", "94076", "94041", "94017"]);
        Service(missionLocale, "Trouver sa formation", "Information sur les formations qualifiantes et montage du dossier de financement.", "information",
            ["se-former--trouver-sa-formation", "se-former--monter-son-dossier-de-formation"], ["jeunes"], ["se-presenter"], zone: ["94038", "94076", "94041", "94017"]);

        var budget = Structure("Point conseil budget – Association Crésus (fictif)");
        Fill(budget, PartnerKind.Association, "77500114736884", "Point conseil budget labellisé : diagnostic budgétaire, négociation avec les créanciers, accompagnement au dossier de surendettement.",
            "8 rue du Marché", "94000", "Créteil", "94028", "01 43 99 12 40", "pcb@cresus-demo.fr", "Sur rendez-vous, du mardi au vendredi.", checkedOn);
        Covers(budget, "94");
        Service(budget, "Conseil budgétaire et prévention du surendettement", "Entretiens individuels pour faire le point sur le budget, prioriser les dettes, préparer un dossier de surendettement.", "accompagnement",
            ["difficultes-financieres--ameliorer-sa-gestion-budgetaire", "difficultes-financieres--situation-dendettement-surendettement"], ["tous-publics"], ["telephoner", "envoyer-un-courriel"]);

        var caf = Structure("CAF du Val-de-Marne – antenne de Villejuif");
        Fill(caf, PartnerKind.Caf, "77510021398496", "Prestations familiales et aides au logement ; travailleurs sociaux de la CAF pour les familles confrontées à une séparation, un décès ou un impayé de loyer.",
            "3 rue Georges Le Bigot", "94800", "Villejuif", "94076", "32 30", null, "Accueil sur rendez-vous du lundi au vendredi.", checkedOn);
        Covers(caf, "94");
        Service(caf, "Accompagnement social des familles", "Rendez-vous avec un travailleur social de la CAF lors d’une séparation, d’un décès ou d’un impayé de loyer.", "accompagnement",
            ["famille--soutien-a-la-parentalite-et-a-leducation", "famille--surmonter-conflits-separation-violence", "logement-hebergement--reduire-les-impayes-de-loyer"], ["familles"], ["telephoner"],
            "Être allocataire de la CAF du Val-de-Marne.");

        var cpam = Structure("CPAM du Val-de-Marne – mission accompagnement santé");
        Fill(cpam, PartnerKind.Cpam, "81214501651565", "Accompagnement des assurés qui renoncent à des soins : ouverture des droits, complémentaire santé solidaire, recherche d’un médecin traitant.",
            "1-9 avenue du Général de Gaulle", "94000", "Créteil", "94028", "36 46", null, null, checkedOn);
        Covers(cpam, "94");
        Service(cpam, "Mission accompagnement santé", "Aide aux assurés en situation de renoncement aux soins : droits, complémentaire santé, orientation vers les soins.", "accompagnement",
            ["sante--acces-aux-soins", "sante--constituer-un-dossier-mdph-invalidite"], ["tous-publics"], ["utiliser-lien-mobilisation"], "Sur saisine d’un partenaire (fiche de détection).");

        var empp = Structure("Équipe mobile psychiatrie-précarité Val-de-Marne Sud");
        Fill(empp, PartnerKind.Empp, "41288304713417", "Équipe mobile du secteur psychiatrique : va vers les personnes en souffrance psychique et en précarité, à domicile ou dans la résidence, et soutient les équipes de proximité.",
            null, null, null, null, "01 42 11 70 00", "empp-sud@ght-demo.fr", "Du lundi au vendredi, intervention sur appel d’un professionnel.", checkedOn);
        Contact(empp, "Dr Claire Fontaine", "Psychiatre coordinatrice", "01 42 11 70 02", "c.fontaine@ght-demo.fr");
        Service(empp, "Intervention à domicile et soutien aux professionnels", "Évaluation et accompagnement vers le soin de personnes en souffrance psychique ; analyse de situation avec le gardien ou le travailleur social.", "accompagnement",
            ["sante--sante-mentale", "sante--addictions"], ["personnes-en-situation-durgence", "tous-publics"], ["telephoner"], "Sur appel d’un professionnel ; l’accord de la personne est recherché.",
            zone: ["94038", "94076", "94041"]);

        var adil = Structure("ADIL du Val-de-Marne");
        Fill(adil, PartnerKind.Adil, "57200020935738", "Information juridique, financière et fiscale gratuite sur le logement ; prévention des expulsions.",
            "48 avenue Pierre Brossolette", "94000", "Créteil", "94028", "01 48 98 03 48", "contact@adil94-demo.fr", "Permanences téléphoniques du lundi au vendredi.", checkedOn);
        Covers(adil, "94");
        Service(adil, "Conseil juridique logement et prévention des expulsions", "Réponses d’un juriste sur le bail, les charges, les impayés et la procédure d’expulsion.", "information",
            ["logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement", "logement-hebergement--se-maintenir-dans-le-logement"], ["tous-publics"], ["telephoner", "se-presenter"]);

        var bdf = Structure("Banque de France – succursale de Créteil");
        Fill(bdf, PartnerKind.BanqueDeFrance, "88230118980539", "Secrétariat de la commission de surendettement ; droit au compte ; information sur le fichage bancaire.",
            "Immeuble Le Pascal", "94000", "Créteil", "94028", "34 14", null, null, checkedOn);
        Service(bdf, "Dépôt et suivi d’un dossier de surendettement", "Accueil et information sur la procédure de surendettement ; dépôt du dossier en ligne ou au guichet.", "information",
            ["difficultes-financieres--situation-dendettement-surendettement"], ["tous-publics"], ["utiliser-lien-mobilisation", "se-presenter"], zone: ["94"]);

        var mediation = Structure("Médiation sociale Bièvre (association)");
        Fill(mediation, PartnerKind.Association, "41933079645910", "Médiateurs sociaux présents en soirée dans les résidences : apaisement des conflits de voisinage, lien avec les services, accompagnement aux démarches.",
            "5 allée des Roses", "94240", "L’Haÿ-les-Roses", "94038", "06 70 00 12 34", "mediation@bievre-demo.fr", "Du mardi au samedi de 14 h à 21 h.", checkedOn);
        CoversResidence(mediation, "Cité des Roses");
        CoversResidence(mediation, "Résidence du Parc");
        Service(mediation, "Médiation de voisinage et lien social", "Médiation entre voisins, cafés des habitants, accompagnement physique vers les services publics.", "accompagnement",
            ["remobilisation--lien-social", "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives", "famille--surmonter-conflits-separation-violence"],
            ["tous-publics", "residents-qpv-frr"], ["telephoner", "se-presenter"]);

        var health = Structure("Centre municipal de santé de Villejuif");
        Fill(health, PartnerKind.HealthCentre, "26940761883195", "Médecine générale, soins infirmiers, dentaire ; tiers payant ; petits-déjeuners santé dans les résidences.",
            "15 rue Jean Lurçat", "94800", "Villejuif", "94076", "01 45 59 23 00", null, "Du lundi au samedi de 8 h 30 à 19 h.", checkedOn);
        Covers(health, "94076");
        Service(health, "Consultations et petits-déjeuners santé", "Consultations sans dépassement d’honoraires ; petits-déjeuners santé animés avec les habitants.", "accompagnement",
            ["sante--acces-aux-soins", "remobilisation--bien-etre-confiance-en-soi"], ["tous-publics"], ["telephoner", "se-presenter"], fees: "payant", details: "Tiers payant intégral pour les bénéficiaires de la CSS.");

        var legal = Structure("Équipe mobile juridique – Point-justice itinérant");
        Fill(legal, PartnerKind.Association, "84522014436739", "Juristes qui tiennent des permanences d’accès au droit au pied des immeubles et dans les maisons de quartier.",
            null, null, null, null, "01 49 00 45 45", "pointjustice@acces-droit-demo.fr", "Permanences mobiles selon calendrier.", checkedOn);
        Service(legal, "Permanences juridiques mobiles", "Information juridique gratuite et anonyme : famille, travail, dettes, discriminations, procédure judiciaire.", "information",
            ["difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire", "difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination"],
            ["tous-publics"], ["se-presenter"], zone: ["200054781"]);

        // A structure that closed: kept in the directory, out of the territory view.
        var grocery = Structure("Épicerie solidaire des Roses");
        Fill(grocery, PartnerKind.Association, "79611882938038", "Épicerie solidaire (fermée depuis décembre 2025, en attente d’un repreneur).",
            "3 allée des Roses", "94240", "L’Haÿ-les-Roses", "94038", null, null, null, checkedOn);
        grocery.IsActive = false;
        CoversResidence(grocery, "Cité des Roses");
        Service(grocery, "Épicerie solidaire", "Produits alimentaires et d’hygiène à 10 à 30 % de leur prix, sur orientation d’un travailleur social.", "aide-materielle",
            ["equipement-et-alimentation--alimentation"], ["familles", "beneficiaires-des-minimas-sociaux"], ["se-presenter"], fees: "payant");

        var pdf = ConfidentialDemo.DemoPdf("Convention de partenariat 2026 - exemple fictif", "CCAS de L'Hay-les-Roses et Habitat Solidaire du Val-de-Marne : FSL, visites conjointes.");
        var stored = await store.SaveAsync(organisationId, new MemoryStream(pdf), ct);
        db.PartnerAgreements.Add(new PartnerAgreement
        {
            OrganisationId = organisationId, PartnerOrganisationId = ccas.Id, Title = "Convention de partenariat 2026", Kind = AgreementKind.Convention,
            StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2026, 12, 31),
            Notes = "Instruction conjointe des demandes FSL maintien ; visites à domicile à deux pour les situations complexes ; bilan annuel en décembre.",
            DocumentFileName = "convention-ccas-2026.pdf", DocumentContentType = "application/pdf", DocumentSize = stored.Size, DocumentStorageKey = stored.StorageName,
        });
        db.PartnerAgreements.Add(new PartnerAgreement
        {
            OrganisationId = organisationId, PartnerOrganisationId = mediation.Id, Title = "Charte de médiation 2024-2025", Kind = AgreementKind.Charter,
            StartsOn = new DateOnly(2024, 1, 1), EndsOn = new DateOnly(2025, 12, 31), Notes = "À renouveler : rendez-vous à prendre avec la direction de l’association.",
        });
        await db.SaveChangesAsync(ct);
    }

    private static void Fill(PartnerOrganisation p, PartnerKind kind, string siret, string description, string? address, string? postalCode, string? city, string? communeCode,
        string? phone, string? email, string? hours, DateOnly checkedOn)
    {
        p.Kind = kind;
        p.Siret = siret;
        p.Description = description;
        p.Address = address;
        p.PostalCode = postalCode;
        p.City = city;
        p.CommuneCode = communeCode;
        p.Phone = phone;
        p.Email = email;
        p.OpeningHours = hours;
        p.CheckedOn = checkedOn;
    }
}
