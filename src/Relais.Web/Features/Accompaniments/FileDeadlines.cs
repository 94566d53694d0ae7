using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>Something due on a file the worker follows: when, what, and where in the file it is.</summary>
public sealed record Deadline(DateOnly Due, Guid AccompanimentId, string Title, string? Detail, string Anchor);

/// <summary>
/// An open file the worker follows as a referent, within their scope: "mes échéances" reads them once (with the
/// person's name and the review date) and gives them to every group, which then reads its rows by these ids only.
/// </summary>
public sealed record DeadlineFile(Guid Id, string Person, DateOnly? NextReviewOn);

/// <summary>
/// One group of "mes échéances". The file's reviews and its actions are the two sources of this part; the arrears
/// follow-up adds missed instalments by registering its own source
/// (<c>services.AddScoped&lt;IAccompanimentDeadlineSource, MissedInstalments&gt;()</c>), reading the same files.
/// </summary>
public interface IAccompanimentDeadlineSource
{
    /// <summary>The group's heading on the page ("Révisions", "Actions").</summary>
    string Heading { get; }

    /// <summary>The group's place on the page.</summary>
    int Order { get; }

    /// <param name="files">The open files the worker follows as a referent, within their scope (never empty).</param>
    /// <param name="today">Today, local time.</param>
    /// <param name="horizon">The last day looked at: everything due up to it, overdue included.</param>
    Task<IReadOnlyList<Deadline>> DeadlinesAsync(IReadOnlyList<DeadlineFile> files, DateOnly today, DateOnly horizon, CancellationToken ct);
}

/// <summary>Files whose review date has come or comes within the horizon.</summary>
public sealed class ReviewsDue : IAccompanimentDeadlineSource
{
    public string Heading => "Révisions de dossier";
    public int Order => 10;

    public Task<IReadOnlyList<Deadline>> DeadlinesAsync(IReadOnlyList<DeadlineFile> files, DateOnly today, DateOnly horizon, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Deadline>>(files
            .Where(f => f.NextReviewOn is { } d && d <= horizon)
            .Select(f => new Deadline(f.NextReviewOn!.Value, f.Id, "Faire le point avec la personne (révision du dossier)", null, "cadre"))
            .ToList());
}

/// <summary>Actions not done nor abandoned whose due date has come or comes within the horizon, whoever does them.</summary>
public sealed class ActionsDue(RelaisDbContext db) : IAccompanimentDeadlineSource
{
    public string Heading => "Actions à échéance";
    public int Order => 20;

    public async Task<IReadOnlyList<Deadline>> DeadlinesAsync(IReadOnlyList<DeadlineFile> files, DateOnly today, DateOnly horizon, CancellationToken ct)
    {
        var ids = files.Select(f => f.Id).ToList();
        var rows = await db.GoalActions.AsNoTracking()
            .Where(x => (x.Status == ActionStatus.ToDo || x.Status == ActionStatus.InProgress) && x.DueOn != null && x.DueOn <= horizon)
            .Where(x => ids.Contains(x.Goal!.AccompanimentId))
            .Select(x => new { x.Id, x.Description, x.Actor, x.PartnerName, x.DueOn, x.Status, x.GoalId, x.Goal!.AccompanimentId, x.Goal.Wording })
            .ToListAsync(ct);
        return rows.Select(r => new Deadline(r.DueOn!.Value, r.AccompanimentId,
                $"{r.Description} ({FileTimeline.Who(new GoalAction { Actor = r.Actor, PartnerName = r.PartnerName })})",
                $"Objectif « {r.Wording} » — {Infrastructure.Web.EnumLabels.Label(r.Status).ToLowerInvariant()}",
                $"objectif-{r.GoalId}"))
            .ToList();
    }
}

public static class AccompanimentsSetup
{
    public static IServiceCollection AddRelaisAccompaniments(this IServiceCollection services)
    {
        services.AddScoped<AccompanimentAccess>();
        services.AddScoped<IAccompanimentDeadlineSource, ReviewsDue>();
        services.AddScoped<IAccompanimentDeadlineSource, ActionsDue>();
        return services;
    }
}
