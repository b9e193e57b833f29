//! The two sides of a booking know each other by the names they chose: a performer is never
//! shown a user's @username or Telegram id (admins are, to find and help people).

use crate::helpers::{spawn_app, TgUser};
use crate::user_flow::{pay_last_invoice, performer, texts_to, NOW};

#[tokio::test]
async fn the_performer_knows_the_user_by_first_name_only_and_admins_see_who_it_is() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    // Ana has a @username; she is user 4242 to Telegram.
    let ana = TgUser::new(4242, "Ana", Some("ana_private"));
    app.send_text(&ana, "/start").await;
    app.press_button(&ana, "PNP Live").await;
    app.press_button(&ana, "18+").await;
    let row = pnp_live::services::users::find_by_telegram_id(&app.db, ana.id)
        .await
        .unwrap()
        .unwrap();
    pnp_live::services::users::set_timezone(&app.db, row.id, "America/Mexico_City", NOW)
        .await
        .unwrap();
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Thu 10 ·").await;
    app.press_button(&ana, "12:00").await;
    pay_last_invoice(&app, &ana, "charge-privacy").await;
    // Her reminders, her no-show: everything Maria reads about Ana.
    app.clock.set(time::macros::datetime!(2026-12-10 17:45 UTC));
    app.run_jobs().await;
    app.clock.set(time::macros::datetime!(2026-12-10 18:45 UTC));
    app.run_jobs().await;

    let to_maria = texts_to(&app, maria.id);
    assert!(to_maria
        .iter()
        .any(|t| t.contains("New booking") && t.contains("Ana")));
    for text in &to_maria {
        assert!(
            !text.contains("ana_private"),
            "the @username reached the performer: {text}"
        );
        assert!(
            !text.contains("4242"),
            "the Telegram id reached the performer: {text}"
        );
    }
    for call in app.telegram.messages_to(maria.id) {
        if call.method == "sendDocument" {
            let ics = call.body["document"]["content"].as_str().unwrap_or_default();
            assert!(!ics.contains("ana_private") && !ics.contains("4242"), "{ics}");
        }
    }
}
