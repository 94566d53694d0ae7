using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Accompaniments.Confidential;

/// <summary>
/// The confidential part of one accompaniment file — consents, health information, notes, documents — as the caller
/// may read it: the social team (never another user's private note), the accompanied person (what is shared with
/// them), or a partner (what rests on a current consent naming their structure). Renders nothing to anyone else.
/// Every restriction is in the queries (<see cref="ConfidentialQueries"/>).
/// <para>Used by /Accompaniments/{id}/Notes, "Mon accompagnement" and the partner page; the accompaniment file page
/// renders it with <c>await Component.InvokeAsync("AccompanimentConfidential", new { accompanimentId })</c>. The read is
/// logged here unless the host page already logged it (<c>logRead: false</c>).</para>
/// </summary>
public sealed class AccompanimentConfidentialViewComponent(RelaisDbContext db, ConfidentialAccess access, AccompanimentAccess files, CurrentUser me, TimeProvider clock) : ViewComponent
{
    public sealed record ConsentLine(Guid Id, ConsentKind Kind, string? Partner, string? Scope, DateOnly GivenOn, ConsentChannel Channel,
        string RecordedBy, DateTimeOffset? WithdrawnAt, string? WithdrawnBy)
    {
        public bool IsCurrent => WithdrawnAt is null;

        public string What => Kind == ConsentKind.ShareWithPartner ? $"Partage avec {Partner}" : "Informations de santé";
    }

    public sealed record NoteLine(Guid Id, ConfidentialityLevel Level, string? Partner, bool PartnerCurrent, Guid AuthorId, string Author,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Text);

    public sealed record DocumentLine(Guid Id, string Title, string ContentType, long Size, ConfidentialityLevel Level, string? Partner,
        bool PartnerCurrent, string Author, DateTimeOffset CreatedAt);

    public sealed record HealthLine(HealthCategories Categories, string? Text, string UpdatedBy, DateTimeOffset UpdatedAt);

    public sealed record Model(ReaderKind Reader, Guid AccompanimentId, string PersonName, int HeadingLevel, Guid UserId,
        IReadOnlyList<ConsentLine> Consents, bool HealthConsentCurrent, HealthLine? Health,
        IReadOnlyList<NoteLine> Notes, IReadOnlyList<DocumentLine> Documents, bool CanWrite, bool ShowManageLink, TimeZoneInfo Zone)
    {
        public string H => $"h{HeadingLevel}";

        public string WithdrawAction => Reader == ReaderKind.Person ? "/Accompaniments/Mine?handler=Withdraw" : $"/Accompaniments/{AccompanimentId}/Notes?handler=Withdraw";

        public bool CanWithdraw => Reader == ReaderKind.Person || CanWrite;
    }

    /// <param name="accompanimentId">The accompaniment; another organisation's, or one the caller may not read, renders nothing.</param>
    /// <param name="headingLevel">The level of the section headings (2 under the page title, 3 under a person's heading).</param>
    /// <param name="logRead">False when the host page has already logged the read of this file.</param>
    /// <param name="showManageLink">Shows the link to the page where notes, consents and documents are added.</param>
    public async Task<IViewComponentResult> InvokeAsync(Guid accompanimentId, int headingLevel = 2, bool logRead = true, bool showManageLink = true)
    {
        var ct = HttpContext.RequestAborted;
        var reader = await access.ReaderAsync(ct);
        // The team's visibility of a file is AccompanimentAccess's: a file the host page has read through it is not read again.
        var accompaniment = reader.Kind == ReaderKind.Team && files.ReadInThisRequest(accompanimentId) is { } header
            ? (header.Id, header.HouseholdId, Name: header.Person)
            : await db.Accompaniments.AsNoTracking().VisibleTo(db, reader)
                .Where(a => a.Id == accompanimentId)
                .Select(a => new { a.Id, a.HouseholdId, a.Person!.FirstName, a.Person.LastName })
                .FirstOrDefaultAsync(ct) is { } row
                ? (row.Id, row.HouseholdId, Name: $"{row.FirstName} {row.LastName.ToUpperInvariant()}")
                : default;
        if (accompaniment.Id == Guid.Empty)
        {
            return Content("");
        }

        if (logRead)
        {
            await access.LogReadAsync(nameof(Accompaniment), accompaniment.Id, accompaniment.HouseholdId, Context(reader.Kind), ct);
        }

        var consents = await db.AccompanimentConsents.AsNoTracking().VisibleTo(db, reader)
            .Where(c => c.AccompanimentId == accompanimentId)
            .OrderBy(c => c.WithdrawnAt != null).ThenByDescending(c => c.GivenOn).ThenByDescending(c => c.CreatedAt)
            .Select(c => new ConsentLine(c.Id, c.Kind, c.PartnerOrganisation!.Name, c.Scope, c.GivenOn, c.Channel, c.RecordedByName, c.WithdrawnAt, c.WithdrawnByName))
            .ToListAsync(ct);

        // Health information is readable only while a health consent is current (the query checks it again): without
        // one among the consents just read, there is nothing to ask for.
        var healthConsent = reader.Kind is ReaderKind.Team or ReaderKind.Person
            && consents.Any(c => c.Kind == ConsentKind.Health && c.IsCurrent);
        var health = !healthConsent ? null : await db.AccompanimentHealthRecords.AsNoTracking().VisibleTo(db, reader)
            .Where(h => h.AccompanimentId == accompanimentId)
            .Select(h => new HealthLine(h.Categories, h.Text, h.UpdatedByName, h.UpdatedAt))
            .FirstOrDefaultAsync(ct);

        var notes = await db.AccompanimentNotes.AsNoTracking().VisibleTo(db, reader)
            .Where(n => n.AccompanimentId == accompanimentId)
            .OrderByDescending(n => n.CreatedAt)
            .Select(n => new NoteLine(n.Id, n.Level, n.Consent!.PartnerOrganisation!.Name, n.Consent.WithdrawnAt == null, n.AuthorUserId, n.AuthorName,
                n.CreatedAt, n.UpdatedAt, n.Text))
            .ToListAsync(ct);

        var documents = await db.AccompanimentDocuments.AsNoTracking().VisibleTo(db, reader)
            .Where(d => d.AccompanimentId == accompanimentId)
            .OrderByDescending(d => d.CreatedAt)
            .Select(d => new DocumentLine(d.Id, d.Title, d.ContentType, d.SizeBytes, d.Level, d.Consent!.PartnerOrganisation!.Name,
                d.Consent.WithdrawnAt == null, d.AuthorName, d.CreatedAt))
            .ToListAsync(ct);

        var canWrite = reader.Kind == ReaderKind.Team && me.Can(Permissions.Accompaniments.Write);
        var model = new Model(reader.Kind, accompaniment.Id, accompaniment.Name,
            Math.Clamp(headingLevel, 2, 5), reader.UserId, consents, healthConsent, health, notes, documents, canWrite,
            showManageLink && canWrite, clock.LocalTimeZone);
        return View("/Features/Accompaniments/Confidential/_AccompanimentConfidential.cshtml", model);
    }

    private static string Context(ReaderKind kind) => kind switch
    {
        ReaderKind.Partner => "partenaire",
        ReaderKind.Person => "habitant",
        _ => "notes",
    };
}
