using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Collective.Projects;

/// <summary>
/// Fictional collective projects for the demo, after the cases of seed 001: a mural painted by the residents (as in
/// Vaulx-en-Velin), shared gardens, a group of tenants in arrears ("accompagnement collectif individualisé"), a tenants'
/// council; with members, milestones, a resident's pending request to join and a new proposal from the demo Habitant.
/// </summary>
public static class CollectiveProjectsDemo
{
    public static async Task SeedAsync(RelaisDbContext db, Guid organisationId, Person resident, IReadOnlyList<Person> people, CancellationToken ct)
    {
        var themes = (await ThemeCatalogue.LoadAsync(db, ct)).ToDictionary(t => t.Name, t => t.Id);
        var residences = await db.Residences.Where(r => r.OrganisationId == organisationId).ToDictionaryAsync(r => r.Name, r => r.Id, ct);
        var staff = await db.Users.Where(u => u.OrganisationId == organisationId).ToDictionaryAsync(u => u.Role, u => u.Id, ct);
        var partner = await db.Set<PartnerOrganisation>().Where(p => p.OrganisationId == organisationId && p.IsActive).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        var today = DateOnly.FromDateTime(DateTime.Now);

        List<Person> HoldersOf(string residence) => people
            .Where(p => p.Role == HouseholdRole.LeaseHolder && p.Id != resident.Id && p.Household?.Dwelling?.Building?.Residence?.Name == residence)
            .ToList();

        Project New(string title, string theme, string residence, ProjectOrigin origin, ProjectStatus status, ActionMode mode, bool open, int startedDaysAgo, int? endsIn) =>
            new()
            {
                OrganisationId = organisationId, Title = title, ThemeId = themes[theme], Origin = origin, Status = status, ActionMode = mode,
                OpenToResidents = open, StartsOn = today.AddDays(-startedDaysAgo), EndsOn = endsIn is { } e ? today.AddDays(e) : null,
                CreatedByUserId = staff.GetValueOrDefault(Role.Manager),
                Territory = [new ProjectTerritory { OrganisationId = organisationId, ResidenceId = residences[residence] }],
            };

        void Member(Project p, MemberKind kind, MemberRole role, Guid? person = null, Guid? user = null, Guid? partnerId = null, int joinedDaysAgo = 60) =>
            db.ProjectMembers.Add(new ProjectMember
            {
                OrganisationId = organisationId, ProjectId = p.Id, Kind = kind, Role = role, PersonId = person, UserId = user,
                PartnerOrganisationId = partnerId, JoinedOn = today.AddDays(-joinedDaysAgo),
            });

        void Milestone(Project p, string phase, string title, int dueIn, bool done) =>
            db.ProjectMilestones.Add(new ProjectMilestone
            {
                OrganisationId = organisationId, ProjectId = p.Id, Phase = phase, Title = title, DueOn = today.AddDays(dueIn), DoneOn = done ? today.AddDays(dueIn) : null,
            });

        // 1. The mural of the Tilleuls: carried by residents, open to the residence (the demo Habitant lives there).
        var mural = New("Fresque « Nos couleurs » du hall des Tilleuls", "Embellissement", "Résidence Les Tilleuls", ProjectOrigin.Residents,
            ProjectStatus.Active, ActionMode.Facilitator, open: true, startedDaysAgo: 75, endsIn: 90);
        mural.Objectives = "Transformer le hall du 12 rue Jean Jaurès, tagué et sombre, avec les habitants qui l’ont proposé ; se réapproprier les parties communes.";
        mural.ActionModeDetails = "La fonction sociale facilite : mise en relation avec un collectif d’artistes du quartier, accord de la gestion locative, assurance. Inspiré des fresques de Vaulx-en-Velin.";
        mural.ResidentInvolvement = "Un groupe d’habitantes porte le projet ; ateliers de dessin le mercredi avec les enfants, vote des maquettes dans le hall.";
        mural.FundingLeads = "Appel à projets « politique de la ville », budget d’entretien du bailleur pour la peinture, fondation d’entreprise.";
        mural.ConfidentialityNotes = "Photos des enfants uniquement avec l’accord écrit des parents.";
        db.Projects.Add(mural);
        var tilleuls = HoldersOf("Résidence Les Tilleuls");
        foreach (var (p, i) in tilleuls.Take(5).Select((p, i) => (p, i)))
        {
            Member(mural, MemberKind.Resident, i < 2 ? MemberRole.Carrier : i == 4 ? MemberRole.Volunteer : MemberRole.Participant, person: p.Id, joinedDaysAgo: 75 - (i * 7));
        }

        Member(mural, MemberKind.Staff, MemberRole.Referent, user: staff.GetValueOrDefault(Role.SocialWorker));
        Member(mural, MemberKind.Staff, MemberRole.Facilitator, user: staff.GetValueOrDefault(Role.FieldAgent));
        Milestone(mural, "Préparation", "Maquettes votées par les habitants", -30, done: true);
        Milestone(mural, "Préparation", "Accord de la gestion locative et de l’assurance", -15, done: true);
        Milestone(mural, "Réalisation", "Peinture du hall (trois samedis)", 30, done: false);
        Milestone(mural, "Valorisation", "Inauguration avec goûter", 60, done: false);
        if (tilleuls.Count > 6)
        {
            db.ProjectJoinRequests.Add(new ProjectJoinRequest
            {
                OrganisationId = organisationId, ProjectId = mural.Id, PersonId = tilleuls[6].Id, Message = "Je peins un peu, je peux aider le samedi matin.",
            });
        }

        // 2. Shared gardens of the Cité des Roses, in preparation.
        var gardens = New("Jardins partagés de la Cité des Roses", "Jardins", "Cité des Roses", ProjectOrigin.SocialTeam,
            ProjectStatus.Preparing, ActionMode.Initiator, open: true, startedDaysAgo: 10, endsIn: 240);
        gardens.Objectives = "Créer six bacs potagers sur la pelouse derrière le bâtiment, jardinés par les familles ; créer du lien entre voisins.";
        gardens.ActionModeDetails = "L’équipe sociale initie, avec une association d’éducation à l’environnement qui anime les premiers ateliers.";
        gardens.ResidentInvolvement = "Un comité de jardiniers à constituer ; une charte d’usage écrite ensemble.";
        gardens.FundingLeads = "Subvention de la commune, bailleur pour les bacs et l’arrivée d’eau.";
        db.Projects.Add(gardens);
        var roses = HoldersOf("Cité des Roses");
        foreach (var p in roses.Take(3))
        {
            Member(gardens, MemberKind.Resident, MemberRole.Participant, person: p.Id, joinedDaysAgo: 8);
        }

        Member(gardens, MemberKind.Staff, MemberRole.Referent, user: staff.GetValueOrDefault(Role.Manager), joinedDaysAgo: 10);
        if (partner is { } partnerId)
        {
            Member(gardens, MemberKind.Partner, MemberRole.Facilitator, partnerId: partnerId, joinedDaysAgo: 10);
        }

        Milestone(gardens, "Préparation", "Réunion de lancement au pied de l’immeuble", 7, done: false);
        Milestone(gardens, "Réalisation", "Installation des bacs", 45, done: false);

        // 3. The arrears group ("accompagnement collectif individualisé"): sensitive, never open to residents.
        var group = New("Groupe « Budget et loyers » – accompagnement collectif individualisé", "Budget et impayés", "Résidence du Parc",
            ProjectOrigin.SocialTeam, ProjectStatus.Active, ActionMode.Initiator, open: false, startedDaysAgo: 120, endsIn: 240);
        group.Kind = ProjectKind.Programme;
        group.Sensitivity = ProjectSensitivity.Arrears;
        group.Territory.Add(new ProjectTerritory { OrganisationId = organisationId, CommuneCode = "94038" });
        group.Objectives = "Des locataires proches de l’expulsion sortent ensemble de leurs impayés : séances collectives sur le budget et les droits, plan d’apurement et suivi individuel pour chacun.";
        group.ActionModeDetails = "Initiateur, avec la CAF (droits) et le CCAS ; d’après l’expérience de La Nantaise d’Habitation.";
        group.ResidentInvolvement = "Les participants choisissent les thèmes des séances ; deux anciens participants témoignent.";
        group.FundingLeads = "Fonds de solidarité pour le logement (volet accompagnement), fonds propres du bailleur.";
        group.ConfidentialityNotes = "La participation au groupe n’est connue que de l’équipe sociale du projet, sauf accord de la personne. Rien n’est dit sur les dettes en séance sans l’accord de la personne concernée.";
        db.Projects.Add(group);
        foreach (var p in HoldersOf("Résidence du Parc").Skip(3).Take(6))
        {
            Member(group, MemberKind.Resident, MemberRole.Participant, person: p.Id, joinedDaysAgo: 120);
        }

        Member(group, MemberKind.Staff, MemberRole.Facilitator, user: staff.GetValueOrDefault(Role.SocialWorker), joinedDaysAgo: 120);
        Milestone(group, "Lancement", "Entretiens individuels d’entrée", -100, done: true);
        Milestone(group, "Séances", "Séance « connaître ses droits » avec la CAF", -40, done: true);
        Milestone(group, "Bilan", "Bilan individuel et collectif", 200, done: false);

        // 4. The tenants' council of the Résidence du Parc.
        var council = New("Conseil de locataires de la Résidence du Parc", "Cadre de vie", "Résidence du Parc", ProjectOrigin.Residents,
            ProjectStatus.Active, ActionMode.Support, open: true, startedDaysAgo: 300, endsIn: null);
        council.Objectives = "Faire remonter les problèmes du quotidien (ascenseurs, propreté, éclairage) et suivre les réponses du bailleur.";
        council.ActionModeDetails = "Soutien : salle, convocations, présence d’un responsable aux réunions trimestrielles.";
        council.ResidentInvolvement = "Cinq locataires élus animent le conseil et tiennent le compte rendu.";
        db.Projects.Add(council);
        foreach (var (p, i) in HoldersOf("Résidence du Parc").Take(3).Select((p, i) => (p, i)))
        {
            Member(council, MemberKind.Resident, i == 0 ? MemberRole.Carrier : MemberRole.Participant, person: p.Id, joinedDaysAgo: 300);
        }

        Member(council, MemberKind.Staff, MemberRole.Referent, user: staff.GetValueOrDefault(Role.Manager), joinedDaysAgo: 300);

        // The demo Habitant proposes a project: the social team sees it on its home page.
        db.ResidentProposals.Add(new ResidentProposal
        {
            OrganisationId = organisationId, PersonId = resident.Id, ResidenceId = residences["Résidence Les Tilleuls"],
            Title = "Un atelier vélo dans le local désaffecté",
            What = "Réparer ensemble les vélos des enfants et des adultes, un samedi par mois. Je connais un bénévole du quartier qui sait faire.",
            Place = "Le local au rez-de-chaussée du 14 rue Jean Jaurès",
        });
        await db.SaveChangesAsync(ct);
    }
}
