//! A user in the Mini App, in Chromium: from the performers grid to a time picked on the month
//! calendar, held and paid through Telegram's invoice, to the booking in My bookings — as a
//! Brazilian on a phone set to São Paulo books a performer who lives in Mexico City.

use entity::bookings::BookingStatus;
use pnp_live::services::{profile_edits, users};

use crate::fake_telegram::REAL_PHOTO;
use crate::flows::{bookings_of, maria_on_tuesday, rate_of, texts_to, NOW};
use crate::harness::{Browser, Theme};
use crate::helpers::spawn_app;
use crate::people;

#[tokio::test]
async fn a_user_picks_a_time_on_the_calendar_in_her_own_zone_and_pays_for_it() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    app.clock.set(NOW);
    let (maria, pid) = maria_on_tuesday(&app).await;
    let maria = maria.id;
    profile_edits::set_photo(&app.db, pid, Some(REAL_PHOTO), NOW)
        .await
        .unwrap();
    // Ana opened the bot once and went no further: no 18+ answer, no timezone yet.
    let ana = people::user();
    app.send_text(&ana, "/start").await;
    browser.client.timezone = Some("America/Sao_Paulo");
    browser.client.now = Some(NOW);
    browser.client.invoice_status = "open";

    browser.open_app(&app, &ana, "").await;
    browser.wait_for_screen("home").await;
    browser.click("[data-go=performers]").await;
    // The chat's 18+ gate comes first, in her language.
    browser.click("[data-action=accept-age]").await;
    browser.wait_for(&format!("[data-performer=\"{pid}\"]")).await;
    browser
        .wait_until("(() => { const i = document.querySelector('.tile img.photo'); return i && i.complete && i.naturalWidth > 0; })()")
        .await;
    browser.readme_screenshot("performers-light").await;
    browser.click(&format!("[data-performer=\"{pid}\"]")).await;
    browser.wait_for_screen("performer").await;
    assert_eq!(browser.text("#app h1").await, "Maria");
    // The next free times, in the phone's zone.
    let next = browser.texts("ul.next li").await;
    assert!(next[0].contains("13:00"), "{next:?}");
    browser.screenshot("performer-light").await;

    browser.main_button_click().await;
    browser.wait_for_screen("calendar").await;
    // The phone's zone became hers, checked by the server as the chat checks a typed zone.
    browser
        .wait_until("document.getElementById('toast').textContent.includes('America/Sao_Paulo')")
        .await;
    let row = users::find_by_telegram_id(&app.db, ana.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.timezone.as_deref(), Some("America/Sao_Paulo"));
    assert_eq!(browser.text(".month-name").await, "dezembro de 2026");
    // Only Tuesdays have free times; the other days cannot be tapped.
    assert_eq!(browser.texts(".day.free").await, vec!["8", "15", "22", "29"]);
    assert!(browser.exists("[data-day=\"2026-12-09\"][disabled]").await);
    browser.click("[data-day=\"2026-12-08\"]").await;
    assert_eq!(
        browser.texts(".times .slot").await,
        vec!["13:00", "13:30", "14:00", "14:30"],
        "Maria's 10:00–12:00 in Mexico City, shown in São Paulo"
    );
    browser.click("[data-slot=\"2026-12-08T16:00:00Z\"]").await;
    let main = browser.main_button().await;
    assert!(
        main.text.starts_with("Reservar ") && main.text.contains("13:00"),
        "{main:?}"
    );
    browser.readme_screenshot("calendar-light").await;
    browser.switch_theme(Theme::Dark).await;
    browser.screenshot("calendar-dark").await;
    browser.switch_theme(Theme::Light).await;

    browser.main_button_click().await;
    let link = browser.wait_for_invoice().await;
    assert!(link.starts_with("https://t.me/$"), "{link}");
    // The tap took the MainButton away: a second tap cannot hold a second time.
    assert!(!browser.main_button().await.visible);
    let held = bookings_of(&app, ana.id).await;
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].status, BookingStatus::AwaitingPayment);
    let payload = held[0].invoice_payload.clone().unwrap();
    let invoice = app.telegram.calls_to("createInvoiceLink").pop().unwrap();
    assert_eq!(invoice.body["payload"], payload.as_str());
    assert_eq!(invoice.body["prices"][0]["amount"], 150);

    // She pays in Telegram's sheet: the payment reaches the bot through its webhook, then the
    // sheet closes as paid.
    app.post_update(ana.pre_checkout(&payload, 150, "XTR")).await;
    let answer = app.telegram.calls_to("answerPreCheckoutQuery").pop().unwrap();
    assert_eq!(answer.body["ok"], true, "{:?}", answer.body);
    app.post_update(ana.successful_payment(&payload, 150, "XTR", "charge-browser-1"))
        .await;
    browser.close_invoice("paid").await;

    browser.wait_for_screen("bookings").await;
    let card = browser.text(".card.booking[data-status=confirmed]").await;
    assert!(card.contains("Maria"), "{card}");
    assert!(card.contains("13:00"), "{card}");
    assert!(card.contains("30 min"), "{card}");
    assert_eq!(
        bookings_of(&app, ana.id).await[0].status,
        BookingStatus::Confirmed
    );
    // Both sides hear of it in the chat.
    assert!(
        texts_to(&app, maria).iter().any(|t| t.contains("Ana")),
        "Maria is told: {:?}",
        texts_to(&app, maria)
    );
    assert!(!texts_to(&app, ana.id).is_empty());
    browser.readme_screenshot("bookings-light").await;
    browser.switch_theme(Theme::Dark).await;
    browser.screenshot("bookings-dark").await;
    assert_eq!(browser.page_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_time_taken_while_the_calendar_was_open_is_refused_and_the_calendar_redrawn() {
    let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else {
        return;
    };
    app.clock.set(NOW);
    let (_maria, pid) = maria_on_tuesday(&app).await;
    let ana = people::user();
    let bob = crate::flows::adult_as(&app, people::english_user(), "America/Mexico_City").await;
    crate::flows::adult_as(&app, ana.clone(), "America/Sao_Paulo").await;
    browser.client.timezone = Some("America/Sao_Paulo");
    browser.client.now = Some(NOW);
    browser.client.invoice_status = "open";
    let rate = rate_of(&app, pid, 30).await;

    browser
        .open_app(
            &app,
            &ana,
            &format!("screen=calendar&performer={pid}&rate={}", rate.id),
        )
        .await;
    browser.wait_for_screen("calendar").await;
    browser.click("[data-day=\"2026-12-08\"]").await;
    browser.click("[data-slot=\"2026-12-08T16:00:00Z\"]").await;

    // Meanwhile Bob takes 10:00 Mexico City time in the chat.
    app.press(&bob, &format!("u:l:v:{pid}")).await;
    app.press_button(&bob, "Book").await;
    app.press_button(&bob, "30 min").await;
    app.press_button(&bob, "Schedule").await;
    app.press_button(&bob, "Tue 8 ·").await;
    app.press_button(&bob, "10:00").await;

    browser.main_button_click().await;
    browser
        .wait_until("!document.getElementById('toast').hidden && document.getElementById('toast').textContent.length > 0")
        .await;
    let toast = browser.text("#toast").await;
    assert!(!toast.is_empty());
    // The calendar is drawn again without the time Bob took; nothing was held for Ana.
    browser.wait_for_screen("calendar").await;
    browser.click("[data-day=\"2026-12-08\"]").await;
    browser.wait_gone("[data-slot=\"2026-12-08T16:00:00Z\"]").await;
    assert_eq!(
        browser.texts(".times .slot").await,
        vec!["13:30", "14:00", "14:30"]
    );
    assert!(bookings_of(&app, ana.id).await.is_empty());
    assert_eq!(browser.invoice_opened().await, None);
    assert_eq!(browser.page_errors().await, Vec::<String>::new());
}
