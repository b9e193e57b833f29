//! The booking engine as services: holds, transitions, expiry and the no-double-booking
//! guarantee, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use pnp_live::domain::booking::{Actor, BookingEvent, BookingStatus, Effect};
use pnp_live::domain::money::{Currency, Money};
use pnp_live::services::availability::{self, to_odt, to_ts};
use pnp_live::services::booking::{BookingError, BookingService, HoldLimits};
use pnp_live::services::profiles::{self, Profile, Rate};
use pnp_live::services::users::{self, Profile as TgProfile};
use rand::{Rng, SeedableRng};
use sea_orm::{DatabaseConnection, EntityTrait};
use time::{macros::datetime, OffsetDateTime};

use crate::helpers::TestDb;

/// Monday 2026-12-07 09:00 UTC: "now" for these tests.
const NOW: OffsetDateTime = datetime!(2026-12-07 09:00 UTC);

pub struct Engine {
    pub db: DatabaseConnection,
    pub bookings: BookingService,
    pub performer: Profile,
    pub rate: Rate,
    _test_db: TestDb,
}

pub async fn user(db: &DatabaseConnection, telegram_id: i64) -> i64 {
    let profile = TgProfile {
        telegram_id,
        username: None,
        first_name: "User",
        last_name: None,
        language: "en",
    };
    users::register(db, &profile, NOW).await.unwrap().id
}

/// A performer in Mexico City, open every day all day, with a 60-minute rate, no notice.
pub async fn engine() -> Engine {
    let test_db = TestDb::fresh().await;
    let config = pnp_live::config::DatabaseConfig {
        url: test_db.url.clone(),
        max_connections: 8,
        sqlite_busy_timeout_ms: 10_000,
        flush_every_commit: false,
    };
    let db = pnp_live::db::connect(&config).await.unwrap();
    pnp_live::db::migrate(&db).await.unwrap();
    let performer_user = user(&db, 9_000).await;
    let performer = profiles::ensure(&db, performer_user, "Maria", "America/Mexico_City", NOW)
        .await
        .unwrap();
    let mut settings = profiles::settings(&performer);
    settings.min_notice_min = 0;
    settings.slot_step_min = 30;
    profiles::set_settings(&db, performer.id, &settings, NOW)
        .await
        .unwrap();
    let performer = profiles::get(&db, performer.id).await.unwrap().unwrap();
    profiles::set_rate(&db, performer.id, 60, Money::new(500, Currency::XTR), NOW)
        .await
        .unwrap();
    let rate = profiles::rates(&db, performer.id).await.unwrap().remove(0);
    for day in 1..=7 {
        let weekday = jiff::civil::Weekday::from_monday_one_offset(day).unwrap();
        let midnight = jiff::civil::Time::midnight();
        availability::set_day(&db, performer.id, weekday, &[(midnight, midnight)])
            .await
            .unwrap();
    }
    Engine {
        bookings: BookingService::new(db.clone(), 10),
        db,
        performer,
        rate,
        _test_db: test_db,
    }
}

fn at(hours_from_now: i64) -> Timestamp {
    to_ts(NOW) + SignedDuration::from_hours(hours_from_now)
}

#[tokio::test]
async fn a_booking_goes_from_draft_to_confirmed_and_every_step_is_recorded() {
    let e = engine().await;
    let ana = user(&e.db, 1).await;
    let draft = e.bookings.draft(ana, &e.performer, &e.rate, NOW).await.unwrap();
    assert_eq!(draft.status.as_str(), "draft");

    let held = e.bookings.hold(draft.id, at(2), NOW).await.unwrap();
    assert_eq!(held.to, BookingStatus::Held);
    assert_eq!(held.effects, vec![Effect::SendInvoice]);
    let booking = &held.booking;
    assert_eq!(booking.starts_at, Some(to_odt(at(2))));
    assert_eq!(booking.ends_at, Some(to_odt(at(3))));
    assert_eq!(booking.hold_expires_at, Some(NOW + time::Duration::minutes(10)));
    let payload = booking.invoice_payload.clone().unwrap();
    assert!(payload.len() <= 128 && payload.len() >= 32);

    e.bookings.invoice_sent(draft.id, NOW).await.unwrap();
    let txn = sea_orm::TransactionTrait::begin(&e.db).await.unwrap();
    let paid = e.bookings.pay_in(&txn, draft.id, NOW).await.unwrap();
    txn.commit().await.unwrap();
    assert_eq!(paid.to, BookingStatus::Confirmed);
    assert!(paid.effects.contains(&Effect::IssueMeetingLink));

    let events = e.bookings.events(draft.id).await.unwrap();
    let path: Vec<_> = events.iter().map(|ev| ev.to_status.as_str()).collect();
    assert_eq!(path, ["draft", "held", "awaiting_payment", "confirmed"]);
    let booking = e.bookings.get(draft.id).await.unwrap();
    assert_eq!(booking.version, 3);
}

#[tokio::test]
async fn a_time_outside_the_performers_hours_is_not_offered() {
    let e = engine().await;
    let ana = user(&e.db, 1).await;
    // Closed on Mondays from now on.
    let monday = jiff::civil::Weekday::Monday;
    availability::set_day(&e.db, e.performer.id, monday, &[])
        .await
        .unwrap();
    let result = e.bookings.hold_slot(ana, &e.performer, &e.rate, at(2), NOW).await;
    assert!(matches!(result, Err(BookingError::SlotNotOffered)), "{result:?}");
    // Off the slot grid.
    let tuesday = at(24 + 2) + SignedDuration::from_mins(7);
    let result = e
        .bookings
        .hold_slot(ana, &e.performer, &e.rate, tuesday, NOW)
        .await;
    assert!(matches!(result, Err(BookingError::SlotNotOffered)), "{result:?}");
}

/// Holds check the slot against a schedule kept in memory: a performer's edit made through
/// another process (another service, another cache) must still be seen by the very next hold,
/// even by a caller holding the profile it read before the edit.
#[tokio::test]
async fn a_schedule_edited_elsewhere_is_seen_by_the_next_hold() {
    let e = engine().await;
    let ana = user(&e.db, 1).await;
    let bob = user(&e.db, 2).await;
    let before_edits = profiles::get(&e.db, e.performer.id).await.unwrap().unwrap();
    e.bookings
        .hold_slot(ana, &before_edits, &e.rate, at(2), NOW)
        .await
        .unwrap();

    // Another process blocks today (local date in Mexico City) and adds a one-hour buffer.
    let tz = jiff::tz::TimeZone::get("America/Mexico_City").unwrap();
    let today = availability::local_date(at(0), &tz);
    let elsewhere = BookingService::new(e.db.clone(), 10);
    availability::block_dates(&e.db, e.performer.id, today, today, NOW)
        .await
        .unwrap();
    let result = e
        .bookings
        .hold_slot(bob, &before_edits, &e.rate, at(5), NOW)
        .await;
    assert!(matches!(result, Err(BookingError::SlotNotOffered)), "{result:?}");

    let mut settings = profiles::settings(&before_edits);
    settings.buffer_after_min = 60;
    profiles::set_settings(&e.db, e.performer.id, &settings, NOW)
        .await
        .unwrap();
    // Tomorrow 00:00–01:00 local is free; 01:00 local is not, with a one-hour buffer after it.
    let tomorrow = tz
        .to_ambiguous_timestamp(
            today
                .tomorrow()
                .unwrap()
                .to_datetime(jiff::civil::Time::midnight()),
        )
        .compatible()
        .unwrap();
    elsewhere
        .hold_slot(ana, &before_edits, &e.rate, tomorrow, NOW)
        .await
        .unwrap();
    let next = tomorrow + SignedDuration::from_hours(1);
    let result = e.bookings.hold_slot(bob, &before_edits, &e.rate, next, NOW).await;
    assert!(matches!(result, Err(BookingError::SlotTaken)), "{result:?}");
    // Removing the block opens today again, for the stale caller too.
    let block = availability::list_blocks(&e.db, e.performer.id)
        .await
        .unwrap()
        .remove(0);
    assert!(availability::remove_block(&e.db, e.performer.id, block.id)
        .await
        .unwrap());
    e.bookings
        .hold_slot(bob, &before_edits, &e.rate, at(5), NOW)
        .await
        .unwrap();
    assert_eq!(occupying(&e.db).await.len(), 3);
}

/// A hold abandoned at any point (a request timed out, a client went away) either happened whole
/// — booking and both events — or not at all, and never leaves the database locked.
#[tokio::test]
async fn holds_dropped_mid_way_leave_no_half_booking_and_no_lock() {
    let e = Arc::new(engine().await);
    let ana = user(&e.db, 1).await;
    let performer = profiles::get(&e.db, e.performer.id).await.unwrap().unwrap();
    for i in 0..40 {
        let (e2, p2) = (e.clone(), performer.clone());
        let task = tokio::spawn(async move {
            let _ = e2.bookings.hold_slot(ana, &p2, &e2.rate, at(2 + i), NOW).await;
        });
        // Abort at a different point each time: before, during or after the statement.
        tokio::time::sleep(std::time::Duration::from_micros(250 * i as u64)).await;
        task.abort();
        let _ = task.await;
    }
    // Whatever was abandoned, the next hold goes through at once.
    let next = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        e.bookings.hold_slot(ana, &performer, &e.rate, at(100), NOW),
    )
    .await
    .expect("the database is not left locked");
    next.unwrap();
    let all = entity::bookings::Entity::find().all(&e.db).await.unwrap();
    for booking in &all {
        let events = e.bookings.events(booking.id).await.unwrap();
        let path: Vec<_> = events.iter().map(|ev| ev.to_status.as_str()).collect();
        assert_eq!(path, ["draft", "held"], "booking {}", booking.id);
    }
}

#[tokio::test]
async fn sixty_four_tasks_racing_for_one_slot_get_exactly_one_hold() {
    let e = Arc::new(engine().await);
    let mut users_ids = Vec::new();
    for i in 0..64 {
        users_ids.push(user(&e.db, 100 + i).await);
    }
    let start = at(5);
    let tasks: Vec<_> = users_ids
        .into_iter()
        .map(|uid| {
            let e = e.clone();
            tokio::spawn(async move { e.bookings.hold_slot(uid, &e.performer, &e.rate, start, NOW).await })
        })
        .collect();
    let mut held = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => held += 1,
            Err(BookingError::SlotTaken) | Err(BookingError::SlotNotOffered) => {}
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
    assert_eq!(held, 1);
    assert_eq!(occupying(&e.db).await.len(), 1);
}

async fn occupying(db: &DatabaseConnection) -> Vec<(OffsetDateTime, OffsetDateTime)> {
    entity::bookings::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|b| b.status.occupies_slot())
        .map(|b| (b.starts_at.unwrap(), b.ends_at.unwrap()))
        .collect()
}

#[tokio::test]
async fn a_thousand_random_overlapping_requests_never_overlap() {
    let e = Arc::new(engine().await);
    let uid = user(&e.db, 1).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    // 1,000 requests for 60-minute slots on a 30-minute grid within 12 hours: most overlap.
    let starts: Vec<Timestamp> = (0..1000)
        .map(|_| at(1) + SignedDuration::from_mins(30 * rng.random_range(0..24)))
        .collect();
    let mut held = 0;
    for chunk in starts.chunks(16) {
        let tasks: Vec<_> = chunk
            .iter()
            .map(|&start| {
                let e = e.clone();
                tokio::spawn(
                    async move { e.bookings.hold_slot(uid, &e.performer, &e.rate, start, NOW).await },
                )
            })
            .collect();
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => held += 1,
                // The same user asking again for a time they hold is told so.
                Err(
                    BookingError::SlotTaken | BookingError::SlotNotOffered | BookingError::AlreadyHeld { .. },
                ) => {}
                Err(other) => panic!("unexpected error: {other}"),
            }
        }
    }
    let mut taken = occupying(&e.db).await;
    taken.sort();
    assert_eq!(taken.len(), held);
    assert!(held >= 6, "some requests succeed ({held})");
    for pair in taken.windows(2) {
        assert!(pair[0].1 <= pair[1].0, "overlap: {:?} and {:?}", pair[0], pair[1]);
    }
}

#[tokio::test]
async fn two_expiry_workers_expire_each_hold_exactly_once() {
    let e = Arc::new(engine().await);
    let mut ids = Vec::new();
    for i in 0..20 {
        let uid = user(&e.db, 200 + i).await;
        let held = e
            .bookings
            .hold_slot(uid, &e.performer, &e.rate, at(2 + 2 * i), NOW)
            .await
            .unwrap();
        ids.push(held.booking.id);
    }
    // Not yet due.
    assert!(e
        .bookings
        .expire_due(NOW + time::Duration::minutes(9), 100)
        .await
        .unwrap()
        .is_empty());

    let later = NOW + time::Duration::minutes(11);
    let (a, b) = tokio::join!(
        {
            let e = e.clone();
            async move { e.bookings.expire_due(later, 100).await.unwrap() }
        },
        {
            let e = e.clone();
            async move { e.bookings.expire_due(later, 100).await.unwrap() }
        }
    );
    assert_eq!(a.len() + b.len(), 20, "each hold expired by exactly one worker");
    for id in ids {
        let events = e.bookings.events(id).await.unwrap();
        assert_eq!(
            events
                .iter()
                .filter(|ev| ev.to_status.as_str() == "expired")
                .count(),
            1
        );
        assert_eq!(e.bookings.get(id).await.unwrap().status.as_str(), "expired");
    }
    // The slots are free again.
    assert!(occupying(&e.db).await.is_empty());
    let uid = user(&e.db, 999).await;
    e.bookings
        .hold_slot(uid, &e.performer, &e.rate, at(2), later)
        .await
        .unwrap();
}

#[tokio::test]
async fn start_now_needs_the_performer_online_and_free() {
    let e = engine().await;
    let ana = user(&e.db, 1).await;
    let bob = user(&e.db, 2).await;
    let result = e.bookings.hold_now(ana, &e.performer, &e.rate, NOW).await;
    assert!(
        matches!(result, Err(BookingError::PerformerOffline)),
        "{result:?}"
    );

    profiles::set_online(&e.db, e.performer.id, true, NOW)
        .await
        .unwrap();
    let held = e
        .bookings
        .hold_now(ana, &e.performer, &e.rate, NOW)
        .await
        .unwrap();
    assert_eq!(held.booking.starts_at, Some(NOW));
    let result = e.bookings.hold_now(bob, &e.performer, &e.rate, NOW).await;
    assert!(matches!(result, Err(BookingError::SlotTaken)), "{result:?}");
}

#[tokio::test]
async fn a_late_payment_is_confirmed_if_the_slot_is_free_and_refunded_if_not() {
    let e = engine().await;
    let ana = user(&e.db, 1).await;
    let bob = user(&e.db, 2).await;
    let later = NOW + time::Duration::minutes(15);

    let first = e
        .bookings
        .hold_slot(ana, &e.performer, &e.rate, at(3), NOW)
        .await
        .unwrap();
    e.bookings.expire_due(later, 10).await.unwrap();
    let txn = sea_orm::TransactionTrait::begin(&e.db).await.unwrap();
    let paid = e.bookings.pay_in(&txn, first.booking.id, later).await.unwrap();
    txn.commit().await.unwrap();
    assert_eq!(
        (paid.from, paid.to),
        (BookingStatus::Expired, BookingStatus::Confirmed)
    );

    let second = e
        .bookings
        .hold_slot(ana, &e.performer, &e.rate, at(6), NOW)
        .await
        .unwrap();
    e.bookings.expire_due(later, 10).await.unwrap();
    e.bookings
        .hold_slot(bob, &e.performer, &e.rate, at(6), later)
        .await
        .unwrap();
    let txn = sea_orm::TransactionTrait::begin(&e.db).await.unwrap();
    let paid = e.bookings.pay_in(&txn, second.booking.id, later).await.unwrap();
    txn.commit().await.unwrap();
    assert_eq!(
        (paid.from, paid.to),
        (BookingStatus::Expired, BookingStatus::Refunded)
    );
    assert!(paid.effects.contains(&Effect::Refund));
    assert_eq!(occupying(&e.db).await.len(), 2, "Bob keeps his slot");
}

#[tokio::test]
async fn a_user_cancels_with_a_refund_only_before_the_cut_off_but_a_performer_always_can() {
    let e = engine().await;
    let ana = user(&e.db, 1).await;
    let cutoff = time::Duration::hours(24);
    let confirm = |id| {
        let e = &e;
        async move {
            e.bookings.invoice_sent(id, NOW).await.unwrap();
            let txn = sea_orm::TransactionTrait::begin(&e.db).await.unwrap();
            e.bookings.pay_in(&txn, id, NOW).await.unwrap();
            txn.commit().await.unwrap();
        }
    };
    let soon = e
        .bookings
        .hold_slot(ana, &e.performer, &e.rate, at(5), NOW)
        .await
        .unwrap();
    confirm(soon.booking.id).await;
    let result = e.bookings.cancel(soon.booking.id, Actor::User, cutoff, NOW).await;
    assert!(result.is_err(), "too late for the user");
    let by_performer = e
        .bookings
        .cancel(soon.booking.id, Actor::Performer, cutoff, NOW)
        .await
        .unwrap();
    assert!(by_performer.effects.contains(&Effect::Refund));

    let far = e
        .bookings
        .hold_slot(ana, &e.performer, &e.rate, at(48), NOW)
        .await
        .unwrap();
    confirm(far.booking.id).await;
    let cancelled = e
        .bookings
        .cancel(far.booking.id, Actor::User, cutoff, NOW)
        .await
        .unwrap();
    assert_eq!(cancelled.to, BookingStatus::Cancelled);
    assert!(cancelled.effects.contains(&Effect::Refund));
    let refunded = e
        .bookings
        .apply(
            far.booking.id,
            BookingEvent::RefundCompleted,
            Actor::System,
            None,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(refunded.to, BookingStatus::Refunded);
}

#[tokio::test]
async fn free_slots_leave_out_bookings_and_blocked_dates() {
    let e = engine().await;
    let ana = user(&e.db, 1).await;
    e.bookings
        .hold_slot(ana, &e.performer, &e.rate, at(2), NOW)
        .await
        .unwrap();
    let slots = availability::free_slots(&e.db, &e.performer, to_ts(NOW), at(0), at(6), 60)
        .await
        .unwrap();
    let starts: Vec<_> = slots.iter().map(|s| s.start).collect();
    assert!(starts.contains(&at(0)));
    assert!(!starts.contains(&at(2)));
    assert!(
        !starts.contains(&(at(1) + SignedDuration::from_mins(30))),
        "would overlap the hold"
    );
    assert!(starts.contains(&at(3)));

    // Block tomorrow (local date in Mexico City).
    let tomorrow = availability::local_date(at(24), &jiff::tz::TimeZone::get("America/Mexico_City").unwrap());
    availability::block_dates(&e.db, e.performer.id, tomorrow, tomorrow, NOW)
        .await
        .unwrap();
    let profile = profiles::get(&e.db, e.performer.id).await.unwrap().unwrap();
    let next = availability::free_slots(&e.db, &profile, to_ts(NOW), at(20), at(40), 60)
        .await
        .unwrap();
    let tz = jiff::tz::TimeZone::get("America/Mexico_City").unwrap();
    assert!(next
        .iter()
        .all(|s| availability::local_date(s.start, &tz) != tomorrow));
}

#[tokio::test]
async fn postgres_itself_refuses_overlapping_bookings() {
    if std::env::var("TEST_DATABASE_URL").is_err() {
        return; // The exclusion constraint exists on PostgreSQL only.
    }
    let e = engine().await;
    let ana = user(&e.db, 1).await;
    let held = e
        .bookings
        .hold_slot(ana, &e.performer, &e.rate, at(2), NOW)
        .await
        .unwrap();
    // Bypass the service: a raw insert of an overlapping held booking.
    let sql = format!(
        "INSERT INTO bookings (id, user_id, performer_id, status, starts_at, ends_at, duration_minutes, \
         price, currency, version, created_at, updated_at) VALUES ('{}', {ana}, {}, 'held', \
         '2026-12-07 11:30:00+00', '2026-12-07 12:30:00+00', 60, 500, 'XTR', 0, now(), now())",
        uuid::Uuid::new_v4(),
        held.booking.performer_id
    );
    let result = sea_orm::ConnectionTrait::execute_unprepared(&e.db, &sql).await;
    let message = result.unwrap_err().to_string();
    assert!(message.contains("bookings_no_overlap"), "{message}");
}

#[tokio::test]
async fn one_users_concurrent_holds_cannot_both_pass_the_unpaid_cap() {
    let e = engine().await;
    let ana = user(&e.db, 1).await;
    let capped = e.bookings.clone().with_limits(HoldLimits {
        unpaid: 1,
        per_hour: 100,
    });
    // Different slots, so only the cap can refuse one of them.
    let holds = (0..8).map(|i| {
        let (service, performer, rate) = (capped.clone(), e.performer.clone(), e.rate.clone());
        tokio::spawn(async move {
            service
                .hold_slot(ana, &performer, &rate, at(2 + 2 * i), NOW)
                .await
        })
    });
    let mut held = 0;
    for hold in holds.collect::<Vec<_>>() {
        match hold.await.unwrap() {
            Ok(_) => held += 1,
            Err(BookingError::UnpaidHold { .. }) => {}
            Err(other) => panic!("unexpected refusal: {other}"),
        }
    }
    assert_eq!(held, 1, "exactly one hold passes the cap");
}
