//! Availability benchmarks against the main crate's targets: 30 days of free slots with 100
//! bookings in under 50 µs, and the next free slot of 1,000 performers in under 20 ms.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use jiff::civil::{date, time, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use pnp_live::domain::availability::{
    free_slots, next_free, Block, BookingSettings, DateOverride, Schedule, WeeklyRule,
};

const ZONES: [&str; 6] = [
    "America/New_York",
    "Europe/Madrid",
    "America/Mexico_City",
    "America/Bogota",
    "America/Los_Angeles",
    "Europe/London",
];

/// Deterministic pseudo-random numbers, so every run measures the same data.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn hm(h: i8, m: i8) -> Time {
    time(h, m, 0, 0)
}

/// A busy performer: two ranges every day (one past midnight), a day off, an override and a
/// blocked date, in a zone that crosses a DST change inside the window.
fn performer(zone: &str, seed: u64) -> Schedule {
    let mut rng = Lcg(seed);
    let mut rules = Vec::new();
    for day in 1..=7 {
        let weekday = Weekday::from_monday_one_offset(day).unwrap();
        if rng.below(7) == 0 {
            continue;
        }
        let morning = 8 + rng.below(4) as i8;
        rules.push(WeeklyRule::new(weekday, hm(morning, 0), hm(morning + 4, 30)));
        rules.push(WeeklyRule::new(weekday, hm(19, 0), hm(1, 0)));
    }
    Schedule {
        rules,
        overrides: vec![DateOverride {
            date: date(2026, 3, 12),
            ranges: vec![(hm(15, 0), hm(17, 0))],
        }],
        blocks: vec![Block::Dates {
            from: date(2026, 3, 20),
            to: date(2026, 3, 20),
        }],
        settings: BookingSettings {
            buffer_before_min: 5,
            buffer_after_min: 10,
            ..BookingSettings::default()
        },
        ..Schedule::new(TimeZone::get(zone).unwrap())
    }
}

/// `count` one-hour bookings spread over the window, unsorted, as the database returns them.
fn bookings(now: Timestamp, count: usize, days: i64, seed: u64) -> Vec<(Timestamp, Timestamp)> {
    let mut rng = Lcg(seed);
    (0..count)
        .map(|_| {
            let start = now + SignedDuration::from_mins(rng.below(days as u64 * 24 * 4) as i64 * 15);
            (start, start + SignedDuration::from_hours(1))
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    // 2026-03-01: the New York spring-forward (03-08) and Madrid's (03-29) fall in the window.
    let now: Timestamp = "2026-03-01T12:00:00Z".parse().unwrap();
    let hour = SignedDuration::from_hours(1);

    let schedule = performer("America/New_York", 7);
    let busy = bookings(now, 100, 30, 11);
    let to = now + SignedDuration::from_hours(30 * 24);
    let slots = free_slots(&schedule, &busy, now, now, to, hour);
    assert!(slots.len() > 100, "the benchmark must produce real work");
    c.bench_function("free_slots 30 days, 100 bookings", |b| {
        b.iter(|| free_slots(black_box(&schedule), black_box(&busy), now, now, to, hour))
    });

    // Each performer's first days are mostly booked, so the search walks several dates.
    let performers: Vec<(Schedule, Vec<(Timestamp, Timestamp)>)> = (0..1_000)
        .map(|i| {
            let schedule = performer(ZONES[i % ZONES.len()], i as u64);
            let busy = bookings(now, 40, 3, i as u64 + 1_000);
            (schedule, busy)
        })
        .collect();
    assert!(performers
        .iter()
        .all(|(s, busy)| next_free(s, busy, now, hour).is_some()));
    c.bench_function("next_free across 1,000 performers", |b| {
        b.iter(|| {
            performers
                .iter()
                .filter_map(|(s, busy)| next_free(black_box(s), black_box(busy), now, hour))
                .min_by_key(|slot| slot.start)
        })
    });

    // Worst case: nobody has a free slot, so every search walks the whole 30-day window.
    let unavailable: Vec<Schedule> = performers
        .iter()
        .map(|(s, _)| {
            let mut s = s.clone();
            s.blocks.push(Block::Dates {
                from: date(2026, 3, 1),
                to: date(2026, 4, 30),
            });
            s
        })
        .collect();
    assert!(unavailable.iter().all(|s| next_free(s, &[], now, hour).is_none()));
    c.bench_function("next_free across 1,000 performers, none free", |b| {
        b.iter(|| {
            unavailable
                .iter()
                .filter_map(|s| next_free(black_box(s), &[], now, hour))
                .count()
        })
    });
}

criterion_group!(availability, benches);
criterion_main!(availability);
