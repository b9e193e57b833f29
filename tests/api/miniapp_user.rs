//! The Mini App's user screens through their API: performers with photos (proxied, the token
//! never leaves the server), a month of free slots that are the chat's own, holding and paying
//! through the same booking engine as the chat, My bookings with its actions, in the person's
//! language.

use pnp_live::services::profile_edits;
use serde_json::{json, Value};

use crate::fake_telegram::{photo_bytes, Call, TOKEN};
use crate::flows::{bookings_of, maria_on_tuesday, rate_of};
use crate::helpers::{spawn_app, TestApp, TgUser};
use crate::user_flow::{adult_as, performer, NOW};

/// [`maria_on_tuesday`] with her 30-minute rate: her Telegram user, profile id and rate id.
async fn maria_with_rate(app: &TestApp) -> (TgUser, i64, i64) {
    let (maria, pid) = maria_on_tuesday(app).await;
    let rate = rate_of(app, pid, 30).await;
    (maria, pid, rate.id)
}

async fn app_at_now() -> TestApp {
    let app = spawn_app().await;
    app.clock.set(NOW);
    app
}

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// The times (HH:MM buttons) of a chat screen.
fn times(call: &Call) -> Vec<String> {
    call.buttons()
        .into_iter()
        .filter(|b| b.len() == 5 && b.as_bytes()[2] == b':')
        .collect()
}

/// An instant of the API as HH:MM in `zone`.
fn clock_in(instant: &str, zone: &str) -> String {
    let t: jiff::Timestamp = instant.parse().unwrap();
    let local = jiff::tz::TimeZone::get(zone).unwrap().to_datetime(t);
    format!("{:02}:{:02}", local.hour(), local.minute())
}

#[tokio::test]
async fn the_grid_shows_a_performer_with_her_photo_served_without_the_bot_token() {
    let app = app_at_now().await;
    let (_, maria) = performer(&app, 500, "Maria", true).await;
    profile_edits::set_photo(&app.db, maria, Some("maria-photo"), NOW)
        .await
        .unwrap();
    performer(&app, 501, "Lucia", false).await;

    // Before the 18+ gate the app shows nobody, as the chat does.
    let newcomer = TgUser::new(41, "Nina", None);
    let (status, body) = json_of(app.app_api(&newcomer, "/user/performers", None).await).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("age_gate")));
    assert!(
        body["message"].as_str().unwrap().contains("18 or older"),
        "{body}"
    );
    assert!(!body.to_string().contains("Maria"));

    let ana = adult_as(&app, TgUser::new(42, "Ana", None), "Europe/Madrid").await;
    let (status, grid) = json_of(app.app_api(&ana, "/user/performers", None).await).await;
    assert_eq!(status, 200, "{grid}");
    let list = grid["performers"].as_array().unwrap();
    assert_eq!(list[0]["name"], "Maria", "online first: {grid}");
    assert_eq!(list[0]["online"], true);
    assert_eq!(list[0]["price_from"]["minutes"], 30);
    assert_eq!(list[0]["price_from"]["amount"], 150);
    let photo = list[0]["photo"].as_str().unwrap().to_owned();
    assert_eq!(photo, format!("/app/api/photo/{maria}"));
    assert!(list.iter().any(|p| p["name"] == "Lucia" && p["photo"].is_null()));
    assert!(
        !grid.to_string().contains("maria-photo"),
        "file ids stay on the server"
    );

    let path = photo.trim_start_matches("/app/api");
    for _ in 0..2 {
        let response = app.app_api(&ana, path, None).await;
        assert_eq!(response.status(), 200);
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "image/jpeg");
        assert!(headers["cache-control"].to_str().unwrap().contains("max-age"));
        for (_, value) in headers.iter() {
            assert!(!value.to_str().unwrap_or_default().contains(TOKEN));
        }
        let bytes = response.bytes().await.unwrap();
        assert_eq!(bytes.as_ref(), photo_bytes("maria-photo").as_slice());
        assert!(!String::from_utf8_lossy(&bytes).contains(TOKEN));
    }
    // Fetched from Telegram once, then served from memory.
    assert_eq!(app.telegram.calls_to("getFile").len(), 1);
    assert_eq!(app.telegram.files_served(), 1);

    // A performer without a photo has none to serve; nobody unsigned gets one.
    let lucia = list.iter().find(|p| p["name"] == "Lucia").unwrap()["id"]
        .as_i64()
        .unwrap();
    let none = app.app_api(&ana, &format!("/photo/{lucia}"), None).await;
    assert_eq!(none.status(), 404);
    let anonymous = app
        .client
        .get(format!("{}{photo}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn the_calendar_offers_the_instants_the_chat_offers_to_a_user_in_another_zone() {
    let app = app_at_now().await;
    let (_, pid, rate) = maria_with_rate(&app).await;
    let ana = adult_as(&app, TgUser::new(42, "Ana", None), "Europe/Madrid").await;

    // The chat: Book → 30 min → Schedule → Tuesday, times in Madrid.
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    app.press_button(&ana, "Tue 8 · 4").await;
    let chat_times = times(&app.telegram.last_message_to(ana.id));
    assert_eq!(chat_times, ["17:00", "17:30", "18:00", "18:30"]);

    // The app, asked for December in the browser's zone (Madrid).
    let (status, month) = json_of(
        app.app_api(
            &ana,
            &format!("/user/performers/{pid}/slots?month=2026-12&rate={rate}&zone=Europe/Madrid"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{month}");
    assert_eq!(month["performer_zone"], "America/Mexico_City");
    assert_eq!(month["zone"], "Europe/Madrid");
    let starts: Vec<&str> = month["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap())
        .collect();
    assert_eq!(starts.len(), 16, "every Tuesday of December: {starts:?}");
    let starts: Vec<&str> = starts
        .into_iter()
        .filter(|s| s.starts_with("2026-12-08"))
        .collect();
    assert_eq!(
        starts,
        [
            "2026-12-08T16:00:00Z",
            "2026-12-08T16:30:00Z",
            "2026-12-08T17:00:00Z",
            "2026-12-08T17:30:00Z"
        ],
        "UTC instants"
    );
    let app_times: Vec<String> = starts.iter().map(|s| clock_in(s, "Europe/Madrid")).collect();
    assert_eq!(app_times, chat_times);

    // The performer's page shows her next free times, the same instants.
    let (_, page) = json_of(app.app_api(&ana, &format!("/user/performers/{pid}"), None).await).await;
    assert_eq!(page["next_slots"][0], "2026-12-08T16:00:00Z");
    assert_eq!(page["rates"][0]["minutes"], 30);
}

#[tokio::test]
async fn the_browser_zone_fills_in_a_missing_zone_checked_as_the_chat_checks_it() {
    let app = app_at_now().await;
    let nina = TgUser::new(41, "Nina", None).spanish();
    app.send_text(&nina, "/start").await;
    let (_, me) = json_of(app.app_api(&nina, "/me", None).await).await;
    assert!(me["timezone"].is_null());

    let (status, body) = json_of(
        app.app_api(&nina, "/user/timezone", Some(json!({"zone": "Mars/Olympus"})))
            .await,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (400, Some("timezone_unknown")));
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("No conozco la zona horaria"),
        "in Spanish: {body}"
    );

    let (status, body) = json_of(
        app.app_api(&nina, "/user/timezone", Some(json!({"zone": "America/Bogota"})))
            .await,
    )
    .await;
    assert_eq!((status, body["timezone"].as_str()), (200, Some("America/Bogota")));
    let (_, me) = json_of(app.app_api(&nina, "/me", None).await).await;
    assert_eq!(me["timezone"], "America/Bogota");
}

/// Ana holds Tuesday 16:00 UTC from the app: the answer carries the invoice link.
async fn hold_first_slot(app: &TestApp, user: &TgUser, pid: i64, rate: i64) -> (u16, Value) {
    json_of(
        app.app_api(
            user,
            "/user/holds",
            Some(json!({"performer": pid, "rate": rate, "start": "2026-12-08T16:00:00Z"})),
        )
        .await,
    )
    .await
}

#[tokio::test]
async fn a_slot_held_in_the_app_is_paid_through_the_webhook_and_confirmed() {
    let app = app_at_now().await;
    let (maria, pid, rate) = maria_with_rate(&app).await;
    let ana = adult_as(&app, TgUser::new(42, "Ana", None), "Europe/Madrid").await;

    let (status, held) = hold_first_slot(&app, &ana, pid, rate).await;
    assert_eq!(status, 200, "{held}");
    let link = held["invoice_link"].as_str().unwrap();
    assert!(link.starts_with("https://t.me/$"), "{link}");
    let invoice = app.telegram.calls_to("createInvoiceLink").pop().unwrap();
    assert_eq!(invoice.body["currency"], "XTR");
    assert_eq!(invoice.body["prices"][0]["amount"], 150);
    assert!(invoice.body["description"]
        .as_str()
        .unwrap()
        .contains("held for you for 10 minutes"));
    let booking = bookings_of(&app, ana.id).await.pop().unwrap();
    assert_eq!(booking.status.as_str(), "awaiting_payment");
    assert_eq!(held["booking"], booking.id.to_string());
    let payload = booking.invoice_payload.clone().unwrap();
    assert_eq!(invoice.body["payload"], payload.as_str());

    // The payment arrives as usual, through the webhook.
    app.post_update(ana.pre_checkout(&payload, 150, "XTR")).await;
    let answer = app.telegram.calls_to("answerPreCheckoutQuery").pop().unwrap();
    assert_eq!(answer.body["ok"], true, "{:?}", answer.body);
    app.post_update(ana.successful_payment(&payload, 150, "XTR", "charge-app-1"))
        .await;
    let booking = bookings_of(&app, ana.id).await.pop().unwrap();
    assert_eq!(booking.status.as_str(), "confirmed");
    assert!(
        app.telegram
            .messages_to(maria.id)
            .iter()
            .any(|m| m.text().contains("Ana")),
        "Maria hears of her booking"
    );

    // My bookings shows it upcoming, with its time in Ana's zone.
    let (_, mine) = json_of(app.app_api(&ana, "/user/bookings", None).await).await;
    assert_eq!(mine["zone"], "Europe/Madrid");
    let entry = &mine["upcoming"][0];
    assert_eq!(entry["status"], "confirmed");
    assert_eq!(entry["performer"], "Maria");
    assert_eq!(entry["starts_at"], "2026-12-08T16:00:00Z");
    assert!(entry["when"].as_str().unwrap().contains("17:00"), "{entry}");
    assert!(
        entry["when"].as_str().unwrap().contains("Europe/Madrid"),
        "{entry}"
    );
    assert_eq!(entry["can_pay"], false);
    assert_eq!(entry["can_reschedule"], true);
    assert_eq!(entry["can_cancel"], true);
}

#[tokio::test]
async fn a_slot_the_chat_took_is_refused_in_the_app_in_the_users_language() {
    let app = app_at_now().await;
    let (_, pid, rate) = maria_with_rate(&app).await;
    // Bob, in Mexico City, takes Tuesday 10:00 his time (16:00 UTC) in the chat.
    let bob = adult_as(&app, TgUser::new(43, "Bob", None), "America/Mexico_City").await;
    app.press(&bob, &format!("u:b:b:{pid}")).await;
    app.press_button(&bob, "30 min").await;
    app.press_button(&bob, "Schedule").await;
    app.press_button(&bob, "Tue 8 · 4").await;
    app.press_button(&bob, "10:00").await;
    assert_eq!(app.telegram.calls_to("sendInvoice").len(), 1);

    let ana = adult_as(&app, TgUser::new(42, "Ana", None), "Europe/Madrid").await;
    let (status, body) = hold_first_slot(&app, &ana, pid, rate).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("slot_taken")),
        "{body}"
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("someone else just took that time"),
        "{body}"
    );
    let sofia = adult_as(&app, TgUser::new(44, "Sofía", None).spanish(), "Europe/Madrid").await;
    let (status, body) = hold_first_slot(&app, &sofia, pid, rate).await;
    assert_eq!(status, 409);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("alguien acaba de tomar ese horario"),
        "in Spanish: {body}"
    );
    assert!(bookings_of(&app, ana.id).await.is_empty());
    assert!(bookings_of(&app, sofia.id).await.is_empty());
    assert!(app.telegram.calls_to("createInvoiceLink").is_empty());

    // The month no longer offers it, in the app as in the chat.
    let (_, month) = json_of(
        app.app_api(
            &ana,
            &format!("/user/performers/{pid}/slots?month=2026-12&rate={rate}"),
            None,
        )
        .await,
    )
    .await;
    assert!(!month.to_string().contains("2026-12-08T16:00:00Z"), "{month}");
}

#[tokio::test]
async fn a_double_tap_on_hold_holds_the_slot_once() {
    let app = app_at_now().await;
    let (_, pid, rate) = maria_with_rate(&app).await;
    let ana = adult_as(&app, TgUser::new(42, "Ana", None), "Europe/Madrid").await;
    let (first_status, first) = hold_first_slot(&app, &ana, pid, rate).await;
    let (second_status, second) = hold_first_slot(&app, &ana, pid, rate).await;
    assert_eq!((first_status, second_status), (200, 200), "{first} {second}");
    assert_eq!(first["booking"], second["booking"]);
    assert!(second["invoice_link"]
        .as_str()
        .unwrap()
        .starts_with("https://t.me/$"));
    let held = bookings_of(&app, ana.id).await;
    assert_eq!(held.len(), 1, "one hold: {held:?}");
    assert_eq!(held[0].status.as_str(), "awaiting_payment");

    // Another time while that one is unpaid: the chat's cap, said as the chat says it.
    let (status, body) = json_of(
        app.app_api(
            &ana,
            "/user/holds",
            Some(json!({"performer": pid, "rate": rate, "start": "2026-12-08T17:00:00Z"})),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("unpaid_hold")),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("not paid for it yet"),
        "{body}"
    );
    assert_eq!(bookings_of(&app, ana.id).await.len(), 1);

    // Pay from My bookings gives the link of that same hold.
    let id = held[0].id;
    let (status, paid) = json_of(
        app.app_api(&ana, &format!("/user/bookings/{id}/pay"), Some(json!({})))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["booking"], id.to_string());
}

#[tokio::test]
async fn nobody_cancels_or_pays_someone_elses_booking_from_the_app() {
    let app = app_at_now().await;
    let (_, pid, rate) = maria_with_rate(&app).await;
    let ana = adult_as(&app, TgUser::new(42, "Ana", None), "Europe/Madrid").await;
    let (_, held) = hold_first_slot(&app, &ana, pid, rate).await;
    let id = held["booking"].as_str().unwrap().to_owned();

    let mallory = adult_as(&app, TgUser::new(66, "Mallory", None), "Europe/Madrid").await;
    for action in ["cancel", "pay"] {
        let (status, body) = json_of(
            app.app_api(
                &mallory,
                &format!("/user/bookings/{id}/{action}"),
                Some(json!({})),
            )
            .await,
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (404, Some("not_found")),
            "{action}: {body}"
        );
    }
    let (status, _) = json_of(
        app.app_api(
            &mallory,
            &format!("/user/bookings/{id}/reschedule"),
            Some(json!({"start": "2026-12-08T17:00:00Z"})),
        )
        .await,
    )
    .await;
    assert_eq!(status, 404);
    let (_, theirs) = json_of(app.app_api(&mallory, "/user/bookings", None).await).await;
    assert!(!theirs.to_string().contains(&id), "{theirs}");

    // Init data forged to be Ana's is refused before anything is looked at.
    let forged = app.init_data(&mallory).replace("66", "42");
    let response = app
        .client
        .post(format!("{}/app/api/user/bookings/{id}/cancel", app.address))
        .header("Authorization", format!("tma {forged}"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(
        bookings_of(&app, ana.id).await[0].status.as_str(),
        "awaiting_payment",
        "Ana's hold stands"
    );
}

#[tokio::test]
async fn a_paid_booking_is_moved_and_then_cancelled_with_a_refund_from_the_app() {
    let app = app_at_now().await;
    let (_, pid, rate) = maria_with_rate(&app).await;
    let ana = adult_as(&app, TgUser::new(42, "Ana", None), "Europe/Madrid").await;
    let (_, held) = hold_first_slot(&app, &ana, pid, rate).await;
    let id = held["booking"].as_str().unwrap().to_owned();
    let payload = bookings_of(&app, ana.id).await[0]
        .invoice_payload
        .clone()
        .unwrap();
    app.post_update(ana.pre_checkout(&payload, 150, "XTR")).await;
    app.post_update(ana.successful_payment(&payload, 150, "XTR", "charge-app-2"))
        .await;

    // Reschedule: the month of times for this booking, then a new one.
    let (status, month) = json_of(
        app.app_api(&ana, &format!("/user/bookings/{id}/slots?month=2026-12"), None)
            .await,
    )
    .await;
    assert_eq!(status, 200, "{month}");
    assert!(month.to_string().contains("2026-12-08T17:00:00Z"), "{month}");
    let (status, moved) = json_of(
        app.app_api(
            &ana,
            &format!("/user/bookings/{id}/reschedule"),
            Some(json!({"start": "2026-12-08T17:00:00Z"})),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["starts_at"], "2026-12-08T17:00:00Z");
    assert_eq!(moved["moves"], 1);
    assert!(moved["when"].as_str().unwrap().contains("18:00"), "{moved}");

    // Cancel, more than 24 h ahead: refunded, as in the chat.
    let (status, cancelled) = json_of(
        app.app_api(
            &ana,
            &format!("/user/bookings/{id}/cancel"),
            Some(json!({"moves": 1})),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["refunded"], true);
    assert!(
        cancelled["message"].as_str().unwrap().contains("refunded"),
        "{cancelled}"
    );
    assert_eq!(app.telegram.calls_to("refundStarPayment").len(), 1);
    let (status, again) = json_of(
        app.app_api(
            &ana,
            &format!("/user/bookings/{id}/cancel"),
            Some(json!({"moves": 1})),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("cannot_cancel")),
        "{again}"
    );
}

/// The `web_app` URL of the button labelled `label` under the last message to `chat`.
fn web_app_url(app: &TestApp, chat: i64, label: &str) -> Option<String> {
    let call = app.telegram.last_message_to(chat);
    let rows = call
        .body
        .pointer("/reply_markup/inline_keyboard")?
        .as_array()?
        .clone();
    rows.iter()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .find(|b| b["text"].as_str().is_some_and(|l| l.contains(label)))
        .and_then(|b| b["web_app"]["url"].as_str().map(str::to_owned))
}

#[tokio::test]
async fn the_chat_offers_the_calendar_as_a_web_app_only_with_a_public_https_url() {
    let app = crate::helpers::spawn_app_with(&[("PNP_PUBLIC_URL", "https://pnp.example")]).await;
    app.clock.set(NOW);
    let (_, pid, rate) = maria_with_rate(&app).await;
    let ana = adult_as(&app, TgUser::new(42, "Ana", None), "Europe/Madrid").await;
    app.press(&ana, &format!("u:l:v:{pid}")).await;
    assert_eq!(
        web_app_url(&app, ana.id, "Pick on a calendar").as_deref(),
        Some(format!("https://pnp.example/app?screen=calendar&performer={pid}").as_str()),
        "on the profile"
    );
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    assert_eq!(
        web_app_url(&app, ana.id, "Pick on a calendar").as_deref(),
        Some(format!("https://pnp.example/app?screen=calendar&performer={pid}&rate={rate}").as_str()),
        "on the rate's Start now / Schedule screen"
    );

    let plain = app_at_now().await;
    let (_, pid, _) = maria_with_rate(&plain).await;
    let bob = adult_as(&plain, TgUser::new(43, "Bob", None), "Europe/Madrid").await;
    plain.press(&bob, &format!("u:b:b:{pid}")).await;
    plain.press_button(&bob, "30 min").await;
    let screen = plain.telegram.last_message_to(bob.id);
    assert!(screen.buttons().iter().any(|b| b.contains("Schedule")));
    assert!(
        !screen.buttons().iter().any(|b| b.contains("calendar")),
        "{:?}",
        screen.buttons()
    );
}
