using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Users;

public sealed class UserListModel(RelaisDbContext db, CurrentUser me) : PageModel
{
    public sealed record Row(Guid Id, string Name, string Email, Role Role, IReadOnlyList<string> Sectors, bool IsActive, bool InvitationPending, bool TwoFactor);

    /// <summary>The role filter; a value that does not bind shows every user.</summary>
    [BindProperty(Name = "role", SupportsGet = true)]
    public Role? RoleFilter { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (RoleFilter is { } r && !Enum.IsDefined(r))
        {
            RoleFilter = null;
        }

        var sectors = await db.Sectors.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var query = db.Users.AsNoTracking().OfOrganisation(me.OrganisationId!.Value);
        if (RoleFilter is { } role)
        {
            query = query.Where(u => u.Role == role);
        }

        var users = await query
            .Select(u => new
            {
                u.Id, u.DisplayName, u.Email, u.Role, u.IsActive, u.TwoFactorEnabled,
                Pending = u.PasswordHash == null,
                Sectors = u.Sectors.Select(s => s.SectorId).ToList(),
            })
            .ToListAsync(ct);
        Rows = users
            .Select(u => new Row(u.Id, u.DisplayName, u.Email ?? "", u.Role,
                u.Sectors.Select(s => sectors.GetValueOrDefault(s, "?")).Order(FrenchText.Comparer).ToList(),
                u.IsActive, u.Pending, u.TwoFactorEnabled))
            .OrderBy(u => u.Name, FrenchText.Comparer)
            .ToList();
    }
}
