using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Web;

namespace Relais.Features.Outreach;

/// <summary>The fields of a campaign, as typed (strings, so that a bad date is refused in French, not by the binder).</summary>
public sealed class CampaignInput
{
    public string? Name { get; set; }
    public string? Channel { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public string? Notes { get; set; }
    public List<Guid> Team { get; set; } = [];
    public int Version { get; set; }

    public static CampaignInput From(OutreachCampaign c) => new()
    {
        Name = c.Name,
        Channel = c.Channel.ToString(),
        StartDate = c.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        EndDate = c.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Notes = c.Notes,
        Team = c.Team.Select(m => m.UserId).ToList(),
        Version = c.Version,
    };

    /// <summary>The checked values, or the French errors by field.</summary>
    public Dictionary<string, string> Validate(IReadOnlyCollection<Guid> possibleMembers, out Checked values)
    {
        var errors = new Dictionary<string, string>();
        var name = Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors[nameof(Name)] = "Donnez un nom à la tournée.";
        }
        else if (name.Length > 160)
        {
            errors[nameof(Name)] = "Le nom ne peut pas dépasser 160 caractères.";
        }

        OutreachChannel channel = default;
        if (!Enum.TryParse(Channel, out channel) || !Enum.IsDefined(channel) || int.TryParse(Channel, out _))
        {
            errors[nameof(Channel)] = "Choisissez le mode d'aller-vers.";
        }

        var start = ParseDate(StartDate);
        if (start is null)
        {
            errors[nameof(StartDate)] = string.IsNullOrWhiteSpace(StartDate)
                ? "Indiquez la date de début."
                : "La date de début n'est pas une date valide (jj/mm/aaaa).";
        }

        var end = ParseDate(EndDate);
        if (!string.IsNullOrWhiteSpace(EndDate) && end is null)
        {
            errors[nameof(EndDate)] = "La date de fin n'est pas une date valide (jj/mm/aaaa).";
        }
        else if (start is { } s && end is { } e && e < s)
        {
            errors[nameof(EndDate)] = "La date de fin doit être postérieure ou égale à la date de début.";
        }

        var notes = string.IsNullOrWhiteSpace(Notes) ? null : Notes.Trim();
        if (notes?.Length > 2000)
        {
            errors[nameof(Notes)] = "Les notes ne peuvent pas dépasser 2 000 caractères.";
        }

        var team = Team.Distinct().ToList();
        if (team.Count == 0)
        {
            errors[nameof(Team)] = "Choisissez au moins une personne pour l'équipe.";
        }
        else if (team.Any(id => !possibleMembers.Contains(id)))
        {
            errors[nameof(Team)] = "Une des personnes choisies ne peut pas faire partie de l'équipe.";
        }

        values = new Checked(name, channel, start ?? default, end, notes, team);
        return errors;
    }

    public sealed record Checked(string Name, OutreachChannel Channel, DateOnly StartDate, DateOnly? EndDate, string? Notes, List<Guid> Team);

    /// <summary>Accepts the browser's yyyy-MM-dd and the French dd/MM/yyyy typed by hand.</summary>
    public static DateOnly? ParseDate(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return DateOnly.TryParseExact(value, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : null;
    }
}

/// <summary>Someone who can be in a campaign team: an active user of the organisation who may take part in rounds.</summary>
public sealed record TeamChoice(Guid Id, string Name, Role Role);

/// <summary>What the create and edit pages share: the team choices and French errors next to their field.</summary>
public abstract class CampaignFormModel : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty] public CampaignInput Input { get; set; } = new();
    public IReadOnlyList<TeamChoice> People { get; protected set; } = [];

    public string? Error(string field) => ModelState.Error($"Input.{field}");

    public string? AriaInvalid(string field) => ModelState.AriaInvalid($"Input.{field}");

    public string? DescribedBy(string field, string? hint, string errorId) => ModelState.DescribedBy($"Input.{field}", hint, errorId);

    public abstract string CancelUrl { get; }

    protected static async Task<List<TeamChoice>> TeamChoicesAsync(RelaisDbContext db, Guid organisationId, CancellationToken ct)
    {
        var roles = new[] { Role.Manager, Role.SocialWorker, Role.FieldAgent };
        var users = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == organisationId && u.IsActive && roles.Contains(u.Role))
            .Select(u => new TeamChoice(u.Id, u.DisplayName, u.Role))
            .ToListAsync(ct);
        return users.OrderBy(u => u.Name, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), CompareOptions.IgnoreCase)).ToList();
    }

    protected bool Report(Dictionary<string, string> errors)
    {
        ModelState.Clear(); // binding messages are English; the rules say it in French
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"Input.{field}", message);
        }

        return ModelState.IsValid;
    }
}
