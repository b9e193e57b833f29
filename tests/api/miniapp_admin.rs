//! The admin's Mini App screens through `/app/api/admin`: the dashboard shows the chat's
//! figures; the bookings table filters; a booking's actions are the chat's (a refund made once,
//! with its audit row; a ban that the chat then enforces); nobody else gets in.

use entity::audit_log;
use pnp_live::services::users;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

use crate::flows::admins_week;
use crate::helpers::{TestApp, TgUser};
use crate::miniapp_performer::call;
use crate::user_flow::{booking_by_payload, texts_to, NOW};

async fn app_at_now() -> TestApp {
    let app = crate::helpers::spawn_app().await;
    app.clock.set(NOW);
    app
}

struct World {
    app: TestApp,
    ada: TgUser,
    ana: TgUser,
    bea: TgUser,
    /// Ana's paid call with Maria, now.
    paid: String,
    maria: i64,
}

/// [`admins_week`] on a fresh app at [`NOW`].
async fn world() -> World {
    let app = app_at_now().await;
    let w = admins_week(&app).await;
    World {
        app,
        ada: w.ada,
        ana: w.ana,
        bea: w.bea,
        paid: w.paid.id.to_string(),
        maria: w.maria,
    }
}

async fn get(app: &TestApp, who: &TgUser, path: &str) -> (u16, Value) {
    call(app, who, reqwest::Method::GET, path, None).await
}

async fn post(app: &TestApp, who: &TgUser, path: &str, body: Value) -> (u16, Value) {
    call(app, who, reqwest::Method::POST, path, Some(body)).await
}

fn audit_rows(rows: &[audit_log::Model], action: &str) -> usize {
    rows.iter().filter(|r| r.action == action).count()
}

#[tokio::test]
async fn the_dashboard_shows_the_chats_figures() {
    let w = world().await;
    let (status, board) = get(&w.app, &w.ada, "/admin/dashboard").await;
    assert_eq!(status, 200, "{board}");
    assert_eq!(board["today"]["bookings"], 2);
    assert_eq!(board["week"]["bookings"], 2);
    assert_eq!(board["today"]["stars_taken"], 150);
    assert_eq!(board["performers_online"], 1);
    // The chat's /admin says the same.
    w.app.send_text(&w.ada, "/admin").await;
    let panel = w.app.telegram.last_message_to(900).text().to_owned();
    assert!(panel.contains("2 bookings"), "{panel}");
    assert!(panel.contains("150 ⭐ taken"), "{panel}");
    assert!(panel.contains("1 performers online"), "{panel}");
}

#[tokio::test]
async fn an_admin_filters_by_status_and_refunds_once_with_an_audit_row() {
    let w = world().await;
    let app = &w.app;

    let (status, table) = get(app, &w.ada, "/admin/bookings?status=confirmed").await;
    assert_eq!(status, 200, "{table}");
    assert_eq!(table["total"], 1);
    assert_eq!(table["rows"][0]["id"], w.paid.as_str());
    assert_eq!(table["rows"][0]["status_label"], "✅ confirmed");
    let (_, waiting) = get(app, &w.ada, "/admin/bookings?status=awaiting_payment").await;
    assert_eq!(waiting["total"], 1);
    assert!(
        waiting["rows"][0]["user"].as_str().unwrap().contains("Bea"),
        "{waiting}"
    );
    let (_, by_user) = get(app, &w.ada, "/admin/bookings?user=43").await;
    assert_eq!(by_user["total"], 1);
    let (_, by_performer) = get(app, &w.ada, &format!("/admin/bookings?performer={}", w.maria)).await;
    assert_eq!(by_performer["total"], 2);
    let (_, by_date) = get(app, &w.ada, "/admin/bookings?date=2026-12-08").await;
    assert_eq!(by_date["total"], 1, "Bea's Tuesday call: {by_date}");
    let (_, nobody) = get(app, &w.ada, "/admin/bookings?user=@nobody_here").await;
    assert_eq!(nobody["total"], 0);

    let (status, card) = get(app, &w.ada, &format!("/admin/bookings/{}", w.paid)).await;
    assert_eq!(status, 200, "{card}");
    assert_eq!(card["actions"]["cancel"], true);
    assert_eq!(
        card["actions"]["refund"], false,
        "only a completed call is refunded without cancelling"
    );
    assert_eq!(card["payment"]["status"], "paid");
    assert!(card["events"].as_array().unwrap().len() >= 3, "{card}");
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());

    let (status, done) = post(
        app,
        &w.ada,
        &format!("/admin/bookings/{}/cancel", w.paid),
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    let refunds = app.telegram.calls_to("refundStarPayment");
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].body["telegram_payment_charge_id"], "charge-ana");
    assert_eq!(done["status"], "refunded", "{done}");
    assert_eq!(done["actions"]["cancel"], false);
    assert!(texts_to(app, 42).join("\n").contains("refunded"));
    let audit = audit_log::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(audit_rows(&audit, "cancel"), 1, "{audit:?}");
    let ada_row = users::find_by_telegram_id(&app.db, 900).await.unwrap().unwrap();
    assert!(audit.iter().all(|r| r.actor_id == Some(ada_row.id)));

    // A second try (a double tap, another admin) is refused with a reason, and refunds nothing.
    let (status, again) = post(
        app,
        &w.ada,
        &format!("/admin/bookings/{}/cancel", w.paid),
        json!({}),
    )
    .await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("too_late")),
        "{again}"
    );
    assert!(!again["message"].as_str().unwrap().is_empty());
    let (status, again) = post(
        app,
        &w.ada,
        &format!("/admin/bookings/{}/refund", w.paid),
        json!({}),
    )
    .await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("not_refundable")),
        "{again}"
    );
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    let audit = audit_log::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(audit_rows(&audit, "cancel"), 1);
    assert_eq!(audit_rows(&audit, "refund"), 0);
}

#[tokio::test]
async fn a_ban_from_the_app_needs_a_reason_and_takes_effect_in_the_chat() {
    let w = world().await;
    let app = &w.app;
    let bea_row = users::find_by_telegram_id(&app.db, 43).await.unwrap().unwrap();
    let (_, table) = get(app, &w.ada, "/admin/bookings?user=43").await;
    let bea_booking = table["rows"][0]["id"].as_str().unwrap().to_owned();
    let (_, card) = get(app, &w.ada, &format!("/admin/bookings/{bea_booking}")).await;
    assert_eq!(card["actions"]["ban_user"], true);
    assert_eq!(card["user"]["id"], bea_row.id);

    let (status, body) = post(
        app,
        &w.ada,
        &format!("/admin/users/{}/ban", bea_row.id),
        json!({"reason": "  "}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("reason_required")),
        "{body}"
    );
    assert!(users::find_by_id(&app.db, bea_row.id)
        .await
        .unwrap()
        .unwrap()
        .banned_at
        .is_none());

    let (status, done) = post(
        app,
        &w.ada,
        &format!("/admin/users/{}/ban", bea_row.id),
        json!({"reason": "abusive messages", "booking": bea_booking}),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(
        done["card"]["status"], "cancelled",
        "her unpaid hold is released: {done}"
    );
    assert_eq!(done["card"]["user"]["banned"], true);
    let banned = users::find_by_id(&app.db, bea_row.id).await.unwrap().unwrap();
    assert_eq!(banned.banned_reason.as_deref(), Some("abusive messages"));
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("ban"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].target_user_id, Some(bea_row.id));

    // The chat refuses her now, and so does the app.
    app.send_text(&w.bea, "/start").await;
    let told = app.telegram.last_message_to(43).text().to_owned();
    assert!(told.contains("blocked from using this bot"), "{told}");
    let (status, body) = get(app, &w.bea, "/me").await;
    assert_eq!((status, body["code"].as_str()), (403, Some("banned")));

    // Twice is refused clearly.
    let (status, body) = post(
        app,
        &w.ada,
        &format!("/admin/users/{}/ban", bea_row.id),
        json!({"reason": "again"}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("unchanged")),
        "{body}"
    );
}

#[tokio::test]
async fn a_non_admin_is_refused_everywhere_and_nothing_changes() {
    let w = world().await;
    let app = &w.app;
    let bea_row = users::find_by_telegram_id(&app.db, 43).await.unwrap().unwrap();
    let maria_user = TgUser::new(500, "Maria", Some("maria_cam"));
    for who in [&w.ana, &maria_user] {
        for path in ["/admin/dashboard", "/admin/bookings?status=confirmed"] {
            let (status, body) = get(app, who, path).await;
            assert_eq!(
                (status, body["code"].as_str()),
                (403, Some("forbidden")),
                "{path}"
            );
        }
        let (status, _) = get(app, who, &format!("/admin/bookings/{}", w.paid)).await;
        assert_eq!(status, 403);
        let (status, _) = post(app, who, &format!("/admin/bookings/{}/cancel", w.paid), json!({})).await;
        assert_eq!(status, 403);
        let (status, _) = post(
            app,
            who,
            &format!("/admin/users/{}/ban", bea_row.id),
            json!({"reason": "x"}),
        )
        .await;
        assert_eq!(status, 403);
    }
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());
    assert!(users::find_by_id(&app.db, bea_row.id)
        .await
        .unwrap()
        .unwrap()
        .banned_at
        .is_none());
    assert!(audit_log::Entity::find().all(&app.db).await.unwrap().is_empty());
    let (status, board) = get(app, &w.ada, "/admin/dashboard").await;
    assert_eq!(status, 200, "{board}");
    let (_, table) = get(app, &w.ada, "/admin/bookings?status=confirmed").await;
    assert_eq!(table["total"], 1, "still confirmed");
}

#[tokio::test]
async fn a_completed_call_is_refunded_once_without_cancelling_and_its_review_hidden() {
    let (app, _daily) = crate::calls::daily_app().await;
    let (ana, _maria, payload) = crate::reviews::daily_call_completed(&app).await;
    app.press_button(&ana, "⭐1").await;
    let booking = booking_by_payload(&app, &payload).await;
    let root = TgUser::superadmin();
    let path = format!("/admin/bookings/{}", booking.id);

    let (_, table) = get(&app, &root, "/admin/bookings?status=completed").await;
    assert_eq!(table["total"], 1, "{table}");
    let (status, card) = get(&app, &root, &path).await;
    assert_eq!(status, 200, "{card}");
    assert_eq!(card["actions"]["refund"], true);
    assert_eq!(card["actions"]["cancel"], false);
    assert_eq!(card["actions"]["hide_review"], true);
    assert_eq!(card["review"]["stars"], 1);

    let (status, done) = post(&app, &root, &format!("{path}/refund"), json!({})).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    assert_eq!(done["status"], "completed", "the booking keeps its status");
    assert_eq!(done["payment"]["status"], "refunded", "{done}");
    assert_eq!(done["actions"]["refund"], false);
    let (status, again) = post(&app, &root, &format!("{path}/refund"), json!({})).await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("not_refundable")),
        "{again}"
    );
    assert!(
        again["message"]
            .as_str()
            .unwrap()
            .contains("no longer be refunded"),
        "{again}"
    );
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);

    let (status, hidden) = post(&app, &root, &format!("{path}/hide-review"), json!({})).await;
    assert_eq!(status, 200, "{hidden}");
    assert_eq!(hidden["review"]["hidden"], true);
    let (status, again) = post(&app, &root, &format!("{path}/hide-review"), json!({})).await;
    assert_eq!((status, again["code"].as_str()), (409, Some("review_not_shown")));

    let audit = audit_log::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(audit_rows(&audit, "refund"), 1, "{audit:?}");
    assert_eq!(audit_rows(&audit, "hide-review"), 1, "{audit:?}");
}
