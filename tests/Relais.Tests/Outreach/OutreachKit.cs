using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Households;
using Relais.Features.Housing;
using Relais.Features.Outreach;
using Relais.Features.Signals;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Outreach;

/// <summary>Arranges outreach data directly in a test's own world (signals come from other features: created here by hand).</summary>
internal static class OutreachKit
{
    public const string DebtExplanation = "Dette de 1 240 € soit 2,8 mois de loyer, en hausse depuis 3 mois";
    public const string PublicDebtExplanation = "Loyers impayés depuis 3 mois";

    public static async Task<Household> AddHouseholdAsync(World w, Guid buildingId, string staircase, int floor, string door, string lastName, string firstName = "Alex")
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var tag = Guid.NewGuid().ToString("N")[..8];
        // The building and its residence are loaded so that the household's search key and address are computed on save.
        var building = await db.Buildings.Include(b => b.Residence).SingleAsync(b => b.Id == buildingId);
        var dwelling = new Dwelling { Building = building, Reference = $"LGT-{tag}", Staircase = staircase, Floor = floor, Door = door, Typology = "T3" };
        var household = new Household { TenantReference = $"LOC-{tag}", Dwelling = dwelling, LeaseStart = new DateOnly(2018, 1, 1) };
        household.Members.Add(new Person { FirstName = firstName, LastName = lastName, Role = HouseholdRole.LeaseHolder, BirthDate = new DateOnly(1980, 1, 1) });
        db.Households.Add(household);
        await db.SaveChangesAsync();
        return household;
    }

    public static async Task<Guid> SouthBuildingIdAsync(World w)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        return await db.Buildings.Where(b => b.ResidenceId == w.SouthResidence.Id).Select(b => b.Id).FirstAsync();
    }

    public static async Task<Signal> AddSignalAsync(World w, Guid householdId, SignalSeverity severity = SignalSeverity.Medium,
        DateTimeOffset? detectedAt = null, SignalType type = SignalType.DebtThreshold, string explanation = DebtExplanation,
        string publicExplanation = PublicDebtExplanation, string? note = null, bool noteConfidential = false, decimal? debt = 1240m,
        SignalStatus status = SignalStatus.New)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var signal = new Signal
        {
            HouseholdId = householdId,
            Source = type < SignalType.Isolation ? SignalSource.Ledger : SignalSource.Staff,
            Type = type,
            Severity = severity,
            Status = status,
            Explanation = explanation,
            PublicExplanation = publicExplanation,
            DebtAmount = debt,
            Note = note,
            NoteConfidential = noteConfidential,
            DetectedAt = detectedAt ?? DateTimeOffset.UtcNow.AddDays(-3),
        };
        db.Signals.Add(signal);
        await db.SaveChangesAsync();
        return signal;
    }

    public static async Task<OutreachCampaign> AddCampaignAsync(World w, string name, DateOnly start, DateOnly? end, IEnumerable<Role> team,
        CampaignStatus status = CampaignStatus.Active, OutreachChannel channel = OutreachChannel.DoorToDoor)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var campaign = new OutreachCampaign { Name = name, Channel = channel, Status = status, StartDate = start, EndDate = end };
        campaign.Team.AddRange(team.Select(r => new CampaignMember { CampaignId = campaign.Id, UserId = w.Users[r].Id }));
        db.OutreachCampaigns.Add(campaign);
        await db.SaveChangesAsync();
        return campaign;
    }

    public static async Task<OutreachTarget> AddTargetAsync(World w, Guid campaignId, Guid householdId, Guid? signalId = null,
        TargetStatus status = TargetStatus.Pending, string? holdReason = null)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var target = new OutreachTarget { CampaignId = campaignId, HouseholdId = householdId, SignalId = signalId, Status = status, HoldReason = holdReason };
        db.OutreachTargets.Add(target);
        await db.SaveChangesAsync();
        return target;
    }

    /// <summary>An attempt stored as the app would store it (target status and first contact follow).</summary>
    public static async Task AddAttemptAsync(World w, Guid targetId, ContactOutcome outcome, DateTimeOffset at, string? note = null, bool confidential = false)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var target = await db.OutreachTargets.Include(t => t.Campaign).FirstAsync(t => t.Id == targetId);
        db.ContactAttempts.Add(new ContactAttempt
        {
            TargetId = target.Id, HouseholdId = target.HouseholdId, At = at, UserName = "Agent test", Channel = target.Campaign!.Channel,
            Outcome = outcome, Note = note, NoteConfidential = confidential,
        });
        if (outcome != ContactOutcome.Absent)
        {
            target.Status = outcome == ContactOutcome.Refused ? TargetStatus.Refused : TargetStatus.Reached;
            if (target.FirstContactAt is null || target.FirstContactAt > at)
            {
                target.FirstContactAt = at;
            }
        }

        await db.SaveChangesAsync();
    }

    /// <summary>A refusal expressed in an earlier, closed campaign.</summary>
    public static async Task AddRefusalAsync(World w, Guid householdId, DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var campaign = await AddCampaignAsync(w, $"Ancienne tournée {Guid.NewGuid():N}", day, day, [Role.SocialWorker], CampaignStatus.Closed);
        var target = await AddTargetAsync(w, campaign.Id, householdId);
        await AddAttemptAsync(w, target.Id, ContactOutcome.Refused, at);
    }

    public static async Task SetSettingsAsync(World w, Action<OutreachSettings> change)
    {
        await using var scope = w.App.SystemScope(w.Id, out var db);
        var settings = await db.OutreachSettings.FirstOrDefaultAsync();
        if (settings is null)
        {
            settings = new OutreachSettings();
            db.OutreachSettings.Add(settings);
        }

        change(settings);
        await db.SaveChangesAsync();
    }

    /// <summary>The create-campaign form, filled in; signals as SignalIds[0], SignalIds[1]… (indexed binding).</summary>
    public static Dictionary<string, string> CampaignForm(World w, string name, IEnumerable<Guid>? signals = null, string? place = null,
        string? start = null, string? end = null, IEnumerable<Role>? team = null, string channel = "DoorToDoor")
    {
        var today = DateTime.Now.Date;
        start ??= today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        end ??= today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var form = new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Channel"] = channel, ["Input.StartDate"] = start, ["Input.EndDate"] = end,
            ["Input.Notes"] = "Se présenter, proposer un café au local.", ["Input.Version"] = "0",
            ["Source"] = place is null ? "signals" : "place",
        };
        var i = 0;
        foreach (var role in team ?? [Role.SocialWorker])
        {
            form[$"Input.Team[{i++}]"] = w.Users[role].Id.ToString();
        }

        i = 0;
        foreach (var signal in signals ?? [])
        {
            form[$"SignalIds[{i++}]"] = signal.ToString();
        }

        if (place is not null)
        {
            form["Place"] = place;
        }

        return form;
    }
}

/// <summary>Outreach rows of a world that the cross-organisation test needs for its id routes.</summary>
internal sealed record OutreachIds(Guid CampaignId, Guid TargetId)
{
    private static readonly ConditionalWeakTable<World, OutreachIds> Arranged = new();

    /// <summary>A campaign (team: the field agent) with one target, the North household.</summary>
    public static async Task ArrangeAsync(World w)
    {
        var campaign = await OutreachKit.AddCampaignAsync(w, "Tournée d'isolation", new DateOnly(2026, 1, 5), null, [Role.FieldAgent]);
        var target = await OutreachKit.AddTargetAsync(w, campaign.Id, w.NorthHousehold.Id);
        Arranged.AddOrUpdate(w, new OutreachIds(campaign.Id, target.Id));
    }

    public static OutreachIds Of(World w) => Arranged.TryGetValue(w, out var ids)
        ? ids
        : throw new InvalidOperationException("Call OutreachIds.ArrangeAsync(world) first.");
}
