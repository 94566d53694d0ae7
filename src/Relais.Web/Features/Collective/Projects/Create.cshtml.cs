using Microsoft.AspNetCore.Mvc;
using Relais.Features.Communes;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Collective.Projects;

public sealed class CreateProjectModel(RelaisDbContext db, CurrentUser me, CommuneDirectory communes, TimeProvider clock)
    : ProjectFormPageModel(db, me, communes, clock)
{
    public override string CancelUrl => "/Collective";

    public async Task OnGetAsync(CancellationToken ct) => await LoadChoicesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        var values = Validate();
        if (values is null)
        {
            return Page();
        }

        var project = new Project { CreatedByUserId = Me.UserId };
        values.ApplyTo(project, Db);
        Db.Projects.Add(project);
        if (Me.Role != Role.Manager && Me.UserId is { } user)
        {
            // The creator runs the project: they are its staff (ProjectAccess.IsProjectStaffAsync).
            Db.ProjectMembers.Add(new ProjectMember { ProjectId = project.Id, Kind = MemberKind.Staff, Role = MemberRole.Referent, UserId = user, JoinedOn = Today });
        }

        await Db.SaveChangesAsync(ct);
        TempData["Message"] = $"Le projet « {project.Title} » a été créé.";
        return Redirect($"/Collective/Project/{project.Id}");
    }
}
