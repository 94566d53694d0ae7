using Microsoft.EntityFrameworkCore;
using Relais.Features.Signals;
using Relais.Infrastructure.Data;

namespace Relais.Features.Outreach;

/// <summary>A contact attempt as typed on the ground.</summary>
public sealed record AttemptInput(ContactOutcome Outcome, string? Note, bool NoteConfidential);

/// <summary>A business refusal of an attempt, in French.</summary>
public sealed record AttemptRefusal(string Message);

/// <summary>
/// Records a contact attempt and what it changes:
/// <list type="bullet">
/// <item>the target: "refus" → Refused; any other answer than "absent" → Reached ("absent" leaves the status as it is);</item>
/// <item>the first contact (first answer other than "absent", a refusal included: the person was reached and said no)
/// sets <see cref="OutreachTarget.FirstContactAt"/>, the start of the "signal → first contact" delay;</item>
/// <item>on that first contact, the household's signals "en cours d'aller-vers" become "traité": the going-towards has
/// happened; what follows belongs to the accompaniment (or, after a refusal, to the hold that respects it). A signal
/// still "nouveau" (arrived after the campaign was made) is left for someone to look at.</item>
/// </list>
/// </summary>
public static class ContactLog
{
    public static async Task<AttemptRefusal?> RecordAsync(RelaisDbContext db, Guid targetId, AttemptInput input, Guid? userId, string userName,
        DateTimeOffset now, CancellationToken ct)
    {
        // Two people may log on the same household at the same moment: the attempt is added either way, and the
        // target's status is worked out again from the stored row (the target's version guards it).
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            var target = await db.OutreachTargets.Include(t => t.Campaign).FirstAsync(t => t.Id == targetId, ct);
            if (target.Campaign!.Status == CampaignStatus.Closed)
            {
                return new AttemptRefusal("Cette tournée est terminée : elle n'enregistre plus de passages.");
            }

            if (target.Status == TargetStatus.HeldBack)
            {
                return new AttemptRefusal($"Ce ménage est mis en attente. {target.HoldReason}");
            }

            var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
            db.ContactAttempts.Add(new ContactAttempt
            {
                TargetId = target.Id,
                HouseholdId = target.HouseholdId,
                At = now,
                UserId = userId,
                UserName = userName,
                Channel = target.Campaign.Channel,
                Outcome = input.Outcome,
                Note = note,
                NoteConfidential = note is not null && input.NoteConfidential,
            });
            if (input.Outcome == ContactOutcome.Refused)
            {
                target.Status = TargetStatus.Refused;
            }
            else if (input.Outcome != ContactOutcome.Absent)
            {
                target.Status = TargetStatus.Reached;
            }

            if (input.Outcome != ContactOutcome.Absent && target.FirstContactAt is null)
            {
                target.FirstContactAt = now;
                var signals = await db.Signals
                    .Where(s => s.HouseholdId == target.HouseholdId && s.Status == SignalStatus.InOutreach)
                    .ToListAsync(ct);
                foreach (var signal in signals)
                {
                    signal.Status = SignalStatus.Handled;
                    signal.StatusChangedAt = now;
                }
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return null;
            }
            catch (DbUpdateConcurrencyException) when (attemptNumber < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
