using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Ledger;

/// <summary>
/// The uploaded file as Relais reads it — encoding, delimiter, decimal separator, columns, first ten lines — for the
/// user to confirm or correct before the import starts in the background.
/// </summary>
public sealed class PreviewModel(LedgerImporter importer, LedgerUploads uploads, LedgerImportQueue queue, CurrentUser me) : PageModel
{
    /// <summary>The stored upload's token (see <see cref="LedgerUploads"/>).</summary>
    [BindProperty(SupportsGet = true, Name = "file")]
    public string? Token { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Encoding { get; set; } = "auto";

    [BindProperty(SupportsGet = true)]
    public string? Delimiter { get; set; } = "auto";

    [BindProperty(SupportsGet = true)]
    public string? Decimal { get; set; } = "auto";

    [BindProperty(SupportsGet = true, Name = "create")]
    public bool CreateHouseholds { get; set; }

    /// <summary>Field name → header chosen in the mapping form ("" for none).</summary>
    [BindProperty]
    public Dictionary<string, string?> Columns { get; set; } = [];

    public LedgerFileFormat? Format { get; private set; }
    public string FileName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var path = uploads.PathFor(me.OrganisationId!.Value, Token);
        if (path is null)
        {
            return NotFound();
        }

        if (ParseOptions(chosen: null) is { } options)
        {
            await DetectAsync(path, options, ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var path = uploads.PathFor(me.OrganisationId!.Value, Token);
        if (path is null)
        {
            return NotFound();
        }

        var chosen = new Dictionary<LedgerField, string>();
        foreach (var (key, value) in Columns)
        {
            if (Enum.TryParse<LedgerField>(key, out var field))
            {
                chosen[field] = value?.Trim() ?? "";
            }
        }

        var options = ParseOptions(chosen.Count == 0 ? null : chosen);
        if (options is null)
        {
            return Page();
        }

        await DetectAsync(path, options, ct);
        if (!Format!.IsReadable)
        {
            foreach (var problem in Format.Problems)
            {
                ModelState.AddModelError("", problem);
            }

            return Page();
        }

        var who = User.FindFirst("relais:display")?.Value ?? me.Name ?? "";
        var import = await importer.StartAsync(FileName, me.UserId, who, ct);
        queue.Enqueue(new LedgerImportJob(import.Id, import.OrganisationId, $"{who} (import du relevé)", path, options));
        return Redirect($"/Ledger/Import/{import.Id}");
    }

    private async Task DetectAsync(string path, LedgerImportOptions options, CancellationToken ct)
    {
        FileName = uploads.OriginalName(path);
        Format = await importer.DetectAsync(path, options, ct);
    }

    private LedgerImportOptions? ParseOptions(IReadOnlyDictionary<LedgerField, string>? chosen)
    {
        Encoding ??= "auto";
        Delimiter ??= "auto";
        Decimal ??= "auto";
        var encoding = LedgerEncoding.ParseChoice(Encoding);
        var delimiter = LedgerImportOptions.ParseDelimiter(Delimiter);
        var decimalSeparator = LedgerImportOptions.ParseDecimal(Decimal);
        if (encoding is null)
        {
            ModelState.AddModelError(nameof(Encoding), "Choisissez un encodage de la liste.");
        }

        if (delimiter == (char)0)
        {
            ModelState.AddModelError(nameof(Delimiter), "Choisissez un séparateur de colonnes de la liste.");
        }

        if (decimalSeparator == (char)0)
        {
            ModelState.AddModelError(nameof(Decimal), "Choisissez un séparateur décimal de la liste.");
        }

        return ModelState.IsValid
            ? new LedgerImportOptions { Encoding = encoding!.Value, Delimiter = delimiter, DecimalSeparator = decimalSeparator, CreateHouseholds = CreateHouseholds, Columns = chosen }
            : null;
    }
}
