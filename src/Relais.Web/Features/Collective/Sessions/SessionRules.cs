using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Sessions;

/// <summary>A member as shown in the session pages: "Prénom NOM", a staff user's name, or a partner's name.</summary>
public sealed record MemberName(Guid Id, MemberKind Kind, MemberRole Role, string Name, bool Current);

/// <summary>What the session form posts. Date and times are local (the organisation's time zone).</summary>
public sealed class SessionInput
{
    public string? Title { get; set; }
    public string? Date { get; set; }
    public string? StartTime { get; set; }
    public string? EndTime { get; set; }
    public string? Place { get; set; }
    public string? Agenda { get; set; }
    public List<Guid> Invited { get; set; } = [];
    public int Version { get; set; }

    public sealed record Values(string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place, string Agenda, HashSet<Guid> Invited);

    public static SessionInput From(ProjectSession s, TimeZoneInfo zone, IEnumerable<Guid> invited)
    {
        var start = TimeZoneInfo.ConvertTime(s.StartsAt, zone);
        var end = TimeZoneInfo.ConvertTime(s.EndsAt, zone);
        return new SessionInput
        {
            Title = s.Title,
            Date = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = start.ToString("HH:mm", CultureInfo.InvariantCulture),
            EndTime = end.ToString("HH:mm", CultureInfo.InvariantCulture),
            Place = s.Place,
            Agenda = s.Agenda,
            Invited = invited.ToList(),
            Version = s.Version,
        };
    }

    /// <summary>French messages keyed by field; <paramref name="members"/> are the members the caller may invite.</summary>
    public Dictionary<string, string> Validate(TimeZoneInfo zone, IReadOnlyCollection<Guid> members, out Values values)
    {
        var errors = new Dictionary<string, string>();
        var title = (Title ?? "").Trim();
        if (title.Length == 0)
        {
            errors[nameof(Title)] = "Donnez un titre à la séance (par exemple « Atelier peinture »).";
        }
        else if (title.Length > Project.TitleMaxLength)
        {
            errors[nameof(Title)] = $"Le titre ne doit pas dépasser {Project.TitleMaxLength} caractères.";
        }

        DateOnly day = default;
        if (string.IsNullOrWhiteSpace(Date))
        {
            errors[nameof(Date)] = "Indiquez la date de la séance.";
        }
        else if (!DateOnly.TryParseExact(Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            errors[nameof(Date)] = "La date n’est pas valide : utilisez le format jj/mm/aaaa.";
        }

        var start = ParseTime(StartTime, nameof(StartTime), "de début", errors);
        var end = ParseTime(EndTime, nameof(EndTime), "de fin", errors);
        if (start is { } s0 && end is { } e0 && e0 <= s0)
        {
            errors[nameof(EndTime)] = $"La séance se termine ({e0:HH\\:mm}) avant de commencer ({s0:HH\\:mm}) : l’heure de fin doit être après l’heure de début.";
        }

        var place = (Place ?? "").Trim();
        if (place.Length > 300)
        {
            errors[nameof(Place)] = "Le lieu ne doit pas dépasser 300 caractères.";
        }

        var agenda = (Agenda ?? "").Trim();
        if (agenda.Length > Project.TextMaxLength)
        {
            errors[nameof(Agenda)] = $"L’ordre du jour ne doit pas dépasser {Project.TextMaxLength} caractères.";
        }

        if (Invited.Any(i => !members.Contains(i)))
        {
            errors[nameof(Invited)] = "Une personne invitée n’est pas (ou plus) membre du projet : rechargez la page.";
        }

        values = errors.Count > 0
            ? new Values(title, default, default, place, agenda, [])
            : new Values(title, Local(day, start!.Value, zone), Local(day, end!.Value, zone), place, agenda, Invited.ToHashSet());
        return errors;
    }

    private static TimeOnly? ParseTime(string? text, string field, string which, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[field] = $"Indiquez l’heure {which}.";
            return null;
        }

        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "HH:mm:ss", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        errors[field] = $"L’heure {which} n’est pas valide : utilisez le format hh:mm (par exemple 14:30).";
        return null;
    }

    /// <summary>A local wall-clock time in <paramref name="zone"/> as an instant (UTC).</summary>
    public static DateTimeOffset Local(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1); // the hour skipped when clocks go forward
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

public static class SessionRules
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>"mardi 3 mars 2026, 14 h 00 – 16 h 00".</summary>
    public static string When(ProjectSession s, TimeZoneInfo zone)
    {
        var start = TimeZoneInfo.ConvertTime(s.StartsAt, zone);
        var end = TimeZoneInfo.ConvertTime(s.EndsAt, zone);
        var sameDay = start.Date == end.Date;
        return sameDay
            ? $"{start.ToString("dddd d MMMM yyyy", French)}, {start:HH} h {start:mm} – {end:HH} h {end:mm}"
            : $"du {start.ToString("dddd d MMMM yyyy", French)} {start:HH} h {start:mm} au {end.ToString("dddd d MMMM yyyy", French)} {end:HH} h {end:mm}";
    }

    public static string Day(DateOnly day) => day.ToString("d MMMM yyyy", French);

    /// <summary>The names of <paramref name="members"/> (already restricted by <see cref="ProjectAccess.VisibleMembersAsync"/>).</summary>
    public static async Task<List<MemberName>> NamesAsync(RelaisDbContext db, IQueryable<ProjectMember> members, CancellationToken ct)
    {
        var rows = await members.AsNoTracking()
            .Select(m => new
            {
                m.Id,
                m.Kind,
                m.Role,
                m.LeftOn,
                Person = db.Persons.Where(p => p.Id == m.PersonId).Select(p => new { p.FirstName, p.LastName }).FirstOrDefault(),
                User = db.Users.Where(u => u.Id == m.UserId).Select(u => u.DisplayName).FirstOrDefault(),
                Partner = db.Set<Relais.Features.Partners.PartnerOrganisation>().Where(o => o.Id == m.PartnerOrganisationId).Select(o => o.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows
            .Select(r => new MemberName(r.Id, r.Kind, r.Role,
                r.Person is { } p ? $"{p.FirstName} {p.LastName.ToUpperInvariant()}" : r.User ?? r.Partner ?? "Membre", r.LeftOn == null))
            .OrderBy(r => r.Kind).ThenBy(r => r.Name, StringComparer.Create(French, CompareOptions.IgnoreCase))
            .ToList();
    }

    /// <summary>A new secret for a calendar feed URL: 256 random bits, base64url (43 characters).</summary>
    public static string NewFeedToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>French counts: "3 présents · 1 excusé · 2 absents".</summary>
    public static string Counts(int present, int excused, int absent, int invited) =>
        $"{present} présent{(present > 1 ? "s" : "")} · {excused} excusé{(excused > 1 ? "s" : "")} · {absent} absent{(absent > 1 ? "s" : "")} sur {invited} invité{(invited > 1 ? "s" : "")}";
}
