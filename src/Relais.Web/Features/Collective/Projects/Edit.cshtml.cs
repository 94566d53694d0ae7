using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Collective.Projects;

/// <summary>Edits a project (project staff only). A lost race keeps the user's input and shows the stored version (409).</summary>
public sealed class EditProjectModel(RelaisDbContext db, CurrentUser me, CommuneDirectory communes, TimeProvider clock, ProjectAccess access)
    : ProjectFormPageModel(db, me, communes, clock)
{
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Set when the save lost a race: the version now stored, shown beside the user's input.</summary>
    public Project? Conflict { get; private set; }

    public override string CancelUrl => $"/Collective/Project/{Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var project = await LoadAsync(id, ct);
        if (project is null)
        {
            return NotFound();
        }

        if (!await access.IsProjectStaffAsync(id, ct))
        {
            return Forbid();
        }

        Input = ProjectInput.From(project, Communes);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var project = await LoadAsync(id, ct);
        if (project is null)
        {
            return NotFound();
        }

        if (!await access.IsProjectStaffAsync(id, ct))
        {
            return Forbid();
        }

        var values = Validate();
        if (values is null)
        {
            return Page();
        }

        Db.Entry(project).Property(p => p.Version).OriginalValue = Input.Version;
        values.ApplyTo(project, Db);
        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            Conflict = await LoadAsync(id, ct);
            if (Conflict is null)
            {
                return NotFound();
            }

            // The next save is a deliberate overwrite of the version the user has now seen.
            Input.Version = Conflict.Version;
            ModelState.Clear();
            var page = Page();
            page.StatusCode = StatusCodes.Status409Conflict;
            return page;
        }

        TempData["Message"] = "Le projet a été enregistré.";
        return Redirect($"/Collective/Project/{id}");
    }

    private async Task<Project?> LoadAsync(Guid id, CancellationToken ct)
    {
        Id = id;
        var project = await access.Visible().Include(p => p.Territory).Include(p => p.Theme).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is not null)
        {
            Name = project.Title;
            StoredStatus = project.Status;
            CurrentThemeId = project.ThemeId;
            await LoadChoicesAsync(ct);
        }

        return project;
    }
}
