using System.Net;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Audit;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;
using static Relais.Tests.Signals.SignalTestKit;

namespace Relais.Tests.Signals;

/// <summary>nouveau → en cours d'aller-vers → traité, or écarté with a reason; never back to nouveau; concurrent changes.</summary>
public sealed class SignalStatusTests
{
    private static Dictionary<string, string> Change(string status, int version, string? reason = null)
    {
        var fields = new Dictionary<string, string> { ["Input.Status"] = status, ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (reason is not null)
        {
            fields["Input.Reason"] = reason;
        }

        return fields;
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_social_worker_takes_a_signal_into_outreach_then_marks_it_treated(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var signal = await AddSignalAsync(w, w.NorthHousehold.Id);
        var worker = await w.LoginAsync(Role.SocialWorker);
        var url = $"/Signals/Details/{signal.Id}";

        var form = (await (await worker.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal(["InOutreach", "Handled", "Dismissed"], form.QuerySelectorAll("input[name='Input.Status']").Select(i => i.GetAttribute("value")!));

        var first = await worker.PostFormAsync(url, Change("InOutreach", 0));
        await first.ShouldBe(HttpStatusCode.Redirect);
        var page = (await (await worker.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Le signal est maintenant « En cours d'aller-vers ».", page.QuerySelector(".notice")!.TextContent);
        await (await worker.PostFormAsync(url, Change("Handled", 1))).ShouldBe(HttpStatusCode.Redirect);

        var stored = (await SignalsAsync(w, w.NorthHousehold.Id)).Single();
        Assert.Equal((SignalStatus.Handled, 2), (stored.Status, stored.Version));
        Assert.NotNull(stored.StatusChangedAt);
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var updates = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityId == signal.Id && e.Action == AuditActions.Update).ToListAsync();
        Assert.Equal(2, updates.Count);
        Assert.All(updates, u => Assert.Equal(w.Users[Role.SocialWorker].Id, u.UserId));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Dismissing_a_signal_requires_a_reason_and_it_never_goes_back_to_new(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var signal = await AddSignalAsync(w, w.NorthHousehold.Id);
        var manager = await w.LoginAsync(Role.Manager);
        var url = $"/Signals/Details/{signal.Id}";

        var refused = (await (await manager.PostFormAsync(url, Change("Dismissed", 0, "   "))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Indiquez pourquoi le signal est écarté.", refused.QuerySelector("#reason-err")!.TextContent);
        Assert.Equal("true", refused.QuerySelector("#reason")!.GetAttribute("aria-invalid"));
        Assert.Equal(SignalStatus.New, (await SignalsAsync(w)).Single().Status);

        var none = (await (await manager.PostFormAsync(url, new() { ["Input.Version"] = "0" })).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Equal("Choisissez le nouveau statut du signal.", none.QuerySelector("#status-err")!.TextContent);

        await (await manager.PostFormAsync(url, Change("Dismissed", 0, "Déjà suivi par le CCAS"))).ShouldBe(HttpStatusCode.Redirect);
        var dismissed = (await SignalsAsync(w)).Single();
        Assert.Equal((SignalStatus.Dismissed, "Déjà suivi par le CCAS"), (dismissed.Status, dismissed.DismissReason));
        var page = (await (await manager.GetAsync(url)).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("Déjà suivi par le CCAS", page.QuerySelector("dl.facts")!.TextContent);

        var back = (await (await manager.PostFormAsync(url, Change("New", 1))).ShouldBe(HttpStatusCode.OK)).Html();
        Assert.Contains("ne revient pas à « Nouveau »", back.QuerySelector("#status-err")!.TextContent);

        // Taken up again: the reason no longer applies.
        await (await manager.PostFormAsync(url, Change("InOutreach", 1))).ShouldBe(HttpStatusCode.Redirect);
        var reopened = (await SignalsAsync(w)).Single();
        Assert.Equal((SignalStatus.InOutreach, (string?)null), (reopened.Status, reopened.DismissReason));
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task A_change_made_on_a_stale_page_is_not_saved_and_shows_the_current_status(DatabaseProvider provider)
    {
        var w = await World.CreateAsync(await TestApp.GetAsync(provider));
        var signal = await AddSignalAsync(w, w.NorthHousehold.Id);
        var manager = await w.LoginAsync(Role.Manager);
        var worker = await w.LoginAsync(Role.SocialWorker);
        var url = $"/Signals/Details/{signal.Id}";

        await (await worker.PostFormAsync(url, Change("InOutreach", 0))).ShouldBe(HttpStatusCode.Redirect);
        var conflict = (await (await manager.PostFormAsync(url, Change("Dismissed", 0, "Doublon"))).ShouldBe(HttpStatusCode.OK)).Html();

        Assert.Contains("Le signal est maintenant « En cours d'aller-vers »", conflict.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("1", conflict.QuerySelector("input[name='Input.Version']")!.GetAttribute("value"));
        Assert.Equal("Doublon", conflict.QuerySelector("#reason")!.TextContent);
        Assert.Equal(SignalStatus.InOutreach, (await SignalsAsync(w)).Single().Status);

        await (await manager.PostFormAsync(url, Change("Dismissed", 1, "Doublon"))).ShouldBe(HttpStatusCode.Redirect);
        Assert.Equal(SignalStatus.Dismissed, (await SignalsAsync(w)).Single().Status);
    }
}
