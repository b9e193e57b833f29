//! The performer's Mini App screens through `/app/api/performer`: a week painted in the app is
//! what the chat then offers users; blocked dates, special hours and the profile follow the
//! chat's rules; only a performer gets in.

use pnp_live::services::{availability, profiles, users};
use serde_json::{json, Value};

use crate::flows::chat_times;
use crate::helpers::{TestApp, TgUser};
use crate::user_flow::{adult, performer, NOW};

async fn app_at_now() -> TestApp {
    let app = crate::helpers::spawn_app().await;
    app.clock.set(NOW);
    app
}

/// A Mini App call with any method, signed for `user`.
pub(crate) async fn call(
    app: &TestApp,
    user: &TgUser,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app
        .client
        .request(method, format!("{}/app/api{path}", app.address))
        .header("Authorization", format!("tma {}", app.init_data(user)));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("Mini App API request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// 48 half-hours with `from..to` (in half-hour indexes) painted.
fn cells(runs: &[(usize, usize)]) -> String {
    (0..48)
        .map(|i| {
            if runs.iter().any(|(a, b)| (*a..*b).contains(&i)) {
                '1'
            } else {
                '0'
            }
        })
        .collect()
}

/// Tuesday 18:00–20:00 and Thursday 09:00–10:30 only, every other day closed.
fn painted_week() -> Value {
    let days: Vec<Value> = (1..=7)
        .map(|d| {
            let runs: &[(usize, usize)] = match d {
                2 => &[(36, 40)],
                4 => &[(18, 21)],
                _ => &[],
            };
            json!({"weekday": d, "cells": cells(runs)})
        })
        .collect();
    json!({ "days": days })
}

#[tokio::test]
async fn a_week_painted_in_the_app_is_exactly_what_the_chat_offers() {
    let app = app_at_now().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let version = profiles::get(&app.db, pid)
        .await
        .unwrap()
        .unwrap()
        .schedule_version;

    let (status, week) = call(&app, &maria, reqwest::Method::GET, "/performer/week", None).await;
    assert_eq!(status, 200, "{week}");
    assert_eq!(week["timezone"], "America/Mexico_City");
    // 10:00–22:00 every day, as the chat set it.
    assert_eq!(week["days"][0]["cells"], cells(&[(20, 44)]));

    let (status, saved) = call(
        &app,
        &maria,
        reqwest::Method::PUT,
        "/performer/week",
        Some(painted_week()),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["days"][1]["hours"], "18:00–20:00");
    assert_eq!(saved["days"][3]["hours"], "09:00–10:30");
    assert_eq!(saved["days"][0]["hours"], "closed");
    assert!(saved["schedule_version"].as_i64().unwrap() > version);

    // Stored as the chat stores typed hours.
    let rules = availability::rules(&app.db, pid).await.unwrap();
    let stored: Vec<(i16, &str, &str)> = rules
        .iter()
        .map(|r| (r.weekday, r.start_time.as_str(), r.end_time.as_str()))
        .collect();
    assert_eq!(stored, vec![(2, "18:00", "20:00"), (4, "09:00", "10:30")]);

    // Ana (Mexico City) books through the chat: Tuesday offers exactly the painted half-hours.
    let ana = adult(&app, 42, "Ana").await;
    let times = chat_times(&app, &ana, pid, "Tue 8 ·").await;
    assert_eq!(times, vec!["18:00", "18:30", "19:00", "19:30"]);
    let days = app.telegram.last_message_to(42);
    assert!(days.text().contains("Tue 8 Dec"), "{}", days.text());

    // The app's preview shows the same times.
    let (status, preview) = call(&app, &maria, reqwest::Method::GET, "/performer/preview", None).await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["minutes"], 30);
    assert_eq!(preview["days"].as_array().unwrap().len(), 14);
    assert_eq!(preview["days"][0]["slots"], json!([]), "Monday is closed now");
    let tuesday: Vec<&str> = preview["days"][1]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    // 18:00 in Mexico City is midnight UTC.
    assert_eq!(
        tuesday,
        vec![
            "2026-12-09T00:00:00Z",
            "2026-12-09T00:30:00Z",
            "2026-12-09T01:00:00Z",
            "2026-12-09T01:30:00Z"
        ]
    );

    // Saving the same week again writes nothing.
    let before = profiles::get(&app.db, pid)
        .await
        .unwrap()
        .unwrap()
        .schedule_version;
    let (status, _) = call(
        &app,
        &maria,
        reqwest::Method::PUT,
        "/performer/week",
        Some(painted_week()),
    )
    .await;
    assert_eq!(status, 200);
    let after = profiles::get(&app.db, pid)
        .await
        .unwrap()
        .unwrap()
        .schedule_version;
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_day_painted_in_more_pieces_than_the_chat_allows_is_refused_and_nothing_changes() {
    let app = app_at_now().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let mut week = painted_week();
    week["days"][0]["cells"] = json!(cells(&[(0, 1), (4, 5), (8, 9), (12, 13), (16, 17)]));
    let (status, body) = call(&app, &maria, reqwest::Method::PUT, "/performer/week", Some(week)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "bad_hours");
    assert!(body["message"].as_str().unwrap().contains("Monday"), "{body}");
    assert_eq!(
        availability::rules(&app.db, pid).await.unwrap().len(),
        7,
        "unchanged"
    );
}

#[tokio::test]
async fn a_night_range_across_midnight_survives_an_edit_of_another_day() {
    let app = app_at_now().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    // Friday 20:00–02:00, typed in the chat.
    let friday = jiff::civil::Weekday::Friday;
    let t = |h| jiff::civil::time(h, 0, 0, 0);
    availability::set_day(&app.db, pid, friday, &[(t(20), t(2))])
        .await
        .unwrap();
    let (_, week) = call(&app, &maria, reqwest::Method::GET, "/performer/week", None).await;
    // Saturday shows 00:00–02:00 from Friday night, and its own 10:00–22:00.
    assert_eq!(week["days"][5]["cells"], cells(&[(0, 4), (20, 44)]));
    // The performer clears Saturday night's first hour only.
    let mut days = week["days"].clone();
    days[5]["cells"] = json!(cells(&[(2, 4), (20, 44)]));
    let (status, saved) = call(
        &app,
        &maria,
        reqwest::Method::PUT,
        "/performer/week",
        Some(json!({ "days": days })),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["days"][4]["cells"], cells(&[(40, 48)]));
    assert_eq!(saved["days"][5]["cells"], cells(&[(2, 4), (20, 44)]));
}

#[tokio::test]
async fn blocked_dates_and_special_hours_follow_the_chats_rules() {
    let app = app_at_now().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let post = reqwest::Method::POST;

    let (status, body) = call(
        &app,
        &maria,
        post.clone(),
        "/performer/blocks",
        Some(json!({"from": "2026-12-01"})),
    )
    .await;
    assert_eq!(status, 422, "in the past: {body}");
    assert!(body["message"].as_str().unwrap().contains("2026-12-07"), "{body}");

    let (status, calendar) = call(
        &app,
        &maria,
        post.clone(),
        "/performer/blocks",
        Some(json!({"from": "2026-12-08", "to": "2026-12-09"})),
    )
    .await;
    assert_eq!(status, 200, "{calendar}");
    assert_eq!(calendar["blocks"][0]["from"], "2026-12-08");
    assert_eq!(calendar["blocks"][0]["to"], "2026-12-09");

    let (status, calendar) = call(
        &app,
        &maria,
        post.clone(),
        "/performer/overrides",
        Some(json!({"date": "2026-12-10", "hours": "12:00-13:00"})),
    )
    .await;
    assert_eq!(status, 200, "{calendar}");
    assert_eq!(calendar["overrides"][0]["date"], "2026-12-10");
    assert_eq!(calendar["overrides"][0]["hours"], "12:00–13:00");
    let (status, body) = call(
        &app,
        &maria,
        post,
        "/performer/overrides",
        Some(json!({"date": "2026-12-11", "hours": "9 to 5"})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("bad_hours")),
        "{body}"
    );

    // The preview (the users' computation) follows: Tue and Wed gone, Thu 12:00–13:00 only.
    let (_, preview) = call(&app, &maria, reqwest::Method::GET, "/performer/preview", None).await;
    assert_eq!(preview["days"][1]["slots"], json!([]));
    assert_eq!(preview["days"][2]["slots"], json!([]));
    assert_eq!(
        preview["days"][3]["slots"],
        json!(["2026-12-10T18:00:00Z", "2026-12-10T18:30:00Z"])
    );

    // Removing them (through the same service) brings the weekly hours back.
    let block = calendar["blocks"][0]["id"].as_i64().unwrap();
    let special = calendar["overrides"][0]["id"].as_i64().unwrap();
    let del = reqwest::Method::DELETE;
    let (status, _) = call(
        &app,
        &maria,
        del.clone(),
        &format!("/performer/blocks/{block}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = call(
        &app,
        &maria,
        del.clone(),
        &format!("/performer/overrides/{special}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = call(&app, &maria, del, &format!("/performer/blocks/{block}"), None).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("block_gone")));
    assert!(availability::list_blocks(&app.db, pid).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_profile_is_edited_with_the_chats_rules() {
    let app = app_at_now().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let _ = performer(&app, 501, "Velvet", false).await;
    let put = reqwest::Method::PUT;

    let (status, body) = call(
        &app,
        &maria,
        put.clone(),
        "/performer/profile",
        Some(json!({"display_name": "VELVET"})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("name_look_alike")),
        "{body}"
    );
    let (status, body) = call(
        &app,
        &maria,
        put.clone(),
        "/performer/profile",
        Some(json!({"display_name": "x"})),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_name")), "{body}");

    let (status, body) = call(
        &app,
        &maria,
        put.clone(),
        "/performer/profile",
        Some(json!({"display_name": "Maria Luz", "bio": "Hola, soy Maria.", "tags": ["#Latina", "Chat"]})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["display_name"], "Maria Luz");
    assert_eq!(body["tags"], json!(["latina", "chat"]));
    let profile = profiles::get(&app.db, pid).await.unwrap().unwrap();
    assert_eq!(profile.display_name, "Maria Luz");
    assert_eq!(profile.bio, "Hola, soy Maria.");

    let long = "a".repeat(5000);
    let (status, body) = call(
        &app,
        &maria,
        put,
        "/performer/profile",
        Some(json!({"bio": long, "display_name": "Maria Sol"})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("bio_too_long")),
        "{body}"
    );
    let profile = profiles::get(&app.db, pid).await.unwrap().unwrap();
    assert_eq!(
        profile.display_name, "Maria Luz",
        "nothing written when a field is refused"
    );

    // Users see the new name in the chat.
    let ana = adult(&app, 42, "Ana").await;
    app.press(&ana, &format!("u:l:v:{pid}")).await;
    assert!(app.telegram.last_message_to(42).text().contains("Maria Luz"));

    let (status, earnings) = call(&app, &maria, reqwest::Method::GET, "/performer/earnings", None).await;
    assert_eq!(status, 200, "{earnings}");
    assert_eq!(earnings["lines"], json!([]));
}

#[tokio::test]
async fn only_a_performer_gets_in_and_a_forged_claim_changes_nothing() {
    let app = app_at_now().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    let version = profiles::get(&app.db, pid)
        .await
        .unwrap()
        .unwrap()
        .schedule_version;

    for (method, path, body) in [
        (reqwest::Method::GET, "/performer/week", None),
        (reqwest::Method::PUT, "/performer/week", Some(painted_week())),
        (
            reqwest::Method::POST,
            "/performer/blocks",
            Some(json!({"from": "2026-12-08"})),
        ),
        (
            reqwest::Method::PUT,
            "/performer/profile",
            Some(json!({"display_name": "Ana Star"})),
        ),
        (reqwest::Method::GET, "/performer/earnings", None),
    ] {
        let (status, answer) = call(&app, &ana, method, path, body).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (403, Some("forbidden")),
            "{path}"
        );
    }
    let ana_row = users::find_by_telegram_id(&app.db, 42).await.unwrap().unwrap();
    assert!(profiles::by_user(&app.db, ana_row.id).await.unwrap().is_none());

    // Init data naming Maria but not signed for her: refused before any role is looked at.
    let forged = app
        .init_data(&ana)
        .replace("%22id%22%3A42%2C", "%22id%22%3A500%2C");
    assert_ne!(forged, app.init_data(&ana));
    let response = app
        .client
        .put(format!("{}/app/api/performer/week", app.address))
        .header("Authorization", format!("tma {forged}"))
        .json(&painted_week())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);

    let profile = profiles::get(&app.db, pid).await.unwrap().unwrap();
    assert_eq!(profile.schedule_version, version);
    assert_eq!(availability::rules(&app.db, pid).await.unwrap().len(), 7);
    assert_eq!(profile.display_name, "Maria");
    let (status, _) = call(&app, &maria, reqwest::Method::GET, "/performer/week", None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_chats_availability_screen_opens_the_week_in_the_app() {
    let app = crate::helpers::spawn_app_with(&[("PNP_PUBLIC_URL", "https://pnp.example")]).await;
    app.clock.set(NOW);
    let (maria, _) = performer(&app, 500, "Maria", false).await;
    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Availability").await;
    let screen = app.telegram.last_message_to(500);
    let markup = &screen.body["reply_markup"]["inline_keyboard"];
    let button = markup
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap())
        .find(|b| b["text"] == "🗓 Edit my week")
        .unwrap_or_else(|| panic!("no Edit my week button: {markup}"));
    assert_eq!(
        button["web_app"]["url"],
        "https://pnp.example/app?screen=perf-week"
    );

    let plain = app_at_now().await;
    let (maria, _) = performer(&plain, 500, "Maria", false).await;
    plain.send_text(&maria, "/pnp_live").await;
    plain.press_button(&maria, "Availability").await;
    assert!(!plain
        .telegram
        .last_message_to(500)
        .buttons()
        .iter()
        .any(|b| b.contains("Edit my week")));
}

#[tokio::test]
async fn rates_are_set_and_removed_in_the_app_with_the_chats_rules() {
    let app = app_at_now().await;
    // Maria has 30 min · 150 ⭐ and 60 min · 250 ⭐.
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let post = reqwest::Method::POST;
    let (status, profile) = call(&app, &maria, reqwest::Method::GET, "/performer/profile", None).await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(profile["rates"].as_array().unwrap().len(), 2);
    assert_eq!(
        (profile["max_rates"].as_u64(), profile["currency"].as_str()),
        (Some(6), Some("XTR"))
    );

    // What the chat refuses, the app refuses, with the chat's words.
    let (status, body) = call(
        &app,
        &maria,
        post.clone(),
        "/performer/rates",
        Some(json!({"minutes": 7, "price": "100"})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("bad_length")),
        "{body}"
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Send a number of minutes from 10 to 240"),
        "{body}"
    );
    let (status, body) = call(
        &app,
        &maria,
        post.clone(),
        "/performer/rates",
        Some(json!({"minutes": 45, "price": "lots"})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("bad_price")),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("That is not a price"),
        "{body}"
    );
    let (status, body) = call(
        &app,
        &maria,
        post.clone(),
        "/performer/rates",
        Some(json!({"minutes": 45, "price": "1000000"})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("bad_price")),
        "{body}"
    );
    assert_eq!(
        profiles::rates(&app.db, pid).await.unwrap().len(),
        2,
        "nothing refused was saved"
    );

    // A new length, and a new price for one offered already.
    let (status, body) = call(
        &app,
        &maria,
        post.clone(),
        "/performer/rates",
        Some(json!({"minutes": 45, "price": "200"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = call(
        &app,
        &maria,
        post.clone(),
        "/performer/rates",
        Some(json!({"minutes": 60, "price": "300"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let shown: Vec<String> = body["rates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{} {}", r["minutes"], r["price"].as_str().unwrap()))
        .collect();
    assert_eq!(shown, vec!["30 150 ⭐", "45 200 ⭐", "60 300 ⭐"]);

    // Removing one; someone else's rate (or one gone already) is not found.
    let sixty = body["rates"][2]["id"].as_i64().unwrap();
    let (status, body) = call(
        &app,
        &maria,
        reqwest::Method::DELETE,
        &format!("/performer/rates/{sixty}"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["rates"].as_array().unwrap().len(), 2);
    let (status, _) = call(
        &app,
        &maria,
        reqwest::Method::DELETE,
        &format!("/performer/rates/{sixty}"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (_lucia, lucia_pid) = performer(&app, 501, "Lucia", false).await;
    let hers = profiles::rates(&app.db, lucia_pid).await.unwrap()[0].id;
    let (status, _) = call(
        &app,
        &maria,
        reqwest::Method::DELETE,
        &format!("/performer/rates/{hers}"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(profiles::rates(&app.db, lucia_pid).await.unwrap().len(), 2);

    // Six lengths at most, as in the chat.
    for minutes in [15, 20, 90, 120] {
        let (status, body) = call(
            &app,
            &maria,
            post.clone(),
            "/performer/rates",
            Some(json!({"minutes": minutes, "price": "100"})),
        )
        .await;
        assert_eq!(status, 200, "{minutes}: {body}");
    }
    let (status, body) = call(
        &app,
        &maria,
        post.clone(),
        "/performer/rates",
        Some(json!({"minutes": 180, "price": "100"})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("too_many_rates")),
        "{body}"
    );

    // The chat offers what the app saved.
    let ana = adult(&app, 42, "Ana").await;
    app.press(&ana, &format!("u:l:v:{pid}")).await;
    app.press_button(&ana, "Book").await;
    let lengths = app.telegram.last_message_to(ana.id).buttons();
    assert!(lengths.iter().any(|b| b.starts_with("45 min")), "{lengths:?}");
    assert!(!lengths.iter().any(|b| b.starts_with("60 min")), "{lengths:?}");
}
