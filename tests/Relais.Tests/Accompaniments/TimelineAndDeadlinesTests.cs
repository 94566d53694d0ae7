using System.Net;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Accompaniments.FileKit;

namespace Relais.Tests.Accompaniments;

public sealed class TimelineAndDeadlinesTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_timeline_merges_every_dated_event_of_the_file_newest_first(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world, consent: Today.AddDays(-60), nextReview: Today.AddDays(15));
        var goal = await AddAsync(world, new AccompanimentGoal
        {
            AccompanimentId = a.Id, Wording = "Garder mon logement", SetOn = Today.AddDays(-50), Status = GoalStatus.Reached, StatusOn = Today.AddDays(-10),
        });
        await AddAsync(world, new GoalReview { GoalId = goal.Id, ReviewedOn = Today.AddDays(-10), Note = "Plan d’apurement tenu", StatusAfter = GoalStatus.Reached, ByName = "C. Conseillère" });
        await AddAsync(world, new GoalAction { GoalId = goal.Id, Description = "Déposer le dossier FSL", Actor = ActionActor.Worker, Status = ActionStatus.Done, DoneOn = Today.AddDays(-30) });
        await AddAsync(world, new GoalAction { GoalId = goal.Id, Description = "Envoyer l’attestation", Actor = ActionActor.Person, Status = ActionStatus.ToDo, DueOn = Today.AddDays(5) });
        await AddAsync(world, new AccompanimentMeeting { AccompanimentId = a.Id, HeldOn = Today.AddDays(-45), Medium = MeetingMedium.Office, Participants = "B. Lefèvre", Summary = "Premier rendez-vous" });
        await AddAsync(world, new AccompanimentRight
        {
            AccompanimentId = a.Id, RightKindId = await RightIdAsync(world, "APL"), Status = RightStatus.Open,
            RequestedOn = Today.AddDays(-40), OpenedOn = Today.AddDays(-20), CheckedOn = Today.AddDays(-19),
        });
        await AddAsync(world, new AccompanimentStrength { AccompanimentId = a.Id, Kind = StrengthKind.Strength, Text = "Persévérant" });

        var manager = await world.LoginAsync(Role.Manager);
        var page = (await (await manager.GetAsync($"/Accompaniments/Timeline/{a.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var events = page.QuerySelectorAll("#chronologie > li")
            .Select(li => (Date: DateOnly.Parse(li.QuerySelector("time")!.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture), Title: li.QuerySelector(".event-title")!.TextContent.Trim()))
            .ToList();
        Assert.Equal(
        [
            (Today.AddDays(15), "Révision du dossier prévue"),
            (Today.AddDays(5), "Échéance : Envoyer l’attestation (la personne)"),
            (Today, "Force : Persévérant"),
            (Today.AddDays(-10), "Objectif atteint : « Garder mon logement »"),
            (Today.AddDays(-10), "Point sur l’objectif « Garder mon logement » : atteint"),
            (Today.AddDays(-19), "APL vérifié : ouvert"),
            (Today.AddDays(-20), "APL : droit ouvert"),
            (Today.AddDays(-30), "Action faite : Déposer le dossier FSL (le/la conseiller·ère)"),
            (Today.AddDays(-40), "APL : demande faite"),
            (Today.AddDays(-45), "Entretien (bureau) avec B. Lefèvre"),
            (Today.AddDays(-50), "Objectif choisi : « Garder mon logement »"),
            (Today.AddDays(-60), "Accompagnement ouvert avec le consentement de la personne"),
        ], events);
        Assert.Equal(2, page.QuerySelectorAll("#chronologie > li.upcoming").Length);
        Assert.Equal("Plan d’apurement tenu", page.QuerySelectorAll("#chronologie > li")[4].QuerySelector(".event-detail")?.TextContent);
        Assert.Equal($"/Accompaniments/File/{a.Id}#objectif-{goal.Id}", page.QuerySelectorAll("#chronologie > li")[3].QuerySelector("a")?.GetAttribute("href"));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Mes_echeances_lists_the_reviews_and_actions_due_on_the_open_files_the_worker_follows(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var followed = await OpenAsync(world, referents: [Role.SocialWorker], nextReview: Today.AddDays(-3));
        var goal = await AddAsync(world, new AccompanimentGoal { AccompanimentId = followed.Id, Wording = "Retrouver un emploi", SetOn = Today.AddDays(-20) });
        await AddAsync(world, new GoalAction { GoalId = goal.Id, Description = "Rendez-vous Mission locale", Actor = ActionActor.Partner, PartnerName = "Mission locale", DueOn = Today.AddDays(2), Status = ActionStatus.InProgress });
        await AddAsync(world, new GoalAction { GoalId = goal.Id, Description = "Refaire le CV", Actor = ActionActor.Person, DueOn = Today.AddDays(-4) });
        await AddAsync(world, new GoalAction { GoalId = goal.Id, Description = "Trop tard pour compter", Actor = ActionActor.Person, DueOn = Today.AddDays(30) });
        await AddAsync(world, new GoalAction { GoalId = goal.Id, Description = "Déjà fait", Actor = ActionActor.Person, DueOn = Today.AddDays(-1), Status = ActionStatus.Done, DoneOn = Today });
        await AddAsync(world, new GoalAction { GoalId = goal.Id, Description = "Abandonnée", Actor = ActionActor.Worker, DueOn = Today.AddDays(-1), Status = ActionStatus.Abandoned });
        await AddAsync(world, new GoalAction { GoalId = goal.Id, Description = "Sans échéance", Actor = ActionActor.Worker });

        // A file the manager alone follows, and a closed one of the social worker: not on the social worker's list.
        var managers = await OpenAsync(world, world.SouthHousehold.Id, world.SouthHolder.Id, referents: [Role.Manager], nextReview: Today.AddDays(1));
        var managersGoal = await AddAsync(world, new AccompanimentGoal { AccompanimentId = managers.Id, Wording = "Ouvrir mes droits", SetOn = Today });
        await AddAsync(world, new GoalAction { GoalId = managersGoal.Id, Description = "Demander la CSS", Actor = ActionActor.Worker, DueOn = Today });
        var other = await Signals.SignalTestKit.NewHouseholdAsync(world, "Garnier");
        var closed = await OpenAsync(world, other.Id, other.Members[0].Id, referents: [Role.SocialWorker], nextReview: Today.AddDays(-1));
        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var c = await db.Accompaniments.FindAsync(closed.Id);
            c!.Status = AccompanimentStatus.Closed;
            c.ClosedOn = Today;
            await db.SaveChangesAsync();
        }

        var social = await world.LoginAsync(Role.SocialWorker);
        var page = (await (await social.GetAsync("/Accompaniments/Deadlines")).ShouldBe(HttpStatusCode.OK)).Html();
        var groups = page.QuerySelectorAll("section.deadline-group").ToList();
        Assert.Equal(["Révisions de dossier (1)", "Actions à échéance (2)", "Impayés et procédures (0)"], groups.Select(g => g.QuerySelector("h2")!.TextContent.Trim()));
        var review = groups[0].QuerySelector("li")!;
        Assert.Equal("en retard de 3\u00a0jours", review.QuerySelector(".badge")?.TextContent);
        Assert.Equal($"/Accompaniments/File/{followed.Id}#cadre", review.QuerySelector("a")?.GetAttribute("href"));
        Assert.Contains("Benoît LEFÈVRE", review.TextContent);
        var actions = groups[1].QuerySelectorAll("li").Select(li => (Due: li.QuerySelector("time")!.GetAttribute("datetime"), Text: li.QuerySelector("a")!.TextContent.Trim())).ToList();
        Assert.Equal(
        [
            (Iso(Today.AddDays(-4)), "Benoît LEFÈVRE : Refaire le CV (la personne)"),
            (Iso(Today.AddDays(2)), "Benoît LEFÈVRE : Rendez-vous Mission locale (partenaire : Mission locale)"),
        ], actions);
        Assert.Contains("late", groups[1].QuerySelectorAll("li")[0].ClassList);

        var manager = await world.LoginAsync(Role.Manager);
        var managerPage = (await (await manager.GetAsync("/Accompaniments/Deadlines")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(["Révisions de dossier (1)", "Actions à échéance (1)", "Impayés et procédures (0)"], managerPage.QuerySelectorAll("section.deadline-group h2").Select(h => h.TextContent.Trim()));
        Assert.Contains("Demander la CSS", managerPage.QuerySelector("section.deadline-group:nth-of-type(2)")?.TextContent ?? managerPage.Body!.TextContent);
        Assert.Equal("demain", managerPage.QuerySelector("section.deadline-group li .badge")?.TextContent);
    }
}
