using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;
using Relais.Infrastructure.Web;

namespace Relais.Features.Signals;

/// <summary>
/// Reporting a situation seen on the ground, phone first: find the household (or come from its page), tap the kind of
/// situation, optionally write a few words, send. Staff may also record what a partner told them, with its source.
/// </summary>
public sealed class SignalReportModel(RelaisDbContext db, HouseholdAccess access, CurrentUser me, TimeProvider clock) : PageModel
{
    public const int SearchLimit = 20;

    public sealed class ReportInput
    {
        public SignalType? Type { get; set; }
        public SignalSeverity? Severity { get; set; }
        public string? Note { get; set; }
        public bool NoteConfidential { get; set; }
        public bool FromPartner { get; set; }
        public string? PartnerSource { get; set; }
    }

    public sealed record HouseholdLine(Guid Id, string TenantReference, string? LastName, string? FirstName, string? Street, string? Staircase, string? Door, string? Commune);

    /// <summary>A household to report about: the lease holder's name and the address (names are upper-cased here, not by SQLite).</summary>
    public sealed record Candidate(Guid Id, string Name, string? Address)
    {
        public static Candidate From(HouseholdLine h) => new(
            h.Id,
            h.LastName is null ? $"Ménage {h.TenantReference}" : $"{h.LastName.ToUpperInvariant()} {h.FirstName}",
            h.Street is null ? null : $"{h.Street}, esc. {h.Staircase}, porte {h.Door} – {h.Commune}");
    }

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public ReportInput Input { get; set; } = new();

    public Candidate? Household { get; private set; }
    public IReadOnlyList<Candidate> Candidates { get; private set; } = [];
    public bool Searched { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? householdId, CancellationToken ct)
    {
        if (householdId is { } id)
        {
            Household = await FindAsync(id, ct);
            return Household is null ? NotFound() : Page();
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            Searched = true;
            var found = await Project(db.Households.AsNoTracking().VisibleIn(access.Scope).Matching(db.HouseholdSearchTerms, Features.Households.HouseholdSearchTerms.QueryTokens(Q))
                    .OrderBy(h => h.SortName).ThenBy(h => h.Id).Take(SearchLimit))
                .ToListAsync(ct);
            Candidates = found.Select(Candidate.From).ToList();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? householdId, CancellationToken ct)
    {
        Household = householdId is { } id ? await FindAsync(id, ct) : null;
        if (Household is null)
        {
            return NotFound();
        }

        ModelState.Clear(); // binding messages are English; the rules below say it in French
        var note = Input.Note?.Trim();
        var partner = Input.PartnerSource?.Trim();
        if (Input.Type is not { } type || !ReportedSignals.Types.Contains(type))
        {
            ModelState.AddModelError("Input.Type", "Choisissez ce que vous avez constaté.");
        }
        else if (type == SignalType.Other && string.IsNullOrEmpty(note))
        {
            ModelState.AddModelError("Input.Note", "Pour « Autre », décrivez la situation en quelques mots.");
        }

        if (note is { Length: > 2000 })
        {
            ModelState.AddModelError("Input.Note", "La note ne doit pas dépasser 2 000 caractères.");
        }

        if (Input.Severity is { } severity && !Enum.IsDefined(severity))
        {
            ModelState.AddModelError("Input.Severity", "Choisissez une gravité dans la liste.");
        }

        if (Input.FromPartner && string.IsNullOrEmpty(partner))
        {
            ModelState.AddModelError("Input.PartnerSource", "Indiquez quel partenaire a fait ce signalement (par exemple : CCAS de Villejuif).");
        }
        else if (partner is { Length: > 200 })
        {
            ModelState.AddModelError("Input.PartnerSource", "Le nom du partenaire ne doit pas dépasser 200 caractères.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var reportType = Input.Type!.Value;
        var reporter = User.FindFirst("relais:display")?.Value ?? me.Name ?? "";
        var today = clock.GetLocalNow().ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("fr-FR"));
        var explanation = Input.FromPartner
            ? $"{reportType.Label()} : signalé par le partenaire « {partner} », enregistré par {reporter} le {today}"
            : $"{reportType.Label()} : constaté par {reporter} ({me.Role?.Label()}) le {today}";
        var signal = new Signal
        {
            HouseholdId = Household.Id,
            Source = Input.FromPartner ? SignalSource.Partner : SignalSource.Staff,
            Type = reportType,
            Severity = Input.Severity ?? ReportedSignals.DefaultSeverity(reportType),
            Status = SignalStatus.New,
            Explanation = Clip(explanation, 500),
            PublicExplanation = Clip(explanation, 500),
            Note = string.IsNullOrEmpty(note) ? null : note,
            NoteConfidential = Input.NoteConfidential && !string.IsNullOrEmpty(note),
            PartnerSource = Input.FromPartner ? partner : null,
            ReportedByUserId = me.UserId,
            ReportedByName = Clip(reporter, 160),
            DetectedAt = clock.GetUtcNow(),
        };
        db.Signals.Add(signal);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "Merci : le signalement est enregistré. L’équipe sociale le verra dans la liste des signaux.";
        return Redirect($"/Signals/Details/{signal.Id}");
    }

    private async Task<Candidate?> FindAsync(Guid id, CancellationToken ct) =>
        (await Project(db.Households.AsNoTracking().VisibleIn(access.Scope).Where(h => h.Id == id)).ToListAsync(ct))
            .Select(Candidate.From).FirstOrDefault();

    private static IQueryable<HouseholdLine> Project(IQueryable<Household> households) => households
        .Select(h => new HouseholdLine(
            h.Id,
            h.TenantReference,
            h.Members.OrderBy(m => m.Role).ThenBy(m => m.BirthDate).Select(m => m.LastName).FirstOrDefault(),
            h.Members.OrderBy(m => m.Role).ThenBy(m => m.BirthDate).Select(m => m.FirstName).FirstOrDefault(),
            h.Dwelling != null ? h.Dwelling.Building!.Street : null,
            h.Dwelling != null ? h.Dwelling.Staircase : null,
            h.Dwelling != null ? h.Dwelling.Door : null,
            h.Dwelling != null ? h.Dwelling.Building!.Residence!.CommuneName : null));

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
