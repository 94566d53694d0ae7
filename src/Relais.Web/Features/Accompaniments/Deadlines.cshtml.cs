using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Relais.Features.Accompaniments;

/// <summary>
/// "Mes échéances": on the open files the worker follows as a referent, what is overdue or due within
/// <see cref="AccompanimentRules.DeadlineHorizonDays"/> days, group by group (each group is an
/// <see cref="IAccompanimentDeadlineSource"/>: reviews and actions here, missed instalments from the arrears follow-up).
/// </summary>
public sealed class DeadlinesModel(AccompanimentAccess access, IEnumerable<IAccompanimentDeadlineSource> sources) : PageModel
{
    public sealed record Item(Deadline Deadline, string Person);

    public sealed record Group(string Heading, List<Item> Items);

    public List<Group> Groups { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public DateOnly Horizon { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = access.Today;
        Horizon = Today.AddDays(AccompanimentRules.DeadlineHorizonDays);
        // The worker's open files, read once: every group reads its rows by their ids, rather than each one joining the
        // referents and the caller's scope again.
        var rows = await access.Mine().AsNoTracking().Where(a => a.Status == AccompanimentStatus.Open)
            .Select(a => new { a.Id, a.Person!.FirstName, a.Person.LastName, a.NextReviewOn })
            .ToListAsync(ct);
        var files = rows.Select(r => new DeadlineFile(r.Id, $"{r.FirstName} {r.LastName.ToUpperInvariant()}", r.NextReviewOn)).ToList();
        var people = files.ToDictionary(f => f.Id, f => f.Person);
        foreach (var source in sources.OrderBy(s => s.Order))
        {
            IReadOnlyList<Deadline> items = files.Count == 0 ? [] : await source.DeadlinesAsync(files, Today, Horizon, ct);
            Groups.Add(new Group(source.Heading, items
                .Where(d => people.ContainsKey(d.AccompanimentId))
                .OrderBy(d => d.Due).ThenBy(d => people[d.AccompanimentId], Users.FrenchText.Comparer)
                .Select(d => new Item(d, people[d.AccompanimentId]))
                .ToList()));
        }
    }
}
