using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Relais.Cli;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Accompaniments.Lifecycle;
using Relais.Features.Audit;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Accompaniments;

/// <summary>
/// The 2-year retention purge, on a private database each (the purge runs over every organisation): the expired closed
/// file goes with all its rows and its document files; the others stay.
/// </summary>
public sealed class RetentionPurgeTests
{
    private sealed record Files(Guid Expired, Guid Recent, Guid Boundary, Guid OldButOpen, string ExpiredDocument, string KeptDocument, Guid ExpiredNote);

    private static async Task<Files> ArrangeAsync(World w)
    {
        var today = FileKit.Today;
        var expired = await ClosedWithItemsAsync(w, lastContact: today.AddYears(-2).AddDays(-1));
        var recent = await ClosedWithItemsAsync(w, lastContact: today.AddYears(-2).AddDays(30));
        var boundary = await ClosedWithItemsAsync(w, lastContact: today.AddYears(-2)); // kept through its last day
        var open = await FileKit.OpenAsync(w, consent: today.AddYears(-5));
        return new Files(expired.Id, recent.Id, boundary.Id, open.Id, expired.Document, recent.Document, expired.Note);
    }

    private static async Task<(Guid Id, string Document, Guid Note)> ClosedWithItemsAsync(World w, DateOnly lastContact)
    {
        var a = await FileKit.OpenAsync(w, consent: lastContact.AddDays(-300));
        var goal = await FileKit.AddAsync(w, new AccompanimentGoal { AccompanimentId = a.Id, Wording = "Garder mon logement", SetOn = lastContact.AddDays(-200) });
        await FileKit.AddAsync(w, new GoalAction { GoalId = goal.Id, Description = "Voir la CAF", Actor = ActionActor.Person });
        await FileKit.AddAsync(w, new GoalReview { GoalId = goal.Id, ReviewedOn = lastContact.AddDays(-100), Note = "Point", ByName = "Camille" });
        await FileKit.AddAsync(w, new AccompanimentMeeting { AccompanimentId = a.Id, HeldOn = lastContact, Participants = "B.", Summary = "Dernier entretien" });
        await FileKit.AddAsync(w, new AccompanimentStrength { AccompanimentId = a.Id, Text = "Tenace" });
        var consent = await FileKit.AddAsync(w, new AccompanimentConsent { AccompanimentId = a.Id, Kind = ConsentKind.Health, GivenOn = lastContact.AddDays(-250), RecordedByName = "Camille" });
        await FileKit.AddAsync(w, new AccompanimentHealth { AccompanimentId = a.Id, Text = "Suivi CMP", UpdatedByName = "Camille" });
        var note = await FileKit.AddAsync(w, new AccompanimentNote { AccompanimentId = a.Id, Level = ConfidentialityLevel.Team, AuthorUserId = w.Users[Role.SocialWorker].Id, AuthorName = "Camille", Text = "Note d’équipe" });
        var store = w.App.Services.GetRequiredService<DocumentStore>();
        var stored = await store.SaveAsync(w.Id, new MemoryStream(Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n")), CancellationToken.None);
        await FileKit.AddAsync(w, new AccompanimentDocument
        {
            AccompanimentId = a.Id,
            Level = ConfidentialityLevel.Person,
            AuthorUserId = w.Users[Role.SocialWorker].Id,
            AuthorName = "Camille",
            Title = "Quittance.pdf",
            ContentType = "application/pdf",
            SizeBytes = stored.Size,
            StorageName = stored.StorageName,
            Sha256 = stored.Sha256,
        });
        await using (var scope = w.App.SystemScope(w.Id, out var db))
        {
            var file = await db.Accompaniments.SingleAsync(x => x.Id == a.Id);
            file.Status = AccompanimentStatus.Closed;
            file.ClosureOutcome = ClosureOutcome.GoalsReached;
            file.LastContactOn = lastContact;
            file.ClosedOn = lastContact.AddDays(5);
            file.ClosedByName = "Camille";
            await db.SaveChangesAsync();
        }

        _ = consent;
        return (a.Id, store.PathOf(w.Id, stored.StorageName), note.Id);
    }

    private static string[] Cli(TestApp app, params string[] args) =>
    [
        "purge-accompaniments", .. args, $"--Database:Provider={app.Provider}", $"--ConnectionStrings:Relais={app.ConnectionString}",
        $"--Database:DataFolder={Path.GetTempPath()}", $"--Documents:Folder={app.Services.GetRequiredService<DocumentStore>().Root}",
    ];

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Dry_run_lists_the_expired_files_and_deletes_nothing(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        var world = await World.CreateAsync(app);
        var files = await ArrangeAsync(world);

        var listed = await app.Services.GetRequiredService<AccompanimentPurge>().RunAsync(dryRun: true, world.Id, CancellationToken.None);
        var only = Assert.Single(listed.Files);
        Assert.Equal((files.Expired, 1, FileKit.Today.AddDays(-1)), (only.AccompanimentId, only.Documents, only.KeptUntil));

        Assert.Equal(0, await CliCommands.RunAsync(Cli(app, "--dry-run")));
        await using var scope = app.SystemScope(world.Id, out var db);
        Assert.Equal(4, await db.Accompaniments.CountAsync());
        Assert.True(await db.AccompanimentNotes.AnyAsync(n => n.Id == files.ExpiredNote));
        Assert.True(File.Exists(files.ExpiredDocument));
        Assert.False(await db.AuditEntries.AnyAsync(e => e.UserId == null && e.UserName == AccompanimentPurge.Actor));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_purge_deletes_exactly_the_expired_files_with_their_items_and_document_files(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        var world = await World.CreateAsync(app);
        var files = await ArrangeAsync(world);

        Assert.Equal(0, await CliCommands.RunAsync(Cli(app)));

        await using var scope = app.SystemScope(world.Id, out var db);
        Assert.Equal(
            new[] { files.Recent, files.Boundary, files.OldButOpen }.Order(),
            (await db.Accompaniments.Select(a => a.Id).ToListAsync()).Order());
        var gone = files.Expired;
        Assert.False(await db.AccompanimentGoals.AnyAsync(x => x.AccompanimentId == gone));
        Assert.False(await db.AccompanimentMeetings.AnyAsync(x => x.AccompanimentId == gone));
        Assert.False(await db.AccompanimentStrengths.AnyAsync(x => x.AccompanimentId == gone));
        Assert.False(await db.AccompanimentReferents.AnyAsync(x => x.AccompanimentId == gone));
        Assert.False(await db.AccompanimentConsents.AnyAsync(x => x.AccompanimentId == gone));
        Assert.False(await db.AccompanimentHealthRecords.AnyAsync(x => x.AccompanimentId == gone));
        Assert.False(await db.AccompanimentNotes.AnyAsync(x => x.AccompanimentId == gone));
        Assert.False(await db.AccompanimentDocuments.AnyAsync(x => x.AccompanimentId == gone));
        Assert.Equal(2, await db.GoalActions.CountAsync()); // the two kept closed files' actions; the expired one's went with its goal
        Assert.Equal(2, await db.GoalReviews.CountAsync());
        Assert.False(File.Exists(files.ExpiredDocument));
        Assert.True(File.Exists(files.KeptDocument));
        Assert.Equal(2, await db.AccompanimentNotes.CountAsync()); // the two kept closed files' notes (the open file has none)

        // One audit line for the purged file, by the system, with no personal data; no line per item.
        var lines = await db.AuditEntries.Where(e => e.UserName == AccompanimentPurge.Actor).ToListAsync();
        var line = Assert.Single(lines);
        Assert.Equal((AuditActions.Delete, nameof(Accompaniment), gone, (Guid?)null, world.Id), (line.Action, line.EntityType, line.EntityId!.Value, line.UserId, line.OrganisationId!.Value));
        Assert.StartsWith("purge : conservation de 2 ans", line.Details);
        Assert.DoesNotContain("Benoît", line.Details);
        Assert.DoesNotContain("Lefèvre", line.Details);
        Assert.True((await AuditChain.VerifyAsync(db, CancellationToken.None)).Ok);

        // Idempotent: a second run finds nothing.
        var again = await app.Services.GetRequiredService<AccompanimentPurge>().RunAsync(dryRun: false, null, CancellationToken.None);
        Assert.Empty(again.Files);
    }

    [Fact]
    public void The_daily_job_waits_for_the_next_configured_time()
    {
        var zone = TimeSpan.FromHours(1);
        Assert.Equal(TimeSpan.FromHours(1.5), AccompanimentPurgeJob.DelayUntilNext(new DateTimeOffset(2026, 3, 2, 2, 0, 0, zone), new TimeOnly(3, 30)));
        Assert.Equal(TimeSpan.FromHours(23), AccompanimentPurgeJob.DelayUntilNext(new DateTimeOffset(2026, 3, 2, 4, 30, 0, zone), new TimeOnly(3, 30)));
        Assert.Equal(TimeSpan.FromDays(1), AccompanimentPurgeJob.DelayUntilNext(new DateTimeOffset(2026, 3, 2, 3, 30, 0, zone), new TimeOnly(3, 30)));
        Assert.True(AccompanimentPurge.IsExpired(new DateOnly(2024, 3, 1), new DateOnly(2026, 3, 2)));
        Assert.False(AccompanimentPurge.IsExpired(new DateOnly(2024, 3, 2), new DateOnly(2026, 3, 2)));
    }
}
