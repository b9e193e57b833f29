//! An admin in the Mini App, in Chromium: the dashboard's figures, the bookings table filtered by
//! status and performer, a booking opened with its history, cancelled with a refund after a
//! confirmation — once, however often the button is tapped.

use entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::flows::{admins_week, texts_to, AdminsWeek, NOW};
use crate::harness::{Browser, Theme};
use crate::helpers::spawn_app;

#[tokio::test]
async fn an_admin_filters_the_bookings_and_refunds_one() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    app.clock.set(NOW);
    let AdminsWeek {
        ada,
        ana,
        paid,
        maria,
        ..
    } = admins_week(&app).await;
    browser.client.now = Some(NOW);

    browser.open_app(&app, &ada, "").await;
    browser.click("[data-go=admin-dashboard]").await;
    browser.wait_for_screen("admin-dashboard").await;
    let today = browser.texts("[data-figure=bookings]").await;
    assert_eq!(today[0], "2", "today: Ana's call and Bea's hold: {today:?}");
    browser.screenshot("admin-dashboard-light").await;
    browser.switch_theme(Theme::Dark).await;
    browser.readme_screenshot("admin-dashboard-dark").await;
    browser.switch_theme(Theme::Light).await;

    browser.click(".menu-item.wide").await;
    browser.wait_for_screen("admin-bookings").await;
    assert_eq!(browser.texts(".booking-row").await.len(), 2);
    // Confirmed bookings of Maria's only: Ana's call.
    browser.select("select[name=status]", "confirmed").await;
    browser.select("select[name=performer]", &maria.to_string()).await;
    browser.click("form.filters button[type=submit]").await;
    browser
        .wait_until("document.querySelectorAll('.booking-row').length === 1")
        .await;
    let row = browser.text(".booking-row").await;
    assert!(row.contains("Ana") && row.contains("Maria"), "{row}");
    assert_eq!(
        browser.attr(".booking-row", "data-booking").await.as_deref(),
        Some(paid.id.to_string().as_str())
    );
    browser.screenshot("admin-bookings-light").await;
    browser.switch_theme(Theme::Dark).await;
    browser.screenshot("admin-bookings-dark").await;
    browser.switch_theme(Theme::Light).await;

    browser.click(".booking-row").await;
    browser.wait_for_screen("admin-booking").await;
    assert_eq!(
        browser.attr("[data-payment]", "data-payment").await.as_deref(),
        Some("paid")
    );
    assert!(browser.texts("ol.events li").await.len() >= 3);
    browser.screenshot("admin-booking-light").await;
    // Cancel with a refund: a confirmation first, which says how much goes back.
    browser.click("[data-action=cancel]").await;
    let ask = browser.text(".confirm p").await;
    assert!(ask.contains("150"), "{ask}");
    assert!(app.telegram.calls_to("refundStarPayment").is_empty());
    // Two quick taps on Yes: one refund.
    browser
        .eval("const b = document.querySelector('[data-confirm=yes]'); b.click(); b.click(); return null;")
        .await;
    browser
        .wait_until("document.querySelector('[data-status=refunded]')")
        .await;
    assert!(!browser.exists("[data-action=cancel]").await);
    browser.screenshot("admin-booking-refunded-light").await;
    let refunds = app.telegram.calls_to("refundStarPayment");
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].body["telegram_payment_charge_id"], "charge-ana");
    assert!(texts_to(&app, ana.id).join("\n").contains("refunded"));
    let cancels = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("cancel"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(cancels.len(), 1, "{cancels:?}");

    // Back in the table, the filter for refunded bookings finds it.
    browser.back_button_click().await;
    browser.wait_for_screen("admin-bookings").await;
    browser.select("select[name=status]", "refunded").await;
    browser.click("form.filters button[type=submit]").await;
    browser
        .wait_until("document.querySelectorAll('.booking-row[data-status=refunded]').length === 1")
        .await;
    assert_eq!(browser.page_errors().await, Vec::<String>::new());
}
