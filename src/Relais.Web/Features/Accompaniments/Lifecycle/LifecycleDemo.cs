using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;

namespace Relais.Features.Accompaniments.Lifecycle;

/// <summary>
/// Fictional demo content for the file's lifecycle: one open accompaniment (not the demo Habitant's) that had been closed
/// after its goals were reached and was reopened three weeks ago when the person came back with a new difficulty.
/// </summary>
public static class LifecycleDemo
{
    public static async Task SeedAsync(RelaisDbContext db, Guid organisationId, Person resident, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.Now);
        var file = await db.Accompaniments
            .Where(a => a.OrganisationId == organisationId && a.Status == AccompanimentStatus.Open && a.PersonId != resident.Id && a.ConsentDate < today.AddDays(-90))
            .OrderBy(a => a.ConsentDate)
            .FirstOrDefaultAsync(ct);
        var manager = await db.Users.Where(u => u.OrganisationId == organisationId && u.Role == Role.Manager).Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        if (file is null || manager is null)
        {
            return;
        }

        db.AccompanimentReopenings.Add(new AccompanimentReopening
        {
            OrganisationId = organisationId,
            AccompanimentId = file.Id,
            ReopenedOn = today.AddDays(-21),
            ByUserId = manager.Id,
            ByName = manager.DisplayName,
            Reason = "La personne a repris contact après un rappel de loyer impayé : elle souhaite reprendre l’accompagnement pour un plan d’apurement.",
            PreviousOutcome = ClosureOutcome.GoalsReached,
            PreviousClosedOn = today.AddDays(-60),
            PreviousLastContactOn = today.AddDays(-65),
        });
        await db.SaveChangesAsync(ct);
    }
}
