//! Telegram's command menu per role: everyone's list in every language, performers' and admins'
//! own lists set on their chats when a role is granted or removed; /bookings, /settings and a
//! /help that says where to get help.

use std::time::{Duration, Instant};

use crate::helpers::{spawn_app, spawn_app_with, TestApp, TgUser, SUPERADMIN};

/// Waits (up to 10 s) until the menu `chat_id` sees in `language` is `expected`.
async fn menu_becomes(app: &TestApp, chat_id: i64, language: &str, expected: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let menu = app.telegram.menu_of(chat_id, language);
        if menu == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "chat {chat_id} ({language}) sees {menu:?}, not {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

const EVERYONE: &[&str] = &["start", "help", "bookings", "settings", "privacy"];

#[tokio::test]
async fn everyone_sees_the_four_commands_in_their_language_and_superadmins_also_admin() {
    let app = spawn_app().await;
    for language in ["en", "es", "pt", "fr"] {
        menu_becomes(&app, 42, language, EVERYONE).await;
    }
    // The lists are set in the background at start-up; a language without its own list
    // falls back to the default one (same commands), so wait for the Spanish call itself.
    let deadline = Instant::now() + Duration::from_secs(10);
    let spanish = loop {
        let found = app
            .telegram
            .calls_to("setMyCommands")
            .into_iter()
            .find(|c| c.body["language_code"] == "es");
        match found {
            Some(call) => break call,
            None if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(10)).await,
            None => panic!("no Spanish command list was set"),
        }
    };
    assert_eq!(spanish.body["commands"][2]["description"], "Mis reservas");
    menu_becomes(
        &app,
        SUPERADMIN,
        "en",
        &["start", "help", "bookings", "settings", "privacy", "admin"],
    )
    .await;
}

#[tokio::test]
async fn a_performers_chat_gets_pnp_live_when_granted_and_loses_it_when_removed() {
    let app = spawn_app().await;
    let root = TgUser::superadmin();
    let maria = TgUser::new(500, "Maria", Some("MariaCam")).spanish();
    app.send_text(&maria, "/start").await;
    menu_becomes(&app, 500, "es", EVERYONE).await;

    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Roles").await;
    app.press_button(&root, "Add performer").await;
    app.send_text(&root, "@mariacam").await;
    app.press_button(&root, "Confirm").await;
    menu_becomes(
        &app,
        500,
        "es",
        &["start", "help", "bookings", "settings", "privacy", "pnp_live"],
    )
    .await;
    let set = app
        .telegram
        .calls_to("setMyCommands")
        .into_iter()
        .rfind(|c| c.body["scope"]["chat_id"] == 500)
        .unwrap();
    assert_eq!(set.body["scope"]["type"], "chat");
    assert_eq!(set.body["commands"][5]["description"], "Menú de performer");
    assert_eq!(
        app.telegram.menu_of(42, "es"),
        EVERYONE,
        "nobody else's menu changes"
    );

    app.press_button(&root, "Remove performer").await;
    app.press_button(&root, "@mariacam").await;
    app.press_button(&root, "Confirm").await;
    menu_becomes(&app, 500, "es", EVERYONE).await;
}

#[tokio::test]
async fn an_admin_who_is_also_a_performer_sees_both_and_keeps_pnp_live_after_losing_admin() {
    let app = spawn_app().await;
    let root = TgUser::superadmin();
    let alex = TgUser::new(600, "Alex", Some("alex_ops"));
    app.send_text(&alex, "/start").await;
    for role in ["Add admin", "Add performer"] {
        app.send_text(&root, "/admin").await;
        app.press_button(&root, "Roles").await;
        app.press_button(&root, role).await;
        app.send_text(&root, "@alex_ops").await;
        app.press_button(&root, "Confirm").await;
    }
    menu_becomes(
        &app,
        600,
        "en",
        &[
            "start", "help", "bookings", "settings", "privacy", "pnp_live", "admin",
        ],
    )
    .await;
    app.press_button(&root, "Remove admin").await;
    app.press_button(&root, "@alex_ops").await;
    app.press_button(&root, "Confirm").await;
    menu_becomes(
        &app,
        600,
        "en",
        &["start", "help", "bookings", "settings", "privacy", "pnp_live"],
    )
    .await;
}

#[tokio::test]
async fn bookings_and_settings_open_as_new_messages_and_cancel_still_works() {
    let app = spawn_app().await;
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/start").await;
    app.send_text(&ana, "/bookings").await;
    let bookings = app.telegram.last_message_to(42);
    assert_eq!(bookings.method, "sendMessage");
    assert!(bookings.text().contains("no bookings"), "{}", bookings.text());

    app.send_text(&ana, "/settings").await;
    let settings = app.telegram.last_message_to(42);
    assert_eq!(settings.method, "sendMessage");
    assert!(settings.buttons().iter().any(|b| b.contains("Language")));

    app.press_button(&ana, "Timezone").await;
    app.send_text(&ana, "/cancel").await;
    assert!(app.telegram.last_message_to(42).text().contains("Cancelled"));
}

#[tokio::test]
async fn help_names_the_configured_support_contact_or_says_what_happens_to_paid_calls() {
    let app = spawn_app_with(&[("PNP_SUPPORT_CONTACT", "@pnp_support")]).await;
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/help").await;
    let help = app.telegram.last_message_to(42);
    assert!(help.text().contains("Write to @pnp_support"), "{}", help.text());
    assert!(help.text().contains("/bookings") && help.text().contains("/settings"));

    let app = spawn_app().await;
    app.send_text(&ana, "/help").await;
    let help = app.telegram.last_message_to(42);
    assert!(!help.text().contains("Write to"), "{}", help.text());
    assert!(help.text().contains("refunded in full"), "{}", help.text());
}
