//! Bookings (`BookingModel`): draft, atomic holds, payment, cancel, expiry, refund.
//!
//! Every transition is decided by the pure [`transition`] and persisted as one conditional
//! `UPDATE … WHERE id = ? AND status = ? AND version = ?` plus a `booking_events` row, in one
//! transaction. Entering a slot-occupying status also checks, in that same transaction, that no
//! other occupying booking of the performer overlaps (buffers included). On SQLite the
//! transaction's first statement is that write, so SQLite's single writer lock serialises the
//! check and the write; on PostgreSQL the `bookings_no_overlap` exclusion constraint refuses an
//! overlap whatever the application does, and its violation is reported as [`BookingError::SlotTaken`].

use entity::bookings::CancelRequest;
use entity::{booking_events, bookings, performer_profiles, users};
use jiff::Timestamp;
use sea_orm::sea_query::{Expr, Query, SimpleExpr, UnionType};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement, TransactionTrait,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::availability::{minutes, occupying_statuses, to_odt, to_ts, ScheduleCache};
use super::profiles::{self, Profile, Rate};
use crate::domain::availability::{self as slots, Schedule};
use crate::domain::booking::{transition, Actor, BookingEvent, BookingStatus, Effect, TransitionError};

/// The two sides of a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    User,
    Performer,
}

/// How long a claim on sending a booking's links holds without renewal. The sender renews it
/// every [`LINKS_HEARTBEAT`] while it works, so a live sender never loses it and a crashed one's
/// links are taken over by the next job run within seconds.
pub const LINKS_LEASE: time::Duration = time::Duration::seconds(10);
/// How often a sender of links renews its lease (a fifth of it: a few renewals may be late).
pub const LINKS_HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(2);

pub type Booking = bookings::Model;

#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error("no such booking")]
    NotFound,
    #[error("that time is no longer free")]
    SlotTaken,
    #[error("that time is not offered by the performer")]
    SlotNotOffered,
    #[error("the performer is not online")]
    PerformerOffline,
    /// The user already has as many unpaid holds as allowed; `held` is the soonest to expire.
    #[error("you already hold a time you have not paid for")]
    UnpaidHold { held: Box<Booking> },
    /// The user already holds exactly this time, unpaid (the same time tapped again, or the tap
    /// delivered again after a crash): `held` is that hold, to be paid for. No cap was hit.
    #[error("you already hold this time")]
    AlreadyHeld { held: Box<Booking> },
    /// The user took as many holds as allowed in the last hour; the next one is possible at
    /// `retry_at`.
    #[error("too many holds in the last hour")]
    TooManyHolds { retry_at: OffsetDateTime },
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("the booking kept changing; try again")]
    Conflict,
    /// The user already asked the performer to cancel this booking (one request per booking).
    #[error("a cancel request was already made for this booking ({state})")]
    CancelRequestMade { state: CancelRequest },
    /// The call has started: too late to ask the performer to cancel it.
    #[error("the call has started")]
    CallStarted,
    /// Before the cut-off the user cancels with a refund themselves; there is nothing to ask.
    #[error("the cut-off has not passed; the user can cancel with a refund")]
    CancelInTime,
    /// An answer to a cancel request that is not open (answered, lapsed, or never made).
    #[error("no open cancel request")]
    NoOpenCancelRequest { state: Option<CancelRequest> },
    /// A move to the time the booking already has (a second tap on Confirm).
    #[error("the booking is already at that time")]
    Unchanged,
    /// The booking was moved as many times as `bookings.max_reschedules` allows.
    #[error("the booking was moved as often as allowed")]
    MoveLimit,
    /// The booking was moved since the person acting saw it: nothing was done; `booking` is
    /// how it stands now.
    #[error("the booking was moved meanwhile")]
    Moved { booking: Box<Booking> },
    /// The performer answered a Start-now request after her time to answer ran out.
    #[error("the start-now request expired")]
    StartNowLapsed,
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub type Result<T, E = BookingError> = std::result::Result<T, E>;

/// What an admin looks bookings up by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookingSearch {
    /// Booking ids in `from..=to`: one id, or every id starting with a typed prefix (the short
    /// id shown to admins is the first 8 hex digits).
    Ids { from: Uuid, to: Uuid },
    /// A person's bookings: as the user, and as the performer when they have a profile.
    Person { user_id: i64, performer_id: Option<i64> },
    /// The Mini App's bookings table: any of a status, a performer, a user (`users.id`) and
    /// a start in `[starts_from, starts_before)`.
    Filter(BookingFilter),
}

/// The filters of [`BookingSearch::Filter`]; `None` is "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookingFilter {
    pub status: Option<BookingStatus>,
    pub performer_id: Option<i64>,
    pub user_id: Option<i64>,
    pub starts_from: Option<OffsetDateTime>,
    pub starts_before: Option<OffsetDateTime>,
}

impl BookingSearch {
    /// A typed booking id: the whole uuid (with or without dashes) or its first 8 or more hex
    /// digits. `None` for anything else.
    pub fn id_prefix(text: &str) -> Option<BookingSearch> {
        let hex: String = text
            .trim()
            .trim_start_matches('#')
            .chars()
            .filter(|&c| c != '-')
            .collect();
        if !(8..=32).contains(&hex.len()) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let hex = hex.to_ascii_lowercase();
        let pad = |with: char| {
            let mut id = hex.clone();
            id.extend(std::iter::repeat_n(with, 32 - hex.len()));
            Uuid::try_parse(&id).ok()
        };
        let (from, to) = (pad('0')?, pad('f')?);
        Some(BookingSearch::Ids { from, to })
    }
}

/// The short id of a booking shown to admins (its first 8 hex digits), which
/// [`BookingSearch::id_prefix`] finds again.
pub fn short_id(id: Uuid) -> String {
    id.simple().to_string()[..8].to_owned()
}

/// What [`BookingService::take`] did.
enum Taken {
    Held(Box<Transitioned>),
    /// The schedule changed since the profile was read: the fresh profile, to check again.
    Refused(Box<Profile>),
}

/// Whether the performer's schedule offers a call of `duration` minutes at `start` (bookings
/// aside: the hold's statement checks those).
fn offered(schedule: &Schedule, start: Timestamp, duration: i32, now: OffsetDateTime) -> bool {
    slots::free_slots(
        schedule,
        &[],
        to_ts(now),
        start,
        start + jiff::SignedDuration::from_secs(1),
        minutes(duration),
    )
    .iter()
    .any(|slot| slot.start == start)
}

/// A persisted transition and the work that follows it.
#[derive(Debug, Clone)]
pub struct Transitioned {
    pub booking: Booking,
    /// The event that made it (what to tell people can depend on more than the new status: a
    /// move and a payment both leave a booking confirmed).
    pub event: BookingEvent,
    pub from: BookingStatus,
    pub to: BookingStatus,
    pub effects: Vec<Effect>,
}

/// Column changes that travel with a transition.
#[derive(Debug, Default, Clone)]
struct Changes {
    times: Option<(OffsetDateTime, OffsetDateTime)>,
    hold_expires_at: Option<OffsetDateTime>,
    invoice_payload: Option<String>,
    /// A step of the user's cancel request, and (when it is made) its time.
    cancel_request: Option<CancelRequest>,
    cancel_requested_at: Option<OffsetDateTime>,
    moved: Option<Moved>,
}

/// What a move changes besides the times: one more move counted, the old start kept, the links
/// made again for the new time (the link sender picks the booking up as unsent), and the
/// reminders set for the new time.
#[derive(Debug, Clone)]
struct Moved {
    from: OffsetDateTime,
    /// `reminded24h_at`, `reminded15m_at`, `reminded_start_at`: unset when the reminder is still
    /// ahead at the new time, else marked as done now (a stale "in 24 hours" is never sent).
    reminders: [Option<OffsetDateTime>; 3],
}

/// An unguessable invoice payload naming a booking (≤ 128 bytes).
fn new_payload() -> String {
    format!("bk{}", Uuid::new_v4().simple())
}

/// Whether the database refused an overlapping booking (PostgreSQL's `23P01`).
fn is_exclusion_violation(e: &DbErr) -> bool {
    crate::db::sqlstate(e).as_deref() == Some("23P01")
}

/// How many holds one user may take: without a cap, one account could hold a performer's whole
/// calendar without paying, and hold it again as the holds expire.
#[derive(Debug, Clone, Copy)]
pub struct HoldLimits {
    /// Unpaid, unexpired holds at a time.
    pub unpaid: u32,
    /// Holds taken in any 60 minutes.
    pub per_hour: u32,
}

impl HoldLimits {
    /// No caps: for services built outside the server (tests, benches, tools).
    pub const NONE: HoldLimits = HoldLimits {
        unpaid: u32::MAX,
        per_hour: u32::MAX,
    };
}

/// Statuses of a hold not yet paid for.
const UNPAID: [BookingStatus; 3] = [
    BookingStatus::AwaitingPerformer,
    BookingStatus::Held,
    BookingStatus::AwaitingPayment,
];

#[derive(Clone)]
pub struct BookingService {
    db: crate::db::Db,
    hold_ttl: time::Duration,
    schedules: ScheduleCache,
    limits: HoldLimits,
    /// The platform's share of a price, in percent (`payments.commission_percent`).
    commission_percent: u8,
    /// How long the performer has to accept a Start-now request; `None`: no asking, the
    /// invoice goes out at once (`bookings.start_now_needs_acceptance`).
    start_now_accept: Option<time::Duration>,
}

impl BookingService {
    /// A service with its own schedule cache; the server shares one through
    /// [`BookingService::with_schedules`].
    pub fn new(db: impl Into<crate::db::Db>, hold_minutes: u32) -> Self {
        Self {
            db: db.into(),
            hold_ttl: time::Duration::minutes(i64::from(hold_minutes)),
            schedules: ScheduleCache::default(),
            limits: HoldLimits::NONE,
            commission_percent: 20,
            start_now_accept: None,
        }
    }

    /// Start-now requests wait for the performer's answer for `window` (`None`: they do not).
    pub fn with_start_now_acceptance(mut self, window: Option<time::Duration>) -> Self {
        self.start_now_accept = window;
        self
    }

    /// The commission credits are computed with (0–100).
    pub fn with_commission(mut self, percent: u8) -> Self {
        self.commission_percent = percent.min(100);
        self
    }

    pub fn with_limits(mut self, limits: HoldLimits) -> Self {
        self.limits = limits;
        self
    }

    pub fn with_schedules(mut self, schedules: ScheduleCache) -> Self {
        self.schedules = schedules;
        self
    }

    pub fn db(&self) -> &crate::db::Db {
        &self.db
    }

    pub async fn get(&self, id: Uuid) -> Result<Booking> {
        bookings::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(BookingError::NotFound)
    }

    pub async fn by_payload(&self, payload: &str) -> Result<Option<Booking>> {
        Ok(bookings::Entity::find()
            .filter(bookings::Column::InvoicePayload.eq(payload))
            .one(&self.db)
            .await?)
    }

    /// A draft: the user picked a performer and a rate, not yet a time.
    pub async fn draft(
        &self,
        user_id: i64,
        profile: &Profile,
        rate: &Rate,
        now: OffsetDateTime,
    ) -> Result<Booking> {
        let txn = crate::db::begin_write(&self.db).await?;
        let booking = insert_draft(&txn, user_id, profile, rate, now).await?;
        txn.commit().await?;
        Ok(booking)
    }

    /// Holds `start` for a draft, if the performer offers that slot and nobody holds it.
    pub async fn hold(&self, id: Uuid, start: Timestamp, now: OffsetDateTime) -> Result<Transitioned> {
        let booking = self.get(id).await?;
        let profile = profiles::get(&self.db, booking.performer_id)
            .await?
            .ok_or(BookingError::NotFound)?;
        let schedule = self.schedules.get(&self.db, &profile).await?;
        if !offered(&schedule, start, booking.duration_minutes, now) {
            return Err(BookingError::SlotNotOffered);
        }
        let start = to_odt(start);
        let end = start + time::Duration::minutes(i64::from(booking.duration_minutes));
        let changes = Changes {
            times: Some((start, end)),
            hold_expires_at: Some(now + self.hold_ttl),
            invoice_payload: Some(new_payload()),
            ..Changes::default()
        };
        let txn = crate::db::begin_write(&self.db).await?;
        let done = persist(
            &txn,
            &booking,
            &BookingEvent::Hold,
            Actor::User,
            None,
            now,
            changes,
        )
        .await?
        .ok_or(BookingError::Conflict)?;
        txn.commit().await?;
        Ok(done)
    }

    /// Creates and holds a booking for a scheduled slot in one step (what the bot uses).
    ///
    /// The slot is checked against the performer's schedule as of `profile.schedule_version`
    /// (kept in memory), then taken by one `INSERT … SELECT` that writes nothing unless that
    /// version is still current and no occupying booking overlaps (see [`BookingService::take`]).
    pub async fn hold_slot(
        &self,
        user_id: i64,
        profile: &Profile,
        rate: &Rate,
        start: Timestamp,
        now: OffsetDateTime,
    ) -> Result<Transitioned> {
        let mut profile = profile.clone();
        for _ in 0..5 {
            let schedule = self.schedules.get(&self.db, &profile).await?;
            if !offered(&schedule, start, rate.duration_minutes, now) {
                return Err(BookingError::SlotNotOffered);
            }
            match self.take(user_id, &profile, rate, start, now, false).await? {
                Taken::Held(done) => return Ok(*done),
                Taken::Refused(fresh) => profile = *fresh,
            }
        }
        Err(BookingError::Conflict)
    }

    /// How long a Start-now booking keeps the performer free while it waits for payment: the
    /// time left to pay plus the call (the call starts when it is paid).
    pub fn start_now_minutes(&self, rate: &Rate) -> i32 {
        let asking = self.start_now_accept.map_or(0, |w| (w.whole_seconds() + 59) / 60) as i32;
        rate.duration_minutes + self.hold_ttl.whole_minutes() as i32 + asking
    }

    /// "Start now": a hold from now for the rate's duration, only while the performer is online
    /// and free.
    pub async fn hold_now(
        &self,
        user_id: i64,
        profile: &Profile,
        rate: &Rate,
        now: OffsetDateTime,
    ) -> Result<Transitioned> {
        let mut profile = profiles::get(&self.db, profile.id)
            .await?
            .ok_or(BookingError::NotFound)?;
        for _ in 0..5 {
            if !profile.online {
                return Err(BookingError::PerformerOffline);
            }
            let schedule = self.schedules.get(&self.db, &profile).await?;
            // Bookings are left to `take`; here only blocks can refuse.
            if !slots::fits_now(&schedule, &[], to_ts(now), minutes(self.start_now_minutes(rate))) {
                return Err(BookingError::SlotTaken);
            }
            match self.take(user_id, &profile, rate, to_ts(now), now, true).await? {
                Taken::Held(done) => return Ok(*done),
                Taken::Refused(fresh) => profile = *fresh,
            }
        }
        Err(BookingError::Conflict)
    }

    /// Creates a booking already held for `[start, start + duration)` — the pure machine's
    /// `draft → held`, recorded as both events — in one transaction whose first statement is
    /// `INSERT INTO bookings … SELECT … FROM performer_profiles WHERE id = ? AND
    /// schedule_version = ? [AND online] AND NOT EXISTS (an overlapping occupying booking,
    /// buffers included)`. On SQLite that statement takes the write lock, so the check and the
    /// write are one step; on PostgreSQL the `bookings_no_overlap` constraint also refuses an
    /// overlap that two concurrent statements both missed.
    ///
    /// When nothing was inserted: the performer's schedule changed since `profile` was read
    /// ([`Taken::Refused`] with the fresh profile, to check again), they went offline
    /// ([`BookingError::PerformerOffline`]), or the slot is taken.
    async fn take(
        &self,
        user_id: i64,
        profile: &Profile,
        rate: &Rate,
        start: Timestamp,
        now: OffsetDateTime,
        require_online: bool,
    ) -> Result<Taken> {
        use performer_profiles::Column as P;
        // A Start-now call begins when it is paid: until then the hold keeps the performer free
        // for the time left to answer and to pay plus the call, and the payment moves it to its
        // real times.
        let starts_on_payment = require_online;
        let asking = self.start_now_accept.filter(|_| starts_on_payment);
        let hold_event = if asking.is_some() {
            BookingEvent::AskPerformer
        } else {
            BookingEvent::Hold
        };
        let (to, effects) = transition(BookingStatus::Draft, &hold_event)?;
        let start = to_odt(start);
        let end = start
            + time::Duration::minutes(i64::from(rate.duration_minutes))
            + if starts_on_payment {
                self.hold_ttl + asking.unwrap_or(time::Duration::ZERO)
            } else {
                time::Duration::ZERO
            };
        let pad = time::Duration::minutes(i64::from(
            profile.buffer_before_min.max(0) + profile.buffer_after_min.max(0),
        ));
        let booking = Booking {
            id: Uuid::new_v4(),
            user_id,
            performer_id: profile.id,
            status: to,
            starts_at: Some(start),
            ends_at: Some(end),
            duration_minutes: rate.duration_minutes,
            price: rate.price,
            currency: rate.currency,
            // While the performer is asked, the hold lasts as long as she has to answer.
            hold_expires_at: Some(now + asking.unwrap_or(self.hold_ttl)),
            version: 1,
            invoice_payload: Some(new_payload()),
            room_provider: None,
            room_name: None,
            room_url: None,
            links_sent_at: None,
            user_link_sent_at: None,
            performer_link_sent_at: None,
            links_claimed_at: None,
            reminded24h_at: None,
            reminded15m_at: None,
            reminded_start_at: None,
            user_link: None,
            performer_link: None,
            starts_on_payment,
            cancel_request: None,
            cancel_requested_at: None,
            reschedules: 0,
            moved_from: None,
            created_at: now,
            updated_at: now,
        };
        // Built in place, never cloned: building these statements is a visible part of a hold.
        let mut overlapping = Query::select();
        overlapping
            .expr(Expr::val(1))
            .from(bookings::Entity)
            .and_where(Expr::col((bookings::Entity, bookings::Column::PerformerId)).eq(profile.id))
            .and_where(Expr::col((bookings::Entity, bookings::Column::Status)).is_in(occupying_statuses()))
            .and_where(Expr::col((bookings::Entity, bookings::Column::StartsAt)).lt(end + pad))
            .and_where(Expr::col((bookings::Entity, bookings::Column::EndsAt)).gt(start - pad));
        let mut source = Query::select();
        source
            .exprs([
                Expr::val(booking.id),
                Expr::val(booking.user_id),
                Expr::val(booking.performer_id),
                Expr::val(booking.status),
                Expr::val(start),
                Expr::val(end),
                Expr::val(booking.duration_minutes),
                Expr::val(booking.price),
                Expr::val(booking.currency),
                Expr::val(booking.hold_expires_at),
                Expr::val(booking.version),
                Expr::val(booking.invoice_payload.clone()),
                Expr::val(booking.starts_on_payment),
                Expr::val(now),
                Expr::val(now),
            ])
            .from(performer_profiles::Entity)
            .and_where(Expr::col((performer_profiles::Entity, P::Id)).eq(profile.id))
            .and_where(
                Expr::col((performer_profiles::Entity, P::ScheduleVersion)).eq(profile.schedule_version),
            )
            .and_where(Expr::exists(overlapping).not());
        // The caps, in the same statement as the write so no hold slips between check and write.
        if self.limits.unpaid != u32::MAX {
            let mut unpaid = Query::select();
            unpaid
                .expr(Expr::col((bookings::Entity, bookings::Column::Id)).count())
                .from(bookings::Entity)
                .and_where(unpaid_of(user_id, now));
            source.and_where(
                Expr::expr(SimpleExpr::SubQuery(
                    None,
                    Box::new(unpaid.into_sub_query_statement()),
                ))
                .lt(i64::from(self.limits.unpaid)),
            );
        }
        if self.limits.per_hour != u32::MAX {
            let mut recent = Query::select();
            recent
                .expr(Expr::col((bookings::Entity, bookings::Column::Id)).count())
                .from(bookings::Entity)
                .and_where(held_since(user_id, now - time::Duration::HOUR));
            source.and_where(
                Expr::expr(SimpleExpr::SubQuery(
                    None,
                    Box::new(recent.into_sub_query_statement()),
                ))
                .lt(i64::from(self.limits.per_hour)),
            );
        }
        if require_online {
            source.and_where(Expr::col((performer_profiles::Entity, P::Online)).eq(true));
        }
        let mut insert = Query::insert();
        insert
            .into_table(bookings::Entity)
            .columns([
                bookings::Column::Id,
                bookings::Column::UserId,
                bookings::Column::PerformerId,
                bookings::Column::Status,
                bookings::Column::StartsAt,
                bookings::Column::EndsAt,
                bookings::Column::DurationMinutes,
                bookings::Column::Price,
                bookings::Column::Currency,
                bookings::Column::HoldExpiresAt,
                bookings::Column::Version,
                bookings::Column::InvoicePayload,
                bookings::Column::StartsOnPayment,
                bookings::Column::CreatedAt,
                bookings::Column::UpdatedAt,
            ])
            .select_from(source)
            .map_err(|e| DbErr::Custom(format!("hold statement: {e}")))?;

        // Both events, written only if the booking row was (the same statement shape on both
        // databases, so SQLite can run it in one batch with the hold).
        let event = |from: Option<BookingStatus>, to: BookingStatus, name: &str| {
            let mut select = Query::select();
            select
                .column((bookings::Entity, bookings::Column::Id))
                .exprs([
                    Expr::val(from),
                    Expr::val(to),
                    Expr::val(name.to_owned()),
                    Expr::val(Actor::User),
                    Expr::val(Option::<String>::None),
                    Expr::val(now),
                ])
                .from(bookings::Entity)
                .and_where(Expr::col((bookings::Entity, bookings::Column::Id)).eq(booking.id));
            select
        };
        let mut both = event(None, BookingStatus::Draft, "draft");
        both.union(
            UnionType::All,
            event(Some(BookingStatus::Draft), to, hold_event.name()),
        );
        let mut events = Query::insert();
        events
            .into_table(booking_events::Entity)
            .columns([
                booking_events::Column::BookingId,
                booking_events::Column::FromStatus,
                booking_events::Column::ToStatus,
                booking_events::Column::Event,
                booking_events::Column::Actor,
                booking_events::Column::Reason,
                booking_events::Column::At,
            ])
            .select_from(both)
            .map_err(|e| DbErr::Custom(format!("hold events statement: {e}")))?;

        let backend = self.db.get_database_backend();
        let (hold, events) = (backend.build(&insert), backend.build(&events));
        // Rows written by the events statement: 2 when the booking was inserted, else 0.
        let written = if backend == DbBackend::Sqlite {
            sqlite_batch(&self.db, &[hold, events]).await?
        } else {
            let txn = crate::db::begin_write(&self.db).await?;
            // One user's holds one at a time: without this lock two concurrent holds could both
            // count the other's row as not yet there and pass the caps together.
            let lock = Query::select()
                .column(users::Column::Id)
                .from(users::Entity)
                .and_where(Expr::col(users::Column::Id).eq(user_id))
                .lock(sea_orm::sea_query::LockType::Update)
                .to_owned();
            txn.execute(backend.build(&lock)).await?;
            lock_calendar(&txn, profile.id).await?;
            let written = match txn.execute(hold).await {
                Ok(result) if result.rows_affected() > 0 => txn.execute(events).await?.rows_affected(),
                Ok(_) => 0,
                Err(e) if is_exclusion_violation(&e) => return Err(BookingError::SlotTaken),
                Err(e) => return Err(e.into()),
            };
            txn.commit().await?;
            written
        };
        if written == 0 {
            let fresh = profiles::get(&self.db, profile.id)
                .await?
                .ok_or(BookingError::NotFound)?;
            return if fresh.schedule_version != profile.schedule_version {
                Ok(Taken::Refused(Box::new(fresh)))
            } else if require_online && !fresh.online {
                Err(BookingError::PerformerOffline)
            } else {
                Err(self.refusal(&booking, now).await?)
            };
        }
        if written != 2 {
            return Err(DbErr::Custom(format!("a hold wrote {written} events, not 2")).into());
        }
        metrics::counter!("pnp_booking_transitions_total", "from" => BookingStatus::Draft.as_str(), "to" => to.as_str())
            .increment(1);
        Ok(Taken::Held(Box::new(Transitioned {
            booking,
            event: hold_event,
            from: BookingStatus::Draft,
            to,
            effects,
        })))
    }

    /// Why the hold of `wanted` wrote nothing, once schedule and presence are ruled out: the user
    /// holds that very time already, a cap of the user's, else the slot was taken.
    async fn refusal(&self, wanted: &Booking, now: OffsetDateTime) -> Result<BookingError> {
        let user_id = wanted.user_id;
        let unpaid = bookings::Entity::find()
            .filter(unpaid_of(user_id, now))
            .order_by_asc(bookings::Column::HoldExpiresAt)
            .all(&self.db)
            .await?;
        let same = |b: &&Booking| {
            !wanted.starts_on_payment
                && b.performer_id == wanted.performer_id
                && b.starts_at == wanted.starts_at
                && b.duration_minutes == wanted.duration_minutes
        };
        if let Some(held) = unpaid.iter().find(same) {
            return Ok(BookingError::AlreadyHeld {
                held: Box::new(held.clone()),
            });
        }
        if unpaid.len() as u64 >= u64::from(self.limits.unpaid) {
            if let Some(held) = unpaid.into_iter().next() {
                super::limits::record(&self.db, user_id, super::limits::Limit::UnpaidHolds, now).await?;
                return Ok(BookingError::UnpaidHold { held: Box::new(held) });
            }
        }
        let recent: Vec<OffsetDateTime> = bookings::Entity::find()
            .select_only()
            .column(bookings::Column::CreatedAt)
            .filter(held_since(user_id, now - time::Duration::HOUR))
            .order_by_desc(bookings::Column::CreatedAt)
            .into_tuple()
            .all(&self.db)
            .await?;
        let per_hour = usize::try_from(self.limits.per_hour).unwrap_or(usize::MAX);
        if recent.len() >= per_hour {
            // The hold that must leave the hour for one more to fit.
            if let Some(&oldest) = recent.get(per_hour - 1) {
                super::limits::record(&self.db, user_id, super::limits::Limit::HoldsPerHour, now).await?;
                return Ok(BookingError::TooManyHolds {
                    retry_at: oldest + time::Duration::HOUR,
                });
            }
        }
        Ok(BookingError::SlotTaken)
    }

    /// Applies `event` to booking `id`, retrying when another process changed it meanwhile.
    pub async fn apply(
        &self,
        id: Uuid,
        event: BookingEvent,
        actor: Actor,
        reason: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<Transitioned> {
        self.apply_audited(id, event, actor, reason, None, now).await
    }

    /// [`apply`](Self::apply) by admin `admin_id` (a `users.id`): their `audit_log` row (action
    /// `cancel` for a cancel, else the event's name) is written in the transition's transaction.
    pub async fn apply_by_admin(
        &self,
        id: Uuid,
        event: BookingEvent,
        admin_id: i64,
        reason: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<Transitioned> {
        self.apply_audited(id, event, Actor::Admin, reason, Some(admin_id), now)
            .await
    }

    async fn apply_audited(
        &self,
        id: Uuid,
        event: BookingEvent,
        actor: Actor,
        reason: Option<&str>,
        admin_id: Option<i64>,
        now: OffsetDateTime,
    ) -> Result<Transitioned> {
        for _ in 0..5 {
            let booking = self.get(id).await?;
            let txn = crate::db::begin_write(&self.db).await?;
            if let Some(done) =
                persist(&txn, &booking, &event, actor, reason, now, Changes::default()).await?
            {
                if let Some(admin_id) = admin_id {
                    let action = match event {
                        BookingEvent::Cancel { .. } => super::audit::CANCEL,
                        _ => "booking",
                    };
                    let detail = format!("{} · {}", short_id(done.booking.id), done.to.as_str());
                    super::audit::record(
                        &txn,
                        admin_id,
                        action,
                        Some(done.booking.user_id),
                        Some(detail),
                        now,
                    )
                    .await?;
                }
                // Only `apply` moves a booking to `completed`, `no_show` or `refunded` from a
                // paid status, so the performer's ledger moves here, in the same transaction.
                if let Some(movement) = crate::domain::earnings::movement(done.from, &event, done.to) {
                    super::earnings::record(&txn, &done.booking, movement, self.commission_percent, now)
                        .await?;
                }
                txn.commit().await?;
                return Ok(done);
            }
        }
        Err(BookingError::Conflict)
    }

    /// The invoice for a held booking went out.
    pub async fn invoice_sent(&self, id: Uuid, now: OffsetDateTime) -> Result<Transitioned> {
        self.apply(id, BookingEvent::InvoiceSent, Actor::System, None, now)
            .await
    }

    /// Cancels; `cutoff` is how long before the start a user may still cancel a paid booking
    /// with a refund. A booking moved to another time since it was read is not cancelled: the
    /// canceller saw the old time ([`BookingError::Moved`]), so a cancel racing a reschedule
    /// either wins or is told, never both.
    pub async fn cancel(
        &self,
        id: Uuid,
        by: Actor,
        cutoff: time::Duration,
        now: OffsetDateTime,
    ) -> Result<Transitioned> {
        self.cancel_seen(id, by, cutoff, None, now).await
    }

    /// [`Self::cancel`] by someone who saw the booking after `seen_moves` moves (its
    /// `reschedules` on the screen they confirmed on): moved since, it is not cancelled.
    pub async fn cancel_seen(
        &self,
        id: Uuid,
        by: Actor,
        cutoff: time::Duration,
        seen_moves: Option<i32>,
        now: OffsetDateTime,
    ) -> Result<Transitioned> {
        let seen = match seen_moves {
            Some(moves) => moves,
            None => self.get(id).await?.reschedules,
        };
        for _ in 0..5 {
            let booking = self.get(id).await?;
            if booking.reschedules != seen {
                return Err(BookingError::Moved {
                    booking: Box::new(booking),
                });
            }
            let before_cutoff = booking.starts_at.is_none_or(|start| start - now >= cutoff);
            let event = BookingEvent::Cancel { by, before_cutoff };
            let txn = crate::db::begin_write(&self.db).await?;
            if let Some(done) = persist(&txn, &booking, &event, by, None, now, Changes::default()).await? {
                txn.commit().await?;
                return Ok(done);
            }
        }
        Err(BookingError::Conflict)
    }

    /// Moves a confirmed booking to `start` (same performer, same length and price): one
    /// conditional update of its times on status + version, checked in the same transaction
    /// against every other occupying booking of the performer like a hold (and on PostgreSQL
    /// by the `bookings_no_overlap` constraint), so the new slot is taken and the old one freed
    /// together, or neither. Refused when the performer does not offer `start`
    /// ([`BookingError::SlotNotOffered`]), it is taken ([`BookingError::SlotTaken`]), the
    /// booking was moved `max_moves` times ([`BookingError::MoveLimit`]) or its cut-off passed
    /// ([`TransitionError::RescheduleTooLate`]); a move to the time it already has (a second
    /// tap) is [`BookingError::Unchanged`].
    #[allow(clippy::too_many_arguments)]
    pub async fn reschedule(
        &self,
        id: Uuid,
        start: Timestamp,
        actor: Actor,
        reason: &str,
        cutoff: time::Duration,
        max_moves: u32,
        now: OffsetDateTime,
    ) -> Result<Transitioned> {
        for _ in 0..5 {
            let booking = self.get(id).await?;
            let new_start = to_odt(start);
            if booking.starts_at == Some(new_start) {
                return Err(BookingError::Unchanged);
            }
            if booking.status == BookingStatus::Confirmed
                && i64::from(booking.reschedules) >= i64::from(max_moves)
            {
                return Err(BookingError::MoveLimit);
            }
            let Some(old_start) = booking.starts_at else {
                return Err(TransitionError::Illegal {
                    from: booking.status,
                    event: "reschedule",
                }
                .into());
            };
            let before_cutoff = old_start - now >= cutoff;
            let event = BookingEvent::Reschedule { before_cutoff };
            // The machine's verdict first: a cancelled booking is told so, not "slot taken".
            transition(booking.status, &event)?;
            let profile = profiles::get(&self.db, booking.performer_id)
                .await?
                .ok_or(BookingError::NotFound)?;
            let schedule = self.schedules.get(&self.db, &profile).await?;
            if !offered(&schedule, start, booking.duration_minutes, now) {
                return Err(BookingError::SlotNotOffered);
            }
            let end = new_start + time::Duration::minutes(i64::from(booking.duration_minutes));
            let reminder = |lead: time::Duration| (new_start - now <= lead).then_some(now);
            let changes = Changes {
                times: Some((new_start, end)),
                moved: Some(Moved {
                    from: old_start,
                    reminders: [
                        reminder(time::Duration::hours(24)),
                        reminder(time::Duration::minutes(15)),
                        None,
                    ],
                }),
                ..Changes::default()
            };
            let fmt = |t: OffsetDateTime| to_ts(t).to_string();
            let reason = format!("{reason}: from {} to {}", fmt(old_start), fmt(new_start));
            let txn = crate::db::begin_write(&self.db).await?;
            if let Some(done) = persist(&txn, &booking, &event, actor, Some(&reason), now, changes).await? {
                txn.commit().await?;
                return Ok(done);
            }
        }
        Err(BookingError::Conflict)
    }

    /// The user declined the times the performer proposed for `booking` (as read when the
    /// proposal was checked): cancelled with a full refund, conditional on that read's version,
    /// so a proposal retired by a change meanwhile declines nothing.
    pub async fn decline_move(&self, booking: &Booking, now: OffsetDateTime) -> Result<Transitioned> {
        let txn = crate::db::begin_write(&self.db).await?;
        let done = persist(
            &txn,
            booking,
            &BookingEvent::DeclineReschedule,
            Actor::User,
            Some("declined the performer's proposed times"),
            now,
            Changes::default(),
        )
        .await?
        .ok_or(BookingError::Conflict)?;
        txn.commit().await?;
        Ok(done)
    }

    /// Applies the event `decide` picks for the booking as it stands now, with its column
    /// changes, retrying when another process changed it meanwhile: for transitions whose
    /// legality depends on more than the status (a cancel request's own state), checked on each
    /// fresh read and guarded by the version like any other.
    async fn apply_decided(
        &self,
        id: Uuid,
        actor: Actor,
        now: OffsetDateTime,
        decide: impl Fn(&Booking) -> Result<(BookingEvent, Changes)>,
    ) -> Result<Transitioned> {
        for _ in 0..5 {
            let booking = self.get(id).await?;
            let (event, changes) = decide(&booking)?;
            let txn = crate::db::begin_write(&self.db).await?;
            if let Some(done) = persist(&txn, &booking, &event, actor, None, now, changes).await? {
                txn.commit().await?;
                return Ok(done);
            }
        }
        Err(BookingError::Conflict)
    }

    /// The performer's answer to a Start-now request: accepted, the hold gets the time to pay
    /// and the invoice is the caller's to send; declined, her time is free again. A request
    /// whose answer time ran out is expired, whether or not the job has run yet
    /// ([`BookingError::Transition`] with the status it is in, or `HoldExpired` refused).
    pub async fn answer_start_now(
        &self,
        id: Uuid,
        accept: bool,
        now: OffsetDateTime,
    ) -> Result<Transitioned> {
        let hold_ttl = self.hold_ttl;
        self.apply_decided(id, Actor::Performer, now, |b| {
            if b.status == BookingStatus::AwaitingPerformer && b.hold_expires_at.is_some_and(|at| at <= now) {
                return Err(BookingError::StartNowLapsed);
            }
            if accept {
                let changes = Changes {
                    hold_expires_at: Some(now + hold_ttl),
                    ..Changes::default()
                };
                Ok((BookingEvent::PerformerAccepted, changes))
            } else {
                Ok((BookingEvent::PerformerDeclined, Changes::default()))
            }
        })
        .await
    }

    /// Inside the cut-off, the user asks the performer to cancel a paid call: one request per
    /// booking (a second tap, or a second try after an answer, is refused with the first's state).
    pub async fn request_cancel(
        &self,
        id: Uuid,
        cutoff: time::Duration,
        now: OffsetDateTime,
    ) -> Result<Transitioned> {
        self.apply_decided(id, Actor::User, now, |b| {
            if let Some(state) = b.cancel_request {
                return Err(BookingError::CancelRequestMade { state });
            }
            if b.starts_at.is_some_and(|start| start <= now) {
                return Err(BookingError::CallStarted);
            }
            let in_time = b.starts_at.is_none_or(|start| start - now >= cutoff);
            if b.status == BookingStatus::Confirmed && in_time {
                return Err(BookingError::CancelInTime);
            }
            let changes = Changes {
                cancel_request: Some(CancelRequest::Open),
                cancel_requested_at: Some(now),
                ..Changes::default()
            };
            Ok((BookingEvent::CancelRequested, changes))
        })
        .await
    }

    /// The performer's answer to the open request: accept (cancelled, refunded in full) or
    /// decline (the booking stands). An answered or lapsed request is reported with its state;
    /// an open one on a booking that was cancelled or ended meanwhile, with the state machine's
    /// error, so the caller can say which.
    pub async fn answer_cancel_request(
        &self,
        id: Uuid,
        accept: bool,
        now: OffsetDateTime,
    ) -> Result<Transitioned> {
        self.apply_decided(id, Actor::Performer, now, |b| {
            match b.cancel_request {
                // The call has started: the request lapsed, whether or not the job has run yet.
                Some(CancelRequest::Open) if b.starts_at.is_some_and(|start| start <= now) => {
                    return Err(BookingError::NoOpenCancelRequest {
                        state: Some(CancelRequest::Lapsed),
                    })
                }
                Some(CancelRequest::Open) => {}
                // Answered or lapsed already: said as such (a double tap, a late tap).
                Some(state) => return Err(BookingError::NoOpenCancelRequest { state: Some(state) }),
                None => return Err(BookingError::NoOpenCancelRequest { state: None }),
            }
            let (event, state) = if accept {
                (BookingEvent::CancelRequestAccepted, CancelRequest::Accepted)
            } else {
                (BookingEvent::CancelRequestDeclined, CancelRequest::Declined)
            };
            let changes = Changes {
                cancel_request: Some(state),
                ..Changes::default()
            };
            Ok((event, changes))
        })
        .await
    }

    /// Lapses up to `limit` open cancel requests whose call has started. Safe with several
    /// processes: each lapse is a conditional update, so both sides are told once; a request
    /// answered meanwhile is left alone.
    pub async fn lapse_cancel_requests(&self, now: OffsetDateTime, limit: u64) -> Result<Vec<Transitioned>> {
        let due: Vec<Uuid> = bookings::Entity::find()
            .select_only()
            .column(bookings::Column::Id)
            .filter(bookings::Column::CancelRequest.eq(CancelRequest::Open))
            .filter(bookings::Column::Status.is_in([BookingStatus::Confirmed, BookingStatus::InProgress]))
            .filter(bookings::Column::StartsAt.lte(now))
            .order_by_asc(bookings::Column::StartsAt)
            .limit(limit)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut lapsed = Vec::with_capacity(due.len());
        for id in due {
            let result = self
                .apply_decided(id, Actor::System, now, |b| {
                    if b.cancel_request != Some(CancelRequest::Open) {
                        return Err(BookingError::NoOpenCancelRequest {
                            state: b.cancel_request,
                        });
                    }
                    let changes = Changes {
                        cancel_request: Some(CancelRequest::Lapsed),
                        ..Changes::default()
                    };
                    Ok((BookingEvent::CancelRequestLapsed, changes))
                })
                .await;
            match result {
                Ok(done) => lapsed.push(done),
                // Answered, cancelled or ended meanwhile, or lapsed by another process.
                Err(BookingError::Transition(_) | BookingError::NoOpenCancelRequest { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(lapsed)
    }

    /// How many paid calls the performer cancelled herself since `since`, counted from the
    /// `booking_events` log (the record of every transition, so the count needs no column of
    /// its own kept in step): `cancel` events by the performer out of `confirmed`. An accepted
    /// cancel request is a different event and is not counted.
    pub async fn performer_cancellations(&self, performer_id: i64, since: OffsetDateTime) -> Result<u64> {
        let theirs = Query::select()
            .column(bookings::Column::Id)
            .from(bookings::Entity)
            .and_where(Expr::col(bookings::Column::PerformerId).eq(performer_id))
            .to_owned();
        let cancel = BookingEvent::Cancel {
            by: Actor::Performer,
            before_cutoff: true,
        };
        Ok(booking_events::Entity::find()
            .filter(booking_events::Column::BookingId.in_subquery(theirs))
            .filter(booking_events::Column::Event.eq(cancel.name()))
            .filter(booking_events::Column::Actor.eq(Actor::Performer))
            .filter(booking_events::Column::FromStatus.eq(BookingStatus::Confirmed))
            .filter(booking_events::Column::At.gte(since))
            .count(&self.db)
            .await?)
    }

    /// A page of the bookings `search` finds, newest first (drafts, which have no time, left
    /// out), and how many there are in all.
    pub async fn search(
        &self,
        search: &BookingSearch,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<Booking>, u64)> {
        let mut query = bookings::Entity::find().filter(bookings::Column::Status.ne(BookingStatus::Draft));
        query = match search {
            BookingSearch::Ids { from, to } => query
                .filter(bookings::Column::Id.gte(*from))
                .filter(bookings::Column::Id.lte(*to)),
            BookingSearch::Person {
                user_id,
                performer_id,
            } => {
                let mut who = sea_orm::Condition::any().add(bookings::Column::UserId.eq(*user_id));
                if let Some(performer_id) = performer_id {
                    who = who.add(bookings::Column::PerformerId.eq(*performer_id));
                }
                query.filter(who)
            }
            BookingSearch::Filter(f) => {
                if let Some(status) = f.status {
                    query = query.filter(bookings::Column::Status.eq(status));
                }
                if let Some(performer_id) = f.performer_id {
                    query = query.filter(bookings::Column::PerformerId.eq(performer_id));
                }
                if let Some(user_id) = f.user_id {
                    query = query.filter(bookings::Column::UserId.eq(user_id));
                }
                if let Some(from) = f.starts_from {
                    query = query.filter(bookings::Column::StartsAt.gte(from));
                }
                if let Some(before) = f.starts_before {
                    query = query.filter(bookings::Column::StartsAt.lt(before));
                }
                query
            }
        };
        let pages = query
            .order_by_desc(bookings::Column::CreatedAt)
            .order_by_desc(bookings::Column::Id)
            .paginate(&self.db, per_page.max(1));
        let total = pages.num_items().await?;
        Ok((pages.fetch_page(page).await?, total))
    }

    /// Expires up to `limit` holds whose time ran out. Safe with several processes: each
    /// expiry is a conditional update, so a hold is expired (and its user told) exactly once.
    pub async fn expire_due(&self, now: OffsetDateTime, limit: u64) -> Result<Vec<Transitioned>> {
        let due: Vec<Uuid> = bookings::Entity::find()
            .select_only()
            .column(bookings::Column::Id)
            .filter(bookings::Column::Status.is_in(UNPAID))
            .filter(bookings::Column::HoldExpiresAt.lte(now))
            .order_by_asc(bookings::Column::HoldExpiresAt)
            .limit(limit)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut expired = Vec::with_capacity(due.len());
        for id in due {
            match self
                .apply(id, BookingEvent::HoldExpired, Actor::System, None, now)
                .await
            {
                Ok(done) => expired.push(done),
                // Paid or cancelled meanwhile, or expired by another process.
                Err(BookingError::Transition(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(expired)
    }

    /// The booking's payment arrived: confirmed, or for an expired hold, confirmed if the slot is
    /// still free and refunded otherwise. Runs inside the caller's transaction, so the payment
    /// row and the booking change commit together.
    pub async fn pay_in(
        &self,
        txn: &DatabaseTransaction,
        id: Uuid,
        now: OffsetDateTime,
    ) -> Result<Transitioned> {
        for _ in 0..5 {
            let booking = bookings::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(BookingError::NotFound)?;
            // A Start-now call starts now that it is paid; the hold's longer interval shrinks
            // to the call itself (inside it, so no new overlap can arise).
            let changes = || Changes {
                times: booking.starts_on_payment.then(|| {
                    (
                        now,
                        now + time::Duration::minutes(i64::from(booking.duration_minutes)),
                    )
                }),
                ..Changes::default()
            };
            let event = match transition(booking.status, &BookingEvent::PaymentReceived) {
                Err(TransitionError::LatePaymentNeedsSlotCheck) => {
                    // Try to take the slot back inside a savepoint: an overlap (or PostgreSQL's
                    // exclusion violation) undoes only the attempt.
                    let attempt = txn.begin().await?;
                    let late = BookingEvent::LatePayment { slot_free: true };
                    match persist(
                        &attempt,
                        &booking,
                        &late,
                        Actor::System,
                        Some("late payment"),
                        now,
                        changes(),
                    )
                    .await
                    {
                        Ok(Some(done)) => {
                            attempt.commit().await?;
                            return Ok(done);
                        }
                        Ok(None) => continue,
                        Err(BookingError::SlotTaken) => {
                            attempt.rollback().await?;
                            BookingEvent::LatePayment { slot_free: false }
                        }
                        Err(e) => return Err(e),
                    }
                }
                _ => BookingEvent::PaymentReceived,
            };
            if let Some(done) = persist(txn, &booking, &event, Actor::User, None, now, changes()).await? {
                return Ok(done);
            }
        }
        Err(BookingError::Conflict)
    }

    /// The user's bookings that have a time, newest first.
    pub async fn of_user(&self, user_id: i64, limit: u64) -> Result<Vec<Booking>> {
        Ok(bookings::Entity::find()
            .filter(bookings::Column::UserId.eq(user_id))
            .filter(bookings::Column::StartsAt.is_not_null())
            .order_by_desc(bookings::Column::StartsAt)
            .limit(limit)
            .all(&self.db)
            .await?)
    }

    /// The performer's upcoming occupying bookings.
    pub async fn upcoming_of_performer(
        &self,
        performer_id: i64,
        now: OffsetDateTime,
    ) -> Result<Vec<Booking>> {
        Ok(bookings::Entity::find()
            .filter(bookings::Column::PerformerId.eq(performer_id))
            .filter(bookings::Column::Status.is_in(occupying_statuses()))
            .filter(bookings::Column::EndsAt.gt(now))
            .order_by_asc(bookings::Column::StartsAt)
            .all(&self.db)
            .await?)
    }

    /// Confirmed bookings with a side still owed its meeting link (room creation failed, the
    /// process died before sending, Telegram refused the message), oldest first. A side whose
    /// person has blocked the bot waits: it is picked up again once they can be reached (they
    /// wrote to the bot or unblocked it), and never holds the others' links up meanwhile.
    pub async fn links_unsent(&self, limit: u64) -> Result<Vec<Booking>> {
        let reachable_users = Query::select()
            .column(users::Column::Id)
            .from(users::Entity)
            .and_where(users::Column::BotBlockedAt.is_null())
            .to_owned();
        let reachable_performers = Query::select()
            .column((performer_profiles::Entity, performer_profiles::Column::Id))
            .from(performer_profiles::Entity)
            .inner_join(
                users::Entity,
                Expr::col((users::Entity, users::Column::Id))
                    .equals((performer_profiles::Entity, performer_profiles::Column::UserId)),
            )
            .and_where(Expr::col((users::Entity, users::Column::BotBlockedAt)).is_null())
            .to_owned();
        let owed = sea_orm::Condition::any()
            .add(bookings::Column::LinksSentAt.is_null())
            .add(
                sea_orm::Condition::all()
                    .add(bookings::Column::UserLinkSentAt.is_null())
                    .add(bookings::Column::UserId.in_subquery(reachable_users)),
            )
            .add(
                sea_orm::Condition::all()
                    .add(bookings::Column::PerformerLinkSentAt.is_null())
                    .add(bookings::Column::PerformerId.in_subquery(reachable_performers)),
            );
        Ok(bookings::Entity::find()
            .filter(bookings::Column::Status.is_in([BookingStatus::Confirmed, BookingStatus::InProgress]))
            .filter(owed)
            .order_by_asc(bookings::Column::UpdatedAt)
            .limit(limit)
            .all(&self.db)
            .await?)
    }

    /// Takes the lease on sending a booking's links; `false` if another process holds a fresh
    /// one ([`LINKS_LEASE`]). The holder sends only the sides not sent yet, so a claim on a
    /// booking whose links all went out meanwhile sends nothing. `now` is the claim's token: the
    /// sender renews with it ([`Self::renew_links`]); the app's clock keeps whole microseconds,
    /// so it reads back equal on both databases.
    pub async fn claim_links(&self, id: Uuid, now: OffsetDateTime) -> Result<bool> {
        let lease = LINKS_LEASE;
        let result = bookings::Entity::update_many()
            .col_expr(bookings::Column::LinksClaimedAt, Expr::value(now))
            .filter(bookings::Column::Id.eq(id))
            .filter(
                sea_orm::Condition::any()
                    .add(bookings::Column::LinksClaimedAt.is_null())
                    .add(bookings::Column::LinksClaimedAt.lt(now - lease)),
            )
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// The sender of a booking's links is still at work: moves its lease on from `held` (the
    /// claim it holds) to `now`. `false` if another process took the lease over (this one
    /// stalled past [`LINKS_LEASE`]): then it must stop sending.
    pub async fn renew_links(&self, id: Uuid, held: OffsetDateTime, now: OffsetDateTime) -> Result<bool> {
        let result = bookings::Entity::update_many()
            .col_expr(bookings::Column::LinksClaimedAt, Expr::value(now))
            .filter(bookings::Column::Id.eq(id))
            .filter(bookings::Column::LinksClaimedAt.eq(held))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// The sender holding the lease taken at `held` is done with this pass.
    pub async fn release_links(&self, id: Uuid, held: OffsetDateTime) -> Result<()> {
        bookings::Entity::update_many()
            .col_expr(
                bookings::Column::LinksClaimedAt,
                Expr::value(Option::<OffsetDateTime>::None),
            )
            .filter(bookings::Column::Id.eq(id))
            .filter(bookings::Column::LinksClaimedAt.eq(held))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Stores the room (only if none was stored: a concurrent creator's room wins).
    pub async fn set_room(
        &self,
        id: Uuid,
        room: &crate::video::Room,
        now: OffsetDateTime,
    ) -> Result<Booking> {
        bookings::Entity::update_many()
            .col_expr(bookings::Column::RoomProvider, Expr::value(room.provider.clone()))
            .col_expr(bookings::Column::RoomName, Expr::value(room.name.clone()))
            .col_expr(bookings::Column::RoomUrl, Expr::value(room.url.clone()))
            .col_expr(bookings::Column::UpdatedAt, Expr::value(now))
            .filter(bookings::Column::Id.eq(id))
            .filter(bookings::Column::RoomUrl.is_null())
            .exec(&self.db)
            .await?;
        self.get(id).await
    }

    /// Keeps each side's meeting link with the booking (only if none was kept: the first one
    /// made is the one shown from then on), and returns the booking as stored.
    pub async fn keep_links(
        &self,
        id: Uuid,
        user_link: &str,
        performer_link: &str,
        now: OffsetDateTime,
    ) -> Result<Booking> {
        bookings::Entity::update_many()
            .col_expr(bookings::Column::UserLink, Expr::value(user_link.to_owned()))
            .col_expr(
                bookings::Column::PerformerLink,
                Expr::value(performer_link.to_owned()),
            )
            .col_expr(bookings::Column::UpdatedAt, Expr::value(now))
            .filter(bookings::Column::Id.eq(id))
            .filter(bookings::Column::UserLink.is_null())
            .exec(&self.db)
            .await?;
        self.get(id).await
    }

    /// One side's confirmation with its link went out.
    pub async fn mark_link_sent(&self, id: Uuid, side: Side, now: OffsetDateTime) -> Result<()> {
        let column = match side {
            Side::User => bookings::Column::UserLinkSentAt,
            Side::Performer => bookings::Column::PerformerLinkSentAt,
        };
        bookings::Entity::update_many()
            .col_expr(column, Expr::value(now))
            .filter(bookings::Column::Id.eq(id))
            .filter(column.is_null())
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// A sending pass ended: every side got its link or cannot be reached now.
    pub async fn mark_links_sent(&self, id: Uuid, now: OffsetDateTime) -> Result<()> {
        bookings::Entity::update_many()
            .col_expr(bookings::Column::LinksSentAt, Expr::value(now))
            .filter(bookings::Column::Id.eq(id))
            .filter(bookings::Column::LinksSentAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// The transition history of a booking, oldest first.
    pub async fn events(&self, id: Uuid) -> Result<Vec<booking_events::Model>> {
        Ok(booking_events::Entity::find()
            .filter(booking_events::Column::BookingId.eq(id))
            .order_by_asc(booking_events::Column::Id)
            .all(&self.db)
            .await?)
    }
}

/// A user's holds not yet paid for and not yet expired (the expiry job may lag behind).
fn unpaid_of(user_id: i64, now: OffsetDateTime) -> SimpleExpr {
    Expr::col((bookings::Entity, bookings::Column::UserId))
        .eq(user_id)
        .and(Expr::col((bookings::Entity, bookings::Column::Status)).is_in(UNPAID))
        .and(Expr::col((bookings::Entity, bookings::Column::HoldExpiresAt)).gt(now))
}

/// A user's holds taken since `since`, whatever became of them (drafts never held have no time).
fn held_since(user_id: i64, since: OffsetDateTime) -> SimpleExpr {
    Expr::col((bookings::Entity, bookings::Column::UserId))
        .eq(user_id)
        .and(Expr::col((bookings::Entity, bookings::Column::StartsAt)).is_not_null())
        .and(Expr::col((bookings::Entity, bookings::Column::CreatedAt)).gt(since))
}

async fn insert_draft(
    txn: &DatabaseTransaction,
    user_id: i64,
    profile: &Profile,
    rate: &Rate,
    now: OffsetDateTime,
) -> Result<Booking> {
    let id = Uuid::new_v4();
    let row = bookings::ActiveModel {
        id: Set(id),
        user_id: Set(user_id),
        performer_id: Set(profile.id),
        status: Set(BookingStatus::Draft),
        starts_at: Set(None),
        ends_at: Set(None),
        duration_minutes: Set(rate.duration_minutes),
        price: Set(rate.price),
        currency: Set(rate.currency),
        hold_expires_at: Set(None),
        version: Set(0),
        invoice_payload: Set(None),
        room_provider: Set(None),
        room_name: Set(None),
        room_url: Set(None),
        links_sent_at: Set(None),
        user_link_sent_at: Set(None),
        performer_link_sent_at: Set(None),
        links_claimed_at: Set(None),
        reminded24h_at: Set(None),
        reminded15m_at: Set(None),
        reminded_start_at: Set(None),
        user_link: Set(None),
        performer_link: Set(None),
        starts_on_payment: Set(false),
        cancel_request: Set(None),
        cancel_requested_at: Set(None),
        reschedules: Set(0),
        moved_from: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    bookings::Entity::insert(row).exec_without_returning(txn).await?;
    record_event(
        txn,
        id,
        None,
        BookingStatus::Draft,
        "draft",
        Actor::User,
        None,
        now,
    )
    .await?;
    bookings::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(BookingError::NotFound)
}

#[allow(clippy::too_many_arguments)]
async fn record_event(
    txn: &DatabaseTransaction,
    booking_id: Uuid,
    from: Option<BookingStatus>,
    to: BookingStatus,
    event: &str,
    actor: Actor,
    reason: Option<&str>,
    now: OffsetDateTime,
) -> Result<()> {
    let row = booking_events::ActiveModel {
        booking_id: Set(booking_id),
        from_status: Set(from),
        to_status: Set(to),
        event: Set(event.to_owned()),
        actor: Set(actor),
        reason: Set(reason.map(|r| r.chars().take(255).collect())),
        at: Set(now),
        ..Default::default()
    };
    booking_events::Entity::insert(row)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// One transition: the conditional update, the overlap check when the booking starts occupying
/// its slot, and the event row. `None` when the booking changed since it was read.
async fn persist(
    txn: &DatabaseTransaction,
    booking: &Booking,
    event: &BookingEvent,
    actor: Actor,
    reason: Option<&str>,
    now: OffsetDateTime,
    changes: Changes,
) -> Result<Option<Transitioned>> {
    lock_calendar(txn, booking.performer_id).await?;
    let from = booking.status;
    let (to, effects) = transition(from, event)?;
    let mut update = bookings::Entity::update_many()
        .col_expr(bookings::Column::Status, Expr::value(to))
        .col_expr(bookings::Column::Version, Expr::value(booking.version + 1))
        .col_expr(bookings::Column::UpdatedAt, Expr::value(now));
    if let Some((start, end)) = changes.times {
        update = update
            .col_expr(bookings::Column::StartsAt, Expr::value(start))
            .col_expr(bookings::Column::EndsAt, Expr::value(end));
    }
    if let Some(expires) = changes.hold_expires_at {
        update = update.col_expr(bookings::Column::HoldExpiresAt, Expr::value(expires));
    }
    if let Some(payload) = &changes.invoice_payload {
        update = update.col_expr(bookings::Column::InvoicePayload, Expr::value(payload.clone()));
    }
    if let Some(request) = changes.cancel_request {
        update = update.col_expr(bookings::Column::CancelRequest, Expr::value(request));
    }
    if let Some(at) = changes.cancel_requested_at {
        update = update.col_expr(bookings::Column::CancelRequestedAt, Expr::value(at));
    }
    if let Some(moved) = &changes.moved {
        let none = Option::<OffsetDateTime>::None;
        let [day, quarter, start] = moved.reminders;
        update = update
            .col_expr(
                bookings::Column::Reschedules,
                Expr::value(booking.reschedules + 1),
            )
            .col_expr(bookings::Column::MovedFrom, Expr::value(moved.from))
            .col_expr(bookings::Column::LinksSentAt, Expr::value(none))
            .col_expr(bookings::Column::UserLinkSentAt, Expr::value(none))
            .col_expr(bookings::Column::PerformerLinkSentAt, Expr::value(none))
            .col_expr(bookings::Column::LinksClaimedAt, Expr::value(none))
            .col_expr(bookings::Column::UserLink, Expr::value(Option::<String>::None))
            .col_expr(
                bookings::Column::PerformerLink,
                Expr::value(Option::<String>::None),
            )
            .col_expr(bookings::Column::Reminded24hAt, Expr::value(day))
            .col_expr(bookings::Column::Reminded15mAt, Expr::value(quarter))
            .col_expr(bookings::Column::RemindedStartAt, Expr::value(start));
    }
    let result = update
        .filter(bookings::Column::Id.eq(booking.id))
        .filter(bookings::Column::Status.eq(from))
        .filter(bookings::Column::Version.eq(booking.version))
        .exec(txn)
        .await;
    let result = match result {
        Ok(result) => result,
        Err(e) if is_exclusion_violation(&e) => return Err(BookingError::SlotTaken),
        Err(e) => return Err(e.into()),
    };
    if result.rows_affected == 0 {
        return Ok(None);
    }
    let mut updated = booking.clone();
    updated.status = to;
    updated.version = booking.version + 1;
    updated.updated_at = now;
    if let Some((start, end)) = changes.times {
        updated.starts_at = Some(start);
        updated.ends_at = Some(end);
    }
    if let Some(expires) = changes.hold_expires_at {
        updated.hold_expires_at = Some(expires);
    }
    if let Some(payload) = changes.invoice_payload {
        updated.invoice_payload = Some(payload);
    }
    if let Some(request) = changes.cancel_request {
        updated.cancel_request = Some(request);
    }
    if let Some(at) = changes.cancel_requested_at {
        updated.cancel_requested_at = Some(at);
    }
    if let Some(moved) = &changes.moved {
        updated.reschedules = booking.reschedules + 1;
        updated.moved_from = Some(moved.from);
        updated.links_sent_at = None;
        updated.user_link_sent_at = None;
        updated.performer_link_sent_at = None;
        updated.links_claimed_at = None;
        updated.user_link = None;
        updated.performer_link = None;
        [
            updated.reminded24h_at,
            updated.reminded15m_at,
            updated.reminded_start_at,
        ] = moved.reminders;
    }
    // Entering a slot, or moving to another: the same check (and on PostgreSQL the same
    // exclusion constraint) as a hold, in the transaction of the update.
    let takes_a_slot = !from.occupies_slot() || changes.moved.is_some();
    if to.occupies_slot() && takes_a_slot && overlaps_another(txn, &updated).await? {
        return Err(BookingError::SlotTaken);
    }
    record_event(txn, booking.id, Some(from), to, event.name(), actor, reason, now).await?;
    // Counted when persisted; a rolled-back transaction overcounts, which the booking_events
    // table (the truth) does not.
    metrics::counter!("pnp_booking_transitions_total", "from" => from.as_str(), "to" => to.as_str())
        .increment(1);
    Ok(Some(Transitioned {
        booking: updated,
        event: *event,
        from,
        to,
        effects,
    }))
}

/// On PostgreSQL, takes the performer's row lock for the rest of the transaction: one writer of a
/// performer's bookings at a time (SQLite has one writer anyway).
///
/// Inside an update a booking's writes commit with the rest of the update, and one update often
/// writes a booking twice (a hold and its invoice's transition, a payment and its links). With
/// the `bookings_no_overlap` exclusion constraint, a second update writing an overlapping time
/// meanwhile waits on the first's uncommitted row, and the first's next write to that row then
/// waits on the second's — a deadlock PostgreSQL breaks only after a second (a move raced by a
/// hold, two moves into one time, a Start-now race all did). Waiting here first, the second sees
/// the first committed and is refused as it should be.
async fn lock_calendar(txn: &DatabaseTransaction, performer_id: i64) -> Result<(), DbErr> {
    let backend = txn.get_database_backend();
    if backend != DbBackend::Postgres {
        return Ok(());
    }
    let lock = Query::select()
        .column(performer_profiles::Column::Id)
        .from(performer_profiles::Entity)
        .and_where(Expr::col(performer_profiles::Column::Id).eq(performer_id))
        .lock(sea_orm::sea_query::LockType::Update)
        .to_owned();
    txn.execute(backend.build(&lock)).await?;
    Ok(())
}

/// Runs `statements` as one SQLite transaction in a single call to the driver's worker thread
/// (`BEGIN IMMEDIATE; …; COMMIT`, parameters bound in sequence): one round trip instead of one
/// per statement, which is most of a write's cost here. Returns the rows written by the last
/// statement. On any error the connection is rolled back before it goes back to the pool.
///
/// Inside an update ([`crate::unit`]) the statements run in a savepoint of the update's
/// transaction instead, which already holds the write lock: one commit for the whole update.
async fn sqlite_batch(db: &crate::db::Db, statements: &[Statement]) -> Result<u64, DbErr> {
    use sea_orm::sqlx;
    if db.in_update() {
        let txn = db.begin().await?;
        let mut written = 0;
        for statement in statements {
            written = txn.execute(statement.clone()).await?.rows_affected();
        }
        txn.commit().await?;
        return Ok(written);
    }
    let mut sql = String::from("BEGIN IMMEDIATE;");
    let mut values = Vec::new();
    for statement in statements {
        sql.push(' ');
        sql.push_str(&statement.sql);
        sql.push(';');
        values.extend(statement.values.iter().flat_map(|v| v.0.iter().cloned()));
    }
    // sqlx sums SQLite's changes() after every statement, BEGIN and COMMIT included, which
    // repeat the last count: ask for the last statement's own count instead.
    sql.push_str(" SELECT changes(); COMMIT;");
    let pool = db.pool().get_sqlite_connection_pool().clone();
    // In a task of its own: a caller dropped mid-way (a timed-out request) must not leave the
    // connection inside BEGIN IMMEDIATE, holding the write lock, when it returns to the pool.
    let batch = tokio::spawn(async move {
        let mut conn = pool.acquire().await?;
        let query = sqlx::query_scalar_with::<_, i64, _>(
            &sql,
            sea_query_binder::SqlxValues(sea_orm::sea_query::Values(values)),
        );
        // fetch_all, not fetch_one: the batch must run to its COMMIT.
        match query.fetch_all(&mut *conn).await {
            Ok(changed) => Ok(changed.first().map_or(0, |&n| u64::try_from(n).unwrap_or(0))),
            Err(e) => {
                // Fails harmlessly when the error came before BEGIN or after COMMIT.
                let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
                Err(e)
            }
        }
    });
    match batch.await {
        Ok(result) => result.map_err(sqlx_err),
        Err(e) => Err(DbErr::Custom(format!("SQLite batch task failed: {e}"))),
    }
}

fn sqlx_err(e: sea_orm::sqlx::Error) -> DbErr {
    DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
}

/// Whether another occupying booking of the same performer overlaps `booking`, with the
/// performer's buffers between them.
async fn overlaps_another(txn: &DatabaseTransaction, booking: &Booking) -> Result<bool> {
    let (Some(start), Some(end)) = (booking.starts_at, booking.ends_at) else {
        return Ok(false);
    };
    let pad = match profiles::get(txn, booking.performer_id).await? {
        Some(p) => time::Duration::minutes(i64::from(p.buffer_before_min.max(0) + p.buffer_after_min.max(0))),
        None => time::Duration::ZERO,
    };
    let other = bookings::Entity::find()
        .select_only()
        .column(bookings::Column::Id)
        .filter(bookings::Column::PerformerId.eq(booking.performer_id))
        .filter(bookings::Column::Id.ne(booking.id))
        .filter(bookings::Column::Status.is_in(occupying_statuses()))
        .filter(bookings::Column::StartsAt.lt(end + pad))
        .filter(bookings::Column::EndsAt.gt(start - pad))
        .into_tuple::<Uuid>()
        .one(txn)
        .await?;
    Ok(other.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_booking_id_is_a_range_of_ids_and_the_short_id_finds_its_booking() {
        let id = Uuid::try_parse("abcd1234-5678-90ab-cdef-1234567890ab").unwrap();
        let Some(BookingSearch::Ids { from, to }) = BookingSearch::id_prefix(&short_id(id)) else {
            panic!("the short id is a search");
        };
        assert!(from <= id && id <= to);
        assert_eq!(from.to_string(), "abcd1234-0000-0000-0000-000000000000");
        assert_eq!(to.to_string(), "abcd1234-ffff-ffff-ffff-ffffffffffff");
        // The whole id, with or without dashes, in any case, or after a #, is that id alone.
        for typed in [
            id.to_string(),
            id.simple().to_string(),
            id.to_string().to_uppercase(),
            format!(" #{} ", id.simple()),
        ] {
            assert_eq!(
                BookingSearch::id_prefix(&typed),
                Some(BookingSearch::Ids { from: id, to: id }),
                "{typed}"
            );
        }
        for typed in ["", "abc", "abcd123", "abcd123g", "@ana", &"a".repeat(33)] {
            assert_eq!(BookingSearch::id_prefix(typed), None, "{typed}");
        }
    }
}
