using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Infrastructure.Data;

namespace Relais.Features.Partners;

/// <summary>
/// A Partenaire's page: the persons who agreed to share with the user's partner structure, and what was shared — only
/// while each consent is current (the query checks it at every request, so a withdrawal stops access at once).
/// </summary>
public sealed class SharedWithPartnerModel(RelaisDbContext db, ConfidentialAccess access) : PageModel
{
    public sealed record Line(Guid AccompanimentId, string PersonName);

    public string? StructureName { get; private set; }
    public IReadOnlyList<Line> Lines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var reader = await access.ReaderAsync(ct);
        if (reader.Kind != ReaderKind.Partner)
        {
            return;
        }

        StructureName = await db.PartnerOrganisations.Where(p => p.Id == reader.PartnerOrganisationId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        var rows = await db.Accompaniments.AsNoTracking().VisibleTo(db, reader)
            .Select(a => new { a.Id, a.Person!.FirstName, a.Person.LastName })
            .ToListAsync(ct);
        Lines = rows.Select(r => new Line(r.Id, $"{r.FirstName} {r.LastName.ToUpperInvariant()}"))
            .OrderBy(l => l.PersonName, Users.FrenchText.Comparer).ToList();
    }
}
