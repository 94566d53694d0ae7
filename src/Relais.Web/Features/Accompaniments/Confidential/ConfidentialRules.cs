using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Outreach;
using Relais.Features.Partners;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Accompaniments.Confidential;

/// <summary>The level a note or document is written at, and for partner sharing the current consent it rests on.</summary>
public interface ILevelInput
{
    string? Level { get; set; }
    Guid? ConsentId { get; set; }
}

public sealed class NoteInput : ILevelInput
{
    public string? Text { get; set; }
    public string? Level { get; set; }
    public Guid? ConsentId { get; set; }
    public int Version { get; set; }
}

public sealed class ConsentInput
{
    public string? Kind { get; set; }
    public Guid? PartnerOrganisationId { get; set; }
    public string? Scope { get; set; }
    public string? GivenOn { get; set; }
    public string? Channel { get; set; }
}

public sealed class HealthInput
{
    public List<HealthCategories> Categories { get; set; } = [];
    public string? Text { get; set; }
    public int Version { get; set; }
}

public sealed class UploadInput : ILevelInput
{
    public IFormFile? File { get; set; }
    public string? Title { get; set; }
    public string? Level { get; set; }
    public Guid? ConsentId { get; set; }
}

/// <summary>A current consent to share with a partner, as offered in the level pickers.</summary>
public sealed record PartnerConsentChoice(Guid ConsentId, string PartnerName, DateOnly GivenOn);

/// <summary>Validation and the writes with rules of their own (consent withdrawal, health information).</summary>
public static class ConfidentialRules
{
    public const string NoPartnerConsent =
        "Le partage avec une structure partenaire n’est possible qu’avec l’accord en cours de la personne : choisissez une structure pour laquelle elle a donné son accord.";

    public const string NoHealthConsent =
        "Pas d’informations de santé sans l’accord exprès et en cours de la personne : enregistrez d’abord son consentement.";

    public static Task<List<PartnerConsentChoice>> PartnerConsentsAsync(RelaisDbContext db, Guid accompanimentId, CancellationToken ct) =>
        db.AccompanimentConsents.AsNoTracking().Current(accompanimentId, ConsentKind.ShareWithPartner)
            .Where(c => c.PartnerOrganisation!.IsActive)
            .OrderBy(c => c.PartnerOrganisation!.Name)
            .Select(c => new PartnerConsentChoice(c.Id, c.PartnerOrganisation!.Name, c.GivenOn))
            .ToListAsync(ct);

    /// <summary>
    /// Reads the level and, for partner sharing, checks that the consent chosen is a current consent of this
    /// accompaniment naming an active structure. Adds French errors under <paramref name="prefix"/>.
    /// </summary>
    public static async Task<(ConfidentialityLevel Level, Guid? ConsentId)?> LevelAsync(
        RelaisDbContext db, Guid accompanimentId, ILevelInput input, string prefix, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, CancellationToken ct)
    {
        if (!Enum.TryParse<ConfidentialityLevel>(input.Level, out var level) || !Enum.IsDefined(level) || int.TryParse(input.Level, out _))
        {
            state.AddModelError($"{prefix}.Level", "Choisissez qui pourra lire : vous seul·e, l’équipe sociale, la personne, ou une structure partenaire.");
            return null;
        }

        if (level != ConfidentialityLevel.Partner)
        {
            return (level, null);
        }

        var consentId = input.ConsentId;
        var current = consentId is { } id && await db.AccompanimentConsents.Current(accompanimentId, ConsentKind.ShareWithPartner)
            .AnyAsync(c => c.Id == id && c.PartnerOrganisation!.IsActive, ct);
        if (!current)
        {
            state.AddModelError($"{prefix}.ConsentId", NoPartnerConsent);
            return null;
        }

        return (level, consentId);
    }

    public static string? ValidateNoteText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Écrivez la note.";
        }

        return text.Trim().Length > AccompanimentNote.MaxLength
            ? $"La note ne doit pas dépasser {AccompanimentNote.MaxLength.ToString("N0", OutreachFormat.French)} caractères."
            : null;
    }

    /// <summary>Validates a new consent; returns it ready to add, or null with the errors in <paramref name="state"/>.</summary>
    public static async Task<AccompanimentConsent?> NewConsentAsync(RelaisDbContext db, Guid accompanimentId, ConsentInput input, DateOnly today,
        Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, CancellationToken ct)
    {
        ConsentKind? kind = Enum.TryParse<ConsentKind>(input.Kind, out var k) && Enum.IsDefined(k) && !int.TryParse(input.Kind, out _) ? k : null;
        if (kind is null)
        {
            state.AddModelError("Consent.Kind", "Choisissez à quoi la personne consent : un partage avec une structure partenaire, ou l’enregistrement d’informations de santé.");
        }

        PartnerOrganisation? partner = null;
        if (kind == ConsentKind.ShareWithPartner)
        {
            partner = input.PartnerOrganisationId is { } p ? await db.PartnerOrganisations.FirstOrDefaultAsync(x => x.Id == p && x.IsActive, ct) : null;
            if (partner is null)
            {
                state.AddModelError("Consent.PartnerOrganisationId", "Choisissez la structure partenaire nommée dans l’accord de la personne.");
            }
        }

        if (kind is { } kk && (kk != ConsentKind.ShareWithPartner || partner is not null)
            && await db.AccompanimentConsents.Current(accompanimentId, kk).AnyAsync(c => partner == null || c.PartnerOrganisationId == partner.Id, ct))
        {
            state.AddModelError(kk == ConsentKind.Health ? "Consent.Kind" : "Consent.PartnerOrganisationId", kk == ConsentKind.Health
                ? "Un accord pour les informations de santé est déjà en cours."
                : $"Un accord de partage avec {partner!.Name} est déjà en cours.");
        }

        var givenOn = CampaignInput.ParseDate(input.GivenOn);
        if (string.IsNullOrWhiteSpace(input.GivenOn))
        {
            state.AddModelError("Consent.GivenOn", "Indiquez la date à laquelle la personne a donné son accord.");
        }
        else if (givenOn is null)
        {
            state.AddModelError("Consent.GivenOn", "La date de l’accord n’est pas une date valide (jj/mm/aaaa).");
        }
        else if (givenOn > today)
        {
            state.AddModelError("Consent.GivenOn", "La date de l’accord ne peut pas être dans le futur.");
        }

        if (!Enum.TryParse<ConsentChannel>(input.Channel, out var channel) || !Enum.IsDefined(channel) || int.TryParse(input.Channel, out _))
        {
            state.AddModelError("Consent.Channel", "Indiquez comment la personne a donné son accord.");
        }

        var scope = input.Scope?.Trim();
        if (scope?.Length > 500)
        {
            state.AddModelError("Consent.Scope", "L’objet de l’accord ne doit pas dépasser 500 caractères.");
        }

        if (!state.IsValid)
        {
            return null;
        }

        return new AccompanimentConsent
        {
            AccompanimentId = accompanimentId,
            Kind = kind!.Value,
            PartnerOrganisationId = partner?.Id,
            Scope = string.IsNullOrEmpty(scope) ? null : scope,
            GivenOn = givenOn!.Value,
            Channel = channel,
        };
    }

    /// <summary>
    /// Withdraws a consent at once: every read checks it in its query, so the partner's next request already gets
    /// nothing. Withdrawing the health consent erases the health information (the deletion is audited).
    /// Returns false when it had already been withdrawn.
    /// </summary>
    public static async Task<bool> WithdrawAsync(RelaisDbContext db, AccompanimentConsent consent, Guid? userId, string userName, TimeProvider clock, CancellationToken ct)
    {
        if (consent.WithdrawnAt is not null)
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        consent.WithdrawnAt = clock.GetUtcNow();
        consent.WithdrawnByUserId = userId;
        consent.WithdrawnByName = userName;
        try
        {
            // The consent's row is written (and, on PostgreSQL, locked) before the health rows are read: a health
            // save that checked the consent waits for this transaction and then finds it withdrawn, or committed first
            // and is erased below.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(ct);
            return false;
        }

        if (consent.Kind == ConsentKind.Health)
        {
            var health = await db.AccompanimentHealthRecords.Where(h => h.AccompanimentId == consent.AccompanimentId).ToListAsync(ct);
            db.AccompanimentHealthRecords.RemoveRange(health);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Takes the current health consent's row lock for the rest of the transaction; false when there is none. Health
    /// information is then written only while the consent is current, even against a simultaneous withdrawal.
    /// </summary>
    public static async Task<bool> LockHealthConsentAsync(RelaisDbContext db, Guid accompanimentId, CancellationToken ct) =>
        await db.AccompanimentConsents.Current(accompanimentId, ConsentKind.Health)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version), ct) > 0;

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} octets",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0", CultureInfo.GetCultureInfo("fr-FR"))} ko",
        _ => $"{(bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.GetCultureInfo("fr-FR"))} Mo",
    };

    /// <summary>A title safe as a download name: no path, no control or reserved characters.</summary>
    public static string SafeTitle(string? title)
    {
        var name = Path.GetFileName((title ?? "").Replace('\\', '/'));
        var cleaned = new string(name.Where(c => !char.IsControl(c) && "/\\:*?\"<>|".IndexOf(c) < 0).ToArray()).Trim().Trim('.');
        return cleaned.Length > 200 ? cleaned[..200] : cleaned;
    }

    /// <summary>"Partagée avec le CCAS" for a note, "Partagé avec le CCAS" for a document.</summary>
    public static string LevelLabel(ConfidentialityLevel level, string? partner, bool document = false) => (level, document) switch
    {
        (ConfidentialityLevel.Partner, _) when partner is not null => document ? $"Partagé avec {partner}" : $"Partagée avec {partner}",
        (ConfidentialityLevel.Private, true) => "Privé (moi seul·e)",
        (ConfidentialityLevel.Person, true) => "Partagé avec la personne",
        (ConfidentialityLevel.Partner, true) => "Partagé avec une structure partenaire",
        _ => level.Label(),
    };
}

/// <summary>The model of the <c>_LevelPicker</c> partial (notes and documents).</summary>
public sealed record LevelPickerView(string Prefix, string IdPrefix, string? Level, Guid? ConsentId, IReadOnlyList<PartnerConsentChoice> Choices, bool Document);
