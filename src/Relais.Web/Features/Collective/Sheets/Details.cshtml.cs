using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sheets;

/// <summary>A practice sheet; its team finalises it, marks it publishable outside the organisation (if free of personal data) or withdraws it.</summary>
public sealed class DetailsModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : SheetPage(db, access, clock)
{
    [BindProperty] public int Version { get; set; }

    /// <summary>What the personal-data check found when publishing was refused.</summary>
    public IReadOnlyList<string> Found { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid sheetId, CancellationToken ct) =>
        await LoadSheetAsync(sheetId, track: false, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostFinaliseAsync(Guid sheetId, CancellationToken ct) =>
        await ChangeAsync(sheetId, sheet =>
        {
            sheet.Status = SheetStatus.Final;
            sheet.FinalisedOn = Today;
            return Task.FromResult<string?>(null);
        }, "La fiche est finalisée.", ct);

    public async Task<IActionResult> OnPostDraftAsync(Guid sheetId, CancellationToken ct) =>
        await ChangeAsync(sheetId, sheet =>
        {
            sheet.Status = SheetStatus.Draft;
            sheet.FinalisedOn = null;
            sheet.PublishedOn = null;
            sheet.PublicToken = null;
            return Task.FromResult<string?>(null);
        }, "La fiche est repassée en brouillon ; elle n’est plus publiée.", ct);

    public async Task<IActionResult> OnPostPublishAsync(Guid sheetId, CancellationToken ct) =>
        await ChangeAsync(sheetId, async sheet =>
        {
            if (sheet.Status != SheetStatus.Final)
            {
                return "Finalisez la fiche avant de la rendre publiable.";
            }

            Found = await PersonalDataAsync(ct);
            if (Found.Count > 0)
            {
                return "La fiche contient des données personnelles : elle ne peut pas être publiée hors de l’organisation. Retirez-les puis recommencez.";
            }

            sheet.PublishedOn = Today;
            sheet.PublicToken ??= NewToken();
            return null;
        }, "La fiche est publiable hors de l’organisation : elle peut être exportée et lue à son adresse publique.", ct);

    public async Task<IActionResult> OnPostUnpublishAsync(Guid sheetId, CancellationToken ct) =>
        await ChangeAsync(sheetId, sheet =>
        {
            sheet.PublishedOn = null;
            sheet.PublicToken = null;
            return Task.FromResult<string?>(null);
        }, "La fiche n’est plus publiée : son adresse publique ne répond plus.", ct);

    /// <summary>Applies a change of the project's staff; a refusal (its message) shows the page with 422, a lost race 409.</summary>
    private async Task<IActionResult> ChangeAsync(Guid sheetId, Func<PracticeSheet, Task<string?>> change, string done, CancellationToken ct)
    {
        if (!await LoadSheetAsync(sheetId, track: true, ct))
        {
            return NotFound();
        }

        if (!IsStaff)
        {
            return Forbid();
        }

        Db.Entry(Sheet).Property(x => x.Version).OriginalValue = Version;
        if (await change(Sheet) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
            Db.ChangeTracker.Clear();
            return WithStatus(StatusCodes.Status422UnprocessableEntity);
        }

        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            await LoadSheetAsync(sheetId, track: false, ct);
            Conflict = true;
            ModelState.AddModelError("", "La fiche a été modifiée par quelqu’un d’autre entre-temps : voici sa version actuelle. Recommencez si besoin.");
            return WithStatus(StatusCodes.Status409Conflict);
        }

        TempData["Message"] = done;
        return Redirect(SheetUrl);
    }
}
