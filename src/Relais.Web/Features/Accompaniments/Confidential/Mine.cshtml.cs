using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.PersonAccess;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Confidential;

/// <summary>
/// "Mon accompagnement": the Habitant's read-only view of their own accompaniments — what is shared with them (notes,
/// documents, health information kept with their consent) and their consents, each of which they can withdraw at once.
/// Only the accompaniments of the person they are, not those of the other members of their household.
/// Beside the confidential part, the file as written with them — goals and actions, meetings, rights, strengths — and
/// « qui a consulté mon dossier », all from <see cref="PersonFile"/> (the same object as their PDF and JSON downloads).
/// </summary>
public sealed class MyAccompanimentModel(RelaisDbContext db, ConfidentialAccess access, PersonFiles files, CurrentUser me, TimeProvider clock) : PageModel
{
    public sealed record Line(Guid Id, DateOnly OpenedOn, AccompanimentStatus Status);

    public IReadOnlyList<Line> Accompaniments { get; private set; } = [];

    /// <summary>The person's view of each accompaniment, by id.</summary>
    public Dictionary<Guid, PersonFile> Files { get; } = [];

    public TimeZoneInfo Zone => clock.LocalTimeZone;

    /// <summary>How many lines of « qui a consulté mon dossier » the page shows (the downloads hold them all).</summary>
    public const int AccessLogShown = 50;

    public bool Linked { get; private set; }

    [BindProperty] public Guid? ConsentId { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var reader = await access.ReaderAsync(ct);
        Linked = reader.Kind == ReaderKind.Person;
        var rows = await db.Accompaniments.AsNoTracking().VisibleTo(db, reader)
            .OrderByDescending(a => a.CreatedAt)
            .Select(a => new { a.Id, a.HouseholdId, a.CreatedAt, a.Status })
            .ToListAsync(ct);
        var zone = clock.LocalTimeZone;
        Accompaniments = rows.Select(r => new Line(r.Id, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.CreatedAt, zone).DateTime), r.Status)).ToList();
        if (reader.Kind == ReaderKind.Person)
        {
            foreach (var row in rows)
            {
                // Logged here, before anything is read for the page (the confidential part is rendered with logRead: false).
                await access.LogReadAsync(nameof(Accompaniment), row.Id, row.HouseholdId, "habitant", ct);
                if (await files.LoadAsync(reader, row.Id, ct) is { } file)
                {
                    Files[row.Id] = file;
                }
            }
        }
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
