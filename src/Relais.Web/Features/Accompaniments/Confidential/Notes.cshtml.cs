using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Confidential;

/// <summary>
/// The confidential part of an accompaniment for the social team: the lists (the <see cref="AccompanimentConfidentialViewComponent"/>)
/// and the forms to write a note, record or withdraw a consent, keep health information (only under a current express
/// consent) and add a document.
/// </summary>
[DocumentUploadLimit]
public sealed class AccompanimentNotesModel(RelaisDbContext db, ConfidentialAccess access, CurrentUser me, DocumentStore store, TimeProvider clock,
    ILogger<AccompanimentNotesModel> logger) : PageModel
{
    [BindProperty] public NoteInput Note { get; set; } = new() { Level = nameof(ConfidentialityLevel.Team) };
    [BindProperty] public ConsentInput Consent { get; set; } = new();
    [BindProperty] public HealthInput Health { get; set; } = new();
    [BindProperty] public UploadInput Upload { get; set; } = new() { Level = nameof(ConfidentialityLevel.Team) };

    /// <summary>The consent to withdraw.</summary>
    [BindProperty] public Guid? ConsentId { get; set; }

    public Guid Id { get; private set; }
    public Guid HouseholdId { get; private set; }
    public string PersonName { get; private set; } = "";
    public IReadOnlyList<PartnerConsentChoice> PartnerConsents { get; private set; } = [];
    public IReadOnlyList<PartnerOrganisation> Partners { get; private set; } = [];
    public bool HealthConsentCurrent { get; private set; }

    /// <summary>Set when the health save lost a race: the information now stored, shown beside the user's input.</summary>
    public AccompanimentHealth? HealthConflict { get; private set; }

    public bool CanWrite => me.Can(Permissions.Accompaniments.Write);
    public LevelPickerView NoteLevel => new(nameof(Note), "note", Note.Level, Note.ConsentId, PartnerConsents, Document: false);
    public LevelPickerView UploadLevel => new(nameof(Upload), "upload", Upload.Level, Upload.ConsentId, PartnerConsents, Document: true);
    public int MaxMegabytes => store.MaxMegabytes;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
    private string UserName => User.FindFirst("relais:display")?.Value ?? me.Name ?? "";

    public string TooLarge => $"Le fichier dépasse la taille maximale autorisée ({store.MaxMegabytes} Mo). Réduisez-le (PDF compressé, photo moins lourde) ou découpez-le.";

    public async Task<IActionResult> OnGetAsync(Guid id, string? erreur, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (erreur == "taille")
        {
            ModelState.AddModelError("Upload.File", TooLarge);
        }

        var stored = await StoredHealthAsync(ct);
        if (stored is not null)
        {
            Health = HealthFrom(stored);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanWrite)
        {
            return Forbid();
        }

        ModelState.Clear(); // binding messages are English; the rules say it in French
        if (ConfidentialRules.ValidateNoteText(Note.Text) is { } error)
        {
            ModelState.AddModelError("Note.Text", error);
        }

        var level = await ConfidentialRules.LevelAsync(db, id, Note, "Note", ModelState, ct);
        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(ct);
        }

        db.AccompanimentNotes.Add(new AccompanimentNote
        {
            AccompanimentId = id,
            Level = level!.Value.Level,
            ConsentId = level.Value.ConsentId,
            AuthorUserId = me.UserId!.Value,
            AuthorName = UserName,
            Text = Note.Text!.Trim(),
        });
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "La note est enregistrée.";
        return Redirect($"/Accompaniments/{id}/Notes#notes");
    }

    public async Task<IActionResult> OnPostConsentAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanWrite)
        {
            return Forbid();
        }

        ModelState.Clear();
        var consent = await ConfidentialRules.NewConsentAsync(db, id, Consent, Today, ModelState, ct);
        if (consent is null)
        {
            return await RedisplayAsync(ct);
        }

        consent.RecordedByUserId = me.UserId;
        consent.RecordedByName = UserName;
        db.AccompanimentConsents.Add(consent);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = consent.Kind == ConsentKind.Health
            ? "L’accord exprès pour les informations de santé est enregistré."
            : "L’accord de partage est enregistré : vous pouvez partager avec cette structure ce qui est strictement nécessaire.";
        return Redirect($"/Accompaniments/{id}/Notes");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanWrite)
        {
            return Forbid();
        }

        var consent = await db.AccompanimentConsents.Include(c => c.PartnerOrganisation)
            .FirstOrDefaultAsync(c => c.Id == ConsentId && c.AccompanimentId == id, ct);
        if (consent is null)
        {
            return NotFound();
        }

        var withdrawn = await ConfidentialRules.WithdrawAsync(db, consent, me.UserId, UserName, clock, ct);
        TempData["Message"] = !withdrawn
            ? "Cet accord avait déjà été retiré."
            : consent.Kind == ConsentKind.Health
                ? "L’accord pour les informations de santé est retiré : elles ont été effacées."
                : $"L’accord de partage avec {consent.PartnerOrganisation?.Name} est retiré : la structure n’a plus accès à ce qui lui avait été partagé.";
        return Redirect($"/Accompaniments/{id}/Notes");
    }

    public async Task<IActionResult> OnPostHealthAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanWrite)
        {
            return Forbid();
        }

        ModelState.Clear();
        var text = string.IsNullOrWhiteSpace(Health.Text) ? null : Health.Text.Trim();
        var categories = Health.Categories.Where(c => c != HealthCategories.None && Enum.IsDefined(c)).Aggregate(HealthCategories.None, (a, c) => a | c);
        if (text?.Length > AccompanimentHealth.MaxLength)
        {
            ModelState.AddModelError("Health.Text", $"Les informations de santé ne doivent pas dépasser {AccompanimentHealth.MaxLength} caractères.");
            return await RedisplayAsync(ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await ConfidentialRules.LockHealthConsentAsync(db, id, ct))
        {
            await transaction.RollbackAsync(ct);
            ModelState.AddModelError("Health.Text", ConfidentialRules.NoHealthConsent);
            Health = new HealthInput(); // never echo health information that may not be kept
            return await RedisplayAsync(ct);
        }

        var stored = await db.AccompanimentHealthRecords.FirstOrDefaultAsync(h => h.AccompanimentId == id, ct);
        string message;
        if (stored is null && text is null && categories == HealthCategories.None)
        {
            await transaction.RollbackAsync(ct);
            ModelState.AddModelError("Health.Text", "Rien à enregistrer : cochez une catégorie ou écrivez les informations utiles.");
            return await RedisplayAsync(ct);
        }

        if (stored is null)
        {
            db.AccompanimentHealthRecords.Add(new AccompanimentHealth
            {
                AccompanimentId = id,
                Categories = categories,
                Text = text,
                UpdatedByUserId = me.UserId,
                UpdatedByName = UserName,
            });
            message = "Les informations de santé sont enregistrées.";
        }
        else
        {
            db.Entry(stored).Property(h => h.Version).OriginalValue = Health.Version;
            if (text is null && categories == HealthCategories.None)
            {
                db.AccompanimentHealthRecords.Remove(stored);
                message = "Les informations de santé sont effacées.";
            }
            else
            {
                stored.Categories = categories;
                stored.Text = text;
                stored.UpdatedByUserId = me.UserId;
                stored.UpdatedByName = UserName;
                message = "Les informations de santé sont enregistrées.";
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            HealthConflict = await StoredHealthAsync(ct) ?? new AccompanimentHealth { UpdatedByName = "" };
            Health.Version = HealthConflict.Version; // the next save is a deliberate overwrite of the version now seen
            return await RedisplayAsync(ct);
        }

        TempData["Message"] = message;
        return Redirect($"/Accompaniments/{id}/Notes#sante");
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanWrite)
        {
            return Forbid();
        }

        ModelState.Clear();
        var file = Upload.File;
        DocumentKind? kind = null;
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("Upload.File", file is null ? "Choisissez un fichier PDF, PNG ou JPEG." : "Le fichier est vide.");
        }
        else if (file.Length > store.MaxBytes)
        {
            ModelState.AddModelError("Upload.File", TooLarge);
        }
        else if (await DocumentKinds.CheckUploadAsync(file, ct) is { } typeError)
        {
            ModelState.AddModelError("Upload.File", typeError);
        }
        else
        {
            kind = DocumentKinds.FromExtension(file.FileName);
        }

        var title = ConfidentialRules.SafeTitle(string.IsNullOrWhiteSpace(Upload.Title) ? file?.FileName : Upload.Title);
        if (Upload.Title?.Trim().Length > 200)
        {
            ModelState.AddModelError("Upload.Title", "L’intitulé ne doit pas dépasser 200 caractères.");
        }
        else if (file is not null && title.Length == 0)
        {
            ModelState.AddModelError("Upload.Title", "Donnez un intitulé au document.");
        }

        var level = await ConfidentialRules.LevelAsync(db, id, Upload, "Upload", ModelState, ct);
        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(ct);
        }

        var organisationId = me.OrganisationId!.Value;
        DocumentStore.Stored saved;
        await using (var content = file!.OpenReadStream())
        {
            saved = await store.SaveAsync(organisationId, content, ct);
        }

        try
        {
            db.AccompanimentDocuments.Add(new AccompanimentDocument
            {
                AccompanimentId = id,
                Level = level!.Value.Level,
                ConsentId = level.Value.ConsentId,
                AuthorUserId = me.UserId!.Value,
                AuthorName = UserName,
                Title = title,
                ContentType = kind!.Value.ContentType(),
                SizeBytes = saved.Size,
                StorageName = saved.StorageName,
                Sha256 = saved.Sha256,
            });
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            store.Delete(organisationId, saved.StorageName); // no file without its record
            throw;
        }

        logger.LogInformation("Document {Size} bytes added to accompaniment {Accompaniment}", saved.Size, id);
        TempData["Message"] = $"Le document « {title} » est ajouté.";
        return Redirect($"/Accompaniments/{id}/Notes#documents");
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        await FillAsync(ct);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var reader = await access.ReaderAsync(ct);
        var accompaniment = await db.Accompaniments.AsNoTracking().VisibleTo(db, reader)
            .Where(a => a.Id == id)
            .Select(a => new { a.Id, a.HouseholdId, a.Person!.FirstName, a.Person.LastName })
            .FirstOrDefaultAsync(ct);
        if (reader.Kind != ReaderKind.Team || accompaniment is null)
        {
            return false;
        }

        Id = accompaniment.Id;
        HouseholdId = accompaniment.HouseholdId;
        PersonName = $"{accompaniment.FirstName} {accompaniment.LastName.ToUpperInvariant()}";
        await FillAsync(ct);
        return true;
    }

    private async Task FillAsync(CancellationToken ct)
    {
        PartnerConsents = await ConfidentialRules.PartnerConsentsAsync(db, Id, ct);
        Partners = await db.PartnerOrganisations.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Name).ToListAsync(ct);
        HealthConsentCurrent = await db.AccompanimentConsents.Current(Id, ConsentKind.Health).AnyAsync(ct);
    }

    private async Task<AccompanimentHealth?> StoredHealthAsync(CancellationToken ct) =>
        await db.AccompanimentHealthRecords.AsNoTracking().VisibleTo(db, await access.ReaderAsync(ct)).FirstOrDefaultAsync(h => h.AccompanimentId == Id, ct);

    private static HealthInput HealthFrom(AccompanimentHealth h) => new()
    {
        Categories = Enum.GetValues<HealthCategories>().Where(c => c != HealthCategories.None && h.Categories.HasFlag(c)).ToList(),
        Text = h.Text,
        Version = h.Version,
    };
}
