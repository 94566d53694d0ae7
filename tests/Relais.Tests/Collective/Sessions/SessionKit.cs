using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective;
using Relais.Features.Households;
using Relais.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Collective.Sessions;

/// <summary>A project with members (two residents, a resident who left, the Responsable as staff) and one session.</summary>
public sealed record SessionProject(Guid ProjectId, Guid North, Guid South, Guid Left, Guid Staff, Guid SessionId);

public static class SessionKit
{
    public static async Task<SessionProject> ArrangeAsync(World w, ProjectSensitivity sensitivity = ProjectSensitivity.None, string title = "Fresque des Tilleuls",
        bool southConsented = false)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var theme = await db.ProjectThemes.FirstOrDefaultAsync(t => t.Name == "Embellissement");
        if (theme is null)
        {
            theme = new ProjectTheme { Name = "Embellissement" };
            db.ProjectThemes.Add(theme);
        }

        var project = new Project { Title = title, ThemeId = theme.Id, Sensitivity = sensitivity, Kind = sensitivity == ProjectSensitivity.None ? ProjectKind.Project : ProjectKind.Programme, Status = ProjectStatus.Active };
        var leaver = new Person { HouseholdId = w.NorthHousehold.Id, FirstName = "Inès", LastName = "Départ", Role = HouseholdRole.Child };
        db.Persons.Add(leaver);
        var today = DateOnly.FromDateTime(DateTime.Today);
        var north = new ProjectMember { ProjectId = project.Id, Kind = MemberKind.Resident, Role = MemberRole.Participant, PersonId = w.NorthHolder.Id, JoinedOn = today.AddDays(-60) };
        var south = new ProjectMember { ProjectId = project.Id, Kind = MemberKind.Resident, Role = MemberRole.Carrier, PersonId = w.SouthHolder.Id, JoinedOn = today.AddDays(-60), MembershipSharedOn = southConsented ? today.AddDays(-50) : null };
        var left = new ProjectMember { ProjectId = project.Id, Kind = MemberKind.Resident, Role = MemberRole.Volunteer, PersonId = leaver.Id, JoinedOn = today.AddDays(-60), LeftOn = today.AddDays(-10) };
        var staff = new ProjectMember { ProjectId = project.Id, Kind = MemberKind.Staff, Role = MemberRole.Facilitator, UserId = w.Users[Role.Manager].Id, JoinedOn = today.AddDays(-60) };
        project.Members.AddRange([north, south, left, staff]);
        db.Projects.Add(project);
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(3).AddHours(13), TimeSpan.Zero);
        var session = new ProjectSession { ProjectId = project.Id, Title = "Atelier esquisses", StartsAt = start, EndsAt = start.AddHours(2), Place = "Local commun" };
        db.ProjectSessions.Add(session);
        foreach (var m in new[] { north, south, staff })
        {
            db.SessionAttendances.Add(new SessionAttendance { SessionId = session.Id, MemberId = m.Id });
        }

        await db.SaveChangesAsync();
        return new SessionProject(project.Id, north.Id, south.Id, left.Id, staff.Id, session.Id);
    }

    public static async Task AddStaffAsync(World w, Guid projectId, Role role)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, Kind = MemberKind.Staff, Role = MemberRole.Referent, UserId = w.Users[role].Id, JoinedOn = DateOnly.FromDateTime(DateTime.Today) });
        await db.SaveChangesAsync();
    }

    public static async Task<T> QueryAsync<T>(World w, Func<Relais.Infrastructure.Data.RelaisDbContext, Task<T>> query)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        return await query(db);
    }

    /// <summary>Posts a form of <paramref name="formPage"/> (for its antiforgery token) and returns the response.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields, string formPage) =>
        client.PostFormAsync(url, fields, formPage);

    public static async Task<string> RedirectedTo(this HttpResponseMessage response)
    {
        await response.ShouldBe(HttpStatusCode.Redirect);
        return response.Headers.Location!.OriginalString;
    }
}

/// <summary>Ids of the session routes for CrossOrganisationTests: a project, its session and a stored photo.</summary>
public sealed record SessionIds(Guid ProjectId, Guid SessionId, Guid MediaId)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SessionIds> ByWorld = new();

    public static SessionIds Of(World w) => ByWorld[w.Id];

    public static async Task ArrangeAsync(World w)
    {
        var p = await SessionKit.ArrangeAsync(w);
        var store = w.App.Services.GetRequiredService<Relais.Features.Accompaniments.Confidential.DocumentStore>();
        var saved = await store.SaveAsync(w.Id, new MemoryStream([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]), CancellationToken.None);
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var media = new Relais.Features.Collective.Sessions.SessionMedia
        {
            SessionId = p.SessionId, Title = "Photo", ContentType = "image/jpeg", SizeBytes = saved.Size, StorageName = saved.StorageName, Sha256 = saved.Sha256,
        };
        db.Add(media);
        await db.SaveChangesAsync();
        ByWorld[w.Id] = new SessionIds(p.ProjectId, p.SessionId, media.Id);
    }
}
