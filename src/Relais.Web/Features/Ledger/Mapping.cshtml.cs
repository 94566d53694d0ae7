using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Ledger;

/// <summary>The organisation's column names (saved by each successful import, editable here).</summary>
public sealed class MappingModel(RelaisDbContext db) : PageModel
{
    [BindProperty]
    public Dictionary<string, string?> Columns { get; set; } = [];

    [BindProperty]
    public int Version { get; set; }

    /// <summary>Set when someone else saved the mapping meanwhile: what is stored now.</summary>
    public Dictionary<LedgerField, string>? Conflict { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var mapping = await db.LedgerColumnMappings.AsNoTracking().FirstOrDefaultAsync(ct);
        Version = mapping?.Version ?? 0;
        Columns = LedgerFields.ParseMapping(mapping?.Columns).ToDictionary(p => p.Key.ToString(), p => (string?)p.Value);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var chosen = new Dictionary<LedgerField, string>();
        foreach (var field in LedgerFields.All)
        {
            var value = Columns.GetValueOrDefault(field.ToString())?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (value.Length > 200)
            {
                ModelState.AddModelError($"Columns[{field}]", $"Le nom de la colonne « {LedgerFields.Label(field)} » est trop long (200 caractères au plus).");
            }

            chosen[field] = value;
        }

        foreach (var group in chosen.GroupBy(p => LedgerFields.FoldHeader(p.Value)).Where(g => g.Count() > 1))
        {
            foreach (var (field, _) in group)
            {
                ModelState.AddModelError($"Columns[{field}]", $"« {group.First().Value} » est indiqué pour plusieurs champs : une colonne ne peut en alimenter qu’un.");
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var json = LedgerFields.SerializeMapping(chosen);
        var mapping = await db.LedgerColumnMappings.FirstOrDefaultAsync(ct);
        if (mapping is null)
        {
            db.LedgerColumnMappings.Add(new LedgerColumnMapping { Columns = json });
        }
        else
        {
            db.Entry(mapping).Property(m => m.Version).OriginalValue = Version;
            mapping.Columns = json;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || mapping is null)
        {
            // Changed meanwhile (or created by an import at the same moment): show what is stored, keep the user's input.
            db.ChangeTracker.Clear();
            var current = await db.LedgerColumnMappings.AsNoTracking().FirstOrDefaultAsync(ct);
            Conflict = LedgerFields.ParseMapping(current?.Columns);
            Version = current?.Version ?? 0;
            ModelState.Clear();
            return Page();
        }

        TempData["Message"] = "Les noms des colonnes ont été enregistrés.";
        return Redirect("/Ledger/Mapping");
    }
}
