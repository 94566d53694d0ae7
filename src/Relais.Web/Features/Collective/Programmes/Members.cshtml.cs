using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Programmes;

/// <summary>
/// The members of a programme or of a sensitive group, as <see cref="ProjectAccess.VisibleMembersAsync"/> lets the caller
/// see them: in a sensitive group, a resident who did not consent is listed only for the project staff allowed to see
/// the group (docs/decisions/0016), and nothing tells the others that someone is hidden.
/// </summary>
public sealed class MembersModel(RelaisDbContext db, ProjectAccess access) : PageModel
{
    public GroupHeader Group { get; private set; } = null!;
    public List<MemberLine> Members { get; private set; } = [];
    public bool SeesConfidential { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var group = await GroupHeader.LoadAsync(access, id, ct);
        if (group is null)
        {
            return NotFound();
        }

        Group = group;
        SeesConfidential = await access.SeesConfidentialMembersAsync(id, ct);
        Members = await MemberLine.ListAsync(db, await access.VisibleMembersAsync(id, ct), ct);
        return Page();
    }
}
