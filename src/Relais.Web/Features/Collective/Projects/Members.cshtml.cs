using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Collective.Projects;

/// <summary>
/// A project's members, changed by its staff only (<see cref="ProjectAccess.IsProjectStaffAsync"/>): add a resident
/// (a person of a household the caller can see), a staff user or a partner structure with a role; mark a member as
/// having left; answer the residents' requests to join.
/// </summary>
public sealed class MembersModel(RelaisDbContext db, ProjectAccess access, HouseholdAccess households, CurrentUser me, TimeProvider clock) : PageModel
{
    public sealed record PersonHit(Guid Id, string Name, string Household, string? Residence);

    public sealed record RequestLine(Guid Id, string Person, string? Residence, string Message, DateTimeOffset At, int Version);

    public Project Project { get; private set; } = null!;
    public List<MemberLine> Members { get; private set; } = [];
    public List<RequestLine> Requests { get; private set; } = [];
    public List<PersonHit> Hits { get; private set; } = [];
    public List<(Guid Id, string Name)> StaffUsers { get; private set; } = [];
    public List<(Guid Id, string Name)> Partners { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }

    public IReadOnlyList<(string Value, string Label)> Roles(MemberKind kind) => (kind switch
    {
        MemberKind.Resident => new[] { MemberRole.Carrier, MemberRole.Participant, MemberRole.Volunteer },
        MemberKind.Staff => [MemberRole.Referent, MemberRole.Facilitator, MemberRole.Participant],
        _ => [MemberRole.Facilitator, MemberRole.Referent, MemberRole.Participant, MemberRole.Volunteer],
    }).Select(r => (r.ToString(), Infrastructure.Web.EnumLabels.Label(r))).ToList();

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    /// <summary>A post without handler: nothing to do (404 for a project the caller cannot see).</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? BadRequest();

    public async Task<IActionResult> OnPostResidentAsync(Guid id, Guid personId, string? role, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        ModelState.Clear();
        var r = new FormCheck(ModelState, Today).Choice<MemberRole>("resident-role", role, "le rôle de l’habitant");
        var person = await db.Persons.AsNoTracking().VisibleIn(households.Scope).Where(p => p.Id == personId)
            .Select(p => new { p.Id, Name = p.FirstName + " " + p.LastName }).FirstOrDefaultAsync(ct);
        if (person is null)
        {
            ModelState.AddModelError("resident-role", "Cette personne ne fait pas partie des ménages que vous suivez.");
        }
        else if (await db.ProjectMembers.AnyAsync(m => m.ProjectId == id && m.PersonId == personId && m.LeftOn == null, ct))
        {
            ModelState.AddModelError("resident-role", $"{person.Name} est déjà membre du projet.");
        }

        if (!ModelState.IsValid)
        {
            return Invalid();
        }

        db.ProjectMembers.Add(new ProjectMember { ProjectId = id, Kind = MemberKind.Resident, Role = r!.Value, PersonId = personId, JoinedOn = Today });
        return await SaveAsync(id, $"{person!.Name} a rejoint le projet.", ct);
    }

    public async Task<IActionResult> OnPostStaffAsync(Guid id, Guid? userId, string? role, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        ModelState.Clear();
        var r = new FormCheck(ModelState, Today).Choice<MemberRole>("staff-role", role, "le rôle du professionnel");
        var user = StaffUsers.FirstOrDefault(u => u.Id == userId);
        if (user.Id == Guid.Empty)
        {
            ModelState.AddModelError("staff-user", "Choisissez un professionnel de votre organisation dans la liste.");
        }
        else if (await db.ProjectMembers.AnyAsync(m => m.ProjectId == id && m.UserId == userId && m.LeftOn == null, ct))
        {
            ModelState.AddModelError("staff-user", $"{user.Name} est déjà membre du projet.");
        }

        if (!ModelState.IsValid)
        {
            return Invalid();
        }

        db.ProjectMembers.Add(new ProjectMember { ProjectId = id, Kind = MemberKind.Staff, Role = r!.Value, UserId = user.Id, JoinedOn = Today });
        return await SaveAsync(id, $"{user.Name} a rejoint l’équipe du projet.", ct);
    }

    public async Task<IActionResult> OnPostPartnerAsync(Guid id, Guid? partnerId, string? role, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        ModelState.Clear();
        var r = new FormCheck(ModelState, Today).Choice<MemberRole>("partner-role", role, "le rôle du partenaire");
        var partner = Partners.FirstOrDefault(p => p.Id == partnerId);
        if (partner.Id == Guid.Empty)
        {
            ModelState.AddModelError("partner-id", "Choisissez une structure partenaire dans la liste.");
        }
        else if (await db.ProjectMembers.AnyAsync(m => m.ProjectId == id && m.PartnerOrganisationId == partnerId && m.LeftOn == null, ct))
        {
            ModelState.AddModelError("partner-id", $"{partner.Name} est déjà partenaire du projet.");
        }

        if (!ModelState.IsValid)
        {
            return Invalid();
        }

        db.ProjectMembers.Add(new ProjectMember { ProjectId = id, Kind = MemberKind.Partner, Role = r!.Value, PartnerOrganisationId = partner.Id, JoinedOn = Today });
        return await SaveAsync(id, $"{partner.Name} est partenaire du projet.", ct);
    }

    public async Task<IActionResult> OnPostLeaveAsync(Guid id, Guid memberId, int version, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        var visible = await access.VisibleMembersAsync(id, ct);
        var member = await visible.FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null)
        {
            return NotFound();
        }

        if (member.LeftOn is null)
        {
            db.Entry(member).Property(m => m.Version).OriginalValue = version;
            member.LeftOn = Today;
        }

        var name = Members.FirstOrDefault(m => m.Id == memberId)?.Name ?? "Le membre";
        return await SaveAsync(id, $"{name} ne fait plus partie du projet.", ct);
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, Guid requestId, int version, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        var request = await db.ProjectJoinRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.ProjectId == id && r.Status == RequestStatus.Pending, ct);
        if (request is null)
        {
            return NotFound();
        }

        db.Entry(request).Property(r => r.Version).OriginalValue = version;
        request.Status = RequestStatus.Accepted;
        request.AnsweredAt = clock.GetUtcNow();
        request.AnsweredByUserId = me.UserId;
        if (!await db.ProjectMembers.AnyAsync(m => m.ProjectId == id && m.PersonId == request.PersonId && m.LeftOn == null, ct))
        {
            db.ProjectMembers.Add(new ProjectMember { ProjectId = id, Kind = MemberKind.Resident, Role = MemberRole.Participant, PersonId = request.PersonId, JoinedOn = Today });
        }

        var name = Requests.FirstOrDefault(r => r.Id == requestId)?.Person ?? "L’habitant";
        return await SaveAsync(id, $"{name} participe désormais au projet.", ct);
    }

    public async Task<IActionResult> OnPostDeclineAsync(Guid id, Guid requestId, int version, string? reason, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        var request = await db.ProjectJoinRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.ProjectId == id && r.Status == RequestStatus.Pending, ct);
        if (request is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        var key = $"reason-{requestId}";
        var text = new FormCheck(ModelState, Today).Text(key, reason, "la raison, que l’habitant lira dans son espace", ProjectJoinRequest.TextMaxLength, required: true);
        if (text is null || !ModelState.IsValid)
        {
            return Invalid();
        }

        db.Entry(request).Property(r => r.Version).OriginalValue = version;
        request.Status = RequestStatus.Declined;
        request.Answer = text;
        request.AnsweredAt = clock.GetUtcNow();
        request.AnsweredByUserId = me.UserId;
        return await SaveAsync(id, "La demande a été déclinée ; l’habitant verra votre réponse dans son espace.", ct);
    }

    private IActionResult Invalid()
    {
        var page = Page();
        page.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return page;
    }

    private async Task<IActionResult> SaveAsync(Guid id, string message, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            ModelState.AddModelError("", "Quelqu’un d’autre a modifié ce membre ou cette demande entre-temps : voici la liste à jour, recommencez si besoin.");
            var page = Page();
            page.StatusCode = StatusCodes.Status409Conflict;
            return page;
        }

        TempData["Message"] = message;
        return Redirect($"/Collective/Project/{id}/Members");
    }

    /// <summary>Loads the page; a non-null result is the refusal (404 for an unknown project, 403 for non-staff).</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var project = await access.Visible().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return NotFound();
        }

        if (!await access.IsProjectStaffAsync(id, ct))
        {
            return Forbid();
        }

        Project = project;
        Members = await ProjectView.MembersAsync(db, access, id, ct);
        Requests = (await db.ProjectJoinRequests.AsNoTracking().Where(r => r.ProjectId == id && r.Status == RequestStatus.Pending)
            .Select(r => new
            {
                r.Id, r.Message, r.CreatedAt, r.Version,
                Person = db.Persons.Where(p => p.Id == r.PersonId).Select(p => p.FirstName + " " + p.LastName).FirstOrDefault(),
                Residence = db.Persons.Where(p => p.Id == r.PersonId).Select(p => p.Household!.Dwelling!.Building!.Residence!.Name).FirstOrDefault(),
            })
            .ToListAsync(ct))
            .OrderBy(r => r.CreatedAt).Select(r => new RequestLine(r.Id, r.Person ?? "—", r.Residence, r.Message, r.CreatedAt, r.Version)).ToList();
        var org = me.OrganisationId ?? Guid.Empty;
        StaffUsers = (await db.Users.AsNoTracking()
                .Where(u => u.OrganisationId == org && u.IsActive && (u.Role == Role.Manager || u.Role == Role.SocialWorker || u.Role == Role.FieldAgent))
                .Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
            .OrderBy(u => u.DisplayName, Users.FrenchText.Comparer).Select(u => (u.Id, u.DisplayName)).ToList();
        Partners = (await db.Set<Partners.PartnerOrganisation>().AsNoTracking().Where(p => p.IsActive).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            .OrderBy(p => p.Name, Users.FrenchText.Comparer).Select(p => (p.Id, p.Name)).ToList();

        var tokens = HouseholdSearchTerms.QueryTokens(Query);
        if (tokens.Count > 0)
        {
            var found = await db.Households.AsNoTracking().VisibleIn(households.Scope).Matching(db.HouseholdSearchTerms, tokens)
                .OrderBy(h => h.SortName).Take(10)
                .Select(h => new
                {
                    h.TenantReference, Residence = h.Dwelling!.Building!.Residence!.Name,
                    Persons = h.Members.Select(p => new { p.Id, p.FirstName, p.LastName }).ToList(),
                })
                .ToListAsync(ct);
            Hits = found.SelectMany(h => h.Persons.Select(p => new PersonHit(p.Id, $"{p.FirstName} {p.LastName}", h.TenantReference, h.Residence))).ToList();
        }

        return null;
    }
}
