using Bogus;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Features.Households;
using Relais.Features.Housing;
using Relais.Features.Organisations;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;
using Person = Relais.Features.Households.Person;

namespace Relais.Features.Demo;

/// <summary>
/// The demo organisation: a fictional landlord in L'Haÿ-les-Roses with 3 residences, about 300 households
/// and one user per role. Refused in the Production environment; demo accounts cannot sign in there either.
/// </summary>
public sealed class DemoSeeder(RelaisDbContext db, TenantContext tenant, UserManager<AppUser> users, CommuneDirectory communes, ILogger<DemoSeeder> logger,
    Accompaniments.Confidential.DocumentStore documents)
{
    public const string OrganisationName = "Habitat Solidaire du Val-de-Marne (démo)";
    public const string Password = "Relais-Demo-2026!";

    public static readonly IReadOnlyList<(string Email, string Name, Role Role)> Accounts =
    [
        ("admin@demo.relais.local", "Alice Administratrice", Role.Administrator),
        ("responsable@demo.relais.local", "Rachid Responsable", Role.Manager),
        ("conseillere@demo.relais.local", "Camille Conseillère", Role.SocialWorker),
        ("agent@demo.relais.local", "Antoine Agent de proximité", Role.FieldAgent),
        ("partenaire@demo.relais.local", "Pauline Partenaire (CCAS)", Role.Partner),
        ("habitant@demo.relais.local", "Hélène Habitante", Role.Resident),
    ];

    public async Task<Guid> SeedAsync(IHostEnvironment environment, int households = 300, CancellationToken ct = default)
    {
        if (environment.IsProduction())
        {
            throw new InvalidOperationException("Les données de démonstration sont refusées en production.");
        }

        var existing = await db.Organisations.FirstOrDefaultAsync(o => o.IsDemo, ct);
        if (existing is not null)
        {
            logger.LogInformation("Demo organisation already present");
            return existing.Id;
        }

        var org = new Organisation { Name = OrganisationName, CommuneCode = "94038", IsDemo = true };
        tenant.ActAsSystem(org.Id, "seed-demo");
        db.Organisations.Add(org);
        var north = new Sector { Name = "Secteur Nord", OrganisationId = org.Id };
        var south = new Sector { Name = "Secteur Sud", OrganisationId = org.Id };
        db.Sectors.AddRange(north, south);

        Randomizer.Seed = new Random(20261121);
        var faker = new Faker("fr");
        var residences = new[]
        {
            NewResidence("Résidence Les Tilleuls", "94038", north, ["12 rue Jean Jaurès", "14 rue Jean Jaurès"]),
            NewResidence("Cité des Roses", "94038", north, ["3 allée des Roses", "5 allée des Roses"]),
            NewResidence("Résidence du Parc", "94076", south, ["40 avenue de Paris", "42 avenue de Paris"]),
        };
        var dwellings = new List<Dwelling>();
        var dwellingNumber = 0;
        foreach (var building in residences.SelectMany(r => r.Buildings))
        {
            foreach (var staircase in building.StaircaseList)
            {
                for (var floor = 0; floor <= building.Floors; floor++)
                {
                    for (var door = 1; door <= 4; door++)
                    {
                        dwellingNumber++;
                        var rooms = faker.Random.WeightedRandom([1, 2, 3, 4, 5], [0.12f, 0.25f, 0.33f, 0.22f, 0.08f]);
                        var d = new Dwelling
                        {
                            Reference = $"LGT-{dwellingNumber:00000}",
                            Staircase = staircase,
                            Floor = floor,
                            Door = $"{staircase}{floor}{door}",
                            Typology = $"T{rooms}",
                            SurfaceM2 = 12 + (rooms * 16) + faker.Random.Int(-4, 6),
                            OrganisationId = org.Id,
                        };
                        building.Dwellings.Add(d);
                        dwellings.Add(d);
                    }
                }
            }
        }

        db.Residences.AddRange(residences);
        var people = new List<Person>();
        for (var i = 0; i < Math.Min(households, dwellings.Count); i++)
        {
            var household = new Household
            {
                TenantReference = $"LOC-{i + 1:000000}",
                Dwelling = dwellings[i],
                LeaseStart = DateOnly.FromDateTime(faker.Date.Past(25, new DateTime(2026, 1, 1))),
                OrganisationId = org.Id,
            };
            var lastName = faker.Name.LastName();
            // Plausible compositions: the number of children follows the size of the dwelling,
            // and parents are old enough for their children.
            var rooms = int.Parse(dwellings[i].Typology[1..], System.Globalization.CultureInfo.InvariantCulture);
            var children = Math.Max(0, Math.Min(rooms - 1 - faker.Random.Int(0, 1), faker.Random.WeightedRandom([0, 1, 2, 3, 4], [0.35f, 0.25f, 0.22f, 0.12f, 0.06f])));
            var holderAge = children > 0 ? faker.Random.Int(24, 52) : faker.Random.Int(22, 90);
            var adults = faker.Random.WeightedRandom([1, 2], [0.45f, 0.55f]);
            household.Members.Add(NewPerson(faker, HouseholdRole.LeaseHolder, lastName, holderAge, org.Id));
            if (adults == 2)
            {
                household.Members.Add(NewPerson(faker, HouseholdRole.Partner, faker.Random.Bool(0.6f) ? lastName : faker.Name.LastName(),
                    Math.Clamp(holderAge + faker.Random.Int(-6, 6), 20, 95), org.Id));
            }

            for (var c = 0; c < children; c++)
            {
                household.Members.Add(NewPerson(faker, HouseholdRole.Child, lastName, faker.Random.Int(0, Math.Min(20, holderAge - 20)), org.Id));
            }

            if (i == 0)
            {
                // Names that the search must find without their accents.
                household.Members[0].FirstName = "Benoît";
                household.Members[0].LastName = "Lefèvre";
            }

            if (i == 1)
            {
                household.Members[0].FirstName = "Chloé";
                household.Members[0].LastName = "N'Diaye";
            }

            people.AddRange(household.Members);
            db.Households.Add(household);
        }

        await db.SaveChangesAsync(ct);

        var resident = people.First(p => p.FirstName == "Chloé" && p.LastName == "N'Diaye"); // lives in Résidence Les Tilleuls
        foreach (var (email, name, role) in Accounts)
        {
            var user = new AppUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = role == Role.Resident ? resident.FullName : name,
                Role = role,
                OrganisationId = org.Id,
                PersonId = role == Role.Resident ? resident.Id : null,
                LockoutEnabled = true,
            };
            if (role == Role.FieldAgent)
            {
                user.Sectors.Add(new UserSector { UserId = user.Id, SectorId = north.Id });
            }

            var result = await users.CreateAsync(user, Password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
            }
        }

        await DemoAccompaniments.SeedAsync(db, org.Id, resident, people, ct);
        await Accompaniments.Confidential.ConfidentialDemo.SeedAsync(db, documents, org.Id, resident, people, ct);
        await Accompaniments.Lifecycle.LifecycleDemo.SeedAsync(db, org.Id, resident, ct);
        await Accompaniments.Arrears.ArrearsDemo.SeedAsync(db, org.Id, resident, ct);
        await Collective.Projects.CollectiveProjectsDemo.SeedAsync(db, org.Id, resident, people, ct);
        await Collective.Programmes.ProgrammeDemo.SeedAsync(db, org.Id, resident, ct);
        await Collective.Sessions.SessionsDemo.SeedAsync(db, org.Id, resident, ct);
        await Collective.Sheets.CapitalisationDemo.SeedAsync(db, communes, org.Id, ct);
        await Partners.Directory.PartnersDirectoryDemo.SeedAsync(db, documents, org.Id, ct);
        await Referrals.Worker.ReferralsDemo.SeedAsync(db, org.Id, resident, ct);
        logger.LogInformation("Demo organisation seeded: {Households} households, {Persons} persons", households, people.Count);
        return org.Id;

        Residence NewResidence(string name, string communeCode, Sector sector, string[] streets)
        {
            var commune = communes.Find(communeCode) ?? throw new InvalidOperationException($"Commune {communeCode} inconnue.");
            var residence = new Residence
            {
                Name = name,
                CommuneCode = commune.Code,
                CommuneName = commune.Name,
                PostalCode = commune.PostalCodes[0],
                Sector = sector,
                OrganisationId = org.Id,
            };
            var letter = 'A';
            foreach (var street in streets)
            {
                residence.Buildings.Add(new Building
                {
                    Name = $"Bâtiment {letter++}",
                    Street = street,
                    Staircases = "1, 2",
                    Floors = 6,
                    OrganisationId = org.Id,
                });
            }

            return residence;
        }
    }

    private static Person NewPerson(Faker faker, HouseholdRole role, string lastName, int age, Guid org)
    {
        var female = faker.Random.Bool();
        var first = faker.Name.FirstName(female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male);
        var birth = new DateOnly(2026 - age, faker.Random.Int(1, 12), faker.Random.Int(1, 28));
        var adult = age >= 18;
        return new Person
        {
            FirstName = first,
            LastName = lastName,
            BirthDate = birth,
            Role = role,
            Phone = adult && faker.Random.Bool(0.85f) ? $"06 {faker.Random.Int(10, 99)} {faker.Random.Int(10, 99)} {faker.Random.Int(10, 99)} {faker.Random.Int(10, 99)}" : null,
            Email = adult && faker.Random.Bool(0.5f) ? $"{Infrastructure.Text.SearchText.Fold(first).Replace(' ', '-')}.{Infrastructure.Text.SearchText.Fold(lastName).Replace(' ', '-')}@example.org" : null,
            OrganisationId = org,
        };
    }
}
