using Relais.Features.Households;
using Relais.Features.Housing;
using Relais.Features.Organisations;
using Relais.Features.Users;
using Relais.Infrastructure.Security;

namespace Relais.Tests.Infrastructure;

/// <summary>
/// A fresh organisation owned by one test: two sectors, one residence in each (a building with two
/// staircases), a few households with their persons, and one user per role. The field agent works in
/// the North sector; the resident is the lease holder of <see cref="NorthHousehold"/>.
/// </summary>
public sealed class World
{
    public required TestApp App { get; init; }
    public required Organisation Organisation { get; init; }
    public required Sector North { get; init; }
    public required Sector South { get; init; }
    public required Residence NorthResidence { get; init; }
    public required Residence SouthResidence { get; init; }
    public required Building NorthBuilding { get; init; }
    public required Dwelling FreeDwelling { get; init; }
    public required Household NorthHousehold { get; init; }
    public required Household SouthHousehold { get; init; }
    public required Person NorthHolder { get; init; }
    public required Person SouthHolder { get; init; }
    public required Dictionary<Role, AppUser> Users { get; init; }

    public Guid Id => Organisation.Id;

    public string Email(Role role) => Users[role].Email!;

    public Task<HttpClient> LoginAsync(Role role) => App.LoginAsync(Email(role));

    public static async Task<World> CreateAsync(TestApp app, string? name = null, bool requireTwoFactor = false)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var org = new Organisation { Name = name ?? $"Bailleur test {tag}", CommuneCode = "94038", RequireTwoFactorForSocialRoles = requireTwoFactor };
        await using var scope = app.SystemScope(org.Id, out var db);
        db.Organisations.Add(org);
        var north = new Sector { Name = "Nord", OrganisationId = org.Id };
        var south = new Sector { Name = "Sud", OrganisationId = org.Id };
        db.Sectors.AddRange(north, south);

        Residence NewResidence(string n, Sector s, string commune, string communeName, string postal) => new()
        {
            Name = n, Sector = s, CommuneCode = commune, CommuneName = communeName, PostalCode = postal, OrganisationId = org.Id,
        };

        var northResidence = NewResidence($"Résidence Les Tilleuls {tag}", north, "94038", "L'Haÿ-les-Roses", "94240");
        var southResidence = NewResidence($"Cité du Parc {tag}", south, "94076", "Villejuif", "94800");
        var northBuilding = new Building { Name = "Bâtiment A", Street = "12 rue Jean Jaurès", Staircases = "1, 2", Floors = 4, OrganisationId = org.Id };
        var southBuilding = new Building { Name = "Bâtiment B", Street = "40 avenue de Paris", Staircases = "A", Floors = 3, OrganisationId = org.Id };
        northResidence.Buildings.Add(northBuilding);
        southResidence.Buildings.Add(southBuilding);
        var d1 = new Dwelling { Reference = $"LGT-{tag}-1", Staircase = "1", Floor = 2, Door = "21", Typology = "T3", OrganisationId = org.Id };
        var d2 = new Dwelling { Reference = $"LGT-{tag}-2", Staircase = "A", Floor = 0, Door = "A01", Typology = "T2", OrganisationId = org.Id };
        var free = new Dwelling { Reference = $"LGT-{tag}-3", Staircase = "2", Floor = 4, Door = "42", Typology = "T4", OrganisationId = org.Id };
        northBuilding.Dwellings.AddRange([d1, free]);
        southBuilding.Dwellings.Add(d2);
        db.Residences.AddRange(northResidence, southResidence);

        var northHolder = new Person { FirstName = "Benoît", LastName = "Lefèvre", Role = HouseholdRole.LeaseHolder, BirthDate = new DateOnly(1970, 5, 4), Phone = "06 12 34 56 78", OrganisationId = org.Id };
        var northHousehold = new Household { TenantReference = $"LOC-{tag}-NORD", Dwelling = d1, LeaseStart = new DateOnly(2015, 3, 1), OrganisationId = org.Id };
        northHousehold.Members.Add(northHolder);
        northHousehold.Members.Add(new Person { FirstName = "Zoé", LastName = "Lefèvre", Role = HouseholdRole.Child, BirthDate = new DateOnly(2012, 9, 1), OrganisationId = org.Id });
        var southHolder = new Person { FirstName = "Chloé", LastName = "N'Diaye", Role = HouseholdRole.LeaseHolder, BirthDate = new DateOnly(1985, 1, 20), Email = "chloe@example.org", OrganisationId = org.Id };
        var southHousehold = new Household { TenantReference = $"LOC-{tag}-SUD", Dwelling = d2, LeaseStart = new DateOnly(2020, 1, 1), OrganisationId = org.Id };
        southHousehold.Members.Add(southHolder);
        db.Households.AddRange(northHousehold, southHousehold);
        await db.SaveChangesAsync();

        var users = new Dictionary<Role, AppUser>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var email = $"{role.ToString().ToLowerInvariant()}-{tag}@test.relais.local";
            var user = new AppUser
            {
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                DisplayName = $"{role} {tag}",
                Role = role,
                OrganisationId = org.Id,
                PersonId = role == Role.Resident ? northHolder.Id : null,
                LockoutEnabled = true,
                PasswordHash = app.PasswordHash,
            };
            if (role == Role.FieldAgent)
            {
                user.Sectors.Add(new UserSector { UserId = user.Id, SectorId = north.Id });
            }

            db.Users.Add(user);
            users[role] = user;
        }

        await db.SaveChangesAsync();
        return new World
        {
            App = app,
            Organisation = org,
            North = north,
            South = south,
            NorthResidence = northResidence,
            SouthResidence = southResidence,
            NorthBuilding = northBuilding,
            FreeDwelling = free,
            NorthHousehold = northHousehold,
            SouthHousehold = southHousehold,
            NorthHolder = northHolder,
            SouthHolder = southHolder,
            Users = users,
        };
    }
}
