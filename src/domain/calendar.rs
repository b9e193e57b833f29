//! An iCalendar (RFC 5545) event for a booked call, sent to the user as an `.ics` file.

use jiff::Timestamp;

/// Escapes TEXT values (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

fn stamp(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Folds content lines longer than 75 octets (RFC 5545 §3.1).
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 74 * 3);
    let mut width = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    out
}

/// A booked call as a calendar entry.
pub struct CallEvent<'a> {
    /// Stable per booking, so a later file (a cancellation, a new time) updates the same entry.
    pub uid: &'a str,
    /// Grows with every change of the booking (its `version`): calendars apply the highest.
    pub sequence: i32,
    pub start: Timestamp,
    pub end: Timestamp,
    pub now: Timestamp,
    pub summary: &'a str,
    pub url: &'a str,
}

/// The event as an iCalendar file: `METHOD:PUBLISH` adds or updates it.
pub fn event(call: &CallEvent<'_>) -> String {
    calendar(call, false)
}

/// The cancellation of an event sent before (`METHOD:CANCEL`, `STATUS:CANCELLED`): calendars
/// that imported the first file remove or strike the entry.
pub fn cancellation(call: &CallEvent<'_>) -> String {
    calendar(call, true)
}

fn calendar(call: &CallEvent<'_>, cancelled: bool) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//PNP Live//Booking//EN".to_owned(),
        format!("METHOD:{}", if cancelled { "CANCEL" } else { "PUBLISH" }),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@pnp-live", call.uid),
        format!("SEQUENCE:{}", call.sequence.max(0)),
        format!("DTSTAMP:{}", stamp(call.now)),
        format!("DTSTART:{}", stamp(call.start)),
        format!("DTEND:{}", stamp(call.end)),
        format!("SUMMARY:{}", escape(call.summary)),
    ];
    if cancelled {
        lines.push("STATUS:CANCELLED".to_owned());
    } else {
        lines.extend([
            "STATUS:CONFIRMED".to_owned(),
            format!("DESCRIPTION:{}", escape(call.url)),
            format!("URL:{}", call.url),
            "BEGIN:VALARM".to_owned(),
            "TRIGGER:-PT15M".to_owned(),
            "ACTION:DISPLAY".to_owned(),
            format!("DESCRIPTION:{}", escape(call.summary)),
            "END:VALARM".to_owned(),
        ]);
    }
    lines.extend(["END:VEVENT".to_owned(), "END:VCALENDAR".to_owned()]);
    lines.iter().map(|l| fold(l) + "\r\n").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_has_utc_times_escaped_text_and_folded_lines() {
        let start: Timestamp = "2026-12-07T20:30:00Z".parse().unwrap();
        let end: Timestamp = "2026-12-07T21:00:00Z".parse().unwrap();
        let url = format!("https://meet.jit.si/pnp-{}", "x".repeat(80));
        let call = CallEvent {
            uid: "abc",
            sequence: 3,
            start,
            end,
            now: start,
            summary: "Call with Maria, 30 min; private",
            url: &url,
        };
        let ics = event(&call);
        assert!(ics.contains("DTSTART:20261207T203000Z\r\n"));
        assert!(ics.contains("DTEND:20261207T210000Z\r\n"));
        assert!(ics.contains("SUMMARY:Call with Maria\\, 30 min\\; private\r\n"));
        assert!(ics.lines().all(|l| l.len() <= 75), "{ics}");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("METHOD:PUBLISH\r\n") && ics.contains("SEQUENCE:3\r\n"));
    }

    #[test]
    fn a_cancellation_names_the_same_event_and_cancels_it() {
        let start: Timestamp = "2026-12-07T20:30:00Z".parse().unwrap();
        let end: Timestamp = "2026-12-07T21:00:00Z".parse().unwrap();
        let call = CallEvent {
            uid: "abc",
            sequence: 5,
            start,
            end,
            now: end,
            summary: "Call with Maria",
            url: "https://example.com/room",
        };
        let ics = cancellation(&call);
        assert!(ics.contains("METHOD:CANCEL\r\n"), "{ics}");
        assert!(ics.contains("UID:abc@pnp-live\r\n") && ics.contains("SEQUENCE:5\r\n"));
        assert!(ics.contains("STATUS:CANCELLED\r\n") && !ics.contains("VALARM"));
    }
}
