using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Projects;

/// <summary>"Propositions des habitants": the projects residents proposed from their space, new ones first.</summary>
public sealed class ProposalsModel(RelaisDbContext db) : PageModel
{
    public sealed record Line(Guid Id, string Title, string Person, string? Residence, ProposalStatus Status, DateTimeOffset At, Guid? ProjectId);

    public List<Line> Lines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await db.ResidentProposals.AsNoTracking()
            .Select(p => new
            {
                p.Id, p.Title, p.Status, p.CreatedAt, p.ProjectId,
                Person = db.Persons.Where(x => x.Id == p.PersonId).Select(x => x.FirstName + " " + x.LastName).FirstOrDefault(),
                Residence = db.Residences.Where(r => r.Id == p.ResidenceId).Select(r => r.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        Lines = rows.OrderBy(r => r.Status != ProposalStatus.New).ThenByDescending(r => r.CreatedAt)
            .Select(r => new Line(r.Id, r.Title, r.Person ?? "—", r.Residence, r.Status, r.CreatedAt, r.ProjectId)).ToList();
    }
}
