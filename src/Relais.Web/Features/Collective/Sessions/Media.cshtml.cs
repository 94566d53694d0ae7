using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;
using Relais.Infrastructure.Web;

namespace Relais.Features.Collective.Sessions;

/// <summary>The consent of one member shown on an uploaded photo: whether they appear on it, whether they agreed, and when.</summary>
public sealed class ShownInput
{
    public Guid MemberId { get; set; }
    public bool Shown { get; set; }
    public bool Consented { get; set; }
    public string? ConsentedOn { get; set; }
}

/// <summary>
/// Photos and documents of a session (project staff only). Uploads use the checks and the storage of accompaniment
/// documents (<see cref="DocumentKinds.CheckUploadAsync"/>: PDF/PNG/JPEG by magic bytes matching the extension, size
/// limit, stored outside the web root by <see cref="DocumentStore"/>). Every member shown must have consented (with
/// the date); a consent can be withdrawn, which hides the photo everywhere.
/// </summary>
[DocumentUploadLimit]
public sealed class MediaModel(RelaisDbContext db, ProjectAccess access, CurrentUser me, DocumentStore store, TimeProvider clock) : PageModel
{
    public ProjectSession Session { get; private set; } = null!;
    public ProjectHeading Project { get; private set; } = null!;
    public List<MemberName> Members { get; private set; } = [];
    public List<SessionMedia> Media { get; private set; } = [];
    public int MaxMegabytes => store.MaxMegabytes;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public List<ShownInput> Shown { get; set; } = [];

    public string TooLarge => $"Le fichier dépasse la taille maximale autorisée ({store.MaxMegabytes} Mo). Réduisez-le (photo moins lourde, PDF compressé).";

    public string MemberName(Guid id) => Members.FirstOrDefault(m => m.Id == id)?.Name ?? "Membre";

    public async Task<IActionResult> OnGetAsync(Guid id, string? erreur, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        if (erreur == "taille")
        {
            ModelState.AddModelError(nameof(Upload), TooLarge);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        ModelState.Clear();
        var file = Upload;
        DocumentKind? kind = null;
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), file is null ? "Choisissez une photo (JPEG, PNG) ou un document PDF." : "Le fichier est vide.");
        }
        else if (file.Length > store.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), TooLarge);
        }
        else if (await DocumentKinds.CheckUploadAsync(file, ct) is { } typeError)
        {
            ModelState.AddModelError(nameof(Upload), typeError);
        }
        else
        {
            kind = DocumentKinds.FromExtension(file.FileName);
        }

        var title = ConfidentialRules.SafeTitle(string.IsNullOrWhiteSpace(Title) ? file?.FileName : Title);
        if (Title?.Trim().Length > 200)
        {
            ModelState.AddModelError(nameof(Title), "L’intitulé ne doit pas dépasser 200 caractères.");
        }

        var people = new List<SessionMediaPerson>();
        foreach (var shown in Shown.Where(s => s.Shown))
        {
            var name = Members.FirstOrDefault(m => m.Id == shown.MemberId)?.Name;
            if (name is null)
            {
                ModelState.AddModelError(nameof(Shown), "Une personne indiquée n’est pas membre du projet : rechargez la page.");
                continue;
            }

            if (!shown.Consented)
            {
                ModelState.AddModelError(nameof(Shown), $"{name} apparaît sur le fichier sans avoir donné son accord : sans consentement, la photo ne peut pas être ajoutée.");
                continue;
            }

            if (!DateOnly.TryParseExact(shown.ConsentedOn ?? "", "yyyy-MM-dd", out var on) || on > Today)
            {
                ModelState.AddModelError(nameof(Shown), $"Indiquez la date (passée ou du jour) à laquelle {name} a donné son accord.");
                continue;
            }

            people.Add(new SessionMediaPerson { MemberId = shown.MemberId, ConsentedOn = on });
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var organisationId = me.OrganisationId!.Value;
        DocumentStore.Stored saved;
        await using (var content = file!.OpenReadStream())
        {
            saved = await store.SaveAsync(organisationId, content, ct);
        }

        try
        {
            db.SessionMedia.Add(new SessionMedia
            {
                SessionId = id,
                Title = title.Length > 0 ? title : "Photo",
                ContentType = kind!.Value.ContentType(),
                SizeBytes = saved.Size,
                StorageName = saved.StorageName,
                Sha256 = saved.Sha256,
                UploadedByUserId = me.UserId,
                People = people,
            });
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            store.Delete(organisationId, saved.StorageName); // no file without its record
            throw;
        }

        TempData["Message"] = $"« {title} » est ajouté à la séance.";
        return Redirect($"/Collective/Sessions/{id}/Media");
    }

    /// <summary>A member withdraws their consent: the photo is hidden from then on (kept for the record, never shown).</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid personId, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        var person = await db.SessionMediaPeople
            .Where(p => p.Id == personId && db.Set<SessionMedia>().Any(m => m.Id == p.MediaId && m.SessionId == id))
            .FirstOrDefaultAsync(ct);
        if (person is null || Members.All(m => m.Id != person.MemberId))
        {
            return NotFound();
        }

        person.WithdrawnOn ??= Today;
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"Le consentement de {MemberName(person.MemberId)} est retiré : le fichier n’est plus affiché.";
        return Redirect($"/Collective/Sessions/{id}/Media");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await SessionLoad.SessionAsync(db, access, id, tracked: false, ct) is not { } found)
        {
            return NotFound();
        }

        (Session, Project) = found;
        if (!await access.IsProjectStaffAsync(Project.Id, ct))
        {
            return Forbid();
        }

        Members = await SessionRules.NamesAsync(db, await access.VisibleMembersAsync(Project.Id, ct), ct);
        var visible = Members.Select(m => m.Id).ToList();
        // A file showing someone the caller may not see (a confidential member) is not listed to them.
        Media = await db.SessionMedia.AsNoTracking().Include(m => m.People)
            .Where(m => m.SessionId == id && m.People.All(p => visible.Contains(p.MemberId)))
            .OrderBy(m => m.CreatedAt).ToListAsync(ct);
        if (Shown.Count == 0)
        {
            Shown = Members.Where(m => m.Current).Select(m => new ShownInput { MemberId = m.Id, ConsentedOn = Today.ToString("yyyy-MM-dd") }).ToList();
        }

        return null;
    }

    public string? Error(string key) => ModelState.Error(key);
}
