using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Housing;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Outreach;

/// <summary>
/// Creates a campaign, its team and its targets: either from open signals checked in a list ("nouveau" ones,
/// which move to "en cours d'aller-vers"), or door-to-door from everyone living in a building or residence.
/// Households that refused a contact recently are held back, with the reason shown.
/// </summary>
public sealed class CreateCampaignModel(RelaisDbContext db, CurrentUser me, HouseholdAccess access, TimeProvider clock) : CampaignFormModel
{
    /// <summary>At most this many signals are listed: the filters narrow the list down.</summary>
    public const int MaxSignals = 300;

    public const string FromSignals = "signals";
    public const string FromPlace = "place";

    /// <summary>"signals" (default) or "place" (door-to-door).</summary>
    [BindProperty(SupportsGet = true)] public string? Source { get; set; }

    /// <summary>The signals checked; may come pre-checked in the query (?signalIds=…, repeated), e.g. from the signals list.</summary>
    [BindProperty(SupportsGet = true)] public List<Guid> SignalIds { get; set; } = [];

    /// <summary>"residence:{id}" or "building:{id}".</summary>
    [BindProperty(SupportsGet = true)] public string? Place { get; set; }

    [BindProperty(SupportsGet = true)] public Guid? Sector { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Residence { get; set; }

    public bool IsPlace => Source == FromPlace;

    public List<SignalRow> Signals { get; private set; } = [];
    public int SignalTotal { get; private set; }
    public List<(Guid Id, string Name)> Sectors { get; private set; } = [];
    public List<PlaceGroup> Places { get; private set; } = [];

    public override string CancelUrl => "/Outreach";

    public sealed record SignalRow(Guid Id, string Household, string Address, SignalType Type, SignalSeverity Severity, SignalSource Source,
        string Why, string? Note, DateTimeOffset DetectedAt, string? HoldReason);

    public sealed record PlaceGroup(Guid ResidenceId, string Residence, string Commune, List<(Guid Id, string Label)> Buildings);

    public TimeZoneInfo Zone => clock.LocalTimeZone;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Source = Source == FromPlace ? FromPlace : FromSignals;
        var today = Today;
        Input.StartDate = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (me.UserId is { } self)
        {
            Input.Team = [self];
        }

        await LoadChoicesAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Source = Source == FromPlace ? FromPlace : FromSignals;
        People = await TeamChoicesAsync(db, me.OrganisationId!.Value, ct);
        var valid = Report(Input.Validate(People.Select(p => p.Id).ToList(), out var values));
        var place = CampaignTargets.Place.Parse(Place);
        var scope = access.Scope;
        if (IsPlace)
        {
            if (place is null || !await PlaceIsVisibleAsync(place, ct))
            {
                ModelState.AddModelError(nameof(Place), "Choisissez le bâtiment ou la résidence où aller frapper aux portes.");
                valid = false;
            }
        }
        else if (SignalIds.Count == 0)
        {
            ModelState.AddModelError(nameof(SignalIds), "Cochez au moins un signalement.");
            valid = false;
        }
        else
        {
            var open = await CampaignTargets.CountOpenAsync(db, scope, SignalIds, ct);
            if (open < SignalIds.Distinct().Count())
            {
                ModelState.AddModelError(nameof(SignalIds),
                    "Un ou plusieurs signalements cochés ne sont plus ouverts (pris en charge entre-temps) : la liste ci-dessous est à jour, vérifiez votre choix.");
                valid = false;
            }
        }

        if (!valid)
        {
            await LoadChoicesAsync(ct);
            return Page();
        }

        var settings = await OutreachSettingsStore.GetOrCreateAsync(db, ct);
        var now = clock.GetUtcNow();
        var targets = IsPlace
            ? await CampaignTargets.FromPlaceAsync(db, scope, place!, Today, settings, now, Zone, ct)
            : await CampaignTargets.FromSignalsAsync(db, scope, SignalIds, settings, now, Zone, ct);
        if (targets.Count == 0)
        {
            ModelState.AddModelError(IsPlace ? nameof(Place) : nameof(SignalIds), IsPlace
                ? "Aucun ménage de votre périmètre n'habite ce lieu aujourd'hui : choisissez-en un autre."
                : "Ces signalements ne sont plus ouverts : la liste ci-dessous est à jour.");
            await LoadChoicesAsync(ct);
            return Page();
        }

        var campaign = new OutreachCampaign
        {
            Name = values.Name,
            Channel = values.Channel,
            Status = values.StartDate > Today ? CampaignStatus.Draft : CampaignStatus.Active,
            StartDate = values.StartDate,
            EndDate = values.EndDate,
            Notes = values.Notes,
            CreatedByUserId = me.UserId,
        };
        campaign.Team.AddRange(values.Team.Select(u => new CampaignMember { CampaignId = campaign.Id, UserId = u }));
        foreach (var target in targets)
        {
            target.CampaignId = campaign.Id;
        }

        campaign.Targets.AddRange(targets);
        db.OutreachCampaigns.Add(campaign);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A signal was taken by someone else between the check and the save: nothing was written.
            db.ChangeTracker.Clear();
            ModelState.AddModelError(nameof(SignalIds),
                "Un signalement a été pris en charge par quelqu'un d'autre pendant votre saisie : rien n'a été enregistré. La liste ci-dessous est à jour.");
            await LoadChoicesAsync(ct);
            return Page();
        }

        var held = targets.Count(t => t.Status == TargetStatus.HeldBack);
        var approached = targets.Count - held;
        TempData["Message"] = $"La tournée « {campaign.Name} » est créée : {approached} ménage{(approached > 1 ? "s" : "")} à rencontrer"
            + (held > 0 ? $", {held} mis en attente (refus récent)." : ".");
        return Redirect($"/Outreach/Campaign/{campaign.Id}");
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    private async Task<bool> PlaceIsVisibleAsync(CampaignTargets.Place place, CancellationToken ct)
    {
        var residences = db.Residences.VisibleIn(HousingScope.Of(me));
        return place.IsResidence
            ? await residences.AnyAsync(r => r.Id == place.Id, ct)
            : await residences.Buildings().AnyAsync(b => b.Id == place.Id, ct);
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        if (People.Count == 0)
        {
            People = await TeamChoicesAsync(db, me.OrganisationId!.Value, ct);
        }

        var sectors = await db.Sectors.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        Sectors = sectors.Select(s => (s.Id, s.Name)).ToList();
        var residences = await db.Residences.AsNoTracking().VisibleIn(HousingScope.Of(me))
            .Select(r => new
            {
                r.Id, r.Name, r.CommuneName, r.SectorId,
                Buildings = r.Buildings.Select(b => new { b.Id, b.Name, b.Street }).ToList(),
            })
            .ToListAsync(ct);
        var order = HousingQueries.NaturalOrder;
        Places = residences.OrderBy(r => r.Name, order)
            .Select(r => new PlaceGroup(r.Id, r.Name, r.CommuneName,
                r.Buildings.OrderBy(b => b.Name, order).Select(b => (b.Id, $"{b.Name} – {b.Street}")).ToList()))
            .ToList();
        if (!IsPlace)
        {
            await LoadSignalsAsync(ct);
        }
    }

    private async Task LoadSignalsAsync(CancellationToken ct)
    {
        var view = await OutreachView.ForAsync(db, me, access, ct);
        var households = db.Households.VisibleIn(view.Scope);
        if (Sector is { } sector)
        {
            households = households.Where(h => h.Dwelling != null && h.Dwelling.Building!.Residence!.SectorId == sector);
        }

        if (Residence is { } residence)
        {
            households = households.Where(h => h.Dwelling != null && h.Dwelling.Building!.ResidenceId == residence);
        }

        var query = db.Signals.AsNoTracking().Where(s => s.Status == SignalStatus.New && households.Any(h => h.Id == s.HouseholdId));
        SignalTotal = await query.CountAsync(ct);
        var debts = view.SeesDebtAmounts;
        var confidential = view.SeesConfidentialNotes;
        var rows = await query.OrderByDescending(s => s.Severity).ThenBy(s => s.DetectedAt).Take(MaxSignals)
            .Select(s => new
            {
                s.Id, s.HouseholdId, s.Household!.TenantReference,
                Holder = s.Household.Members.OrderBy(m => m.Role).ThenBy(m => m.BirthDate).Select(m => new { m.FirstName, m.LastName }).FirstOrDefault(),
                Street = s.Household.Dwelling != null ? s.Household.Dwelling.Building!.Street : null,
                Staircase = s.Household.Dwelling != null ? s.Household.Dwelling.Staircase : null,
                Door = s.Household.Dwelling != null ? s.Household.Dwelling.Door : null,
                Commune = s.Household.Dwelling != null ? s.Household.Dwelling.Building!.Residence!.CommuneName : null,
                s.Type, s.Severity, s.Source,
                Why = debts ? s.Explanation : s.PublicExplanation,
                Note = confidential || !s.NoteConfidential ? s.Note : null,
                s.DetectedAt,
            })
            .ToListAsync(ct);
        var settings = await OutreachSettingsStore.ReadAsync(db, ct);
        var holds = await RefusalHolds.ReasonsAsync(db, rows.Select(r => r.HouseholdId).ToList(), settings.RefusalHoldMonths, clock.GetUtcNow(), Zone, ct);
        Signals = rows.Select(r => new SignalRow(r.Id,
                r.Holder is null ? $"Ménage {r.TenantReference}" : $"{r.Holder.LastName.ToUpperInvariant()} {r.Holder.FirstName}",
                r.Street is null ? "Aucun logement rattaché" : $"{r.Street}, esc. {r.Staircase}, porte {r.Door} – {r.Commune}",
                r.Type, r.Severity, r.Source,
                string.IsNullOrWhiteSpace(r.Why) ? Infrastructure.Web.EnumLabels.Label(r.Type) : r.Why,
                r.Note, r.DetectedAt, holds.GetValueOrDefault(r.HouseholdId)))
            .ToList();
    }
}
