//! `/admin` → Users: bans. A ban takes a reason, is audited in the same transaction, releases
//! the person's unpaid holds, cancels and refunds their paid upcoming calls, hides a banned
//! performer, and leaves the person one short notice a minute; who may ban whom is checked on
//! the server.

use pnp_live::services::bans;
use pnp_live::services::roles::{self, Role};
use pnp_live::services::{profiles, users};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{spawn_app, TestApp, TgUser};
use crate::user_flow::{adult, book_now, booking_by_payload, pay_last_invoice, performer, texts_to, NOW};

async fn app_at_now() -> TestApp {
    let app = spawn_app().await;
    app.clock.set(NOW);
    app
}

async fn row(app: &TestApp, telegram_id: i64) -> entity::users::Model {
    users::find_by_telegram_id(&app.db, telegram_id)
        .await
        .unwrap()
        .unwrap()
}

/// `admin` opens Users, finds `telegram_id`, and bans them for `reason`.
async fn ban_through_the_panel(app: &TestApp, admin: &TgUser, telegram_id: i64, reason: &str) {
    app.send_text(admin, "/admin").await;
    app.press_button(admin, "Users").await;
    app.send_text(admin, &telegram_id.to_string()).await;
    let card = app.telegram.last_message_to(admin.id);
    assert!(card.text().contains("Not banned"), "{}", card.text());
    app.press_button(admin, "Ban").await;
    assert!(app
        .telegram
        .last_message_to(admin.id)
        .text()
        .contains("Type the reason"));
    app.send_text(admin, reason).await;
    let confirm = app.telegram.last_message_to(admin.id);
    assert!(confirm.text().contains(reason), "{}", confirm.text());
    app.press_button(admin, "Confirm ban").await;
}

#[tokio::test]
async fn a_banned_users_paid_call_is_refunded_and_their_updates_get_one_short_notice() {
    let app = app_at_now().await;
    let (maria, _) = performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let payload = pay_last_invoice(&app, &ana, "charge-ana").await;
    let root = TgUser::superadmin();

    ban_through_the_panel(&app, &root, 42, "fake payments").await;

    let card = app.telegram.last_message_to(root.id);
    assert!(card.text().contains("is banned"), "{}", card.text());
    assert!(card.text().contains("Reason: fake payments"), "{}", card.text());
    assert!(card.buttons().iter().any(|b| b.contains("Unban")));
    // The paid call: cancelled by the admin and refunded in full; both sides told.
    let booking = booking_by_payload(&app, &payload).await;
    assert_ne!(booking.status.as_str(), "confirmed");
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    assert!(texts_to(&app, maria.id).iter().any(|t| t.contains("cancel")));
    // Audited, with the reason and who did it, and the reason is not shown to Ana.
    let ana_row = row(&app, 42).await;
    let root_row = row(&app, root.id).await;
    let history = bans::history(&app.db, ana_row.id, 10).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, "ban");
    assert_eq!(history[0].actor_id, Some(root_row.id));
    assert_eq!(history[0].detail.as_deref(), Some("fake payments"));
    // The cancellation the ban caused is the admin's, with its own audit row for the booking.
    let cancels = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Action.eq("cancel"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(cancels.len(), 1, "{cancels:?}");
    assert_eq!(cancels[0].actor_id, Some(root_row.id));
    assert_eq!(cancels[0].target_user_id, Some(ana_row.id));
    let short = booking.id.simple().to_string();
    assert!(
        cancels[0]
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains(&short[..8]),
        "{cancels:?}"
    );
    assert!(!texts_to(&app, 42).iter().any(|t| t.contains("fake payments")));

    // Ana's messages and taps get one short notice, then nothing.
    let before = app.telegram.messages_to(42).len();
    app.send_text(&ana, "/start").await;
    assert!(app.telegram.last_message_to(42).text().contains("blocked"));
    app.send_text(&ana, "/start").await;
    app.press(&ana, "u:m").await;
    assert_eq!(app.telegram.messages_to(42).len(), before + 1);

    // Unbanned, she is served again, and that is audited too.
    app.press_button(&root, "Unban").await;
    assert!(app
        .telegram
        .last_message_to(root.id)
        .text()
        .contains("no longer banned"));
    app.send_text(&ana, "/start").await;
    assert!(app.telegram.messages_to(42).len() > before + 1);
    let history = bans::history(&app.db, ana_row.id, 10).await.unwrap();
    assert_eq!(history[0].action, "unban");
}

#[tokio::test]
async fn a_banned_users_unpaid_hold_is_released_at_once_and_a_banned_performer_is_hidden() {
    let app = app_at_now().await;
    let (maria, maria_profile) = performer(&app, 500, "Maria", true).await;
    let bob = adult(&app, 43, "Bob").await;
    book_now(&app, &bob).await;
    let payload = app.telegram.calls_to("sendInvoice").pop().unwrap().body["payload"]
        .as_str()
        .unwrap()
        .to_owned();
    let root = TgUser::superadmin();

    ban_through_the_panel(&app, &root, 43, "harassment").await;
    assert_eq!(
        booking_by_payload(&app, &payload).await.status.as_str(),
        "cancelled"
    );
    // The slot is free again: Carl gets Maria now.
    let carl = adult(&app, 44, "Carl").await;
    book_now(&app, &carl).await;
    assert!(app
        .telegram
        .calls_to("sendInvoice")
        .iter()
        .any(|c| c.chat_id() == Some(44)));

    // A banned performer goes offline and out of every list.
    ban_through_the_panel(&app, &root, maria.id, "fraud").await;
    let profile = profiles::get(&app.db, maria_profile).await.unwrap().unwrap();
    assert!(!profile.online);
    assert!(profiles::get_active(&app.db, maria_profile)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_forged_ban_from_a_non_admin_changes_nothing() {
    let app = app_at_now().await;
    adult(&app, 42, "Ana").await;
    let eve = adult(&app, 66, "Eve").await;
    let ana_id = row(&app, 42).await.id;
    for data in [
        format!("a:u:b:{ana_id}"),
        format!("a:u:x:{ana_id}"),
        format!("a:u:u:{ana_id}"),
        "a:u:f".to_owned(),
    ] {
        app.press(&eve, &data).await;
        let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
        assert!(
            answer.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("only for admins"),
            "{:?}",
            answer.body
        );
    }
    assert!(row(&app, 42).await.banned_at.is_none());
    assert!(bans::history(&app.db, ana_id, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn admins_cannot_ban_each_other_and_nobody_bans_a_superadmin() {
    let app = app_at_now().await;
    let root = TgUser::superadmin();
    app.send_text(&root, "/start").await;
    let adam = adult(&app, 70, "Adam").await;
    adult(&app, 71, "Zed").await;
    let (adam_row, zed_row, root_row) = (row(&app, 70).await, row(&app, 71).await, row(&app, root.id).await);
    for who in [adam_row.id, zed_row.id] {
        roles::grant(&app.db, who, Role::Admin, None, NOW).await.unwrap();
    }

    // Adam sees Zed's card without a Ban button; a forged one is refused.
    app.send_text(&adam, "/admin").await;
    app.press_button(&adam, "Users").await;
    app.send_text(&adam, "71").await;
    let card = app.telegram.last_message_to(70);
    assert!(card.text().contains("admin"), "{}", card.text());
    assert!(!card.buttons().iter().any(|b| b.contains("Ban")));
    app.press(&adam, &format!("a:u:b:{}", zed_row.id)).await;
    assert!(app.telegram.last_message_to(70).text().contains("cannot ban"));
    // Nor the superadmin.
    app.press(&adam, &format!("a:u:b:{}", root_row.id)).await;
    assert!(app.telegram.last_message_to(70).text().contains("cannot ban"));
    assert!(row(&app, 71).await.banned_at.is_none());

    // The service says the same, whoever asks: a superadmin bans an admin, never a superadmin.
    let adam_actor = bans::Actor {
        user_id: adam_row.id,
        superadmin: false,
    };
    let root_actor = bans::Actor {
        user_id: root_row.id,
        superadmin: true,
    };
    let banned = bans::ban(&app.db, adam_actor, &zed_row, false, "x", NOW)
        .await
        .unwrap();
    assert_eq!(banned, bans::Outcome::Refused);
    let banned = bans::ban(&app.db, root_actor, &root_row, true, "x", NOW)
        .await
        .unwrap();
    assert_eq!(banned, bans::Outcome::Refused);
    ban_through_the_panel(&app, &root, 71, "left the team badly").await;
    assert!(row(&app, 71).await.banned_at.is_some());
}

#[tokio::test]
async fn a_banned_user_gets_no_go_online_broadcast() {
    let app = app_at_now().await;
    let (maria, _) = performer(&app, 500, "Maria", false).await;
    adult(&app, 42, "Ana").await;
    adult(&app, 43, "Bob").await;
    let root = TgUser::superadmin();
    ban_through_the_panel(&app, &root, 43, "spam").await;

    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Go Online").await;
    let calls = crate::broadcast::wait_for_broadcasts(&app, 1).await;
    assert!(calls.iter().any(|c| c.chat_id() == Some(42)));
    // Bob is not even queued.
    let bob = row(&app, 43).await;
    let queued = entity::broadcast_deliveries::Entity::find()
        .filter(entity::broadcast_deliveries::Column::UserId.eq(bob.id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(queued, 0);
    assert!(!calls.iter().any(|c| c.chat_id() == Some(43)));
}
