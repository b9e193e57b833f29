//! `/admin` → Audit: every admin action (role changes, bans, payouts, hidden reviews) is written
//! with its effect and shown newest first with who, what, to whom and when (with the zone). A
//! forged admin button from someone who is not an admin changes nothing and writes nothing.

use entity::audit_log;
use pnp_live::clock::Clock;
use pnp_live::services::roles::{self, Role};
use pnp_live::services::users;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::disputes::{app_at_now, call_ended};
use crate::helpers::TgUser;
use crate::user_flow::{adult, booking_by_payload, pay_last_invoice, performer, texts_to};

fn stars(n: i64) -> String {
    pnp_live::domain::money::Money::new(n, pnp_live::domain::money::Currency::XTR).format()
}

async fn audit_rows(app: &crate::helpers::TestApp) -> Vec<audit_log::Model> {
    audit_log::Entity::find().all(&app.db).await.unwrap()
}

async fn audit_screen(app: &crate::helpers::TestApp, admin: &TgUser) -> String {
    app.send_text(admin, "/admin").await;
    app.press_button(admin, "Audit").await;
    app.telegram.last_message_to(admin.id).text().to_owned()
}

#[tokio::test]
async fn a_role_grant_and_a_ban_are_on_the_audit_screen_newest_first() {
    let app = app_at_now().await;
    let root = TgUser::superadmin();
    let maria = TgUser::new(500, "Maria", Some("MariaCam"));
    app.send_text(&maria, "/start").await;
    let ana = adult(&app, 42, "Ana").await;

    assert!(audit_screen(&app, &root)
        .await
        .contains("No admin actions recorded yet"));

    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Roles").await;
    app.press_button(&root, "Add performer").await;
    app.send_text(&root, "@mariacam").await;
    app.press_button(&root, "Confirm").await;

    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Users").await;
    app.send_text(&root, &ana.id.to_string()).await;
    app.press_button(&root, "Ban").await;
    app.send_text(&root, "fake payments").await;
    app.press_button(&root, "Confirm ban").await;

    let screen = audit_screen(&app, &root).await;
    let grant = screen
        .find("@root_admin: granted a role to @mariacam")
        .unwrap_or_else(|| panic!("{screen}"));
    let ban = screen
        .find("@root_admin: banned Ana (42)")
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(ban < grant, "newest first: {screen}");
    assert!(screen.contains("performer"), "{screen}");
    assert!(screen.contains("fake payments"), "{screen}");
    assert!(
        screen.contains("UTC") || screen.contains("Mexico"),
        "a time with its zone: {screen}"
    );
    assert!(
        app.telegram
            .last_message_to(root.id)
            .buttons()
            .iter()
            .any(|b| b.contains("Admin")),
        "a way back"
    );
    let actions: Vec<_> = audit_rows(&app).await.into_iter().map(|r| r.action).collect();
    assert_eq!(actions, ["grant", "ban"]);
}

#[tokio::test]
async fn a_payout_and_a_revoke_are_audited() {
    let app = app_at_now().await;
    let (_ana, maria, _payload) = call_ended(&app).await;
    let root = TgUser::superadmin();
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Payouts").await;
    app.press_button(&root, "Maria").await;
    app.press_button(&root, &format!("Mark {} paid", stars(120)))
        .await;
    app.send_text(&root, "SPEI 0001").await;

    let screen = audit_screen(&app, &root).await;
    assert!(screen.contains("recorded a payout to"), "{screen}");
    assert!(
        screen.contains(&format!("{} · SPEI 0001", stars(120))),
        "{screen}"
    );

    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Roles").await;
    app.press_button(&root, "Remove performer").await;
    app.press_button(&root, "➖").await;
    app.press_button(&root, "Confirm").await;
    let screen = audit_screen(&app, &root).await;
    assert!(screen.contains("removed a role from"), "{screen}");

    let maria_row = users::find_by_telegram_id(&app.db, maria.id)
        .await
        .unwrap()
        .unwrap();
    let rows = audit_rows(&app).await;
    let actions: Vec<_> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["payout", "revoke"]);
    assert!(rows.iter().all(|r| r.target_user_id == Some(maria_row.id)));
}

#[tokio::test]
async fn a_forged_admin_button_from_a_non_admin_changes_nothing() {
    let app = app_at_now().await;
    let root = TgUser::superadmin();
    let maria = TgUser::new(500, "Maria", Some("MariaCam"));
    app.send_text(&maria, "/start").await;
    let ana = adult(&app, 42, "Ana").await;

    // Root reaches "Make @mariacam a performer? [Confirm]" but does not tap it; Ana forges it.
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Roles").await;
    app.press_button(&root, "Add performer").await;
    app.send_text(&root, "@mariacam").await;
    let grant = app.telegram.last_message_to(root.id).button_data("Confirm");
    app.press(&ana, &grant).await;
    let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
    assert_eq!(answer.body["show_alert"], true, "{:?}", answer.body);
    let maria_row = users::find_by_telegram_id(&app.db, maria.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!roles::has_role(&app.db, maria_row.id, Role::Performer)
        .await
        .unwrap());

    // And the audit screen itself is refused.
    app.press(&ana, "a:au:0").await;
    let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
    assert_eq!(answer.body["show_alert"], true, "{:?}", answer.body);
    assert!(!app.telegram.last_message_to(ana.id).text().contains("Audit"));
    assert_eq!(audit_log::Entity::find().count(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn refund_without_cancelling_refunds_a_completed_call_once_and_keeps_its_status() {
    let app = app_at_now().await;
    let (ana, _maria, payload) = call_ended(&app).await;
    let booking = booking_by_payload(&app, &payload).await;
    let root = TgUser::superadmin();
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Bookings").await;
    app.send_text(&root, &booking.id.to_string()).await;
    app.press_button(&root, "Refund without cancelling").await;
    let confirm = app.telegram.last_message_to(root.id);
    assert!(confirm.text().contains("no partial refund"), "{}", confirm.text());
    assert!(
        confirm.text().contains(&stars(150)) || confirm.text().contains("in full"),
        "{}",
        confirm.text()
    );
    let yes = confirm.button_data("Yes, refund in full");

    // Ana forges the confirmation: refused, nothing refunded.
    app.press(&ana, &yes).await;
    let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
    assert_eq!(answer.body["show_alert"], true, "{:?}", answer.body);
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());

    // A double tap on the confirmation.
    app.press(&root, &yes).await;
    app.press(&root, &yes).await;

    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    let after = booking_by_payload(&app, &payload).await;
    assert_eq!(after.status.as_str(), "completed", "the booking keeps its status");
    assert!(
        texts_to(&app, ana.id).iter().any(|t| t.contains("refunded")),
        "Ana is told"
    );
    let card = app.telegram.last_message_to(root.id);
    assert!(card.text().contains("no longer be refunded"), "{}", card.text());
    assert!(!card
        .buttons()
        .iter()
        .any(|b| b.contains("Refund without cancelling")));

    let rows = audit_rows(&app).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].action, "refund");
    let screen = audit_screen(&app, &root).await;
    assert!(
        screen.contains("refunded without cancelling the booking of Ana"),
        "{screen}"
    );

    // The performer's credit for it is reversed: nothing owed any more.
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Payouts").await;
    let list = app.telegram.last_message_to(root.id);
    assert!(
        !list.text().contains(&format!("Maria: {}", stars(120))),
        "{}",
        list.text()
    );
}

#[tokio::test]
async fn an_admins_cancel_and_refund_is_audited() {
    let app = app_at_now().await;
    let (_maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Thu 10 ·").await;
    app.press_button(&ana, "12:00").await;
    let payload = pay_last_invoice(&app, &ana, "charge-audit").await;
    let booking = booking_by_payload(&app, &payload).await;

    let root = TgUser::superadmin();
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Bookings").await;
    app.send_text(&root, &booking.id.to_string()).await;
    assert!(
        !app.telegram
            .last_message_to(root.id)
            .buttons()
            .iter()
            .any(|b| b.contains("Refund without cancelling")),
        "not before the call: cancel is the action"
    );
    app.press_button(&root, "Cancel and refund").await;
    app.press_button(&root, "Yes, cancel and refund").await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "refunded"
    );

    let rows = audit_rows(&app).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].action, "cancel");
    let screen = audit_screen(&app, &root).await;
    assert!(
        screen.contains("cancelled and refunded the booking of Ana"),
        "{screen}"
    );
}

#[tokio::test]
async fn the_audit_is_ten_a_page_and_long_details_still_fit_one_message() {
    let app = app_at_now().await;
    let root = TgUser::superadmin();
    app.send_text(&root, "/start").await;
    let root_row = users::find_by_telegram_id(&app.db, root.id)
        .await
        .unwrap()
        .unwrap();
    for n in 0..11 {
        let reason = format!("reason {n} {}", "x".repeat(500));
        pnp_live::services::audit::record(&app.db, root_row.id, "ban", None, Some(reason), app.clock.now())
            .await
            .unwrap();
    }
    let screen = audit_screen(&app, &root).await;
    assert!(screen.contains("(11)"), "{screen}");
    assert!(screen.contains("reason 10 "), "newest first: {screen}");
    assert!(!screen.contains("reason 0 "), "{screen}");
    assert!(screen.chars().count() <= 4096, "{}", screen.chars().count());
    app.press_button(&root, "Next").await;
    let second = app.telegram.last_message_to(root.id);
    assert!(second.text().contains("reason 0 "), "{}", second.text());
    assert!(second.buttons().iter().any(|b| b.contains("Prev")));
}
