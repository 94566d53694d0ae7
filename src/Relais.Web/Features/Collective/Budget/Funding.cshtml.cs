using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Collective.Budget;

/// <summary>Adds, changes or deletes a funding line (project staff only).</summary>
public sealed class FundingModel(RelaisDbContext db, ProjectAccess access, TimeProvider clock) : ProjectSectionPage(access, clock)
{
    [BindProperty] public FundingInput Input { get; set; } = new();

    public IReadOnlyList<(Guid Id, string Name)> Partners { get; private set; } = [];
    public Guid? LineId { get; private set; }

    /// <summary>After a lost race: the line as stored now.</summary>
    public ProjectFundingLine? Current { get; private set; }

    public sealed class FundingInput
    {
        public string? Source { get; set; }
        public Guid? PartnerId { get; set; }
        public string? Status { get; set; }
        public string? Requested { get; set; }
        public string? Granted { get; set; }
        public string? Received { get; set; }
        public string? RequestedOn { get; set; }
        public string? GrantedOn { get; set; }
        public string? ReceivedOn { get; set; }
        public string? Note { get; set; }
        public int Version { get; set; }
    }

    public string BudgetUrl => $"/Collective/Budget/{Project.Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? lineId, CancellationToken ct)
    {
        if (await LoadAsync(id, lineId, ct) is { } refused)
        {
            return refused;
        }

        if (lineId is { } lid)
        {
            var l = await db.ProjectFundingLines.AsNoTracking().FirstAsync(x => x.Id == lid, ct);
            Input = From(l);
        }
        else
        {
            Input = new FundingInput { Status = nameof(FundingStatus.Requested) };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? lineId, CancellationToken ct)
    {
        if (await LoadAsync(id, lineId, ct) is { } refused)
        {
            return refused;
        }

        ModelState.Clear();
        var check = Check();
        var source = check.Text("Input.Source", Input.Source, "le financeur", ProjectFundingLine.SourceMaxLength, required: false);
        Guid? partner = null;
        if (Input.PartnerId is { } pid)
        {
            if (Partners.All(p => p.Id != pid))
            {
                check.Fail("Input.PartnerId", "Choisissez un partenaire de la liste.");
            }
            else
            {
                partner = pid;
            }
        }

        if (source is null && partner is null && Input.PartnerId is null)
        {
            check.Fail("Input.Source", "Indiquez le financeur, ou choisissez un partenaire.");
        }
        else if (source is not null && partner is not null)
        {
            check.Fail("Input.Source", "Indiquez le financeur ou choisissez un partenaire, pas les deux.");
        }

        var status = check.Choice<FundingStatus>("Input.Status", Input.Status, "le statut du financement");
        var requested = check.Euros("Input.Requested", Input.Requested, "le montant demandé", required: false);
        var granted = check.Euros("Input.Granted", Input.Granted, "le montant accordé", required: status is FundingStatus.Granted);
        var received = check.Euros("Input.Received", Input.Received, "le montant versé", required: status is FundingStatus.Received);
        var requestedOn = check.Date("Input.RequestedOn", Input.RequestedOn, "la date de la demande", required: false);
        var grantedOn = check.Date("Input.GrantedOn", Input.GrantedOn, "la date de la décision", required: false);
        var receivedOn = check.Date("Input.ReceivedOn", Input.ReceivedOn, "la date du versement", required: false, future: false);
        var note = check.Text("Input.Note", Input.Note, "l’explication", ProjectFundingLine.NoteMaxLength, required: false);

        if (status == FundingStatus.Refused && granted is > 0)
        {
            check.Fail("Input.Granted", "Un financement refusé n’a pas de montant accordé : videz ce champ ou changez le statut.");
        }

        if (status is FundingStatus.Lead or FundingStatus.Requested or FundingStatus.Refused && received is > 0)
        {
            check.Fail("Input.Received", $"Un financement « {status.Value.Label().ToLowerInvariant()} » n’a rien versé : choisissez le statut « Versé » ou videz ce champ.");
        }

        if (received is { } rc && note is null)
        {
            if (granted is { } g && rc > g)
            {
                check.Fail("Input.Note", $"Le montant versé ({BudgetRules.Euros(rc)}) dépasse le montant accordé ({BudgetRules.Euros(g)}) : expliquez pourquoi (complément, décision modificative…).");
            }
            else if (granted is null && requested is { } r && rc > r)
            {
                check.Fail("Input.Note", $"Le montant versé ({BudgetRules.Euros(rc)}) dépasse le montant demandé ({BudgetRules.Euros(r)}) : expliquez pourquoi.");
            }
        }

        if (requestedOn is { } ro && grantedOn is { } go && go < ro)
        {
            check.Fail("Input.GrantedOn", "La décision ne peut pas précéder la demande.");
        }

        if (grantedOn is { } go2 && receivedOn is { } rco && rco < go2)
        {
            check.Fail("Input.ReceivedOn", "Le versement ne peut pas précéder la décision.");
        }

        if (!check.Ok)
        {
            return Page();
        }

        ProjectFundingLine line;
        if (lineId is { } lid)
        {
            line = await db.ProjectFundingLines.FirstAsync(x => x.Id == lid, ct);
            db.Entry(line).Property(x => x.Version).OriginalValue = Input.Version;
        }
        else
        {
            line = new ProjectFundingLine { ProjectId = Project.Id };
            db.ProjectFundingLines.Add(line);
        }

        line.Source = partner is null ? source ?? "" : "";
        line.PartnerOrganisationId = partner;
        line.Status = status!.Value;
        line.Requested = requested;
        line.Granted = granted;
        line.Received = received;
        line.RequestedOn = requestedOn;
        line.GrantedOn = grantedOn;
        line.ReceivedOn = receivedOn;
        line.Note = note ?? "";
        if (!await TrySaveAsync(db, ct))
        {
            return await LostRaceAsync(lineId!.Value, ct);
        }

        return Back($"{BudgetUrl}#ligne-{line.Id}", lineId is null ? "Le financement a été ajouté." : "Le financement a été modifié.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid? lineId, CancellationToken ct)
    {
        if (lineId is null)
        {
            return NotFound();
        }

        if (await LoadAsync(id, lineId, ct) is { } refused)
        {
            return refused;
        }

        var line = await db.ProjectFundingLines.FirstAsync(x => x.Id == lineId, ct);
        db.Entry(line).Property(x => x.Version).OriginalValue = Input.Version;
        db.ProjectFundingLines.Remove(line);
        if (!await TrySaveAsync(db, ct))
        {
            return await LostRaceAsync(lineId.Value, ct);
        }

        return Back(BudgetUrl, "Le financement a été supprimé.");
    }

    private async Task<IActionResult> LostRaceAsync(Guid lineId, CancellationToken ct)
    {
        Current = await db.ProjectFundingLines.AsNoTracking().FirstOrDefaultAsync(x => x.Id == lineId, ct);
        if (Current is null)
        {
            return NotFound();
        }

        Input.Version = Current.Version;
        return ConflictResult();
    }

    /// <summary>Null when the caller may change this project's lines; else the answer (404 unseen, 403 not staff).</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, Guid? lineId, CancellationToken ct)
    {
        if (!await LoadProjectAsync(id, ct))
        {
            return NotFound();
        }

        if (lineId is { } lid && !await db.ProjectFundingLines.AnyAsync(x => x.Id == lid && x.ProjectId == id, ct))
        {
            return NotFound();
        }

        if (!Project.IsStaff)
        {
            return Forbid();
        }

        LineId = lineId;
        Partners = (await db.PartnerOrganisations.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            .Select(p => (p.Id, p.Name)).ToList();
        return null;
    }

    private static FundingInput From(ProjectFundingLine l) => new()
    {
        Source = l.Source,
        PartnerId = l.PartnerOrganisationId,
        Status = l.Status.ToString(),
        Requested = BudgetRules.Input(l.Requested),
        Granted = BudgetRules.Input(l.Granted),
        Received = BudgetRules.Input(l.Received),
        RequestedOn = FileFormat.Iso(l.RequestedOn),
        GrantedOn = FileFormat.Iso(l.GrantedOn),
        ReceivedOn = FileFormat.Iso(l.ReceivedOn),
        Note = l.Note,
        Version = l.Version,
    };

    public static IReadOnlyList<(string, string)> StatusChoices() =>
        EnumLabels.All<FundingStatus>().Select(x => (x.Value.ToString(), x.Label)).ToList();
}
