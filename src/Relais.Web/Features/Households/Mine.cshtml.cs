using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Households;

/// <summary>A Habitant's own household, as the landlord knows it.</summary>
public sealed class MineModel(RelaisDbContext db, HouseholdAccess access, TimeProvider clock) : PageModel
{
    public HouseholdFile? FileView { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = access.Scope;
        if (scope.OwnPersonId is null)
        {
            return;
        }

        var id = await db.Households.VisibleIn(scope).Select(h => (Guid?)h.Id).FirstOrDefaultAsync(ct);
        var household = id is { } i ? await HouseholdsApi.LoadAsync(db, access, i, ct) : null;
        if (household is null)
        {
            return;
        }

        await access.LogReadAsync(nameof(Household), household.Id, household.Id, "habitant", ct);
        FileView = new HouseholdFile(household, DateOnly.FromDateTime(clock.GetLocalNow().DateTime), CanEdit: false, CanSeeHistory: false, IsOwn: true);
    }
}
