using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Collective;
using Relais.Features.Households;
using Relais.Features.Users;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;
using Relais.Tests.Accompaniments;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Collective.Programmes;

/// <summary>
/// An arrears group programme (« accompagnement collectif individualisé ») of the World: the World's Habitant (North lease
/// holder) is a member; <see cref="Target"/> (a person added to the South household) is a member who did not consent;
/// the World's Conseiller·ère is staff of the project; <see cref="OtherSocialWorker"/> is not; <see cref="OtherResident"/>
/// is a Habitant (the South lease holder) outside the group.
/// </summary>
internal sealed record ProgrammeArrangement(Guid ProjectId, Guid TargetMemberId, Guid ResidentMemberId, Person Target, AppUser OtherSocialWorker, AppUser OtherResident)
{
    public const string TargetFirstName = "Fatoumata";
    public const string TargetLastName = "Konaté";

    private static readonly ConditionalWeakTable<World, ProgrammeArrangement> Arranged = new();

    public static ProgrammeArrangement Of(World w) => Arranged.TryGetValue(w, out var a)
        ? a
        : throw new InvalidOperationException("Call ProgrammeArrangement.ArrangeAsync(world) first.");

    public static async Task<ProgrammeArrangement> ArrangeAsync(World w, ProjectSensitivity sensitivity = ProjectSensitivity.Arrears)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        // The organisation's theme when themes are seeded, otherwise created here.
        var theme = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.ProjectThemes, t => t.Name == "Budget et impayés");
        if (theme is null)
        {
            theme = new ProjectTheme { Name = "Budget et impayés", SortOrder = 3 };
            db.ProjectThemes.Add(theme);
        }

        var target = new Person { FirstName = TargetFirstName, LastName = TargetLastName, Role = HouseholdRole.Partner, HouseholdId = w.SouthHousehold.Id, BirthDate = new DateOnly(1983, 2, 14) };
        db.Persons.Add(target);
        var project = new Project
        {
            Title = "Groupe « Reprendre pied » — impayés",
            ThemeId = theme.Id,
            Kind = ProjectKind.Programme,
            Sensitivity = sensitivity,
            Status = ProjectStatus.Active,
            Origin = ProjectOrigin.SocialTeam,
            Objectives = "Sortir ensemble des impayés, chacun avec son plan.",
            StartsOn = ArrearsKit.MonthAgo(4),
        };
        db.Projects.Add(project);
        var targetMember = new ProjectMember { ProjectId = project.Id, Kind = MemberKind.Resident, Role = MemberRole.Participant, PersonId = target.Id, JoinedOn = ArrearsKit.MonthAgo(4) };
        var residentMember = new ProjectMember { ProjectId = project.Id, Kind = MemberKind.Resident, Role = MemberRole.Participant, PersonId = w.NorthHolder.Id, JoinedOn = ArrearsKit.MonthAgo(4) };
        db.ProjectMembers.AddRange(targetMember, residentMember,
            new ProjectMember { ProjectId = project.Id, Kind = MemberKind.Staff, Role = MemberRole.Facilitator, UserId = w.Users[Role.SocialWorker].Id, JoinedOn = ArrearsKit.MonthAgo(4) },
            new ProjectMember { ProjectId = project.Id, Kind = MemberKind.Staff, Role = MemberRole.Referent, UserId = w.Users[Role.FieldAgent].Id, JoinedOn = ArrearsKit.MonthAgo(4) });

        AppUser NewUser(Role role, Guid? person)
        {
            var email = $"{role.ToString().ToLowerInvariant()}-2-{Guid.NewGuid():N}@test.relais.local"[..60];
            return new AppUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, DisplayName = $"{role} bis", Role = role, OrganisationId = w.Id, PersonId = person,
                LockoutEnabled = true, PasswordHash = w.App.PasswordHash,
            };
        }

        var otherSocial = NewUser(Role.SocialWorker, null);
        var otherResident = NewUser(Role.Resident, w.SouthHolder.Id);
        db.Users.AddRange(otherSocial, otherResident);
        await db.SaveChangesAsync();
        var arrangement = new ProgrammeArrangement(project.Id, targetMember.Id, residentMember.Id, target, otherSocial, otherResident);
        Arranged.AddOrUpdate(w, arrangement);
        return arrangement;
    }

    public static async Task SetConsentAsync(World w, Guid memberId, DateOnly? on)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var m = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.ProjectMembers, x => x.Id == memberId);
        m.MembershipSharedOn = on;
        await db.SaveChangesAsync();
    }

    /// <summary>Runs <paramref name="act"/> with a <see cref="ProjectAccess"/> of a request signed in as <paramref name="user"/>.</summary>
    public static async Task<T> AsUserAsync<T>(World w, AppUser user, Func<ProjectAccess, Task<T>> act)
    {
        await using var scope = w.App.Services.CreateAsyncScope();
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.DisplayName),
            new(RelaisClaims.Organisation, user.OrganisationId.ToString()),
            new(RelaisClaims.Role, user.Role.ToString()),
        };
        if (user.PersonId is { } p)
        {
            claims.Add(new(RelaisClaims.Person, p.ToString()));
        }

        if (user.Role == Role.FieldAgent)
        {
            claims.Add(new(RelaisClaims.Sector, w.North.Id.ToString()));
        }

        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        var previous = accessor.HttpContext;
        accessor.HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity(claims, "tests")), RequestServices = scope.ServiceProvider };
        try
        {
            var me = scope.ServiceProvider.GetRequiredService<CurrentUser>();
            if (me.Role != user.Role || me.OrganisationId != user.OrganisationId)
            {
                throw new InvalidOperationException($"Not acting as {user.Role}: {me.Role} {me.OrganisationId}");
            }

            return await act(scope.ServiceProvider.GetRequiredService<ProjectAccess>());
        }
        finally
        {
            accessor.HttpContext = previous;
        }
    }
}
