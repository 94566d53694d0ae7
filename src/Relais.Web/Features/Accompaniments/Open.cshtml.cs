using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Outreach;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments;

/// <summary>
/// Opens an individual accompaniment for one person of a household, only with their consent: the consent date
/// (today or earlier) and how it was given are required; who recorded it is the current user. Usually reached from
/// a contact of an outreach round, whose attempt is kept on the record.
/// </summary>
public sealed class OpenAccompanimentModel(RelaisDbContext db, CurrentUser me, HouseholdAccess access, TimeProvider clock) : PageModel
{
    [BindProperty] public OpenInput Input { get; set; } = new();

    /// <summary>The contact attempt this comes from, when opened from a round.</summary>
    [BindProperty(SupportsGet = true)] public Guid? AttemptId { get; set; }

    public Household Household { get; private set; } = null!;
    public string Recorder => User.FindFirst("relais:display")?.Value ?? me.Name ?? "";
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public sealed class OpenInput
    {
        public Guid? PersonId { get; set; }
        public string? ConsentDate { get; set; }
        public string? ConsentChannel { get; set; }
        public string? ConsentScope { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid householdId, CancellationToken ct)
    {
        if (!await LoadAsync(householdId, ct))
        {
            return NotFound();
        }

        if (Household.Members.Count == 1)
        {
            Input.PersonId = Household.Members[0].Id;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid householdId, CancellationToken ct)
    {
        if (!await LoadAsync(householdId, ct))
        {
            return NotFound();
        }

        ModelState.Clear(); // binding messages are English; the rules below say it in French
        var person = Household.Members.FirstOrDefault(m => m.Id == Input.PersonId);
        if (person is null)
        {
            ModelState.AddModelError("Input.PersonId", "Choisissez la personne accompagnée.");
        }
        else if (await db.Accompaniments.AnyAsync(a => a.PersonId == person.Id && a.Status == AccompanimentStatus.Open, ct))
        {
            ModelState.AddModelError("Input.PersonId", $"Un accompagnement est déjà ouvert pour {person.FullName}.");
        }

        var consentDate = CampaignInput.ParseDate(Input.ConsentDate);
        if (string.IsNullOrWhiteSpace(Input.ConsentDate))
        {
            ModelState.AddModelError("Input.ConsentDate", "Indiquez la date à laquelle la personne a donné son consentement : pas d'accompagnement sans consentement.");
        }
        else if (consentDate is null)
        {
            ModelState.AddModelError("Input.ConsentDate", "La date du consentement n'est pas une date valide (jj/mm/aaaa).");
        }
        else if (consentDate > Today)
        {
            ModelState.AddModelError("Input.ConsentDate", "La date du consentement ne peut pas être dans le futur.");
        }

        if (!Enum.TryParse<ConsentChannel>(Input.ConsentChannel, out var channel) || !Enum.IsDefined(channel) || int.TryParse(Input.ConsentChannel, out _))
        {
            ModelState.AddModelError("Input.ConsentChannel", "Indiquez comment la personne a donné son consentement.");
        }

        var scope = new FormCheck(ModelState, Today).Text("Input.ConsentScope", Input.ConsentScope, "ce que couvre le consentement", 1000, required: false);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // Only an attempt on this very household is kept as the origin.
        var attemptId = AttemptId is { } a && await db.ContactAttempts.AnyAsync(x => x.Id == a && x.HouseholdId == householdId, ct) ? AttemptId : null;
        var accompaniment = new Accompaniment
        {
            HouseholdId = householdId,
            PersonId = person!.Id,
            Status = AccompanimentStatus.Open,
            ConsentDate = consentDate!.Value,
            ConsentChannel = channel,
            ConsentRecordedByUserId = me.UserId,
            ConsentRecordedByName = Recorder,
            ContactAttemptId = attemptId,
            ConsentScope = scope,
        };
        db.Accompaniments.Add(accompaniment);

        // Whoever opens it follows it first; the file's framework page changes the referents.
        if (me.UserId is { } opener)
        {
            db.AccompanimentReferents.Add(new AccompanimentReferent { AccompanimentId = accompaniment.Id, UserId = opener });
        }

        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"L’accompagnement de {person.FullName} est ouvert.";
        return Redirect($"/Households/Details/{householdId}");
    }

    private async Task<bool> LoadAsync(Guid householdId, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().VisibleIn(access.Scope)
            .Include(h => h.Members)
            .FirstOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null)
        {
            return false;
        }

        household.Members = household.Members.OrderBy(m => m.Role).ThenBy(m => m.BirthDate).ToList();
        Household = household;
        return true;
    }
}
