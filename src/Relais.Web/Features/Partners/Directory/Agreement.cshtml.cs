using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Audit;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Partners.Directory;

/// <summary>
/// Adding and editing an agreement with its optional signed PDF: the upload checks of the accompaniments' documents
/// (<see cref="DocumentKinds.CheckUploadAsync"/>: type told by the first bytes and matching the extension, size limit),
/// then PDF only; stored outside the web root by <see cref="DocumentStore"/>, named by a generated id.
/// </summary>
public abstract class AgreementFormModel(RelaisDbContext db, DocumentStore store, TenantContext tenant) : PageModel
{
    [BindProperty] public AgreementInput Input { get; set; } = new();

    public PartnerOrganisation Partner { get; protected set; } = null!;
    public int MaxMegabytes => store.MaxMegabytes;
    protected RelaisDbContext Db => db;

    protected async Task<bool> ValidateAsync(CancellationToken ct)
    {
        ModelState.Clear();
        foreach (var (field, message) in Input.Validate())
        {
            ModelState.AddModelError($"Input.{field}", message);
        }

        if (Input.Document is { } file)
        {
            if (file.Length == 0)
            {
                ModelState.AddModelError("Input.Document", "Le fichier est vide.");
            }
            else if (file.Length > store.MaxBytes)
            {
                ModelState.AddModelError("Input.Document", $"Le fichier dépasse la taille maximale autorisée ({store.MaxMegabytes} Mo). Réduisez-le (PDF compressé) ou découpez-le.");
            }
            else if (await DocumentKinds.CheckUploadAsync(file, ct) is { } typeError)
            {
                ModelState.AddModelError("Input.Document", typeError);
            }
            else if (DocumentKinds.FromExtension(file.FileName) != DocumentKind.Pdf)
            {
                ModelState.AddModelError("Input.Document", "Le document d’un accord doit être un PDF (la convention signée, scannée en PDF).");
            }
        }

        return ModelState.IsValid;
    }

    /// <summary>Stores the uploaded PDF (if any) on the agreement; returns the storage key to delete if the save fails.</summary>
    protected async Task<string?> StoreDocumentAsync(PartnerAgreement agreement, CancellationToken ct)
    {
        if (Input.Document is not { } file)
        {
            return null;
        }

        DocumentStore.Stored saved;
        await using (var content = file.OpenReadStream())
        {
            saved = await store.SaveAsync(tenant.OrganisationId!.Value, content, ct);
        }

        agreement.DocumentStorageKey = saved.StorageName;
        agreement.DocumentContentType = DocumentKind.Pdf.ContentType();
        agreement.DocumentSize = saved.Size;
        var name = Path.GetFileName(file.FileName).Trim();
        agreement.DocumentFileName = name.Length > 200 ? name[^200..] : name;
        return saved.StorageName;
    }

    protected void DeleteStored(string? key)
    {
        if (key is not null)
        {
            store.Delete(tenant.OrganisationId!.Value, key);
        }
    }
}

public sealed class NewAgreementModel(RelaisDbContext db, DocumentStore store, TenantContext tenant) : AgreementFormModel(db, store, tenant)
{
    public async Task<IActionResult> OnGetAsync(Guid partnerId, CancellationToken ct)
    {
        if (await Db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct) is not { } partner)
        {
            return NotFound();
        }

        Partner = partner;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid partnerId, CancellationToken ct)
    {
        if (await Db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct) is not { } partner)
        {
            return NotFound();
        }

        Partner = partner;
        if (!await ValidateAsync(ct))
        {
            return Page();
        }

        var agreement = new PartnerAgreement { Title = Input.Title!.Trim(), PartnerOrganisationId = partnerId };
        Input.ApplyTo(agreement);
        var stored = await StoreDocumentAsync(agreement, ct);
        try
        {
            Db.PartnerAgreements.Add(agreement);
            await Db.SaveChangesAsync(ct);
        }
        catch
        {
            DeleteStored(stored); // no file without its record
            throw;
        }

        TempData["Message"] = $"L’accord « {agreement.Title} » est enregistré.";
        return Redirect($"/Partners/{partnerId}#accords");
    }
}

public sealed class EditAgreementModel(RelaisDbContext db, DocumentStore store, TenantContext tenant) : AgreementFormModel(db, store, tenant)
{
    public PartnerAgreement Agreement { get; private set; } = null!;
    public PartnerAgreement? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: false, ct))
        {
            return NotFound();
        }

        Input = AgreementInput.From(Agreement);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        if (!await ValidateAsync(ct))
        {
            return Page();
        }

        var previous = Agreement.DocumentStorageKey;
        Db.Entry(Agreement).Property(a => a.Version).OriginalValue = Input.Version;
        Input.ApplyTo(Agreement);
        if (Input.RemoveDocument && Input.Document is null)
        {
            Agreement.DocumentStorageKey = null;
            Agreement.DocumentFileName = null;
            Agreement.DocumentContentType = null;
            Agreement.DocumentSize = null;
        }

        var stored = await StoreDocumentAsync(Agreement, ct);
        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            DeleteStored(stored);
            Db.ChangeTracker.Clear();
            if (!await LoadAsync(id, tracked: false, ct))
            {
                return NotFound();
            }

            Conflict = Agreement;
            Input.Version = Agreement.Version;
            Input.Document = null;
            ModelState.Clear();
            return Page();
        }
        catch
        {
            DeleteStored(stored);
            throw;
        }

        if (previous is not null && previous != Agreement.DocumentStorageKey)
        {
            DeleteStored(previous);
        }

        TempData["Message"] = $"L’accord « {Agreement.Title} » est enregistré.";
        return Redirect($"/Partners/{Agreement.PartnerOrganisationId}#accords");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        var key = Agreement.DocumentStorageKey;
        Db.PartnerAgreements.Remove(Agreement);
        await Db.SaveChangesAsync(ct);
        DeleteStored(key);
        TempData["Message"] = $"L’accord « {Agreement.Title} » est supprimé.";
        return Redirect($"/Partners/{Agreement.PartnerOrganisationId}#accords");
    }

    private async Task<bool> LoadAsync(Guid id, bool tracked, CancellationToken ct)
    {
        var query = tracked ? Db.PartnerAgreements : Db.PartnerAgreements.AsNoTracking();
        var agreement = await query.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agreement is null || await Db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(p => p.Id == agreement.PartnerOrganisationId, ct) is not { } partner)
        {
            return false;
        }

        Agreement = agreement;
        Partner = partner;
        return true;
    }
}

/// <summary>The agreement's document: 404 for another organisation's, the read audited before anything is sent, as an attachment.</summary>
public sealed class AgreementDocumentModel(RelaisDbContext db, DocumentStore store, TenantContext tenant, AuditReadLog readLog) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var agreement = await db.PartnerAgreements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agreement?.DocumentStorageKey is not { } key)
        {
            return NotFound();
        }

        var path = store.PathOf(agreement.OrganisationId, key);
        if (!System.IO.File.Exists(path))
        {
            return NotFound();
        }

        await readLog.LogAsync(tenant.Draft(AuditActions.Read, nameof(PartnerAgreement), agreement.Id, null, null, "téléchargement du document d’un accord partenaire"), ct);
        var name = agreement.DocumentFileName is { Length: > 0 } n ? (n.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? n : n + ".pdf") : "accord.pdf";
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        return PhysicalFile(path, DocumentKind.Pdf.ContentType(), name);
    }
}
