using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Confidential;

/// <summary>
/// "Mon accompagnement": the Habitant's read-only view of their own accompaniments — what is shared with them (notes,
/// documents, health information kept with their consent) and their consents, each of which they can withdraw at once.
/// Only the accompaniments of the person they are, not those of the other members of their household.
/// </summary>
public sealed class MyAccompanimentModel(RelaisDbContext db, ConfidentialAccess access, CurrentUser me, TimeProvider clock) : PageModel
{
    public sealed record Line(Guid Id, DateOnly OpenedOn, AccompanimentStatus Status);

    public IReadOnlyList<Line> Accompaniments { get; private set; } = [];

    public bool Linked { get; private set; }

    [BindProperty] public Guid? ConsentId { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var reader = await access.ReaderAsync(ct);
        Linked = reader.Kind == ReaderKind.Person;
        var rows = await db.Accompaniments.AsNoTracking().VisibleTo(db, reader)
            .OrderByDescending(a => a.CreatedAt)
            .Select(a => new { a.Id, a.CreatedAt, a.Status })
            .ToListAsync(ct);
        var zone = clock.LocalTimeZone;
        Accompaniments = rows.Select(r => new Line(r.Id, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.CreatedAt, zone).DateTime), r.Status)).ToList();
    }

    /// <summary>The person withdraws one of their consents; it takes effect at once (health information is erased).</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        var reader = await access.ReaderAsync(ct);
        var mine = db.Accompaniments.VisibleTo(db, reader);
        var consent = reader.Kind != ReaderKind.Person ? null : await db.AccompanimentConsents.Include(c => c.PartnerOrganisation)
            .Where(c => mine.Any(a => a.Id == c.AccompanimentId))
            .FirstOrDefaultAsync(c => c.Id == ConsentId, ct);
        if (consent is null)
        {
            return NotFound();
        }

        var name = $"{User.FindFirst("relais:display")?.Value ?? me.Name} (la personne, depuis son espace)";
        var withdrawn = await ConfidentialRules.WithdrawAsync(db, consent, me.UserId, name, clock, ct);
        TempData["Message"] = !withdrawn
            ? "Cet accord avait déjà été retiré."
            : consent.Kind == ConsentKind.Health
                ? "Votre accord est retiré : les informations sur votre santé ont été effacées."
                : $"Votre accord est retiré : {consent.PartnerOrganisation?.Name} n’a plus accès à ce qui lui avait été partagé.";
        return Redirect("/Accompaniments/Mine");
    }
}
