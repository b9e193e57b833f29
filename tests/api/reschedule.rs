//! Moving a confirmed booking: the user picks a new time in the booking picker (old and new time
//! shown with zones, then Confirm), or takes one of up to three times the performer proposed, or
//! declines them for a full refund. The move takes the new slot and frees the old one in one
//! step; the room, links, .ics and reminders follow the new time; races lose plainly.

use entity::booking_events;
use pnp_live::services::{profiles, users};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use time::macros::datetime;
use time::OffsetDateTime;

use crate::fake_daily::{FakeDaily, API_KEY};
use crate::fake_telegram::Call;
use crate::helpers::{spawn_app_tweaked, spawn_app_with, TestApp, TgUser};
use crate::user_flow::{adult, booking_by_payload, pay_last_invoice, performer, texts_to, NOW};

/// Thu 10 Dec 12:00 in Mexico City, where Ana books it.
const BOOKED: OffsetDateTime = datetime!(2026-12-10 18:00 UTC);
/// Fri 11 Dec, the same hour: where it moves.
const MOVED: OffsetDateTime = datetime!(2026-12-11 18:00 UTC);

fn minute(at: OffsetDateTime) -> i64 {
    at.unix_timestamp() / 60
}

async fn app_with(env: &[(&str, &str)]) -> TestApp {
    let app = spawn_app_with(env).await;
    app.clock.set(NOW);
    app
}

/// Ana books Maria for Thu 10 Dec 12:00 Mexico City and pays; the booking's invoice payload.
async fn booked(app: &TestApp) -> (TgUser, TgUser, String) {
    let (maria, pid) = performer(app, 500, "Maria", false).await;
    let ana = adult(app, 42, "Ana").await;
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Thu 10 ·").await;
    app.press_button(&ana, "12:00").await;
    let payload = pay_last_invoice(app, &ana, "charge-move").await;
    assert_eq!(booking_by_payload(app, &payload).await.starts_at, Some(BOOKED));
    (ana, maria, payload)
}

async fn hex(app: &TestApp, payload: &str) -> String {
    booking_by_payload(app, payload).await.id.simple().to_string()
}

/// The calendar files sent to `chat`.
fn documents_to(app: &TestApp, chat: i64) -> Vec<String> {
    app.telegram
        .calls_to("sendDocument")
        .into_iter()
        .filter(|c: &Call| c.chat_id() == Some(chat))
        .map(|c| {
            c.body["document"]["content"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

fn field<'a>(ics: &'a str, name: &str) -> &'a str {
    ics.lines()
        .find_map(|l| l.strip_prefix(name))
        .unwrap_or_else(|| panic!("no {name} in {ics}"))
        .trim()
}

async fn events(app: &TestApp, payload: &str) -> Vec<booking_events::Model> {
    let id = booking_by_payload(app, payload).await.id;
    booking_events::Entity::find()
        .filter(booking_events::Column::BookingId.eq(id))
        .order_by_asc(booking_events::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn moves(app: &TestApp, payload: &str) -> usize {
    events(app, payload)
        .await
        .iter()
        .filter(|e| e.event == "reschedule")
        .count()
}

/// Ana's reschedule path in English up to the confirm screen for `to` (Mexico City times).
async fn pick_new_time(app: &TestApp, ana: &TgUser, day: &str, time: &str) {
    app.send_text(ana, "/bookings").await;
    app.press_button(ana, "Thu 10 Dec").await;
    app.press_button(ana, "Reschedule").await;
    app.press_button(ana, day).await;
    app.press_button(ana, time).await;
}

#[tokio::test]
async fn a_portuguese_user_in_sao_paulo_moves_her_call_with_a_performer_in_madrid_and_the_daily_room_follows()
{
    let daily = FakeDaily::start().await;
    let app = app_with(&[
        ("PNP_VIDEO_PROVIDER", "daily"),
        ("PNP_DAILY_API_URL", &daily.url),
        ("PNP_DAILY_API_KEY", API_KEY),
    ])
    .await;
    let (ana, maria, payload) = booked(&app).await;
    let pid = booking_by_payload(&app, &payload).await.performer_id;
    profiles::set_timezone(&app.db, pid, "Europe/Madrid", NOW)
        .await
        .unwrap();
    let row = users::find_by_telegram_id(&app.db, ana.id)
        .await
        .unwrap()
        .unwrap();
    users::set_timezone(&app.db, row.id, "America/Sao_Paulo", NOW)
        .await
        .unwrap();
    users::set_language(&app.db, row.id, "pt", NOW).await.unwrap();
    let before = booking_by_payload(&app, &payload).await;
    let room = before.room_name.clone().unwrap();
    let id = hex(&app, &payload).await;

    app.press(&ana, &format!("u:k:k:{id}")).await;
    app.press_button(&ana, "Remarcar").await;
    assert!(
        app.telegram
            .last_message_to(ana.id)
            .text()
            .contains("(America/Sao_Paulo)"),
        "{}",
        app.telegram.last_message_to(ana.id).text()
    );
    app.press(&ana, &format!("u:b:md:{id}:20261211")).await;
    // 18:00 UTC is 15:00 in São Paulo.
    app.press_button(&ana, "15:00").await;
    let confirm = app.telegram.last_message_to(ana.id).text().to_owned();
    assert!(
        confirm.contains("De: ") && confirm.contains("Para: "),
        "old and new time: {confirm}"
    );
    assert_eq!(
        confirm.matches("15:00 (America/Sao_Paulo)").count(),
        2,
        "{confirm}"
    );
    app.press_button(&ana, "Sim, remarcar").await;
    assert!(
        texts_to(&app, ana.id).iter().any(|t| t.contains("Remarcada!")),
        "{:?}",
        texts_to(&app, ana.id)
    );

    let after = booking_by_payload(&app, &payload).await;
    assert_eq!(after.status.as_str(), "confirmed");
    assert_eq!(
        (after.starts_at, after.ends_at),
        (Some(MOVED), Some(MOVED + time::Duration::minutes(30)))
    );
    assert_eq!(after.reschedules, 1);
    assert_eq!(
        after.room_name.as_deref(),
        Some(room.as_str()),
        "the same room, moved"
    );
    let moved_event = events(&app, &payload).await.pop().unwrap();
    assert_eq!(
        (
            moved_event.event.as_str(),
            moved_event.from_status.map(|s| s.as_str()),
            moved_event.to_status.as_str()
        ),
        ("reschedule", Some("confirmed"), "confirmed")
    );
    let reason = moved_event.reason.unwrap();
    assert!(
        reason.contains("2026-12-10T18:00:00Z") && reason.contains("2026-12-11T18:00:00Z"),
        "{reason}"
    );

    // Daily: the room opens and closes around the new time, and both tokens are made for it.
    let calls = daily.calls();
    let update = calls
        .iter()
        .find(|c| c.method == "POST" && c.path == format!("/rooms/{room}"))
        .expect("the room is moved");
    assert_eq!(update.body["properties"]["nbf"], MOVED.unix_timestamp() - 600);
    assert_eq!(update.body["properties"]["exp"], MOVED.unix_timestamp() + 45 * 60);
    let tokens: Vec<_> = calls.iter().filter(|c| c.path == "/meeting-tokens").collect();
    assert_eq!(tokens.len(), 4, "two for the first time, two for the new one");
    for t in &tokens[2..] {
        assert_eq!(t.body["properties"]["nbf"], MOVED.unix_timestamp() - 600);
    }

    // Both are told, each in their language and zone, with a Join button.
    let told = app.telegram.last_message_to(ana.id);
    let told = texts_to(&app, ana.id)
        .into_iter()
        .find(|t| t.contains("Sua chamada foi remarcada"))
        .unwrap_or_else(|| panic!("Ana is told: {:?}", told.text()));
    assert!(
        told.contains("15:00 (America/Sao_Paulo)") && told.contains("Antes:"),
        "{told}"
    );
    let performer_told = texts_to(&app, maria.id)
        .into_iter()
        .find(|t| t.contains("Call moved"))
        .expect("Maria is told");
    assert!(
        performer_told.contains("Fri 11 Dec, 19:00 (Europe/Madrid)")
            && performer_told.contains("Thu 10 Dec, 19:00 (Europe/Madrid)"),
        "{performer_told}"
    );

    // A new .ics each: the same event, a higher SEQUENCE, the new time.
    for who in [ana.id, maria.id] {
        let files = documents_to(&app, who);
        assert_eq!(files.len(), 2, "{who}");
        assert_eq!(field(&files[0], "UID:"), field(&files[1], "UID:"));
        let seq = |ics: &str| field(ics, "SEQUENCE:").parse::<i32>().unwrap();
        assert!(seq(&files[1]) > seq(&files[0]), "{who}");
        assert_eq!(field(&files[1], "DTSTART:"), "20261211T180000Z");
        assert!(files[1].contains("METHOD:PUBLISH"));
    }

    // The old time is free again, the new one taken: Bob can book Thu 12:00, not Fri 12:00.
    let bob = adult(&app, 43, "Bob").await;
    app.press(&bob, &format!("u:b:b:{pid}")).await;
    app.press_button(&bob, "30 min").await;
    app.press_button(&bob, "Schedule").await;
    app.press(
        &bob,
        &format!("u:b:t:{pid}:{}:{}", rate_of(&app, pid).await, minute(MOVED)),
    )
    .await;
    assert!(texts_to(&app, bob.id)
        .iter()
        .any(|t| t.contains("someone else just took that time")));
    app.press(
        &bob,
        &format!("u:b:t:{pid}:{}:{}", rate_of(&app, pid).await, minute(BOOKED)),
    )
    .await;
    assert_eq!(
        app.telegram
            .calls_to("sendInvoice")
            .iter()
            .filter(|c| c.chat_id() == Some(bob.id))
            .count(),
        1,
        "the old time was freed"
    );
}

async fn rate_of(app: &TestApp, pid: i64) -> i64 {
    profiles::rates(&app.db, pid)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.duration_minutes == 30)
        .unwrap()
        .id
}

#[tokio::test]
async fn reminders_follow_the_new_time_and_one_sent_for_the_old_time_does_not_block_them() {
    let app = spawn_app_tweaked(&[], |c| c.payments.cancel_cutoff_hours = 2).await;
    app.clock.set(NOW);
    let (ana, maria, payload) = booked(&app).await;
    let reminders = |who: i64, kind: &str| texts_to(&app, who).iter().filter(|t| t.contains(kind)).count();
    // The day before the old time: its reminder goes out.
    app.clock.set(BOOKED - time::Duration::hours(24));
    app.run_jobs().await;
    assert_eq!(reminders(ana.id, "⏰ Tomorrow"), 1);
    // Moved to Sat 12 Dec, 12:00 Mexico City.
    let saturday = BOOKED + time::Duration::days(2);
    let id = hex(&app, &payload).await;
    app.press(&ana, &format!("u:b:my:{id}:{}", minute(saturday)))
        .await;
    assert_eq!(booking_by_payload(&app, &payload).await.starts_at, Some(saturday));
    // At the old time's quarter-hour nothing comes; the new time gets its own reminders.
    app.clock.set(BOOKED - time::Duration::minutes(15));
    app.run_jobs().await;
    assert_eq!(reminders(ana.id, "⏰ In 15 minutes"), 0);
    app.clock.set(saturday - time::Duration::hours(24));
    app.run_jobs().await;
    assert_eq!(reminders(ana.id, "⏰ Tomorrow"), 2, "the new time's day-before");
    assert_eq!(reminders(maria.id, "⏰ Tomorrow"), 2);
    app.clock.set(saturday - time::Duration::minutes(15));
    app.run_jobs().await;
    let quarter: Vec<_> = texts_to(&app, ana.id)
        .into_iter()
        .filter(|t| t.contains("⏰ In 15 minutes"))
        .collect();
    assert_eq!(quarter.len(), 1);
    assert!(
        quarter[0].contains("Sat 12 Dec, 12:00 (America/Mexico_City)"),
        "{}",
        quarter[0]
    );
}

#[tokio::test]
async fn the_confirm_screen_shows_both_times_with_the_zone_and_a_double_tap_moves_once() {
    let app = app_with(&[]).await;
    let (ana, maria, payload) = booked(&app).await;
    pick_new_time(&app, &ana, "Fri 11 ·", "12:00").await;
    let confirm = app.telegram.last_message_to(ana.id).text().to_owned();
    assert!(
        confirm.contains("From: Thu 10 Dec, 12:00 (America/Mexico_City)")
            && confirm.contains("To: Fri 11 Dec, 12:00 (America/Mexico_City)"),
        "{confirm}"
    );
    let yes = app.telegram.last_message_to(ana.id).button_data("Yes, move it");
    app.press(&ana, &yes).await;
    app.press(&ana, &yes).await;
    assert_eq!(moves(&app, &payload).await, 1);
    assert_eq!(booking_by_payload(&app, &payload).await.reschedules, 1);
    assert_eq!(
        texts_to(&app, maria.id)
            .iter()
            .filter(|t| t.contains("Call moved"))
            .count(),
        1,
        "one notice"
    );
    // The second tap shows the booking where it now is.
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("Fri 11 Dec, 12:00 (America/Mexico_City)"));
}

#[tokio::test]
async fn the_move_limit_and_the_cut_off_are_explained() {
    let app = app_with(&[("PNP_MAX_RESCHEDULES", "1")]).await;
    let (ana, _maria, payload) = booked(&app).await;
    let id = hex(&app, &payload).await;
    app.press(&ana, &format!("u:b:my:{id}:{}", minute(MOVED))).await;
    app.press(&ana, &format!("u:k:k:{id}")).await;
    app.press_button(&ana, "Reschedule").await;
    assert!(
        app.telegram
            .last_message_to(ana.id)
            .text()
            .contains("already moved as often as allowed (1 times)"),
        "{}",
        app.telegram.last_message_to(ana.id).text()
    );
    // A forged confirm is refused the same way.
    app.press(&ana, &format!("u:b:my:{id}:{}", minute(BOOKED))).await;
    assert_eq!(booking_by_payload(&app, &payload).await.starts_at, Some(MOVED));
    app.press_button(&ana, "Back").await;

    app.clock.set(MOVED - time::Duration::hours(5));
    app.press(&ana, &format!("u:k:k:{id}")).await;
    app.press_button(&ana, "Reschedule").await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("can no longer be moved"));
}

#[tokio::test]
async fn a_cancel_and_a_move_on_stale_screens_each_lose_plainly() {
    let app = app_with(&[]).await;
    let (ana, _maria, payload) = booked(&app).await;
    let id = hex(&app, &payload).await;
    // Cancelled first: the move confirmed afterwards on the old screen is refused.
    pick_new_time(&app, &ana, "Fri 11 ·", "12:00").await;
    let yes = app.telegram.last_message_to(ana.id).button_data("Yes, move it");
    app.press(&ana, &format!("u:k:y:{id}")).await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "refunded"
    );
    app.press(&ana, &yes).await;
    assert!(
        app.telegram
            .last_message_to(ana.id)
            .text()
            .contains("can no longer be moved"),
        "{}",
        app.telegram.last_message_to(ana.id).text()
    );
    assert_eq!(moves(&app, &payload).await, 0);
}

#[tokio::test]
async fn a_cancel_pressed_after_a_move_cancels_nothing_and_says_where_the_call_is() {
    let app = app_with(&[]).await;
    let (ana, maria, payload) = booked(&app).await;
    let id = hex(&app, &payload).await;
    app.send_text(&ana, "/bookings").await;
    app.press_button(&ana, "Thu 10 Dec").await;
    app.press_button(&ana, "Cancel booking").await;
    let cancel = app.telegram.last_message_to(ana.id).button_data("Yes, cancel");
    app.press(&ana, &format!("u:b:my:{id}:{}", minute(MOVED))).await;
    app.press(&ana, &cancel).await;
    let told = app.telegram.last_message_to(ana.id).text().to_owned();
    assert!(
        told.contains("Nothing was cancelled") && told.contains("Fri 11 Dec, 12:00 (America/Mexico_City)"),
        "{told}"
    );
    let b = booking_by_payload(&app, &payload).await;
    assert_eq!((b.status.as_str(), b.starts_at), ("confirmed", Some(MOVED)));
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());
    assert!(!texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("cancelled the call")));
}

#[tokio::test]
async fn a_move_and_a_cancel_at_once_exactly_one_wins() {
    let app = app_with(&[]).await;
    let (ana, _maria, payload) = booked(&app).await;
    let id = hex(&app, &payload).await;
    let (move_yes, cancel_yes) = (
        format!("u:b:my:{id}:{}", minute(MOVED)),
        // The cancel button as the policy screen draws it (for a booking not moved yet).
        format!("u:k:w:{id}:0"),
    );
    tokio::join!(app.press(&ana, &move_yes), app.press(&ana, &cancel_yes));
    let b = booking_by_payload(&app, &payload).await;
    let names: Vec<String> = events(&app, &payload)
        .await
        .into_iter()
        .map(|e| e.event)
        .collect();
    let moved = names.iter().filter(|e| *e == "reschedule").count();
    let cancelled = names.iter().filter(|e| *e == "cancel").count();
    assert_eq!(moved + cancelled, 1, "{names:?}");
    let texts = texts_to(&app, ana.id);
    if moved == 1 {
        assert_eq!((b.status.as_str(), b.starts_at), ("confirmed", Some(MOVED)));
        assert!(
            texts.iter().any(|t| t.contains("Nothing was cancelled")),
            "{texts:?}"
        );
    } else {
        assert_eq!(b.starts_at, Some(BOOKED));
        assert!(
            texts.iter().any(|t| t.contains("can no longer be moved")),
            "{texts:?}"
        );
    }
}

#[tokio::test]
async fn a_move_and_another_users_hold_of_that_time_at_once_exactly_one_gets_it() {
    let app = app_with(&[]).await;
    let (ana, _maria, payload) = booked(&app).await;
    let pid = booking_by_payload(&app, &payload).await.performer_id;
    let rate = rate_of(&app, pid).await;
    let id = hex(&app, &payload).await;
    let bob = adult(&app, 43, "Bob").await;
    let (move_yes, hold) = (
        format!("u:b:my:{id}:{}", minute(MOVED)),
        format!("u:b:t:{pid}:{rate}:{}", minute(MOVED)),
    );
    tokio::join!(app.press(&ana, &move_yes), app.press(&bob, &hold));
    let ana_moved = booking_by_payload(&app, &payload).await.starts_at == Some(MOVED);
    let bob_held = app
        .telegram
        .calls_to("sendInvoice")
        .iter()
        .any(|c| c.chat_id() == Some(bob.id));
    assert!(
        ana_moved != bob_held,
        "exactly one: ana {ana_moved}, bob {bob_held}"
    );
    if ana_moved {
        assert!(texts_to(&app, bob.id)
            .iter()
            .any(|t| t.contains("someone else just took that time")));
    } else {
        let texts = texts_to(&app, ana.id);
        assert!(
            texts.iter().any(|t| t.contains(
                "that time was just taken. Your call stays on Thu 10 Dec, 12:00 (America/Mexico_City)"
            )),
            "{texts:?}"
        );
    }
}

/// Maria proposes Fri 11 Dec 12:00 and 13:00 (Mexico City) for Ana's Thursday call.
async fn propose(app: &TestApp, maria: &TgUser) {
    app.send_text(maria, "/pnp_live").await;
    app.press_button(maria, "Upcoming calls").await;
    app.press_button(maria, "· Ana").await;
    app.press_button(maria, "Propose new times").await;
    app.press_button(maria, "Fri 11 ·").await;
    app.press_button(maria, "12:00").await;
    app.press_button(maria, "13:00").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("Picked: 2/3"));
    app.press_button(maria, "Send to").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("Sent to Ana"));
}

fn is_proposal(c: &Call) -> bool {
    c.text().contains("asks to move your call")
}

#[tokio::test]
async fn the_performer_proposes_times_one_is_taken_meanwhile_and_the_user_takes_another() {
    let app = app_with(&[]).await;
    let (ana, maria, payload) = booked(&app).await;
    let pid = booking_by_payload(&app, &payload).await.performer_id;
    propose(&app, &maria).await;
    let offer = app.telegram.last_message_to(ana.id);
    assert!(is_proposal(&offer), "{}", offer.text());
    assert!(offer.text().contains("Thu 10 Dec, 12:00 (America/Mexico_City)"));
    let buttons = offer.buttons();
    assert!(
        buttons.iter().any(|b| b.contains("Fri 11 Dec, 12:00")),
        "{buttons:?}"
    );
    assert!(buttons.iter().any(|b| b.contains("Fri 11 Dec, 13:00")));
    assert!(buttons.iter().any(|b| b.contains("Keep the original time")));
    assert!(buttons.iter().any(|b| b.contains("Decline")));
    // The booking keeps its slot meanwhile.
    assert_eq!(booking_by_payload(&app, &payload).await.starts_at, Some(BOOKED));

    // Bob takes Fri 12:00 before Ana answers: proposals are not holds.
    let bob = adult(&app, 43, "Bob").await;
    let rate = rate_of(&app, pid).await;
    app.press(&bob, &format!("u:b:t:{pid}:{rate}:{}", minute(MOVED)))
        .await;
    app.press_under(&ana, is_proposal, "Fri 11 Dec, 12:00").await;
    app.press_button(&ana, "Yes, move it").await;
    let texts = texts_to(&app, ana.id);
    assert!(
        texts.iter().any(|t| t.contains("that time was just taken")),
        "{texts:?}"
    );
    let again = app.telegram.last_message_to(ana.id);
    assert!(is_proposal(&again));
    assert!(
        !again.buttons().iter().any(|b| b.contains("12:00")),
        "the taken one is gone"
    );
    app.press_button(&ana, "Fri 11 Dec, 13:00").await;
    app.press_button(&ana, "Yes, move it").await;
    let b = booking_by_payload(&app, &payload).await;
    assert_eq!(b.starts_at, Some(MOVED + time::Duration::hours(1)));
    let reason = events(&app, &payload).await.pop().unwrap().reason.unwrap();
    assert!(reason.contains("performer proposed"), "{reason}");
    assert!(texts_to(&app, maria.id).iter().any(|t| t.contains("Call moved")));
    // The proposal is spent: its buttons move nothing now.
    app.press(&ana, &format!("u:k:d:{}", b.id.simple())).await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("no longer open"));
}

#[tokio::test]
async fn declining_the_proposed_times_cancels_with_a_full_refund_even_past_the_cut_off() {
    let app = app_with(&[]).await;
    let (ana, maria, payload) = booked(&app).await;
    propose(&app, &maria).await;
    app.clock.set(BOOKED - time::Duration::hours(3));
    app.press_under(&ana, is_proposal, "Decline").await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("full refund"));
    app.press_button(&ana, "Yes, cancel with a full refund").await;
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "refunded"
    );
    let names: Vec<String> = events(&app, &payload)
        .await
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert!(names.contains(&"decline_reschedule".to_owned()), "{names:?}");
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("Ana declined the times you proposed")));
}

#[tokio::test]
async fn keeping_the_original_time_closes_the_proposal_and_tells_the_performer() {
    let app = app_with(&[]).await;
    let (ana, maria, payload) = booked(&app).await;
    propose(&app, &maria).await;
    app.press_under(&ana, is_proposal, "Keep the original time").await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("stays on Thu 10 Dec, 12:00 (America/Mexico_City)"));
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("Ana keeps the original time")));
    // Closed: the booking shows no proposed times any more; it stays where it was.
    let b = booking_by_payload(&app, &payload).await;
    app.press(&ana, &format!("u:k:k:{}", b.id.simple())).await;
    assert!(!app
        .telegram
        .last_message_to(ana.id)
        .buttons()
        .iter()
        .any(|l| l.contains("Times proposed")));
    app.press(&ana, &format!("u:k:z:{}", b.id.simple())).await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("no longer open"));
    let b = booking_by_payload(&app, &payload).await;
    assert_eq!(
        (b.status.as_str(), b.starts_at, b.reschedules),
        ("confirmed", Some(BOOKED), 0)
    );
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());
}

#[tokio::test]
async fn a_performers_cancel_and_the_users_move_at_once_exactly_one_wins_and_the_loser_is_told() {
    use pnp_live::domain::booking::Actor;
    use pnp_live::services::booking::{BookingError, BookingService};
    let app = app_with(&[]).await;
    let (ana, _maria, payload) = booked(&app).await;
    let id = booking_by_payload(&app, &payload).await.id;
    // The performer's cancel as her screen saw the booking: not moved yet.
    let service = BookingService::new(app.db.clone(), 10);
    let move_yes = format!("u:b:my:{}:{}", id.simple(), minute(MOVED));
    let (_, cancelled) = tokio::join!(
        app.press(&ana, &move_yes),
        service.cancel_seen(id, Actor::Performer, time::Duration::hours(24), Some(0), NOW)
    );
    let names: Vec<String> = events(&app, &payload)
        .await
        .into_iter()
        .map(|e| e.event)
        .collect();
    let moved = names.iter().filter(|e| *e == "reschedule").count();
    let cancels = names.iter().filter(|e| *e == "cancel").count();
    assert_eq!(moved + cancels, 1, "{names:?}");
    let b = booking_by_payload(&app, &payload).await;
    match cancelled {
        Ok(_) => {
            assert_eq!((b.status.as_str(), b.starts_at), ("cancelled", Some(BOOKED)));
            let texts = texts_to(&app, ana.id);
            assert!(
                texts.iter().any(|t| t.contains("can no longer be moved")),
                "{texts:?}"
            );
        }
        Err(BookingError::Moved { booking }) => {
            assert_eq!((b.status.as_str(), b.starts_at), ("confirmed", Some(MOVED)));
            assert_eq!(
                booking.starts_at,
                Some(MOVED),
                "the performer is told where it is now"
            );
        }
        Err(e) => panic!("{e}"),
    }
}

#[tokio::test]
async fn two_moves_into_one_free_time_at_once_exactly_one_gets_it() {
    let app = app_with(&[]).await;
    let (ana, _maria, payload) = booked(&app).await;
    let pid = booking_by_payload(&app, &payload).await.performer_id;
    // Bob has Thursday 13:00.
    let bob = adult(&app, 43, "Bob").await;
    let rate = rate_of(&app, pid).await;
    let thirteen = BOOKED + time::Duration::hours(1);
    app.press(&bob, &format!("u:b:t:{pid}:{rate}:{}", minute(thirteen)))
        .await;
    let bobs = pay_last_invoice(&app, &bob, "charge-bob").await;
    assert_eq!(booking_by_payload(&app, &bobs).await.status.as_str(), "confirmed");
    let (a, b) = (hex(&app, &payload).await, hex(&app, &bobs).await);
    let (ana_yes, bob_yes) = (
        format!("u:b:my:{a}:{}", minute(MOVED)),
        format!("u:b:my:{b}:{}", minute(MOVED)),
    );
    tokio::join!(app.press(&ana, &ana_yes), app.press(&bob, &bob_yes));
    let at = |p: String| {
        let app = &app;
        async move { booking_by_payload(app, &p).await.starts_at }
    };
    let (ana_at, bob_at) = (at(payload.clone()).await, at(bobs.clone()).await);
    assert!(
        (ana_at == Some(MOVED)) != (bob_at == Some(MOVED)),
        "exactly one: {ana_at:?} {bob_at:?}"
    );
    let (loser, stays) = if ana_at == Some(MOVED) {
        (&bob, "13:00")
    } else {
        (&ana, "12:00")
    };
    assert!(texts_to(&app, loser.id)
        .iter()
        .any(|t| t.contains("that time was just taken") && t.contains(stays)));
}

#[tokio::test]
async fn a_room_move_daily_refuses_keeps_the_move_and_the_worker_sends_the_new_links_later() {
    let daily = FakeDaily::start().await;
    let app = app_with(&[
        ("PNP_VIDEO_PROVIDER", "daily"),
        ("PNP_DAILY_API_URL", &daily.url),
        ("PNP_DAILY_API_KEY", API_KEY),
    ])
    .await;
    let (ana, maria, payload) = booked(&app).await;
    let id = hex(&app, &payload).await;
    daily.fail_next(500, 3);
    app.press(&ana, &format!("u:b:my:{id}:{}", minute(MOVED))).await;
    let b = booking_by_payload(&app, &payload).await;
    assert_eq!((b.starts_at, b.reschedules), (Some(MOVED), 1), "the move stands");
    assert!(b.links_sent_at.is_none(), "its links are owed");
    assert!(texts_to(&app, ana.id).iter().any(|t| t.contains(
        "Your call is moved to Fri 11 Dec, 12:00 (America/Mexico_City). Your new call link is on its way"
    )));
    assert!(!texts_to(&app, maria.id).iter().any(|t| t.contains("Call moved")));

    app.clock.advance(time::Duration::minutes(3));
    app.run_jobs().await;
    let b = booking_by_payload(&app, &payload).await;
    assert!(b.links_sent_at.is_some());
    assert!(daily.calls().iter().any(|c| c.method == "POST"
        && c.path.starts_with("/rooms/")
        && c.body["properties"]["nbf"] == MOVED.unix_timestamp() - 600));
    assert!(texts_to(&app, ana.id)
        .iter()
        .any(|t| t.contains("Your call is moved!")));
    assert!(texts_to(&app, maria.id).iter().any(|t| t.contains("Call moved")));
    assert_eq!(documents_to(&app, ana.id).len(), 2);
}

/// A booked call whose performer has tapped Cancel: the user, the performer, the invoice
/// payload, the booking's id as buttons carry it, and her [Yes, cancel the call] not yet tapped.
async fn performer_cancel_asked(app: &TestApp) -> (TgUser, TgUser, String, String, String) {
    let (ana, maria, payload) = booked(app).await;
    let id = hex(app, &payload).await;
    app.press(&maria, &format!("p:cc:{id}")).await;
    let yes = app
        .telegram
        .last_message_to(maria.id)
        .button_data("Yes, cancel the call");
    (ana, maria, payload, id, yes)
}

/// The performer's [Yes, cancel the call] under a screen that showed the old time, tapped after
/// the user moved the booking: nothing is cancelled, she is told where it is now (her zone).
#[tokio::test]
async fn a_performers_cancel_confirmed_on_a_screen_from_before_a_move_cancels_nothing() {
    let app = app_with(&[]).await;
    let (ana, maria, payload, id, yes) = performer_cancel_asked(&app).await;
    app.press(&ana, &format!("u:b:my:{id}:{}", minute(MOVED))).await;
    assert_eq!(booking_by_payload(&app, &payload).await.starts_at, Some(MOVED));
    app.press(&maria, &yes).await;
    let b = booking_by_payload(&app, &payload).await;
    assert_eq!((b.status.as_str(), b.starts_at), ("confirmed", Some(MOVED)));
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());
    let told = app.telegram.last_message_to(maria.id);
    assert!(
        told.text().contains("Nothing was cancelled") && told.text().contains("Fri 11 Dec, 12:00"),
        "{}",
        told.text()
    );
    assert!(!texts_to(&app, ana.id).iter().any(|t| t.contains("had to cancel")));
}

/// Her [Yes, cancel the call] tapped twice at once: one cancellation, one refund, one message to
/// the user; the other tap is told it was already cancelled.
#[tokio::test]
async fn a_performers_double_tapped_cancel_cancels_once() {
    let app = app_with(&[]).await;
    let (ana, maria, payload, _, yes) = performer_cancel_asked(&app).await;
    tokio::join!(app.press(&maria, &yes), app.press(&maria, &yes));
    let cancels = events(&app, &payload)
        .await
        .into_iter()
        .filter(|e| e.event == "cancel")
        .count();
    assert_eq!(cancels, 1);
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    let apologies = texts_to(&app, ana.id)
        .into_iter()
        .filter(|t| t.contains("had to cancel"))
        .count();
    assert_eq!(apologies, 1);
    assert!(texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("This call was already cancelled")));
}
