using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Lifecycle;
using Relais.Features.Audit;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

/// <summary>Reopening a closed file; deleting a meeting or an action entered by mistake.</summary>
public sealed class FileLifecycleTests
{
    private static async Task<Accompaniment> ClosedAsync(World w)
    {
        var a = await FileKit.OpenAsync(w, consent: FileKit.Today.AddDays(-200));
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var file = await db.Accompaniments.SingleAsync(x => x.Id == a.Id);
        file.Status = AccompanimentStatus.Closed;
        file.ClosureOutcome = ClosureOutcome.Moved;
        file.ClosureComment = "Parti chez sa fille";
        file.LastContactOn = FileKit.Today.AddDays(-20);
        file.ClosedOn = FileKit.Today.AddDays(-10);
        file.ClosedByName = "Camille";
        await db.SaveChangesAsync();
        return file;
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_referent_reopens_a_closed_file_with_a_reason_and_the_closure_is_kept_in_its_history(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ClosedAsync(world);
        var worker = await world.LoginAsync(Role.SocialWorker);
        var filePage = (await (await worker.GetAsync($"/Accompaniments/File/{file.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.NotNull(filePage.QuerySelector($"a[href='/Accompaniments/Reopen/{file.Id}']"));

        var url = $"/Accompaniments/Reopen/{file.Id}";
        var refused = (await (await worker.PostFormAsync(url, new() { ["Input.Reason"] = "  ", ["Input.Version"] = file.Version.ToString() })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Indiquez la raison de la réouverture.", refused.QuerySelector("#reason-err")!.TextContent.Trim());
        Assert.Equal("true", refused.QuerySelector("#reason")!.GetAttribute("aria-invalid"));

        var stale = await worker.PostFormAsync(url, new() { ["Input.Reason"] = "Nouvelle dette", ["Input.Version"] = (file.Version - 1).ToString() });
        Assert.Contains("modifié par quelqu’un d’autre", await stale.ShouldBe(HttpStatusCode.Conflict));

        var reason = "Mme a rappelé : nouvelle difficulté de loyer, elle souhaite reprendre.";
        var done = await worker.PostFormAsync(url, new() { ["Input.Reason"] = reason, ["Input.Version"] = file.Version.ToString() });
        await done.ShouldBe(HttpStatusCode.Redirect);

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var reopened = await db.Accompaniments.SingleAsync(a => a.Id == file.Id);
            Assert.Equal(AccompanimentStatus.Open, reopened.Status);
            Assert.Null(reopened.ClosedOn);
            Assert.Null(reopened.LastContactOn);
            Assert.Null(reopened.ClosureOutcome);
            var history = await db.AccompanimentReopenings.SingleAsync(r => r.AccompanimentId == file.Id);
            Assert.Equal((reason, ClosureOutcome.Moved, file.ClosedOn, file.LastContactOn, world.Users[Role.SocialWorker].Id),
                (history.Reason, history.PreviousOutcome, history.PreviousClosedOn, history.PreviousLastContactOn, history.ByUserId));
            var audit = await db.AuditEntries.Where(e => e.UserId == world.Users[Role.SocialWorker].Id && e.Action != AuditActions.Read).ToListAsync();
            Assert.Contains(audit, e => e.EntityType == nameof(AccompanimentReopening) && e.Action == AuditActions.Create && e.EntityId == history.Id);
            Assert.Contains(audit, e => e.EntityType == nameof(Accompaniment) && e.EntityId == file.Id && e.Details!.Contains("Status"));
        }

        // The timeline keeps the closure that was undone, then the reopening with its reason.
        var timeline = (await (await worker.GetAsync($"/Accompaniments/Timeline/{file.Id}")).ShouldBe(HttpStatusCode.OK)).Html().QuerySelector("main")!.TextContent;
        Assert.Contains("Accompagnement clos : déménagement", timeline);
        Assert.Contains($"Accompagnement rouvert par {world.Users[Role.SocialWorker].DisplayName}", timeline);
        Assert.Contains(reason, timeline);

        // Reopening an open file is refused, in French.
        Assert.Contains("Cet accompagnement est déjà ouvert.", await (await worker.PostFormAsync(url, new() { ["Input.Reason"] = "x", ["Input.Version"] = "0" }, $"/Accompaniments/File/{file.Id}")).ShouldBe(HttpStatusCode.Conflict));
        var resident = await world.LoginAsync(Role.Resident);
        var mine = await (await resident.GetAsync("/Accompaniments/Mine")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("a rouvert votre accompagnement", mine);
        Assert.DoesNotContain(reason, mine); // the reason is the team's
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_worker_who_is_not_a_referent_cannot_reopen_but_the_manager_can(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var file = await ClosedAsync(world);
        var colleague = FileKitUsers.NewWorker(world);
        await FileKit.AddAsync(world, colleague);
        var other = await world.App.LoginAsync(colleague.Email!);
        var url = $"/Accompaniments/Reopen/{file.Id}";
        Assert.Contains("Seul·es le ou la responsable et les référent·es", await (await other.GetAsync(url)).ShouldBe(HttpStatusCode.Forbidden));
        await (await other.PostFormAsync(url, new() { ["Input.Reason"] = "Je reprends", ["Input.Version"] = file.Version.ToString() }, "/")).ShouldBe(HttpStatusCode.Forbidden);
        var field = await world.LoginAsync(Role.FieldAgent);
        await (await field.GetAsync(url)).ShouldBe(HttpStatusCode.Forbidden);

        var manager = await world.LoginAsync(Role.Manager);
        await (await manager.PostFormAsync(url, new() { ["Input.Reason"] = "Reprise demandée par la personne", ["Input.Version"] = file.Version.ToString() })).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(AccompanimentStatus.Open, await FileKit.ReadAsync(world, db => db.Accompaniments.Where(a => a.Id == file.Id).Select(a => a.Status).SingleAsync()));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_meeting_entered_by_mistake_is_deleted_only_after_confirmation_and_audited(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await FileKit.OpenAsync(world);
        var meeting = await FileKit.AddAsync(world, new AccompanimentMeeting
        {
            AccompanimentId = a.Id,
            HeldOn = FileKit.Today,
            Participants = "Zoé",
            Summary = "Saisi dans le mauvais dossier",
            RecordedByUserId = world.Users[Role.SocialWorker].Id,
        });
        var worker = await world.LoginAsync(Role.SocialWorker);
        var edit = (await (await worker.GetAsync($"/Accompaniments/Meeting/{a.Id}/{meeting.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var url = $"/Accompaniments/DeleteMeeting/{a.Id}/{meeting.Id}";
        Assert.NotNull(edit.QuerySelector($"a[href='{url}']"));
        Assert.Contains("Saisi dans le mauvais dossier", await (await worker.GetAsync(url)).ShouldBe(HttpStatusCode.OK));

        var unconfirmed = (await (await worker.PostFormAsync(url, new() { ["Version"] = "0" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Cochez la case pour confirmer que cet entretien a été saisi par erreur.", unconfirmed.QuerySelector("#confirm-err")!.TextContent.Trim());
        Assert.True(await FileKit.ReadAsync(world, db => db.AccompanimentMeetings.AnyAsync(m => m.Id == meeting.Id)));

        await (await worker.PostFormAsync(url, new() { ["Version"] = "0", ["Confirm"] = "true" })).ShouldBe(HttpStatusCode.Redirect);
        Assert.False(await FileKit.ReadAsync(world, db => db.AccompanimentMeetings.AnyAsync(m => m.Id == meeting.Id)));
        Assert.True(await FileKit.ReadAsync(world, db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(AccompanimentMeeting) && e.EntityId == meeting.Id
            && e.Action == AuditActions.Delete && e.UserId == world.Users[Role.SocialWorker].Id)));
        await (await worker.GetAsync(url)).ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task An_action_is_deleted_by_a_referent_on_its_current_version_and_not_in_a_closed_file(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var a = await FileKit.OpenAsync(world);
        var goal = await FileKit.AddAsync(world, new AccompanimentGoal { AccompanimentId = a.Id, Wording = "Payer mon loyer", SetOn = FileKit.Today });
        var action = await FileKit.AddAsync(world, new GoalAction { GoalId = goal.Id, Description = "Appeler la CAF en double", Actor = ActionActor.Person });
        var url = $"/Accompaniments/DeleteAction/{a.Id}/{goal.Id}/{action.Id}";

        var colleague = FileKitUsers.NewWorker(world);
        await FileKit.AddAsync(world, colleague);
        await (await (await world.App.LoginAsync(colleague.Email!)).GetAsync(url)).ShouldBe(HttpStatusCode.Forbidden);

        var worker = await world.LoginAsync(Role.SocialWorker);
        var form = $"/Accompaniments/Action/{a.Id}/{goal.Id}/{action.Id}";
        await (await worker.PostFormAsync(form, new() { ["Input.Description"] = "Appeler la CAF", ["Input.Actor"] = "Person", ["Input.Status"] = "ToDo", ["Input.Version"] = "0" })).ShouldBe(HttpStatusCode.Redirect);
        var stale = await worker.PostFormAsync(url, new() { ["Version"] = "0", ["Confirm"] = "true" });
        Assert.Contains("modifiée par quelqu’un d’autre entre-temps", await stale.ShouldBe(HttpStatusCode.Conflict));
        Assert.True(await FileKit.ReadAsync(world, db => db.GoalActions.AnyAsync(x => x.Id == action.Id)));

        await (await worker.PostFormAsync(url, new() { ["Version"] = "1", ["Confirm"] = "true" })).ShouldBe(HttpStatusCode.Redirect);
        Assert.False(await FileKit.ReadAsync(world, db => db.GoalActions.AnyAsync(x => x.Id == action.Id)));
        Assert.True(await FileKit.ReadAsync(world, db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(GoalAction) && e.EntityId == action.Id && e.Action == AuditActions.Delete)));

        var closed = await ClosedAsync(world);
        var goal2 = await FileKit.AddAsync(world, new AccompanimentGoal { AccompanimentId = closed.Id, Wording = "Déménager", SetOn = FileKit.Today.AddDays(-100) });
        var action2 = await FileKit.AddAsync(world, new GoalAction { GoalId = goal2.Id, Description = "Visiter", Actor = ActionActor.Person });
        var closedUrl = $"/Accompaniments/DeleteAction/{closed.Id}/{goal2.Id}/{action2.Id}";
        Assert.Contains("Cet accompagnement est clos", await (await worker.PostFormAsync(closedUrl, new() { ["Version"] = "0", ["Confirm"] = "true" }, "/")).ShouldBe(HttpStatusCode.Conflict));
        Assert.True(await FileKit.ReadAsync(world, db => db.GoalActions.AnyAsync(x => x.Id == action2.Id)));
    }
}

internal static class FileKitUsers
{
    /// <summary>A Conseiller·ère of the World's organisation who is referent of no file.</summary>
    public static Relais.Features.Users.AppUser NewWorker(World w)
    {
        var email = $"conseillere-{Guid.NewGuid():N}@test.relais.local";
        return new Relais.Features.Users.AppUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = "Collègue Conseillère",
            Role = Role.SocialWorker,
            OrganisationId = w.Id,
            LockoutEnabled = true,
            PasswordHash = w.App.PasswordHash,
        };
    }
}
