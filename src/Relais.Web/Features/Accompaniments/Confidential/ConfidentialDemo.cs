using System.Text;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Accompaniments.Confidential;

/// <summary>
/// Fictional demo content for the confidential part of accompaniment files: three partner structures (the demo
/// Partenaire works for the CCAS), and for three accompanied persons — the demo Habitant first — consents, notes at
/// each level, health information and a document. Reuses an open accompaniment when the demo already has one.
/// </summary>
public static class ConfidentialDemo
{
    public static async Task SeedAsync(RelaisDbContext db, DocumentStore store, Guid organisationId, Person resident, IReadOnlyList<Person> people, CancellationToken ct)
    {
        var ccas = new PartnerOrganisation { Name = "CCAS de L’Haÿ-les-Roses", OrganisationId = organisationId };
        var missionLocale = new PartnerOrganisation { Name = "Mission locale Bièvre Val-de-Marne", OrganisationId = organisationId };
        var budget = new PartnerOrganisation { Name = "Point conseil budget – Association Crésus (fictif)", OrganisationId = organisationId };
        db.PartnerOrganisations.AddRange(ccas, missionLocale, budget);

        var users = await db.Users.Where(u => u.OrganisationId == organisationId).ToListAsync(ct);
        var worker = users.First(u => u.Role == Role.SocialWorker);
        var manager = users.First(u => u.Role == Role.Manager);
        foreach (var partner in users.Where(u => u.Role == Role.Partner))
        {
            partner.PartnerOrganisationId = ccas.Id;
        }

        var others = people.Where(p => p.Role == HouseholdRole.LeaseHolder && p.Id != resident.Id && p.HouseholdId != resident.HouseholdId).Take(2).ToList();
        var chloe = await AccompanimentOfAsync(db, resident, worker, new DateOnly(2026, 1, 8), ct);
        var share = Consent(chloe, ConsentKind.ShareWithPartner, ccas, "demande d’aide du FSL (maintien dans le logement)", new DateOnly(2026, 1, 22), ConsentChannel.Written, worker);
        var health = Consent(chloe, ConsentKind.Health, null, null, new DateOnly(2026, 1, 22), ConsentChannel.InPerson, worker);
        db.AccompanimentConsents.AddRange(share, health);
        db.AccompanimentHealthRecords.Add(new AccompanimentHealth
        {
            OrganisationId = organisationId,
            AccompanimentId = chloe.Id,
            Categories = HealthCategories.AccessToCare,
            Text = "Cherche un médecin traitant depuis le départ à la retraite du sien ; demande de complémentaire santé solidaire en cours.",
            UpdatedByUserId = worker.Id,
            UpdatedByName = worker.DisplayName,
        });
        Note(chloe, ConfidentialityLevel.Team, null, worker,
            "Premier entretien à domicile. Mme N’Diaye élève seule ses deux enfants ; depuis la baisse de ses heures de travail, elle a pris du retard sur le loyer. Elle souhaite d’abord retrouver un budget qui tienne, sans nouvelle dette.");
        Note(chloe, ConfidentialityLevel.Person, null, worker,
            "Ce que nous avons convenu ensemble :\n1. rassembler les trois derniers bulletins de salaire ;\n2. prendre rendez-vous à la CAF pour réviser l’APL ;\n3. prochain entretien le mardi 3 février à 10 h, à l’agence.");
        Note(chloe, ConfidentialityLevel.Partner, share, worker,
            "Demande d’aide FSL maintien : trois mois de loyer en retard, paiement du loyer courant repris depuis janvier. Dossier transmis avec l’accord écrit de Mme N’Diaye.");
        Note(chloe, ConfidentialityLevel.Private, null, worker,
            "À vérifier avant le prochain entretien : l’échéancier proposé par le bailleur est-il tenable avec le temps partiel ?");

        if (others.Count > 0)
        {
            var second = await AccompanimentOfAsync(db, others[0], worker, new DateOnly(2025, 11, 17), ct);
            var withdrawn = Consent(second, ConsentKind.ShareWithPartner, missionLocale, "recherche d’emploi du fils aîné", new DateOnly(2025, 12, 1), ConsentChannel.Phone, worker);
            withdrawn.WithdrawnAt = new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);
            withdrawn.WithdrawnByUserId = worker.Id;
            withdrawn.WithdrawnByName = worker.DisplayName;
            db.AccompanimentConsents.Add(withdrawn);
            Note(second, ConfidentialityLevel.Team, null, worker,
                "Le fils aîné a trouvé un contrat d’apprentissage ; le partage avec la mission locale n’a plus lieu d’être, accord retiré à la demande de la famille.");
            Note(second, ConfidentialityLevel.Person, null, worker, "Bravo pour le contrat d’apprentissage ! Pensez à déclarer ce changement à la CAF dans le mois.");
        }

        if (others.Count > 1)
        {
            var third = await AccompanimentOfAsync(db, others[1], manager, new DateOnly(2026, 2, 2), ct);
            var shareBudget = Consent(third, ConsentKind.ShareWithPartner, budget, "accompagnement budgétaire", new DateOnly(2026, 2, 2), ConsentChannel.InPerson, manager);
            db.AccompanimentConsents.Add(shareBudget);
            Note(third, ConfidentialityLevel.Partner, shareBudget, manager,
                "Orientation vers le point conseil budget pour un accompagnement de trois mois ; M. souhaite apprendre à suivre ses dépenses sur son téléphone.");
            Note(third, ConfidentialityLevel.Team, null, manager, "Situation stable, pas de dette. Revoir dans trois mois.");
        }

        var pdf = DemoPdf("Plan d'aide - exemple fictif", "Objectifs choisis par Mme N'Diaye : budget, APL, medecin traitant.");
        var stored = await store.SaveAsync(organisationId, new MemoryStream(pdf), ct);
        db.AccompanimentDocuments.Add(new AccompanimentDocument
        {
            OrganisationId = organisationId,
            AccompanimentId = chloe.Id,
            Level = ConfidentialityLevel.Person,
            AuthorUserId = worker.Id,
            AuthorName = worker.DisplayName,
            Title = "Plan d’aide (exemple fictif).pdf",
            ContentType = DocumentKind.Pdf.ContentType(),
            SizeBytes = stored.Size,
            StorageName = stored.StorageName,
            Sha256 = stored.Sha256,
        });
        await db.SaveChangesAsync(ct);

        void Note(Accompaniment a, ConfidentialityLevel level, AccompanimentConsent? consent, Users.AppUser author, string text) =>
            db.AccompanimentNotes.Add(new AccompanimentNote
            {
                OrganisationId = organisationId,
                AccompanimentId = a.Id,
                Level = level,
                ConsentId = consent?.Id,
                AuthorUserId = author.Id,
                AuthorName = author.DisplayName,
                Text = text,
            });

        AccompanimentConsent Consent(Accompaniment a, ConsentKind kind, PartnerOrganisation? partner, string? scope, DateOnly on, ConsentChannel channel, Users.AppUser by) => new()
        {
            OrganisationId = organisationId,
            AccompanimentId = a.Id,
            Kind = kind,
            PartnerOrganisationId = partner?.Id,
            Scope = scope,
            GivenOn = on,
            Channel = channel,
            RecordedByUserId = by.Id,
            RecordedByName = by.DisplayName,
        };
    }

    private static async Task<Accompaniment> AccompanimentOfAsync(RelaisDbContext db, Person person, Users.AppUser worker, DateOnly consent, CancellationToken ct)
    {
        var open = await db.Accompaniments.FirstOrDefaultAsync(a => a.PersonId == person.Id && a.Status == AccompanimentStatus.Open, ct);
        if (open is not null)
        {
            return open;
        }

        var accompaniment = new Accompaniment
        {
            OrganisationId = person.OrganisationId,
            HouseholdId = person.HouseholdId,
            PersonId = person.Id,
            Status = AccompanimentStatus.Open,
            ConsentDate = consent,
            ConsentChannel = ConsentChannel.InPerson,
            ConsentRecordedByUserId = worker.Id,
            ConsentRecordedByName = worker.DisplayName,
        };
        db.Accompaniments.Add(accompaniment);
        return accompaniment;
    }

    /// <summary>A one-page PDF with two lines of text (ASCII only, built by hand), for the demo document.</summary>
    internal static byte[] DemoPdf(string title, string line)
    {
        static string Ascii(string s) => new(s.Normalize(NormalizationForm.FormD).Where(c => c < 128).ToArray());
        var content = $"BT /F1 18 Tf 72 760 Td ({Ascii(title)}) Tj ET\nBT /F1 12 Tf 72 730 Td ({Ascii(line)}) Tj ET\n";
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
