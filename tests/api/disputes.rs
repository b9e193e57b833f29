//! "Did your call take place?" with the default provider (`meet`, no join events): the user is
//! asked after the call; "No" asks the performer and gives the admins a one-tap settlement.

use crate::helpers::{spawn_app, TestApp, TgUser};
use crate::user_flow::{adult, booking_by_payload, pay_last_invoice, performer, texts_to, NOW};

/// Ana books Maria for Thursday 12:00 Mexico City (18:00 UTC), pays, and the call's end plus
/// the grace passes; returns the booking's invoice payload.
pub(crate) async fn call_ended(app: &TestApp) -> (TgUser, TgUser, String) {
    let (maria, pid) = performer(app, 500, "Maria", false).await;
    let ana = adult(app, 42, "Ana").await;
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Thu 10 ·").await;
    app.press_button(&ana, "12:00").await;
    let payload = pay_last_invoice(app, &ana, "charge-dispute").await;
    app.clock.set(time::macros::datetime!(2026-12-10 18:45 UTC));
    app.run_jobs().await;
    assert_eq!(
        booking_by_payload(app, &payload).await.status.as_str(),
        "completed"
    );
    (ana, maria, payload)
}

pub(crate) async fn app_at_now() -> TestApp {
    let app = spawn_app().await;
    app.clock.set(NOW);
    app
}

#[tokio::test]
async fn a_user_says_the_performer_never_came_and_an_admin_refunds_with_one_tap_once() {
    let app = app_at_now().await;
    let (ana, maria, payload) = call_ended(&app).await;
    let asked = texts_to(&app, 42)
        .into_iter()
        .find(|t| t.contains("Did it take place?"))
        .expect("Ana is asked");
    assert!(
        asked.contains("Thu 10 Dec, 12:00 (America/Mexico_City)"),
        "{asked}"
    );

    let missed = app
        .telegram
        .messages_to(42)
        .into_iter()
        .rev()
        .find(|c| c.text().contains("Did it take place?"))
        .unwrap()
        .button_data("didn't come");
    app.press_under(&ana, |_| true, "didn't come").await;
    assert!(app
        .telegram
        .last_message_to(42)
        .text()
        .contains("an admin will decide"));
    let performer_asked = texts_to(&app, maria.id)
        .into_iter()
        .find(|t| t.contains("did not take place"))
        .expect("Maria is asked");
    assert!(performer_asked.contains("Ana"), "{performer_asked}");

    let root = TgUser::superadmin();
    let keep = app.telegram.last_message_to(root.id).button_data("Keep payment");
    app.press_under(&root, |_| true, "Refund").await;
    assert!(app.telegram.last_message_to(root.id).text().contains("Settled"));
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "refunded"
    );
    assert!(texts_to(&app, 42)
        .iter()
        .any(|t| t.contains("you get a full refund")));
    let audit = <entity::audit_log::Entity as sea_orm::EntityTrait>::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(audit[0].action, "settle");
    assert!(audit[0].detail.as_deref().unwrap().ends_with("refund"));

    // A second tap (a double tap, or a second admin's copy) changes nothing.
    app.press(&root, &keep).await;
    assert!(app
        .telegram
        .last_message_to(root.id)
        .text()
        .contains("already settled"));
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    // And Ana's double tap reports nothing twice.
    app.press(&ana, &missed).await;
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
}

#[tokio::test]
async fn a_performer_who_agrees_the_call_did_not_happen_refunds_it_herself() {
    let app = app_at_now().await;
    let (ana, maria, payload) = call_ended(&app).await;
    app.press_under(&ana, |_| true, "didn't come").await;
    app.press_under(&maria, |_| true, "refund them").await;
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    let audit = <entity::audit_log::Entity as sea_orm::EntityTrait>::find()
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        audit.is_empty(),
        "the performer agreeing is not an admin action: {audit:?}"
    );
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "refunded"
    );
    let root = TgUser::superadmin();
    app.press_under(&root, |_| true, "Keep payment").await;
    assert!(app
        .telegram
        .last_message_to(root.id)
        .text()
        .contains("already settled"));
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "refunded"
    );
}

#[tokio::test]
async fn a_call_that_took_place_stays_completed_and_paid() {
    let app = app_at_now().await;
    let (ana, maria, payload) = call_ended(&app).await;
    app.press_under(&ana, |_| true, "Yes, it did").await;
    assert!(app.telegram.last_message_to(42).text().contains("Thanks"));
    assert!(!texts_to(&app, maria.id)
        .iter()
        .any(|t| t.contains("did not take place")));
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "completed"
    );
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());
}
