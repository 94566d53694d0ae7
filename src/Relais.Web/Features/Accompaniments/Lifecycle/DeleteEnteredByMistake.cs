using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Lifecycle;

/// <summary>
/// What the pages that delete an item of a file entered by mistake (a meeting, an action, a repayment plan) have in
/// common: 404 when the file has no such item, 403 for who may not delete it, the closed file's answer, an explicit
/// confirmation, and the deletion guarded by the item's version (a change made meanwhile is shown instead of being
/// deleted unseen). The deletion is audited like every change (delete + the item's type).
/// </summary>
public abstract class DeleteEnteredByMistakeModel<T>(RelaisDbContext db, AccompanimentAccess access) : FileFormPageModel(access)
    where T : class, IVersioned
{
    protected RelaisDbContext Db { get; } = db;

    /// <summary>The item, as read (not tracked).</summary>
    protected T Item { get; private set; } = null!;

    public bool Allowed { get; private set; }

    [BindProperty] public string? Confirm { get; set; }

    [BindProperty] public int Version { get; set; }

    /// <summary>The error when the box is not ticked ("Cochez la case pour confirmer que cet entretien a été saisi par erreur.").</summary>
    protected abstract string ConfirmError { get; }

    /// <summary>Who may delete it, said to the others.</summary>
    protected virtual string NotAllowed => LifecycleRules.NotAllowed;

    /// <summary>The item <paramref name="itemId"/> of file <paramref name="id"/> (not tracked), or null; and whether the user may delete it.</summary>
    protected abstract Task<(T? Item, bool Allowed)> FindAsync(Guid id, Guid itemId, CancellationToken ct);

    /// <summary>Where to go once the item is deleted, with the message that says so.</summary>
    protected abstract IActionResult Deleted(T item);

    protected async Task<IActionResult> ShowAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        if (!await LoadAsync(id, itemId, ct))
        {
            return NotFound();
        }

        Version = Item.Version;
        return !Allowed ? Forbidden() : ClosedFile ? ClosedResult() : Page();
    }

    protected async Task<IActionResult> DeleteAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        if (!await LoadAsync(id, itemId, ct))
        {
            return NotFound();
        }

        if (!Allowed)
        {
            return Forbidden();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        if (Confirm != "true")
        {
            ModelState.AddModelError(nameof(Confirm), ConfirmError);
            return Page();
        }

        var item = await Db.Set<T>().FirstAsync(e => EF.Property<Guid>(e, "Id") == itemId, ct);
        Db.Entry(item).Property(nameof(IVersioned.Version)).OriginalValue = Version;
        Db.Remove(item); // what belongs to it goes with it (cascading keys)
        if (!await TrySaveAsync(Db, ct))
        {
            if (!await LoadAsync(id, itemId, ct))
            {
                return NotFound();
            }

            Version = Item.Version;
            return ConflictResult();
        }

        return Deleted(item);
    }

    private async Task<bool> LoadAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return false;
        }

        var (item, allowed) = await FindAsync(id, itemId, ct);
        if (item is null)
        {
            return false;
        }

        Item = item;
        Allowed = allowed;
        return true;
    }

    private IActionResult Forbidden()
    {
        ModelState.Clear();
        ModelState.AddModelError("", NotAllowed);
        return Status(StatusCodes.Status403Forbidden);
    }
}
