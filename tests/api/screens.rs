//! Screens under buttons, against a fake Bot API that refuses what Telegram refuses: a photo
//! card cannot be edited into a text screen, a second tap is "not modified", a deleted message
//! cannot be edited at all. Every press is answered exactly once (`post_update` checks it).

use pnp_live::services::profile_edits;

use crate::fake_telegram::{Failure, Kind};
use crate::helpers::{TestApp, TgUser};
use crate::user_flow::{adult, performer, NOW};

/// An app at [`NOW`] with Maria online, her profile photographed, and Ana on Maria's photo card.
async fn on_a_photo_card() -> (TestApp, TgUser) {
    let app = crate::helpers::spawn_app().await;
    app.clock.set(NOW);
    let (_, maria) = performer(&app, 7_000, "Maria", true).await;
    profile_edits::set_photo(&app.db, maria, Some("large-id"), NOW)
        .await
        .unwrap();
    let ana = adult(&app, 42, "Ana").await;
    app.press_button(&ana, "View Profile: Maria").await;
    let card = app.telegram.last_sent(ana.id).unwrap();
    assert_eq!(card.kind, Kind::Photo, "View Profile is a photo card");
    (app, ana)
}

#[tokio::test]
async fn book_on_a_photo_card_opens_the_booking_screen_as_a_new_message() {
    let (app, ana) = on_a_photo_card().await;
    let card = app.telegram.last_sent(ana.id).unwrap();
    app.press_button(&ana, "Book").await;
    let shown = app.telegram.last_message_to(ana.id);
    assert_eq!(shown.method, "sendMessage");
    assert!(
        shown.buttons().iter().any(|b| b.contains("30 min")),
        "{:?}",
        shown.buttons()
    );
    let card_now = app
        .telegram
        .chat(ana.id)
        .into_iter()
        .find(|m| m.message_id == card.message_id);
    assert_eq!(
        card_now.unwrap().reply_markup,
        None,
        "the photo card's buttons are taken off"
    );
}

#[tokio::test]
async fn back_on_a_photo_card_shows_the_list_again() {
    let (app, ana) = on_a_photo_card().await;
    app.press_button(&ana, "Back").await;
    let shown = app.telegram.last_sent(ana.id).unwrap();
    assert_eq!(shown.kind, Kind::Text);
    assert!(
        shown.text.as_deref().unwrap_or_default().contains("Online now"),
        "{:?}",
        shown.text
    );
}

#[tokio::test]
async fn the_same_button_tapped_twice_is_answered_twice_and_shows_one_screen() {
    let app = crate::helpers::spawn_app().await;
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/start").await;
    let menu = app.telegram.last_sent(ana.id).unwrap();
    let data = app.telegram.last_message_to(ana.id).button_data("Help");
    // Both taps carry the menu as it was: the second one's redraw changes nothing.
    app.post_update(ana.callback_on(&data, menu.as_pressed(ana.chat())))
        .await;
    let shown = app.telegram.messages_to(ana.id).len();
    app.post_update(ana.callback_on(&data, menu.as_pressed(ana.chat())))
        .await;
    assert_eq!(
        app.telegram.messages_to(ana.id).len(),
        shown,
        "no duplicate message"
    );
    assert_eq!(app.telegram.chat(ana.id).len(), 1, "the help is the menu redrawn");
    assert!(app.telegram.calls_to("editMessageText").last().unwrap().refused);
}

#[tokio::test]
async fn a_button_under_a_deleted_message_is_answered_with_a_fresh_screen() {
    let app = crate::helpers::spawn_app().await;
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/start").await;
    app.press_button_on_deleted(&ana, "Help").await;
    let chat = app.telegram.chat(ana.id);
    assert_eq!(chat.len(), 1, "the deleted menu is replaced by one new message");
    assert!(
        chat[0].text.as_deref().unwrap_or_default().contains("/start"),
        "{:?}",
        chat[0].text
    );
}

#[tokio::test]
async fn a_refused_held_reply_does_not_cost_the_press_its_answer() {
    let app = crate::helpers::spawn_app().await;
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/start").await;
    // An unknown button is told off with a new message, held until the answer flushes it;
    // Telegram refuses that message, and the answer must still go out.
    app.telegram
        .fail_next("sendMessage", Failure::Status(400, "Bad Request: chat not found"));
    app.press(&ana, "no-such-button").await;
    assert!(app.telegram.calls_to("sendMessage").last().unwrap().refused);
}
