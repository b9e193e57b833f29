//! Performer names that look like another performer's: invisible characters are dropped and a
//! name that reads the same as someone else's is refused, through the webhook.

use pnp_live::services::profiles::{self, Profile};

use crate::helpers::{spawn_app, TestApp, TgUser};
use crate::performer::make_performer;

const LOOK_ALIKE: &str = "looks the same as another performer's";

async fn name_of(app: &TestApp, profile: &Profile) -> String {
    profiles::get(&app.db, profile.id)
        .await
        .unwrap()
        .unwrap()
        .display_name
}

/// Opens Manage Profile → Name for `performer`.
async fn edit_name(app: &TestApp, performer: &TgUser) {
    app.send_text(performer, "/pnp_live").await;
    app.press_button(performer, "Manage Profile").await;
    app.press_button(performer, "Name").await;
}

fn last_text(app: &TestApp, performer: &TgUser) -> String {
    app.telegram.last_message_to(performer.id).text().to_owned()
}

#[tokio::test]
async fn a_name_that_looks_like_another_performers_is_refused_and_a_different_one_is_kept_clean() {
    let app = spawn_app().await;
    let valentina = TgUser::new(8101, "Valentina", None);
    make_performer(&app, &valentina).await;
    let other = TgUser::new(8102, "Bea", None);
    let profile = make_performer(&app, &other).await;

    edit_name(&app, &other).await;
    for look_alike in [
        "V\u{0430}lentina",                  // Cyrillic а
        "Vale\u{200B}ntina",                 // zero-width space inside
        "\u{2066}Valentina\u{2069}\u{FEFF}", // only invisible characters differ
        "VALENTINA",
    ] {
        app.send_text(&other, look_alike).await;
        let answer = last_text(&app, &other);
        assert!(answer.contains(LOOK_ALIKE), "{look_alike:?}: {answer}");
        assert_eq!(name_of(&app, &profile).await, "Bea", "{look_alike:?}");
    }

    // Still asked for a name: a genuinely different one is taken, without its invisible characters.
    app.send_text(&other, "Vale\u{200D}ria\u{202E}").await;
    assert_eq!(name_of(&app, &profile).await, "Valeria");
    assert!(!last_text(&app, &other).contains(LOOK_ALIKE));
}

#[tokio::test]
async fn a_performer_may_keep_their_own_name_in_another_case() {
    let app = spawn_app().await;
    let valentina = TgUser::new(8111, "Valentina", None);
    let profile = make_performer(&app, &valentina).await;

    edit_name(&app, &valentina).await;
    app.send_text(&valentina, "VALENTINA").await;
    assert_eq!(name_of(&app, &profile).await, "VALENTINA");
}

#[tokio::test]
async fn a_new_performers_first_name_is_cleaned_and_never_a_look_alike() {
    let app = spawn_app().await;
    let valentina = TgUser::new(8121, "Valentina", None);
    make_performer(&app, &valentina).await;
    let copycat = TgUser::new(8122, "V\u{0430}len\u{200B}tina", None);
    let profile = make_performer(&app, &copycat).await;

    assert_eq!(profile.display_name, "V\u{0430}lentina 2");
}

#[tokio::test]
async fn the_refusal_is_in_the_performers_language() {
    let app = spawn_app().await;
    make_performer(&app, &TgUser::new(8131, "Valentina", None)).await;
    let lucia = TgUser::new(8132, "Lucía", None).spanish();
    make_performer(&app, &lucia).await;

    app.send_text(&lucia, "/pnp_live").await;
    app.press_button(&lucia, "Gestionar perfil").await;
    app.press_button(&lucia, "Nombre").await;
    app.send_text(&lucia, "V\u{0430}lentina").await;
    assert!(last_text(&app, &lucia).contains("se ve igual al de otro performer"));
}
