using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace Relais.Bench;

/// <summary>
/// Issue 4's benchmark: 100,000 households and 40,000 accompaniment files (10 meetings and 20 notes each on average,
/// goals, actions, strengths, rights), then the file page and "mes échéances" under 16 concurrent Conseiller·ère
/// clients on PostgreSQL, with the audit log on (every file read is logged).
/// </summary>
public static class AccompanimentBench
{
    public const int Files = 40_000;

    public static async Task<int> RunAsync(BenchOptions options, string appDll, string root, MachineInfo machine, string stamp, string work, TextWriter log, CancellationToken ct)
    {
        var server = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = "postgres", Pooling = false }.ConnectionString;
        var database = options.ReuseDatabase ?? $"relais_acc_{stamp}";
        AppProcess? app = null;
        try
        {
            var files = Math.Min(Files, options.Households * 2 / 5);
            var (data, counts) = await Bench.LoadOrReuseAsync(options, server, database, work, log, d => SeedAsync(d.ConnectionString, d.OrganisationId, files, ct), ct);

            var (fileIds, workerFiles) = await FileIdsAsync(data.ConnectionString, ct);
            log.WriteLine($"  the Conseiller·ère is referent of {workerFiles:N0} files");
            log.WriteLine();

            // A reused database has the reads of earlier runs: only this run's are compared with its requests.
            var readsBefore = await CountAsync(data.ConnectionString, "SELECT count(*) FROM \"AuditEntries\" WHERE \"Action\" = 'read' AND \"EntityType\" = 'Accompaniment'", ct);
            NpgsqlConnection.ClearAllPools();
            log.WriteLine("Starting the app (Production, HTTPS on loopback)…");
            app = AppProcess.Start(appDll, options.AppConnectionString(data.ConnectionString), work);
            await LedgerBench.WaitForLoginPageAsync(app, ct);
            var clients = new List<HttpClient>();
            for (var i = 0; i < options.Clients; i++)
            {
                clients.Add(await LoadRunner.SignInAsync(app, data.SocialWorkerEmail, data.Password, ct));
            }

            var runner = new LoadRunner(app, database, log) { MaxWarmup = TimeSpan.FromSeconds(options.MaxWarmupSeconds) };
            var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
            var duration = TimeSpan.FromSeconds(options.DurationSeconds);
            var filePage = await runner.RunAsync("File page", "GET /Accompaniments/File/{id}", clients, FilePage(fileIds), warmup, duration, options.Seed, ct);
            var deadlines = await runner.RunAsync("Mes échéances", "GET /Accompaniments/Deadlines", clients, Deadlines(), warmup, duration, options.Seed + 1, ct);
            foreach (var client in clients)
            {
                client.Dispose();
            }

            var audit = await Bench.CheckAuditAsync(data.ConnectionString, expectedReads: 0, ct);
            var fileReads = await CountAsync(data.ConnectionString, "SELECT count(*) FROM \"AuditEntries\" WHERE \"Action\" = 'read' AND \"EntityType\" = 'Accompaniment'", ct) - readsBefore;
            var fileRequests = filePage.WarmupRequests + filePage.Requests;
            var failLines = app.FailLines;
            await app.DisposeAsync();
            app = null;

            log.WriteLine();
            log.WriteLine($"== Accompaniment benchmark {stamp}: {options.Households:N0} households, {files:N0} files, {options.Clients} clients, PostgreSQL ==");
            log.WriteLine($"machine: {machine.Cores} cores ({machine.CpuModel}), load average at start {machine.LoadAverageAtStart}; one core's speed (SHA-256) {machine.SpeedAtStart:0} MB/s at start, {MachineInfo.Speed():0} MB/s at the end");
            foreach (var (name, r, target) in new[] { ("file page", filePage, 80.0), ("mes échéances", deadlines, 100.0) })
            {
                log.WriteLine($"{name,-14} p50 {r.Latency.P50:0.0} ms, p95 {r.Latency.P95:0.0} ms, p99 {r.Latency.P99:0.0} ms, {r.RequestsPerSecond:0} req/s, "
                    + $"{r.Errors} errors, warm-up {r.WarmupSeconds:0} s; app CPU {r.AppCpuMsPerRequest:0.0} ms/req (JIT {r.JitCpuMsPerRequest:0.0}), PostgreSQL CPU {r.PostgresCpuMsPerRequest:0.0} ms/req   (target p95 ≤ {target:0} ms)");
            }

            log.WriteLine($"audit chain after the run: {(audit.ChainIntact ? "intact" : "BROKEN")}, {audit.TotalLines:N0} lines; file reads logged: {fileReads:N0} for {fileRequests:N0} file page requests");
            var folder = Directory.CreateDirectory(Path.Combine(root, "bench", "results")).FullName;
            var json = Path.Combine(folder, $"accompaniments-{stamp}.json");
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { stamp, machine, files, counts, workerFiles, filePage, deadlines, audit, failLines },
                new JsonSerializerOptions { WriteIndented = true }), ct);
            log.WriteLine($"Results written to {Path.GetRelativePath(Environment.CurrentDirectory, json)}");
            return filePage.Errors == 0 && deadlines.Errors == 0 && failLines == 0 && audit.ChainIntact && fileReads == fileRequests ? 0 : 1;
        }
        finally
        {
            if (app is not null)
            {
                Console.Error.WriteLine(app.LastLines);
                await app.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            if (!options.Keep && options.ReuseDatabase is null)
            {
                await Bench.ExecAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// The files, written by PostgreSQL itself from the loaded households (set-based, deterministic): 80 % open, each
    /// with a referent (the Conseiller·ère for one file in 700, all open, the Responsable otherwise), 3 strengths, 3 rights,
    /// 3 goals of 3 actions, 10 meetings and 20 notes (team, shared with the person, private to their author).
    /// </summary>
    private static async Task<Dictionary<string, long>> SeedAsync(string connectionString, Guid organisationId, int files, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(ct);
        async Task Exec(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 0 };
            cmd.Parameters.AddWithValue("org", organisationId);
            cmd.Parameters.AddWithValue("n", files);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await Exec("""
            CREATE TEMP TABLE bench_users AS SELECT
                (SELECT "Id" FROM "AspNetUsers" WHERE "Role" = 2 LIMIT 1) AS worker,
                (SELECT "Id" FROM "AspNetUsers" WHERE "Role" = 1 LIMIT 1) AS manager;
            CREATE TEMP TABLE bench_acc AS
            SELECT gen_random_uuid() AS id, h."Id" AS household, p."Id" AS person, row_number() OVER (ORDER BY md5(h."Id"::text)) AS rn
            FROM (SELECT "Id" FROM "Households" WHERE "OrganisationId" = @org ORDER BY md5("Id"::text) LIMIT @n) AS h
            CROSS JOIN LATERAL (SELECT "Id" FROM "Persons" WHERE "HouseholdId" = h."Id" ORDER BY "Id" LIMIT 1) AS p;
            INSERT INTO "Accompaniments" ("Id", "OrganisationId", "HouseholdId", "PersonId", "Status", "ConsentDate", "ConsentChannel",
                "ConsentRecordedByUserId", "ConsentRecordedByName", "Version", "CreatedAt", "UpdatedAt", "ConsentScope", "OwnAccount",
                "NextReviewOn", "ClosureOutcome", "LastContactOn", "ClosedOn", "ClosureComment")
            SELECT a.id, @org, a.household, a.person, CASE WHEN a.rn % 5 = 0 THEN 1 ELSE 0 END, date '2025-01-01' + (a.rn % 600)::int,
                (a.rn % 3)::int, u.worker, 'Camille Conseillère', 0, now() - make_interval(days => (a.rn % 600)::int), now(),
                'Accompagnement global : logement, budget, accès aux droits',
                'Je veux garder mon logement et remettre de l''ordre dans mes papiers. Mes enfants comptent sur moi.',
                CASE WHEN a.rn % 5 = 0 THEN NULL ELSE current_date + (a.rn % 60 - 10)::int END,
                CASE WHEN a.rn % 5 = 0 THEN 0 END, CASE WHEN a.rn % 5 = 0 THEN date '2026-06-01' END,
                CASE WHEN a.rn % 5 = 0 THEN date '2026-06-15' END, CASE WHEN a.rn % 5 = 0 THEN 'Objectifs atteints' END
            FROM bench_acc AS a, bench_users AS u;
            INSERT INTO "AccompanimentReferents" ("Id", "OrganisationId", "AccompanimentId", "UserId")
            SELECT gen_random_uuid(), @org, a.id, CASE WHEN a.rn % 700 = 1 THEN u.worker ELSE u.manager END FROM bench_acc AS a, bench_users AS u;
            INSERT INTO "AccompanimentStrengths" ("Id", "OrganisationId", "AccompanimentId", "Kind", "Text", "Version", "CreatedAt", "UpdatedAt")
            SELECT gen_random_uuid(), @org, a.id, g - 1, (ARRAY['Très organisée avec son budget', 'Parle trois langues', 'Sa sœur habite la résidence'])[g], 0, now(), now()
            FROM bench_acc AS a, generate_series(1, 3) AS g;
            """);
        await Exec("""
            INSERT INTO "RightKinds" ("Id", "OrganisationId", "Code", "Name", "IsActive", "SortOrder", "Version")
            SELECT gen_random_uuid(), @org, k.code, k.name, true, k.ord, 0
            FROM (VALUES ('APL', 'Aide personnalisée au logement', 1), ('RSA', 'Revenu de solidarité active', 2), ('PA', 'Prime d''activité', 3),
                         ('CSS', 'Complémentaire santé solidaire', 4), ('CE', 'Chèque énergie', 5), ('FSL', 'Fonds de solidarité logement', 6),
                         ('AAH', 'Allocation aux adultes handicapés', 7)) AS k(code, name, ord)
            WHERE NOT EXISTS (SELECT 1 FROM "RightKinds" WHERE "OrganisationId" = @org);
            CREATE TEMP TABLE bench_kinds AS SELECT "Id" AS id, row_number() OVER (ORDER BY "SortOrder") AS k FROM "RightKinds" WHERE "OrganisationId" = @org;
            INSERT INTO "AccompanimentRights" ("Id", "OrganisationId", "AccompanimentId", "RightKindId", "Status", "RequestedOn", "OpenedOn", "CheckedOn", "Version", "CreatedAt", "UpdatedAt")
            SELECT gen_random_uuid(), @org, a.id, k.id, ((a.rn + g) % 4)::int, date '2025-06-01', NULL, date '2025-05-15', 0, now(), now()
            FROM bench_acc AS a, generate_series(1, 3) AS g JOIN bench_kinds AS k ON k.k = g;
            CREATE TEMP TABLE bench_goal AS SELECT gen_random_uuid() AS id, a.id AS acc, a.rn, g FROM bench_acc AS a, generate_series(1, 3) AS g;
            INSERT INTO "AccompanimentGoals" ("Id", "OrganisationId", "AccompanimentId", "Wording", "Status", "SetOn", "Version", "CreatedAt", "UpdatedAt")
            SELECT id, @org, acc, (ARRAY['Ne plus avoir de retard de loyer', 'Trouver une formation d''aide-soignante', 'Faire valoir mes droits'])[g], (rn % 3)::int,
                date '2025-02-01', 0, now(), now() FROM bench_goal;
            INSERT INTO "GoalActions" ("Id", "OrganisationId", "GoalId", "Description", "Actor", "DueOn", "Status", "Version", "CreatedAt", "UpdatedAt")
            SELECT gen_random_uuid(), @org, goal.id, 'Appeler la CAF avec le numéro d''allocataire', ((goal.rn + a) % 3)::int,
                current_date + ((goal.rn * 7 + a * 13) % 90 - 30)::int, ((goal.rn + a) % 4)::int, 0, now(), now()
            FROM bench_goal AS goal, generate_series(1, 3) AS a;
            """);
        await Exec("""
            INSERT INTO "AccompanimentMeetings" ("Id", "OrganisationId", "AccompanimentId", "HeldOn", "Medium", "Participants", "Summary",
                "RecordedByUserId", "RecordedByName", "Version", "CreatedAt", "UpdatedAt")
            SELECT gen_random_uuid(), @org, a.id, date '2025-01-01' + ((a.rn + g * 37) % 680)::int, (g % 5)::int, 'La personne, Camille Conseillère',
                'Point sur le budget du mois et les démarches engagées ; la personne a apporté ses relevés. Prochain rendez-vous fixé ensemble.',
                u.worker, 'Camille Conseillère', 0, now(), now()
            FROM bench_acc AS a, bench_users AS u, generate_series(1, 10) AS g;
            INSERT INTO "AccompanimentNotes" ("Id", "OrganisationId", "AccompanimentId", "Level", "AuthorUserId", "AuthorName", "Text", "Version", "CreatedAt", "UpdatedAt")
            SELECT gen_random_uuid(), @org, a.id, CASE WHEN g % 10 = 0 THEN 0 WHEN g % 4 = 0 THEN 2 ELSE 1 END,
                CASE WHEN g % 20 = 0 THEN u.manager ELSE u.worker END, 'Camille Conseillère',
                'Échange téléphonique : la personne a reçu le courrier de la CAF et souhaite qu''on le lise ensemble au prochain entretien.',
                0, now() - make_interval(days => g::int), now()
            FROM bench_acc AS a, bench_users AS u, generate_series(1, 20) AS g;
            ANALYZE;
            """);

        var counts = new Dictionary<string, long>();
        foreach (var table in new[] { "Accompaniments", "AccompanimentMeetings", "AccompanimentNotes", "AccompanimentGoals", "GoalActions" })
        {
            await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", c);
            counts[table] = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static async Task<long> CountAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task<(Guid[] Ids, long WorkerFiles)> FileIdsAsync(string connectionString, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(ct);
        var ids = new List<Guid>();
        await using (var cmd = new NpgsqlCommand("SELECT \"Id\" FROM \"Accompaniments\" ORDER BY md5(\"Id\"::text) LIMIT 5000", c))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"AccompanimentReferents\" AS r JOIN \"AspNetUsers\" AS u ON u.\"Id\" = r.\"UserId\" WHERE u.\"Role\" = 2", c);
        return ([.. ids], Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture));
    }

    private static Func<HttpClient, Random, CancellationToken, Task<Outcome>> FilePage(Guid[] ids) => async (client, random, ct) =>
    {
        var id = ids[random.Next(ids.Length)];
        using var response = await client.GetAsync($"/Accompaniments/File/{id}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Outcome(false, $"HTTP {(int)response.StatusCode}", id.ToString());
        }

        // The file itself, with its meetings and its team notes, not an error page that answered 200.
        return body.Contains("Point sur le budget du mois", StringComparison.Ordinal) && body.Contains("courrier de la CAF", StringComparison.Ordinal)
            ? new Outcome(true, null, id.ToString())
            : new Outcome(false, "file page without its meetings or notes", id.ToString());
    };

    private static Func<HttpClient, Random, CancellationToken, Task<Outcome>> Deadlines() => async (client, _, ct) =>
    {
        using var response = await client.GetAsync("/Accompaniments/Deadlines", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Outcome(false, $"HTTP {(int)response.StatusCode}", null);
        }

        // The worker's open files have reviews and actions due: the page must list them, not say there is nothing.
        return body.Contains("Appeler la CAF", StringComparison.Ordinal) && body.Contains("révision du dossier", StringComparison.Ordinal)
            ? new Outcome(true, null, null)
            : new Outcome(false, "mes échéances without the worker's actions and reviews", null);
    };
}
