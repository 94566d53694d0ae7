using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments.Lifecycle;

/// <summary>
/// Adds each reopening to the file's timeline (for the social team, which reads the file): the closure it undid and
/// the reason. The current closure, if any, is the file's own event.
/// </summary>
public sealed class ReopeningTimeline(RelaisDbContext db) : IAccompanimentTimelineSource
{
    public async Task<IReadOnlyList<TimelineEvent>> EventsAsync(FileHeader file, CancellationToken ct)
    {
        var reopenings = await db.AccompanimentReopenings.AsNoTracking()
            .Where(r => r.AccompanimentId == file.Id)
            .OrderBy(r => r.ReopenedOn)
            .ToListAsync(ct);
        var events = new List<TimelineEvent>();
        foreach (var r in reopenings)
        {
            if (r.PreviousClosedOn is { } closed)
            {
                events.Add(new TimelineEvent(closed, 90, "Dossier",
                    $"Accompagnement clos{(r.PreviousOutcome is { } o ? $" : {Infrastructure.Web.EnumLabels.Label(o).ToLowerInvariant()}" : "")}",
                    r.PreviousLastContactOn is { } last ? $"Dernier contact le {FileFormat.Date(last)}." : null, "cloture"));
            }

            events.Add(new TimelineEvent(r.ReopenedOn, 95, "Dossier", $"Accompagnement rouvert par {r.ByName}", r.Reason, "cloture"));
        }

        return events;
    }
}
