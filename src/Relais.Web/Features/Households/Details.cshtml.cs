using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Households;

/// <summary>A household's file. Its read is logged before the page is served.</summary>
public sealed class DetailsModel(RelaisDbContext db, HouseholdAccess access, IAuthorizationService authorization, CurrentUser me, TimeProvider clock) : PageModel
{
    public Household Household { get; private set; } = null!;
    public HouseholdFile FileView { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var household = await HouseholdsApi.LoadAsync(db, access, id, ct);
        if (household is null || !(await authorization.AuthorizeAsync(User, household, HouseholdOperations.Read)).Succeeded)
        {
            return NotFound();
        }

        await access.LogReadAsync(nameof(Household), household.Id, household.Id, "page", ct);
        Household = household;
        FileView = new HouseholdFile(household, DateOnly.FromDateTime(clock.GetLocalNow().DateTime),
            CanEdit: (await authorization.AuthorizeAsync(User, household, HouseholdOperations.Edit)).Succeeded,
            CanSeeHistory: me.Can(Permissions.Households.History),
            IsOwn: false);
        return Page();
    }
}

public sealed record HouseholdFile(Household Household, DateOnly Today, bool CanEdit, bool CanSeeHistory, bool IsOwn);
