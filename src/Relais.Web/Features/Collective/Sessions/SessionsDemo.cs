using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Collective.Sessions;

/// <summary>
/// Demo sessions (fictional): every demo project without sessions gets a realistic series — past workshops with
/// attendance and minutes, a cancelled one, upcoming ones. When the organisation has no project yet, a mural project
/// of the Vaulx-en-Velin kind (seed 001) is created on Résidence Les Tilleuls to carry them.
/// </summary>
public static class SessionsDemo
{
    public static async Task SeedAsync(RelaisDbContext db, Guid organisationId, Person resident, CancellationToken ct)
    {
        var staff = await db.Users.Where(u => u.OrganisationId == organisationId && (u.Role == Role.Manager || u.Role == Role.FieldAgent))
            .OrderBy(u => u.Role).Select(u => u.Id).ToListAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.OrganisationId == organisationId, ct))
        {
            await MuralAsync(db, organisationId, resident, staff, ct);
        }

        var projects = await db.Projects.Where(p => p.OrganisationId == organisationId && !db.Set<ProjectSession>().Any(s => s.ProjectId == p.Id))
            .Select(p => new { p.Id, p.Title }).ToListAsync(ct);
        foreach (var project in projects)
        {
            var members = await db.ProjectMembers.Where(m => m.ProjectId == project.Id && m.LeftOn == null).OrderBy(m => m.Kind).ThenBy(m => m.JoinedOn).Select(m => m.Id).ToListAsync(ct);
            Sessions(db, organisationId, project.Id, members);
        }

        await db.SaveChangesAsync(ct);
    }

    private static async Task MuralAsync(RelaisDbContext db, Guid organisationId, Person resident, List<Guid> staff, CancellationToken ct)
    {
        var themeId = await Projects.ThemeCatalogue.IdOfAsync(db, "Embellissement", ct);

        var residenceId = await db.Households.Where(h => h.Id == resident.HouseholdId).Select(h => h.Dwelling!.Building!.ResidenceId).FirstOrDefaultAsync(ct);
        var neighbours = await db.Persons
            .Where(p => p.Role == HouseholdRole.LeaseHolder && p.Id != resident.Id && p.Household!.Dwelling!.Building!.ResidenceId == residenceId)
            .OrderBy(p => p.LastName).Take(7).Select(p => p.Id).ToListAsync(ct);
        var today = DateOnly.FromDateTime(DateTime.Now);
        var project = new Project
        {
            OrganisationId = organisationId,
            Title = "Fresque des Tilleuls",
            ThemeId = themeId,
            Kind = ProjectKind.Project,
            Status = ProjectStatus.Active,
            Origin = ProjectOrigin.Residents,
            Objectives = "Transformer le pignon du bâtiment A par une fresque conçue et peinte par les habitants ; se rencontrer entre voisins.",
            ActionMode = ActionMode.Facilitator,
            ActionModeDetails = "L’équipe sociale facilite : locaux, lien avec l’artiste et la mairie, assurance.",
            ResidentInvolvement = "Un groupe de porteuses a proposé le projet ; les enfants de la résidence dessinent les esquisses.",
            FundingLeads = "Politique de la ville, fondation d’entreprise, budget participatif.",
            OpenToResidents = true,
            StartsOn = today.AddDays(-70),
            CreatedByUserId = staff.FirstOrDefault(),
        };
        project.Territory.Add(new ProjectTerritory { OrganisationId = organisationId, ProjectId = project.Id, ResidenceId = residenceId });
        project.Members.Add(new ProjectMember { OrganisationId = organisationId, ProjectId = project.Id, Kind = MemberKind.Resident, Role = MemberRole.Carrier, PersonId = resident.Id, JoinedOn = today.AddDays(-70) });
        foreach (var (person, k) in neighbours.Select((p, k) => (p, k)))
        {
            project.Members.Add(new ProjectMember
            {
                OrganisationId = organisationId, ProjectId = project.Id, Kind = MemberKind.Resident, Role = k == 0 ? MemberRole.Carrier : k == 6 ? MemberRole.Volunteer : MemberRole.Participant,
                PersonId = person, JoinedOn = today.AddDays(-70 + 7 * k), LeftOn = k == 5 ? today.AddDays(-12) : null,
            });
        }

        foreach (var (user, k) in staff.Select((u, k) => (u, k)))
        {
            project.Members.Add(new ProjectMember { OrganisationId = organisationId, ProjectId = project.Id, Kind = MemberKind.Staff, Role = k == 0 ? MemberRole.Referent : MemberRole.Facilitator, UserId = user, JoinedOn = today.AddDays(-70) });
        }

        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
    }

    private static readonly (int Days, string Title, string Place, string Agenda, string Minutes, bool Cancelled)[] Series =
    [
        (-56, "Réunion de lancement", "Local commun résidentiel", "Présentation de l’idée ; qui veut s’impliquer ; calendrier.",
            "Douze habitants présents. Accord pour une fresque sur le pignon du bâtiment A. Deux porteuses se proposent. Prochaine étape : rencontrer l’artiste.", false),
        (-42, "Atelier esquisses avec l’artiste", "Local commun résidentiel", "Dessins des enfants ; thèmes retenus.",
            "Les enfants ont dessiné les arbres de la résidence et le marché. Trois thèmes retenus ; l’artiste assemble une maquette.", false),
        (-28, "Choix de la maquette", "Salle polyvalente de la mairie annexe", "Vote sur les deux maquettes ; demande d’autorisation.",
            "La maquette « Les Tilleuls en fleurs » est retenue. Le dossier d’autorisation est déposé en mairie.", false),
        (-14, "Préparation du mur", "Pied du bâtiment A", "Nettoyage, sous-couche ; consignes de sécurité.", "", true),
        (-7, "Préparation du mur (reportée)", "Pied du bâtiment A", "Nettoyage, sous-couche ; consignes de sécurité.",
            "Mur nettoyé et sous-couche posée. Prévoir des gants supplémentaires.", false),
        (5, "Peinture – première journée", "Pied du bâtiment A", "Tracé de la maquette ; premières couleurs.", "", false),
        (19, "Inauguration de la fresque", "Cour de la résidence", "Goûter partagé ; remerciements aux partenaires.", "", false),
    ];

    private static void Sessions(RelaisDbContext db, Guid organisationId, Guid projectId, List<Guid> members)
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var today = DateOnly.FromDateTime(DateTime.Now);
        foreach (var (s, k) in Series.Select((s, k) => (s, k)))
        {
            var start = SessionInput.Local(today.AddDays(s.Days), new TimeOnly(k % 2 == 0 ? 17 : 14, k % 2 == 0 ? 30 : 0), paris);
            var session = new ProjectSession
            {
                OrganisationId = organisationId, ProjectId = projectId, Title = s.Title, StartsAt = start, EndsAt = start.AddHours(2),
                Place = s.Place, Agenda = s.Agenda, Minutes = s.Minutes, Cancelled = s.Cancelled,
            };
            db.ProjectSessions.Add(session);
            var past = s.Days < 0 && !s.Cancelled;
            foreach (var (member, j) in members.Select((m, j) => (m, j)))
            {
                var status = !past ? AttendanceStatus.Invited : ((j + k) % 5) switch
                {
                    3 => AttendanceStatus.Excused,
                    4 => AttendanceStatus.Absent,
                    _ => AttendanceStatus.Present,
                };
                db.SessionAttendances.Add(new SessionAttendance
                {
                    OrganisationId = organisationId, SessionId = session.Id, MemberId = member, Status = status,
                    RecordedAt = past ? session.EndsAt : null,
                });
            }
        }
    }
}
