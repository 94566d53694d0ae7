using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective.Budget;
using Relais.Features.Collective.Outcomes;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Collective.Sheets;

/// <summary>
/// Fictional demo content for budgets, outcomes and capitalisation (seed 001): a mural painted by the residents of one
/// residence (in progress: funding, expenses, indicators measured over time), and shared gardens closed last season
/// with their published practice sheet.
/// </summary>
public static class CapitalisationDemo
{
    public static async Task SeedAsync(RelaisDbContext db, CommuneDirectory communes, Guid organisationId, CancellationToken ct)
    {
        var residences = await db.Residences.Where(r => r.OrganisationId == organisationId).OrderBy(r => r.Name).ToListAsync(ct);
        var worker = await db.Users.Where(u => u.OrganisationId == organisationId && u.Role == Role.SocialWorker).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (residences.Count < 2 || worker == Guid.Empty)
        {
            return;
        }

        var today = DateOnly.FromDateTime(DateTime.Now);
        var now = DateTimeOffset.Now;

        async Task<List<Guid>> ResidentsAsync(Guid residenceId, int count) =>
            await db.Persons.Where(p => p.OrganisationId == organisationId && p.Household!.Dwelling!.Building!.ResidenceId == residenceId && p.BirthDate < today.AddYears(-18))
                .OrderBy(p => p.LastName).ThenBy(p => p.FirstName).Select(p => p.Id).Take(count).ToListAsync(ct);

        // 1. The mural, in progress.
        var mural = new Project
        {
            OrganisationId = organisationId, Title = "Fresque du passage couvert", ThemeId = await Projects.ThemeCatalogue.IdOfAsync(db, "Embellissement", ct),
            Status = ProjectStatus.Active, Origin = ProjectOrigin.Residents, ActionMode = ActionMode.Facilitator,
            Objectives = "Transformer le passage couvert, tagué et mal éclairé, en une fresque dessinée et peinte par les habitants.",
            ActionModeDetails = "Le bailleur facilite : locaux, matériel, lien avec une association d’artistes du quartier qui anime les ateliers.",
            ResidentInvolvement = "Un petit groupe d’habitantes porte le projet ; les enfants dessinent les esquisses.",
            FundingLeads = "Contrat de ville, fondation d’entreprise, budget de proximité du bailleur.",
            StartsOn = today.AddMonths(-4), OpenToResidents = true,
        };
        mural.Territory.Add(new ProjectTerritory { OrganisationId = organisationId, ResidenceId = residences[0].Id });
        var muralPeople = await ResidentsAsync(residences[0].Id, 6);
        var muralMembers = muralPeople.Select((id, i) => new ProjectMember
        {
            OrganisationId = organisationId, Kind = MemberKind.Resident, Role = i < 2 ? MemberRole.Carrier : MemberRole.Participant, PersonId = id, JoinedOn = mural.StartsOn.Value,
        }).ToList();
        mural.Members.AddRange(muralMembers);
        mural.Members.Add(new ProjectMember { OrganisationId = organisationId, Kind = MemberKind.Staff, Role = MemberRole.Referent, UserId = worker, JoinedOn = mural.StartsOn.Value });
        db.Projects.Add(mural);
        AddSessions(db, mural, muralMembers, now, [("Réunion de lancement", -110), ("Atelier esquisses", -80), ("Préparation du mur", -45), ("Peinture, première journée", -20), ("Peinture, deuxième journée", 12)]);
        db.ProjectFundingLines.AddRange(
            new ProjectFundingLine { OrganisationId = organisationId, ProjectId = mural.Id, Source = "Contrat de ville (appel à projets)", Status = FundingStatus.Received, Requested = 4000, Granted = 3500, Received = 3500, RequestedOn = today.AddMonths(-4), GrantedOn = today.AddMonths(-3), ReceivedOn = today.AddMonths(-2) },
            new ProjectFundingLine { OrganisationId = organisationId, ProjectId = mural.Id, Source = "Fondation d’entreprise", Status = FundingStatus.Granted, Requested = 1500, Granted = 1200, RequestedOn = today.AddMonths(-3), GrantedOn = today.AddMonths(-1) },
            new ProjectFundingLine { OrganisationId = organisationId, ProjectId = mural.Id, Source = "Budget de proximité du bailleur", Status = FundingStatus.Requested, Requested = 800, RequestedOn = today.AddDays(-10) });
        db.ProjectExpenses.AddRange(
            new ProjectExpense { OrganisationId = organisationId, ProjectId = mural.Id, SpentOn = today.AddDays(-78), Label = "Papier, crayons et feutres pour les esquisses", Category = ExpenseCategory.Supplies, Amount = 86.40m },
            new ProjectExpense { OrganisationId = organisationId, ProjectId = mural.Id, SpentOn = today.AddDays(-50), Label = "Association d’artistes : animation de six ateliers", Category = ExpenseCategory.Services, Amount = 1800 },
            new ProjectExpense { OrganisationId = organisationId, ProjectId = mural.Id, SpentOn = today.AddDays(-46), Label = "Peinture façade et rouleaux", Category = ExpenseCategory.Supplies, Amount = 1249.90m },
            new ProjectExpense { OrganisationId = organisationId, ProjectId = mural.Id, SpentOn = today.AddDays(-20), Label = "Goûter de la première journée de peinture", Category = ExpenseCategory.Catering, Amount = 64.25m });
        var participants = Indicator(db, mural, "Participants", "habitants", IndicatorComputation.Participants, 15);
        Indicator(db, mural, "Séances tenues", "séances", IndicatorComputation.SessionsHeld, 6);
        var tags = Indicator(db, mural, "Tags relevés dans le passage", "tags", IndicatorComputation.None, 0, IndicatorDirection.Decrease);
        Measure(db, participants, today.AddDays(-80), 3, "Atelier esquisses");
        Measure(db, participants, today.AddDays(-45), 4, "");
        Measure(db, participants, today.AddDays(-20), 6, "Première journée de peinture");
        Measure(db, tags, today.AddDays(-110), 23, "Relevé avant le projet");
        Measure(db, tags, today.AddDays(-60), 17, "");
        Measure(db, tags, today.AddDays(-7), 6, "Depuis la préparation du mur");
        await db.SaveChangesAsync(ct);

        // 2. The shared gardens, closed, with their published practice sheet.
        var garden = new Project
        {
            OrganisationId = organisationId, Title = "Jardins partagés au pied des immeubles", ThemeId = await Projects.ThemeCatalogue.IdOfAsync(db, "Jardins", ct),
            Status = ProjectStatus.Active, Origin = ProjectOrigin.SocialTeam, ActionMode = ActionMode.Initiator,
            Objectives = "Créer des liens entre voisins autour d’un potager et reprendre possession d’un espace vert délaissé.",
            ActionModeDetails = "L’équipe sociale a lancé le projet avec le centre social et une association de jardinage.",
            ResidentInvolvement = "Une dizaine de foyers cultivent des parcelles ; deux habitants tiennent le planning d’arrosage.",
            FundingLeads = "Budget de proximité du bailleur, subvention de la commune.",
            StartsOn = today.AddMonths(-14),
        };
        garden.Territory.Add(new ProjectTerritory { OrganisationId = organisationId, ResidenceId = residences[1].Id });
        var gardenMembers = (await ResidentsAsync(residences[1].Id, 8)).Select((id, i) => new ProjectMember
        {
            OrganisationId = organisationId, Kind = MemberKind.Resident, Role = i < 2 ? MemberRole.Carrier : i < 4 ? MemberRole.Volunteer : MemberRole.Participant, PersonId = id, JoinedOn = garden.StartsOn.Value,
        }).ToList();
        garden.Members.AddRange(gardenMembers);
        garden.Members.Add(new ProjectMember { OrganisationId = organisationId, Kind = MemberKind.Staff, Role = MemberRole.Facilitator, UserId = worker, JoinedOn = garden.StartsOn.Value });
        db.Projects.Add(garden);
        AddSessions(db, garden, gardenMembers, now, [("Réunion d’information", -420), ("Construction des bacs", -390), ("Plantations de printemps", -330), ("Fête des récoltes", -260), ("Bilan avec les jardiniers", -70)]);
        db.ProjectFundingLines.AddRange(
            new ProjectFundingLine { OrganisationId = organisationId, ProjectId = garden.Id, Source = "Budget de proximité du bailleur", Status = FundingStatus.Received, Requested = 2500, Granted = 2500, Received = 2500 },
            new ProjectFundingLine { OrganisationId = organisationId, ProjectId = garden.Id, Source = "Subvention de la commune", Status = FundingStatus.Received, Requested = 1000, Granted = 800, Received = 800 });
        db.ProjectExpenses.AddRange(
            new ProjectExpense { OrganisationId = organisationId, ProjectId = garden.Id, SpentOn = today.AddDays(-392), Label = "Bois et terre pour douze bacs", Category = ExpenseCategory.Supplies, Amount = 1980 },
            new ProjectExpense { OrganisationId = organisationId, ProjectId = garden.Id, SpentOn = today.AddDays(-335), Label = "Graines, plants et outils", Category = ExpenseCategory.Supplies, Amount = 612.35m },
            new ProjectExpense { OrganisationId = organisationId, ProjectId = garden.Id, SpentOn = today.AddDays(-260), Label = "Fête des récoltes", Category = ExpenseCategory.Catering, Amount = 240 });
        var plots = Indicator(db, garden, "Foyers jardiniers", "foyers", IndicatorComputation.None, 12);
        Indicator(db, garden, "Participants", "habitants", IndicatorComputation.Participants, 10);
        Measure(db, plots, today.AddDays(-390), 5, "Bacs construits");
        Measure(db, plots, today.AddDays(-330), 9, "");
        Measure(db, plots, today.AddDays(-75), 11, "Fin de saison");
        await db.SaveChangesAsync(ct);

        garden.Status = ProjectStatus.Closed;
        garden.ClosedOn = today.AddDays(-60);
        var sheet = await SheetDraft.BuildAsync(db, communes, garden, now, ct);
        sheet.Lessons = """
            - Commencer petit : six bacs la première année suffisent pour lancer la dynamique.
            - Un **planning d’arrosage** tenu par les habitants eux-mêmes a évité l’abandon des parcelles l’été.
            - Le centre social a été un relais précieux pour toucher les familles qui ne viennent pas aux réunions.
            """;
        sheet.Reuse = """
            - La convention d’occupation de l’espace vert entre le bailleur et l’association.
            - Le format « fête des récoltes », qui fait venir des voisins au-delà des jardiniers.
            - Guide de l’association : [jardins partagés, mode d’emploi](https://jardins-partages.example.org/guide).
            """;
        sheet.Status = SheetStatus.Final;
        sheet.FinalisedOn = today.AddDays(-45);
        sheet.SearchKey = SheetDraft.KeyOf(sheet);
        var people = await PersonalDataCheck.PeopleOfAsync(db, organisationId, garden.Id, ct);
        if (PersonalDataCheck.Find(string.Join("\n", [sheet.Title, .. sheet.Sections().Select(s => s.Text)]), people).Count == 0)
        {
            sheet.PublishedOn = today.AddDays(-40);
            sheet.PublicToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        }

        db.PracticeSheets.Add(sheet);
        await db.SaveChangesAsync(ct);
    }

    private static void AddSessions(RelaisDbContext db, Project project, List<ProjectMember> members, DateTimeOffset now, (string Title, int Days)[] sessions)
    {
        var n = 0;
        foreach (var (title, days) in sessions)
        {
            var startsAt = new DateTimeOffset(now.Date.AddDays(days).AddHours(17), now.Offset);
            var session = new ProjectSession
            {
                OrganisationId = project.OrganisationId, ProjectId = project.Id, Title = title, StartsAt = startsAt, EndsAt = startsAt.AddHours(2), Place = "Local collectif résidentiel",
            };
            db.ProjectSessions.Add(session);
            n++;
            for (var i = 0; i < members.Count; i++)
            {
                var status = days > 0 ? AttendanceStatus.Invited : (i + n) % 4 == 0 ? AttendanceStatus.Excused : (i + n) % 5 == 0 ? AttendanceStatus.Absent : AttendanceStatus.Present;
                db.SessionAttendances.Add(new SessionAttendance { OrganisationId = project.OrganisationId, SessionId = session.Id, MemberId = members[i].Id, Status = status, RecordedAt = days > 0 ? null : startsAt.AddHours(2) });
            }
        }
    }

    private static ProjectIndicator Indicator(RelaisDbContext db, Project project, string name, string unit, IndicatorComputation computation, decimal target, IndicatorDirection direction = IndicatorDirection.Increase)
    {
        var indicator = new ProjectIndicator { OrganisationId = project.OrganisationId, ProjectId = project.Id, Name = name, Unit = unit, Computation = computation, Target = target, Direction = direction };
        db.ProjectIndicators.Add(indicator);
        return indicator;
    }

    private static void Measure(RelaisDbContext db, ProjectIndicator indicator, DateOnly on, decimal value, string comment) =>
        db.IndicatorMeasurements.Add(new IndicatorMeasurement { OrganisationId = indicator.OrganisationId, IndicatorId = indicator.Id, MeasuredOn = on, Value = value, Comment = comment });
}
