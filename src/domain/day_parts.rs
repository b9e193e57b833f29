//! Parts of a day for picking a time: one day's free slots split by the reader's local hour
//! into night, morning, afternoon and evening, so a day of 48 half-hour slots is two short
//! screens (part → time) instead of four pages.
//!
//! A part holding more slots than fit one screen (short slot steps) is split into equal spans
//! of hours (6 → 3 → 1) until each fits; an hour is never split.

use jiff::tz::TimeZone;

use super::availability::Slot;

/// The most time buttons one screen shows (six rows of four).
pub const MAX_SLOTS_PER_SCREEN: usize = 24;

/// Local hours `[from, to)` of one day, `0 <= from < to <= 24`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayPart {
    pub from: u8,
    pub to: u8,
}

impl DayPart {
    /// Night, morning, afternoon and evening.
    pub const QUARTERS: [DayPart; 4] = [
        DayPart { from: 0, to: 6 },
        DayPart { from: 6, to: 12 },
        DayPart { from: 12, to: 18 },
        DayPart { from: 18, to: 24 },
    ];

    /// A part from a button's hours, if they make one.
    pub fn new(from: u8, to: u8) -> Option<DayPart> {
        (from < to && to <= 24).then_some(DayPart { from, to })
    }

    /// The quarter of the day this part lies in (night 0 … evening 3).
    pub fn quarter(self) -> usize {
        usize::from(self.from / 6)
    }

    /// Whether this part is a whole quarter (named) rather than a span of hours within one.
    pub fn is_quarter(self) -> bool {
        self.from.is_multiple_of(6) && self.to == self.from + 6
    }

    fn contains(self, slot: &Slot, tz: &TimeZone) -> bool {
        let hour = tz.to_datetime(slot.start).hour();
        (i8::try_from(self.from).unwrap_or(0)..i8::try_from(self.to).unwrap_or(24)).contains(&hour)
    }

    /// Halves of a part, in whole hours (6 → 3 + 3, 3 → 1 + 1 + 1); `None` for one hour.
    fn split(self) -> Option<Vec<DayPart>> {
        let span = self.to - self.from;
        let step = match span {
            0 | 1 => return None,
            6 => 3,
            _ => 1,
        };
        Some(
            (self.from..self.to)
                .step_by(usize::from(step))
                .map(|from| DayPart {
                    from,
                    to: (from + step).min(self.to),
                })
                .collect(),
        )
    }
}

/// The slots of `slots` (one local date's, in order) that start within `part`, in `tz`.
pub fn slots_in(slots: &[Slot], tz: &TimeZone, part: DayPart) -> Vec<Slot> {
    slots.iter().filter(|s| part.contains(s, tz)).copied().collect()
}

/// The non-empty parts of a day's slots, in time order, each with at most `max` slots unless
/// it is a single hour.
pub fn split_day(slots: &[Slot], tz: &TimeZone, max: usize) -> Vec<(DayPart, Vec<Slot>)> {
    let mut parts = Vec::new();
    for quarter in DayPart::QUARTERS {
        push_fitting(slots_in(slots, tz, quarter), quarter, tz, max, &mut parts);
    }
    parts
}

fn push_fitting(
    slots: Vec<Slot>,
    part: DayPart,
    tz: &TimeZone,
    max: usize,
    out: &mut Vec<(DayPart, Vec<Slot>)>,
) {
    if slots.is_empty() {
        return;
    }
    match part.split() {
        Some(halves) if slots.len() > max => {
            for half in halves {
                push_fitting(slots_in(&slots, tz, half), half, tz, max, out);
            }
        }
        _ => out.push((part, slots)),
    }
}

#[cfg(test)]
mod tests {
    use jiff::{SignedDuration, Timestamp};

    use super::*;

    fn every(step_min: i64, from: &str, count: i64) -> Vec<Slot> {
        let first: Timestamp = from.parse().unwrap();
        (0..count)
            .map(|i| {
                let start = first + SignedDuration::from_mins(i * step_min);
                Slot {
                    start,
                    end: start + SignedDuration::from_mins(30),
                }
            })
            .collect()
    }

    #[test]
    fn a_full_day_of_half_hours_is_four_parts_of_twelve() {
        let tz = TimeZone::UTC;
        let parts = split_day(&every(30, "2026-12-08T00:00:00Z", 48), &tz, MAX_SLOTS_PER_SCREEN);
        let shape: Vec<(DayPart, usize)> = parts.iter().map(|(p, s)| (*p, s.len())).collect();
        assert_eq!(
            shape,
            DayPart::QUARTERS.iter().map(|q| (*q, 12)).collect::<Vec<_>>()
        );
        assert!(parts.iter().all(|(p, _)| p.is_quarter()));
    }

    #[test]
    fn parts_follow_the_readers_clock_not_utc() {
        // 20:00–23:30 UTC is 17:00–20:30 in São Paulo: afternoon and evening there.
        let tz = TimeZone::get("America/Sao_Paulo").unwrap();
        let parts = split_day(&every(30, "2026-12-08T20:00:00Z", 8), &tz, MAX_SLOTS_PER_SCREEN);
        let shape: Vec<(u8, usize)> = parts.iter().map(|(p, s)| (p.from, s.len())).collect();
        assert_eq!(shape, vec![(12, 2), (18, 6)]);
    }

    #[test]
    fn a_crowded_part_is_split_into_hours_that_fit() {
        // Every 10 minutes through the morning: 36 slots, then 3-hour halves of 18.
        let tz = TimeZone::UTC;
        let parts = split_day(&every(10, "2026-12-08T06:00:00Z", 36), &tz, MAX_SLOTS_PER_SCREEN);
        let shape: Vec<(u8, u8, usize)> = parts.iter().map(|(p, s)| (p.from, p.to, s.len())).collect();
        assert_eq!(shape, vec![(6, 9, 18), (9, 12, 18)]);
        assert!(parts.iter().all(|(p, _)| !p.is_quarter() && p.quarter() == 1));
    }

    #[test]
    fn an_hour_is_never_split() {
        let tz = TimeZone::UTC;
        let parts = split_day(&every(1, "2026-12-08T06:00:00Z", 60), &tz, MAX_SLOTS_PER_SCREEN);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].0, DayPart { from: 6, to: 7 });
        assert_eq!(parts[0].1.len(), 60);
    }

    #[test]
    fn only_real_spans_make_a_part() {
        assert!(DayPart::new(6, 12).is_some());
        assert!(DayPart::new(12, 6).is_none());
        assert!(DayPart::new(18, 25).is_none());
        assert!(DayPart::new(3, 3).is_none());
    }
}
