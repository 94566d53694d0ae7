using Microsoft.EntityFrameworkCore;
using Relais.Features.Housing;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Web;

namespace Relais.Features.Outreach;

/// <summary>An attempt as the caller may see it: a confidential note is already left out for those who may not read it.</summary>
public sealed record AttemptView(Guid Id, DateTimeOffset At, ContactOutcome Outcome, string UserName, string? Note, bool NoteConfidential);

/// <summary>A target as shown on a round card, already stripped of what the caller may not see.</summary>
public sealed record TargetCard(
    Guid Id, Guid CampaignId, Guid HouseholdId, string Name, string? Phone,
    string? Street, string? PostalCode, string? Commune, string? Residence, string? Building, string? Staircase, int? Floor, string? Door,
    TargetStatus Status, string? HoldReason, DateTimeOffset? FirstContactAt,
    SignalType? SignalType, SignalSeverity? Severity, string? Why, string? SignalNote,
    int AttemptCount, AttemptView? LastAttempt)
{
    public string Address => Street is null ? "Aucun logement rattaché" : $"{Street}, {PostalCode} {Commune}";

    public string Location => OutreachFormat.Location(Building, Staircase, Floor, Door);

    public bool CanLog => Status != TargetStatus.HeldBack;
}

public static class TargetCards
{
    /// <summary>
    /// Projects targets into cards on the server: the signal's explanation with amounts only for those who may see
    /// debts, notes marked confidential only for the social team. Nothing hidden leaves the database query.
    /// </summary>
    public static async Task<List<TargetCard>> LoadAsync(IQueryable<OutreachTarget> targets, OutreachView view, CancellationToken ct)
    {
        var confidential = view.SeesConfidentialNotes;
        var debts = view.SeesDebtAmounts;
        var rows = await targets.AsNoTracking()
            .Select(t => new
            {
                t.Id,
                t.CampaignId,
                t.HouseholdId,
                t.Household!.TenantReference,
                Holder = t.Household.Members.OrderBy(m => m.Role).ThenBy(m => m.BirthDate)
                    .Select(m => new { m.FirstName, m.LastName, m.Phone }).FirstOrDefault(),
                Street = t.Household.Dwelling != null ? t.Household.Dwelling.Building!.Street : null,
                PostalCode = t.Household.Dwelling != null ? t.Household.Dwelling.Building!.Residence!.PostalCode : null,
                Commune = t.Household.Dwelling != null ? t.Household.Dwelling.Building!.Residence!.CommuneName : null,
                Residence = t.Household.Dwelling != null ? t.Household.Dwelling.Building!.Residence!.Name : null,
                Building = t.Household.Dwelling != null ? t.Household.Dwelling.Building!.Name : null,
                Staircase = t.Household.Dwelling != null ? t.Household.Dwelling.Staircase : null,
                Floor = t.Household.Dwelling != null ? (int?)t.Household.Dwelling.Floor : null,
                Door = t.Household.Dwelling != null ? t.Household.Dwelling.Door : null,
                t.Status,
                t.HoldReason,
                t.FirstContactAt,
                SignalType = t.Signal != null ? (SignalType?)t.Signal.Type : null,
                Severity = t.Signal != null ? (SignalSeverity?)t.Signal.Severity : null,
                Why = t.Signal != null ? (debts ? t.Signal.Explanation : t.Signal.PublicExplanation) : null,
                SignalNote = t.Signal != null && (confidential || !t.Signal.NoteConfidential) ? t.Signal.Note : null,
                AttemptCount = t.Attempts.Count,
                Last = t.Attempts.OrderByDescending(a => a.At)
                    .Select(a => new
                    {
                        a.Id, a.At, a.Outcome, a.UserName,
                        Note = confidential || !a.NoteConfidential ? a.Note : null,
                        a.NoteConfidential,
                    })
                    .FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(r => new TargetCard(
                r.Id, r.CampaignId, r.HouseholdId,
                r.Holder is null ? $"Ménage {r.TenantReference}" : $"{r.Holder.LastName.ToUpperInvariant()} {r.Holder.FirstName}",
                r.Holder?.Phone,
                r.Street, r.PostalCode, r.Commune, r.Residence, r.Building, r.Staircase, r.Floor, r.Door,
                r.Status, r.HoldReason, r.FirstContactAt,
                r.SignalType, r.Severity,
                string.IsNullOrWhiteSpace(r.Why) ? r.SignalType?.Label() : r.Why,
                r.SignalNote,
                r.AttemptCount,
                r.Last is null ? null : new AttemptView(r.Last.Id, r.Last.At, r.Last.Outcome, r.Last.UserName, r.Last.Note, r.Last.NoteConfidential)))
            .ToList();
    }

    /// <summary>The order of a round: residence, building, staircase, floor, door (French natural order: 2 before 10).</summary>
    public static List<TargetCard> InRoundOrder(this IEnumerable<TargetCard> cards)
    {
        var order = HousingQueries.NaturalOrder;
        return cards
            .OrderBy(c => c.Residence is null ? 1 : 0)
            .ThenBy(c => c.Residence ?? "", order)
            .ThenBy(c => c.Building ?? "", order)
            .ThenBy(c => c.Staircase ?? "", order)
            .ThenBy(c => c.Floor ?? int.MaxValue)
            .ThenBy(c => c.Door ?? "", order)
            .ThenBy(c => c.Name, order)
            .ToList();
    }

    /// <summary>Every attempt of one target, newest first, confidential notes left out for those who may not read them.</summary>
    public static Task<List<AttemptView>> AttemptsAsync(RelaisDbContext db, Guid targetId, OutreachView view, CancellationToken ct)
    {
        var confidential = view.SeesConfidentialNotes;
        return db.ContactAttempts.AsNoTracking()
            .Where(a => a.TargetId == targetId)
            .OrderByDescending(a => a.At)
            .Select(a => new AttemptView(a.Id, a.At, a.Outcome, a.UserName, confidential || !a.NoteConfidential ? a.Note : null, a.NoteConfidential))
            .ToListAsync(ct);
    }
}

/// <summary>What the card partial needs: the card, and whether it carries the quick-log form.</summary>
public sealed record TargetCardView(TargetCard Card, TimeZoneInfo Zone, bool ShowForm, bool Saved, string ReturnTo, bool LinkToTarget);
