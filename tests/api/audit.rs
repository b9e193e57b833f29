//! `/admin` → Audit: every admin action (role changes, bans, payouts, hidden reviews) is written
//! with its effect and shown newest first with who, what, to whom and when (with the zone). A
//! forged admin button from someone who is not an admin changes nothing and writes nothing.

use entity::audit_log;
use pnp_live::services::roles::{self, Role};
use pnp_live::services::users;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::disputes::{app_at_now, call_ended};
use crate::helpers::TgUser;
use crate::user_flow::adult;

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

    assert!(audit_screen(&app, &root).await.contains("No admin actions recorded yet"));

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
    assert!(screen.contains("UTC") || screen.contains("Mexico"), "a time with its zone: {screen}");
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
    assert!(screen.contains(&format!("{} · SPEI 0001", stars(120))), "{screen}");

    let maria_row = users::find_by_telegram_id(&app.db, maria.id)
        .await
        .unwrap()
        .unwrap();
    let rows = audit_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].target_user_id, Some(maria_row.id));
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
    assert!(!roles::has_role(&app.db, maria_row.id, Role::Performer).await.unwrap());

    // And the audit screen itself is refused.
    app.press(&ana, "a:au:0").await;
    let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
    assert_eq!(answer.body["show_alert"], true, "{:?}", answer.body);
    assert!(!app.telegram.last_message_to(ana.id).text().contains("Audit"));
    assert_eq!(audit_log::Entity::find().count(&app.db).await.unwrap(), 0);
}
