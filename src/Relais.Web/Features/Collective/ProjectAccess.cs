using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Collective;

/// <summary>
/// Who sees which project and which members, as query restrictions (THE place where collective visibility is
/// decided; pages never filter members themselves). Another organisation's project is out of every query (the
/// DbContext filter), so its id answers 404.
/// <list type="bullet">
/// <item>Staff with <see cref="Permissions.Collective.Read"/> see the organisation's projects.</item>
/// <item>Project staff: the Responsable, and the users who are staff members of the project; only they edit
/// sessions, attendance and minutes.</item>
/// <item>In a sensitive group (<see cref="ProjectSensitivity"/> other than None) a resident's membership is seen only
/// by callers with <see cref="Permissions.Collective.Programmes"/> who are project staff, unless the member consented
/// to share it (<see cref="ProjectMember.MembershipSharedOn"/>).</item>
/// <item>A Habitant who is a resident member of a project sees its members; in a sensitive group only themselves and the
/// members who consented.</item>
/// <item>A Habitant sees the projects open to residents (<see cref="Project.OpenToResidents"/>, never sensitive) whose
/// territory contains their building, residence or commune.</item>
/// </list>
/// </summary>
public sealed class ProjectAccess(RelaisDbContext db, CurrentUser me, IHttpContextAccessor http)
{
    public bool CanRead => me.Can(Permissions.Collective.Read);
    public bool CanWrite => me.Can(Permissions.Collective.Write);
    public Guid? UserId => me.UserId;

    /// <summary>The projects the caller (staff) may see.</summary>
    public IQueryable<Project> Visible() => CanRead ? db.Projects : db.Projects.Where(_ => false);

    /// <summary>
    /// A project the caller sees, as its page and sections need it (null: not visible, hence 404). A page and its
    /// sections all ask: while rendering a GET, the row read first serves the others (a POST reads it each time, since it
    /// may change it).
    /// </summary>
    public async Task<ProjectRow?> RowAsync(Guid projectId, CancellationToken ct)
    {
        if (_rows.TryGetValue(projectId, out var known))
        {
            return known;
        }

        var row = await Visible().AsNoTracking().Where(p => p.Id == projectId)
            .Select(p => new ProjectRow(p.Id, p.Title, p.Kind, p.Sensitivity, p.Status, p.ClosedOn, p.Version, p.CalendarFeedToken))
            .FirstOrDefaultAsync(ct);
        return row is null ? null : Remember(row);
    }

    /// <summary>Keeps the row of a project the caller has read through <see cref="Visible"/> for the rest of a GET.</summary>
    public ProjectRow Remember(Project p) =>
        Remember(new ProjectRow(p.Id, p.Title, p.Kind, p.Sensitivity, p.Status, p.ClosedOn, p.Version, p.CalendarFeedToken));

    private ProjectRow Remember(ProjectRow row)
    {
        if (HttpMethods.IsGet(http.HttpContext?.Request.Method ?? ""))
        {
            _rows[row.Id] = row;
        }

        return row;
    }

    private readonly Dictionary<Guid, ProjectRow> _rows = [];

    /// <summary>Whether the caller is staff of this project: a Responsable, or a staff member of it.</summary>
    /// <remarks>Decided once per request (the project page and its sections all ask).</remarks>
    public async Task<bool> IsProjectStaffAsync(Guid projectId, CancellationToken ct)
    {
        if (!CanWrite)
        {
            return false;
        }

        if (me.Role == Role.Manager)
        {
            return true;
        }

        if (_staff.TryGetValue(projectId, out var known))
        {
            return known;
        }

        var user = me.UserId ?? Guid.Empty;
        return _staff[projectId] = await db.ProjectMembers.AnyAsync(m => m.ProjectId == projectId && m.Kind == MemberKind.Staff && m.UserId == user && m.LeftOn == null, ct);
    }

    private readonly Dictionary<Guid, bool> _staff = [];

    /// <summary>
    /// The members of a project the caller may see (its confidential members hidden unless allowed). A Habitant who is a
    /// current resident member of a project sees its members too, but in a sensitive group only themselves and the
    /// residents who consented (docs/decisions/0016).
    /// </summary>
    public async Task<IQueryable<ProjectMember>> VisibleMembersAsync(Guid projectId, CancellationToken ct)
    {
        var sensitivity = (await RowAsync(projectId, ct))?.Sensitivity;

        if (sensitivity is null)
        {
            if (await OwnMembershipAsync(projectId, ct) is not { } own)
            {
                return db.ProjectMembers.Where(_ => false);
            }

            var person = own.PersonId;
            return db.ProjectMembers.Where(m => m.ProjectId == projectId
                && (own.Sensitivity == ProjectSensitivity.None || m.Kind != MemberKind.Resident || m.MembershipSharedOn != null || m.PersonId == person));
        }

        var members = db.ProjectMembers.Where(m => m.ProjectId == projectId);
        if (sensitivity == ProjectSensitivity.None || await SeesConfidentialMembersAsync(projectId, ct))
        {
            return members;
        }

        return members.Where(m => m.Kind != MemberKind.Resident || m.MembershipSharedOn != null);
    }

    /// <summary>
    /// A Habitant's own current membership of a project (with the project's sensitivity), or null: not a Habitant, or not
    /// a current resident member of it.
    /// </summary>
    public async Task<OwnMembership?> OwnMembershipAsync(Guid projectId, CancellationToken ct)
    {
        if (!me.Can(Permissions.Collective.Resident) || me.PersonId is not { } person)
        {
            return null;
        }

        return await (from m in db.ProjectMembers.AsNoTracking()
                      join p in db.Projects on m.ProjectId equals p.Id
                      where m.ProjectId == projectId && m.Kind == MemberKind.Resident && m.PersonId == person && m.LeftOn == null
                      select new OwnMembership(m.Id, person, p.Sensitivity, m.MembershipSharedOn, m.Version))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Whether the caller sees every member of a sensitive group and their individual progress.</summary>
    public async Task<bool> SeesConfidentialMembersAsync(Guid projectId, CancellationToken ct) =>
        me.Can(Permissions.Collective.Programmes) && await IsProjectStaffAsync(projectId, ct);
}

/// <summary>A project's row as its pages and sections need it (see <see cref="ProjectAccess.RowAsync"/>).</summary>
public sealed record ProjectRow(Guid Id, string Title, ProjectKind Kind, ProjectSensitivity Sensitivity, ProjectStatus Status, DateOnly? ClosedOn,
    int Version, string? CalendarFeedToken);

/// <summary>A Habitant's own membership of a project.</summary>
public sealed record OwnMembership(Guid MemberId, Guid PersonId, ProjectSensitivity Sensitivity, DateOnly? SharedOn, int Version);
