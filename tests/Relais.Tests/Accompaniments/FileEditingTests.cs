using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Accompaniments.FileKit;

namespace Relais.Tests.Accompaniments;

public sealed class FileEditingTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_social_worker_builds_the_file_with_the_person_item_by_item_then_closes_it(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world, consent: Today.AddDays(-30));
        var social = await world.LoginAsync(Role.SocialWorker);
        var file = $"/Accompaniments/File/{a.Id}";

        // The framework: scope of the consent, the person's account, the next review, two referents.
        var framed = await social.PostFormAsync($"/Accompaniments/Edit/{a.Id}", new()
        {
            ["Input.ConsentScope"] = "Contacter la CAF et le CCAS en son nom.",
            ["Input.OwnAccount"] = "« Depuis que j’ai perdu mon travail, je n’ouvre plus mon courrier. »",
            ["Input.NextReviewOn"] = Iso(Today.AddDays(10)),
            ["Input.Referents"] = world.Users[Role.SocialWorker].Id.ToString(),
            ["Input.Version"] = "0",
        });
        await framed.ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal($"{file}#cadre", framed.Headers.Location?.OriginalString);
        var twoReferents = new FormUrlEncodedContent(
        [
            new("Input.ConsentScope", "Contacter la CAF et le CCAS en son nom."), new("Input.OwnAccount", "Mon récit"),
            new("Input.Referents", world.Users[Role.SocialWorker].Id.ToString()), new("Input.Referents", world.Users[Role.Manager].Id.ToString()),
            new("Input.Version", "1"), new("__RequestVerificationToken", await TokenAsync(social, file)),
        ]);
        await (await social.PostAsync($"/Accompaniments/Edit/{a.Id}", twoReferents)).ShouldBe(HttpStatusCode.Redirect);

        // Strengths: one added, corrected, another added and removed.
        await (await social.PostFormAsync($"/Accompaniments/Strength/{a.Id}", new() { ["Input.Kind"] = "Skill", ["Input.Text"] = "Sait réparer les vélos" })).ShouldBe(HttpStatusCode.Redirect);
        var strength = await ReadAsync(world, db => db.AccompanimentStrengths.SingleAsync(s => s.AccompanimentId == a.Id));
        await (await social.PostFormAsync($"/Accompaniments/Strength/{a.Id}/{strength.Id}", new()
        {
            ["Input.Kind"] = "Skill", ["Input.Text"] = "Sait réparer les vélos des voisins", ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);
        await (await social.PostFormAsync($"/Accompaniments/Strength/{a.Id}", new() { ["Input.Kind"] = "SupportPerson", ["Input.Text"] = "Sa sœur Inès" })).ShouldBe(HttpStatusCode.Redirect);
        var sister = await ReadAsync(world, db => db.AccompanimentStrengths.SingleAsync(s => s.AccompanimentId == a.Id && s.Kind == StrengthKind.SupportPerson));
        await (await social.PostFormAsync($"/Accompaniments/Strength/{a.Id}/{sister.Id}?handler=Delete", new() { ["Input.Version"] = "0" },
            formPage: $"/Accompaniments/Strength/{a.Id}/{sister.Id}")).ShouldBe(HttpStatusCode.Redirect);

        // Rights: APL requested, then opened; the CSS not claimed.
        var apl = await RightIdAsync(world, "APL");
        var css = await RightIdAsync(world, "CSS");
        await (await social.PostFormAsync($"/Accompaniments/Right/{a.Id}/{apl}", new()
        {
            ["Input.Status"] = "Requested", ["Input.RequestedOn"] = Iso(Today.AddDays(-20)), ["Input.CheckedOn"] = Iso(Today.AddDays(-20)),
        })).ShouldBe(HttpStatusCode.Redirect);
        await (await social.PostFormAsync($"/Accompaniments/Right/{a.Id}/{apl}", new()
        {
            ["Input.Status"] = "Open", ["Input.RequestedOn"] = Iso(Today.AddDays(-20)), ["Input.OpenedOn"] = Iso(Today.AddDays(-2)),
            ["Input.CheckedOn"] = Iso(Today), ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);
        await (await social.PostFormAsync($"/Accompaniments/Right/{a.Id}/{css}", new()
        {
            ["Input.Status"] = "NotClaimed", ["Input.CheckedOn"] = Iso(Today), ["Input.Comment"] = "Ne savait pas y avoir droit",
        })).ShouldBe(HttpStatusCode.Redirect);

        // A goal in the person's words, an action by a partner, a review that marks it reached.
        await (await social.PostFormAsync($"/Accompaniments/Goal/{a.Id}", new()
        {
            ["Input.Wording"] = "Ne plus avoir peur d’ouvrir mon courrier", ["Input.Status"] = "InProgress", ["Input.SetOn"] = Iso(Today.AddDays(-25)),
        })).ShouldBe(HttpStatusCode.Redirect);
        var goal = await ReadAsync(world, db => db.AccompanimentGoals.SingleAsync(g => g.AccompanimentId == a.Id));
        await (await social.PostFormAsync($"/Accompaniments/Action/{a.Id}/{goal.Id}", new()
        {
            ["Input.Description"] = "Trier le courrier ensemble", ["Input.Actor"] = "Partner", ["Input.PartnerName"] = "CCAS de Villejuif",
            ["Input.DueOn"] = Iso(Today.AddDays(3)), ["Input.Status"] = "ToDo",
        })).ShouldBe(HttpStatusCode.Redirect);
        var action = await ReadAsync(world, db => db.GoalActions.SingleAsync(x => x.GoalId == goal.Id));
        await (await social.PostFormAsync($"/Accompaniments/Action/{a.Id}/{goal.Id}/{action.Id}", new()
        {
            ["Input.Description"] = "Trier le courrier ensemble", ["Input.Actor"] = "Partner", ["Input.PartnerName"] = "CCAS de Villejuif",
            ["Input.DueOn"] = Iso(Today.AddDays(3)), ["Input.Status"] = "Done", ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);
        await (await social.PostFormAsync($"/Accompaniments/Review/{a.Id}/{goal.Id}", new()
        {
            ["Input.ReviewedOn"] = Iso(Today), ["Input.StatusAfter"] = "Reached", ["Input.Note"] = "Le courrier est ouvert chaque semaine.", ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);

        // A meeting at home.
        await (await social.PostFormAsync($"/Accompaniments/Meeting/{a.Id}", new()
        {
            ["Input.HeldOn"] = Iso(Today.AddDays(-1)), ["Input.Medium"] = "Home", ["Input.Participants"] = "Benoît Lefèvre, sa sœur",
            ["Input.Summary"] = "Point sur les courriers de la CAF.",
        })).ShouldBe(HttpStatusCode.Redirect);

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var stored = await db.Accompaniments.Include(x => x.Referents).SingleAsync(x => x.Id == a.Id);
            Assert.Equal("Contacter la CAF et le CCAS en son nom.", stored.ConsentScope);
            Assert.Equal("Mon récit", stored.OwnAccount);
            Assert.Null(stored.NextReviewOn);
            Assert.Equal(2, stored.Version);
            Assert.Equal(new[] { world.Users[Role.Manager].Id, world.Users[Role.SocialWorker].Id }.Order(), stored.Referents.Select(r => r.UserId).Order());
            Assert.Equal("Sait réparer les vélos des voisins", (await db.AccompanimentStrengths.SingleAsync(s => s.AccompanimentId == a.Id)).Text);
            var aplRow = await db.AccompanimentRights.SingleAsync(r => r.AccompanimentId == a.Id && r.RightKindId == apl);
            Assert.Equal((RightStatus.Open, Today.AddDays(-20), Today.AddDays(-2), Today, 1), (aplRow.Status, aplRow.RequestedOn, aplRow.OpenedOn, aplRow.CheckedOn, aplRow.Version));
            Assert.Equal(RightStatus.NotClaimed, (await db.AccompanimentRights.SingleAsync(r => r.RightKindId == css && r.AccompanimentId == a.Id)).Status);
            var storedGoal = await db.AccompanimentGoals.Include(g => g.Reviews).SingleAsync(g => g.Id == goal.Id);
            Assert.Equal((GoalStatus.Reached, (DateOnly?)Today), (storedGoal.Status, storedGoal.StatusOn));
            Assert.Equal("Le courrier est ouvert chaque semaine.", storedGoal.Reviews.Single().Note);
            Assert.Equal(world.Users[Role.SocialWorker].DisplayName, storedGoal.Reviews.Single().ByName);
            var storedAction = await db.GoalActions.SingleAsync(x => x.Id == action.Id);
            Assert.Equal((ActionStatus.Done, (DateOnly?)Today, "CCAS de Villejuif"), (storedAction.Status, storedAction.DoneOn, storedAction.PartnerName));
            var meeting = await db.AccompanimentMeetings.SingleAsync(m => m.AccompanimentId == a.Id);
            Assert.Equal((MeetingMedium.Home, world.Users[Role.SocialWorker].DisplayName), (meeting.Medium, meeting.RecordedByName));

            // Every change is in the audit chain.
            var audited = await db.AuditEntries.Where(e => e.OrganisationId == world.Id && e.Action != "read").Select(e => e.EntityType).Distinct().ToListAsync();
            Assert.Superset(new HashSet<string> { "Accompaniment", "AccompanimentReferent", "AccompanimentStrength", "AccompanimentRight", "AccompanimentGoal", "GoalReview", "GoalAction", "AccompanimentMeeting" }, audited.ToHashSet());
        }

        // The page shows it all, strengths before the person's account of their difficulties.
        var page = (await (await social.GetAsync(file)).ShouldBe(HttpStatusCode.OK)).Html();
        var sections = page.QuerySelectorAll("main section[id^=section-]").Select(s => s.Id).ToList();
        Assert.Equal(["section-cadre", "section-forces", "section-recit", "section-droits", "section-objectifs", "section-entretiens", "section-impayes", "section-orientations", "section-cloture"], sections);
        Assert.Equal("Contacter la CAF et le CCAS en son nom.", page.QuerySelector("#portee")?.TextContent);
        Assert.Contains("Sait réparer les vélos des voisins", page.QuerySelector("#section-forces")!.TextContent);
        Assert.DoesNotContain("Inès", page.QuerySelector("#section-forces")!.TextContent);
        Assert.Equal("Ouvert", page.QuerySelector($"#droit-{apl} .badge")?.TextContent);
        Assert.Equal("Non recours", page.QuerySelector($"#droit-{css} .badge")?.TextContent);
        Assert.Contains("non examiné", page.QuerySelector($"#droit-{await RightIdAsync(world, "RSA")}")!.TextContent);
        Assert.Contains("« Ne plus avoir peur d’ouvrir mon courrier »", page.QuerySelector($"#objectif-{goal.Id} h3")!.TextContent);
        Assert.Equal("Atteint", page.QuerySelector($"#objectif-{goal.Id} .goal-state .badge")?.TextContent);
        Assert.Contains("partenaire : CCAS de Villejuif", page.QuerySelector($"#action-{action.Id}")!.TextContent);
        Assert.Equal("Point sur les courriers de la CAF.", page.QuerySelector(".meeting-summary")?.TextContent);

        // Closing: outcome, last contact; the file is then kept two years after it and can no longer be changed.
        await (await social.PostFormAsync($"/Accompaniments/Close/{a.Id}", new()
        {
            ["Input.Outcome"] = "GoalsReached", ["Input.LastContactOn"] = Iso(Today.AddDays(-1)), ["Input.Version"] = "2",
        })).ShouldBe(HttpStatusCode.Redirect);
        var closed = await ReadAsync(world, db => db.Accompaniments.SingleAsync(x => x.Id == a.Id));
        Assert.Equal((AccompanimentStatus.Closed, ClosureOutcome.GoalsReached, (DateOnly?)Today.AddDays(-1), (DateOnly?)Today, world.Users[Role.SocialWorker].Id),
            (closed.Status, closed.ClosureOutcome, closed.LastContactOn, closed.ClosedOn, closed.ClosedByUserId));
        Assert.Equal(Today.AddDays(-1).AddYears(2), closed.KeptUntil);
        var after = (await (await social.GetAsync(file)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains($"jusqu’au {Today.AddDays(-1).AddYears(2).ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))}", after.QuerySelector("#closure")!.TextContent);
        Assert.Empty(after.QuerySelectorAll("#section-forces a, #section-objectifs a, #section-entretiens a"));
        var refused = await (await social.PostFormAsync($"/Accompaniments/Meeting/{a.Id}", new()
        {
            ["Input.HeldOn"] = Iso(Today), ["Input.Medium"] = "Phone", ["Input.Participants"] = "B. Lefèvre", ["Input.Summary"] = "Appel",
        }, formPage: "/")).ShouldBe(HttpStatusCode.Conflict);
        Assert.Contains("Cet accompagnement est clos : son dossier ne peut plus être modifié.", refused.Html().QuerySelector("#erreurs")!.TextContent);
        Assert.Equal(1, await ReadAsync(world, db => db.AccompanimentMeetings.CountAsync(m => m.AccompanimentId == a.Id)));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Bad_input_is_refused_with_French_messages_next_to_the_fields(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world, consent: Today.AddDays(-30));
        var goal = await AddAsync(world, new AccompanimentGoal { AccompanimentId = a.Id, Wording = "Retrouver un emploi", SetOn = Today.AddDays(-20) });
        var manager = await world.LoginAsync(Role.Manager);

        async Task<AngleSharp.Html.Dom.IHtmlDocument> Refused(string url, Dictionary<string, string> fields) =>
            (await (await manager.PostFormAsync(url, fields)).ShouldBe(HttpStatusCode.OK)).Html();

        var strength = await Refused($"/Accompaniments/Strength/{a.Id}", new() { ["Input.Kind"] = "2", ["Input.Text"] = "   " });
        Assert.Equal("Choisissez ce que c’est (force, habileté, personne ressource, autre ressource).", strength.QuerySelector("#kind-err")?.TextContent);
        Assert.Equal("Indiquez la force ou la ressource.", strength.QuerySelector("#text-err")?.TextContent);
        Assert.Equal("true", strength.QuerySelector("#text")?.GetAttribute("aria-invalid"));
        Assert.Contains("text-err", strength.QuerySelector("#text")?.GetAttribute("aria-describedby"));
        Assert.NotNull(strength.QuerySelector("#erreurs"));

        var future = await Refused($"/Accompaniments/Meeting/{a.Id}", new()
        {
            ["Input.HeldOn"] = Iso(Today.AddDays(1)), ["Input.Medium"] = "Home", ["Input.Participants"] = "B. Lefèvre", ["Input.Summary"] = new string('x', 4001),
        });
        Assert.Equal("La date de l’entretien ne peut pas être dans le futur.", future.QuerySelector("#heldon-err")?.TextContent);
        Assert.Equal("Le compte rendu de l’entretien ne peut pas dépasser 4\u202f000 caractères (actuellement 4\u202f001).", future.QuerySelector("#summary-err")?.TextContent);
        Assert.Equal(new string('x', 4001), future.QuerySelector("#summary")?.TextContent); // the input is kept
        var invalid = await Refused($"/Accompaniments/Meeting/{a.Id}", new() { ["Input.HeldOn"] = "31/02/2026", ["Input.Medium"] = "Visio", ["Input.Participants"] = "", ["Input.Summary"] = "Appel" });
        Assert.Equal("La date de l’entretien n’est pas une date valide (jj/mm/aaaa).", invalid.QuerySelector("#heldon-err")?.TextContent);
        Assert.Equal("Choisissez où ou comment l’entretien a eu lieu.", invalid.QuerySelector("#medium-err")?.TextContent);
        Assert.Equal("Indiquez qui a participé.", invalid.QuerySelector("#participants-err")?.TextContent);
        var beforeConsent = await Refused($"/Accompaniments/Meeting/{a.Id}", new()
        {
            ["Input.HeldOn"] = Iso(Today.AddDays(-40)), ["Input.Medium"] = "Office", ["Input.Participants"] = "B. Lefèvre", ["Input.Summary"] = "Avant",
        });
        Assert.Equal("Un entretien de l’accompagnement ne peut pas précéder le consentement.", beforeConsent.QuerySelector("#heldon-err")?.TextContent);

        var apl = await RightIdAsync(world, "APL");
        var right = await Refused($"/Accompaniments/Right/{a.Id}/{apl}", new() { ["Input.Status"] = "Requested", ["Input.CheckedOn"] = "" });
        Assert.Equal("Indiquez la date de la demande.", right.QuerySelector("#requested-err")?.TextContent);
        Assert.Equal("Indiquez la date de vérification.", right.QuerySelector("#checked-err")?.TextContent);
        var order = await Refused($"/Accompaniments/Right/{a.Id}/{apl}", new()
        {
            ["Input.Status"] = "Open", ["Input.RequestedOn"] = Iso(Today.AddDays(-3)), ["Input.OpenedOn"] = Iso(Today.AddDays(-5)), ["Input.CheckedOn"] = Iso(Today),
        });
        Assert.Equal("Le droit ne peut pas avoir été ouvert avant d’avoir été demandé.", order.QuerySelector("#opened-err")?.TextContent);

        var action = await Refused($"/Accompaniments/Action/{a.Id}/{goal.Id}", new() { ["Input.Description"] = "Aller au forum", ["Input.Actor"] = "Partner", ["Input.Status"] = "ToDo" });
        Assert.Equal("Indiquez le nom du partenaire.", action.QuerySelector("#partner-err")?.TextContent);

        var reached = await Refused($"/Accompaniments/Goal/{a.Id}", new() { ["Input.Wording"] = "Passer le permis", ["Input.Status"] = "Reached", ["Input.SetOn"] = Iso(Today) });
        Assert.Equal("Indiquez la date où l’objectif a été atteint.", reached.QuerySelector("#statuson-err")?.TextContent);

        var close = await Refused($"/Accompaniments/Close/{a.Id}", new() { ["Input.Outcome"] = "Other", ["Input.LastContactOn"] = Iso(Today.AddDays(-31)), ["Input.Version"] = "0" });
        Assert.Equal("Indiquez un commentaire qui précise l’issue.", close.QuerySelector("#comment-err")?.TextContent);
        Assert.Equal("Le dernier contact ne peut pas précéder le consentement à l’accompagnement.", close.QuerySelector("#lastcontact-err")?.TextContent);

        var noReferent = await Refused($"/Accompaniments/Edit/{a.Id}", new() { ["Input.Version"] = "0" });
        Assert.Equal("Choisissez au moins un·e référent·e.", noReferent.QuerySelector("#referents-err")?.TextContent);
        var agentAsReferent = await Refused($"/Accompaniments/Edit/{a.Id}", new() { ["Input.Referents"] = world.Users[Role.FieldAgent].Id.ToString(), ["Input.Version"] = "0" });
        Assert.Equal("Un·e référent·e doit être un·e Responsable ou un·e Conseiller·ère actif·ve de l’organisation.", agentAsReferent.QuerySelector("#referents-err")?.TextContent);

        await using var scope = world.App.SystemScope(world.Id, out var db);
        Assert.False(await db.AccompanimentStrengths.AnyAsync());
        Assert.False(await db.AccompanimentMeetings.AnyAsync());
        Assert.False(await db.AccompanimentRights.AnyAsync());
        Assert.False(await db.GoalActions.AnyAsync());
        Assert.Equal(1, await db.AccompanimentGoals.CountAsync());
        var stored = await db.Accompaniments.Include(x => x.Referents).SingleAsync();
        Assert.Equal((AccompanimentStatus.Open, 0), (stored.Status, stored.Version));
        Assert.Equal([world.Users[Role.SocialWorker].Id], stored.Referents.Select(r => r.UserId));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_lost_race_answers_409_keeps_the_input_and_shows_the_stored_version(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await OpenAsync(world, referents: [Role.SocialWorker, Role.Manager]);
        var goal = await AddAsync(world, new AccompanimentGoal { AccompanimentId = a.Id, Wording = "Retrouver un emploi", SetOn = Today.AddDays(-5) });
        var social = await world.LoginAsync(Role.SocialWorker);
        var manager = await world.LoginAsync(Role.Manager);
        var both = $"{world.Users[Role.SocialWorker].Id}";

        // Both opened the framework form at version 0; the manager saves first.
        await (await manager.PostFormAsync($"/Accompaniments/Edit/{a.Id}", new()
        {
            ["Input.OwnAccount"] = "Version de la responsable", ["Input.Referents"] = both, ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);
        var lost = (await (await social.PostFormAsync($"/Accompaniments/Edit/{a.Id}", new()
        {
            ["Input.OwnAccount"] = "Version du conseiller", ["Input.Referents"] = both, ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Conflict)).Html();
        Assert.Contains("modifié par quelqu’un d’autre", lost.QuerySelector("#conflit h2")!.TextContent);
        Assert.Contains("Version de la responsable", lost.QuerySelector("#conflit")!.TextContent);
        Assert.Equal("Version du conseiller", lost.QuerySelector("#recit")?.TextContent);
        Assert.Equal("1", lost.QuerySelector("input[name='Input.Version']")?.GetAttribute("value"));
        Assert.Equal("Version de la responsable", await ReadAsync(world, db => db.Accompaniments.Where(x => x.Id == a.Id).Select(x => x.OwnAccount).SingleAsync()));

        // Saving again, now knowingly over the stored version, goes through.
        await (await social.PostFormAsync($"/Accompaniments/Edit/{a.Id}", new()
        {
            ["Input.OwnAccount"] = "Version du conseiller", ["Input.Referents"] = both, ["Input.Version"] = "1",
        })).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal("Version du conseiller", await ReadAsync(world, db => db.Accompaniments.Where(x => x.Id == a.Id).Select(x => x.OwnAccount).SingleAsync()));

        // Goals: a rewording lost against a review that changed the goal.
        await (await manager.PostFormAsync($"/Accompaniments/Review/{a.Id}/{goal.Id}", new()
        {
            ["Input.ReviewedOn"] = Iso(Today), ["Input.StatusAfter"] = "Abandoned", ["Input.Note"] = "Ne souhaite plus chercher pour l’instant.", ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);
        var goalLost = (await (await social.PostFormAsync($"/Accompaniments/Goal/{a.Id}/{goal.Id}", new()
        {
            ["Input.Wording"] = "Retrouver un emploi à temps partiel", ["Input.Status"] = "InProgress", ["Input.SetOn"] = Iso(Today.AddDays(-5)), ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Conflict)).Html();
        Assert.Contains("Abandonné le", goalLost.QuerySelector("#conflit")!.TextContent);
        Assert.Equal("Retrouver un emploi à temps partiel", goalLost.QuerySelector("#wording")?.TextContent);
        var storedGoal = await ReadAsync(world, db => db.AccompanimentGoals.SingleAsync(g => g.Id == goal.Id));
        Assert.Equal(("Retrouver un emploi", GoalStatus.Abandoned, 1), (storedGoal.Wording, storedGoal.Status, storedGoal.Version));

        // A review made on a goal changed in the meantime is refused too (it could undo the change).
        var reviewLost = await (await social.PostFormAsync($"/Accompaniments/Review/{a.Id}/{goal.Id}", new()
        {
            ["Input.ReviewedOn"] = Iso(Today), ["Input.StatusAfter"] = "InProgress", ["Input.Note"] = "Avance bien", ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal("Avance bien", reviewLost.Html().QuerySelector("#note")?.TextContent);
        Assert.Equal(1, await ReadAsync(world, db => db.GoalReviews.CountAsync(r => r.GoalId == goal.Id)));

        // Closing with a stale version of the file.
        var closeLost = await (await social.PostFormAsync($"/Accompaniments/Close/{a.Id}", new()
        {
            ["Input.Outcome"] = "Moved", ["Input.LastContactOn"] = Iso(Today), ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal("Moved", closeLost.Html().QuerySelector("#outcome-Moved[checked]")?.GetAttribute("value"));
        Assert.Equal(AccompanimentStatus.Open, await ReadAsync(world, db => db.Accompaniments.Where(x => x.Id == a.Id).Select(x => x.Status).SingleAsync()));
    }

    private static async Task<string> TokenAsync(HttpClient client, string url)
    {
        var html = (await (await client.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        return html.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }
}
