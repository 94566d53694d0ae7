using Relais.Infrastructure.Web;

namespace Relais.Features.Accompaniments;

/// <summary>
/// One dated event of a file's timeline. <paramref name="Order"/> places events of the same day in the order they
/// happen (the opening before anything else, the closure last); <paramref name="Kind"/> is a short French label.
/// </summary>
public sealed record TimelineEvent(DateOnly On, int Order, string Kind, string Title, string? Detail = null, string? Anchor = null);

/// <summary>
/// Adds dated events to a file's timeline. The file's own items (this part) are read by <see cref="FileTimeline"/>;
/// notes, documents and the arrears follow-up register a source of their own
/// (<c>services.AddScoped&lt;IAccompanimentTimelineSource, …&gt;()</c>), which must apply its own confidentiality
/// rules for the caller (a private note is not an event for anyone but its author).
/// </summary>
public interface IAccompanimentTimelineSource
{
    Task<IReadOnlyList<TimelineEvent>> EventsAsync(FileHeader file, CancellationToken ct);
}

public static class FileTimeline
{
    /// <summary>Every dated event of the file, newest first (planned ones, later than today, at the top).</summary>
    public static List<TimelineEvent> Build(FileView view, IEnumerable<TimelineEvent> others, TimeZoneInfo zone)
    {
        var events = new List<TimelineEvent>(Own(view, zone));
        events.AddRange(others);
        return events.OrderByDescending(e => e.On).ThenByDescending(e => e.Order).ToList();
    }

    private static IEnumerable<TimelineEvent> Own(FileView v, TimeZoneInfo zone)
    {
        var f = v.File;
        yield return new(f.ConsentDate, 0, "Dossier", "Accompagnement ouvert avec le consentement de la personne",
            $"Consentement {f.ConsentChannel.Label().ToLowerInvariant()}, recueilli par {f.ConsentRecordedByName}.", "cadre");

        foreach (var s in v.Strengths)
        {
            yield return new(LocalDay(s.CreatedAt, zone), 10, "Forces et ressources", $"{s.Kind.Label()} : {s.Text}", null, "forces");
        }

        foreach (var r in v.Rights.Where(r => r.Check is not null))
        {
            var c = r.Check!;
            if (c.RequestedOn is { } requested)
            {
                yield return new(requested, 20, "Droit", $"{r.Kind.Name} : demande faite", null, "droits");
            }

            if (c.OpenedOn is { } opened)
            {
                yield return new(opened, 21, "Droit", $"{r.Kind.Name} : droit ouvert", null, "droits");
            }

            yield return new(c.CheckedOn, 22, "Droit", $"{r.Kind.Name} vérifié : {c.Status.Label().ToLowerInvariant()}", c.Comment, "droits");
        }

        foreach (var g in v.Goals)
        {
            var anchor = $"objectif-{g.Id}";
            yield return new(g.SetOn, 30, "Objectif", $"Objectif choisi : « {g.Wording} »", null, anchor);
            foreach (var review in g.Reviews)
            {
                yield return new(review.ReviewedOn, 40, "Point d’étape", $"Point sur l’objectif « {g.Wording} » : {review.StatusAfter.Label().ToLowerInvariant()}",
                    review.Note, anchor);
            }

            foreach (var a in g.Actions)
            {
                var who = Who(a);
                if (a.IsPending && a.DueOn is { } due)
                {
                    yield return new(due, 50, "Action", $"Échéance : {a.Description} ({who})", a.Status.Label(), anchor);
                }
                else if (a.Status == ActionStatus.Done && a.DoneOn is { } done)
                {
                    yield return new(done, 51, "Action", $"Action faite : {a.Description} ({who})", null, anchor);
                }
            }

            if (g.StatusOn is { } reached && g.Status != GoalStatus.InProgress)
            {
                yield return new(reached, 55, "Objectif", $"Objectif {g.Status.Label().ToLowerInvariant()} : « {g.Wording} »", null, anchor);
            }
        }

        foreach (var m in v.Meetings)
        {
            yield return new(m.HeldOn, 60, "Entretien", $"Entretien ({m.Medium.Label().ToLowerInvariant()}) avec {m.Participants}", m.Summary, $"entretien-{m.Id}");
        }

        if (f.IsOpen && f.NextReviewOn is { } review2)
        {
            yield return new(review2, 70, "Révision", "Révision du dossier prévue", null, "cadre");
        }

        if (f.LastContactOn is { } last)
        {
            yield return new(last, 80, "Dossier", "Dernier contact avec la personne", null, "cloture");
        }

        if (f.ClosedOn is { } closed)
        {
            yield return new(closed, 90, "Dossier", $"Accompagnement clos : {f.ClosureOutcome?.Label().ToLowerInvariant()}", f.ClosureComment, "cloture");
        }
    }

    public static string Who(GoalAction a) => a.Actor == ActionActor.Partner && !string.IsNullOrEmpty(a.PartnerName)
        ? $"partenaire : {a.PartnerName}"
        : a.Actor.Label().ToLowerInvariant();

    private static DateOnly LocalDay(DateTimeOffset at, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}
