using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features;

public sealed class IndexModel(RelaisDbContext db) : PageModel
{
    public string DisplayName { get; private set; } = "";
    public string OrganisationName { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        DisplayName = User.FindFirst("relais:display")?.Value ?? "";
        var orgId = Guid.Parse(User.FindFirst(Infrastructure.Tenancy.RelaisClaims.Organisation)!.Value);
        OrganisationName = await db.Organisations.Where(o => o.Id == orgId).Select(o => o.Name).FirstAsync(ct);
    }
}
