//! Availability (`ComprehensiveAvailabilityService` and `BookingAvailabilityIntegration` of the
//! product document): loads a performer's weekly rules, blocks, overrides and busy bookings from
//! the database and asks the pure slot computation in [`crate::domain::availability`].

use entity::{availability_blocks, availability_overrides, availability_rules, bookings};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use time::OffsetDateTime;

use super::profiles::{self, Profile};
use crate::domain::availability::{self as slots, Block, DateOverride, Schedule, Slot, WeeklyRule};
use crate::domain::booking::BookingStatus;

/// Statuses whose bookings occupy the performer's time.
pub fn occupying_statuses() -> Vec<BookingStatus> {
    BookingStatus::ALL
        .into_iter()
        .filter(|s| s.occupies_slot())
        .collect()
}

/// `time` (storage) → `jiff` (zone math).
pub fn to_ts(t: OffsetDateTime) -> Timestamp {
    Timestamp::from_nanosecond(t.unix_timestamp_nanos()).expect("stored times are within jiff's range")
}

/// `jiff` → `time`, always at UTC so stored values compare correctly as text in SQLite.
pub fn to_odt(t: Timestamp) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(t.as_nanosecond()).expect("jiff times fit in time's range")
}

fn to_date(d: time::Date) -> Date {
    jiff::civil::date(d.year() as i16, u8::from(d.month()) as i8, d.day() as i8)
}

fn from_date(d: Date) -> time::Date {
    let month = time::Month::try_from(d.month() as u8).expect("a valid month");
    time::Date::from_calendar_date(i32::from(d.year()), month, d.day() as u8).expect("a valid date")
}

/// `HH:MM` → a local time.
pub fn parse_hhmm(s: &str) -> Option<Time> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m) = (h.parse::<i8>().ok()?, m.parse::<i8>().ok()?);
    if h == 24 && m == 0 {
        return Some(Time::midnight());
    }
    Time::new(h, m, 0, 0).ok()
}

pub fn format_hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn corrupt(what: &str, detail: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(format!("stored {what} is invalid: {detail}"))
}

/// The performer's whole schedule, ready for slot computation.
pub async fn schedule(db: &impl ConnectionTrait, profile: &Profile) -> Result<Schedule, DbErr> {
    let tz = profile.timezone.tz().clone();
    let rules = availability_rules::Entity::find()
        .filter(availability_rules::Column::PerformerId.eq(profile.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            let weekday =
                Weekday::from_monday_one_offset(r.weekday as i8).map_err(|e| corrupt("weekday", e))?;
            let start = parse_hhmm(&r.start_time).ok_or_else(|| corrupt("rule start", &r.start_time))?;
            let end = parse_hhmm(&r.end_time).ok_or_else(|| corrupt("rule end", &r.end_time))?;
            Ok(WeeklyRule { weekday, start, end })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let overrides = availability_overrides::Entity::find()
        .filter(availability_overrides::Column::PerformerId.eq(profile.id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| {
            Ok(DateOverride {
                ranges: override_ranges(&o)?,
                date: to_date(o.date),
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let blocks = list_blocks(db, profile.id)
        .await?
        .iter()
        .filter_map(block_of)
        .collect();
    Ok(Schedule {
        tz,
        rules,
        overrides,
        blocks,
        settings: profiles::settings(profile),
    })
}

/// Performers' schedules kept in memory, each under the `schedule_version` it was read at.
///
/// A schedule is read again when a profile shows a newer version, so an edit made through any
/// process is seen by the next reader that loaded the profile. Writers never touch the cache:
/// holds, which must not act on a stale schedule, also check the version in the database in the
/// same statement that takes the slot.
#[derive(Clone, Default)]
pub struct ScheduleCache {
    entries: Arc<Mutex<Schedules>>,
}

/// Performer id → (`schedule_version`, schedule).
type Schedules = HashMap<i64, (i64, Arc<Schedule>)>;

impl ScheduleCache {
    /// The schedule of `profile` as of its `schedule_version` (or newer).
    pub async fn get(&self, db: &impl ConnectionTrait, profile: &Profile) -> Result<Arc<Schedule>, DbErr> {
        if let Some((version, schedule)) = self.lock().get(&profile.id) {
            if *version == profile.schedule_version {
                return Ok(schedule.clone());
            }
        }
        let schedule = Arc::new(schedule(db, profile).await?);
        let mut entries = self.lock();
        let newer_cached = entries
            .get(&profile.id)
            .is_some_and(|(version, _)| *version > profile.schedule_version);
        if !newer_cached {
            entries.insert(profile.id, (profile.schedule_version, schedule.clone()));
        }
        Ok(schedule)
    }

    /// [`free_slots`] on the cached schedule (for people browsing, not for the performer who
    /// is editing it, who passes a profile read before the edit).
    pub async fn free_slots(
        &self,
        db: &impl ConnectionTrait,
        profile: &Profile,
        now: Timestamp,
        from: Timestamp,
        to: Timestamp,
        duration_min: i32,
    ) -> Result<Vec<Slot>, DbErr> {
        let schedule = self.get(db, profile).await?;
        free_slots_in(db, &schedule, profile.id, now, from, to, duration_min).await
    }

    /// [`next_free_slots`] on the cached schedule.
    pub async fn next_free_slots(
        &self,
        db: &impl ConnectionTrait,
        profile: &Profile,
        now: Timestamp,
        duration_min: i32,
        limit: usize,
    ) -> Result<Vec<Slot>, DbErr> {
        let schedule = self.get(db, profile).await?;
        next_free_slots_in(db, &schedule, profile.id, now, duration_min, limit).await
    }

    /// [`fits_now`] on the cached schedule.
    pub async fn fits_now(
        &self,
        db: &impl ConnectionTrait,
        profile: &Profile,
        now: Timestamp,
        duration_min: i32,
    ) -> Result<bool, DbErr> {
        let schedule = self.get(db, profile).await?;
        fits_now_in(db, &schedule, profile.id, now, duration_min).await
    }

    /// Of `candidates` (each with their shortest call), those with at least one free slot of
    /// that length in their booking window, in the same order. One query reads the busy
    /// bookings of all of them; schedules come from the cache, and each search stops at the
    /// first free slot (a performer with none costs one in-memory walk of their window).
    pub async fn with_free_time(
        &self,
        db: &impl ConnectionTrait,
        candidates: Vec<(Profile, i32)>,
        now: Timestamp,
    ) -> Result<Vec<Profile>, DbErr> {
        let Some(longest_window) = candidates
            .iter()
            .map(|(p, _)| p.window_days.clamp(1, slots::MAX_WINDOW_DAYS as i32))
            .max()
        else {
            return Ok(Vec::new());
        };
        let window = SignedDuration::from_hours(24 * i64::from(longest_window));
        let mut busy_of: HashMap<i64, Vec<(Timestamp, Timestamp)>> = HashMap::new();
        let rows = bookings::Entity::find()
            .filter(bookings::Column::PerformerId.is_in(candidates.iter().map(|(p, _)| p.id)))
            .filter(bookings::Column::Status.is_in(occupying_statuses()))
            .filter(bookings::Column::StartsAt.lt(to_odt(now + window + BUSY_MARGIN)))
            .filter(bookings::Column::EndsAt.gt(to_odt(now - BUSY_MARGIN)))
            .all(db)
            .await?;
        for b in rows {
            if let (Some(start), Some(end)) = (b.starts_at, b.ends_at) {
                busy_of
                    .entry(b.performer_id)
                    .or_default()
                    .push((to_ts(start), to_ts(end)));
            }
        }
        let mut free = Vec::with_capacity(candidates.len());
        for (profile, duration_min) in candidates {
            let schedule = self.get(db, &profile).await?;
            let busy = busy_of.get(&profile.id).map_or(&[][..], Vec::as_slice);
            if slots::next_free(&schedule, busy, now, minutes(duration_min)).is_some() {
                free.push(profile);
            }
        }
        Ok(free)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Schedules> {
        // A panic while holding the lock cannot leave a half-written entry: recover the map.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn block_of(row: &availability_blocks::Model) -> Option<Block> {
    match (row.from_date, row.to_date, row.starts_at, row.ends_at) {
        (Some(from), Some(to), _, _) => Some(Block::Dates {
            from: to_date(from),
            to: to_date(to),
        }),
        (_, _, Some(start), Some(end)) => Some(Block::Period {
            start: to_ts(start),
            end: to_ts(end),
        }),
        _ => None,
    }
}

/// The performer's occupying bookings that touch `[from, to)`.
pub async fn busy(
    db: &impl ConnectionTrait,
    performer_id: i64,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(Timestamp, Timestamp)>, DbErr> {
    let rows = bookings::Entity::find()
        .filter(bookings::Column::PerformerId.eq(performer_id))
        .filter(bookings::Column::Status.is_in(occupying_statuses()))
        .filter(bookings::Column::StartsAt.lt(to_odt(to)))
        .filter(bookings::Column::EndsAt.gt(to_odt(from)))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|b| Some((to_ts(b.starts_at?), to_ts(b.ends_at?))))
        .collect())
}

/// How far around a query busy bookings matter: buffers are never longer than a day.
const BUSY_MARGIN: SignedDuration = SignedDuration::from_hours(24);

/// Free slots of `duration_min` starting in `[from, to)`, on the schedule as stored now.
pub async fn free_slots(
    db: &impl ConnectionTrait,
    profile: &Profile,
    now: Timestamp,
    from: Timestamp,
    to: Timestamp,
    duration_min: i32,
) -> Result<Vec<Slot>, DbErr> {
    let schedule = schedule(db, profile).await?;
    free_slots_in(db, &schedule, profile.id, now, from, to, duration_min).await
}

/// The next `limit` free slots within the booking window.
pub async fn next_free_slots(
    db: &impl ConnectionTrait,
    profile: &Profile,
    now: Timestamp,
    duration_min: i32,
    limit: usize,
) -> Result<Vec<Slot>, DbErr> {
    let schedule = schedule(db, profile).await?;
    next_free_slots_in(db, &schedule, profile.id, now, duration_min, limit).await
}

pub async fn next_free(
    db: &impl ConnectionTrait,
    profile: &Profile,
    now: Timestamp,
    duration_min: i32,
) -> Result<Option<Slot>, DbErr> {
    Ok(next_free_slots(db, profile, now, duration_min, 1).await?.pop())
}

/// Whether a call of `duration_min` can start now (the performer being online is checked by
/// the caller).
pub async fn fits_now(
    db: &impl ConnectionTrait,
    profile: &Profile,
    now: Timestamp,
    duration_min: i32,
) -> Result<bool, DbErr> {
    let schedule = schedule(db, profile).await?;
    fits_now_in(db, &schedule, profile.id, now, duration_min).await
}

async fn free_slots_in(
    db: &impl ConnectionTrait,
    schedule: &Schedule,
    performer_id: i64,
    now: Timestamp,
    from: Timestamp,
    to: Timestamp,
    duration_min: i32,
) -> Result<Vec<Slot>, DbErr> {
    let busy = busy(db, performer_id, from - BUSY_MARGIN, to + BUSY_MARGIN).await?;
    Ok(slots::free_slots(
        schedule,
        &busy,
        now,
        from,
        to,
        minutes(duration_min),
    ))
}

async fn next_free_slots_in(
    db: &impl ConnectionTrait,
    schedule: &Schedule,
    performer_id: i64,
    now: Timestamp,
    duration_min: i32,
    limit: usize,
) -> Result<Vec<Slot>, DbErr> {
    let window = SignedDuration::from_hours(24 * i64::from(schedule.settings.window_days.max(1)));
    let busy = busy(db, performer_id, now - BUSY_MARGIN, now + window + BUSY_MARGIN).await?;
    Ok(slots::next_free_slots(
        schedule,
        &busy,
        now,
        minutes(duration_min),
        limit,
    ))
}

async fn fits_now_in(
    db: &impl ConnectionTrait,
    schedule: &Schedule,
    performer_id: i64,
    now: Timestamp,
    duration_min: i32,
) -> Result<bool, DbErr> {
    let busy = busy(
        db,
        performer_id,
        now - BUSY_MARGIN,
        now + minutes(duration_min) + BUSY_MARGIN,
    )
    .await?;
    Ok(slots::fits_now(schedule, &busy, now, minutes(duration_min)))
}

pub fn minutes(m: i32) -> SignedDuration {
    SignedDuration::from_mins(i64::from(m))
}

// ── Managing the schedule ────────────────────────────────────────────────────────────────

/// The weekly rules, by weekday then start.
pub async fn rules(
    db: &impl ConnectionTrait,
    performer_id: i64,
) -> Result<Vec<availability_rules::Model>, DbErr> {
    availability_rules::Entity::find()
        .filter(availability_rules::Column::PerformerId.eq(performer_id))
        .order_by_asc(availability_rules::Column::Weekday)
        .order_by_asc(availability_rules::Column::StartTime)
        .all(db)
        .await
}

/// Replaces the hours of one weekday with `ranges` (empty = not available that day).
pub async fn set_day(
    db: &(impl ConnectionTrait + TransactionTrait),
    performer_id: i64,
    weekday: Weekday,
    ranges: &[(Time, Time)],
) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let day = weekday.to_monday_one_offset() as i16;
    availability_rules::Entity::delete_many()
        .filter(availability_rules::Column::PerformerId.eq(performer_id))
        .filter(availability_rules::Column::Weekday.eq(day))
        .exec(&txn)
        .await?;
    if !ranges.is_empty() {
        let rows = ranges.iter().map(|(start, end)| availability_rules::ActiveModel {
            performer_id: Set(performer_id),
            weekday: Set(day),
            start_time: Set(format_hhmm(*start)),
            end_time: Set(format_hhmm(*end)),
            ..Default::default()
        });
        availability_rules::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    profiles::schedule_changed(&txn, performer_id).await?;
    txn.commit().await
}

pub async fn list_blocks(
    db: &impl ConnectionTrait,
    performer_id: i64,
) -> Result<Vec<availability_blocks::Model>, DbErr> {
    availability_blocks::Entity::find()
        .filter(availability_blocks::Column::PerformerId.eq(performer_id))
        .order_by_asc(availability_blocks::Column::FromDate)
        .order_by_asc(availability_blocks::Column::StartsAt)
        .all(db)
        .await
}

/// Blocks whole local dates `from..=to`.
pub async fn block_dates(
    db: &(impl ConnectionTrait + TransactionTrait),
    performer_id: i64,
    from: Date,
    to: Date,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    let row = availability_blocks::ActiveModel {
        performer_id: Set(performer_id),
        from_date: Set(Some(from_date(from))),
        to_date: Set(Some(from_date(to))),
        starts_at: Set(None),
        ends_at: Set(None),
        reason: Set(None),
        created_at: Set(now),
        ..Default::default()
    };
    let txn = crate::db::begin_write(db).await?;
    availability_blocks::Entity::insert(row)
        .exec_without_returning(&txn)
        .await?;
    profiles::schedule_changed(&txn, performer_id).await?;
    txn.commit().await
}

/// Blocks an exact period.
pub async fn block_period(
    db: &(impl ConnectionTrait + TransactionTrait),
    performer_id: i64,
    start: Timestamp,
    end: Timestamp,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    let row = availability_blocks::ActiveModel {
        performer_id: Set(performer_id),
        from_date: Set(None),
        to_date: Set(None),
        starts_at: Set(Some(to_odt(start))),
        ends_at: Set(Some(to_odt(end))),
        reason: Set(None),
        created_at: Set(now),
        ..Default::default()
    };
    let txn = crate::db::begin_write(db).await?;
    availability_blocks::Entity::insert(row)
        .exec_without_returning(&txn)
        .await?;
    profiles::schedule_changed(&txn, performer_id).await?;
    txn.commit().await
}

pub async fn remove_block(
    db: &(impl ConnectionTrait + TransactionTrait),
    performer_id: i64,
    block_id: i64,
) -> Result<bool, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let result = availability_blocks::Entity::delete_many()
        .filter(availability_blocks::Column::Id.eq(block_id))
        .filter(availability_blocks::Column::PerformerId.eq(performer_id))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Ok(false);
    }
    profiles::schedule_changed(&txn, performer_id).await?;
    txn.commit().await?;
    Ok(true)
}

/// Special hours on one date (empty = closed that day), replacing any earlier override of it.
pub async fn set_override(
    db: &(impl ConnectionTrait + TransactionTrait),
    performer_id: i64,
    date: Date,
    ranges: &[(Time, Time)],
) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    availability_overrides::Entity::delete_many()
        .filter(availability_overrides::Column::PerformerId.eq(performer_id))
        .filter(availability_overrides::Column::Date.eq(from_date(date)))
        .exec(&txn)
        .await?;
    let pairs: Vec<(String, String)> = ranges
        .iter()
        .map(|(s, e)| (format_hhmm(*s), format_hhmm(*e)))
        .collect();
    let row = availability_overrides::ActiveModel {
        performer_id: Set(performer_id),
        date: Set(from_date(date)),
        ranges: Set(serde_json::to_value(pairs).expect("strings serialize")),
        ..Default::default()
    };
    availability_overrides::Entity::insert(row)
        .exec_without_returning(&txn)
        .await?;
    profiles::schedule_changed(&txn, performer_id).await?;
    txn.commit().await
}

/// Local date of an instant in a zone, for blocks given as dates.
pub fn local_date(t: Timestamp, tz: &TimeZone) -> Date {
    tz.to_datetime(t).date()
}

/// The special-hours dates from `from` on, by date.
pub async fn list_overrides(
    db: &impl ConnectionTrait,
    performer_id: i64,
    from: Date,
) -> Result<Vec<(i64, Date, Vec<(Time, Time)>)>, DbErr> {
    availability_overrides::Entity::find()
        .filter(availability_overrides::Column::PerformerId.eq(performer_id))
        .filter(availability_overrides::Column::Date.gte(from_date(from)))
        .order_by_asc(availability_overrides::Column::Date)
        .all(db)
        .await?
        .into_iter()
        .map(|o| Ok((o.id, to_date(o.date), override_ranges(&o)?)))
        .collect()
}

/// A stored override's hours (`["HH:MM", "HH:MM"]` pairs).
fn override_ranges(o: &availability_overrides::Model) -> Result<Vec<(Time, Time)>, DbErr> {
    let pairs: Vec<(String, String)> =
        serde_json::from_value(o.ranges.clone()).map_err(|e| corrupt("override", e))?;
    pairs
        .iter()
        .map(|(s, e)| Some((parse_hhmm(s)?, parse_hhmm(e)?)))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| corrupt("override", "bad time"))
}

/// Removes one special-hours date of the performer; false when it is not (or no longer) theirs.
pub async fn remove_override(
    db: &(impl ConnectionTrait + TransactionTrait),
    performer_id: i64,
    override_id: i64,
) -> Result<bool, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let result = availability_overrides::Entity::delete_many()
        .filter(availability_overrides::Column::Id.eq(override_id))
        .filter(availability_overrides::Column::PerformerId.eq(performer_id))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Ok(false);
    }
    profiles::schedule_changed(&txn, performer_id).await?;
    txn.commit().await?;
    Ok(true)
}

/// Gives each of `to` the hours of `from` (one transaction, one version bump); returns those hours.
pub async fn copy_day(
    db: &(impl ConnectionTrait + TransactionTrait),
    performer_id: i64,
    from: Weekday,
    to: &[Weekday],
) -> Result<Vec<(Time, Time)>, DbErr> {
    // It reads before it writes: see `begin_write`.
    let txn = crate::db::begin_write(db).await?;
    let source = from.to_monday_one_offset() as i16;
    let ranges: Vec<(Time, Time)> = rules(&txn, performer_id)
        .await?
        .iter()
        .filter(|r| r.weekday == source)
        .filter_map(|r| Some((parse_hhmm(&r.start_time)?, parse_hhmm(&r.end_time)?)))
        .collect();
    let targets: Vec<i16> = to
        .iter()
        .map(|d| d.to_monday_one_offset() as i16)
        .filter(|d| *d != source)
        .collect();
    availability_rules::Entity::delete_many()
        .filter(availability_rules::Column::PerformerId.eq(performer_id))
        .filter(availability_rules::Column::Weekday.is_in(targets.clone()))
        .exec(&txn)
        .await?;
    let rows: Vec<_> = targets
        .iter()
        .flat_map(|day| {
            ranges.iter().map(|(start, end)| availability_rules::ActiveModel {
                performer_id: Set(performer_id),
                weekday: Set(*day),
                start_time: Set(format_hhmm(*start)),
                end_time: Set(format_hhmm(*end)),
                ..Default::default()
            })
        })
        .collect();
    if !rows.is_empty() {
        availability_rules::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    profiles::schedule_changed(&txn, performer_id).await?;
    txn.commit().await?;
    Ok(ranges)
}
