using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Lifecycle;

/// <summary>
/// Who may undo something in a file: reopen it, or delete a meeting or an action entered by mistake. Not every writer:
/// the Responsable, and the file's referents (and, for a meeting, whoever recorded it) — the people who answer for it.
/// </summary>
public static class LifecycleRules
{
    public static async Task<bool> AnswersForAsync(RelaisDbContext db, CurrentUser me, Guid accompanimentId, CancellationToken ct)
    {
        if (me.Role == Role.Manager)
        {
            return true;
        }

        var user = me.UserId ?? Guid.Empty;
        return me.Can(Permissions.Accompaniments.Write)
            && await db.AccompanimentReferents.AnyAsync(r => r.AccompanimentId == accompanimentId && r.UserId == user, ct);
    }

    public const string NotAllowed = "Seul·es le ou la responsable et les référent·es de ce dossier peuvent le faire.";
}
