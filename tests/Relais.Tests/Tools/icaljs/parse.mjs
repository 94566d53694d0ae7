// Parses an iCalendar document read on stdin with ical.js (an independent RFC 5545 parser) and prints its events
// as JSON; exits with code 2 (and the parser's message) when the document is not valid iCalendar.
import ICAL from "./ical.mjs";

const chunks = [];
for await (const chunk of process.stdin) { chunks.push(chunk); }
const text = Buffer.concat(chunks).toString("utf8");
try {
  const calendar = new ICAL.Component(ICAL.parse(text));
  if (calendar.name !== "vcalendar") { throw new Error("root component is " + calendar.name); }
  const events = calendar.getAllSubcomponents("vevent").map((v) => {
    const event = new ICAL.Event(v);
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      description: event.description,
      status: v.getFirstPropertyValue("status"),
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      startIsUtc: event.startDate.zone === ICAL.Timezone.utcTimezone,
      stamp: v.getFirstPropertyValue("dtstamp")?.toString() ?? null,
      attendees: v.getAllProperties("attendee").length,
    };
  });
  process.stdout.write(JSON.stringify({ version: calendar.getFirstPropertyValue("version"), prodid: calendar.getFirstPropertyValue("prodid"), events }));
} catch (e) {
  process.stderr.write(String(e && e.message || e));
  process.exit(2);
}
