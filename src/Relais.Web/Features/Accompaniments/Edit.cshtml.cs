using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>
/// The file's framework: what the consent covers, the person's own account (in their words), the next review date and
/// the referents. Optimistic concurrency on the accompaniment's version: a lost race keeps the input and shows the
/// stored version (409).
/// </summary>
public sealed class EditFileModel(RelaisDbContext db, AccompanimentAccess access) : FileFormPageModel(access)
{
    [BindProperty] public FrameInput Input { get; set; } = new();

    public List<(Guid Id, string Name)> People { get; private set; } = [];

    /// <summary>The version stored now, after a lost race.</summary>
    public Accompaniment? Current { get; private set; }

    public List<string> CurrentReferents { get; private set; } = [];

    public sealed class FrameInput
    {
        public string? ConsentScope { get; set; }
        public string? OwnAccount { get; set; }
        public string? NextReviewOn { get; set; }
        public List<Guid> Referents { get; set; } = [];
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var file = await LoadAsync(id, ct);
        if (file is null)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        Input = new FrameInput
        {
            ConsentScope = file.ConsentScope,
            OwnAccount = file.OwnAccount,
            NextReviewOn = FileFormat.Iso(file.NextReviewOn),
            Referents = file.Referents.Select(r => r.UserId).ToList(),
            Version = file.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var file = await LoadAsync(id, ct);
        if (file is null)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        var scope = check.Text("Input.ConsentScope", Input.ConsentScope, "ce que couvre le consentement", 1000, required: false);
        var account = check.Text("Input.OwnAccount", Input.OwnAccount, "le récit de la personne", 4000, required: false);
        var review = check.Date("Input.NextReviewOn", Input.NextReviewOn, "la date de la prochaine révision", required: false);
        if (review is { } r && r < file.ConsentDate)
        {
            check.Fail("Input.NextReviewOn", "La prochaine révision ne peut pas précéder le consentement.");
        }

        var possible = People.Select(p => p.Id).ToHashSet();
        var referents = Input.Referents.Distinct().ToList();
        if (referents.Count == 0)
        {
            check.Fail("Input.Referents", "Choisissez au moins un·e référent·e.");
        }
        else if (referents.Any(x => !possible.Contains(x)))
        {
            check.Fail("Input.Referents", "Un·e référent·e doit être un·e Responsable ou un·e Conseiller·ère actif·ve de l’organisation.");
        }

        if (!check.Ok)
        {
            return Page();
        }

        db.Entry(file).Property(a => a.Version).OriginalValue = Input.Version;
        file.ConsentScope = scope;
        file.OwnAccount = account;
        file.NextReviewOn = review;
        db.AccompanimentReferents.RemoveRange(file.Referents.Where(x => !referents.Contains(x.UserId)));
        foreach (var user in referents.Where(u => file.Referents.All(x => x.UserId != u)))
        {
            db.AccompanimentReferents.Add(new AccompanimentReferent { AccompanimentId = file.Id, UserId = user });
        }

        // A change of referents alone must also check and move the file's version.
        db.Entry(file).Property(a => a.UpdatedAt).IsModified = true;
        if (!await TrySaveAsync(db, ct))
        {
            Current = await LoadAsync(id, ct);
            if (Current is null)
            {
                return NotFound();
            }

            CurrentReferents = People.Where(p => Current.Referents.Any(x => x.UserId == p.Id)).Select(p => p.Name).ToList();
            Input.Version = Current.Version; // the next save is a deliberate overwrite of the version now seen
            return ConflictResult();
        }

        return BackToFile("Le cadre du dossier a été enregistré.", "cadre");
    }

    private async Task<Accompaniment?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return null;
        }

        if (People.Count == 0)
        {
            People = await Access.PossibleReferentsAsync(ct);
        }

        return await db.Accompaniments.Include(a => a.Referents).FirstOrDefaultAsync(a => a.Id == id, ct);
    }
}
