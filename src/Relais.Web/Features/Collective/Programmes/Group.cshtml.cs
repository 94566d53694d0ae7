using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Programmes;

/// <summary>
/// A Habitant's own group (programme or sensitive group they belong to): the members they may see (in a sensitive
/// group, themselves and those who consented), and their own consent to let their membership be known, which they can
/// give or withdraw themselves (withdrawal takes effect at once). Another person's group answers 404.
/// </summary>
public sealed class GroupModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : PageModel
{
    public string Title { get; private set; } = "";
    public OwnMembership Own { get; private set; } = null!;
    public List<MemberLine> Members { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public Task<IActionResult> OnPostShareAsync(Guid id, [FromForm] int version, CancellationToken ct) =>
        ChangeAsync(id, version, DateOnly.FromDateTime(clock.GetLocalNow().DateTime), ct);

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, [FromForm] int version, CancellationToken ct) => ChangeAsync(id, version, null, ct);

    private async Task<IActionResult> ChangeAsync(Guid id, int version, DateOnly? sharedOn, CancellationToken ct)
    {
        var missing = await LoadAsync(id, ct);
        if (missing is not null)
        {
            return missing;
        }

        var member = await db.ProjectMembers.FirstAsync(m => m.Id == Own.MemberId, ct);
        member.MembershipSharedOn = sharedOn is null ? null : member.MembershipSharedOn ?? sharedOn;
        db.Entry(member).Property(e => e.Version).OriginalValue = version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            ModelState.AddModelError("", "Votre participation a été modifiée entre-temps : voici son état actuel. Recommencez si besoin.");
            return Page();
        }

        return Redirect($"/Collective/Group/{id}");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await access.OwnMembershipAsync(id, ct) is not { } own)
        {
            return NotFound();
        }

        Own = own;
        Title = await db.Projects.AsNoTracking().Where(p => p.Id == id).Select(p => p.Title).FirstAsync(ct);
        Members = await MemberLine.ListAsync(db, await access.VisibleMembersAsync(id, ct), ct);
        return null;
    }
}
