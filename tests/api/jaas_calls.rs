//! JaaS calls with the JaaS webhook set up: signed participant events decide completion and
//! no-shows exactly as Daily's do, and a forged or replayed event changes nothing.

use pnp_live::clock::Clock;
use pnp_live::video::jaas_webhook;
use serde_json::json;

use crate::helpers::{spawn_app_with, TestApp};
use crate::user_flow::{adult, book_now, booking_by_payload, pay_last_invoice, performer, texts_to, NOW};

const SECRET: &str = "jaas-endpoint-secret-for-tests";
const APP_ID: &str = "vpaas-magic-cookie-0123456789abcdef";

async fn jaas_app() -> TestApp {
    let key = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/video/testdata/jaas-test-private.pem"
    );
    let app = spawn_app_with(&[
        ("PNP_VIDEO_PROVIDER", "jaas"),
        ("PNP_JAAS_APP_ID", APP_ID),
        ("PNP_JAAS_KEY_ID", "key-1"),
        ("PNP_JAAS_PRIVATE_KEY", key),
        ("PNP_JAAS_WEBHOOK_SECRET", SECRET),
    ])
    .await;
    app.clock.set(NOW);
    app
}

/// Ana (42) books Maria (500, online) now and pays; the booking's payload and room name.
async fn confirmed_now(app: &TestApp) -> (String, String) {
    performer(app, 500, "Maria", true).await;
    let ana = adult(app, 42, "Ana").await;
    book_now(app, &ana).await;
    let payload = pay_last_invoice(app, &ana, "charge-jaas").await;
    let booking = booking_by_payload(app, &payload).await;
    assert_eq!(booking.room_provider.as_deref(), Some("jaas"));
    (payload, booking.room_name.unwrap())
}

/// A JaaS participant event for `who` (a Telegram id; 500 is the performer, the moderator).
fn participant(kind: &str, key: &str, room: &str, who: i64, at: time::OffsetDateTime) -> serde_json::Value {
    json!({
        "idempotencyKey": key,
        "customerId": "0123456789abcdef",
        "appId": APP_ID,
        "eventType": kind,
        "sessionId": "c3348153-1027-4382-afad-5ae91b433c26",
        "timestamp": (at.unix_timestamp_nanos() / 1_000_000) as i64,
        "fqn": format!("{APP_ID}/{room}"),
        "data": {"moderator": if who == 500 { "true" } else { "false" }, "name": "x",
            "id": who.to_string(), "participantId": format!("p-{who}"), "group": ""}
    })
}

async fn post_jaas(app: &TestApp, body: &serde_json::Value, secret: &str) -> u16 {
    let raw = body.to_string();
    let signature = jaas_webhook::sign(secret, app.clock.now().unix_timestamp(), raw.as_bytes());
    app.client
        .post(format!("{}/jaas/webhook", app.address))
        .header(jaas_webhook::SIGNATURE_HEADER, signature)
        .header("content-type", "application/json")
        .body(raw)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_jaas_call_both_attend_completes_and_nobody_is_asked_whether_it_took_place() {
    let app = jaas_app().await;
    let (payload, room) = confirmed_now(&app).await;
    let end = NOW + time::Duration::minutes(30);
    for event in [
        participant("PARTICIPANT_JOINED", "k1", &room, 42, NOW),
        participant("PARTICIPANT_JOINED", "k2", &room, 500, NOW),
    ] {
        assert_eq!(post_jaas(&app, &event, SECRET).await, 200);
    }
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "in_progress"
    );
    // A redelivery (same idempotency key) counts once.
    assert_eq!(
        post_jaas(
            &app,
            &participant("PARTICIPANT_JOINED", "k2", &room, 500, NOW),
            SECRET
        )
        .await,
        200
    );
    let booking = booking_by_payload(&app, &payload).await;
    let people = pnp_live::services::calls::participants(&app.db, booking.id)
        .await
        .unwrap();
    assert!(people.iter().all(|p| p.sessions == 1), "{people:?}");

    app.clock.set(end);
    for event in [
        participant("PARTICIPANT_LEFT", "k3", &room, 500, end),
        participant("PARTICIPANT_LEFT", "k4", &room, 42, end),
        json!({"idempotencyKey": "k5", "eventType": "ROOM_DESTROYED", "appId": APP_ID,
            "timestamp": (end.unix_timestamp_nanos() / 1_000_000) as i64,
            "fqn": format!("{APP_ID}/{room}"), "data": {"conference": format!("{room}@conference")}}),
    ] {
        assert_eq!(post_jaas(&app, &event, SECRET).await, 200);
    }
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "completed"
    );
    app.clock.set(end + time::Duration::minutes(15));
    app.run_jobs().await;
    assert!(
        !texts_to(&app, 42)
            .iter()
            .any(|t| t.contains("Did it take place?")),
        "the events said it did"
    );
}

#[tokio::test]
async fn a_performer_who_never_joins_a_jaas_call_is_a_no_show_and_the_user_is_refunded() {
    let app = jaas_app().await;
    let (payload, room) = confirmed_now(&app).await;
    assert_eq!(
        post_jaas(
            &app,
            &participant("PARTICIPANT_JOINED", "k1", &room, 42, NOW),
            SECRET
        )
        .await,
        200
    );
    app.clock.advance(time::Duration::minutes(11));
    app.run_jobs().await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "refunded"
    );
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    assert!(texts_to(&app, 42)
        .iter()
        .any(|t| t.contains("did not join your call")));
}

#[tokio::test]
async fn forged_stale_or_unsigned_jaas_events_are_refused_and_change_nothing() {
    let app = jaas_app().await;
    let (payload, room) = confirmed_now(&app).await;
    let event = participant("PARTICIPANT_JOINED", "k1", &room, 500, NOW);
    assert_eq!(post_jaas(&app, &event, "not the secret").await, 401);
    let unsigned = app
        .client
        .post(format!("{}/jaas/webhook", app.address))
        .body(event.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 401);
    // Signed ten minutes ago: a captured delivery replayed later.
    let raw = event.to_string();
    let old = jaas_webhook::sign(SECRET, NOW.unix_timestamp() - 600, raw.as_bytes());
    let replayed = app
        .client
        .post(format!("{}/jaas/webhook", app.address))
        .header(jaas_webhook::SIGNATURE_HEADER, old)
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), 401);
    let booking = booking_by_payload(&app, &payload).await;
    assert!(pnp_live::services::calls::participants(&app.db, booking.id)
        .await
        .unwrap()
        .is_empty());
    // A signed body that is not JSON: 400, and JaaS will retry it.
    let signature = jaas_webhook::sign(SECRET, NOW.unix_timestamp(), b"{oops");
    let broken = app
        .client
        .post(format!("{}/jaas/webhook", app.address))
        .header(jaas_webhook::SIGNATURE_HEADER, signature)
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), 400);
}
