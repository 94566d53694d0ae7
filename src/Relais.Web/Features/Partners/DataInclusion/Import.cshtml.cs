using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Partners.DataInclusion;

/// <summary>
/// Import of data·inclusion files: upload structures.json (and optionally services.json), see what the import would do
/// (new, updated, unchanged; first rows; errors and warnings), then confirm. Same engine as the command line.
/// </summary>
[DataInclusionUploadLimit]
public sealed class DataInclusionImportModel(RelaisDbContext db, IConfiguration config, CurrentUser me) : PageModel
{
    private readonly DataInclusionUploads _uploads = new(config);

    [BindProperty]
    public IFormFile? StructuresFile { get; set; }

    [BindProperty]
    public IFormFile? ServicesFile { get; set; }

    /// <summary>The stored upload's token (preview and confirmation).</summary>
    [BindProperty(SupportsGet = true, Name = "file")]
    public string? Token { get; set; }

    public DataInclusionReport? Report { get; private set; }
    public string? StructuresName { get; private set; }
    public string? ServicesName { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? erreur, CancellationToken ct)
    {
        if (Token is null)
        {
            if (erreur == "taille")
            {
                ModelState.AddModelError(nameof(StructuresFile), $"Les fichiers dépassent la taille maximale ({DataInclusionUploads.MaxLabel} par fichier) : importez-les en plusieurs parties (par exemple par source).");
            }

            return Page();
        }

        var files = _uploads.Load(me.OrganisationId!.Value, Token);
        if (files is null)
        {
            return NotFound();
        }

        await PreviewAsync(files.Value, write: false, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Check(nameof(StructuresFile), StructuresFile, required: true);
        Check(nameof(ServicesFile), ServicesFile, required: false);
        if (!ModelState.IsValid)
        {
            Token = null;
            return Page();
        }

        var token = await _uploads.SaveAsync(me.OrganisationId!.Value, StructuresFile!, ServicesFile, ct);
        return Redirect($"/Partners/DataInclusion/Import?file={token}");
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        var organisationId = me.OrganisationId!.Value;
        var files = _uploads.Load(organisationId, Token);
        if (files is null)
        {
            return NotFound();
        }

        await PreviewAsync(files.Value, write: true, ct);
        if (!Report!.Written)
        {
            return Page();
        }

        _uploads.Delete(organisationId, Token!);
        var r = Report;
        TempData["Message"] = $"Import terminé : {r.StructuresNew} structure(s) créée(s), {r.StructuresUpdated} mise(s) à jour, {r.StructuresUnchanged} inchangée(s) ; "
            + $"{r.ServicesNew} service(s) créé(s), {r.ServicesUpdated} mis à jour, {r.ServicesUnchanged} inchangé(s).";
        return Redirect("/Partners/DataInclusion");
    }

    private async Task PreviewAsync((DataInclusionUpload Structures, DataInclusionUpload? Services) files, bool write, CancellationToken ct)
    {
        StructuresName = files.Structures.FileName;
        ServicesName = files.Services?.FileName;
        Report = await new DataInclusionImporter(db).ImportAsync(files.Structures, files.Services, write, ct);
    }

    private void Check(string key, IFormFile? file, bool required)
    {
        if (file is null || file.Length == 0)
        {
            if (required || file is not null)
            {
                ModelState.AddModelError(key, file is null ? "Choisissez le fichier des structures (structures.json)." : "Le fichier est vide.");
            }
        }
        else if (file.Length > DataInclusionUploads.MaxBytes)
        {
            ModelState.AddModelError(key, $"Le fichier dépasse la taille maximale de {DataInclusionUploads.MaxLabel} : importez-le en plusieurs parties (par exemple par source).");
        }
    }
}
