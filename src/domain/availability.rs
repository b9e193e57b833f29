//! Free slots: a performer's weekly hours in their own zone, minus blocks, bookings and notice, across DST.
//!
//! Rules are kept as local wall-clock times plus an IANA zone and converted to instants per
//! local date, never stored pre-converted to UTC: "Mondays 18:00–22:00" in New York is 22:00Z
//! in summer and 23:00Z in winter, and only a per-date conversion gets both right.
//!
//! # Choices the callers rely on
//!
//! - **DST.** Every local time (range start or end, blocked date midnight) becomes an instant
//!   with jiff's `compatible` disambiguation, the RFC 5545 / Temporal default. In a spring-forward
//!   gap a time is read with the offset from before the gap, i.e. pushed forward by the gap's
//!   length (New York 2026-03-08: 02:00 → 03:00 EDT, 02:30 → 03:30 EDT), so a range across the gap
//!   shrinks by the hour that does not exist and a range entirely inside it is empty. In a
//!   fall-back fold a time means its first occurrence (01:30 → 01:30 EDT), so a range across the
//!   fold keeps its extra hour.
//! - **Ranges.** `end <= start` means the range runs past midnight into the next date;
//!   `start == end` is a full 24 hours. A range belongs to the date it starts on: an override
//!   for a date replaces the ranges starting that date, not the tail of the previous night.
//!   Overlapping or touching ranges are merged into one window.
//! - **Grid.** Slots start every `slot_step_min` minutes of elapsed time from the start of their
//!   window (not from local midnight), so in a fold the grid simply continues through the
//!   repeated hour. A step of 0 means back-to-back slots (step = duration).
//! - **Buffers.** A busy interval is widened by `buffer_before_min + buffer_after_min` on each
//!   side: between two bookings there is always the earlier one's after-buffer followed by the
//!   later one's before-buffer, whichever of the two is booked first. Buffers do not apply
//!   against the edges of working hours or against blocks.
//! - **Bounds.** A slot is offered when its start is in `[from, to)`, at least `min_notice_min`
//!   after `now` and before `now + window_days` (days of 24 hours, capped at
//!   [`MAX_WINDOW_DAYS`]); its end may pass `to` as long as it stays inside its window.
//! - **Start now** ([`fits_now`]) needs only that `[now, now + duration)` hits no buffered busy
//!   interval and no block: the performer being online is the availability signal, so weekly
//!   hours, notice and window do not apply.
//!
//! Internally instants are whole Unix seconds (`i64`); sub-second parts are rounded outwards
//! (busy and blocks grow, notice rounds up), which can only hide a slot, never offer a taken one.

use std::ops::ControlFlow;

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Longest search horizon, whatever `window_days` says, so a bad setting cannot make a
/// `next_free` call walk thousands of years of empty calendar.
pub const MAX_WINDOW_DAYS: u32 = 366;

const SECS_PER_MIN: i64 = 60;
const SECS_PER_DAY: i64 = 86_400;

/// Weekly working hours on one weekday, in the performer's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyRule {
    /// Stored as 1 = Monday … 7 = Sunday (ISO 8601).
    #[serde(with = "iso_weekday")]
    pub weekday: Weekday,
    pub start: Time,
    /// At or before `start`: the range ends on the next date.
    pub end: Time,
}

impl WeeklyRule {
    pub fn new(weekday: Weekday, start: Time, end: Time) -> WeeklyRule {
        WeeklyRule { weekday, start, end }
    }
}

/// Time the performer is away; subtracted from their hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// Whole local dates, both inclusive, from the first date's midnight to the midnight after
    /// the last one in the performer's zone (so it also cuts an overnight range at midnight).
    Dates { from: Date, to: Date },
    /// An exact period, `[start, end)`.
    Period { start: Timestamp, end: Timestamp },
}

/// Special hours on one local date, replacing that weekday's rules; no ranges = closed.
///
/// If several overrides name the same date, the first one in the schedule wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateOverride {
    pub date: Date,
    /// `(start, end)` pairs with the same meaning as [`WeeklyRule`]'s.
    pub ranges: Vec<(Time, Time)>,
}

/// Per-performer booking policy, all in minutes except the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BookingSettings {
    pub buffer_before_min: u32,
    pub buffer_after_min: u32,
    pub min_notice_min: u32,
    pub window_days: u32,
    pub slot_step_min: u32,
}

impl Default for BookingSettings {
    fn default() -> Self {
        BookingSettings {
            buffer_before_min: 0,
            buffer_after_min: 0,
            min_notice_min: 60,
            window_days: 30,
            slot_step_min: 30,
        }
    }
}

/// Everything about a performer's availability except their bookings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// Serialized as its IANA name, e.g. `"America/New_York"`.
    #[serde(with = "jiff::fmt::serde::tz::required")]
    pub tz: TimeZone,
    #[serde(default)]
    pub rules: Vec<WeeklyRule>,
    #[serde(default)]
    pub overrides: Vec<DateOverride>,
    #[serde(default)]
    pub blocks: Vec<Block>,
    #[serde(default)]
    pub settings: BookingSettings,
}

impl Schedule {
    /// A schedule with no hours yet and default settings.
    pub fn new(tz: TimeZone) -> Schedule {
        Schedule {
            tz,
            rules: Vec::new(),
            overrides: Vec::new(),
            blocks: Vec::new(),
            settings: BookingSettings::default(),
        }
    }
}

/// A bookable interval, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Slot {
    pub start: Timestamp,
    pub end: Timestamp,
}

/// All free slots of `duration` starting in `[from, to)`, in start order.
///
/// `busy` are the performer's bookings that occupy a slot (any order, may overlap); see the
/// module docs for how buffers, notice, window and DST are applied.
pub fn free_slots(
    schedule: &Schedule,
    busy: &[(Timestamp, Timestamp)],
    now: Timestamp,
    from: Timestamp,
    to: Timestamp,
    duration: SignedDuration,
) -> Vec<Slot> {
    let mut slots = Vec::new();
    if let Some(bounds) = Bounds::new(&schedule.settings, now, from, to, duration) {
        let _ = search(schedule, busy, &bounds, &mut |slot| {
            slots.push(slot);
            ControlFlow::Continue(())
        });
    }
    slots
}

/// The earliest free slot within the booking window, for "next available" on a profile.
pub fn next_free(
    schedule: &Schedule,
    busy: &[(Timestamp, Timestamp)],
    now: Timestamp,
    duration: SignedDuration,
) -> Option<Slot> {
    next_free_slots(schedule, busy, now, duration, 1).pop()
}

/// The first `limit` free slots within the booking window; stops searching once it has them.
pub fn next_free_slots(
    schedule: &Schedule,
    busy: &[(Timestamp, Timestamp)],
    now: Timestamp,
    duration: SignedDuration,
    limit: usize,
) -> Vec<Slot> {
    let mut slots = Vec::with_capacity(limit.min(64));
    if limit == 0 {
        return slots;
    }
    if let Some(bounds) = Bounds::new(&schedule.settings, now, now, Timestamp::MAX, duration) {
        let _ = search(schedule, busy, &bounds, &mut |slot| {
            slots.push(slot);
            if slots.len() >= limit {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
    }
    slots
}

/// Whether a call of `duration` can start at `now` ("Start now").
///
/// Only buffered busy intervals and blocks count; weekly hours, notice and window do not,
/// because the performer switching to Online is what makes them available right now.
pub fn fits_now(
    schedule: &Schedule,
    busy: &[(Timestamp, Timestamp)],
    now: Timestamp,
    duration: SignedDuration,
) -> bool {
    let Some(dur) = whole_seconds(duration) else {
        return false;
    };
    let start = floor_secs(now);
    let end = ceil_secs(now).saturating_add(dur);
    let pad = buffer_pad(&schedule.settings);
    let overlaps = |(s, e): (i64, i64)| s < end && start < e;
    let busy_hit = busy
        .iter()
        .any(|&(s, e)| e > s && overlaps((floor_secs(s) - pad, ceil_secs(e) + pad)));
    !busy_hit
        && !schedule
            .blocks
            .iter()
            .filter_map(|block| block_interval(&schedule.tz, block))
            .any(overlaps)
}

/// Groups slots by the local date of their start in the reader's zone, dates ascending, for
/// the "pick a day" menu. Slots keep their order within a date.
pub fn group_by_local_date(slots: &[Slot], tz: &TimeZone) -> Vec<(Date, Vec<Slot>)> {
    let mut groups: Vec<(Date, Vec<Slot>)> = Vec::new();
    for &slot in slots {
        let date = tz.to_datetime(slot.start).date();
        // Sorted slots give non-decreasing dates almost always; a fall-back transition at
        // midnight can step back one date, so look for an existing group before adding one.
        match groups.iter_mut().rev().find(|(d, _)| *d == date) {
            Some((_, group)) => group.push(slot),
            None => groups.push((date, vec![slot])),
        }
    }
    groups.sort_by_key(|(date, _)| *date);
    groups
}

/// The search limits of one query, in whole Unix seconds.
struct Bounds {
    /// Earliest allowed slot start.
    lower: i64,
    /// Slot starts must be before this.
    upper: i64,
    duration: i64,
    step: i64,
}

impl Bounds {
    fn new(
        settings: &BookingSettings,
        now: Timestamp,
        from: Timestamp,
        to: Timestamp,
        duration: SignedDuration,
    ) -> Option<Bounds> {
        let duration = whole_seconds(duration)?;
        let step = match settings.slot_step_min {
            0 => duration,
            minutes => i64::from(minutes) * SECS_PER_MIN,
        };
        let now = ceil_secs(now);
        let notice = i64::from(settings.min_notice_min) * SECS_PER_MIN;
        let window = i64::from(settings.window_days.min(MAX_WINDOW_DAYS)) * SECS_PER_DAY;
        let lower = ceil_secs(from).max(now + notice);
        let upper = ceil_secs(to).min(now + window);
        (lower < upper).then_some(Bounds {
            lower,
            upper,
            duration,
            step,
        })
    }
}

/// Walks the availability windows in time order and reports each free slot to `emit` until it
/// breaks. Windows are produced one local date at a time so `next_free` stops early.
fn search(
    schedule: &Schedule,
    busy: &[(Timestamp, Timestamp)],
    bounds: &Bounds,
    emit: &mut dyn FnMut(Slot) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let tz = &schedule.tz;
    let local_date = |secs: i64| tz.to_datetime(timestamp(secs)).date();
    // A range from the previous date can run past midnight into the first date we need.
    let first_date = local_date(bounds.lower);
    let first_date = first_date.yesterday().unwrap_or(first_date);
    let last_date = local_date(bounds.upper);
    // The last slot may end on the next date, and a block there must still cut it.
    let last_end_date = local_date(bounds.upper + bounds.duration);

    let unavailable = unavailable(schedule, busy, bounds, (first_date, last_end_date));
    let mut sweep = Sweep {
        bounds,
        unavailable: &unavailable,
        next: 0,
    };

    let mut ranges: Vec<(i64, i64)> = Vec::with_capacity(8);
    let mut pending: Option<(i64, i64)> = None;
    let mut date = first_date;
    loop {
        ranges.clear();
        day_ranges(schedule, date, &mut ranges);
        ranges.sort_unstable();
        for &(start, end) in &ranges {
            match pending {
                // Ranges of one date, and of consecutive dates, arrive sorted by start, so a
                // single pending window is enough to merge overlaps and touching ranges.
                Some((window_start, window_end)) if start <= window_end => {
                    pending = Some((window_start, window_end.max(end)));
                }
                _ => {
                    if let Some(window) = pending.replace((start, end)) {
                        sweep.window(window, emit)?;
                    }
                }
            }
        }
        if date >= last_date {
            break;
        }
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    match pending {
        Some(window) => sweep.window(window, emit),
        None => ControlFlow::Continue(()),
    }
}

/// The instants covered by `date`'s hours: its override if it has one, else its weekday's rules.
fn day_ranges(schedule: &Schedule, date: Date, out: &mut Vec<(i64, i64)>) {
    let tz = &schedule.tz;
    let mut push = |start: Time, end: Time| {
        let end_date = if end <= start {
            match date.tomorrow() {
                Ok(next) => next,
                Err(_) => return,
            }
        } else {
            date
        };
        match (local_instant(tz, date, start), local_instant(tz, end_date, end)) {
            (Some(s), Some(e)) if s < e => out.push((s, e)),
            _ => {}
        }
    };
    match schedule.overrides.iter().find(|o| o.date == date) {
        Some(special) => special.ranges.iter().for_each(|&(s, e)| push(s, e)),
        None => {
            let weekday = date.weekday();
            schedule
                .rules
                .iter()
                .filter(|rule| rule.weekday == weekday)
                .for_each(|rule| push(rule.start, rule.end));
        }
    }
}

/// Busy intervals (buffered) and blocks that can touch a slot of this query, sorted by start
/// and merged, so the sweep can walk them with a single forward cursor.
fn unavailable(
    schedule: &Schedule,
    busy: &[(Timestamp, Timestamp)],
    bounds: &Bounds,
    (first_date, last_date): (Date, Date),
) -> Vec<(i64, i64)> {
    let pad = buffer_pad(&schedule.settings);
    let horizon_end = bounds.upper + bounds.duration;
    let relevant = |&(s, e): &(i64, i64)| s < e && e > bounds.lower && s < horizon_end;

    let mut intervals = Vec::with_capacity(busy.len() + schedule.blocks.len());
    intervals.extend(
        busy.iter()
            .filter(|(s, e)| s < e)
            .map(|&(s, e)| (floor_secs(s) - pad, ceil_secs(e) + pad))
            .filter(relevant),
    );
    intervals.extend(
        schedule
            .blocks
            .iter()
            .filter(|block| match block {
                // Cheap date test first: converting dates to instants is the costly part.
                Block::Dates { from, to } => *to >= first_date && *from <= last_date,
                Block::Period { .. } => true,
            })
            .filter_map(|block| block_interval(&schedule.tz, block))
            .filter(relevant),
    );
    if !intervals.is_sorted_by_key(|iv| iv.0) {
        intervals.sort_unstable_by_key(|iv| iv.0);
    }
    intervals.dedup_by(|later, kept| {
        if later.0 <= kept.1 {
            kept.1 = kept.1.max(later.1);
            true
        } else {
            false
        }
    });
    intervals
}

/// The grid walk over windows, sharing one cursor into the sorted unavailable intervals.
struct Sweep<'a> {
    bounds: &'a Bounds,
    unavailable: &'a [(i64, i64)],
    /// Intervals before this index end before any slot start still to come.
    next: usize,
}

impl Sweep<'_> {
    fn window(
        &mut self,
        (window_start, window_end): (i64, i64),
        emit: &mut dyn FnMut(Slot) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let Bounds {
            lower,
            upper,
            duration,
            step,
        } = *self.bounds;
        if window_start >= upper {
            // Windows come in start order: nothing later can start in bounds either.
            return ControlFlow::Break(());
        }
        let first_on_grid_from = |at: i64| {
            if at <= window_start {
                window_start
            } else {
                window_start + (at - window_start + step - 1) / step * step
            }
        };
        let mut start = first_on_grid_from(lower);
        while start < upper && start + duration <= window_end {
            while self
                .unavailable
                .get(self.next)
                .is_some_and(|&(_, end)| end <= start)
            {
                self.next += 1;
            }
            match self.unavailable.get(self.next) {
                Some(&(blocked_from, blocked_until)) if blocked_from < start + duration => {
                    start = first_on_grid_from(blocked_until);
                }
                _ => {
                    emit(Slot {
                        start: timestamp(start),
                        end: timestamp(start + duration),
                    })?;
                    start += step;
                }
            }
        }
        ControlFlow::Continue(())
    }
}

fn block_interval(tz: &TimeZone, block: &Block) -> Option<(i64, i64)> {
    let (start, end) = match *block {
        Block::Dates { from, to } => (
            local_instant(tz, from, Time::midnight())?,
            local_instant(tz, to.tomorrow().ok()?, Time::midnight())?,
        ),
        Block::Period { start, end } => (floor_secs(start), ceil_secs(end)),
    };
    (start < end).then_some((start, end))
}

/// The instant of a local date and time in `tz`, `compatible` across DST (see module docs).
fn local_instant(tz: &TimeZone, date: Date, time: Time) -> Option<i64> {
    let instant = tz
        .to_ambiguous_timestamp(date.to_datetime(time))
        .compatible()
        .ok()?;
    Some(floor_secs(instant))
}

fn buffer_pad(settings: &BookingSettings) -> i64 {
    (i64::from(settings.buffer_before_min) + i64::from(settings.buffer_after_min)) * SECS_PER_MIN
}

/// A positive duration in whole seconds, rounded up; `None` for zero or negative.
fn whole_seconds(duration: SignedDuration) -> Option<i64> {
    let secs = duration.as_secs() + i64::from(duration.subsec_nanos() > 0);
    (secs > 0).then_some(secs)
}

fn floor_secs(t: Timestamp) -> i64 {
    t.as_second() - i64::from(t.subsec_nanosecond() < 0)
}

fn ceil_secs(t: Timestamp) -> i64 {
    t.as_second() + i64::from(t.subsec_nanosecond() > 0)
}

fn timestamp(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(if secs < 0 { Timestamp::MIN } else { Timestamp::MAX })
}

/// Serde for [`Weekday`] as its ISO number, 1 = Monday … 7 = Sunday.
mod iso_weekday {
    use jiff::civil::Weekday;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(weekday: &Weekday, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i8(weekday.to_monday_one_offset())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
        let n = i8::deserialize(d)?;
        Weekday::from_monday_one_offset(n)
            .map_err(|_| D::Error::custom(format!("weekday must be 1 (Monday) to 7, got {n}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};
    use proptest::prelude::*;

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn hm(h: i8, m: i8) -> Time {
        time(h, m, 0, 0)
    }

    fn mins(m: i64) -> SignedDuration {
        SignedDuration::from_mins(m)
    }

    /// No notice, a wide window and the given step, so tests see raw rule output.
    fn schedule(tz: &str, step_min: u32, rules: &[(Weekday, Time, Time)]) -> Schedule {
        Schedule {
            rules: rules.iter().map(|&(d, s, e)| WeeklyRule::new(d, s, e)).collect(),
            settings: BookingSettings {
                min_notice_min: 0,
                window_days: 366,
                slot_step_min: step_min,
                ..BookingSettings::default()
            },
            ..Schedule::new(zone(tz))
        }
    }

    fn starts(slots: &[Slot]) -> Vec<String> {
        slots.iter().map(|s| s.start.to_string()).collect()
    }

    /// Slots of `duration` minutes between two instants, with `now` long before.
    fn slots_between(
        s: &Schedule,
        busy: &[(Timestamp, Timestamp)],
        from: &str,
        to: &str,
        duration: i64,
    ) -> Vec<Slot> {
        free_slots(s, busy, at("2026-01-01T00:00Z"), at(from), at(to), mins(duration))
    }

    #[test]
    fn the_bundled_tzdb_knows_the_zones_we_use() {
        for name in [
            "America/New_York",
            "Europe/Madrid",
            "America/Mexico_City",
            "America/Bogota",
        ] {
            assert_eq!(zone(name).iana_name(), Some(name));
        }
    }

    #[test]
    fn new_york_spring_forward_loses_the_missing_hour() {
        // 2026-03-08: 02:00 EST jumps to 03:00 EDT.
        let s = schedule("America/New_York", 30, &[(Weekday::Sunday, hm(0, 0), hm(4, 0))]);
        let slots = slots_between(&s, &[], "2026-03-08T00:00Z", "2026-03-09T00:00Z", 30);
        assert_eq!(
            starts(&slots),
            [
                "2026-03-08T05:00:00Z", // 00:00 EST
                "2026-03-08T05:30:00Z",
                "2026-03-08T06:00:00Z",
                "2026-03-08T06:30:00Z", // 01:30 EST
                "2026-03-08T07:00:00Z", // 03:00 EDT
                "2026-03-08T07:30:00Z", // 03:30 EDT, ends 04:00 EDT
            ]
        );
        assert_eq!(slots.last().unwrap().end, at("2026-03-08T08:00Z"));
    }

    #[test]
    fn new_york_ranges_inside_or_ending_in_the_gap_use_compatible_times() {
        let gap_only = schedule("America/New_York", 30, &[(Weekday::Sunday, hm(2, 0), hm(3, 0))]);
        assert!(slots_between(&gap_only, &[], "2026-03-08T00:00Z", "2026-03-09T00:00Z", 30).is_empty());

        // 02:30 does not exist; compatible reads it as 03:30 EDT, keeping the range's length.
        let ends_in_gap = schedule("America/New_York", 30, &[(Weekday::Sunday, hm(1, 30), hm(2, 30))]);
        let slots = slots_between(&ends_in_gap, &[], "2026-03-08T00:00Z", "2026-03-09T00:00Z", 30);
        assert_eq!(starts(&slots), ["2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z"]);
    }

    #[test]
    fn new_york_fall_back_keeps_the_repeated_hour() {
        // 2026-11-01: 02:00 EDT falls back to 01:00 EST.
        let s = schedule("America/New_York", 60, &[(Weekday::Sunday, hm(0, 0), hm(3, 0))]);
        let slots = slots_between(&s, &[], "2026-11-01T00:00Z", "2026-11-02T00:00Z", 60);
        assert_eq!(
            starts(&slots),
            [
                "2026-11-01T04:00:00Z", // 00:00 EDT
                "2026-11-01T05:00:00Z", // 01:00 EDT
                "2026-11-01T06:00:00Z", // 01:00 EST
                "2026-11-01T07:00:00Z", // 02:00 EST, ends 03:00 EST
            ]
        );

        // A start inside the fold means its first occurrence (EDT).
        let in_fold = schedule("America/New_York", 60, &[(Weekday::Sunday, hm(1, 30), hm(2, 30))]);
        let slots = slots_between(&in_fold, &[], "2026-11-01T00:00Z", "2026-11-02T00:00Z", 60);
        assert_eq!(starts(&slots), ["2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"]);
        assert_eq!(slots[1].end, at("2026-11-01T07:30Z"));
    }

    #[test]
    fn madrid_spring_forward_and_fall_back() {
        let s = schedule("Europe/Madrid", 60, &[(Weekday::Sunday, hm(1, 0), hm(4, 0))]);
        // 2026-03-29: 02:00 CET jumps to 03:00 CEST.
        let spring = slots_between(&s, &[], "2026-03-28T12:00Z", "2026-03-29T12:00Z", 60);
        assert_eq!(starts(&spring), ["2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z"]);
        // 2026-10-25: 03:00 CEST falls back to 02:00 CET.
        let autumn = slots_between(&s, &[], "2026-10-24T12:00Z", "2026-10-25T12:00Z", 60);
        assert_eq!(
            starts(&autumn),
            [
                "2026-10-24T23:00:00Z", // 01:00 CEST
                "2026-10-25T00:00:00Z", // 02:00 CEST
                "2026-10-25T01:00:00Z", // 02:00 CET
                "2026-10-25T02:00:00Z", // 03:00 CET
            ]
        );
    }

    #[test]
    fn zones_without_dst_keep_one_offset_all_year() {
        let mexico = schedule(
            "America/Mexico_City",
            60,
            &[(Weekday::Sunday, hm(1, 0), hm(3, 0))],
        );
        // Mexico City dropped DST in 2022; its old spring-forward Sunday is an ordinary day.
        let april = slots_between(&mexico, &[], "2026-04-05T00:00Z", "2026-04-06T00:00Z", 60);
        assert_eq!(starts(&april), ["2026-04-05T07:00:00Z", "2026-04-05T08:00:00Z"]);
        let november = slots_between(&mexico, &[], "2026-11-01T00:00Z", "2026-11-02T00:00Z", 60);
        assert_eq!(
            starts(&november),
            ["2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z"]
        );

        let bogota = schedule("America/Bogota", 60, &[(Weekday::Sunday, hm(1, 0), hm(3, 0))]);
        let march = slots_between(&bogota, &[], "2026-03-08T00:00Z", "2026-03-09T00:00Z", 60);
        assert_eq!(starts(&march), ["2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z"]);
    }

    #[test]
    fn several_ranges_a_day_each_start_their_own_grid() {
        // Bogota is UTC-5 all year. 2026-04-06 is a Monday.
        let s = schedule(
            "America/Bogota",
            30,
            &[
                (Weekday::Monday, hm(14, 15), hm(15, 15)),
                (Weekday::Monday, hm(9, 0), hm(10, 0)),
            ],
        );
        let slots = slots_between(&s, &[], "2026-04-06T00:00Z", "2026-04-07T00:00Z", 30);
        assert_eq!(
            starts(&slots),
            [
                "2026-04-06T14:00:00Z",
                "2026-04-06T14:30:00Z",
                "2026-04-06T19:15:00Z",
                "2026-04-06T19:45:00Z",
            ]
        );
    }

    #[test]
    fn overlapping_ranges_merge_without_duplicate_slots() {
        let s = schedule(
            "America/Bogota",
            60,
            &[
                (Weekday::Monday, hm(9, 0), hm(11, 0)),
                (Weekday::Monday, hm(10, 0), hm(12, 0)),
            ],
        );
        let slots = slots_between(&s, &[], "2026-04-06T00:00Z", "2026-04-07T00:00Z", 60);
        assert_eq!(
            starts(&slots),
            [
                "2026-04-06T14:00:00Z",
                "2026-04-06T15:00:00Z",
                "2026-04-06T16:00:00Z"
            ]
        );
    }

    #[test]
    fn a_range_past_midnight_continues_into_the_next_date() {
        // Friday 2026-04-10 22:00 to Saturday 02:00, Bogota.
        let s = schedule("America/Bogota", 60, &[(Weekday::Friday, hm(22, 0), hm(2, 0))]);
        let slots = slots_between(&s, &[], "2026-04-10T00:00Z", "2026-04-12T00:00Z", 60);
        assert_eq!(
            starts(&slots),
            [
                "2026-04-11T03:00:00Z",
                "2026-04-11T04:00:00Z",
                "2026-04-11T05:00:00Z",
                "2026-04-11T06:00:00Z",
            ]
        );
        // Searching from Saturday still finds the tail of Friday's range.
        let tail = slots_between(&s, &[], "2026-04-11T05:00Z", "2026-04-12T00:00Z", 60);
        assert_eq!(starts(&tail), ["2026-04-11T05:00:00Z", "2026-04-11T06:00:00Z"]);
    }

    #[test]
    fn touching_ranges_across_midnight_form_one_window() {
        let s = schedule(
            "America/Bogota",
            30,
            &[
                (Weekday::Friday, hm(23, 0), hm(0, 0)),
                (Weekday::Saturday, hm(0, 0), hm(1, 0)),
            ],
        );
        let slots = slots_between(&s, &[], "2026-04-10T00:00Z", "2026-04-12T00:00Z", 60);
        assert_eq!(
            starts(&slots),
            [
                "2026-04-11T04:00:00Z",
                "2026-04-11T04:30:00Z",
                "2026-04-11T05:00:00Z"
            ]
        );
    }

    #[test]
    fn a_blocked_date_removes_the_whole_local_day() {
        let mut s = schedule(
            "America/Bogota",
            60,
            &[
                (Weekday::Friday, hm(22, 0), hm(2, 0)),
                (Weekday::Saturday, hm(10, 0), hm(12, 0)),
                (Weekday::Sunday, hm(10, 0), hm(11, 0)),
            ],
        );
        s.blocks.push(Block::Dates {
            from: date(2026, 4, 11),
            to: date(2026, 4, 11),
        });
        let slots = slots_between(&s, &[], "2026-04-10T00:00Z", "2026-04-13T00:00Z", 60);
        // Friday night is cut at Saturday's midnight; Saturday is gone; Sunday is untouched.
        assert_eq!(
            starts(&slots),
            [
                "2026-04-11T03:00:00Z",
                "2026-04-11T04:00:00Z",
                "2026-04-12T15:00:00Z"
            ]
        );
    }

    #[test]
    fn a_blocked_period_removes_only_the_slots_it_touches() {
        let mut s = schedule("America/Bogota", 30, &[(Weekday::Monday, hm(9, 0), hm(12, 0))]);
        s.blocks.push(Block::Period {
            start: at("2026-04-06T15:10Z"), // 10:10 local
            end: at("2026-04-06T16:00Z"),   // 11:00 local
        });
        let slots = slots_between(&s, &[], "2026-04-06T00:00Z", "2026-04-07T00:00Z", 30);
        assert_eq!(
            starts(&slots),
            [
                "2026-04-06T14:00:00Z",
                "2026-04-06T14:30:00Z",
                "2026-04-06T16:00:00Z",
                "2026-04-06T16:30:00Z",
            ]
        );
    }

    #[test]
    fn a_blocked_date_cuts_a_slot_that_would_run_into_it() {
        let mut s = schedule("America/Bogota", 15, &[(Weekday::Monday, hm(22, 0), hm(2, 0))]);
        s.blocks.push(Block::Dates {
            from: date(2026, 4, 7),
            to: date(2026, 4, 7),
        });
        // Starts must be before 23:30 local; 23:15 would end at 00:15 on the blocked Tuesday.
        let slots = slots_between(&s, &[], "2026-04-07T03:00Z", "2026-04-07T04:30Z", 60);
        assert_eq!(
            starts(&slots),
            [
                "2026-04-07T03:00:00Z",
                "2026-04-07T03:15:00Z",
                "2026-04-07T03:30:00Z",
                "2026-04-07T03:45:00Z",
                "2026-04-07T04:00:00Z",
            ]
        );
    }

    #[test]
    fn an_override_replaces_the_weekday_and_an_empty_one_closes_the_day() {
        let mut s = schedule("America/Bogota", 60, &[(Weekday::Monday, hm(9, 0), hm(12, 0))]);
        s.overrides.push(DateOverride {
            date: date(2026, 4, 6),
            ranges: vec![(hm(15, 0), hm(16, 0)), (hm(20, 0), hm(21, 0))],
        });
        s.overrides.push(DateOverride {
            date: date(2026, 4, 13),
            ranges: vec![],
        });
        let slots = slots_between(&s, &[], "2026-04-06T00:00Z", "2026-04-21T00:00Z", 60);
        assert_eq!(
            starts(&slots),
            [
                "2026-04-06T20:00:00Z", // override: 15:00 local
                "2026-04-07T01:00:00Z", // override: 20:00 local
                // 2026-04-13 closed by the empty override
                "2026-04-20T14:00:00Z", // ordinary Monday
                "2026-04-20T15:00:00Z",
                "2026-04-20T16:00:00Z",
            ]
        );
    }

    #[test]
    fn busy_bookings_are_subtracted_in_any_order() {
        let s = schedule("America/Bogota", 30, &[(Weekday::Monday, hm(9, 0), hm(12, 0))]);
        let busy = [
            (at("2026-04-06T16:00Z"), at("2026-04-06T16:30Z")), // 11:00–11:30
            (at("2026-04-06T14:30Z"), at("2026-04-06T15:00Z")), // 09:30–10:00
            (at("2026-04-06T14:45Z"), at("2026-04-06T15:15Z")), // overlaps the previous one
        ];
        let slots = slots_between(&s, &busy, "2026-04-06T00:00Z", "2026-04-07T00:00Z", 30);
        assert_eq!(
            starts(&slots),
            [
                "2026-04-06T14:00:00Z",
                "2026-04-06T15:30:00Z", // 10:00 and 10:30 clash with 09:45–10:15
                "2026-04-06T16:30:00Z",
            ]
        );
    }

    #[test]
    fn buffers_keep_before_plus_after_between_bookings() {
        let mut s = schedule("America/Bogota", 15, &[(Weekday::Monday, hm(9, 0), hm(13, 0))]);
        s.settings.buffer_before_min = 15;
        s.settings.buffer_after_min = 10;
        // Booking 10:00–11:00 local; it blocks 09:35–11:25 for new 60-minute calls.
        let busy = [(at("2026-04-06T15:00Z"), at("2026-04-06T16:00Z"))];
        let slots = slots_between(&s, &busy, "2026-04-06T00:00Z", "2026-04-07T00:00Z", 60);
        // 09:00–10:00 would leave no after-buffer before the booking's before-buffer.
        assert_eq!(
            starts(&slots),
            [
                "2026-04-06T16:30:00Z",
                "2026-04-06T16:45:00Z",
                "2026-04-06T17:00:00Z"
            ]
        );
        // Without buffers 09:00 and 11:00 are both fine.
        s.settings.buffer_before_min = 0;
        s.settings.buffer_after_min = 0;
        let slots = slots_between(&s, &busy, "2026-04-06T00:00Z", "2026-04-07T00:00Z", 60);
        assert_eq!(slots.first().unwrap().start, at("2026-04-06T14:00Z"));
        assert_eq!(slots[1].start, at("2026-04-06T16:00Z"));
    }

    #[test]
    fn minimum_notice_pushes_the_first_slot_to_the_next_grid_point() {
        let mut s = schedule("America/Bogota", 30, &[(Weekday::Monday, hm(9, 0), hm(12, 0))]);
        s.settings.min_notice_min = 60;
        let now = at("2026-04-06T13:50:00.5Z"); // 08:50:00.5 local
        let slots = free_slots(&s, &[], now, now, at("2026-04-07T00:00Z"), mins(60));
        // 09:50:00.5 is the earliest start; the grid from 09:00 gives 10:00.
        assert_eq!(
            starts(&slots),
            [
                "2026-04-06T15:00:00Z",
                "2026-04-06T15:30:00Z",
                "2026-04-06T16:00:00Z"
            ]
        );
    }

    #[test]
    fn the_window_limits_how_far_ahead_slots_start() {
        let mut s = schedule("America/Bogota", 60, &[(Weekday::Monday, hm(9, 0), hm(12, 0))]);
        s.settings.window_days = 7;
        let now = at("2026-04-06T15:30Z"); // Monday 10:30 local
        let slots = free_slots(&s, &[], now, now, at("2026-05-01T00:00Z"), mins(60));
        assert_eq!(
            starts(&slots),
            [
                "2026-04-06T16:00:00Z",
                "2026-04-13T14:00:00Z",
                "2026-04-13T15:00:00Z", // 10:00 < now + 7 days (10:30)
            ]
        );
    }

    #[test]
    fn the_slot_step_sets_the_grid_independently_of_the_duration() {
        let s = schedule("America/Bogota", 15, &[(Weekday::Monday, hm(9, 0), hm(10, 30))]);
        let slots = slots_between(&s, &[], "2026-04-06T00:00Z", "2026-04-07T00:00Z", 60);
        assert_eq!(
            starts(&slots),
            [
                "2026-04-06T14:00:00Z",
                "2026-04-06T14:15:00Z",
                "2026-04-06T14:30:00Z",
            ]
        );
        // Step 0: back-to-back slots of the call's length.
        let s = schedule("America/Bogota", 0, &[(Weekday::Monday, hm(9, 0), hm(10, 30))]);
        let slots = slots_between(&s, &[], "2026-04-06T00:00Z", "2026-04-07T00:00Z", 45);
        assert_eq!(starts(&slots), ["2026-04-06T14:00:00Z", "2026-04-06T14:45:00Z"]);
    }

    #[test]
    fn slots_start_inside_from_to_but_may_end_after_to() {
        let s = schedule("America/Bogota", 30, &[(Weekday::Monday, hm(9, 0), hm(12, 0))]);
        let slots = slots_between(&s, &[], "2026-04-06T14:30Z", "2026-04-06T15:01Z", 60);
        assert_eq!(starts(&slots), ["2026-04-06T14:30:00Z", "2026-04-06T15:00:00Z"]);
        assert_eq!(slots[1].end, at("2026-04-06T16:00Z"));
    }

    #[test]
    fn a_madrid_user_sees_a_new_york_evening_split_over_two_local_dates() {
        // Monday 2026-04-06 16:00–20:00 EDT = 20:00Z–00:00Z = 22:00–02:00 CEST.
        let s = schedule("America/New_York", 60, &[(Weekday::Monday, hm(16, 0), hm(20, 0))]);
        let slots = slots_between(&s, &[], "2026-04-06T00:00Z", "2026-04-08T00:00Z", 60);
        let groups = group_by_local_date(&slots, &zone("Europe/Madrid"));
        let view: Vec<(Date, Vec<String>)> = groups
            .iter()
            .map(|(d, slots)| {
                let local = slots
                    .iter()
                    .map(|s| zone("Europe/Madrid").to_datetime(s.start).time().to_string())
                    .collect();
                (*d, local)
            })
            .collect();
        assert_eq!(
            view,
            [
                (
                    date(2026, 4, 6),
                    vec!["22:00:00".to_string(), "23:00:00".to_string()]
                ),
                (
                    date(2026, 4, 7),
                    vec!["00:00:00".to_string(), "01:00:00".to_string()]
                ),
            ]
        );
        // The performer's own view keeps them on one date.
        assert_eq!(group_by_local_date(&slots, &s.tz).len(), 1);
    }

    #[test]
    fn next_free_finds_the_earliest_slot_within_the_window() {
        let mut s = schedule("America/Bogota", 30, &[(Weekday::Wednesday, hm(9, 0), hm(10, 0))]);
        s.settings.window_days = 30;
        let now = at("2026-04-06T12:00Z"); // Monday
        let busy = [(at("2026-04-08T14:00Z"), at("2026-04-08T14:30Z"))];
        assert_eq!(
            next_free(&s, &busy, now, mins(30)),
            Some(Slot {
                start: at("2026-04-08T14:30Z"),
                end: at("2026-04-08T15:00Z")
            })
        );
        assert_eq!(
            starts(&next_free_slots(&s, &busy, now, mins(30), 2)),
            ["2026-04-08T14:30:00Z", "2026-04-15T14:00:00Z"]
        );
        s.settings.window_days = 1;
        assert_eq!(next_free(&s, &busy, now, mins(30)), None);
        assert_eq!(next_free(&Schedule::new(zone("UTC")), &[], now, mins(30)), None);
    }

    #[test]
    fn start_now_needs_only_no_busy_and_no_block() {
        let mut s = Schedule::new(zone("America/Bogota"));
        s.settings.buffer_after_min = 10;
        let now = at("2026-04-06T15:00Z");
        assert!(fits_now(&s, &[], now, mins(30)), "no weekly hours needed");

        let busy = [(at("2026-04-06T15:40Z"), at("2026-04-06T16:00Z"))];
        assert!(
            fits_now(&s, &busy, now, mins(30)),
            "ends as the buffered booking begins"
        );
        assert!(
            !fits_now(&s, &busy, now, mins(31)),
            "the buffer reaches back to 15:30"
        );

        s.blocks.push(Block::Dates {
            from: date(2026, 4, 6),
            to: date(2026, 4, 6),
        });
        assert!(!fits_now(&s, &[], now, mins(30)));
        assert!(!fits_now(&s, &[], now, SignedDuration::ZERO));
    }

    #[test]
    fn schedules_round_trip_through_json_with_zone_names() {
        let mut s = schedule("America/New_York", 30, &[(Weekday::Sunday, hm(22, 0), hm(2, 0))]);
        s.blocks.push(Block::Dates {
            from: date(2026, 12, 24),
            to: date(2026, 12, 26),
        });
        s.overrides.push(DateOverride {
            date: date(2026, 12, 31),
            ranges: vec![(hm(10, 0), hm(12, 0))],
        });
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains(r#""tz":"America/New_York""#), "{json}");
        assert!(json.contains(r#""weekday":7"#), "{json}");
        assert_eq!(serde_json::from_str::<Schedule>(&json).unwrap(), s);

        let minimal: Schedule = serde_json::from_str(r#"{"tz":"Europe/Madrid"}"#).unwrap();
        assert_eq!(minimal.settings, BookingSettings::default());
        assert!(serde_json::from_str::<Schedule>(r#"{"tz":"Mars/Olympus"}"#).is_err());
        assert!(
            serde_json::from_str::<WeeklyRule>(r#"{"weekday":8,"start":"09:00","end":"10:00"}"#).is_err()
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Busy time can only remove slots, never move the grid: the slots with bookings are
        /// exactly the slots without them that do not touch a buffered booking.
        #[test]
        fn busy_time_removes_exactly_the_overlapping_slots(
            raw in prop::collection::vec((0i64..14 * 24 * 60, 1i64..240), 0..40),
            pad_before in 0u32..30,
            pad_after in 0u32..30,
            step in prop::sample::select(vec![0u32, 5, 15, 30, 60]),
            duration in prop::sample::select(vec![15i64, 30, 45, 60, 90]),
        ) {
            let mut s = schedule(
                "America/New_York",
                step,
                &[
                    (Weekday::Sunday, hm(0, 0), hm(4, 0)),
                    (Weekday::Monday, hm(9, 0), hm(17, 0)),
                    (Weekday::Tuesday, hm(20, 0), hm(3, 0)),
                    (Weekday::Thursday, hm(8, 0), hm(9, 30)),
                    (Weekday::Thursday, hm(9, 0), hm(12, 0)),
                ],
            );
            s.settings.buffer_before_min = pad_before;
            s.settings.buffer_after_min = pad_after;
            let base = at("2026-03-02T00:00Z");
            let busy: Vec<_> = raw
                .iter()
                .map(|&(offset, len)| (base + mins(offset), base + mins(offset + len)))
                .collect();
            let (from, to) = ("2026-03-02T00:00Z", "2026-03-16T00:00Z");
            let all = slots_between(&s, &[], from, to, duration);
            let free = slots_between(&s, &busy, from, to, duration);
            let pad = mins(i64::from(pad_before + pad_after));
            let expected: Vec<Slot> = all
                .into_iter()
                .filter(|slot| {
                    busy.iter()
                        .all(|&(b0, b1)| slot.end <= b0 - pad || b1 + pad <= slot.start)
                })
                .collect();
            prop_assert!(free.windows(2).all(|w| w[0].start < w[1].start), "sorted, no duplicates");
            prop_assert_eq!(free, expected);
        }
    }
}
