//! The two sides of a booking know each other by the names they chose: a performer is never
//! shown a user's @username or Telegram id (admins are, to find and help people).

use crate::helpers::{spawn_app, TgUser};
use crate::user_flow::{adult_as, pay_last_invoice, performer, texts_to, NOW};

#[tokio::test]
async fn the_performer_knows_the_user_by_first_name_only_and_admins_see_who_it_is() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    // Ana has a @username; she is user 4242 to Telegram.
    let ana = adult_as(
        &app,
        TgUser::new(4242, "Ana", Some("ana_private")),
        "America/Mexico_City",
    )
    .await;
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

#[tokio::test]
async fn a_user_gets_a_copy_of_their_data_and_deletes_their_account_keeping_the_accounting() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (_maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult_as(
        &app,
        TgUser::new(4242, "Ana", Some("ana_private")).portuguese(),
        "America/Sao_Paulo",
    )
    .await;
    let row = pnp_live::services::users::find_by_telegram_id(&app.db, ana.id)
        .await
        .unwrap()
        .unwrap();
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Agendar").await;
    app.press_button(&ana, "Qui 10 ·").await;
    app.press_button(&ana, "15:00").await;
    let payload = pay_last_invoice(&app, &ana, "charge-privacy-2").await;

    // The copy: a JSON file with her account, her booking and her payment.
    app.send_text(&ana, "/privacy").await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("O que o PNP Live guarda"));
    app.press_button(&ana, "cópia").await;
    let file = app
        .telegram
        .calls_to("sendDocument")
        .into_iter()
        .rev()
        .find(|c| c.body["document"]["file_name"] == "pnp-live-my-data.json")
        .expect("the copy is sent");
    let data: serde_json::Value =
        serde_json::from_str(file.body["document"]["content"].as_str().unwrap()).unwrap();
    assert_eq!(data["account"]["username"], "ana_private");
    assert_eq!(data["account"]["timezone"], "America/Sao_Paulo");
    assert_eq!(data["bookings"].as_array().unwrap().len(), 1);
    assert_eq!(data["payments"][0]["charge_id"], "charge-privacy-2");

    // A paid call ahead: the account is not deleted yet, and she is told why.
    app.send_text(&ana, "/privacy").await;
    app.press_button(&ana, "Apagar minha conta").await;
    app.press_button(&ana, "Sim, apagar").await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("Minhas reservas"));
    assert!(pnp_live::services::users::find_by_telegram_id(&app.db, ana.id)
        .await
        .unwrap()
        .is_some());

    // After the call: deleted. Her names are gone; the booking and the payment stay.
    app.clock.set(time::macros::datetime!(2026-12-10 18:45 UTC));
    app.run_jobs().await;
    app.send_text(&ana, "/privacy").await;
    app.press_button(&ana, "Apagar minha conta").await;
    app.press_button(&ana, "Sim, apagar").await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("conta foi apagada"));
    assert!(pnp_live::services::users::find_by_telegram_id(&app.db, ana.id)
        .await
        .unwrap()
        .is_none());
    let kept = pnp_live::services::users::find_by_id(&app.db, row.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.username, None);
    assert_eq!(kept.first_name, "Deleted user");
    assert!(kept.telegram_id < 0);
    let booking = crate::user_flow::booking_by_payload(&app, &payload).await;
    assert_eq!(
        booking.user_id, row.id,
        "the booking stays, tied to the anonymous row"
    );
    assert_eq!(
        <entity::payments::Entity as sea_orm::EntityTrait>::find()
            .all(&app.db)
            .await
            .unwrap()
            .len(),
        1
    );
    // Writing again starts afresh.
    app.send_text(&ana, "/start").await;
    let again = pnp_live::services::users::find_by_telegram_id(&app.db, ana.id)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(again.id, row.id);
}
