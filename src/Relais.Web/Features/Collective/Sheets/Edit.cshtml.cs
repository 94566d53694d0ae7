using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sheets;

/// <summary>The project's team edits its practice sheet (Markdown allowed); a published sheet stays free of personal data.</summary>
public sealed class EditModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : SheetPage(db, access, clock)
{
    [BindProperty] public SheetInput Input { get; set; } = new();

    public IReadOnlyList<string> Found { get; private set; } = [];

    /// <summary>After a lost race: the sheet as stored now.</summary>
    public PracticeSheet? Current { get; private set; }

    public sealed class SheetInput
    {
        public string? Title { get; set; }
        public string? Context { get; set; }
        public string? WhatWasDone { get; set; }
        public string? Partners { get; set; }
        public string? Cost { get; set; }
        public string? Results { get; set; }
        public string? Lessons { get; set; }
        public string? Reuse { get; set; }
        public int Version { get; set; }

        public string? this[string key] => key switch
        {
            nameof(Context) => Context, nameof(WhatWasDone) => WhatWasDone, nameof(Partners) => Partners, nameof(Cost) => Cost,
            nameof(Results) => Results, nameof(Lessons) => Lessons, nameof(Reuse) => Reuse, _ => null,
        };
    }

    public async Task<IActionResult> OnGetAsync(Guid sheetId, CancellationToken ct)
    {
        if (!await LoadSheetAsync(sheetId, track: false, ct))
        {
            return NotFound();
        }

        if (!IsStaff)
        {
            return Forbid();
        }

        var s = Sheet;
        Input = new SheetInput
        {
            Title = s.Title, Context = s.Context, WhatWasDone = s.WhatWasDone, Partners = s.Partners, Cost = s.Cost, Results = s.Results,
            Lessons = s.Lessons, Reuse = s.Reuse, Version = s.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid sheetId, CancellationToken ct)
    {
        if (!await LoadSheetAsync(sheetId, track: true, ct))
        {
            return NotFound();
        }

        if (!IsStaff)
        {
            return Forbid();
        }

        ModelState.Clear();
        var check = new FormCheck(ModelState, Today);
        var title = check.Text("Input.Title", Input.Title, "le titre", PracticeSheet.TitleMaxLength, required: true);
        string? Section(string key, string label) => check.Text($"Input.{key}", Input[key], label, PracticeSheet.SectionMaxLength, required: false);
        var context = Section(nameof(SheetInput.Context), "le contexte");
        var done = Section(nameof(SheetInput.WhatWasDone), "ce qui a été fait");
        var partners = Section(nameof(SheetInput.Partners), "les partenaires");
        var cost = Section(nameof(SheetInput.Cost), "le coût");
        var results = Section(nameof(SheetInput.Results), "les résultats");
        var lessons = Section(nameof(SheetInput.Lessons), "les enseignements");
        var reuse = Section(nameof(SheetInput.Reuse), "ce qui peut être repris");
        if (!check.Ok)
        {
            Db.ChangeTracker.Clear();
            return Page();
        }

        var s = Sheet;
        Db.Entry(s).Property(x => x.Version).OriginalValue = Input.Version;
        s.Title = title!;
        s.Context = context ?? "";
        s.WhatWasDone = done ?? "";
        s.Partners = partners ?? "";
        s.Cost = cost ?? "";
        s.Results = results ?? "";
        s.Lessons = lessons ?? "";
        s.Reuse = reuse ?? "";
        s.SearchKey = SheetDraft.KeyOf(s);
        if (s.PublishedOn is not null)
        {
            Found = await PersonalDataAsync(ct);
            if (Found.Count > 0)
            {
                ModelState.AddModelError("", "Cette fiche est publiée hors de l’organisation : elle ne peut pas contenir de données personnelles. Retirez-les, ou retirez d’abord la publication.");
                Db.ChangeTracker.Clear();
                return WithStatus(StatusCodes.Status422UnprocessableEntity);
            }
        }

        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            Current = await Db.PracticeSheets.AsNoTracking().FirstOrDefaultAsync(x => x.Id == sheetId, ct);
            if (Current is null)
            {
                return NotFound();
            }

            Input.Version = Current.Version;
            Conflict = true;
            return WithStatus(StatusCodes.Status409Conflict);
        }

        TempData["Message"] = "La fiche a été enregistrée.";
        return Redirect(SheetUrl);
    }
}
