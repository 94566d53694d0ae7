using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;
using Relais.Infrastructure.Web;

namespace Relais.Features.Signals;

/// <summary>
/// One signal, and its status for who may manage it: nouveau → en cours d'aller-vers → traité, or écarté with a reason.
/// A signal never goes back to "nouveau"; a treated or dismissed one can be taken up again ("en cours").
/// </summary>
public sealed class SignalDetailsModel(RelaisDbContext db, SignalAccess access, HouseholdAccess households, CurrentUser me, TimeProvider clock) : PageModel
{
    public sealed class StatusInput
    {
        public SignalStatus? Status { get; set; }
        public string? Reason { get; set; }
        public int Version { get; set; }
    }

    [BindProperty] public StatusInput Input { get; set; } = new();

    public SignalRow Row { get; private set; } = null!;
    public SignalExtra Extra { get; private set; } = null!;
    public SignalVisibility Visibility { get; private set; } = null!;
    public bool CanManage => me.Can(Permissions.Signals.Manage);
    public DateTimeOffset Now { get; private set; }

    /// <summary>Set when the change lost a race: the status now stored.</summary>
    public SignalStatus? ConflictStatus { get; private set; }

    public static bool Allowed(SignalStatus from, SignalStatus to) => from != to && to != SignalStatus.New;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Input = new StatusInput { Version = Extra.Version };
        await households.LogReadAsync(nameof(Signal), id, Row.HouseholdId, "page", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanManage)
        {
            return Forbid();
        }

        ModelState.Clear(); // binding messages are English; the rules below say it in French
        var reason = Input.Reason?.Trim();
        if (Input.Status is not { } target || !Enum.IsDefined(target))
        {
            ModelState.AddModelError("Input.Status", "Choisissez le nouveau statut du signal.");
        }
        else if (target == Row.Status)
        {
            ModelState.AddModelError("Input.Status", $"Le signal est déjà « {target.Label()} ».");
        }
        else if (!Allowed(Row.Status, target))
        {
            ModelState.AddModelError("Input.Status", "Un signal ne revient pas à « Nouveau » : choisissez « En cours d’aller-vers » pour le reprendre.");
        }
        else if (target == SignalStatus.Dismissed && string.IsNullOrEmpty(reason))
        {
            ModelState.AddModelError("Input.Reason", "Indiquez pourquoi le signal est écarté.");
        }
        else if (reason is { Length: > 500 })
        {
            ModelState.AddModelError("Input.Reason", "La raison ne doit pas dépasser 500 caractères.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var signal = await db.Signals.FirstAsync(s => s.Id == id, ct);
        db.Entry(signal).Property(s => s.Version).OriginalValue = Input.Version;
        signal.Status = Input.Status!.Value;
        signal.StatusChangedAt = clock.GetUtcNow();
        signal.DismissReason = signal.Status == SignalStatus.Dismissed ? reason : null;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            if (!await LoadAsync(id, ct))
            {
                return NotFound();
            }

            ConflictStatus = Row.Status;
            // The next submit is a deliberate choice made knowing the status now stored.
            Input.Version = Extra.Version;
            ModelState.Clear();
            return Page();
        }

        TempData["Message"] = signal.Status == SignalStatus.Dismissed
            ? "Le signal a été écarté."
            : $"Le signal est maintenant « {signal.Status.Label()} ».";
        return Redirect($"/Signals/Details/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Visibility = await access.VisibilityAsync(ct);
        var query = db.Signals.AsNoTracking().VisibleIn(db.Households, Visibility.Scope).Where(s => s.Id == id);
        var row = await query.Select(SignalProjections.Row(Visibility.SeesAmounts)).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return false;
        }

        Row = row;
        Extra = await query.Select(SignalProjections.Extra(Visibility.SeesConfidentialNotes)).FirstAsync(ct);
        return true;
    }
}
