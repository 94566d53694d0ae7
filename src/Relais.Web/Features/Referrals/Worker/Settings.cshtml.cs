using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Referrals.Worker;

/// <summary>/Referrals/Settings: the organisation's delay before a sent referral without an answer expires (1–365 days).</summary>
public sealed class SettingsModel(RelaisDbContext db) : PageModel
{
    public const int MinDays = 1;
    public const int MaxDays = 365;

    [BindProperty] public string? ExpiryDays { get; set; }
    [BindProperty] public int Version { get; set; }

    public bool Conflict { get; private set; }
    public int Current { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var settings = await db.ReferralSettings.AsNoTracking().FirstOrDefaultAsync(ct);
        Current = settings?.ExpiryDays ?? ReferralSettings.DefaultExpiryDays;
        ExpiryDays = Current.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Version = settings?.Version ?? 0;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var stored = await db.ReferralSettings.FirstOrDefaultAsync(ct);
        Current = stored?.ExpiryDays ?? ReferralSettings.DefaultExpiryDays;
        if (!int.TryParse(ExpiryDays?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days))
        {
            ModelState.AddModelError(nameof(ExpiryDays), "Indiquez le délai en nombre entier de jours (par exemple 30).");
            return Page();
        }

        if (days is < MinDays or > MaxDays)
        {
            ModelState.AddModelError(nameof(ExpiryDays), $"Le délai doit être compris entre {MinDays} et {MaxDays} jours.");
            return Page();
        }

        if (stored is null)
        {
            if (Version != 0)
            {
                return ConflictPage(null);
            }

            db.ReferralSettings.Add(new ReferralSettings { ExpiryDays = days });
        }
        else
        {
            db.Entry(stored).Property(s => s.Version).OriginalValue = Version;
            stored.ExpiryDays = days;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException or DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return ConflictPage(await db.ReferralSettings.AsNoTracking().FirstOrDefaultAsync(ct));
        }

        TempData["Message"] = $"Délai enregistré : une orientation sans réponse expire {days} jour{(days > 1 ? "s" : "")} après son envoi (pour les orientations envoyées désormais).";
        return Redirect("/Referrals/Settings");
    }

    private IActionResult ConflictPage(ReferralSettings? current)
    {
        Conflict = true;
        Current = current?.ExpiryDays ?? ReferralSettings.DefaultExpiryDays;
        Version = current?.Version ?? 0;
        var page = Page();
        page.StatusCode = StatusCodes.Status409Conflict;
        return page;
    }
}
