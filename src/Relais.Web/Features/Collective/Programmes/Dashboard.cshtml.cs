using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Relais.Features.Accompaniments;
using Relais.Features.Accompaniments.Arrears;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Programmes;

/// <summary>
/// The group dashboard of a programme: each member's progress since entry and the group's trajectory, for the project
/// staff allowed to see who is in the group (<see cref="ProjectAccess.SeesConfidentialMembersAsync"/>) only. Each member's
/// data is a read of their file: it is logged in the audit read log before the page answers.
/// </summary>
public sealed class DashboardModel(RelaisDbContext db, ProjectAccess access, AccompanimentAccess files, ArrearsAccess arrears) : PageModel
{
    public GroupHeader Group { get; private set; } = null!;
    public ProgrammeDashboard Board { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await LoadAsync(id, "programme", ct);
        return result ?? Page();
    }

    /// <summary>The trajectory month by month as CSV.</summary>
    public async Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken ct)
    {
        var result = await LoadAsync(id, "programme-export", ct);
        return result ?? File(Board.TrajectoryCsv(), "text/csv; charset=utf-8", $"programme_{Board.ProjectId:N}_{arrears.Today:yyyy-MM-dd}.csv");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, string context, CancellationToken ct)
    {
        var group = await GroupHeader.LoadAsync(access, id, ct);
        if (group is null || !group.IsProgramme)
        {
            return NotFound();
        }

        if (!await access.SeesConfidentialMembersAsync(id, ct))
        {
            return Forbid();
        }

        Group = group;
        Board = await ProgrammeDashboard.LoadAsync(db, files, id, group.Title, group.Sensitivity, await arrears.SeesAmountsAsync(ct),
            await arrears.SettingsAsync(ct), arrears.Today, ct);
        // One line per member file shown, handed to the read log together (one group commit, not one per member).
        await Task.WhenAll(Board.Readable.Select(m => files.LogReadAsync(m.AccompanimentId!.Value, m.HouseholdId, context, ct)));
        return null;
    }
}
