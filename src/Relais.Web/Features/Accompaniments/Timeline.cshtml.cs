using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>Every dated event of the file, merged and sorted (newest first, planned ones on top). Its read is logged.</summary>
public sealed class TimelineModel(RelaisDbContext db, AccompanimentAccess access, IEnumerable<IAccompanimentTimelineSource> sources, TimeProvider clock) : PageModel
{
    public FileView View { get; private set; } = null!;
    public List<TimelineEvent> Events { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var view = await FileView.LoadAsync(db, access, id, ct);
        if (view is null)
        {
            return NotFound();
        }

        await access.LogReadAsync(view.File.Id, view.File.HouseholdId, "chronologie", ct);
        var header = new FileHeader(view.File.Id, view.File.HouseholdId, view.Person, view.File.Status, view.File.Version, view.File.ConsentDate);
        var others = new List<TimelineEvent>();
        foreach (var source in sources)
        {
            others.AddRange(await source.EventsAsync(header, ct));
        }

        View = view;
        Events = FileTimeline.Build(view, others, clock.LocalTimeZone);
        return Page();
    }
}
