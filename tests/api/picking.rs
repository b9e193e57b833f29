//! Picking a performer and a time as people do it: the online list leads to everyone with free
//! time later, lists show the performers' photos and no button leads nowhere, a profile tells
//! the performer's own clock, and a day of 48 half-hour slots is reached in three taps.

use entity::bookings;
use jiff::civil::{time, Weekday};
use pnp_live::domain::availability::BookingSettings;
use pnp_live::services::{availability, profile_edits, profiles, users};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use time::macros::datetime;

use crate::fake_telegram::{Call, Kind};
use crate::helpers::{spawn_app, spawn_app_tweaked, TestApp, TgUser};
use crate::user_flow::{adult, performer, NOW};

/// Every weekday, for clearing a performer's week.
fn week() -> impl Iterator<Item = Weekday> {
    (1..=7).map(|d| Weekday::from_monday_one_offset(d).unwrap())
}

/// Replaces the performer's weekly hours: only `day`, from midnight to midnight.
async fn only_all_day(app: &TestApp, pid: i64, day: Weekday) {
    for weekday in week() {
        let hours = if weekday == day {
            vec![(time(0, 0, 0, 0), time(0, 0, 0, 0))]
        } else {
            Vec::new()
        };
        availability::set_day(&app.db, pid, weekday, &hours)
            .await
            .unwrap();
    }
}

async fn user_id(app: &TestApp, telegram_id: i64) -> i64 {
    users::find_by_telegram_id(&app.db, telegram_id)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The times (HH:MM buttons) of a screen.
fn times(call: &Call) -> Vec<String> {
    call.buttons()
        .into_iter()
        .filter(|b| b.len() == 5 && b.as_bytes()[2] == b':')
        .collect()
}

fn no_next_page(call: &Call) {
    assert!(
        !call.buttons().iter().any(|b| b.contains("Next")),
        "a Next page on {:?}",
        call.buttons()
    );
}

#[tokio::test]
async fn while_someone_is_online_the_list_still_leads_to_everyone_with_free_time_later() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    performer(&app, 500, "Maria", true).await;
    performer(&app, 501, "Lucia", false).await;
    // Nora has no hours, Olga is away for the whole window, Paula's only time is taken.
    let (_, nora) = performer(&app, 502, "Nora", false).await;
    for weekday in week() {
        availability::set_day(&app.db, nora, weekday, &[]).await.unwrap();
    }
    let (_, olga) = performer(&app, 503, "Olga", false).await;
    availability::block_dates(
        &app.db,
        olga,
        jiff::civil::date(2026, 12, 1),
        jiff::civil::date(2027, 2, 1),
        NOW,
    )
    .await
    .unwrap();
    let (_, paula) = performer(&app, 504, "Paula", false).await;
    for weekday in week() {
        let hours = if weekday == Weekday::Monday {
            vec![(time(10, 0, 0, 0), time(10, 30, 0, 0))]
        } else {
            Vec::new()
        };
        availability::set_day(&app.db, paula, weekday, &hours)
            .await
            .unwrap();
    }
    let settings = BookingSettings {
        window_days: 1,
        ..BookingSettings::default()
    };
    profiles::set_settings(&app.db, paula, &settings, NOW)
        .await
        .unwrap();
    let bob = adult(&app, 43, "Bob").await;
    app.press(&bob, &format!("u:b:b:{paula}")).await;
    app.press_button(&bob, "30 min").await;
    app.press_button(&bob, "Schedule").await;
    app.press_button(&bob, "Mon 7 · 1").await;
    app.press_button(&bob, "10:00").await;
    assert_eq!(
        app.telegram.calls_to("sendInvoice").len(),
        1,
        "Bob holds Paula's only time"
    );

    let ana = adult(&app, 42, "Ana").await;
    let online = app.telegram.last_message_to(ana.id);
    assert!(online.text().contains("Online now"), "{}", online.text());
    app.press_button(&ana, "Schedule with someone else").await;
    let later = app.telegram.last_message_to(ana.id);
    let text = later.text();
    assert!(text.contains("Performers you can schedule"), "{text}");
    assert!(!text.contains("Nobody is online"), "{text}");
    assert!(text.contains("Maria") && text.contains("Lucia"), "{text}");
    for without_time in ["Nora", "Olga", "Paula"] {
        assert!(!text.contains(without_time), "{without_time} is offered: {text}");
    }
    let labels = later.buttons();
    assert!(
        labels.iter().any(|b| b.contains("View Profile: Lucia")),
        "{labels:?}"
    );
    // And back to who is online.
    app.press_button(&ana, "Who is online now").await;
    assert!(app.telegram.last_message_to(ana.id).text().contains("Online now"));
}

#[tokio::test]
async fn with_nobody_free_the_later_list_says_so_instead_of_offering_dead_ends() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (_, nora) = performer(&app, 502, "Nora", false).await;
    for weekday in week() {
        availability::set_day(&app.db, nora, weekday, &[]).await.unwrap();
    }
    let ana = adult(&app, 42, "Ana").await;
    let shown = app.telegram.last_message_to(ana.id);
    assert!(shown.text().contains("Nobody is online"), "{}", shown.text());
    assert!(
        shown.text().contains("No performer has free time"),
        "{}",
        shown.text()
    );
    assert!(!shown.text().contains("Nora"), "{}", shown.text());
    assert!(!shown.buttons().iter().any(|b| b.contains("Book")));
}

/// Maria and Lucia (both photographed) and Nora (no photo) online, two to a page.
async fn photographed_performers() -> (TestApp, TgUser) {
    let app = spawn_app_tweaked(&[], |c| c.bot.page_size = 2).await;
    app.clock.set(NOW);
    let (_, maria) = performer(&app, 500, "Maria", true).await;
    let (_, lucia) = performer(&app, 501, "Lucia", true).await;
    performer(&app, 502, "Nora", true).await;
    profile_edits::set_photo(&app.db, maria, Some("maria-photo"), NOW)
        .await
        .unwrap();
    profile_edits::set_photo(&app.db, lucia, Some("lucia-photo"), NOW)
        .await
        .unwrap();
    let ana = adult(&app, 42, "Ana").await;
    (app, ana)
}

#[tokio::test]
async fn the_online_list_shows_the_performers_photos_above_its_buttons() {
    let (app, ana) = photographed_performers().await;
    let album = app.telegram.calls_to("sendMediaGroup");
    assert_eq!(album.len(), 1, "the first page's photos, as one album");
    let media = album[0].body["media"].as_array().unwrap();
    let shown: Vec<(&str, &str)> = media
        .iter()
        .map(|m| (m["media"].as_str().unwrap(), m["caption"].as_str().unwrap()))
        .collect();
    assert_eq!(shown, vec![("maria-photo", "Maria"), ("lucia-photo", "Lucia")]);
    // The list itself comes under the photos, with its buttons.
    let chat = app.telegram.chat(ana.id);
    let list = chat.last().unwrap();
    assert_eq!(list.kind, Kind::Text);
    assert!(chat[chat.len() - 3].kind == Kind::Photo && chat[chat.len() - 2].kind == Kind::Photo);
    let buttons = app.telegram.last_message_to(ana.id).buttons();
    assert!(
        buttons.iter().any(|b| b.contains("View Profile: Maria")),
        "{buttons:?}"
    );
    assert!(buttons.iter().any(|b| b.contains("Next")), "{buttons:?}");
}

#[tokio::test]
async fn every_list_button_still_works_when_tapped_twice_or_on_an_old_list() {
    let (app, ana) = photographed_performers().await;
    let first_page = app.telegram.last_sent(ana.id).unwrap();
    let next = app.telegram.last_message_to(ana.id).button_data("Next");
    let maria = app
        .telegram
        .last_message_to(ana.id)
        .button_data("View Profile: Maria");
    // Next, twice on the same first page (the second tap on a message already left behind).
    for _ in 0..2 {
        app.post_update(ana.callback_on(&next, first_page.as_pressed(ana.chat())))
            .await;
        let second = app.telegram.last_message_to(ana.id);
        assert!(second.text().contains("Nora"), "{}", second.text());
        assert!(!second.text().contains("Maria"), "{}", second.text());
    }
    let old = app
        .telegram
        .chat(ana.id)
        .into_iter()
        .find(|m| m.message_id == first_page.message_id)
        .unwrap();
    assert_eq!(old.reply_markup, None, "the page left behind has no live buttons");
    // A View Profile tapped on that old page still opens the card.
    app.post_update(ana.callback_on(&maria, first_page.as_pressed(ana.chat())))
        .await;
    let card = app.telegram.last_sent(ana.id).unwrap();
    assert_eq!(card.kind, Kind::Photo);
    assert!(card.text.unwrap().contains("Maria"));
    // Back on the card brings the first page again: its photos, the list under them.
    let albums = app.telegram.calls_to("sendMediaGroup").len();
    app.press_button(&ana, "Back").await;
    assert_eq!(app.telegram.calls_to("sendMediaGroup").len(), albums + 1);
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .buttons()
        .iter()
        .any(|b| b.contains("View Profile: Lucia")));
}

#[tokio::test]
async fn opening_a_photo_card_takes_the_buttons_off_the_list_it_came_from() {
    let (app, ana) = photographed_performers().await;
    let list = app.telegram.last_sent(ana.id).unwrap();
    assert!(list.reply_markup.is_some());
    app.press_button(&ana, "View Profile: Lucia").await;
    let card = app.telegram.last_sent(ana.id).unwrap();
    assert_eq!(card.kind, Kind::Photo);
    let list_now = app
        .telegram
        .chat(ana.id)
        .into_iter()
        .find(|m| m.message_id == list.message_id)
        .unwrap();
    assert_eq!(list_now.reply_markup, None, "only the card's buttons lead on");
    let card_buttons = app.telegram.last_message_to(ana.id).buttons();
    assert!(
        card_buttons.iter().any(|b| b.contains("Book")),
        "{card_buttons:?}"
    );
}

#[tokio::test]
async fn a_profile_tells_the_performers_own_time_and_zone() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (_, valentina) = performer(&app, 500, "Valentina", true).await;
    profiles::set_timezone(&app.db, valentina, "Europe/Madrid", NOW)
        .await
        .unwrap();
    let ana = adult(&app, 42, "Ana").await;
    app.press_button(&ana, "View Profile: Valentina").await;
    // 15:00 UTC is 16:00 in Madrid in December.
    let profile = app.telegram.last_message_to(ana.id);
    assert!(
        profile
            .text()
            .contains("It is 16:00 for Valentina (Europe/Madrid)"),
        "{}",
        profile.text()
    );
}

#[tokio::test]
async fn any_time_of_a_full_day_is_three_taps_from_the_calendar_and_gets_held() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (_, pid) = performer(&app, 500, "Maria", false).await;
    only_all_day(&app, pid, Weekday::Tuesday).await;
    let ana = adult(&app, 42, "Ana").await;
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    let calendar = app.telegram.last_message_to(ana.id);
    assert!(
        calendar.text().contains("America/Mexico_City"),
        "{}",
        calendar.text()
    );
    assert!(
        calendar.buttons().iter().any(|b| b == "Tue 8 · 48"),
        "{:?}",
        calendar.buttons()
    );

    // Tap 1: the day, as its parts with their free counts.
    app.press_button(&ana, "Tue 8 ·").await;
    let day = app.telegram.last_message_to(ana.id);
    assert!(day.text().contains("America/Mexico_City"), "{}", day.text());
    assert!(times(&day).is_empty(), "48 times are not shown at once");
    let parts = ["Night", "Morning", "Afternoon", "Evening"];
    for part in parts {
        assert!(
            day.buttons()
                .iter()
                .any(|b| b.contains(part) && b.contains("12 free")),
            "{:?}",
            day.buttons()
        );
    }
    no_next_page(&day);
    // Tap 2: a part shows all of its times; together the parts hold the whole day.
    let mut all = Vec::new();
    for part in parts {
        app.press_button(&ana, part).await;
        let shown = app.telegram.last_message_to(ana.id);
        assert!(shown.text().contains("America/Mexico_City"), "{}", shown.text());
        no_next_page(&shown);
        all.extend(times(&shown));
        app.press_button(&ana, "Back").await;
    }
    let whole_day: Vec<String> = (0..48)
        .map(|i| format!("{:02}:{:02}", i / 2, (i % 2) * 30))
        .collect();
    assert_eq!(all, whole_day);

    // Tap 3: the time is held and its invoice arrives.
    app.press_button(&ana, "Evening").await;
    app.press_button(&ana, "23:30").await;
    let invoices = app.telegram.calls_to("sendInvoice");
    assert_eq!(invoices.len(), 1);
    let held = bookings::Entity::find()
        .filter(bookings::Column::UserId.eq(user_id(&app, ana.id).await))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // 23:30 in Mexico City on Tuesday 8 December is 05:30 UTC on Wednesday.
    assert_eq!(held.starts_at, Some(datetime!(2026-12-09 05:30 UTC)));
    assert!(invoices[0].body["description"]
        .as_str()
        .unwrap()
        .contains("23:30"));
}

#[tokio::test]
async fn slots_are_grouped_by_the_users_clock_not_the_performers() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    // Valentina works all Wednesday in Madrid; Ana lives in São Paulo, four hours behind.
    let (_, pid) = performer(&app, 500, "Valentina", false).await;
    profiles::set_timezone(&app.db, pid, "Europe/Madrid", NOW)
        .await
        .unwrap();
    only_all_day(&app, pid, Weekday::Wednesday).await;
    let ana = adult(&app, 42, "Ana").await;
    users::set_timezone(&app.db, user_id(&app, ana.id).await, "America/Sao_Paulo", NOW)
        .await
        .unwrap();
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    let calendar = app.telegram.last_message_to(ana.id);
    assert!(
        calendar.text().contains("America/Sao_Paulo"),
        "{}",
        calendar.text()
    );
    // Madrid's Wednesday is 20:00 Tuesday to 20:00 Wednesday in São Paulo.
    let buttons = calendar.buttons();
    assert!(buttons.iter().any(|b| b == "Tue 8 · 8"), "{buttons:?}");
    assert!(buttons.iter().any(|b| b == "Wed 9 · 40"), "{buttons:?}");

    app.press_button(&ana, "Wed 9 ·").await;
    let day = app.telegram.last_message_to(ana.id);
    let parts = day.buttons();
    assert!(parts.iter().any(|b| b.contains("Night · 12 free")), "{parts:?}");
    assert!(
        parts.iter().any(|b| b.contains("Afternoon · 12 free")),
        "{parts:?}"
    );
    assert!(parts.iter().any(|b| b.contains("Evening · 4 free")), "{parts:?}");
    app.press_button(&ana, "Evening").await;
    let evening = app.telegram.last_message_to(ana.id);
    assert!(evening.text().contains("America/Sao_Paulo"), "{}", evening.text());
    assert_eq!(times(&evening), ["18:00", "18:30", "19:00", "19:30"]);

    // Tuesday evening fits one screen: its times at once, under their part's count.
    app.press_button(&ana, "Back").await;
    app.press_button(&ana, "Back").await;
    app.press_button(&ana, "Tue 8 ·").await;
    let tuesday = app.telegram.last_message_to(ana.id);
    assert!(tuesday.text().contains("Evening: 8 free"), "{}", tuesday.text());
    assert_eq!(times(&tuesday).first().map(String::as_str), Some("20:00"));
    app.press_button(&ana, "20:00").await;
    assert_eq!(app.telegram.calls_to("sendInvoice").len(), 1);
}

#[tokio::test]
async fn the_calendar_opens_on_the_first_week_with_free_time_and_empty_days_lead_nowhere_new() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (_, pid) = performer(&app, 500, "Maria", false).await;
    for weekday in week() {
        availability::set_day(&app.db, pid, weekday, &[]).await.unwrap();
    }
    let hours = [(time(10, 0, 0, 0), time(12, 0, 0, 0))];
    availability::set_override(&app.db, pid, jiff::civil::date(2026, 12, 21), &hours)
        .await
        .unwrap();
    let ana = adult(&app, 42, "Ana").await;
    app.press(&ana, &format!("u:b:b:{pid}")).await;
    app.press_button(&ana, "30 min").await;
    app.press_button(&ana, "Schedule").await;
    let calendar = app.telegram.last_message_to(ana.id);
    assert!(
        calendar.text().contains("Mon 21 Dec – Sun 27 Dec"),
        "{}",
        calendar.text()
    );
    assert!(
        calendar.buttons().iter().any(|b| b == "Mon 21 · 4"),
        "{:?}",
        calendar.buttons()
    );

    app.press_button(&ana, "Previous week").await;
    let empty = app.telegram.last_message_to(ana.id);
    assert!(
        empty.text().contains("No free times this week"),
        "{}",
        empty.text()
    );
    assert!(
        empty.buttons().iter().any(|b| b == "Tue 15 · –"),
        "{:?}",
        empty.buttons()
    );
    // A day with nothing free is answered and leaves the week as it is.
    let shown = app.telegram.messages_to(ana.id).len();
    app.press_button(&ana, "Tue 15 · –").await;
    assert_eq!(app.telegram.messages_to(ana.id).len(), shown, "no new screen");

    app.press_button(&ana, "Next week").await;
    app.press_button(&ana, "Mon 21 ·").await;
    let day = app.telegram.last_message_to(ana.id);
    assert_eq!(times(&day), ["10:00", "10:30", "11:00", "11:30"]);
    // Back from the day returns to its week.
    app.press_button(&ana, "Back").await;
    assert!(app
        .telegram
        .last_message_to(ana.id)
        .text()
        .contains("Mon 21 Dec – Sun 27 Dec"));
}
