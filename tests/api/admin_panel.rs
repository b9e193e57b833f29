//! The admin panel's figures: today's and this week's bookings by status, Stars taken and
//! refunded, no-shows, performers online and the notices waiting, from the admin's own day.

use crate::helpers::{spawn_app, TgUser};
use crate::user_flow::{adult, pay_last_invoice, performer, NOW};

#[tokio::test]
async fn the_admin_panel_shows_todays_and_this_weeks_figures() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (_maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Thu 10 ·").await;
    app.press_button(&ana, "12:00").await;
    pay_last_invoice(&app, &ana, "charge-panel").await;

    let root = TgUser::superadmin();
    app.send_text(&root, "/admin").await;
    let panel = app.telegram.last_message_to(root.id).text().to_owned();
    assert!(panel.contains("Today (since 00:00"), "{panel}");
    assert!(panel.contains("This week (since"), "{panel}");
    assert!(panel.contains("1 bookings"), "{panel}");
    assert!(panel.contains("150 ⭐ taken"), "{panel}");
    assert!(panel.contains("0 ⭐ refunded"), "{panel}");
    assert!(panel.contains("performers online"), "{panel}");
}
