using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Ledger;

/// <summary>Upload a ledger file (then preview it before importing) and the list of past imports.</summary>
[LedgerUploadLimit]
public sealed class IndexModel(RelaisDbContext db, LedgerUploads uploads, CurrentUser me) : PageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Encoding { get; set; } = "auto";

    [BindProperty]
    public string? Delimiter { get; set; } = "auto";

    [BindProperty]
    public string? Decimal { get; set; } = "auto";

    [BindProperty]
    public bool CreateHouseholds { get; set; }

    public IReadOnlyList<LedgerImport> Imports { get; private set; } = [];

    public string MaxLabel => uploads.MaxLabel;

    public async Task OnGetAsync(string? erreur, CancellationToken ct)
    {
        if (erreur == "taille")
        {
            ModelState.AddModelError(nameof(Upload), $"Le fichier dépasse la taille maximale de {uploads.MaxLabel} : découpez l'export (par exemple par année) et importez chaque partie.");
        }

        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), Upload is null ? "Choisissez le fichier du relevé de quittancement." : "Le fichier est vide.");
        }
        else if (Upload.Length > uploads.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"Le fichier dépasse la taille maximale de {uploads.MaxLabel} : découpez l'export (par exemple par année) et importez chaque partie.");
        }

        if (LedgerEncoding.ParseChoice(Encoding) is null)
        {
            ModelState.AddModelError(nameof(Encoding), "Choisissez un encodage de la liste.");
        }

        if (LedgerImportOptions.ParseDelimiter(Delimiter) == (char)0)
        {
            ModelState.AddModelError(nameof(Delimiter), "Choisissez un séparateur de colonnes de la liste.");
        }

        if (LedgerImportOptions.ParseDecimal(Decimal) == (char)0)
        {
            ModelState.AddModelError(nameof(Decimal), "Choisissez un séparateur décimal de la liste.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        var token = await uploads.SaveAsync(me.OrganisationId!.Value, Upload!, ct);
        return Redirect(LedgerLinks.Preview(token, Encoding, Delimiter, Decimal, CreateHouseholds));
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Imports = await db.LedgerImports.AsNoTracking().OrderByDescending(i => i.StartedAt).Take(30).ToListAsync(ct);
}

public static class LedgerLinks
{
    public static string Preview(string token, string? encoding, string? delimiter, string? decimalSeparator, bool createHouseholds) =>
        $"/Ledger/Preview?file={token}&encoding={Uri.EscapeDataString(encoding ?? "auto")}&delimiter={Uri.EscapeDataString(delimiter ?? "auto")}"
        + $"&decimal={Uri.EscapeDataString(decimalSeparator ?? "auto")}&create={(createHouseholds ? "true" : "false")}";

    public static IReadOnlyList<(string Value, string Label)> Encodings { get; } =
        [("auto", "Détection automatique"), ("utf-8", "UTF-8"), ("windows-1252", "Windows-1252 (ANSI, Excel ancien)")];

    public static IReadOnlyList<(string Value, string Label)> Delimiters { get; } =
        [("auto", "Détection automatique"), (";", "Point-virgule « ; »"), (",", "Virgule « , »"), ("tab", "Tabulation"), ("|", "Barre verticale « | »")];

    public static IReadOnlyList<(string Value, string Label)> Decimals { get; } =
        [("auto", "Détection automatique"), (",", "Virgule (1 240,50)"), (".", "Point (1240.50)")];

    public static string DelimiterValue(char delimiter) => delimiter == '\t' ? "tab" : delimiter.ToString();
}
