using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Referrals.Worker;

/// <summary>
/// /Referrals/Mine: a Habitant's referrals (also shown in "mon accompagnement") and the withdrawal of their consent, which
/// takes effect at once: the partner's queries (<see cref="ReferralConsentQueries.WhereConsentCurrent"/>) stop returning it.
/// </summary>
public sealed class MineModel(RelaisDbContext db, ReferralAccess access, TimeProvider clock) : PageModel
{
    [BindProperty] public Guid? ReferralId { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        var reader = await access.ReaderAsync(ct);
        if (reader.Kind != ReaderKind.Person)
        {
            return NotFound();
        }

        // The person's withdrawal always wins: a concurrent change of the referral is re-read and the withdrawal applied again.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var visible = await access.VisibleAsync(ct);
            var referral = await visible.Include(r => r.PartnerOrganisation).FirstOrDefaultAsync(r => r.Id == ReferralId, ct);
            if (referral is null)
            {
                return NotFound();
            }

            if (!referral.SharesPersonalData || referral.ConsentWithdrawnAt is not null)
            {
                TempData["Message"] = "Cette orientation ne repose sur aucun accord en cours.";
                return Redirect("/Referrals/Mine");
            }

            referral.ConsentWithdrawnAt = clock.GetUtcNow();
            try
            {
                await db.SaveChangesAsync(ct);
                TempData["Message"] = $"Votre accord est retiré : « {referral.PartnerOrganisation?.Name} » n’a plus accès à cette orientation.";
                return Redirect("/Referrals/Mine");
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
            }
        }

        TempData["Message"] = "Votre demande n’a pas pu être enregistrée : réessayez.";
        return Redirect("/Referrals/Mine");
    }
}
