using System.Collections.Concurrent;
using Relais.Features.Collective;
using Relais.Features.Collective.Budget;
using Relais.Features.Collective.Outcomes;
using Relais.Features.Collective.Sheets;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Collective.Sheets;

/// <summary>
/// A collective project for the budget, outcomes and capitalisation tests: territory the North residence, the North
/// lease holder (Benoît Lefèvre) porteur, the South lease holder (Chloé N'Diaye) participant, the social worker a staff
/// member (the field agent is not), and some activity: two past sessions with attendance, a cancelled one, a future one.
/// </summary>
internal sealed record KitProject(Guid Id, Guid CarrierId, Guid ParticipantId, Guid StaffMemberId);

internal static class CapitalisationKit
{
    public static async Task<KitProject> ProjectAsync(World w, string title = "Fresque du passage des Tilleuls", string theme = "Embellissement", bool activity = true)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var themeRow = db.ProjectThemes.FirstOrDefault(t => t.Name == theme);
        if (themeRow is null)
        {
            themeRow = new ProjectTheme { OrganisationId = w.Id, Name = theme };
            db.ProjectThemes.Add(themeRow);
        }

        var project = new Project
        {
            OrganisationId = w.Id, Title = title, ThemeId = themeRow.Id, Status = ProjectStatus.Active, Origin = ProjectOrigin.Residents,
            Objectives = "Transformer le passage entre les deux bâtiments avec les habitants.", ActionMode = ActionMode.Facilitator,
            ActionModeDetails = "Le bailleur facilite ; une association d’artistes anime les ateliers.", ResidentInvolvement = "Les habitants dessinent et peignent.",
            FundingLeads = "Contrat de ville", StartsOn = DateOnly.FromDateTime(DateTime.Today.AddMonths(-6)),
        };
        project.Territory.Add(new ProjectTerritory { OrganisationId = w.Id, ResidenceId = w.NorthResidence.Id });
        var carrier = new ProjectMember { OrganisationId = w.Id, Kind = MemberKind.Resident, Role = MemberRole.Carrier, PersonId = w.NorthHolder.Id, JoinedOn = project.StartsOn.Value };
        var participant = new ProjectMember { OrganisationId = w.Id, Kind = MemberKind.Resident, Role = MemberRole.Participant, PersonId = w.SouthHolder.Id, JoinedOn = project.StartsOn.Value };
        var staff = new ProjectMember { OrganisationId = w.Id, Kind = MemberKind.Staff, Role = MemberRole.Referent, UserId = w.Users[Role.SocialWorker].Id, JoinedOn = project.StartsOn.Value };
        project.Members.AddRange([carrier, participant, staff]);
        db.Projects.Add(project);
        if (activity)
        {
            var now = DateTimeOffset.UtcNow;
            ProjectSession Session(string t, int days, bool cancelled = false)
            {
                var s = new ProjectSession { OrganisationId = w.Id, ProjectId = project.Id, Title = t, StartsAt = now.AddDays(days), EndsAt = now.AddDays(days).AddHours(2), Place = "Local collectif", Cancelled = cancelled };
                db.ProjectSessions.Add(s);
                return s;
            }

            var first = Session("Atelier dessin", -30);
            var second = Session("Peinture du mur", -10);
            var cancelled = Session("Séance annulée (pluie)", -5, cancelled: true);
            var future = Session("Inauguration", 10);
            void Attend(ProjectSession s, ProjectMember m, AttendanceStatus status) =>
                db.SessionAttendances.Add(new SessionAttendance { OrganisationId = w.Id, SessionId = s.Id, MemberId = m.Id, Status = status });
            Attend(first, carrier, AttendanceStatus.Present);
            Attend(first, participant, AttendanceStatus.Absent);
            Attend(second, carrier, AttendanceStatus.Present);
            Attend(second, staff, AttendanceStatus.Present);
            Attend(cancelled, participant, AttendanceStatus.Present); // cancelled: neither a session held nor a participant
            Attend(future, participant, AttendanceStatus.Invited);
        }

        // A realistic name for the staff member (the personal-data check looks for it).
        var worker = db.Users.First(u => u.Id == w.Users[Role.SocialWorker].Id);
        worker.DisplayName = "Camille Roussel";
        w.Users[Role.SocialWorker].DisplayName = worker.DisplayName;
        await db.SaveChangesAsync();
        return new KitProject(project.Id, carrier.Id, participant.Id, staff.Id);
    }

    public static async Task<T> AddAsync<T>(World w, T entity) where T : class
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        db.Add(entity);
        await db.SaveChangesAsync();
        return entity;
    }
}

/// <summary>The ids of <see cref="Security.CrossOrganisationTests"/> for the budget, outcomes and sheet routes.</summary>
internal sealed record CapitalisationIds(Guid ProjectId, Guid LineId, Guid ExpenseId, Guid IndicatorId, Guid SheetId)
{
    private static readonly ConcurrentDictionary<Guid, CapitalisationIds> Known = new();

    public static CapitalisationIds Of(World w) => Known[w.Id];

    public static async Task ArrangeAsync(World w)
    {
        var p = await CapitalisationKit.ProjectAsync(w, activity: false);
        var line = await CapitalisationKit.AddAsync(w, new ProjectFundingLine { OrganisationId = w.Id, ProjectId = p.Id, Source = "Ville", Status = FundingStatus.Requested, Requested = 1000 });
        var expense = await CapitalisationKit.AddAsync(w, new ProjectExpense { OrganisationId = w.Id, ProjectId = p.Id, SpentOn = DateOnly.FromDateTime(DateTime.Today), Label = "Peinture", Amount = 120 });
        var indicator = await CapitalisationKit.AddAsync(w, new ProjectIndicator { OrganisationId = w.Id, ProjectId = p.Id, Name = "Participants", Computation = IndicatorComputation.Participants });
        var sheet = await CapitalisationKit.AddAsync(w, new PracticeSheet { OrganisationId = w.Id, ProjectId = p.Id, Title = "Fiche", Theme = "Embellissement", Year = 2026 });
        Known[w.Id] = new CapitalisationIds(p.Id, line.Id, expense.Id, indicator.Id, sheet.Id);
    }
}
