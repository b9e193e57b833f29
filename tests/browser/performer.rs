//! A performer in the Mini App, in Chromium: paints her week on the half-hour grid with her
//! finger, saves it, and the chat then offers users exactly the half-hours she painted.

use pnp_live::services::availability;

use crate::flows::{adult, chat_times, performer, NOW};
use crate::harness::{Browser, Theme};
use crate::helpers::spawn_app;

/// The cell of weekday `day` (0 = Monday) and half-hour `cell` (0 = 00:00–00:30).
fn cell(day: usize, cell: usize) -> String {
    format!(".week-cell[data-day=\"{day}\"][data-cell=\"{cell}\"]")
}

#[tokio::test]
async fn a_performer_paints_her_week_and_the_chat_offers_exactly_those_times() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    app.clock.set(NOW);
    // Maria (Mexico City) has 10:00–22:00 every day, as the chat set it.
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    browser.client.now = Some(NOW);

    browser.open_app(&app, &maria, "").await;
    browser.wait_for_screen("home").await;
    browser.click("[data-go=perf-week]").await;
    browser.wait_for_screen("perf-week").await;
    assert!(browser.text(".hint").await.contains("America/Mexico_City"));
    assert_eq!(
        browser.texts(".week-cell.on").await.len(),
        7 * 24,
        "12 hours a day, 7 days"
    );

    // A drag down each day from 10:00 to 21:30 clears it (the first cell was on: the drag
    // paints off), then a drag on Tuesday paints 18:00–20:00 and three taps on Thursday paint
    // 09:00–10:30.
    for day in 0..7 {
        browser.drag(&cell(day, 20), &cell(day, 43)).await;
    }
    assert_eq!(browser.texts(".week-cell.on").await.len(), 0);
    browser.drag(&cell(1, 36), &cell(1, 39)).await;
    for half_hour in 18..21 {
        browser.click(&cell(3, half_hour)).await;
    }
    assert_eq!(browser.texts(".week-cell.on").await.len(), 4 + 3);
    browser.readme_screenshot("perf-week-light").await;
    browser.switch_theme(Theme::Dark).await;
    browser.screenshot("perf-week-dark").await;

    browser.main_button_click().await;
    browser
        .wait_until("document.getElementById('toast').textContent.includes('Saved')")
        .await;
    let summary = browser.texts(".week-summary li").await;
    assert_eq!(summary[1], "Tuesday: 18:00–20:00", "{summary:?}");
    assert_eq!(summary[3], "Thursday: 09:00–10:30", "{summary:?}");
    assert_eq!(summary[0], "Monday: closed", "{summary:?}");
    let rules = availability::rules(&app.db, pid).await.unwrap();
    let stored: Vec<(i16, &str, &str)> = rules
        .iter()
        .map(|r| (r.weekday, r.start_time.as_str(), r.end_time.as_str()))
        .collect();
    assert_eq!(stored, vec![(2, "18:00", "20:00"), (4, "09:00", "10:30")]);

    // Ana (Mexico City) books in the chat: each day offers exactly the painted half-hours.
    let ana = adult(&app, 42, "Ana").await;
    assert_eq!(
        chat_times(&app, &ana, pid, "Tue 8 ·").await,
        vec!["18:00", "18:30", "19:00", "19:30"]
    );
    assert_eq!(
        chat_times(&app, &ana, pid, "Thu 10 ·").await,
        vec!["09:00", "09:30", "10:00"]
    );
    app.press(&ana, &format!("u:l:v:{pid}")).await;
    app.press_button(&ana, "Book").await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    let days = app.telegram.last_message_to(ana.id).buttons();
    // The week's days with how many times each has: only the painted days have any.
    assert_eq!(
        &days[..7],
        [
            "Mon 7 · –",
            "Tue 8 · 4",
            "Wed 9 · –",
            "Thu 10 · 3",
            "Fri 11 · –",
            "Sat 12 · –",
            "Sun 13 · –"
        ],
        "{days:?}"
    );

    // Opened again, the grid shows what was saved.
    browser.open_app(&app, &maria, "screen=perf-week").await;
    browser.wait_for_screen("perf-week").await;
    assert_eq!(browser.texts(".week-cell.on").await.len(), 7);
    assert_eq!(
        browser.attr(&cell(1, 36), "aria-selected").await.as_deref(),
        Some("true")
    );
    assert_eq!(browser.page_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_performer_edits_her_profile_and_rates_and_the_preview_follows_as_she_types() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    app.clock.set(NOW);
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    browser.client.now = Some(NOW);
    browser.open_app(&app, &maria, "screen=perf-profile").await;
    browser.wait_for_screen("perf-profile").await;
    assert_eq!(
        browser.texts(".rates .rate span").await,
        vec!["30 min · 150 ⭐", "60 min · 250 ⭐"]
    );

    // The preview is the card users see, redrawn at each key.
    browser
        .type_into("textarea[name=bio]", "Hola! Latina, bilingual.")
        .await;
    browser
        .wait_until(
            "document.querySelector('.profile-preview .bio').textContent === 'Hola! Latina, bilingual.'",
        )
        .await;
    browser.click("[data-tag=latina]").await;
    assert!(browser.text(".profile-preview").await.contains("#latina"));

    // A length the chat refuses is refused here, in the chat's words, and nothing changes.
    browser.type_into("input[name=minutes]", "7").await;
    browser.type_into("input[name=price]", "100").await;
    browser.click("[data-action=save-rate]").await;
    browser
        .wait_until("document.getElementById('toast').textContent.startsWith('Send a number of minutes from 10 to 240')")
        .await;
    assert_eq!(browser.texts(".rates .rate").await.len(), 2);

    // 45 minutes for 200 ⭐, and the 60-minute rate removed: list and preview follow.
    browser.type_into("input[name=minutes]", "45").await;
    browser.type_into("input[name=price]", "200").await;
    browser.click("[data-action=save-rate]").await;
    browser
        .wait_until("document.querySelectorAll('.rates .rate').length === 3")
        .await;
    browser
        .click(".rates .rate:nth-child(3) [data-action=remove-rate]")
        .await;
    browser
        .wait_until("document.querySelectorAll('.rates .rate').length === 2")
        .await;
    assert_eq!(
        browser.texts(".rates .rate span").await,
        vec!["30 min · 150 ⭐", "45 min · 200 ⭐"]
    );
    assert!(browser.text(".profile-preview").await.contains("45 min · 200 ⭐"));
    browser.screenshot("perf-profile-light").await;
    browser.switch_theme(Theme::Dark).await;
    browser.screenshot("perf-profile-dark").await;

    browser.main_button_click().await;
    browser
        .wait_until("document.getElementById('toast').textContent.includes('Saved')")
        .await;
    let profile = pnp_live::services::profiles::get(&app.db, pid)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(profile.bio, "Hola! Latina, bilingual.");
    let rates: Vec<i32> = pnp_live::services::profiles::rates(&app.db, pid)
        .await
        .unwrap()
        .iter()
        .map(|r| r.duration_minutes)
        .collect();
    assert_eq!(rates, vec![30, 45]);

    // A user sees it in the chat.
    let ana = adult(&app, 42, "Ana").await;
    app.press(&ana, &format!("u:l:v:{pid}")).await;
    let card = app.telegram.last_message_to(ana.id);
    assert!(
        card.text().contains("Hola! Latina, bilingual."),
        "{}",
        card.text()
    );
    app.press_button(&ana, "Book").await;
    let lengths = app.telegram.last_message_to(ana.id).buttons();
    assert!(lengths.iter().any(|b| b.starts_with("45 min")), "{lengths:?}");
    assert_eq!(browser.page_errors().await, Vec::<String>::new());
}
