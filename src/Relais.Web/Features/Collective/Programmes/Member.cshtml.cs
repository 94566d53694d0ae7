using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Programmes;

/// <summary>
/// One resident member of a programme or of a sensitive group, for the project staff allowed to see the group: link
/// them to their individual accompaniment (only an accompaniment of that same person that the caller can read), unlink
/// it, and record or withdraw their consent to let their membership be known beyond the staff (withdrawal takes effect
/// at once: every page reads it through <see cref="ProjectAccess"/>).
/// </summary>
public sealed class MemberModel(RelaisDbContext db, ProjectAccess access, AccompanimentAccess files) : PageModel
{
    public GroupHeader Group { get; private set; } = null!;
    public ProjectMember Member { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public List<Candidate> Accompaniments { get; private set; } = [];

    /// <summary>The linked accompaniment exists but the caller cannot read it (another sector).</summary>
    public bool LinkedElsewhere { get; private set; }

    [BindProperty] public Guid? AccompanimentId { get; set; }
    [BindProperty] public int Version { get; set; }

    public sealed record Candidate(Guid Id, AccompanimentStatus Status, DateOnly ConsentDate);

    public async Task<IActionResult> OnGetAsync(Guid id, Guid memberId, CancellationToken ct) => await LoadAsync(id, memberId, ct) ?? Page();

    public Task<IActionResult> OnPostLinkAsync(Guid id, Guid memberId, CancellationToken ct) =>
        ChangeAsync(id, memberId, m =>
        {
            if (!Group.IsProgramme)
            {
                return "Seul un programme de groupe relie ses membres à leur accompagnement individuel.";
            }

            if (AccompanimentId is not { } chosen || Accompaniments.All(a => a.Id != chosen))
            {
                ModelState.AddModelError(nameof(AccompanimentId), "Choisissez un accompagnement individuel de cette personne.");
                return "";
            }

            m.AccompanimentId = chosen;
            return null;
        }, ct);

    public Task<IActionResult> OnPostUnlinkAsync(Guid id, Guid memberId, CancellationToken ct) =>
        ChangeAsync(id, memberId, m =>
        {
            m.AccompanimentId = null;
            return null;
        }, ct);

    public Task<IActionResult> OnPostShareAsync(Guid id, Guid memberId, CancellationToken ct) =>
        ChangeAsync(id, memberId, m =>
        {
            m.MembershipSharedOn ??= files.Today;
            return null;
        }, ct);

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid memberId, CancellationToken ct) =>
        ChangeAsync(id, memberId, m =>
        {
            m.MembershipSharedOn = null;
            return null;
        }, ct);

    private async Task<IActionResult> ChangeAsync(Guid id, Guid memberId, Func<ProjectMember, string?> change, CancellationToken ct)
    {
        var denied = await LoadAsync(id, memberId, ct);
        if (denied is not null)
        {
            return denied;
        }

        var member = await db.ProjectMembers.FirstAsync(m => m.Id == memberId, ct);
        var error = change(member);
        if (error is not null)
        {
            if (error.Length > 0)
            {
                ModelState.AddModelError("", error);
            }

            return Page();
        }

        db.Entry(member).Property(e => e.Version).OriginalValue = Version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, memberId, ct);
            ModelState.Clear();
            ModelState.AddModelError("", "Ce membre a été modifié entre-temps par quelqu’un d’autre : voici son état actuel. Recommencez si besoin.");
            return Page();
        }

        return Redirect(Group.MemberUrl(memberId));
    }

    private async Task<IActionResult?> LoadAsync(Guid id, Guid memberId, CancellationToken ct)
    {
        var group = await GroupHeader.LoadAsync(access, id, ct);
        if (group is null)
        {
            return NotFound();
        }

        if (!await access.SeesConfidentialMembersAsync(id, ct))
        {
            return Forbid();
        }

        var row = await (from m in db.ProjectMembers.AsNoTracking()
                         where m.Id == memberId && m.ProjectId == id && m.Kind == MemberKind.Resident
                         join p in db.Persons on m.PersonId equals p.Id
                         select new { Member = m, p.FirstName, p.LastName })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return NotFound();
        }

        Group = group;
        Member = row.Member;
        Name = $"{row.FirstName} {row.LastName.ToUpperInvariant()}";
        var person = row.Member.PersonId;
        Accompaniments = await files.Visible().AsNoTracking()
            .Where(a => a.PersonId == person)
            .OrderByDescending(a => a.ConsentDate)
            .Select(a => new Candidate(a.Id, a.Status, a.ConsentDate))
            .ToListAsync(ct);
        LinkedElsewhere = Member.AccompanimentId is { } linked && Accompaniments.All(a => a.Id != linked);
        if (Request.Method == HttpMethods.Get)
        {
            Version = Member.Version;
            AccompanimentId = Member.AccompanimentId;
        }

        return null;
    }
}
