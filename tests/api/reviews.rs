//! Reviews after calls: stars then a few words, asked at the end of a Daily call or after
//! "Yes, it took place" for calls without join events, one reminder, shown on the profile with
//! the first name only, hidden by an admin (kept, with who and when).

use entity::reviews;
use pnp_live::clock::Clock;
use sea_orm::EntityTrait;

use crate::calls::{confirmed_now, daily_app, joined, left, meeting, post_daily, webhook_secret};
use crate::disputes::{app_at_now, call_ended};
use crate::helpers::{TestApp, TgUser};
use crate::user_flow::{adult, booking_by_payload, texts_to, NOW};

/// A Daily call of Ana with Maria, both there for the whole half hour, ended by the webhook.
pub(crate) async fn daily_call_completed(app: &TestApp) -> (TgUser, TgUser, String) {
    let (ana, maria, payload) = confirmed_now(app).await;
    let room = booking_by_payload(app, &payload).await.room_name.unwrap();
    let secret = webhook_secret();
    let now = app.clock.now().unix_timestamp();
    let end = NOW + time::Duration::minutes(30);
    for event in [
        joined("r-1", &room, 42, false),
        joined("r-2", &room, 500, true),
        left("r-3", &room, 42, end, 1800),
        left("r-4", &room, 500, end, 1800),
        meeting("meeting.ended", "r-5", &room),
    ] {
        assert_eq!(post_daily(app, &event, now, &secret).await, 200);
    }
    assert_eq!(
        booking_by_payload(app, &payload).await.status.as_str(),
        "completed"
    );
    (ana, maria, payload)
}

async fn all_reviews(app: &TestApp) -> Vec<reviews::Model> {
    reviews::Entity::find().all(&app.db).await.unwrap()
}

const QUESTION: &str = "Rate your call with Maria";

#[tokio::test]
async fn a_daily_call_asks_for_stars_at_its_end_and_the_profile_shows_them_with_a_first_name() {
    let (app, _daily) = daily_app().await;
    let (ana, maria, _) = daily_call_completed(&app).await;
    let question = app.telegram.last_message_to(ana.id);
    assert!(question.text().contains(QUESTION), "{}", question.text());
    assert!(
        question.text().contains("(America/Mexico_City)"),
        "the time carries its zone: {}",
        question.text()
    );
    assert_eq!(
        question.buttons()[..5],
        ["⭐1", "⭐2", "⭐3", "⭐4", "⭐5"].map(String::from)
    );

    app.press_button(&ana, "⭐5").await;
    let saved = app.telegram.last_message_to(ana.id);
    assert!(saved.text().contains("You gave ⭐⭐⭐⭐⭐"), "{}", saved.text());
    app.press_button(&ana, "Add a few words").await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("up to 500 characters"));
    app.send_text(&ana, "Muy\u{200B} buena\n\nllamada \u{202E}").await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("Thank you for your review"));
    let saved = all_reviews(&app).await;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].rating, 5);
    assert_eq!(saved[0].text.as_deref(), Some("Muy buena llamada"));

    // Lucía (Spanish) browses: Maria's line and profile show the stars and Ana's words, signed
    // with her first name only.
    let lucia = TgUser::new(77, "Lucía", None).spanish();
    app.send_text(&lucia, "/start").await;
    app.press_button(&lucia, "PNP Live").await;
    app.press_button(&lucia, "18+").await;
    let row = pnp_live::services::users::find_by_telegram_id(&app.db, lucia.id)
        .await
        .unwrap()
        .unwrap();
    pnp_live::services::users::set_timezone(&app.db, row.id, "America/Mexico_City", app.clock.now())
        .await
        .unwrap();
    let list = app.telegram.last_message_to(lucia.id);
    assert!(list.text().contains("Maria ★ 5.0 (1)"), "{}", list.text());
    app.press_button(&lucia, "Ver perfil").await;
    let profile = app.telegram.last_message_to(lucia.id);
    assert!(
        profile.text().contains("⭐ Reseñas: ★ 5.0 (1)"),
        "{}",
        profile.text()
    );
    assert!(
        profile.text().contains("“Muy buena llamada” — Ana"),
        "{}",
        profile.text()
    );

    // Maria sees it under My reviews.
    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "My reviews").await;
    let mine = app.telegram.last_message_to(maria.id);
    assert!(mine.text().contains("★ 5.0 (1)"), "{}", mine.text());
    assert!(mine.text().contains("⭐⭐⭐⭐⭐ — Ana"), "{}", mine.text());
    assert!(mine.text().contains("“Muy buena llamada”"), "{}", mine.text());
    assert!(mine.buttons().iter().any(|b| b.contains("Back")));
}

#[tokio::test]
async fn without_join_events_the_stars_come_after_yes_it_took_place() {
    let app = app_at_now().await;
    let (ana, _maria, payload) = call_ended(&app).await;
    assert!(
        !texts_to(&app, ana.id).iter().any(|t| t.contains(QUESTION)),
        "the call-happened question goes first, alone"
    );
    app.press_under(&ana, |_| true, "Yes, it did").await;
    let asked = app.telegram.last_message_to(ana.id);
    assert!(asked.text().contains("Thanks"), "{}", asked.text());
    assert!(asked.text().contains(QUESTION), "{}", asked.text());
    app.press_button(&ana, "⭐4").await;
    app.press_button(&ana, "Skip").await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("Thank you for your review"));

    // A second rating of the same call (an old message's button) changes nothing.
    let booking = booking_by_payload(&app, &payload).await;
    app.press(&ana, &format!("u:r:s:{}:1", booking.id.simple())).await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("already reviewed"));
    let saved = all_reviews(&app).await;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].rating, 4);
    assert_eq!(saved[0].text, None);
}

#[tokio::test]
async fn an_unanswered_question_is_reminded_once_a_day_later() {
    let (app, _daily) = daily_app().await;
    let (ana, _, _) = daily_call_completed(&app).await;
    let count = |app: &TestApp| {
        texts_to(app, ana.id)
            .iter()
            .filter(|t| t.contains("A reminder: rate your call"))
            .count()
    };
    app.clock.advance(time::Duration::hours(23));
    app.run_jobs().await;
    assert_eq!(count(&app), 0, "not before a day");
    app.clock.advance(time::Duration::hours(2));
    app.run_jobs().await;
    assert_eq!(count(&app), 1);
    app.clock.advance(time::Duration::hours(30));
    app.run_jobs().await;
    assert_eq!(count(&app), 1, "once");
    // The reminder's stars work.
    app.press_button(&ana, "⭐3").await;
    assert_eq!(all_reviews(&app).await[0].rating, 3);
}

#[tokio::test]
async fn a_disputed_call_is_not_reminded_and_cannot_be_reviewed() {
    let app = app_at_now().await;
    let (ana, _maria, payload) = call_ended(&app).await;
    app.press_under(&ana, |_| true, "didn't come").await;
    app.clock.advance(time::Duration::hours(30));
    app.run_jobs().await;
    assert!(!texts_to(&app, ana.id)
        .iter()
        .any(|t| t.contains("rate your call")));
    // Refunded by an admin: a forged star tap is refused.
    let root = TgUser::superadmin();
    app.press_under(&root, |_| true, "Refund").await;
    let booking = booking_by_payload(&app, &payload).await;
    assert_eq!(booking.status.as_str(), "refunded");
    app.press(&ana, &format!("u:r:s:{}:5", booking.id.simple())).await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("cannot be reviewed"));
    assert!(all_reviews(&app).await.is_empty());
}

#[tokio::test]
async fn only_the_calls_user_can_review_it_and_only_once_when_two_taps_come_at_once() {
    let (app, _daily) = daily_app().await;
    let (ana, _maria, payload) = daily_call_completed(&app).await;
    let booking = booking_by_payload(&app, &payload).await;
    let id = booking.id.simple();
    // Someone else forges Ana's button.
    let joao = TgUser::new(88, "João", None).portuguese();
    app.send_text(&joao, "/start").await;
    app.press(&joao, &format!("u:r:s:{id}:1")).await;
    assert!(app
        .telegram
        .last_message_to(joao.id)
        .text()
        .contains("não pode ser avaliada"));
    assert!(all_reviews(&app).await.is_empty());
    // Ana taps 5 and 2 at the same moment (two devices): one review stands.
    let five = format!("u:r:s:{id}:5");
    let two = format!("u:r:s:{id}:2");
    tokio::join!(app.press(&ana, &five), app.press(&ana, &two));
    let saved = all_reviews(&app).await;
    assert_eq!(saved.len(), 1);
    let thanked = texts_to(&app, ana.id)
        .iter()
        .filter(|t| t.contains("Thank you! You gave"))
        .count();
    assert_eq!(thanked, 1);
}

#[tokio::test]
async fn an_admin_hides_a_review_and_a_non_admins_forged_hide_changes_nothing() {
    let (app, _daily) = daily_app().await;
    let (ana, maria, payload) = daily_call_completed(&app).await;
    app.press_button(&ana, "⭐1").await;
    app.press_button(&ana, "Add a few words").await;
    app.send_text(&ana, "rude words").await;
    let booking = booking_by_payload(&app, &payload).await;

    // Maria (a performer, not an admin) forges the hide button.
    app.press(&maria, &format!("a:rh:{}:0", booking.id.simple()))
        .await;
    let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
    assert_eq!(answer.body["show_alert"], true, "{:?}", answer.body);
    assert!(all_reviews(&app).await[0].hidden_at.is_none());

    let root = TgUser::superadmin();
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Reviews").await;
    let list = app.telegram.last_message_to(root.id);
    assert!(list.text().contains("#1 → Maria"), "{}", list.text());
    assert!(list.text().contains("“rude words”"), "{}", list.text());
    app.press_button(&root, "Hide #1").await;
    let list = app.telegram.last_message_to(root.id);
    assert!(list.text().contains("Review hidden"), "{}", list.text());
    assert!(list.text().contains("(hidden)"), "{}", list.text());
    assert!(!list.buttons().iter().any(|b| b.contains("Hide #1")));
    assert!(list.buttons().iter().any(|b| b.contains("Admin")));

    let hidden = &all_reviews(&app).await[0];
    let root_row = pnp_live::services::users::find_by_telegram_id(&app.db, root.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hidden.hidden_by, Some(root_row.id));
    assert_eq!(hidden.hidden_at, Some(app.clock.now()));
    assert_eq!(hidden.text.as_deref(), Some("rude words"), "kept");
    let audit = entity::audit_log::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(audit.len(), 1, "one audit row, with who hid it: {audit:?}");
    assert_eq!(
        (audit[0].action.as_str(), audit[0].actor_id),
        ("hide-review", Some(root_row.id))
    );

    // The profile no longer shows it.
    let lucia = adult(&app, 77, "Lucia").await;
    app.press_button(&lucia, "View Profile").await;
    let profile = app.telegram.last_message_to(lucia.id);
    assert!(profile.text().contains("no reviews yet"), "{}", profile.text());
    assert!(!profile.text().contains("rude words"));

    // Hidden by mistake: the admin shows it again, audited too.
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Reviews").await;
    app.press_button(&root, "Show #1").await;
    let list = app.telegram.last_message_to(root.id);
    assert!(list.text().contains("Review shown again"), "{}", list.text());
    assert!(!list.text().contains("(hidden)"), "{}", list.text());
    assert!(all_reviews(&app).await[0].hidden_at.is_none());
    let audit = entity::audit_log::Entity::find().all(&app.db).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.action == "unhide-review" && a.actor_id == Some(root_row.id)),
        "{audit:?}"
    );
    let rosa = adult(&app, 78, "Rosa").await;
    app.press_button(&rosa, "View Profile").await;
    assert!(app
        .telegram
        .last_message_to(rosa.id)
        .text()
        .contains("rude words"));
}

#[tokio::test]
async fn the_webhook_and_the_worker_ending_a_call_at_once_credit_once_and_ask_once() {
    let (app, _daily) = daily_app().await;
    let (ana, _maria, payload) = confirmed_now(&app).await;
    let room = booking_by_payload(&app, &payload).await.room_name.unwrap();
    let secret = webhook_secret();
    let end = NOW + time::Duration::minutes(30);
    let now = app.clock.now().unix_timestamp();
    for event in [
        joined("c-1", &room, 42, false),
        joined("c-2", &room, 500, true),
        left("c-3", &room, 42, end, 1800),
        left("c-4", &room, 500, end, 1800),
    ] {
        assert_eq!(post_daily(&app, &event, now, &secret).await, 200);
    }
    // Past the end and its grace: Daily's meeting.ended and the worker's end check race.
    app.clock.set(end + time::Duration::minutes(11));
    let now = app.clock.now().unix_timestamp();
    let ended = meeting("meeting.ended", "c-5", &room);
    let (status, ()) = tokio::join!(post_daily(&app, &ended, now, &secret), app.run_jobs());
    assert_eq!(status, 200);
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "completed"
    );
    let credits = entity::ledger_entries::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(credits.len(), 1, "{credits:?}");
    let asked = texts_to(&app, ana.id)
        .iter()
        .filter(|t| t.contains(QUESTION))
        .count();
    assert_eq!(asked, 1);
}
