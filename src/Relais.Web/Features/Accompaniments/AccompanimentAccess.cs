using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Outreach;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments;

/// <summary>
/// Who may read which files, as a query restriction: the social team (Responsable, Conseiller·ère) reads the files of
/// the households in its scope (its sectors when it has some); nobody else reads them through these pages. Another
/// organisation's file is already out of every query (the DbContext filter), so its id answers 404.
/// </summary>
public sealed class AccompanimentAccess(RelaisDbContext db, HouseholdAccess households, CurrentUser me, IHttpContextAccessor http, TimeProvider clock)
{
    public bool CanRead => me.Can(Permissions.Accompaniments.Read);
    public bool CanWrite => me.Can(Permissions.Accompaniments.Write);
    public Guid? UserId => me.UserId;
    public Guid OrganisationId => me.OrganisationId ?? Guid.Empty;

    /// <summary>The caller's name as shown to people ("Camille Conseillère"), for "recorded by".</summary>
    public string UserName => http.HttpContext?.User.FindFirst("relais:display")?.Value ?? me.Name ?? "";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>The files the caller may read.</summary>
    public IQueryable<Accompaniment> Visible()
    {
        if (!CanRead)
        {
            return db.Accompaniments.Where(_ => false);
        }

        var scope = households.Scope;
        if (scope.All)
        {
            return db.Accompaniments;
        }

        var visible = db.Households.VisibleIn(scope);
        return db.Accompaniments.Where(a => visible.Any(h => h.Id == a.HouseholdId));
    }

    /// <summary>The files the caller follows as a referent.</summary>
    public IQueryable<Accompaniment> Mine()
    {
        var me = UserId ?? Guid.Empty;
        return Visible().Where(a => a.Referents.Any(r => r.UserId == me));
    }

    /// <summary>Who the file is about and where it stands: enough for a page's title and for refusing to change a closed file.</summary>
    /// <remarks>Read once per request: the file page's sections (arrears, notes) ask again for the file it has read.</remarks>
    public async Task<FileHeader?> HeaderAsync(Guid id, CancellationToken ct)
    {
        if (_headers.TryGetValue(id, out var known))
        {
            return known;
        }

        var row = await Visible().AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.Id, a.HouseholdId, a.Person!.FirstName, a.Person.LastName, a.Status, a.Version, a.ConsentDate })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : Remember(new FileHeader(row.Id, row.HouseholdId, $"{row.FirstName} {row.LastName.ToUpperInvariant()}", row.Status, row.Version, row.ConsentDate));
    }

    /// <summary>The header of a file this request has already read through <see cref="Visible"/>, or null.</summary>
    public FileHeader? ReadInThisRequest(Guid id) => _headers.GetValueOrDefault(id);

    /// <summary>Keeps a header read through <see cref="Visible"/> for the rest of the request.</summary>
    internal FileHeader Remember(FileHeader header)
    {
        _headers[header.Id] = header;
        return header;
    }

    private readonly Dictionary<Guid, FileHeader> _headers = [];

    /// <summary>The staff who can be referents: active Responsables and Conseiller·ères of the organisation.</summary>
    public async Task<List<(Guid Id, string Name)>> PossibleReferentsAsync(CancellationToken ct)
    {
        var org = me.OrganisationId ?? Guid.Empty;
        var users = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == org && u.IsActive && (u.Role == Role.Manager || u.Role == Role.SocialWorker))
            .Select(u => new { u.Id, u.DisplayName })
            .ToListAsync(ct);
        return users.OrderBy(u => u.DisplayName, FrenchText.Comparer).Select(u => (u.Id, u.DisplayName)).ToList();
    }

    /// <summary>The sectors the caller sees, in French order (for filters and statistics).</summary>
    public async Task<List<(Guid Id, string Name)>> SectorsAsync(CancellationToken ct)
    {
        var scope = households.Scope;
        var mine = scope.SectorIds.ToList();
        var sectors = await db.Sectors.AsNoTracking()
            .Where(s => scope.All || mine.Contains(s.Id))
            .Select(s => new { s.Id, s.Name })
            .ToListAsync(ct);
        return sectors.OrderBy(s => s.Name, FrenchText.Comparer).Select(s => (s.Id, s.Name)).ToList();
    }

    /// <summary>Logs the read of a file (or of its timeline) in the audit read log before it is shown.</summary>
    public Task LogReadAsync(Guid accompanimentId, Guid householdId, string context, CancellationToken ct) =>
        households.LogReadAsync(nameof(Accompaniment), accompanimentId, householdId, context, ct);
}

public sealed record FileHeader(Guid Id, Guid HouseholdId, string Person, AccompanimentStatus Status, int Version, DateOnly ConsentDate)
{
    public bool IsOpen => Status == AccompanimentStatus.Open;
    public string Url => $"/Accompaniments/File/{Id}";
}

public static class FileFormat
{
    public static string Date(DateOnly day) => OutreachFormat.Date(day);

    public static string Date(DateOnly? day, string none = "non renseignée") => day is { } d ? OutreachFormat.Date(d) : none;

    /// <summary>yyyy-MM-dd for a date input.</summary>
    public static string? Iso(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"en retard de 3 jours", "aujourd’hui", "dans 5 jours".</summary>
    public static string Relative(DateOnly due, DateOnly today)
    {
        var days = due.DayNumber - today.DayNumber;
        return days switch
        {
            0 => "aujourd’hui",
            1 => "demain",
            -1 => "en retard d’un jour",
            < 0 => $"en retard de {-days}\u00a0jours",
            _ => $"dans {days}\u00a0jours",
        };
    }
}
