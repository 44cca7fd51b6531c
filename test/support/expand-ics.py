"""Expands the first VEVENT series of an iCalendar file (stdin) between two UTC dates (argv), with
icalendar + recurring_ical_events, an engine independent of ical.js: one UTC instant per line."""
import datetime
import sys

import icalendar
import recurring_ical_events

calendar = icalendar.Calendar.from_ical(sys.stdin.read())
start = datetime.datetime.fromisoformat(sys.argv[1])
end = datetime.datetime.fromisoformat(sys.argv[2])
for event in recurring_ical_events.of(calendar).between(start, end):
    instant = event["DTSTART"].dt.astimezone(datetime.timezone.utc)
    print(instant.strftime("%Y-%m-%dT%H:%M:%S.000Z"))
