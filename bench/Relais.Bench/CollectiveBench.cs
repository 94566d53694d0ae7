using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace Relais.Bench;

/// <summary>
/// Issue 5's benchmark: 2,000 collective projects, 40,000 sessions and about 400,000 attendance lines on top of the
/// households; one project in twenty is an arrears group programme of 30 to 50 residents, each linked to their
/// accompaniment with a repayment plan and 24 months of rent ledger. Then, under 16 concurrent Conseiller·ère clients
/// (staff of every project): the group dashboard (/Collective/Programme/{id}, one audit read line per member file shown)
/// and the project page (/Collective/Project/{id}) when the app has it (it is measured as soon as it answers).
/// </summary>
public static class CollectiveBench
{
    public const int Projects = 2_000;
    public const int SessionsPerProject = 20;

    public static async Task<int> RunAsync(BenchOptions options, string appDll, string root, MachineInfo machine, string stamp, string work, TextWriter log, CancellationToken ct)
    {
        var server = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = "postgres", Pooling = false }.ConnectionString;
        var database = options.ReuseDatabase ?? $"relais_col_{stamp}";
        AppProcess? app = null;
        try
        {
            var (data, counts) = await Bench.LoadOrReuseAsync(options, server, database, work, log, d => SeedAsync(d.ConnectionString, d.OrganisationId, ct), ct);

            var (programmes, projects) = await IdsAsync(data.ConnectionString, ct);
            log.WriteLine();

            NpgsqlConnection.ClearAllPools();
            log.WriteLine("Starting the app (Production, HTTPS on loopback)…");
            app = AppProcess.Start(appDll, data.ConnectionString, work);
            await LedgerBench.WaitForLoginPageAsync(app, ct);
            var clients = new List<HttpClient>();
            for (var i = 0; i < options.Clients; i++)
            {
                clients.Add(await LoadRunner.SignInAsync(app, data.SocialWorkerEmail, data.Password, ct));
            }

            var first = await Dashboard(programmes)(clients[0], new Random(1), ct);
            if (!first.Ok)
            {
                throw new InvalidOperationException($"First dashboard failed: {first.Error}\n{app.LastLines}");
            }

            // The project page is helper A's: measured when the app has it.
            using (var probe = await clients[0].GetAsync($"/Collective/Project/{projects[0]}", ct))
            {
                ProjectPageExists = probe.StatusCode == HttpStatusCode.OK;
            }

            var runner = new LoadRunner(app, database, log) { MaxWarmup = TimeSpan.FromSeconds(options.MaxWarmupSeconds) };
            var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
            var duration = TimeSpan.FromSeconds(options.DurationSeconds);
            var dashboard = await runner.RunAsync("Group dashboard", "GET /Collective/Programme/{id}", clients, Dashboard(programmes), warmup, duration, options.Seed, ct);
            ScenarioResult? projectPage = null;
            if (ProjectPageExists)
            {
                projectPage = await runner.RunAsync("Project page", "GET /Collective/Project/{id}", clients, ProjectPage(projects), warmup, duration, options.Seed + 1, ct);
            }
            else
            {
                log.WriteLine("Project page: /Collective/Project/{id} does not answer 200 in this build: not measured.");
            }

            foreach (var client in clients)
            {
                client.Dispose();
            }

            var audit = await Bench.CheckAuditAsync(data.ConnectionString, expectedReads: 0, ct);
            var failLines = app.FailLines;
            await app.DisposeAsync();
            app = null;

            log.WriteLine();
            log.WriteLine($"== Collective benchmark {stamp}: {options.Households:N0} households, {string.Join(", ", counts.Select(c => $"{c.Value:N0} {c.Key}"))}, {options.Clients} clients, PostgreSQL ==");
            log.WriteLine($"machine: {machine.Cores} cores ({machine.CpuModel}), load average at start {machine.LoadAverageAtStart}; one core's speed (SHA-256) {machine.SpeedAtStart:0} MB/s at start, {MachineInfo.Speed():0} MB/s at the end");
            foreach (var (name, r) in new[] { ("group dashboard", dashboard), ("project page", projectPage) })
            {
                if (r is null)
                {
                    log.WriteLine($"{name,-16} not measured (page absent)");
                    continue;
                }

                log.WriteLine($"{name,-16} p50 {r.Latency.P50:0.0} ms, p95 {r.Latency.P95:0.0} ms, p99 {r.Latency.P99:0.0} ms, {r.RequestsPerSecond:0} req/s, "
                    + $"{r.Errors} errors, warm-up {r.WarmupSeconds:0} s; app CPU {r.AppCpuMsPerRequest:0.0} ms/req (JIT {r.JitCpuMsPerRequest:0.0}), PostgreSQL CPU {r.PostgresCpuMsPerRequest:0.0} ms/req   (target p95 ≤ 100 ms)");
            }

            log.WriteLine($"audit chain after the run: {(audit.ChainIntact ? "intact" : "BROKEN")}, {audit.TotalLines:N0} lines");
            var folder = Directory.CreateDirectory(Path.Combine(root, "bench", "results")).FullName;
            var json = Path.Combine(folder, $"collective-{stamp}.json");
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { stamp, machine, counts, dashboard, projectPage, audit, failLines },
                new JsonSerializerOptions { WriteIndented = true }), ct);
            log.WriteLine($"Results written to {Path.GetRelativePath(Environment.CurrentDirectory, json)}");
            return dashboard.Errors == 0 && (projectPage?.Errors ?? 0) == 0 && failLines == 0 && audit.ChainIntact ? 0 : 1;
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

    private static bool ProjectPageExists { get; set; }

    /// <summary>
    /// Written by PostgreSQL itself from the loaded households (set-based, deterministic). Projects: one in twenty is an
    /// arrears programme of 30 to 50 residents (distinct persons, each with an open accompaniment, a repayment plan of
    /// 12 monthly instalments and 24 months of ledger), the others have 6 to 11 residents; the Conseiller·ère is staff of
    /// every project. 20 sessions per project, every resident member invited to each, attendance taken for past ones.
    /// </summary>
    private static async Task<Dictionary<string, long>> SeedAsync(string connectionString, Guid organisationId, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(ct);
        async Task Exec(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 0 };
            cmd.Parameters.AddWithValue("org", organisationId);
            cmd.Parameters.AddWithValue("n", Projects);
            cmd.Parameters.AddWithValue("s", SessionsPerProject);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await Exec("""
            CREATE TEMP TABLE bench_users AS SELECT (SELECT "Id" FROM "AspNetUsers" WHERE "Role" = 2 LIMIT 1) AS worker;
            INSERT INTO "ProjectThemes" ("Id", "OrganisationId", "Name", "SortOrder", "IsActive", "CreatedAt", "UpdatedAt")
            SELECT gen_random_uuid(), @org, t.name, t.ord, true, now(), now()
            FROM (VALUES ('Cadre de vie', 1), ('Lien social', 2), ('Budget et impayés', 3), ('Santé', 4), ('Numérique', 5), ('Jeunesse', 6),
                         ('Embellissement', 7), ('Jardins', 8), ('Autre', 9)) AS t(name, ord)
            WHERE NOT EXISTS (SELECT 1 FROM "ProjectThemes" WHERE "OrganisationId" = @org);
            CREATE TEMP TABLE bench_themes AS SELECT "Id" AS id, row_number() OVER (ORDER BY "SortOrder") AS k FROM "ProjectThemes" WHERE "OrganisationId" = @org;
            CREATE TEMP TABLE bench_persons AS
            SELECT p."Id" AS person, p."HouseholdId" AS household, row_number() OVER (ORDER BY md5(p."Id"::text)) AS pn
            FROM "Persons" AS p WHERE p."OrganisationId" = @org AND p."Role" = 0;
            CREATE TEMP TABLE bench_projects AS
            SELECT gen_random_uuid() AS id, g AS rn, g % 20 = 0 AS programme,
                CASE WHEN g % 20 = 0 THEN 30 + (g * 7) % 21 ELSE 6 + g % 6 END AS members
            FROM generate_series(1, @n) AS g;
            INSERT INTO "Projects" ("Id", "OrganisationId", "Title", "ThemeId", "Kind", "Sensitivity", "Status", "Origin", "Objectives", "ActionMode",
                "ActionModeDetails", "ResidentInvolvement", "FundingLeads", "ConfidentialityNotes", "OpenToResidents", "StartsOn", "Version", "CreatedAt", "UpdatedAt")
            SELECT p.id, @org,
                CASE WHEN p.programme THEN 'Groupe « Reprendre pied » n° ' || p.rn ELSE (ARRAY['Fresque du hall', 'Jardin partagé', 'Conseil de locataires', 'Atelier numérique'])[1 + p.rn % 4] || ' n° ' || p.rn END,
                (SELECT id FROM bench_themes WHERE k = CASE WHEN p.programme THEN 3 ELSE 1 + p.rn % 9 END),
                CASE WHEN p.programme THEN 1 ELSE 0 END, CASE WHEN p.programme THEN 1 ELSE 0 END, 1, (p.rn % 3)::int,
                'Sortir ensemble des impayés, chacun avec son plan ; retrouver confiance.', (p.rn % 3)::int,
                'L''équipe sociale anime, la CAF et le point conseil budget interviennent.', 'Les habitants choisissent les thèmes des séances.',
                'Fonds propres, appel à projets de la CAF.', CASE WHEN p.programme THEN 'Participation confidentielle sauf accord.' ELSE '' END,
                NOT p.programme, date '2025-01-01' + (p.rn % 365)::int, 0, now(), now()
            FROM bench_projects AS p;
            INSERT INTO "ProjectMembers" ("Id", "OrganisationId", "ProjectId", "Kind", "Role", "UserId", "JoinedOn", "Version", "CreatedAt", "UpdatedAt")
            SELECT gen_random_uuid(), @org, p.id, 1, 3, u.worker, date '2025-01-01', 0, now(), now() FROM bench_projects AS p, bench_users AS u;
            CREATE TEMP TABLE bench_members AS
            SELECT gen_random_uuid() AS id, p.id AS project, p.programme, p.rn, i, bp.person, bp.household,
                CASE WHEN p.programme THEN gen_random_uuid() END AS accompaniment
            FROM bench_projects AS p
            CROSS JOIN LATERAL generate_series(0, p.members - 1) AS i
            JOIN bench_persons AS bp ON bp.pn = 1 + CASE WHEN p.programme THEN (p.rn / 20) * 50 + i ELSE (5000 + p.rn * 9 + i) END
                % (SELECT count(*) FROM bench_persons);
            """);
        await Exec("""
            INSERT INTO "Accompaniments" ("Id", "OrganisationId", "HouseholdId", "PersonId", "Status", "ConsentDate", "ConsentChannel",
                "ConsentRecordedByUserId", "ConsentRecordedByName", "Version", "CreatedAt", "UpdatedAt", "ConsentScope", "OwnAccount", "NextReviewOn")
            SELECT m.accompaniment, @org, m.household, m.person, 0, date '2025-01-01', 0, u.worker, 'Camille Conseillère', 0, now(), now(),
                'Accompagnement global : logement, budget', 'Je veux garder mon logement.', date '2026-12-15'
            FROM bench_members AS m, bench_users AS u WHERE m.programme;
            INSERT INTO "ProjectMembers" ("Id", "OrganisationId", "ProjectId", "Kind", "Role", "PersonId", "AccompanimentId", "MembershipSharedOn", "JoinedOn", "Version", "CreatedAt", "UpdatedAt")
            SELECT m.id, @org, m.project, 0, CASE WHEN m.i = 0 THEN 0 ELSE 1 END, m.person, m.accompaniment,
                CASE WHEN m.i % 4 = 0 THEN date '2025-03-01' END, date '2025-01-01' + ((m.rn + m.i) % 200)::int, 0, now(), now()
            FROM bench_members AS m;
            CREATE TEMP TABLE bench_plans AS SELECT gen_random_uuid() AS id, m.accompaniment, m.i, m.rn FROM bench_members AS m WHERE m.programme;
            INSERT INTO "RepaymentPlans" ("Id", "OrganisationId", "AccompanimentId", "TotalDebt", "StartMonth", "AgreedWith", "AgreedOn", "Status",
                "RecordedByName", "Version", "CreatedAt", "UpdatedAt")
            SELECT id, @org, accompaniment, 1200, date '2025-12-01', 0, date '2025-11-15', 0, 'Camille Conseillère', 0, now(), now() FROM bench_plans;
            INSERT INTO "RepaymentInstalments" ("Id", "OrganisationId", "PlanId", "Number", "DueOn", "Month", "Amount", "Version", "CreatedAt", "UpdatedAt")
            SELECT gen_random_uuid(), @org, p.id, k, (date '2025-12-01' + make_interval(months => k - 1))::date + 9,
                (date '2025-12-01' + make_interval(months => k - 1))::date, 100, 0, now(), now()
            FROM bench_plans AS p, generate_series(1, 12) AS k;
            INSERT INTO "RentLedgerLines" ("OrganisationId", "HouseholdId", "DwellingReference", "Month", "Billed", "Paid", "HousingBenefit", "Balance", "ImportId")
            SELECT @org, h.household, 'LGT', (date '2024-12-01' + make_interval(months => k))::date, 620, CASE WHEN (h.pn + k) % 5 = 0 THEN 300 ELSE 520 END, 200,
                2400 - k * 50 + ((h.pn * 37) % 500), '00000000-0000-0000-0000-000000000001'
            FROM (SELECT DISTINCT m.household, bp.pn FROM bench_members AS m JOIN bench_persons AS bp ON bp.person = m.person WHERE m.programme) AS h,
                generate_series(0, 23) AS k
            ON CONFLICT DO NOTHING;
            """);
        await Exec("""
            CREATE TEMP TABLE bench_sessions AS
            SELECT gen_random_uuid() AS id, p.id AS project, k, timestamptz '2025-12-01 14:00+01' + make_interval(days => (k - 14) * 14 + p.rn % 7) AS at
            FROM bench_projects AS p, generate_series(1, @s) AS k;
            INSERT INTO "ProjectSessions" ("Id", "OrganisationId", "ProjectId", "Title", "StartsAt", "EndsAt", "Place", "Agenda", "Minutes", "Cancelled", "Version", "CreatedAt", "UpdatedAt")
            SELECT s.id, @org, s.project, 'Séance ' || s.k, s.at, s.at + interval '2 hours', 'Salle commune de la résidence',
                'Tour de table ; le budget du mois ; questions à la CAF.', CASE WHEN s.at < now() THEN 'Douze présents, bonne dynamique.' ELSE '' END,
                s.k % 19 = 0, 0, now(), now()
            FROM bench_sessions AS s;
            INSERT INTO "SessionAttendances" ("SessionId", "MemberId", "OrganisationId", "Status", "RecordedAt")
            SELECT s.id, m.id, @org, CASE WHEN s.at > now() THEN 0 WHEN (m.i + s.k) % 7 = 0 THEN 3 WHEN (m.i + s.k) % 11 = 0 THEN 2 ELSE 1 END,
                CASE WHEN s.at < now() THEN s.at END
            FROM bench_sessions AS s JOIN bench_members AS m ON m.project = s.project;
            ANALYZE;
            """);

        var counts = new Dictionary<string, long>();
        foreach (var (label, sql) in new[]
                 {
                     ("projects", "SELECT count(*) FROM \"Projects\""), ("programmes", "SELECT count(*) FROM \"Projects\" WHERE \"Kind\" = 1"),
                     ("members", "SELECT count(*) FROM \"ProjectMembers\""), ("sessions", "SELECT count(*) FROM \"ProjectSessions\""),
                     ("attendance lines", "SELECT count(*) FROM \"SessionAttendances\""), ("ledger lines", "SELECT count(*) FROM \"RentLedgerLines\""),
                 })
        {
            await using var cmd = new NpgsqlCommand(sql, c);
            counts[label] = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static async Task<(Guid[] Programmes, Guid[] Projects)> IdsAsync(string connectionString, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(ct);
        async Task<Guid[]> Read(string sql)
        {
            var ids = new List<Guid>();
            await using var cmd = new NpgsqlCommand(sql, c);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetGuid(0));
            }

            return [.. ids];
        }

        return (await Read("SELECT \"Id\" FROM \"Projects\" WHERE \"Kind\" = 1"), await Read("SELECT \"Id\" FROM \"Projects\" ORDER BY md5(\"Id\"::text) LIMIT 2000"));
    }

    private static Func<HttpClient, Random, CancellationToken, Task<Outcome>> Dashboard(Guid[] ids) => async (client, random, ct) =>
    {
        var id = ids[random.Next(ids.Length)];
        using var response = await client.GetAsync($"/Collective/Programme/{id}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Outcome(false, $"HTTP {(int)response.StatusCode}", id.ToString());
        }

        // The dashboard with its members' figures and the trajectory, not an error page that answered 200.
        return body.Contains("class=\"debt-now\"", StringComparison.Ordinal) && body.Contains("trajectoire-mois", StringComparison.Ordinal)
            ? new Outcome(true, null, id.ToString())
            : new Outcome(false, "dashboard without member figures or trajectory", id.ToString());
    };

    private static Func<HttpClient, Random, CancellationToken, Task<Outcome>> ProjectPage(Guid[] ids) => async (client, random, ct) =>
    {
        var id = ids[random.Next(ids.Length)];
        using var response = await client.GetAsync($"/Collective/Project/{id}", ct);
        await response.Content.ReadAsStringAsync(ct);
        return response.StatusCode == HttpStatusCode.OK
            ? new Outcome(true, null, id.ToString())
            : new Outcome(false, $"HTTP {(int)response.StatusCode}", id.ToString());
    };
}
