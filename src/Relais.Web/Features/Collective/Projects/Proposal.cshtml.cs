using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Collective.Projects;

/// <summary>One resident's proposal: answer it (the resident reads the answer in their space), or turn it into a project
/// carried by the resident (Origin = Residents, the resident as porteur, their residence as territory).</summary>
public sealed class ProposalModel(RelaisDbContext db, CurrentUser me, TimeProvider clock) : PageModel
{
    public ResidentProposal Proposal { get; private set; } = null!;
    public string Person { get; private set; } = "";
    public string? Residence { get; private set; }
    public List<ProjectTheme> Themes { get; private set; } = [];

    [BindProperty] public string? Answer { get; set; }
    [BindProperty] public string? ThemeId { get; set; }
    [BindProperty] public int Version { get; set; }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Answer = Proposal.Answer;
        Version = Proposal.Version;
        return Page();
    }

    /// <summary>A post without handler: nothing to do (404 for another organisation's proposal).</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? BadRequest() : NotFound();

    public async Task<IActionResult> OnPostAnswerAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        var text = new FormCheck(ModelState, Today).Text(nameof(Answer), Answer, "votre réponse", ResidentProposal.AnswerMaxLength, required: true);
        if (text is null || !ModelState.IsValid)
        {
            return Status(StatusCodes.Status422UnprocessableEntity);
        }

        var proposal = await db.ResidentProposals.FirstAsync(p => p.Id == id, ct);
        db.Entry(proposal).Property(p => p.Version).OriginalValue = Version;
        proposal.Answer = text;
        if (proposal.Status == ProposalStatus.New)
        {
            proposal.Status = ProposalStatus.Answered;
        }

        proposal.AnsweredAt = clock.GetUtcNow();
        proposal.AnsweredByUserId = me.UserId;
        if (await SaveAsync(id, ct) is { } conflict)
        {
            return conflict;
        }

        TempData["Message"] = "Votre réponse a été enregistrée : l’habitant la verra dans son espace.";
        return Redirect($"/Collective/Proposal/{id}");
    }

    public async Task<IActionResult> OnPostConvertAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        if (Proposal.Status == ProposalStatus.Converted)
        {
            ModelState.AddModelError("", "Cette proposition est déjà devenue un projet.");
            return Status(StatusCodes.Status409Conflict);
        }

        if (!Guid.TryParse(ThemeId, out var theme) || !Themes.Any(t => t.Id == theme && t.IsActive))
        {
            ModelState.AddModelError(nameof(ThemeId), "Choisissez le thème du projet dans la liste.");
            return Status(StatusCodes.Status422UnprocessableEntity);
        }

        var proposal = await db.ResidentProposals.FirstAsync(p => p.Id == id, ct);
        db.Entry(proposal).Property(p => p.Version).OriginalValue = Version;
        var project = new Project
        {
            Title = proposal.Title,
            ThemeId = theme,
            Origin = ProjectOrigin.Residents,
            Status = ProjectStatus.Preparing,
            ActionMode = ActionMode.Support,
            Objectives = proposal.What,
            ResidentInvolvement = string.IsNullOrWhiteSpace(proposal.Place) ? "" : $"Lieu proposé : {proposal.Place}",
            CreatedByUserId = me.UserId,
        };
        if (proposal.ResidenceId is { } residence)
        {
            project.Territory.Add(new ProjectTerritory { ProjectId = project.Id, ResidenceId = residence });
        }

        db.Projects.Add(project);
        db.ProjectMembers.Add(new ProjectMember { ProjectId = project.Id, Kind = MemberKind.Resident, Role = MemberRole.Carrier, PersonId = proposal.PersonId, JoinedOn = Today });
        if (me.Role != Role.Manager && me.UserId is { } user)
        {
            db.ProjectMembers.Add(new ProjectMember { ProjectId = project.Id, Kind = MemberKind.Staff, Role = MemberRole.Referent, UserId = user, JoinedOn = Today });
        }

        proposal.Status = ProposalStatus.Converted;
        proposal.ProjectId = project.Id;
        if (string.IsNullOrWhiteSpace(proposal.Answer))
        {
            proposal.Answer = "Bonne nouvelle : votre proposition devient un projet, dont vous êtes porteur·se. L’équipe sociale vous contacte pour la suite.";
        }

        proposal.AnsweredAt = clock.GetUtcNow();
        proposal.AnsweredByUserId = me.UserId;
        if (await SaveAsync(id, ct) is { } conflict)
        {
            return conflict;
        }

        TempData["Message"] = $"La proposition est devenue le projet « {project.Title} », porté par {Person}. Complétez sa fiche.";
        return Redirect($"/Collective/Project/{project.Id}/Edit");
    }

    private PageResult Status(int code)
    {
        var page = Page();
        page.StatusCode = code;
        return page;
    }

    private async Task<IActionResult?> SaveAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            Version = Proposal.Version;
            ModelState.AddModelError("", "Quelqu’un d’autre a répondu à cette proposition entre-temps : voici sa version à jour ; votre saisie est conservée.");
            return Status(StatusCodes.Status409Conflict);
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var proposal = await db.ResidentProposals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (proposal is null)
        {
            return false;
        }

        Proposal = proposal;
        Person = await db.Persons.Where(p => p.Id == proposal.PersonId).Select(p => p.FirstName + " " + p.LastName).FirstOrDefaultAsync(ct) ?? "—";
        Residence = await db.Residences.Where(r => r.Id == proposal.ResidenceId).Select(r => r.Name).FirstOrDefaultAsync(ct);
        Themes = await ThemeCatalogue.LoadAsync(db, ct);
        return true;
    }
}
