using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Signals;

/// <summary>The Responsable's thresholds for the ledger rules, the refusal hold and what field agents see; and "Relancer la détection".</summary>
public sealed class SignalSettingsModel(RelaisDbContext db, CurrentUser me, SignalDetector detector) : PageModel
{
    public const decimal MaxDebtMonths = 24m;
    public const int MaxRisingMonths = 12;
    public const int MaxHoldMonths = 36;
    public const int MaxMissedInstalments = 12;
    public const int MaxGraceDays = 60;

    /// <summary>Numbers are bound as text and read here, so that "2,5" and "2.5" both work and errors are in French.</summary>
    public sealed class SettingsInput
    {
        public bool FirstUnpaidMonthEnabled { get; set; }
        public string? DebtMonthsThreshold { get; set; }
        public string? DebtRisingMonths { get; set; }
        public bool HousingBenefitStoppedEnabled { get; set; }
        public string? RefusalHoldMonths { get; set; }
        public bool FieldAgentsSeeDebtAmounts { get; set; }
        public string? RepaymentPlanMissedInstalments { get; set; }
        public string? RepaymentPlanGraceDays { get; set; }
        public int Version { get; set; }

        public static SettingsInput From(OutreachSettings s) => new()
        {
            FirstUnpaidMonthEnabled = s.FirstUnpaidMonthEnabled,
            DebtMonthsThreshold = SignalText.Threshold(s.DebtMonthsThreshold),
            DebtRisingMonths = s.DebtRisingMonths.ToString(CultureInfo.InvariantCulture),
            HousingBenefitStoppedEnabled = s.HousingBenefitStoppedEnabled,
            RefusalHoldMonths = s.RefusalHoldMonths.ToString(CultureInfo.InvariantCulture),
            FieldAgentsSeeDebtAmounts = s.FieldAgentsSeeDebtAmounts,
            RepaymentPlanMissedInstalments = s.RepaymentPlanMissedInstalments.ToString(CultureInfo.InvariantCulture),
            RepaymentPlanGraceDays = s.RepaymentPlanGraceDays.ToString(CultureInfo.InvariantCulture),
            Version = s.Version,
        };
    }

    [BindProperty] public SettingsInput Input { get; set; } = new();

    /// <summary>Set when the save lost a race: the version now stored.</summary>
    public OutreachSettings? Conflict { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input = SettingsInput.From(await OutreachSettingsStore.GetOrCreateAsync(db, ct));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear(); // binding messages are English; the rules below say it in French
        var debtMonths = ParseDebtMonths(Input.DebtMonthsThreshold);
        var rising = ParseWhole(Input.DebtRisingMonths, "Input.DebtRisingMonths", "le nombre de mois de hausse", 0, MaxRisingMonths,
            "Indiquez 0 pour désactiver la règle, ou un nombre de mois entre 2 et 12.", minimumWhenOn: 2);
        var hold = ParseWhole(Input.RefusalHoldMonths, "Input.RefusalHoldMonths", "le délai après un refus", 0, MaxHoldMonths,
            "Indiquez un nombre de mois entre 0 et 36.");
        var missed = ParseWhole(Input.RepaymentPlanMissedInstalments, "Input.RepaymentPlanMissedInstalments", "le nombre d’échéances impayées", 0, MaxMissedInstalments,
            "Indiquez 0 pour désactiver la règle, ou un nombre d’échéances entre 1 et 12.", unit: "d’échéances");
        var grace = ParseWhole(Input.RepaymentPlanGraceDays, "Input.RepaymentPlanGraceDays", "le délai de grâce", 0, MaxGraceDays,
            "Indiquez un nombre de jours entre 0 et 60.", unit: "de jours");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var settings = await OutreachSettingsStore.GetOrCreateAsync(db, ct);
        db.Entry(settings).Property(s => s.Version).OriginalValue = Input.Version;
        settings.FirstUnpaidMonthEnabled = Input.FirstUnpaidMonthEnabled;
        settings.DebtMonthsThreshold = debtMonths!.Value;
        settings.DebtRisingMonths = rising!.Value;
        settings.HousingBenefitStoppedEnabled = Input.HousingBenefitStoppedEnabled;
        settings.RefusalHoldMonths = hold!.Value;
        settings.FieldAgentsSeeDebtAmounts = Input.FieldAgentsSeeDebtAmounts;
        settings.RepaymentPlanMissedInstalments = missed!.Value;
        settings.RepaymentPlanGraceDays = grace!.Value;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Conflict = await db.OutreachSettings.AsNoTracking().FirstAsync(ct);
            // The next save is a deliberate overwrite of the version the user has now seen.
            Input.Version = Conflict.Version;
            ModelState.Clear();
            return Page();
        }

        TempData["Message"] = "Les seuils de repérage ont été enregistrés. Ils s’appliquent à la prochaine détection : relancez-la pour en voir l’effet.";
        return Redirect("/Signals/Settings");
    }

    /// <summary>"Relancer la détection": runs the same detection as after an import, for the caller's organisation.</summary>
    public async Task<IActionResult> OnPostDetectAsync(CancellationToken ct)
    {
        var result = await detector.DetectAsync(me.OrganisationId!.Value, ct);
        TempData["Message"] = result.ReferenceMonth is { } month
            ? $"Détection relancée sur le quittancement de {SignalText.Month(month)} : {SignalText.Count(result.HouseholdsExamined, "ménage examiné", "ménages examinés")}, "
                + (result.SignalsRaised == 0 ? "aucun nouveau signal." : $"{SignalText.Count(result.SignalsRaised, "nouveau signal", "nouveaux signaux")}.")
            : "Aucun quittancement n’a encore été importé : il n’y a rien à détecter.";
        return Redirect("/Signals");
    }

    private decimal? ParseDebtMonths(string? text)
    {
        const string key = "Input.DebtMonthsThreshold";
        var value = text?.Trim().Replace(',', '.');
        if (string.IsNullOrEmpty(value))
        {
            ModelState.AddModelError(key, "Indiquez le seuil de dette en mois de loyer (0 pour désactiver la règle).");
            return null;
        }

        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var months))
        {
            ModelState.AddModelError(key, $"« {text} » n’est pas un nombre de mois : écrivez par exemple 2 ou 2,5.");
            return null;
        }

        if (months != 0 && (months < 0.5m || months > MaxDebtMonths))
        {
            ModelState.AddModelError(key, "Le seuil de dette doit être compris entre 0,5 et 24 mois de loyer (ou 0 pour désactiver la règle).");
            return null;
        }

        if (decimal.Round(months, 2) != months)
        {
            ModelState.AddModelError(key, "Le seuil de dette s’écrit avec deux décimales au plus (par exemple 2,25).");
            return null;
        }

        return months;
    }

    private int? ParseWhole(string? text, string key, string what, int min, int max, string range, int minimumWhenOn = 0, string unit = "de mois")
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            ModelState.AddModelError(key, $"Indiquez {what}.");
            return null;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            ModelState.AddModelError(key, $"« {text} » n’est pas un nombre entier {unit}. {range}");
            return null;
        }

        if (number < min || number > max || (number != 0 && number < minimumWhenOn))
        {
            ModelState.AddModelError(key, range);
            return null;
        }

        return number;
    }
}
