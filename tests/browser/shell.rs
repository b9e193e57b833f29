//! The shell every screen shares, in Chromium: init data refused in the page, the home screen
//! of each role in Telegram's light and dark themes and in the person's language, Telegram's
//! BackButton and MainButton driving the screen stack, a phone's width.

use serde_json::json;

use crate::harness::{Browser, Theme};
use crate::helpers::{spawn_app, TgUser};
use crate::people;

#[tokio::test]
async fn forged_init_data_is_refused_in_the_page_in_the_persons_language() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };

    // Mallory claims to be the superadmin: the user field changed, the signature did not.
    let mallory = TgUser::new(7_200_099, "Mallory", None);
    let forged = app
        .init_data(&mallory)
        .replace(&mallory.id.to_string(), &TgUser::superadmin().id.to_string());
    browser.open_with_init_data(&app, &forged, "").await;
    assert_eq!(
        browser.attr("#app", "data-error").await.as_deref(),
        Some("init_data_bad_signature")
    );
    assert_eq!(
        browser.text("#app [role=alert]").await,
        "This page has expired. Close it and open it again from the bot."
    );
    // Nothing to act on: no MainButton, no BackButton, no greeting.
    assert!(!browser.main_button().await.visible);
    assert!(!browser.back_button_visible().await);
    assert!(!browser.exists(".profile-head").await);
    browser.readme_screenshot("refused-light").await;

    // Another bot's init data, for a Brazilian: the refusal is in Portuguese.
    let ana = people::user();
    let now = pnp_live::clock::Clock::now(&app.clock);
    let foreign = pnp_live::miniapp::auth::sign("999:OTHER-bot", &ana.json(), now);
    browser.client.theme = Theme::Dark;
    browser.open_with_init_data(&app, &foreign, "").await;
    assert_eq!(
        browser.attr("#app", "data-error").await.as_deref(),
        Some("init_data_bad_signature")
    );
    assert_eq!(
        browser.text("#app [role=alert]").await,
        "Esta página expirou. Feche e abra de novo pelo bot."
    );
    browser.screenshot("refused-dark").await;
    assert_eq!(browser.page_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn the_home_screen_loads_for_a_user_a_performer_and_an_admin_in_light_and_dark() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    let performer = people::performer(&app).await;
    let cases = [
        ("user", people::english_user(), "Hi, Bob!", vec![]),
        ("performer", performer, "Hi, Luna!", vec!["Performer"]),
        ("admin", people::admin(), "Hi, Root!", vec!["Admin"]),
    ];
    for (role, person, greeting, badges) in cases {
        for theme in [Theme::Light, Theme::Dark] {
            browser.client.theme = theme;
            browser.open_app(&app, &person, "").await;
            browser.wait_for_screen("home").await;
            assert_eq!(browser.text("#app h1").await, greeting, "{role} {theme:?}");
            assert_eq!(browser.texts(".profile-head .badge").await, badges, "{role}");
            // The client's theme is what the page shows.
            assert_eq!(
                browser.attr("html", "data-theme").await.as_deref(),
                Some(theme.name())
            );
            assert_eq!(
                browser.style("body", "background-color").await,
                theme.rgb("bg_color")
            );
            assert_eq!(browser.style("body", "color").await, theme.rgb("text_color"));
            assert_eq!(
                browser.style(".avatar", "background-color").await,
                theme.rgb("button_color")
            );
            let name = format!("home-{role}-{}", theme.name());
            match (role, theme) {
                ("performer", Theme::Light) | ("admin", Theme::Dark) => {
                    browser.readme_screenshot(&name).await
                }
                _ => {
                    browser.screenshot(&name).await;
                }
            }
        }
    }
    // The shell told Telegram it is ready, took the whole height and coloured Telegram's header.
    assert!(!browser.telegram_calls("ready").await.is_empty());
    assert!(!browser.telegram_calls("expand").await.is_empty());
    assert_eq!(
        browser.telegram_calls("setHeaderColor").await,
        vec![vec![json!("bg_color")]]
    );
    assert_eq!(browser.page_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_brazilian_reads_the_app_in_portuguese() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    let ana = people::user();
    browser.client.theme = Theme::Dark;
    browser.open_app(&app, &ana, "").await;
    browser.wait_for_screen("home").await;
    assert_eq!(browser.text("#app h1").await, "Olá, Ana!");
    assert_eq!(browser.attr("html", "lang").await.as_deref(), Some("pt"));
    browser.screenshot("home-user-pt-dark").await;
}

#[tokio::test]
async fn the_page_follows_a_theme_change_while_open() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    browser.open_app(&app, &people::english_user(), "").await;
    assert_eq!(
        browser.style("body", "background-color").await,
        Theme::Light.rgb("bg_color")
    );

    browser.switch_theme(Theme::Dark).await;
    assert_eq!(browser.attr("html", "data-theme").await.as_deref(), Some("dark"));
    assert_eq!(
        browser.style("body", "background-color").await,
        Theme::Dark.rgb("bg_color")
    );
    assert_eq!(browser.style("h1", "color").await, Theme::Dark.rgb("text_color"));
    assert_eq!(
        browser
            .eval("return getComputedStyle(document.documentElement).getPropertyValue('--tg-theme-section-separator-color');")
            .await,
        json!("#100f10")
    );
}

/// Two screens for the shell's own tests, registered in the open page as screen files do.
const PROBE_SCREENS: &str = r#"
    window.probe = { saved: 0 };
    App.register("probe-list", async (view) => {
        view.append(App.el("h1", {}, "List"));
        App.setMainButton("Open the detail", () => App.go("probe-detail"));
    });
    App.register("probe-detail", async (view) => {
        view.append(App.el("h1", {}, "Detail"));
        App.setMainButton("Save", async () => {
            await new Promise((resolve) => setTimeout(resolve, 300));
            window.probe.saved += 1;
        });
    });
    return null;
"#;

#[tokio::test]
async fn telegrams_back_button_and_main_button_drive_the_screen_stack() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    browser.open_app(&app, &people::english_user(), "").await;
    // Home is the root: no BackButton, no MainButton.
    assert!(!browser.back_button_visible().await);
    assert!(!browser.main_button().await.visible);
    // Telegram's buttons are used, not the page's own.
    assert!(!browser.exists("#back-button:not([hidden])").await);

    browser.eval(PROBE_SCREENS).await;
    browser.eval("App.go('probe-list'); return null;").await;
    browser.wait_for_screen("probe-list").await;
    assert!(browser.back_button_visible().await);
    let main = browser.main_button().await;
    assert_eq!(
        (main.text.as_str(), main.visible, main.active),
        ("Open the detail", true, true)
    );
    assert!(!browser.exists("#main-button:not([hidden])").await);

    browser.main_button_click().await;
    browser.wait_for_screen("probe-detail").await;
    assert_eq!(browser.main_button().await.text, "Save");

    // While the action runs the button shows progress and a second tap does nothing.
    browser.main_button_click().await;
    let busy = browser.main_button().await;
    assert!(busy.progress && !busy.active, "{busy:?}");
    assert_eq!(
        browser
            .eval("try { window.__telegram.pressMainButton(); return 'tapped'; } catch (e) { return e.message; }")
            .await,
        json!("the MainButton is disabled")
    );
    browser.wait_until("Telegram.WebApp.MainButton.isActive").await;
    assert_eq!(browser.eval("return window.probe.saved;").await, json!(1));
    assert!(!browser.main_button().await.progress);

    // Back: one screen at a time, each with its own MainButton; none left on home.
    browser.back_button_click().await;
    browser.wait_for_screen("probe-list").await;
    assert_eq!(browser.main_button().await.text, "Open the detail");
    assert_eq!(
        browser
            .eval("return window.__telegram.handlerCount('mainButtonClicked');")
            .await,
        json!(1),
        "the detail's handler was taken off the MainButton"
    );
    browser.back_button_click().await;
    browser.wait_for_screen("home").await;
    assert!(!browser.back_button_visible().await);
    assert!(!browser.main_button().await.visible);
    assert!(!browser.closed().await);
    // Back on the root screen closes the Mini App, as Telegram's own screens do.
    browser.eval("App.back(); return null;").await;
    assert!(browser.closed().await);
    assert_eq!(browser.page_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_client_without_telegrams_back_button_gets_one_on_the_page() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    // Telegram clients before 6.1 have no BackButton.
    browser.client.version = "6.0";
    browser.open_app(&app, &people::user(), "").await;
    assert!(!browser.exists("#top-bar:not([hidden])").await);
    browser.eval(PROBE_SCREENS).await;
    browser.eval("App.go('probe-list'); return null;").await;
    browser.wait_for_screen("probe-list").await;
    assert_eq!(browser.text("#back-button").await, "Voltar");
    assert!(!browser.back_button_visible().await);
    browser.screenshot("back-bar-light").await;

    browser.click("#back-button").await;
    browser.wait_for_screen("home").await;
    assert!(!browser.exists("#top-bar:not([hidden])").await);
    assert_eq!(browser.page_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn the_stand_in_records_invoices_and_answers_as_telegram_does() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    browser.open_app(&app, &people::english_user(), "").await;
    assert_eq!(browser.invoice_opened().await, None);
    let status = browser
        .eval_async(
            "return await new Promise((resolve) => \
               Telegram.WebApp.openInvoice('https://t.me/$test-invoice', resolve));",
        )
        .await;
    assert_eq!(status, json!("paid"));
    assert_eq!(
        browser.invoice_opened().await.as_deref(),
        Some("https://t.me/$test-invoice")
    );

    browser.client.invoice_status = "cancelled";
    browser.open_app(&app, &people::english_user(), "").await;
    let status = browser
        .eval_async("return await new Promise((r) => Telegram.WebApp.openInvoice('https://t.me/$x', r));")
        .await;
    assert_eq!(status, json!("cancelled"));
}

#[tokio::test]
async fn the_layout_fits_a_phone_from_360_to_430_pixels_wide() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    let performer = people::performer(&app).await;
    // A long name without spaces is the widest thing the shell shows.
    let long = TgUser::new(7_200_020, "Maximiliana-Josefina-Esperanza-de-los-Ángeles", None);
    let mallory = TgUser::new(7_200_021, "Mallory", None);
    let forged = app.init_data(&mallory).replace("Mallory", "Mallary");
    for width in [360, 430] {
        browser.client.width = width;
        for person in [people::user(), performer.clone(), people::admin(), long.clone()] {
            browser.open_app(&app, &person, "").await;
            browser.wait_for_screen("home").await;
            let (fits, measure) = browser.fits_width().await;
            assert!(fits, "{} at {width}px: {measure}", person.first_name);
            assert_eq!(measure["innerWidth"], json!(width));
        }
        browser.open_with_init_data(&app, &forged, "").await;
        let (fits, measure) = browser.fits_width().await;
        assert!(fits, "the refusal at {width}px: {measure}");
        // The page's own back bar and main button fit as well.
        browser.client.version = "6.0";
        browser.open_app(&app, &long, "").await;
        browser.eval(PROBE_SCREENS).await;
        browser.eval("App.go('probe-list'); return null;").await;
        browser.wait_for("#top-bar:not([hidden])").await;
        let (fits, measure) = browser.fits_width().await;
        assert!(fits, "the back bar at {width}px: {measure}");
        browser.client.version = "8.0";
    }
    browser.client.width = 360;
    browser.open_app(&app, &long, "").await;
    browser.screenshot("home-long-name-360").await;
}
