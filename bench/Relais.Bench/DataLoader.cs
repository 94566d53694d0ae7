using System.Diagnostics;
using Bogus;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Relais.Features.Communes;
using Relais.Features.Households;
using Relais.Features.Housing;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;
using Relais.Infrastructure.Text;
using Gender = Bogus.DataSets.Name.Gender;
using Person = Relais.Features.Households.Person;

namespace Relais.Bench;

/// <summary>What the load produced and how long it took.</summary>
public sealed record LoadReport(
    string Database,
    int Sectors,
    int Residences,
    int Buildings,
    int Dwellings,
    int Households,
    int Persons,
    int SearchTerms,
    int Users,
    double MigrateSeconds,
    double GenerateSeconds,
    IReadOnlyDictionary<string, double> CopySeconds,
    double VacuumAnalyzeSeconds,
    double TotalSeconds,
    long DatabaseBytes,
    long HouseholdsTableBytes,
    long SearchTermsBytes);

/// <summary>What the load clients need: who signs in, which files exist and what to search for.</summary>
public sealed record BenchData(
    string ConnectionString,
    Guid OrganisationId,
    string SocialWorkerEmail,
    string Password,
    (Guid Id, string Reference)[] Households,
    string[] SearchQueries,
    LoadReport Report);

/// <summary>
/// Creates a fresh database, applies the production migrations and loads a plausible organisation with
/// PostgreSQL binary COPY. Search keys, search terms and sort names are computed by the app's own code on entities
/// wired in memory, exactly as <see cref="RelaisDbContext"/> does on save.
/// </summary>
public static class DataLoader
{
    public const string Password = "Banc-Essai-Relais-2026!";

    private static readonly DateTimeOffset Now = new(DateTime.UtcNow.Ticks - (DateTime.UtcNow.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static readonly (string Local, string Name, Role Role)[] Accounts =
    [
        ("admin", "Alice Administratrice", Role.Administrator),
        ("responsable", "Rachid Responsable", Role.Manager),
        ("conseillere", "Camille Conseillère", Role.SocialWorker),
        ("agent", "Antoine Agent de proximité", Role.FieldAgent),
        ("partenaire", "Pauline Partenaire (CCAS)", Role.Partner),
        ("habitant", "Hélène Habitante", Role.Resident),
    ];

    private static readonly string[] ResidencePrefixes = ["Résidence", "Cité", "Ensemble", "Domaine", "Square", "Résidence"];

    private static readonly string[] ResidenceNames =
    [
        "Les Tilleuls", "Les Roses", "Les Peupliers", "Les Érables", "Les Lilas", "Les Châtaigniers", "La Roseraie",
        "Beauséjour", "Bellevue", "Jean Moulin", "Pablo Picasso", "Paul Éluard", "Louise Michel", "Victor Hugo",
        "Marie Curie", "L'Orme au Chat", "La Fontaine", "Val Fleuri", "Les Saules", "Les Chênes", "Les Acacias",
        "Les Hirondelles", "Le Moulin", "Les Coteaux", "Le Parc", "Les Sablons", "La Pépinière", "Les Vignes",
        "Aimé Césaire", "Simone Veil", "Joséphine Baker", "Gabriel Péri", "Les Bruyères", "Le Plateau", "Les Noëls",
    ];

    private static readonly string[] Departements = ["94", "93", "92", "95", "91", "77", "78"];

    public static async Task<BenchData> LoadAsync(BenchOptions options, string database, string workFolder, TextWriter log, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        var connectionString = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = database }.ConnectionString;

        // The app's own services: production migrations, password hasher, commune referential.
        var sw = Stopwatch.StartNew();
        string passwordHash;
        CommuneDirectory communes;
        var app = RelaisApp.Build([], b =>
        {
            b.Configuration["Database:Provider"] = "Postgres";
            b.Configuration["ConnectionStrings:Relais"] = connectionString;
            b.Configuration["Database:DataFolder"] = Path.Combine(workFolder, "loader");
            b.Configuration["Logging:LogLevel:Default"] = "Warning";
        });
        await using (app)
        {
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem(null, "bench");
            await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(ct: ct);
            passwordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>().HashPassword(new AppUser(), Password);
            communes = scope.ServiceProvider.GetRequiredService<CommuneDirectory>();
            _ = communes.Count; // loads the referential now, not during generation
        }

        var migrateSeconds = sw.Elapsed.TotalSeconds;
        log.WriteLine($"  migrations applied ({migrateSeconds:0.0} s)");

        sw.Restart();
        var g = Generate(options, communes);
        var generateSeconds = sw.Elapsed.TotalSeconds;
        log.WriteLine($"  generated {g.Households.Count:N0} households, {g.Persons.Count:N0} persons in {g.Residences.Count:N0} residences ({generateSeconds:0.0} s)");

        var copy = new Dictionary<string, double>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);

        var orgId = Guid.CreateVersion7();
        await Timed(copy, "Organisations", () => Copy(connection, "Organisations",
            ["Id", "Name", "CommuneCode", "IsDemo", "Version", "CreatedAt", "UpdatedAt", "RequireTwoFactorForSocialRoles"],
            [orgId], (w, id) =>
            {
                w.Write(id, NpgsqlDbType.Uuid);
                w.Write("Office public de l'habitat du banc d'essai", NpgsqlDbType.Varchar);
                w.Write("94038", NpgsqlDbType.Varchar);
                w.Write(false, NpgsqlDbType.Boolean);
                Stamps(w);
                w.Write(false, NpgsqlDbType.Boolean);
            }));
        foreach (var s in g.Sectors)
        {
            s.OrganisationId = orgId;
        }

        foreach (var r in g.Residences)
        {
            r.OrganisationId = orgId;
        }

        await Timed(copy, "Sectors", () => Copy(connection, "Sectors",
            ["Id", "OrganisationId", "Name", "Version", "CreatedAt", "UpdatedAt"], g.Sectors, (w, s) =>
            {
                w.Write(s.Id, NpgsqlDbType.Uuid);
                w.Write(orgId, NpgsqlDbType.Uuid);
                w.Write(s.Name, NpgsqlDbType.Varchar);
                Stamps(w);
            }));
        await Timed(copy, "Residences", () => Copy(connection, "Residences",
            ["Id", "OrganisationId", "SectorId", "Name", "CommuneCode", "CommuneName", "PostalCode", "Version", "CreatedAt", "UpdatedAt"],
            g.Residences, (w, r) =>
            {
                w.Write(r.Id, NpgsqlDbType.Uuid);
                w.Write(orgId, NpgsqlDbType.Uuid);
                w.Write(r.SectorId, NpgsqlDbType.Uuid);
                w.Write(r.Name, NpgsqlDbType.Varchar);
                w.Write(r.CommuneCode, NpgsqlDbType.Varchar);
                w.Write(r.CommuneName, NpgsqlDbType.Varchar);
                w.Write(r.PostalCode, NpgsqlDbType.Varchar);
                Stamps(w);
            }));
        await Timed(copy, "Buildings", () => Copy(connection, "Buildings",
            ["Id", "OrganisationId", "ResidenceId", "Name", "Street", "Staircases", "Floors", "Version", "CreatedAt", "UpdatedAt"],
            g.Buildings, (w, b) =>
            {
                w.Write(b.Id, NpgsqlDbType.Uuid);
                w.Write(orgId, NpgsqlDbType.Uuid);
                w.Write(b.ResidenceId, NpgsqlDbType.Uuid);
                w.Write(b.Name, NpgsqlDbType.Varchar);
                w.Write(b.Street, NpgsqlDbType.Varchar);
                w.Write(b.Staircases, NpgsqlDbType.Varchar);
                w.Write(b.Floors, NpgsqlDbType.Integer);
                Stamps(w);
            }));
        await Timed(copy, "Dwellings", () => Copy(connection, "Dwellings",
            ["Id", "OrganisationId", "BuildingId", "Reference", "Staircase", "Floor", "Door", "Typology", "SurfaceM2", "Version", "CreatedAt", "UpdatedAt"],
            g.Dwellings, (w, d) =>
            {
                w.Write(d.Id, NpgsqlDbType.Uuid);
                w.Write(orgId, NpgsqlDbType.Uuid);
                w.Write(d.BuildingId, NpgsqlDbType.Uuid);
                w.Write(d.Reference, NpgsqlDbType.Varchar);
                w.Write(d.Staircase, NpgsqlDbType.Varchar);
                w.Write(d.Floor, NpgsqlDbType.Integer);
                w.Write(d.Door, NpgsqlDbType.Varchar);
                w.Write(d.Typology, NpgsqlDbType.Varchar);
                Nullable(w, d.SurfaceM2, NpgsqlDbType.Numeric);
                Stamps(w);
            }));
        await Timed(copy, "Households", () => Copy(connection, "Households",
            ["Id", "OrganisationId", "TenantReference", "DwellingId", "LeaseStart", "LeaseEnd", "SearchKey", "SortName", "Version", "CreatedAt", "UpdatedAt"],
            g.Households, (w, h) =>
            {
                w.Write(h.Id, NpgsqlDbType.Uuid);
                w.Write(orgId, NpgsqlDbType.Uuid);
                w.Write(h.TenantReference, NpgsqlDbType.Varchar);
                Nullable(w, h.DwellingId, NpgsqlDbType.Uuid);
                Nullable(w, h.LeaseStart, NpgsqlDbType.Date);
                Nullable(w, h.LeaseEnd, NpgsqlDbType.Date);
                w.Write(h.SearchKey, NpgsqlDbType.Varchar);
                w.Write(h.SortName, NpgsqlDbType.Varchar);
                Stamps(w);
            }));
        // The search words of each household, from its key by the same code as the DbContext uses, in key order.
        // The search index is built after the rows are in, as migration 0005 does (a compact index).
        var searchTerms = g.Households.SelectMany(h => HouseholdSearchTerms.FromKey(h.SearchKey).Select(t => (h.Id, Term: t, h.SortName))).ToList();
        string searchIndex;
        await using (var definition = new NpgsqlCommand("SELECT pg_get_indexdef('\"IX_HouseholdSearchTerms_OrganisationId_Term_HouseholdId\"'::regclass)", connection))
        {
            searchIndex = (string)(await definition.ExecuteScalarAsync(ct))!;
        }

        await using (var drop = new NpgsqlCommand("DROP INDEX \"IX_HouseholdSearchTerms_OrganisationId_Term_HouseholdId\"", connection))
        {
            await drop.ExecuteNonQueryAsync(ct);
        }

        await Timed(copy, "HouseholdSearchTerms", () => Copy(connection, "HouseholdSearchTerms",
            ["Term", "HouseholdId", "OrganisationId", "SortName"], searchTerms, (w, t) =>
            {
                w.Write(t.Term, NpgsqlDbType.Varchar);
                w.Write(t.Id, NpgsqlDbType.Uuid);
                w.Write(orgId, NpgsqlDbType.Uuid);
                w.Write(t.SortName, NpgsqlDbType.Varchar);
            }));
        await Timed(copy, "HouseholdSearchTerms index", async () =>
        {
            await using var create = new NpgsqlCommand(searchIndex, connection) { CommandTimeout = 0 };
            await create.ExecuteNonQueryAsync(ct);
        });
        await Timed(copy, "Persons", () => Copy(connection, "Persons",
            ["Id", "OrganisationId", "HouseholdId", "FirstName", "LastName", "BirthName", "BirthDate", "Role", "Phone", "Email", "Version", "CreatedAt", "UpdatedAt"],
            g.Persons, (w, p) =>
            {
                w.Write(p.Id, NpgsqlDbType.Uuid);
                w.Write(orgId, NpgsqlDbType.Uuid);
                w.Write(p.HouseholdId, NpgsqlDbType.Uuid);
                w.Write(p.FirstName, NpgsqlDbType.Varchar);
                w.Write(p.LastName, NpgsqlDbType.Varchar);
                Nullable(w, p.BirthName, NpgsqlDbType.Varchar);
                Nullable(w, p.BirthDate, NpgsqlDbType.Date);
                w.Write((int)p.Role, NpgsqlDbType.Integer);
                Nullable(w, p.Phone, NpgsqlDbType.Varchar);
                Nullable(w, p.Email, NpgsqlDbType.Varchar);
                Stamps(w);
            }));

        // One user per role; the resident is the lease holder of the first household, the field agent works in the first sector.
        var users = Accounts.Select(a => new AppUser
        {
            UserName = $"{a.Local}@bench.relais.local",
            NormalizedUserName = $"{a.Local}@bench.relais.local".ToUpperInvariant(),
            Email = $"{a.Local}@bench.relais.local",
            NormalizedEmail = $"{a.Local}@bench.relais.local".ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = a.Name,
            Role = a.Role,
            OrganisationId = orgId,
            PersonId = a.Role == Role.Resident ? g.Households[0].Members[0].Id : null,
            LockoutEnabled = true,
            PasswordHash = passwordHash,
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            CreatedAt = Now,
        }).ToList();
        await Timed(copy, "AspNetUsers", () => Copy(connection, "AspNetUsers",
            ["Id", "OrganisationId", "DisplayName", "Role", "IsActive", "PersonId", "CreatedAt", "Version", "UserName", "NormalizedUserName",
             "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumber",
             "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnd", "LockoutEnabled", "AccessFailedCount", "LastTotpTimeStep"],
            users, (w, u) =>
            {
                w.Write(u.Id, NpgsqlDbType.Uuid);
                w.Write(u.OrganisationId, NpgsqlDbType.Uuid);
                w.Write(u.DisplayName, NpgsqlDbType.Varchar);
                w.Write((int)u.Role, NpgsqlDbType.Integer);
                w.Write(u.IsActive, NpgsqlDbType.Boolean);
                Nullable(w, u.PersonId, NpgsqlDbType.Uuid);
                w.Write(u.CreatedAt, NpgsqlDbType.TimestampTz);
                w.Write(u.Version, NpgsqlDbType.Integer);
                w.Write(u.UserName!, NpgsqlDbType.Varchar);
                w.Write(u.NormalizedUserName!, NpgsqlDbType.Varchar);
                w.Write(u.Email!, NpgsqlDbType.Varchar);
                w.Write(u.NormalizedEmail!, NpgsqlDbType.Varchar);
                w.Write(u.EmailConfirmed, NpgsqlDbType.Boolean);
                w.Write(u.PasswordHash!, NpgsqlDbType.Text);
                w.Write(u.SecurityStamp!, NpgsqlDbType.Text);
                w.Write(u.ConcurrencyStamp!, NpgsqlDbType.Text);
                w.WriteNull();
                w.Write(false, NpgsqlDbType.Boolean);
                w.Write(false, NpgsqlDbType.Boolean);
                w.WriteNull();
                w.Write(true, NpgsqlDbType.Boolean);
                w.Write(0, NpgsqlDbType.Integer);
                w.Write(0L, NpgsqlDbType.Bigint);
            }));
        var agent = users.Single(u => u.Role == Role.FieldAgent);
        await Timed(copy, "UserSectors", () => Copy(connection, "UserSectors", ["UserId", "SectorId"], [agent], (w, u) =>
        {
            w.Write(u.Id, NpgsqlDbType.Uuid);
            w.Write(g.Sectors[0].Id, NpgsqlDbType.Uuid);
        }));
        log.WriteLine($"  COPY done ({copy.Values.Sum():0.0} s: {string.Join(", ", copy.Where(c => c.Value >= 0.05).Select(c => $"{c.Key} {c.Value:0.0} s"))})");

        // A database as autovacuum would leave it: statistics for the planner, GIN pending list merged, visibility map set.
        sw.Restart();
        await using (var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", connection) { CommandTimeout = 0 })
        {
            await vacuum.ExecuteNonQueryAsync(ct);
        }

        var vacuumSeconds = sw.Elapsed.TotalSeconds;
        log.WriteLine($"  VACUUM (ANALYZE) done ({vacuumSeconds:0.0} s)");

        long Size(string sql)
        {
            using var cmd = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var report = new LoadReport(database, g.Sectors.Count, g.Residences.Count, g.Buildings.Count, g.Dwellings.Count, g.Households.Count,
            g.Persons.Count, searchTerms.Count, users.Count, migrateSeconds, generateSeconds, copy, vacuumSeconds, total.Elapsed.TotalSeconds,
            Size("SELECT pg_database_size(current_database())"),
            Size("SELECT pg_total_relation_size('\"Households\"')"),
            Size("SELECT pg_total_relation_size('\"HouseholdSearchTerms\"')"));

        return new BenchData(connectionString, orgId, users.Single(u => u.Role == Role.SocialWorker).Email!, Password,
            g.Households.Select(h => (h.Id, h.TenantReference)).ToArray(), g.SearchQueries, report);
    }

    private static async Task Timed(Dictionary<string, double> times, string table, Func<Task> action)
    {
        var sw = Stopwatch.StartNew();
        await action();
        times[table] = sw.Elapsed.TotalSeconds;
    }

    private static async Task Copy<T>(NpgsqlConnection connection, string table, string[] columns, IEnumerable<T> rows, Action<NpgsqlBinaryImporter, T> write)
    {
        var sql = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(sql);
        foreach (var row in rows)
        {
            importer.StartRow();
            write(importer, row);
        }

        await importer.CompleteAsync();
    }

    private static void Stamps(NpgsqlBinaryImporter w)
    {
        w.Write(0, NpgsqlDbType.Integer);
        w.Write(Now, NpgsqlDbType.TimestampTz);
        w.Write(Now, NpgsqlDbType.TimestampTz);
    }

    private static void Nullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v)
        {
            w.Write(v, type);
        }
        else
        {
            w.WriteNull();
        }
    }

    private static void Nullable(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            w.WriteNull();
        }
        else
        {
            w.Write(value, type);
        }
    }

    private sealed record Generated(
        List<Relais.Features.Organisations.Sector> Sectors,
        List<Residence> Residences,
        List<Building> Buildings,
        List<Dwelling> Dwellings,
        List<Household> Households,
        List<Person> Persons,
        string[] SearchQueries);

    /// <summary>Generates the organisation's estate and households, deterministically from <see cref="BenchOptions.Seed"/>.</summary>
    private static Generated Generate(BenchOptions options, CommuneDirectory communes)
    {
        var faker = new Faker("fr") { Random = new Randomizer(options.Seed) };
        var random = faker.Random;
        var householdCount = options.Households;
        var personCount = Math.Max(options.PersonCount, householdCount);

        var sectors = new[] { "Secteur Nord", "Secteur Sud", "Secteur Est", "Secteur Ouest" }
            .Select(n => new Relais.Features.Organisations.Sector { Name = n }).ToList();
        var communeList = Departements.SelectMany(d => communes.Search(d, 12)).DistinctBy(c => c.Code).ToList();

        // The estate: residences of 1 to 6 buildings of 1 to 3 staircases; about 4 % of dwellings are vacant.
        var dwellingTarget = (int)Math.Ceiling(householdCount * 1.04);
        var residences = new List<Residence>();
        var buildings = new List<Building>();
        var dwellings = new List<Dwelling>();
        while (dwellings.Count < dwellingTarget)
        {
            var commune = random.ListItem(communeList);
            var residence = new Residence
            {
                Name = $"{random.ArrayElement(ResidencePrefixes)} {random.ArrayElement(ResidenceNames)}",
                CommuneCode = commune.Code,
                CommuneName = commune.Name,
                PostalCode = commune.PostalCodes.Count > 0 ? commune.PostalCodes[0] : commune.Code,
                SectorId = sectors[residences.Count % sectors.Count].Id,
            };
            residences.Add(residence);
            var buildingCount = random.Int(1, 6);
            for (var b = 0; b < buildingCount && dwellings.Count < dwellingTarget; b++)
            {
                var staircaseCount = random.WeightedRandom([1, 2, 3], [0.5f, 0.35f, 0.15f]);
                var letters = random.Bool(0.5f);
                var staircases = Enumerable.Range(0, staircaseCount).Select(i => letters ? ((char)('A' + i)).ToString() : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
                var street = faker.Address.StreetName();
                var building = new Building
                {
                    Name = $"Bâtiment {(char)('A' + b)}",
                    Street = $"{random.Int(1, 180)} {char.ToLowerInvariant(street[0])}{street[1..]}",
                    Staircases = string.Join(", ", staircases),
                    Floors = random.Int(2, 10),
                    ResidenceId = residence.Id,
                    Residence = residence,
                };
                residence.Buildings.Add(building);
                buildings.Add(building);
                var doors = random.Int(2, 5);
                foreach (var staircase in staircases)
                {
                    for (var floor = 0; floor <= building.Floors; floor++)
                    {
                        for (var door = 1; door <= doors; door++)
                        {
                            var typology = random.WeightedRandom([1, 2, 3, 4, 5], [0.08f, 0.22f, 0.38f, 0.24f, 0.08f]);
                            var dwelling = new Dwelling
                            {
                                Reference = $"LGT-{dwellings.Count + 1:000000}",
                                Staircase = staircase,
                                Floor = floor,
                                Door = $"{staircase}{floor}{door}",
                                Typology = $"T{typology}",
                                SurfaceM2 = 12 + (typology * 15) + random.Int(0, 14),
                                BuildingId = building.Id,
                                Building = building,
                            };
                            building.Dwellings.Add(dwelling);
                            dwellings.Add(dwelling);
                        }
                    }
                }
            }
        }

        // Household sizes (mean about 2.4), then adjusted so that the persons add up exactly.
        var sizes = new int[householdCount];
        for (var i = 0; i < householdCount; i++)
        {
            sizes[i] = random.WeightedRandom([1, 2, 3, 4, 5, 6, 7], [0.34f, 0.27f, 0.16f, 0.13f, 0.07f, 0.02f, 0.01f]);
        }

        var missing = personCount - sizes.Sum();
        while (missing != 0)
        {
            var i = random.Int(0, householdCount - 1);
            if (missing > 0 && sizes[i] < 8)
            {
                sizes[i]++;
                missing--;
            }
            else if (missing < 0 && sizes[i] > 1)
            {
                sizes[i]--;
                missing++;
            }
        }

        var households = new List<Household>(householdCount);
        var persons = new List<Person>(personCount);
        var remainingDwellings = dwellings.Count;
        var dwellingIndex = 0;
        for (var i = 0; i < householdCount; i++)
        {
            // Selection sampling: exactly householdCount dwellings are occupied, spread evenly over the estate.
            while (random.Int(0, remainingDwellings - 1) >= householdCount - i)
            {
                remainingDwellings--;
                dwellingIndex++;
            }

            var dwelling = dwellings[dwellingIndex++];
            remainingDwellings--;
            var household = new Household
            {
                TenantReference = $"LOC-{i + 1:000000}",
                DwellingId = dwelling.Id,
                Dwelling = dwelling,
                LeaseStart = DateOnly.FromDateTime(faker.Date.Past(25, new DateTime(2026, 1, 1))),
            };
            AddMembers(faker, household, sizes[i]);
            household.SearchKey = household.ComputeSearchKey();
            household.SortName = household.ComputeSortName();
            households.Add(household);
            persons.AddRange(household.Members);
        }

        var queries = SearchQueries(random, persons, buildings);
        return new Generated(sectors, residences, buildings, dwellings, households, persons, queries);
    }

    private static void AddMembers(Faker faker, Household household, int size)
    {
        var random = faker.Random;
        var lastName = LastName(faker);
        var holderFemale = random.Bool();
        var couple = size > 1 && random.Bool(0.6f);
        var ascendant = size >= 4 && random.Bool(0.12f);
        var children = size - 1 - (couple ? 1 : 0) - (ascendant ? 1 : 0);
        var holderAge = children > 0 ? random.Int(24, 58) : random.Int(22, 90);
        household.Members.Add(NewPerson(faker, household, HouseholdRole.LeaseHolder, holderFemale, lastName, null, holderAge));
        if (couple)
        {
            var female = random.Bool(0.95f) ? !holderFemale : holderFemale;
            var sameName = random.Bool(0.6f);
            var partnerName = sameName ? lastName : LastName(faker);
            var birthName = sameName && female && random.Bool(0.5f) ? LastName(faker) : null;
            var age = Math.Clamp(holderAge + random.Int(-6, 6), 19, 95);
            household.Members.Add(NewPerson(faker, household, random.Bool(0.3f) ? HouseholdRole.CoLeaseHolder : HouseholdRole.Partner,
                female, partnerName, birthName, age));
        }

        if (ascendant)
        {
            household.Members.Add(NewPerson(faker, household, HouseholdRole.Parent, random.Bool(0.7f), random.Bool(0.5f) ? lastName : LastName(faker),
                null, Math.Min(holderAge + random.Int(22, 32), 100)));
        }

        for (var c = 0; c < children; c++)
        {
            household.Members.Add(NewPerson(faker, household, HouseholdRole.Child, random.Bool(), lastName, null,
                random.Int(0, Math.Clamp(holderAge - 18, 0, 24))));
        }
    }

    private static string LastName(Faker faker) =>
        faker.Random.Bool(0.04f) ? $"{faker.Name.LastName()}-{faker.Name.LastName()}" : faker.Name.LastName();

    private static Person NewPerson(Faker faker, Household household, HouseholdRole role, bool female, string lastName, string? birthName, int age)
    {
        var random = faker.Random;
        var first = faker.Name.FirstName(female ? Gender.Female : Gender.Male);
        var adult = age >= 18;
        var person = new Person
        {
            HouseholdId = household.Id,
            FirstName = first,
            LastName = lastName,
            BirthName = birthName,
            BirthDate = new DateOnly(2026 - age, random.Int(1, 12), random.Int(1, 28)),
            Role = role,
            Phone = adult && random.Bool(0.85f)
                ? $"0{random.ArrayElement(new[] { 6, 7, 1 })} {random.Int(10, 99)} {random.Int(10, 99)} {random.Int(10, 99)} {random.Int(10, 99)}"
                : null,
            Email = adult && random.Bool(0.5f)
                ? $"{SearchText.Fold(first).Replace(' ', '-')}.{SearchText.Fold(lastName).Replace(' ', '-')}@example.org"
                : null,
        };
        return person;
    }

    /// <summary>What a worker would type: 3 to 6 letters of a surname (70 %) or of a street name (30 %).</summary>
    private static string[] SearchQueries(Randomizer random, List<Person> persons, List<Building> buildings)
    {
        var stopWords = new HashSet<string> { "rue", "allee", "avenue", "boulevard", "place", "quai", "voie", "passage", "impasse", "de", "du", "des", "la", "le", "les", "saint", "d", "l" };
        var queries = new string[5000];
        for (var i = 0; i < queries.Length; i++)
        {
            string word;
            if (random.Bool(0.7f))
            {
                word = SearchText.Fold(random.ListItem(persons).LastName).Split(' ').MaxBy(w => w.Length)!;
            }
            else
            {
                var words = SearchText.Fold(random.ListItem(buildings).Street).Split(' ')
                    .Where(w => w.Length >= 3 && !stopWords.Contains(w) && !w.All(char.IsDigit)).ToList();
                word = words.Count > 0 ? random.ListItem(words) : "rue";
            }

            var length = Math.Min(word.Length, random.Int(3, 6));
            queries[i] = word[..length];
        }

        return queries;
    }
}
