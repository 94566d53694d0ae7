using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Demo;

/// <summary>
/// A few fictional accompaniments for the demo, dated from the day of the seeding so that the file, the timeline,
/// "mes échéances" and the statistics have something to show: three open (one with an overdue review, one with an
/// overdue action), two closed. The demo Habitant's own file is the first one.
/// </summary>
public static class DemoAccompaniments
{
    public static async Task SeedAsync(RelaisDbContext db, Guid organisationId, Person resident, IReadOnlyList<Person> people, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.Now);
        var staff = await db.Users.Where(u => u.OrganisationId == organisationId && (u.Role == Role.SocialWorker || u.Role == Role.Manager))
            .Select(u => new { u.Id, u.DisplayName, u.Role }).ToListAsync(ct);
        var worker = staff.First(u => u.Role == Role.SocialWorker);
        var manager = staff.First(u => u.Role == Role.Manager);
        var rights = (await RightsCatalogue.LoadAsync(db, ct)).ToDictionary(r => r.Code ?? r.Name, r => r.Id);
        var holders = people.Where(p => p.Role == HouseholdRole.LeaseHolder && p.Id != resident.Id && p.BirthDate is { } b && b.AddYears(25) < today).ToList();
        if (holders.Count < 4)
        {
            return;
        }

        Person Pick(double at) => holders[(int)(at * (holders.Count - 1))];

        Accompaniment Open(Person p, int consentDaysAgo, ConsentChannel channel, string scope, string account, int? reviewIn, params (Guid Id, string Name)[] referents)
        {
            var a = new Accompaniment
            {
                HouseholdId = p.HouseholdId, PersonId = p.Id, Status = AccompanimentStatus.Open, ConsentDate = today.AddDays(-consentDaysAgo), ConsentChannel = channel,
                ConsentRecordedByUserId = referents[0].Id, ConsentRecordedByName = referents[0].Name, ConsentScope = scope, OwnAccount = account,
                NextReviewOn = reviewIn is { } r ? today.AddDays(r) : null,
            };
            db.Accompaniments.Add(a);
            foreach (var (id, _) in referents)
            {
                db.AccompanimentReferents.Add(new AccompanimentReferent { AccompanimentId = a.Id, UserId = id });
            }

            return a;
        }

        void Strength(Accompaniment a, StrengthKind kind, string text) => db.AccompanimentStrengths.Add(new AccompanimentStrength { AccompanimentId = a.Id, Kind = kind, Text = text });

        void Right(Accompaniment a, string code, RightStatus status, int checkedDaysAgo, int? requestedDaysAgo = null, int? openedDaysAgo = null, string? comment = null) =>
            db.AccompanimentRights.Add(new AccompanimentRight
            {
                AccompanimentId = a.Id, RightKindId = rights[code], Status = status, CheckedOn = today.AddDays(-checkedDaysAgo), Comment = comment,
                RequestedOn = requestedDaysAgo is { } rq ? today.AddDays(-rq) : null, OpenedOn = openedDaysAgo is { } op ? today.AddDays(-op) : null,
            });

        AccompanimentGoal Goal(Accompaniment a, string wording, int setDaysAgo, GoalStatus status = GoalStatus.InProgress, int? statusDaysAgo = null)
        {
            var g = new AccompanimentGoal
            {
                AccompanimentId = a.Id, Wording = wording, SetOn = today.AddDays(-setDaysAgo), Status = status, StatusOn = statusDaysAgo is { } s ? today.AddDays(-s) : null,
            };
            db.AccompanimentGoals.Add(g);
            return g;
        }

        void Action(AccompanimentGoal g, string text, ActionActor actor, int? dueIn, ActionStatus status = ActionStatus.ToDo, string? partner = null) =>
            db.GoalActions.Add(new GoalAction
            {
                GoalId = g.Id, Description = text, Actor = actor, PartnerName = partner, DueOn = dueIn is { } d ? today.AddDays(d) : null, Status = status,
                DoneOn = status == ActionStatus.Done ? today.AddDays(Math.Min(0, dueIn ?? 0)) : null,
            });

        void Meeting(Accompaniment a, int daysAgo, MeetingMedium medium, string participants, string summary, (Guid Id, string Name) by) =>
            db.AccompanimentMeetings.Add(new AccompanimentMeeting
            {
                AccompanimentId = a.Id, HeldOn = today.AddDays(-daysAgo), Medium = medium, Participants = participants, Summary = summary,
                RecordedByUserId = by.Id, RecordedByName = by.Name,
            });

        var w = (worker.Id, worker.DisplayName);
        var m = (manager.Id, manager.DisplayName);

        // 1. The demo Habitant: rent arrears after the end of a contract, a family to keep housed.
        var chloe = Open(resident, 75, ConsentChannel.InPerson,
            "Contacter la CAF et le FSL en son nom ; partager avec le CCAS ce qui est nécessaire à la demande d’aide ponctuelle.",
            "Je suis seule avec mes deux enfants depuis l’été. Quand mon contrat s’est arrêté, j’ai pris du retard sur le loyer et je n’osais plus ouvrir les courriers. Je veux garder l’appartement : les enfants sont bien à l’école ici.",
            7, w);
        Strength(chloe, StrengthKind.Strength, "Tient à rester dans son logement et s’organise pour y arriver.");
        Strength(chloe, StrengthKind.Skill, "À l’aise avec les démarches en ligne (espace CAF, France Travail).");
        Strength(chloe, StrengthKind.SupportPerson, "Sa voisine, Mme Diallo, garde les enfants le mercredi.");
        Strength(chloe, StrengthKind.OtherResource, "Membre active de l’association de parents d’élèves.");
        Right(chloe, "APL", RightStatus.Open, 40, 70, 40);
        Right(chloe, "RSA", RightStatus.Requested, 20, 20);
        Right(chloe, "CSS", RightStatus.NotClaimed, 60, comment: "Ne savait pas y avoir droit ; demande à faire avec elle.");
        Right(chloe, "CE", RightStatus.ToCheck, 60);
        Right(chloe, "FSL", RightStatus.Requested, 30, 30);
        var keep = Goal(chloe, "Garder mon logement et ne plus avoir de dettes de loyer", 70);
        Action(keep, "Déposer la demande FSL maintien", ActionActor.Worker, -30, ActionStatus.Done);
        Action(keep, "Mettre en place un prélèvement le 10 du mois", ActionActor.Person, 5, ActionStatus.InProgress);
        Action(keep, "Rendez-vous pour l’aide ponctuelle", ActionActor.Partner, -2, partner: "CCAS de L’Haÿ-les-Roses");
        var job = Goal(chloe, "Retrouver un travail à temps partiel, compatible avec l’école", 45);
        Action(job, "Atelier CV", ActionActor.Partner, 12, partner: "Maison de l’emploi");
        db.GoalReviews.Add(new GoalReview
        {
            GoalId = keep.Id, ReviewedOn = today.AddDays(-30), StatusAfter = GoalStatus.InProgress, ByUserId = worker.Id, ByName = worker.DisplayName,
            Note = "Le dossier FSL est déposé ; elle ouvre maintenant ses courriers chaque semaine et les apporte au rendez-vous.",
        });
        Meeting(chloe, 75, MeetingMedium.Home, $"{resident.FullName}, {worker.DisplayName}", "Premier entretien à domicile après le passage de la tournée. Elle souhaite être aidée pour le loyer ; accord pour ouvrir un accompagnement.", w);
        Meeting(chloe, 45, MeetingMedium.Office, $"{resident.FullName}, {worker.DisplayName}", "Point sur les droits : APL à jour, RSA à demander, CSS jamais demandée. Choix des deux objectifs.", w);
        Meeting(chloe, 30, MeetingMedium.Phone, $"{resident.FullName}, {worker.DisplayName}", "Dépôt du dossier FSL confirmé. Prochain rendez-vous au bureau.", w);

        // 2. An older person living alone: a goal reached, the review is overdue.
        var p2 = Pick(0.05);
        var second = Open(p2, 150, ConsentChannel.Phone, "Échanger avec l’ergothérapeute du conseil départemental au sujet de l’adaptation du logement.",
            "Depuis ma chute l’hiver dernier, j’ai peur dans la salle de bains. Je ne veux pas partir en maison de retraite.", -3, w, m);
        Strength(second, StrengthKind.Strength, "Très attaché·e à son quartier, connaît tous les commerçants.");
        Strength(second, StrengthKind.SupportPerson, "Son fils passe le dimanche.");
        Right(second, "APL", RightStatus.Open, 140, openedDaysAgo: 140);
        Right(second, "CE", RightStatus.NotClaimed, 140, comment: "Chèque reçu mais jamais utilisé.");
        var shower = Goal(second, "Faire installer une douche à la place de la baignoire", 140, GoalStatus.Reached, 20);
        Action(shower, "Visite de l’ergothérapeute", ActionActor.Partner, -90, ActionStatus.Done, "Conseil départemental");
        Action(shower, "Travaux d’adaptation", ActionActor.Worker, -25, ActionStatus.Done);
        Goal(second, "Sortir de chez moi au moins deux fois par semaine", 60);
        Meeting(second, 150, MeetingMedium.Home, $"{p2.FullName}, {worker.DisplayName}", "Visite à domicile ; la baignoire n’est plus utilisable seul·e.", w);
        Meeting(second, 20, MeetingMedium.Home, $"{p2.FullName}, {manager.DisplayName}", "Douche installée. Parle d’aller au club du jeudi.", m);

        // 3. A young adult followed by the manager.
        var p3 = Pick(0.4);
        var third = Open(p3, 40, ConsentChannel.Written, "Contacter la Mission locale.", "Je travaille en intérim, mais sans permis je ne peux pas accepter les missions loin.", 20, m);
        Strength(third, StrengthKind.Skill, "Expérience de cariste, certificat à jour.");
        Right(third, "PA", RightStatus.NotClaimed, 35, comment: "Pensait que l’intérim n’y donnait pas droit.");
        var licence = Goal(third, "Passer le permis de conduire", 35);
        Action(licence, "Demander l’aide au permis", ActionActor.Partner, 10, partner: "Mission locale");
        Meeting(third, 35, MeetingMedium.Office, $"{p3.FullName}, {manager.DisplayName}", "Point sur les ressources ; prime d’activité à demander en ligne ensemble.", m);

        // 4 and 5. Two closed files: a referral and a move.
        var p4 = Pick(0.75);
        var fourth = Open(p4, 300, ConsentChannel.InPerson, "Partager avec le SAVS ce qui est nécessaire à l’orientation.", "Je veux un suivi plus proche que ce que vous pouvez faire.", null, w);
        Right(fourth, "AAH", RightStatus.Open, 250, 290, 250);
        Goal(fourth, "Être accompagné·e au quotidien pour mes papiers", 290, GoalStatus.Reached, 65);
        Meeting(fourth, 62, MeetingMedium.Office, $"{p4.FullName}, {worker.DisplayName}", "Passage de relais avec le SAVS.", w);
        Close(fourth, ClosureOutcome.Referred, "Orientation vers le SAVS, qui prend le relais.", 62, 60, w);
        var p5 = Pick(0.95);
        var fifth = Open(p5, 400, ConsentChannel.InPerson, "Contacter le bailleur du futur logement.", "Le logement est trop petit depuis la naissance du deuxième.", null, m);
        Goal(fifth, "Obtenir un logement plus grand", 390, GoalStatus.Reached, 125);
        Close(fifth, ClosureOutcome.Moved, null, 121, 120, m);

        await db.SaveChangesAsync(ct);

        void Close(Accompaniment a, ClosureOutcome outcome, string? comment, int lastContactDaysAgo, int closedDaysAgo, (Guid Id, string Name) by)
        {
            a.Status = AccompanimentStatus.Closed;
            a.ClosureOutcome = outcome;
            a.ClosureComment = comment;
            a.LastContactOn = today.AddDays(-lastContactDaysAgo);
            a.ClosedOn = today.AddDays(-closedDaysAgo);
            a.ClosedByUserId = by.Id;
            a.ClosedByName = by.Name;
        }
    }
}
