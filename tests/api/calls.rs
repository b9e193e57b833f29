//! Meeting links and call events: Daily rooms with per-person tokens, signed Daily webhooks,
//! in_progress → completed, no-shows with the refund rule, reminders, providers without events.

use base64::Engine;
use pnp_live::clock::Clock;
use pnp_live::video::webhook;
use serde_json::json;

use crate::fake_daily::{FakeDaily, API_KEY};
use crate::helpers::{spawn_app_with, TestApp, TgUser};
use crate::user_flow::{
    adult, book_now, booking_by_payload, join_url, pay_last_invoice, performer, texts_to, NOW,
};

pub(crate) fn webhook_secret() -> String {
    base64::engine::general_purpose::STANDARD.encode(b"daily webhook secret for tests!!")
}

pub(crate) async fn daily_app() -> (TestApp, FakeDaily) {
    let daily = FakeDaily::start().await;
    let secret = webhook_secret();
    let app = spawn_app_with(&[
        ("PNP_VIDEO_PROVIDER", "daily"),
        ("PNP_DAILY_API_URL", &daily.url),
        ("PNP_DAILY_API_KEY", API_KEY),
        ("PNP_DAILY_WEBHOOK_SECRET", &secret),
    ])
    .await;
    app.clock.set(NOW);
    (app, daily)
}

/// Ana books Maria (online) now and pays; returns the booking's invoice payload.
pub(crate) async fn confirmed_now(app: &TestApp) -> (TgUser, TgUser, String) {
    let (maria, _) = performer(app, 500, "Maria", true).await;
    let ana = adult(app, 42, "Ana").await;
    book_now(app, &ana).await;
    let payload = pay_last_invoice(app, &ana, "charge-call").await;
    (ana, maria, payload)
}

pub(crate) async fn post_daily(app: &TestApp, body: &serde_json::Value, timestamp: i64, secret: &str) -> u16 {
    let raw = body.to_string();
    let ts = timestamp.to_string();
    let signature = webhook::sign(secret, &ts, raw.as_bytes()).unwrap();
    app.client
        .post(format!("{}/daily/webhook", app.address))
        .header(webhook::TIMESTAMP_HEADER, ts)
        .header(webhook::SIGNATURE_HEADER, signature)
        .header("content-type", "application/json")
        .body(raw)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

pub(crate) fn joined(id: &str, room: &str, user_id: i64, owner: bool) -> serde_json::Value {
    json!({"version": "1.0.0", "type": "participant.joined", "id": id, "event_ts": NOW.unix_timestamp(),
        "payload": {"room": room, "session_id": format!("s-{user_id}"), "user_id": user_id.to_string(),
            "user_name": "x", "joined_at": NOW.unix_timestamp(), "owner": owner}})
}

pub(crate) fn left(
    id: &str,
    room: &str,
    user_id: i64,
    at: time::OffsetDateTime,
    seconds: i64,
) -> serde_json::Value {
    json!({"version": "1.0.0", "type": "participant.left", "id": id, "event_ts": at.unix_timestamp(),
        "payload": {"room": room, "session_id": format!("s-{user_id}"), "user_id": user_id.to_string(),
            "user_name": "x", "joined_at": NOW.unix_timestamp(), "duration": seconds, "owner": user_id == 500}})
}

/// A meeting event, sent as the call's scheduled end (30 minutes after NOW) comes.
pub(crate) fn meeting(kind: &str, id: &str, room: &str) -> serde_json::Value {
    json!({"version": "1.0.0", "type": kind, "id": id, "event_ts": NOW.unix_timestamp() + 1800,
        "payload": {"room": room, "meeting_id": "m-1", "start_ts": NOW.unix_timestamp(), "end_ts": NOW.unix_timestamp() + 1800}})
}

#[tokio::test]
async fn a_confirmed_booking_gets_a_private_daily_room_with_a_token_per_person() {
    let (app, daily) = daily_app().await;
    let (ana, maria, payload) = confirmed_now(&app).await;
    let booking = booking_by_payload(&app, &payload).await;
    let room = booking.room_name.clone().unwrap();
    assert!(
        room.starts_with("pnp-") && room.len() >= 30,
        "unguessable: {room}"
    );

    let calls = daily.calls();
    let create = calls.iter().find(|c| c.path == "/rooms").unwrap();
    assert_eq!(create.body["privacy"], "private");
    let props = &create.body["properties"];
    assert_eq!(props["max_participants"], 2);
    assert_eq!(props["eject_at_room_exp"], true);
    assert_eq!(props["nbf"], NOW.unix_timestamp() - 600);
    assert_eq!(props["exp"], NOW.unix_timestamp() + 30 * 60 + 15 * 60);
    let tokens: Vec<_> = calls.iter().filter(|c| c.path == "/meeting-tokens").collect();
    assert_eq!(tokens.len(), 2);
    for t in &tokens {
        assert_eq!(t.body["properties"]["room_name"], room.as_str());
    }
    let owner = tokens
        .iter()
        .find(|t| t.body["properties"]["is_owner"] == true)
        .unwrap();
    assert_eq!(owner.body["properties"]["user_id"], maria.id.to_string());

    assert_eq!(
        join_url(&app, ana.id, "Booking confirmed"),
        format!("https://pnp.daily.co/{room}?t=tok.42.guest")
    );
    let performer_link = join_url(&app, maria.id, "New booking");
    assert!(performer_link.ends_with("?t=tok.500.owner"), "{performer_link}");
}

#[tokio::test]
async fn a_failed_room_creation_keeps_the_booking_tells_the_admins_and_is_retried() {
    let (app, daily) = daily_app().await;
    daily.fail_next(500, 3);
    let (ana, _, payload) = confirmed_now(&app).await;
    let booking = booking_by_payload(&app, &payload).await;
    assert_eq!(booking.status.as_str(), "confirmed");
    assert!(booking.links_sent_at.is_none());
    assert!(texts_to(&app, ana.id)
        .iter()
        .any(|t| t.contains("link is on its way")));
    let admin = texts_to(&app, crate::helpers::SUPERADMIN);
    assert!(
        admin
            .iter()
            .any(|t| t.contains("Could not create the video room")),
        "{admin:?}"
    );

    app.clock.advance(time::Duration::minutes(3));
    app.run_jobs().await;
    let booking = booking_by_payload(&app, &payload).await;
    assert!(booking.links_sent_at.is_some());
    assert!(texts_to(&app, ana.id)
        .iter()
        .any(|t| t.contains("Booking confirmed")));
}

#[tokio::test]
async fn daily_webhooks_need_a_good_fresh_signature_and_the_probe_passes() {
    let (app, _daily) = daily_app().await;
    let secret = webhook_secret();
    let now = app.clock.now().unix_timestamp();
    let body = meeting("meeting.started", "ev-x", "unknown-room");
    assert_eq!(post_daily(&app, &body, now, &secret).await, 200);
    let wrong = base64::engine::general_purpose::STANDARD.encode(b"another secret entirely, 32 b!!");
    assert_eq!(post_daily(&app, &body, now, &wrong).await, 401);
    assert_eq!(post_daily(&app, &body, now - 6 * 60, &secret).await, 401, "stale");
    let unsigned = app
        .client
        .post(format!("{}/daily/webhook", app.address))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 401);
    let probe = app
        .client
        .post(format!("{}/daily/webhook", app.address))
        .body(r#"{"test":"test"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(probe.status(), 200);
}

#[tokio::test]
async fn both_joining_starts_the_call_and_meeting_ended_completes_it_once() {
    let (app, daily) = daily_app().await;
    let (_, _, payload) = confirmed_now(&app).await;
    let room = booking_by_payload(&app, &payload).await.room_name.unwrap();
    let secret = webhook_secret();
    let now = app.clock.now().unix_timestamp();
    assert_eq!(
        post_daily(&app, &joined("ev-1", &room, 42, false), now, &secret).await,
        200
    );
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed",
        "one side only"
    );
    assert_eq!(
        post_daily(&app, &joined("ev-2", &room, 500, true), now, &secret).await,
        200
    );
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "in_progress"
    );
    // A replayed event counts once.
    assert_eq!(
        post_daily(&app, &joined("ev-2", &room, 500, true), now, &secret).await,
        200
    );
    let booking = booking_by_payload(&app, &payload).await;
    let people = pnp_live::services::calls::participants(&app.db, booking.id)
        .await
        .unwrap();
    assert_eq!(people.len(), 2);
    assert!(people.iter().all(|p| p.sessions == 1));

    assert_eq!(
        post_daily(&app, &meeting("meeting.ended", "ev-3", &room), now, &secret).await,
        200
    );
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "completed"
    );
    // The room is deleted in the background, after Daily got its answer.
    let deleted = format!("/rooms/{room}");
    for _ in 0..100 {
        if daily
            .calls()
            .iter()
            .any(|c| c.method == "DELETE" && c.path == deleted)
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the room was not deleted: {:?}", daily.calls());
}

#[tokio::test]
async fn two_seconds_of_presence_do_not_complete_a_paid_call() {
    let (app, _daily) = daily_app().await;
    let (_, maria, payload) = confirmed_now(&app).await;
    let room = booking_by_payload(&app, &payload).await.room_name.unwrap();
    let secret = webhook_secret();
    let now = app.clock.now().unix_timestamp();
    let gone = NOW + time::Duration::seconds(2);
    for (id, event) in [
        ("ev-j1", joined("ev-j1", &room, 42, false)),
        ("ev-j2", joined("ev-j2", &room, 500, true)),
        ("ev-l1", left("ev-l1", &room, 500, gone, 2)),
        ("ev-l2", left("ev-l2", &room, 42, gone, 2)),
        ("ev-end", meeting("meeting.ended", "ev-end", &room)),
    ] {
        assert_eq!(post_daily(&app, &event, now, &secret).await, 200, "{id}");
    }
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "in_progress",
        "an ended meeting of two seconds is not a completed call"
    );
    // After the scheduled end and the grace: the performer left at once, so she is the no-show.
    app.clock.set(NOW + time::Duration::minutes(45));
    app.run_jobs().await;
    let booking = booking_by_payload(&app, &payload).await;
    assert!(
        matches!(booking.status.as_str(), "no_show" | "refunded"),
        "{}",
        booking.status.as_str()
    );
    assert_eq!(
        app.telegram.calls_to("refundStarPayment").len(),
        1,
        "Ana is refunded"
    );
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("marked as a no-show")));
}

#[tokio::test]
async fn a_performer_who_never_joins_is_a_no_show_and_the_user_is_refunded() {
    let (app, _daily) = daily_app().await;
    let (ana, maria, payload) = confirmed_now(&app).await;
    let room = booking_by_payload(&app, &payload).await.room_name.unwrap();
    let now = app.clock.now().unix_timestamp();
    post_daily(&app, &joined("ev-1", &room, 42, false), now, &webhook_secret()).await;

    app.clock.advance(time::Duration::minutes(9));
    app.run_jobs().await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed",
        "still within grace"
    );
    app.clock.advance(time::Duration::minutes(2));
    app.run_jobs().await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "refunded"
    );
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    assert!(texts_to(&app, ana.id)
        .iter()
        .any(|t| t.contains("did not join your call")));
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("You did not join")));
    assert!(texts_to(&app, crate::helpers::SUPERADMIN)
        .iter()
        .any(|t| t.contains("No-show")));
    app.run_jobs().await;
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1, "once");
}

#[tokio::test]
async fn a_user_who_never_joins_is_a_no_show_and_the_performer_keeps_the_payment() {
    let (app, _daily) = daily_app().await;
    let (ana, maria, payload) = confirmed_now(&app).await;
    let room = booking_by_payload(&app, &payload).await.room_name.unwrap();
    let now = app.clock.now().unix_timestamp();
    post_daily(&app, &joined("ev-1", &room, 500, true), now, &webhook_secret()).await;
    app.clock.advance(time::Duration::minutes(11));
    app.run_jobs().await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "no_show"
    );
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());
    assert!(texts_to(&app, ana.id)
        .iter()
        .any(|t| t.contains("payment is not refunded")));
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("you keep the payment")));
}

#[tokio::test]
async fn without_call_events_a_call_completes_at_its_end_and_nobody_is_called_absent() {
    let app = spawn_app_with(&[]).await; // meet: public rooms, no events
    app.clock.set(NOW);
    let (_, _, payload) = confirmed_now(&app).await;
    app.clock.advance(time::Duration::minutes(20));
    app.run_jobs().await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "confirmed"
    );
    app.clock.advance(time::Duration::minutes(25));
    app.run_jobs().await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "completed"
    );
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());
}

#[tokio::test]
async fn reminders_go_to_both_sides_once_each_even_across_a_restart() {
    let app = spawn_app_with(&[]).await;
    app.clock.set(NOW);
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    // Thursday 10 Dec 12:00 Mexico City = 18:00 UTC, booked three days ahead.
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Thu 10 ·").await;
    app.press_button(&ana, "12:00").await;
    pay_last_invoice(&app, &ana, "charge-r").await;
    let reminders = |app: &TestApp, who: i64| {
        texts_to(app, who)
            .into_iter()
            .filter(|t| t.starts_with('⏰') || t.starts_with('📹'))
            .collect::<Vec<_>>()
    };
    // The app's own job worker shares the test's clock and may take a due reminder a moment
    // before the test's run_jobs does; either way it is sent once, so wait (bounded) for it.
    async fn settle(app: &TestApp, who: i64, n: usize, reminders: impl Fn(&TestApp, i64) -> Vec<String>) {
        for _ in 0..200 {
            if reminders(app, who).len() >= n {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
    }

    app.clock.set(time::macros::datetime!(2026-12-09 18:30 UTC));
    app.run_jobs().await;
    app.run_jobs().await;
    settle(&app, ana.id, 1, reminders).await;
    settle(&app, maria.id, 1, reminders).await;
    assert_eq!(reminders(&app, ana.id).len(), 1);
    assert!(reminders(&app, ana.id)[0].contains("Tomorrow"));
    assert_eq!(reminders(&app, maria.id).len(), 1);

    let app = app.restart().await;
    app.clock.set(time::macros::datetime!(2026-12-10 17:50 UTC));
    app.run_jobs().await;
    app.run_jobs().await;
    settle(&app, ana.id, 2, reminders).await;
    assert_eq!(reminders(&app, ana.id).len(), 2);
    assert!(reminders(&app, ana.id)[1].contains("In 15 minutes"));

    app.clock.set(time::macros::datetime!(2026-12-10 18:00 UTC));
    app.run_jobs().await;
    app.run_jobs().await;
    settle(&app, ana.id, 3, reminders).await;
    settle(&app, maria.id, 3, reminders).await;
    let ana_reminders = reminders(&app, ana.id);
    assert_eq!(ana_reminders.len(), 3);
    assert!(ana_reminders[2].contains("starts now"));
    let link = join_url(&app, ana.id, "starts now");
    assert!(link.starts_with("https://meet.jit.si/"), "{link}");
    assert_eq!(
        link,
        join_url(&app, ana.id, "Booking confirmed"),
        "one link for the booking"
    );
    assert_eq!(reminders(&app, maria.id).len(), 3);
    assert!(reminders(&app, maria.id)[2].contains("@") || reminders(&app, maria.id)[2].contains("Ana"));
}
