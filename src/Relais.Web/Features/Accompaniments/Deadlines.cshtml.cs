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
        var files = access.Mine().AsNoTracking().Where(a => a.Status == AccompanimentStatus.Open);
        var found = new List<(IAccompanimentDeadlineSource Source, IReadOnlyList<Deadline> Items)>();
        foreach (var source in sources.OrderBy(s => s.Order))
        {
            found.Add((source, await source.DeadlinesAsync(files, Today, Horizon, ct)));
        }

        var ids = found.SelectMany(f => f.Items).Select(d => d.AccompanimentId).Distinct().ToList();
        var people = await files.Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Person!.FirstName, a.Person.LastName })
            .ToDictionaryAsync(a => a.Id, a => $"{a.FirstName} {a.LastName.ToUpperInvariant()}", ct);
        Groups = found.Select(f => new Group(f.Source.Heading, f.Items
                .Where(d => people.ContainsKey(d.AccompanimentId))
                .OrderBy(d => d.Due).ThenBy(d => people[d.AccompanimentId], Users.FrenchText.Comparer)
                .Select(d => new Item(d, people[d.AccompanimentId]))
                .ToList()))
            .ToList();
    }
}
