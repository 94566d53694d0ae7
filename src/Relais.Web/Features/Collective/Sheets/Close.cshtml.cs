using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Collective.Budget;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sheets;

/// <summary>
/// "Clore le projet" (project staff): the project becomes Closed on the given day and a draft practice sheet is
/// written from its data; the team then edits it before finalising.
/// </summary>
public sealed class CloseModel(RelaisDbContext db, ProjectAccess access, CommuneDirectory communes, TimeProvider clock) : ProjectSectionPage(access, clock)
{
    [BindProperty] public CloseInput Input { get; set; } = new();

    public sealed class CloseInput
    {
        public string? ClosedOn { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } other)
        {
            return other;
        }

        Input = new CloseInput { ClosedOn = FileFormat.Iso(Today), Version = Project.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } other)
        {
            return other;
        }

        ModelState.Clear();
        var check = Check();
        var closedOn = check.Date("Input.ClosedOn", Input.ClosedOn, "la date de clôture", required: true, future: false);
        var project = await db.Projects.FirstAsync(p => p.Id == id, ct);
        if (closedOn is { } c && project.StartsOn is { } s && c < s)
        {
            check.Fail("Input.ClosedOn", $"La clôture ne peut pas précéder le début du projet ({FileFormat.Date(s)}).");
        }

        if (!check.Ok)
        {
            return Page();
        }

        db.Entry(project).Property(p => p.Version).OriginalValue = Input.Version;
        project.Status = ProjectStatus.Closed;
        project.ClosedOn = closedOn;
        var sheet = await SheetDraft.BuildAsync(db, communes, project, clock.GetUtcNow(), ct);
        db.PracticeSheets.Add(sheet);
        if (!await TrySaveAsync(db, ct))
        {
            await LoadProjectAsync(id, ct);
            Input.Version = Project.Version;
            return ConflictResult();
        }

        return Back($"/Collective/Sheets/Edit/{sheet.Id}", "Le projet est clos. Voici le brouillon de sa fiche d’expérience, prérempli : complétez-le (enseignements, ce qui peut être repris) puis finalisez-le.");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadProjectAsync(id, ct))
        {
            return NotFound();
        }

        if (!Project.IsStaff)
        {
            return Forbid();
        }

        if (await db.PracticeSheets.Where(s => s.ProjectId == id).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct) is { } sheet)
        {
            return Back($"/Collective/Sheets/{sheet}", "Ce projet est déjà clos : voici sa fiche d’expérience.");
        }

        return null;
    }

    private readonly TimeProvider clock = clock;
}
