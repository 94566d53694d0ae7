using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Collective.Programmes;

/// <summary>
/// The demo's arrears group (fictional, after seed 001's « accompagnement collectif individualisé » of La Nantaise
/// d'Habitation): a dozen tenants with rent arrears, the demo Habitant among them, each linked to their individual
/// accompaniment; the Conseiller·ère animates it; six fortnightly sessions held, attendance taken; a few members agreed
/// that their participation be known. Dated from the seeding day.
/// </summary>
public static class ProgrammeDemo
{
    public const string Title = "Groupe « Reprendre pied » — sortir des impayés ensemble";

    public static async Task SeedAsync(RelaisDbContext db, Guid organisationId, Person resident, CancellationToken ct)
    {
        if (await db.Projects.AnyAsync(p => p.Title == Title, ct))
        {
            return;
        }

        var files = await db.Accompaniments.AsNoTracking()
            .Where(a => a.Status == AccompanimentStatus.Open)
            .OrderBy(a => a.PersonId == resident.Id ? 0 : 1).ThenBy(a => a.ConsentDate)
            .Select(a => new { a.Id, a.PersonId })
            .Take(12)
            .ToListAsync(ct);
        if (files.Count == 0)
        {
            return;
        }

        var worker = await db.Users.Where(u => u.OrganisationId == organisationId && u.Role == Role.SocialWorker).Select(u => u.Id).FirstAsync(ct);
        var themeId = await Projects.ThemeCatalogue.IdOfAsync(db, "Budget et impayés", ct);

        var today = DateOnly.FromDateTime(DateTime.Now);
        var start = today.AddDays(-90);
        var project = new Project
        {
            OrganisationId = organisationId,
            Title = Title,
            ThemeId = themeId,
            Kind = ProjectKind.Programme,
            Sensitivity = ProjectSensitivity.Arrears,
            Status = ProjectStatus.Active,
            Origin = ProjectOrigin.SocialTeam,
            Objectives = "Que chaque participant reprenne le paiement de son loyer, tienne son plan d’apurement et fasse valoir ses droits ; rompre l’isolement face à la dette.",
            ActionMode = ActionMode.Initiator,
            ActionModeDetails = "L’équipe sociale anime les séances ; la CAF, le point conseil budget et la banque de France interviennent à la demande du groupe.",
            ResidentInvolvement = "Les participants choisissent les thèmes des séances ; deux anciens participants témoignent.",
            FundingLeads = "Fonds propres ; appel à projets prévention des expulsions (CCAPEX).",
            ConfidentialityNotes = "Participation confidentielle : personne en dehors de l’équipe ne sait qui vient, sauf accord de la personne.",
            StartsOn = start,
            CreatedByUserId = worker,
        };
        db.Projects.Add(project);
        db.ProjectMembers.Add(new ProjectMember { OrganisationId = organisationId, ProjectId = project.Id, Kind = MemberKind.Staff, Role = MemberRole.Facilitator, UserId = worker, JoinedOn = start });
        var members = files.Select((f, i) => new ProjectMember
        {
            OrganisationId = organisationId,
            ProjectId = project.Id,
            Kind = MemberKind.Resident,
            Role = i == 1 ? MemberRole.Carrier : MemberRole.Participant,
            PersonId = f.PersonId,
            AccompanimentId = f.Id,
            JoinedOn = start.AddDays(i % 3 * 14),
            MembershipSharedOn = i % 4 == 1 ? start.AddDays(30) : null,
        }).ToList();
        db.ProjectMembers.AddRange(members);
        string[] topics = ["Se présenter, dire où on en est", "Lire son avis d’échéance et son compte locatif", "Les aides : APL, FSL, chèque énergie",
            "Préparer un rendez-vous au service contentieux", "Le budget du mois, pas à pas", "Ce qui a changé depuis le début"];
        for (var k = 0; k < topics.Length; k++)
        {
            var day = start.AddDays(7 + (k * 14));
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(14, 0)), TimeZoneInfo.Local.GetUtcOffset(day.ToDateTime(new TimeOnly(14, 0))));
            var session = new ProjectSession
            {
                OrganisationId = organisationId, ProjectId = project.Id, Title = topics[k], StartsAt = at, EndsAt = at.AddHours(2),
                Place = "Local associatif, rez-de-chaussée", Agenda = topics[k], Minutes = day < today ? "Séance tenue ; prochaine séance dans quinze jours." : "",
            };
            db.ProjectSessions.Add(session);
            for (var i = 0; i < members.Count; i++)
            {
                if (members[i].JoinedOn > day)
                {
                    continue;
                }

                var status = day >= today ? AttendanceStatus.Invited : (i + k) % 6 == 0 ? AttendanceStatus.Absent : (i + k) % 9 == 0 ? AttendanceStatus.Excused : AttendanceStatus.Present;
                db.SessionAttendances.Add(new SessionAttendance
                {
                    OrganisationId = organisationId, SessionId = session.Id, MemberId = members[i].Id, Status = status,
                    RecordedAt = status == AttendanceStatus.Invited ? null : at.AddHours(2), RecordedByUserId = status == AttendanceStatus.Invited ? null : worker,
                });
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
