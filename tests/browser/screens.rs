//! Every screen of the Mini App, for the role that has it, in Telegram's light and dark themes:
//! it renders without a script error, fits a 360 px phone, and leaves a screenshot in
//! `target/screenshots/` (the README's come from here and the flow tests).

use pnp_live::services::profile_edits;

use crate::fake_telegram::REAL_PHOTO;
use crate::flows::{adult, book_now, pay_last_invoice, performer, NOW};
use crate::harness::{Browser, Theme};
use crate::helpers::{spawn_app, TgUser};

#[tokio::test]
async fn every_screen_renders_in_light_and_dark_and_fits_a_phone() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    app.clock.set(NOW);
    // Maria online with a paid call from Ana: every screen has something to show.
    let (maria, pid) = performer(&app, 500, "Maria", true).await;
    profile_edits::set_photo(&app.db, pid, Some(REAL_PHOTO), NOW)
        .await
        .unwrap();
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;
    let payload = pay_last_invoice(&app, &ana, "charge-screens").await;
    let booking = crate::flows::booking_by_payload(&app, &payload).await;
    let ada = crate::flows::admin(&app).await;
    browser.client.now = Some(NOW);
    browser.client.width = 360;
    browser.client.timezone = Some("America/Mexico_City");

    let rate = crate::flows::rate_of(&app, pid, 30).await;
    let screens: Vec<(&str, &TgUser, String)> = vec![
        ("performers", &ana, "screen=performers".into()),
        ("performer", &ana, format!("screen=performer&performer={pid}")),
        (
            "calendar",
            &ana,
            format!("screen=calendar&performer={pid}&rate={}", rate.id),
        ),
        ("bookings", &ana, "screen=bookings".into()),
        ("perf-week", &maria, "screen=perf-week".into()),
        ("perf-calendar", &maria, "screen=perf-calendar".into()),
        ("perf-preview", &maria, "screen=perf-preview".into()),
        ("perf-profile", &maria, "screen=perf-profile".into()),
        ("perf-earnings", &maria, "screen=perf-earnings".into()),
        ("admin-dashboard", &ada, "screen=admin-dashboard".into()),
        ("admin-bookings", &ada, "screen=admin-bookings".into()),
        (
            "admin-booking",
            &ada,
            format!("screen=admin-booking&id={}", booking.id),
        ),
    ];
    // Her photo comes through the server and shows (decoded by the browser, under the CSP).
    browser.open_app(&app, &ana, "screen=performers").await;
    browser
        .wait_until("(() => { const i = document.querySelector('.tile img.photo'); return i && i.complete && i.naturalWidth === 160; })()")
        .await;

    for (screen, person, query) in &screens {
        for theme in [Theme::Light, Theme::Dark] {
            browser.client.theme = theme;
            browser.open_app(&app, person, query).await;
            browser.wait_for_screen(screen).await;
            assert_eq!(
                browser.attr("#app", "data-error").await,
                None,
                "{screen} in {theme:?}"
            );
            assert!(!browser.text("#app h1").await.is_empty(), "{screen} has a title");
            let (fits, measure) = browser.fits_width().await;
            assert!(fits, "{screen} in {theme:?} at 360 px: {measure}");
            browser
                .screenshot(&format!("screen-{screen}-{}", theme.name()))
                .await;
            assert_eq!(
                browser.page_errors().await,
                Vec::<String>::new(),
                "{screen} in {theme:?}"
            );
        }
    }
}
