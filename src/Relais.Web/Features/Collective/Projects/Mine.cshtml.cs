using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Collective.Projects;

/// <summary>
/// A Habitant's collective space: the projects open to the residents of their residence (ask to join), their requests
/// and the answers, and proposing a project to the social team.
/// </summary>
public sealed class MyCollectiveModel(RelaisDbContext db, ResidentProjects residents, CurrentUser me, TimeProvider clock) : PageModel
{
    public sealed record OpenProject(Guid Id, string Title, string Theme, string Objectives, string Involvement, DateOnly? StartsOn, DateOnly? EndsOn);

    public ResidentPlace? Place { get; private set; }
    public List<OpenProject> Projects { get; private set; } = [];
    public HashSet<Guid> MemberOf { get; private set; } = [];
    public Dictionary<Guid, ProjectJoinRequest> Requests { get; private set; } = [];
    public List<ResidentProposal> Proposals { get; private set; } = [];

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? What { get; set; }
    [BindProperty] public string? Where { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostJoinAsync(Guid projectId, string? message, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Place is null || Projects.All(p => p.Id != projectId))
        {
            return NotFound();
        }

        ModelState.Clear();
        var key = $"message-{projectId}";
        var text = Check().Text(key, message, "votre message", ProjectJoinRequest.TextMaxLength, required: false) ?? "";
        if (MemberOf.Contains(projectId))
        {
            ModelState.AddModelError(key, "Vous participez déjà à ce projet.");
        }
        else if (Requests.TryGetValue(projectId, out var r) && r.Status == RequestStatus.Pending)
        {
            ModelState.AddModelError(key, "Votre demande est déjà envoyée : l’équipe vous répondra ici.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.ProjectJoinRequests.Add(new ProjectJoinRequest { ProjectId = projectId, PersonId = Place.PersonId, UserId = me.UserId, Message = text });
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "Votre demande a été envoyée à l’équipe du projet. Sa réponse apparaîtra sur cette page.";
        return Redirect("/Collective/Mine");
    }

    public async Task<IActionResult> OnPostProposeAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Place is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        var check = Check();
        var title = check.Text(nameof(Title), Title, "le nom de votre projet", Project.TitleMaxLength, required: true);
        var what = check.Text(nameof(What), What, "ce que vous proposez", Project.TextMaxLength, required: true);
        var where = check.Text(nameof(Where), Where, "le lieu", ResidentProposal.WhereMaxLength, required: false) ?? "";
        if (!check.Ok)
        {
            return Page();
        }

        db.ResidentProposals.Add(new ResidentProposal
        {
            PersonId = Place.PersonId, UserId = me.UserId, ResidenceId = Place.ResidenceId, Title = title!, What = what!, Place = where,
        });
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "Merci ! Votre proposition a été transmise à l’équipe sociale. Sa réponse apparaîtra sur cette page.";
        return Redirect("/Collective/Mine");
    }

    private FormCheck Check() => new(ModelState, DateOnly.FromDateTime(clock.GetLocalNow().DateTime));

    private async Task LoadAsync(CancellationToken ct)
    {
        Place = await residents.PlaceAsync(ct);
        if (Place is null)
        {
            return;
        }

        Projects = await residents.OpenTo(Place).AsNoTracking()
            .OrderBy(p => p.StartsOn).ThenBy(p => p.Title)
            .Select(p => new OpenProject(p.Id, p.Title, p.Theme!.Name, p.Objectives, p.ResidentInvolvement, p.StartsOn, p.EndsOn))
            .ToListAsync(ct);
        var ids = Projects.Select(p => p.Id).ToList();
        var person = Place.PersonId;
        MemberOf = (await db.ProjectMembers.AsNoTracking().Where(m => m.PersonId == person && m.LeftOn == null && ids.Contains(m.ProjectId))
            .Select(m => m.ProjectId).ToListAsync(ct)).ToHashSet();
        Requests = (await db.ProjectJoinRequests.AsNoTracking().Where(r => r.PersonId == person && ids.Contains(r.ProjectId)).ToListAsync(ct))
            .GroupBy(r => r.ProjectId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.CreatedAt).First());
        Proposals = (await db.ResidentProposals.AsNoTracking().Where(p => p.PersonId == person).ToListAsync(ct))
            .OrderByDescending(p => p.CreatedAt).ToList();
    }
}
