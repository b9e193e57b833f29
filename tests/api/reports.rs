//! 🚩 Reports: a user reports a performer from her card or after a call, a performer reports
//! a user after a call; admins see the queue and mark a report handled (audited in the same
//! transaction); a forged admin button from a non-admin changes nothing; the reported side is
//! never told.

use entity::{audit_log, reports};
use sea_orm::EntityTrait;

use crate::disputes::{app_at_now, call_ended};
use crate::helpers::{TestApp, TgUser};
use crate::user_flow::{adult, performer};

async fn all_reports(app: &TestApp) -> Vec<reports::Model> {
    reports::Entity::find().all(&app.db).await.unwrap()
}

async fn audit_rows(app: &TestApp) -> Vec<audit_log::Model> {
    audit_log::Entity::find().all(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_user_reports_a_performer_from_her_card_and_an_admin_handles_it() {
    let app = app_at_now().await;
    let (maria, pid) = performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    let root = TgUser::superadmin();
    app.send_text(&root, "/start").await;
    let to_maria = app.telegram.messages_to(maria.id).len();

    app.press(&ana, &format!("u:l:v:{pid}")).await;
    app.press_button(&ana, "🚩 Report").await;
    let reasons = app.telegram.last_message_to(ana.id);
    assert!(reasons.text().contains("What happened?"), "{}", reasons.text());
    // A double tap on the reason files one report.
    let scam = reasons.button_data("Scam");
    app.press(&ana, &scam).await;
    app.press(&ana, &scam).await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("Add a few words"));
    app.send_text(&ana, "Asked me to pay\u{200B} outside   the bot")
        .await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("Thanks, an admin will look at it"));
    let filed = all_reports(&app).await;
    assert_eq!(filed.len(), 1);
    assert_eq!(filed[0].reason, "scam");
    assert_eq!(filed[0].text.as_deref(), Some("Asked me to pay outside the bot"));
    assert_eq!(filed[0].status, "new");

    // The admin was alerted, and sees the queue.
    let alert = app
        .telegram
        .messages_to(root.id)
        .into_iter()
        .find(|m| m.text().contains("New report #"))
        .expect("the admin is alerted");
    assert!(alert.text().contains("Scam"), "{}", alert.text());
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Reports (1 new)").await;
    app.press_button(&root, "#").await;
    let card = app.telegram.last_message_to(root.id);
    assert!(card.text().contains("From: Ana (id 42)"), "{}", card.text());
    assert!(card.text().contains("About: Maria"), "{}", card.text());
    assert!(card.text().contains("id 500"), "{}", card.text());
    assert!(
        card.text().contains("Asked me to pay outside the bot"),
        "{}",
        card.text()
    );
    assert!(card.buttons().iter().any(|b| b.contains("Their admin card")));
    // Her admin card counts the reports about her.
    app.press_button(&root, "Their admin card").await;
    let person = app.telegram.last_message_to(root.id);
    assert!(
        person.text().contains("Reports about them: 1 (1 not handled)"),
        "{}",
        person.text()
    );
    assert!(
        person.text().contains("Strikes (reports acted on): 0"),
        "{}",
        person.text()
    );
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Reports (1 new)").await;
    app.press_button(&root, "#").await;

    // A forged "No action needed" from a non-admin changes nothing.
    let id = filed[0].id;
    app.press(&ana, &format!("a:rp:n:{id}")).await;
    assert_eq!(all_reports(&app).await[0].status, "new");
    assert!(audit_rows(&app).await.is_empty());

    app.press_button(&root, "Mark handled").await;
    app.send_text(&root, "Warned her about outside payments").await;
    let card = app.telegram.last_message_to(root.id);
    assert!(card.text().contains("Marked handled"), "{}", card.text());
    assert!(card.text().contains("Handled by Root"), "{}", card.text());
    let handled = all_reports(&app).await;
    assert_eq!(handled[0].status, "handled");
    assert_eq!(
        handled[0].action_taken.as_deref(),
        Some("Warned her about outside payments")
    );
    let audit = audit_rows(&app).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "report_handled");
    assert_eq!(audit[0].target_user_id, Some(handled[0].reported_user_id));

    // An action was taken: a strike on Maria's card.
    app.press_button(&root, "Their admin card").await;
    let person = app.telegram.last_message_to(root.id);
    assert!(
        person.text().contains("Strikes (reports acted on): 1"),
        "{}",
        person.text()
    );

    // Maria was never told anything.
    assert_eq!(app.telegram.messages_to(maria.id).len(), to_maria);
}

#[tokio::test]
async fn a_spanish_user_reports_after_a_call_and_the_performer_reports_the_user() {
    let app = app_at_now().await;
    let (ana, maria, _) = call_ended(&app).await;
    // Ana switches to Spanish in Settings.
    app.press(&ana, "u:s:l").await;
    app.press_button(&ana, "Español").await;
    let to_maria = app.telegram.messages_to(maria.id).len();

    app.press(&ana, "u:k:m").await;
    app.press_button(&ana, "12:00 · Maria").await;
    app.press_button(&ana, "🚩 Denunciar").await;
    assert!(app.telegram.last_message_to(ana.id).text().contains("¿Qué pasó?"));
    app.press_button(&ana, "No se presentó").await;
    app.press_button(&ana, "Omitir").await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("Gracias, un admin lo revisará"));
    let filed = all_reports(&app).await;
    assert_eq!(filed.len(), 1);
    assert_eq!(filed[0].reason, "no_show");
    assert!(filed[0].booking_id.is_some());
    assert_eq!(
        app.telegram.messages_to(maria.id).len(),
        to_maria,
        "Maria is never told"
    );

    // Maria reports Ana from her past call.
    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Upcoming calls").await;
    app.press_button(&maria, "Past:").await;
    app.press_button(&maria, "Report Ana").await;
    app.press_button(&maria, "Rude").await;
    app.send_text(&maria, "Insulted me").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("Thanks, an admin will look at it"));
    let filed = all_reports(&app).await;
    assert_eq!(filed.len(), 2);
    let by_maria = filed.iter().find(|r| r.reason == "rude").unwrap();
    assert_eq!(by_maria.text.as_deref(), Some("Insulted me"));
    assert_eq!(by_maria.performer_id, None);

    // An admin closes it with one tap.
    let root = TgUser::superadmin();
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Reports (2 new)").await;
    app.press_button(&root, "Rude").await;
    app.press_button(&root, "Mark handled").await;
    app.press_button(&root, "No action needed").await;
    assert!(app
        .telegram
        .last_message_to(root.id)
        .text()
        .contains("No action needed"));
    assert_eq!(audit_rows(&app).await.len(), 1);
}
