using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Cli;
using Relais.Features.Audit;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Audit;

public sealed class AuditTests
{
    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Reading_a_household_file_is_logged_with_who_and_when(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var worker = await world.LoginAsync(Role.SocialWorker);
        await (await worker.GetAsync($"/Households/Details/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK);
        await (await worker.GetAsync($"/api/v1/persons/{world.SouthHolder.Id}")).ShouldBe(HttpStatusCode.OK);

        await using var scope = world.App.SystemScope(world.Id, out var db);
        var reads = await db.AuditEntries.Where(a => a.OrganisationId == world.Id && a.Action == AuditActions.Read).OrderBy(a => a.Sequence).ToListAsync();
        Assert.Equal(2, reads.Count);
        Assert.Equal((nameof(Household), world.NorthHousehold.Id, world.NorthHousehold.Id), (reads[0].EntityType, reads[0].EntityId!.Value, reads[0].HouseholdId!.Value));
        Assert.Equal((nameof(Person), world.SouthHolder.Id, world.SouthHousehold.Id), (reads[1].EntityType, reads[1].EntityId!.Value, reads[1].HouseholdId!.Value));
        Assert.All(reads, r => Assert.Equal(world.Users[Role.SocialWorker].Id, r.UserId));
        Assert.All(reads, r => Assert.Equal(world.Email(Role.SocialWorker), r.UserName));
        Assert.All(reads, r => Assert.Equal(TestApp.ClientIp, r.IpAddress));
        Assert.All(reads, r => Assert.InRange(r.At, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Changes_are_logged_with_the_changed_fields_and_the_manager_sees_them(DatabaseProvider provider)
    {
        var world = await World.CreateAsync(await TestApp.GetAsync(provider));
        var worker = await world.LoginAsync(Role.SocialWorker);
        await (await worker.PostFormAsync($"/Households/EditPerson/{world.NorthHolder.Id}", new()
        {
            ["Input.FirstName"] = "Benoît", ["Input.LastName"] = "Lefèvre", ["Input.Role"] = "LeaseHolder",
            ["Input.BirthDate"] = "1970-05-04", ["Input.Phone"] = "07 00 00 00 01", ["Input.Version"] = "0",
        })).ShouldBe(HttpStatusCode.Redirect);

        await using (var scope = world.App.SystemScope(world.Id, out var db))
        {
            var update = await db.AuditEntries.SingleAsync(a => a.OrganisationId == world.Id && a.Action == AuditActions.Update && a.EntityId == world.NorthHolder.Id);
            Assert.Equal("Phone", update.Details);
            Assert.Equal(world.NorthHousehold.Id, update.HouseholdId);
            Assert.Equal(world.Users[Role.SocialWorker].Id, update.UserId);
            Assert.Equal(TestApp.ClientIp, update.IpAddress);
        }

        var manager = await world.LoginAsync(Role.Manager);
        var history = (await (await manager.GetAsync($"/Households/History/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK)).Html();
        var rows = history.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains(world.Email(Role.SocialWorker), StringComparison.Ordinal) && r.Contains("Modification", StringComparison.Ordinal) && r.Contains("Phone", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Création", StringComparison.Ordinal));

        // The history is for managers only.
        await (await worker.GetAsync($"/Households/History/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.Forbidden);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task The_database_refuses_to_change_or_delete_audit_lines(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        await World.CreateAsync(app);
        await using var scope = app.SystemScope(null, out var db);
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"UserName\" = 'x'"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\""));
        Assert.True(await db.AuditEntries.CountAsync() > 10);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_large_batch_of_lines_is_appended_whole_and_chained(DatabaseProvider provider)
    {
        // A group dashboard logs a read per member at once: every field, nulls and accents included, must come back as
        // written, and the chain must verify across the batch.
        await using var app = await TestApp.CreatePrivateAsync(provider);
        var world = await World.CreateAsync(app);
        var drafts = Enumerable.Range(0, 40).Select(i => new AuditDraft(AuditActions.Read, "Accompaniment",
            i % 3 == 0 ? null : Guid.CreateVersion7(), i % 2 == 0 ? world.NorthHousehold.Id : null, world.Id,
            i % 5 == 0 ? null : Guid.CreateVersion7(), $"Lecteur « {i} » é", i % 4 == 0 ? null : "192.0.2.7", i % 6 == 0 ? null : $"programme {i}"))
            .ToList();
        long before;
        await using (var scope = app.SystemScope(null, out var db))
        {
            before = await db.AuditEntries.MaxAsync(a => a.Sequence);
            await using var tx = await db.Database.BeginTransactionAsync();
            await AuditChain.AppendAsync(db, drafts, TimeProvider.System, CancellationToken.None);
            await tx.CommitAsync();
        }

        await using (var scope = app.SystemScope(null, out var db))
        {
            var lines = await db.AuditEntries.AsNoTracking().Where(a => a.Sequence > before).OrderBy(a => a.Sequence).ToListAsync();
            Assert.Equal(drafts.Count, lines.Count);
            for (var i = 0; i < drafts.Count; i++)
            {
                var (d, l) = (drafts[i], lines[i]);
                Assert.Equal(before + 1 + i, l.Sequence);
                Assert.Equal((d.Action, d.EntityType, d.EntityId, d.HouseholdId, d.OrganisationId, d.UserId, d.UserName, d.IpAddress, d.Details),
                    (l.Action, l.EntityType, l.EntityId, l.HouseholdId, l.OrganisationId, l.UserId, l.UserName, l.IpAddress, l.Details));
                Assert.Equal(l.ComputeHash(), l.Hash);
            }

            var verification = await AuditChain.VerifyAsync(db, CancellationToken.None);
            Assert.True(verification.Ok, verification.Problem);
        }
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Verify_audit_command_detects_an_altered_or_removed_line(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        var world = await World.CreateAsync(app);
        var worker = await world.LoginAsync(Role.SocialWorker);
        for (var i = 0; i < 3; i++)
        {
            await (await worker.GetAsync($"/Households/Details/{world.NorthHousehold.Id}")).ShouldBe(HttpStatusCode.OK);
        }

        string[] args = ["verify-audit", $"--Database:Provider={provider}", $"--ConnectionStrings:Relais={app.ConnectionString}", "--Database:MigrateOnStart=false"];
        Assert.Equal(0, await CliCommands.RunAsync(args));

        await using (var scope = app.SystemScope(null, out var db))
        {
            await DropAppendOnlyGuard(db, provider); // what someone with direct database access could do
            var middle = await db.AuditEntries.OrderBy(a => a.Sequence).Skip(5).Select(a => a.Sequence).FirstAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"UserName\" = 'quelqu''un d''autre' WHERE \"Sequence\" = {0}", middle);
            var altered = await AuditChain.VerifyAsync(db, CancellationToken.None);
            Assert.False(altered.Ok);
            Assert.Equal(middle, altered.FirstBrokenSequence);
        }

        Assert.Equal(1, await CliCommands.RunAsync(args));

        await using var app2 = await TestApp.CreatePrivateAsync(provider);
        var world2 = await World.CreateAsync(app2);
        await using (var scope = app2.SystemScope(null, out var db))
        {
            await DropAppendOnlyGuard(db, provider);
            var victim = await db.AuditEntries.OrderBy(a => a.Sequence).Skip(3).Select(a => a.Sequence).FirstAsync();
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {0}", victim);
            var removed = await AuditChain.VerifyAsync(db, CancellationToken.None);
            Assert.False(removed.Ok);
            Assert.Equal(victim, removed.FirstBrokenSequence);
            Assert.Contains("manquante", removed.Problem);
        }

        string[] args2 = ["verify-audit", $"--Database:Provider={provider}", $"--ConnectionStrings:Relais={app2.ConnectionString}", "--Database:MigrateOnStart=false"];
        Assert.Equal(1, await CliCommands.RunAsync(args2));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Concurrent_reads_keep_one_unbroken_chain(DatabaseProvider provider)
    {
        await using var app = await TestApp.CreatePrivateAsync(provider);
        var world = await World.CreateAsync(app);
        var clients = new List<HttpClient>();
        foreach (var role in new[] { Role.SocialWorker, Role.Manager, Role.FieldAgent })
        {
            clients.Add(await world.LoginAsync(role));
        }

        var tasks = Enumerable.Range(0, 60).Select(async i =>
        {
            var response = await clients[i % clients.Count].GetAsync($"/api/v1/households/{world.NorthHousehold.Id}");
            await response.ShouldBe(HttpStatusCode.OK);
        });
        await Task.WhenAll(tasks);

        await using var scope = app.SystemScope(null, out var db);
        Assert.Equal(60, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.Read && a.EntityId == world.NorthHousehold.Id));
        var verification = await AuditChain.VerifyAsync(db, CancellationToken.None);
        Assert.True(verification.Ok, verification.Problem);
    }

    private static Task DropAppendOnlyGuard(RelaisDbContext db, DatabaseProvider provider) => provider == DatabaseProvider.Sqlite
        ? db.Database.ExecuteSqlRawAsync("DROP TRIGGER \"AuditEntries_no_update\"; DROP TRIGGER \"AuditEntries_no_delete\";")
        : db.Database.ExecuteSqlRawAsync("DROP TRIGGER \"AuditEntries_append_only\" ON \"AuditEntries\"");
}
