using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

/// <summary>
/// Notes or corrects a meeting (entretien): date, medium, participants, a factual summary. The summary is read by the
/// social team; what must stay with its author goes into a private note, not here.
/// </summary>
public sealed class MeetingModel(RelaisDbContext db, AccompanimentAccess access) : FileFormPageModel(access)
{
    [BindProperty] public MeetingInput Input { get; set; } = new();

    public Guid? MeetingId { get; private set; }
    public AccompanimentMeeting? Current { get; private set; }

    public sealed class MeetingInput
    {
        public string? HeldOn { get; set; }
        public string? Medium { get; set; }
        public string? Participants { get; set; }
        public string? Summary { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? meetingId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        Input = new MeetingInput { HeldOn = TodayIso, Participants = $"{Header.Person}, {Access.UserName}" };
        if (meetingId is { } mid)
        {
            var meeting = await FindAsync(id, mid, ct);
            if (meeting is null)
            {
                return NotFound();
            }

            Input = new MeetingInput
            {
                HeldOn = FileFormat.Iso(meeting.HeldOn), Medium = meeting.Medium.ToString(), Participants = meeting.Participants, Summary = meeting.Summary, Version = meeting.Version,
            };
        }

        return ClosedFile ? ClosedResult() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? meetingId, CancellationToken ct)
    {
        if (!await LoadFileAsync(id, ct))
        {
            return NotFound();
        }

        var meeting = meetingId is { } mid ? await FindAsync(id, mid, ct) : null;
        if (meetingId is not null && meeting is null)
        {
            return NotFound();
        }

        if (ClosedFile)
        {
            return ClosedResult();
        }

        ModelState.Clear();
        var check = Check();
        var heldOn = check.Date("Input.HeldOn", Input.HeldOn, "la date de l’entretien", required: true, future: false);
        var medium = check.Choice<MeetingMedium>("Input.Medium", Input.Medium, "où ou comment l’entretien a eu lieu");
        var participants = check.Text("Input.Participants", Input.Participants, "qui a participé", 500, required: true);
        var summary = check.Text("Input.Summary", Input.Summary, "le compte rendu de l’entretien", 4000, required: true);
        if (heldOn is { } d && d < Header.ConsentDate)
        {
            check.Fail("Input.HeldOn", "Un entretien de l’accompagnement ne peut pas précéder le consentement.");
        }

        if (!check.Ok)
        {
            return Page();
        }

        if (meeting is null)
        {
            meeting = new AccompanimentMeeting { AccompanimentId = id, RecordedByUserId = Access.UserId, RecordedByName = Access.UserName };
            db.AccompanimentMeetings.Add(meeting);
        }
        else
        {
            db.Entry(meeting).Property(m => m.Version).OriginalValue = Input.Version;
        }

        meeting.HeldOn = heldOn!.Value;
        meeting.Medium = medium!.Value;
        meeting.Participants = participants!;
        meeting.Summary = summary!;
        if (!await TrySaveAsync(db, ct))
        {
            Current = await FindAsync(id, meetingId!.Value, ct);
            if (Current is null)
            {
                return NotFound();
            }

            Input.Version = Current.Version;
            return ConflictResult();
        }

        return BackToFile(meetingId is null ? "L’entretien a été noté." : "L’entretien a été modifié.", $"entretien-{meeting.Id}");
    }

    private Task<AccompanimentMeeting?> FindAsync(Guid id, Guid meetingId, CancellationToken ct)
    {
        MeetingId = meetingId;
        return db.AccompanimentMeetings.FirstOrDefaultAsync(m => m.Id == meetingId && m.AccompanimentId == id, ct);
    }
}
