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

/// One event: `uid` must be stable per booking so a re-sent file updates the same entry.
pub fn event(
    uid: &str,
    start: Timestamp,
    end: Timestamp,
    now: Timestamp,
    summary: &str,
    url: &str,
) -> String {
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//PNP Live//Booking//EN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{uid}@pnp-live"),
        format!("DTSTAMP:{}", stamp(now)),
        format!("DTSTART:{}", stamp(start)),
        format!("DTEND:{}", stamp(end)),
        format!("SUMMARY:{}", escape(summary)),
        format!("DESCRIPTION:{}", escape(url)),
        format!("URL:{url}"),
        "BEGIN:VALARM".to_owned(),
        "TRIGGER:-PT15M".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", escape(summary)),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
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
        let ics = event("abc", start, end, start, "Call with Maria, 30 min; private", &url);
        assert!(ics.contains("DTSTART:20261207T203000Z\r\n"));
        assert!(ics.contains("DTEND:20261207T210000Z\r\n"));
        assert!(ics.contains("SUMMARY:Call with Maria\\, 30 min\\; private\r\n"));
        assert!(ics.lines().all(|l| l.len() <= 75), "{ics}");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    }
}
