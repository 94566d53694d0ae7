using Microsoft.EntityFrameworkCore;
using Relais.Features.Accompaniments.Confidential;
using Relais.Features.Accompaniments.Lifecycle;
using Relais.Features.Audit;
using Relais.Features.Partners;
using Relais.Features.Referrals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Infrastructure.Web;

namespace Relais.Features.Accompaniments.PersonAccess;

/// <summary>
/// « Qui a consulté mon dossier » : the reads and changes of one accompaniment file by others, from the audit log.
/// <list type="bullet">
/// <item>Which lines: the reads of the file (every context: file page, timeline, forms, notes page, partner page, exports)
/// and of its documents, and the creations, changes and deletions of the file and of its current items. Items deleted
/// since then (a meeting entered by mistake) can no longer be tied to the file: they leave the list, the audit chain
/// keeps them. The person's own actions (reading their space, withdrawing a consent) are not listed.</item>
/// <item>Who: name and role from the user account, and the structure for a partner; the system for automatic work.
/// Never an e-mail address, never the audit line's IP address.</item>
/// <item>What: a French sentence; a note or document not shared with the person is named as such, without its title or
/// content, so that the list reveals nothing the person may not read.</item>
/// </list>
/// </summary>
public static class PersonAccessLog
{
    /// <param name="At">When (UTC in the JSON export).</param>
    /// <param name="Action">read, create, update or delete (the audit log's action).</param>
    public sealed record Entry(DateTimeOffset At, string Who, string? Role, string? Structure, string Action, string What);

    private static readonly string[] ItemTypes =
    [
        nameof(AccompanimentReferent), nameof(AccompanimentStrength), nameof(AccompanimentRight), nameof(AccompanimentGoal), nameof(GoalAction),
        nameof(GoalReview), nameof(AccompanimentMeeting), nameof(AccompanimentConsent), nameof(AccompanimentNote), nameof(AccompanimentDocument),
        nameof(AccompanimentHealth), nameof(AccompanimentReopening), nameof(Referrals.Referral),
    ];

    /// <param name="visibleDocuments">The documents the person may read (others are named without their title).</param>
    public static async Task<IReadOnlyList<Entry>> LoadAsync(RelaisDbContext db, Accompaniment file, IReadOnlySet<Guid> visibleDocuments, CancellationToken ct)
    {
        var id = file.Id;
        var org = file.OrganisationId;
        var goalIds = await db.AccompanimentGoals.Where(g => g.AccompanimentId == id).Select(g => g.Id).ToListAsync(ct);
        var items = new List<Guid>();
        items.AddRange(await db.AccompanimentReferents.Where(x => x.AccompanimentId == id).Select(x => x.Id).ToListAsync(ct));
        items.AddRange(await db.AccompanimentStrengths.Where(x => x.AccompanimentId == id).Select(x => x.Id).ToListAsync(ct));
        items.AddRange(await db.AccompanimentRights.Where(x => x.AccompanimentId == id).Select(x => x.Id).ToListAsync(ct));
        items.AddRange(goalIds);
        items.AddRange(await db.GoalActions.Where(x => goalIds.Contains(x.GoalId)).Select(x => x.Id).ToListAsync(ct));
        items.AddRange(await db.GoalReviews.Where(x => goalIds.Contains(x.GoalId)).Select(x => x.Id).ToListAsync(ct));
        items.AddRange(await db.AccompanimentMeetings.Where(x => x.AccompanimentId == id).Select(x => x.Id).ToListAsync(ct));
        items.AddRange(await db.AccompanimentConsents.Where(x => x.AccompanimentId == id).Select(x => x.Id).ToListAsync(ct));
        items.AddRange(await db.AccompanimentHealthRecords.Where(x => x.AccompanimentId == id).Select(x => x.Id).ToListAsync(ct));
        items.AddRange(await db.AccompanimentReopenings.Where(x => x.AccompanimentId == id).Select(x => x.Id).ToListAsync(ct));
        items.AddRange(await db.Referrals.Where(x => x.AccompanimentId == id).Select(x => x.Id).ToListAsync(ct));
        var notes = await db.AccompanimentNotes.Where(x => x.AccompanimentId == id).Select(x => new { x.Id, x.Level }).ToListAsync(ct);
        var documents = await db.AccompanimentDocuments.Where(x => x.AccompanimentId == id).Select(x => new { x.Id, x.Title }).ToListAsync(ct);
        items.AddRange(notes.Select(n => n.Id));
        items.AddRange(documents.Select(d => d.Id));

        var types = ItemTypes;
        var own = await db.Users.Where(u => u.OrganisationId == org && u.PersonId == file.PersonId).Select(u => (Guid?)u.Id).ToListAsync(ct);
        var lines = await db.AuditEntries.AsNoTracking()
            .Where(e => e.OrganisationId == org
                && ((e.EntityType == nameof(Accompaniment) && e.EntityId == id) || (types.Contains(e.EntityType) && items.Contains(e.EntityId!.Value)))
                && !own.Contains(e.UserId))
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.At, e.UserId, e.Action, e.EntityType, e.EntityId, e.Details })
            .ToListAsync(ct);

        var userIds = lines.Where(l => l.UserId is not null).Select(l => l.UserId!.Value).Distinct().ToList();
        var partners = db.PartnerOrganisations;
        var users = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == org && userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Role, Structure = u.PartnerOrganisationId == null ? null : partners.Where(p => p.Id == u.PartnerOrganisationId).Select(p => p.Name).FirstOrDefault() })
            .ToDictionaryAsync(u => u.Id, ct);
        var sharedNotes = notes.Where(n => n.Level is ConfidentialityLevel.Person or ConfidentialityLevel.Partner).Select(n => n.Id).ToHashSet();
        var titles = documents.ToDictionary(d => d.Id, d => d.Title);

        var entries = new List<Entry>(lines.Count);
        foreach (var l in lines)
        {
            string who;
            string? role = null;
            string? structure = null;
            if (l.UserId is { } u && users.TryGetValue(u, out var user))
            {
                who = user.DisplayName;
                role = user.Role.Label();
                structure = user.Role == Infrastructure.Security.Role.Partner ? user.Structure : null;
            }
            else
            {
                who = l.UserId is null ? "Relais (traitement automatique)" : "Un utilisateur de votre bailleur";
            }

            var entityId = l.EntityId ?? Guid.Empty;
            var what = l.EntityType switch
            {
                nameof(Accompaniment) => FileLine(l.Action, l.Details),
                nameof(AccompanimentDocument) when l.Action == AuditActions.Read => visibleDocuments.Contains(entityId)
                    ? $"a téléchargé le document « {titles.GetValueOrDefault(entityId)} »"
                    : "a téléchargé un document non partagé avec vous",
                nameof(AccompanimentDocument) => $"{Verb(l.Action)} {(visibleDocuments.Contains(entityId) ? "un document partagé avec vous" : "un document non partagé avec vous")}",
                nameof(AccompanimentNote) => $"{Verb(l.Action)} {(sharedNotes.Contains(entityId) ? "une note partagée avec vous" : "une note non partagée avec vous")}",
                nameof(AccompanimentReopening) => "a rouvert votre accompagnement",
                nameof(AccompanimentHealth) => $"{Verb(l.Action)} vos informations de santé",
                nameof(Referrals.Referral) when l.Action == AuditActions.Read => "a consulté l’orientation adressée à sa structure",
                nameof(Referrals.Referral) => $"{Verb(l.Action)} une orientation vers un partenaire",
                _ => $"{Verb(l.Action)} {Noun(l.EntityType)}",
            };
            entries.Add(new Entry(l.At, who, role, structure, l.Action, what));
        }

        return entries;
    }

    private static string FileLine(string action, string? details) => action switch
    {
        AuditActions.Read => details switch
        {
            "dossier" => "a consulté votre dossier",
            "chronologie" => "a consulté la chronologie de votre dossier",
            "formulaire" => "a ouvert un formulaire de votre dossier",
            "notes" => "a consulté les notes, documents et consentements de votre dossier",
            "partenaire" => "a consulté ce que vous avez accepté de partager avec sa structure",
            PersonExports.PdfContext or PersonExports.TeamPdfContext => "a téléchargé vos données (PDF)",
            PersonExports.JsonContext or PersonExports.TeamJsonContext => "a téléchargé vos données (JSON)",
            _ => "a consulté votre dossier",
        },
        AuditActions.Create => "a ouvert votre accompagnement",
        AuditActions.Delete => "a supprimé votre dossier",
        _ when details?.Contains(nameof(Accompaniment.Status), StringComparison.Ordinal) == true => "a changé l’état de votre accompagnement (clôture ou réouverture)",
        _ => "a modifié le cadre de votre dossier",
    };

    private static string Verb(string action) => action switch
    {
        AuditActions.Create => "a ajouté",
        AuditActions.Delete => "a supprimé",
        _ => "a modifié",
    };

    private static string Noun(string entityType) => entityType switch
    {
        nameof(AccompanimentReferent) => "un·e référent·e",
        nameof(AccompanimentStrength) => "une force ou une ressource",
        nameof(AccompanimentRight) => "la situation d’un droit",
        nameof(AccompanimentGoal) => "un objectif",
        nameof(GoalAction) => "une action",
        nameof(GoalReview) => "un point d’étape",
        nameof(AccompanimentMeeting) => "un entretien",
        nameof(AccompanimentConsent) => "un consentement",
        _ => "un élément de votre dossier",
    };
}
