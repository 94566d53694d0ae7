using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Audit;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Data;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Accompaniments.FileKit;

namespace Relais.Tests.Data;

/// <summary>
/// Relais runs PostgreSQL with a small connection pool (DatabaseSetup.Tuned, decision 0020). That is safe only while no
/// request holds a connection while it waits for another one, such as the audit writer's: many concurrent reads through
/// a pool of two connections must all be served, and all logged.
/// </summary>
public sealed class ConnectionPoolTests
{
    [SkippableFact]
    public async Task Many_concurrent_file_reads_are_served_and_logged_through_a_pool_of_two_connections()
    {
        await using var app = await TestApp.CreatePrivateAsync(DatabaseProvider.Postgres, postgresOptions: "Maximum Pool Size=2;Timeout=10");
        var world = await World.CreateAsync(app);
        var file = await OpenAsync(world);
        var clients = new List<HttpClient>();
        for (var i = 0; i < 4; i++)
        {
            clients.Add(await world.LoginAsync(Role.SocialWorker));
        }

        // 32 reads, 8 at a time per client: each waits for its audit line, written by the background writer through the
        // same pool.
        var reads = Enumerable.Range(0, 32).Select(i => clients[i % clients.Count].GetAsync($"/Accompaniments/File/{file.Id}")).ToList();
        var responses = await Task.WhenAll(reads);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        await using var scope = app.SystemScope(world.Id, out var db);
        var logged = await db.AuditEntries.CountAsync(e => e.EntityId == file.Id && e.Action == AuditActions.Read && e.Details == "dossier");
        Assert.Equal(32, logged);
        Assert.Equal(2, new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSetup.Tuned(app.ConnectionString)).MaxPoolSize);
    }
}
