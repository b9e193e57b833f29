//! `/pnp_live` through the webhook: the menu, Manage Profile, Availability, Upcoming calls, the
//! refusal of non-performers, Spanish.

use jiff::civil::Weekday;
use pnp_live::clock::Clock;
use pnp_live::domain::money::Money;
use pnp_live::services::availability::{self, to_ts};
use pnp_live::services::booking::BookingService;
use pnp_live::services::profile_edits;
use pnp_live::services::profiles::{self, Profile};
use pnp_live::services::roles::{self, Role};
use pnp_live::services::users::{self, Profile as TgProfile};
use serde_json::json;

use crate::helpers::{next_update_id, spawn_app, TestApp, TgUser};

/// Makes `tg` a performer (as an admin's grant does) after they opened the bot.
pub async fn make_performer(app: &TestApp, tg: &TgUser) -> Profile {
    app.send_text(tg, "/start").await;
    let user = users::find_by_telegram_id(&app.db, tg.id).await.unwrap().unwrap();
    let now = app.clock.now();
    roles::grant(&app.db, user.id, Role::Performer, None, now)
        .await
        .unwrap();
    profiles::ensure(&app.db, user.id, &tg.first_name, "America/Mexico_City", now)
        .await
        .unwrap()
}

pub async fn add_rate(app: &TestApp, profile: &Profile, minutes: i32, stars: i64) {
    profiles::set_rate(&app.db, profile.id, minutes, Money::stars(stars), app.clock.now())
        .await
        .unwrap();
}

/// `n` users who have used the bot, Telegram ids from `first`; returns their Telegram ids.
pub async fn register_users(app: &TestApp, first: i64, n: i64, language: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    for telegram_id in first..first + n {
        let profile = TgProfile {
            telegram_id,
            username: None,
            first_name: "User",
            last_name: None,
            language,
        };
        users::register(&app.db, &profile, app.clock.now()).await.unwrap();
        ids.push(telegram_id);
    }
    ids
}

async fn profile_of(app: &TestApp, profile: &Profile) -> Profile {
    profiles::get(&app.db, profile.id).await.unwrap().unwrap()
}

fn photo_message(user: &TgUser) -> serde_json::Value {
    json!({"update_id": next_update_id(), "message": {
        "message_id": 5,
        "date": 1_790_000_000,
        "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
        "from": user.json(),
        "photo": [
            {"file_id": "small-id", "file_unique_id": "u1", "width": 90, "height": 90, "file_size": 1000},
            {"file_id": "large-id", "file_unique_id": "u3", "width": 1280, "height": 1280, "file_size": 90000},
            {"file_id": "medium-id", "file_unique_id": "u2", "width": 320, "height": 320, "file_size": 9000},
        ],
    }})
}

async fn setup() -> (TestApp, TgUser, Profile) {
    let app = spawn_app().await;
    let maria = TgUser::new(7_000, "Maria", Some("mariacam"));
    let profile = make_performer(&app, &maria).await;
    (app, maria, profile)
}

#[tokio::test]
async fn a_performer_opens_the_menu_with_status_and_every_section() {
    let (app, maria, _profile) = setup().await;
    app.send_text(&maria, "/pnp_live").await;
    let menu = app.telegram.last_message_to(maria.id);
    assert!(menu.text().contains("Performer menu — Maria"), "{}", menu.text());
    assert!(menu.text().contains("Status: ⚫ Offline"), "{}", menu.text());
    let buttons = menu.buttons();
    for label in [
        "Go Online",
        "Manage Profile",
        "Availability",
        "Upcoming calls",
        "Main menu",
    ] {
        assert!(
            buttons.iter().any(|b| b.contains(label)),
            "{label} in {buttons:?}"
        );
    }

    // The main menu has a way in for performers, and not for anyone else.
    app.send_text(&maria, "/start").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .buttons()
        .iter()
        .any(|b| b.contains("Performer menu")));
    app.press_button(&maria, "Performer menu").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("Performer menu — Maria"));
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/start").await;
    assert!(!app
        .telegram
        .last_message_to(ana.id)
        .buttons()
        .iter()
        .any(|b| b.contains("Performer menu")));
}

#[tokio::test]
async fn someone_who_is_not_a_performer_is_refused_politely_and_their_forged_buttons_do_nothing() {
    let (app, _maria, profile) = setup().await;
    add_rate(&app, &profile, 30, 150).await;
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/pnp_live").await;
    let reply = app.telegram.last_message_to(ana.id);
    assert!(reply.text().contains("only for performers"), "{}", reply.text());

    for data in ["p:on", "p:pr:rd:1", "p:pr:ra", "p:av:d:1", "p:av:dp:1:1"] {
        app.press(&ana, data).await;
        let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
        assert!(
            answer.body["text"]
                .as_str()
                .unwrap()
                .contains("only for performers"),
            "{data}: {}",
            answer.body
        );
        assert_eq!(answer.body["show_alert"], true);
    }
    assert_eq!(profiles::rates(&app.db, profile.id).await.unwrap().len(), 1);
    assert!(availability::rules(&app.db, profile.id).await.unwrap().is_empty());
    assert!(!profile_of(&app, &profile).await.online);

    // A performer whose role was taken away is refused from then on.
    let maria_user = users::find_by_telegram_id(&app.db, 7_000).await.unwrap().unwrap();
    roles::revoke(&app.db, maria_user.id, Role::Performer, None, app.clock.now())
        .await
        .unwrap();
    app.press(&TgUser::new(7_000, "Maria", None), "p:on").await;
    let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
    assert!(answer.body["text"]
        .as_str()
        .unwrap()
        .contains("only for performers"));
    assert!(!profile_of(&app, &profile).await.online);
}

#[tokio::test]
async fn going_online_needs_a_rate_and_the_toggle_switches_status() {
    let (app, maria, profile) = setup().await;
    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Go Online").await;
    let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
    assert!(answer.body["text"]
        .as_str()
        .unwrap()
        .contains("at least one rate"));
    assert!(!profile_of(&app, &profile).await.online);

    add_rate(&app, &profile, 30, 150).await;
    app.press_button(&maria, "Go Online").await;
    assert!(profile_of(&app, &profile).await.online);
    let menu = app.telegram.last_message_to(maria.id);
    assert!(menu.text().contains("Status: 🟢 Online"), "{}", menu.text());
    app.press_button(&maria, "Go Offline").await;
    assert!(!profile_of(&app, &profile).await.online);
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("You are offline"));
}

#[tokio::test]
async fn the_profile_is_edited_step_by_step_with_validation_and_shows_in_the_preview() {
    let (app, maria, profile) = setup().await;
    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Manage Profile").await;

    // Name
    app.press_button(&maria, "Name").await;
    app.send_text(&maria, "M").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("2 to 64 characters"));
    app.send_text(&maria, "  Maria   Luna ").await;
    assert_eq!(profile_of(&app, &profile).await.display_name, "Maria Luna");

    // Bio: the limit is shown, and a bio over it is refused with its length.
    app.press_button(&maria, "Bio").await;
    let prompt = app.telegram.last_message_to(maria.id);
    assert!(
        prompt.text().contains("At most 500 characters"),
        "{}",
        prompt.text()
    );
    app.send_text(&maria, &"x".repeat(501)).await;
    let refusal = app.telegram.last_message_to(maria.id);
    assert!(
        refusal.text().contains("501 characters; the limit is 500"),
        "{}",
        refusal.text()
    );
    assert!(refusal.buttons().iter().any(|b| b.contains("Cancel")));
    app.send_text(&maria, "Dancer from Medellín. Calls in English or Spanish.")
        .await;
    assert_eq!(
        profile_of(&app, &profile).await.bio,
        "Dancer from Medellín. Calls in English or Spanish."
    );

    // Photo: text is not a photo; a photo keeps its largest size.
    app.press_button(&maria, "Photo").await;
    app.send_text(&maria, "here it is").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("That is not a photo"));
    app.post_update(photo_message(&maria)).await;
    assert_eq!(
        profile_of(&app, &profile).await.photo_file_id.as_deref(),
        Some("large-id")
    );

    // Tags: configured ones toggle, free ones are typed.
    app.press_button(&maria, "Tags").await;
    app.press_button(&maria, "latina").await;
    app.press_button(&maria, "dance").await;
    app.press_button(&maria, "✅ dance").await;
    app.press_button(&maria, "Your own tag").await;
    app.send_text(&maria, "no:good").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("2 to 24 letters"));
    app.send_text(&maria, "#Salsa Lover").await;
    let tags = profile_edits::tags(&profile_of(&app, &profile).await);
    assert_eq!(tags, ["latina", "salsa lover"]);
    let screen = app.telegram.last_message_to(maria.id);
    assert!(
        screen.buttons().iter().any(|b| b == "✅ salsa lover"),
        "{:?}",
        screen.buttons()
    );

    // Rates: add with validation, change a price, remove one.
    app.press_button(&maria, "Back").await;
    app.press_button(&maria, "Rates").await;
    app.press_button(&maria, "Add rate").await;
    app.send_text(&maria, "7").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("in steps of 5"));
    app.send_text(&maria, "30 min").await;
    let ask_price = app.telegram.last_message_to(maria.id);
    assert!(
        ask_price.text().contains("30-minute call, in Telegram Stars"),
        "{}",
        ask_price.text()
    );
    app.send_text(&maria, "12.5").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("no decimals"));
    app.send_text(&maria, "0").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("more than zero"));
    app.send_text(&maria, "150").await;
    app.press_button(&maria, "Add rate").await;
    app.send_text(&maria, "60").await;
    app.send_text(&maria, "280").await;
    let rates_screen = app.telegram.last_message_to(maria.id);
    assert!(
        rates_screen.text().contains("• 30 min — 150 ⭐"),
        "{}",
        rates_screen.text()
    );
    assert!(
        rates_screen.text().contains("• 60 min — 280 ⭐"),
        "{}",
        rates_screen.text()
    );
    app.press_button(&maria, "30 min — 150").await;
    app.send_text(&maria, "170").await;
    let rates = profiles::rates(&app.db, profile.id).await.unwrap();
    assert_eq!(
        rates
            .iter()
            .map(|r| (r.duration_minutes, r.price))
            .collect::<Vec<_>>(),
        [(30, 170), (60, 280)]
    );
    let remove = format!("p:pr:rd:{}", rates[1].id);
    app.press(&maria, &remove).await;
    assert_eq!(profiles::rates(&app.db, profile.id).await.unwrap().len(), 1);

    // The preview is the profile as users see it, photo and all.
    app.press_button(&maria, "Back").await;
    let screen = app.telegram.last_message_to(maria.id);
    assert!(screen.text().contains("🎭 Maria Luna"), "{}", screen.text());
    assert!(screen.text().contains("Dancer from Medellín"));
    assert!(
        screen.text().contains("#latina #salsa_lover"),
        "{}",
        screen.text()
    );
    assert!(screen.text().contains("30 min — 170 ⭐"));
    app.press_button(&maria, "Preview").await;
    let photo = app.telegram.calls_to("sendPhoto").pop().unwrap();
    assert_eq!(photo.body["photo"], "large-id");
    let caption = photo.body["caption"].as_str().unwrap();
    assert!(
        caption.starts_with("🎭 Maria Luna\nDancer from Medellín"),
        "{caption}"
    );
    assert!(caption.contains("30 min — 170 ⭐"));
}

#[tokio::test]
async fn cancel_ends_a_question_and_the_answer_is_no_longer_taken() {
    let (app, maria, profile) = setup().await;
    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Manage Profile").await;
    app.press_button(&maria, "Bio").await;
    app.press_button(&maria, "Cancel").await;
    let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
    assert_eq!(answer.body["text"], "Cancelled.");
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("Manage Profile"));
    app.send_text(&maria, "a bio typed too late").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("I didn't understand"));
    assert_eq!(profile_of(&app, &profile).await.bio, "");

    // Every question has its Cancel, and /cancel works too.
    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Availability").await;
    app.press_button(&maria, "Blocked dates").await;
    app.press_button(&maria, "Block dates").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .buttons()
        .iter()
        .any(|b| b.contains("Cancel")));
    app.send_text(&maria, "/cancel").await;
    app.send_text(&maria, "2099-01-01").await;
    assert!(availability::list_blocks(&app.db, profile.id)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn weekly_hours_blocked_dates_and_timezone_are_set_and_previewed() {
    let (app, maria, profile) = setup().await;
    add_rate(&app, &profile, 60, 200).await;
    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Availability").await;

    // Monday from a preset, Tuesday typed (with a mistake first).
    app.press_button(&maria, "Mon").await;
    app.press_button(&maria, "10:00–18:00").await;
    app.press_button(&maria, "Tue").await;
    app.press_button(&maria, "Custom").await;
    app.send_text(&maria, "10:00-14:00, 13:00-15:00").await;
    assert!(app.telegram.last_message_to(maria.id).text().contains("overlap"));
    app.send_text(&maria, "09:00-13:00, 18:00-02:00").await;
    let screen = app.telegram.last_message_to(maria.id);
    assert!(screen.text().contains("Monday: 10:00–18:00"), "{}", screen.text());
    assert!(
        screen.text().contains("Tuesday: 09:00–13:00, 18:00–02:00"),
        "{}",
        screen.text()
    );
    assert!(screen.text().contains("Wednesday: closed"), "{}", screen.text());
    let rules = availability::rules(&app.db, profile.id).await.unwrap();
    let stored: Vec<(i16, &str, &str)> = rules
        .iter()
        .map(|r| (r.weekday, r.start_time.as_str(), r.end_time.as_str()))
        .collect();
    assert_eq!(
        stored,
        [
            (1, "10:00", "18:00"),
            (2, "09:00", "13:00"),
            (2, "18:00", "02:00")
        ]
    );
    // Closing a day.
    app.press_button(&maria, "Mon").await;
    app.press_button(&maria, "Closed").await;
    assert_eq!(availability::rules(&app.db, profile.id).await.unwrap().len(), 2);

    // Timezone: a common one with a tap, any other typed and checked.
    app.press_button(&maria, "Timezone").await;
    app.press_button(&maria, "Madrid").await;
    assert_eq!(profile_of(&app, &profile).await.timezone, "Europe/Madrid");
    app.press_button(&maria, "Timezone").await;
    app.press_button(&maria, "Other").await;
    // The performer's own question, not the one a client is asked before seeing times.
    let asked = app.telegram.last_message_to(maria.id).text().to_owned();
    assert!(asked.contains("IANA list"), "{asked}");
    app.send_text(&maria, "Mars/Olympus").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("not a timezone I know"));
    app.send_text(&maria, "america/lima").await;
    assert_eq!(profile_of(&app, &profile).await.timezone, "America/Lima");

    // Blocked dates: a date and a range, listed and removable.
    let tz = jiff::tz::TimeZone::get("America/Lima").unwrap();
    let today = tz.to_datetime(to_ts(app.clock.now())).date();
    let in_days = |n: i64| today.checked_add(jiff::Span::new().days(n)).unwrap();
    app.press_button(&maria, "Blocked dates").await;
    app.press_button(&maria, "Block dates").await;
    app.send_text(&maria, "2001-01-01").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("That date has passed"));
    app.send_text(&maria, &format!("{}..{}", in_days(10), in_days(12)))
        .await;
    app.press_button(&maria, "Block dates").await;
    app.send_text(&maria, &in_days(20).to_string()).await;
    let blocks = availability::list_blocks(&app.db, profile.id).await.unwrap();
    assert_eq!(blocks.len(), 2);
    let screen = app.telegram.last_message_to(maria.id);
    assert_eq!(screen.buttons().iter().filter(|b| b.starts_with("🗑")).count(), 2);
    app.press(&maria, &format!("p:av:bd:{}", blocks[1].id)).await;
    assert_eq!(
        availability::list_blocks(&app.db, profile.id)
            .await
            .unwrap()
            .len(),
        1
    );

    // The preview lists the next 7 days; Tuesday's evening range runs past midnight.
    app.press_button(&maria, "Back").await;
    availability::set_day(
        &app.db,
        profile.id,
        Weekday::Wednesday,
        &[(jiff::civil::time(0, 0, 0, 0), jiff::civil::time(0, 0, 0, 0))],
    )
    .await
    .unwrap();
    app.press_button(&maria, "Next 7 days").await;
    let week = app.telegram.last_message_to(maria.id);
    assert!(week.text().contains("60-minute call"), "{}", week.text());
    assert_eq!(week.text().matches("\nWed ").count(), 1, "{}", week.text());
    let wednesday = week
        .text()
        .lines()
        .find(|l| l.starts_with("Wed "))
        .unwrap()
        .to_owned();
    assert!(wednesday.contains("–24:00"), "{wednesday}");
}

#[tokio::test]
async fn a_performer_cannot_touch_another_performers_rates_or_blocks() {
    let (app, maria, maria_profile) = setup().await;
    let leo = TgUser::new(7_001, "Leo", None);
    let leo_profile = make_performer(&app, &leo).await;
    add_rate(&app, &leo_profile, 30, 100).await;
    let leo_rate = profiles::rates(&app.db, leo_profile.id).await.unwrap()[0].clone();
    availability::block_dates(
        &app.db,
        leo_profile.id,
        jiff::civil::date(2099, 1, 1),
        jiff::civil::date(2099, 1, 2),
        app.clock.now(),
    )
    .await
    .unwrap();
    let leo_block = availability::list_blocks(&app.db, leo_profile.id).await.unwrap()[0].clone();

    app.press(&maria, &format!("p:pr:rd:{}", leo_rate.id)).await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("no longer exists"));
    app.press(&maria, &format!("p:pr:re:{}", leo_rate.id)).await;
    app.send_text(&maria, "1").await;
    app.press(&maria, &format!("p:av:bd:{}", leo_block.id)).await;

    assert_eq!(
        profiles::rates(&app.db, leo_profile.id).await.unwrap()[0].price,
        100
    );
    assert!(profiles::rates(&app.db, maria_profile.id)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        availability::list_blocks(&app.db, leo_profile.id)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn upcoming_calls_are_listed_in_the_performers_timezone() {
    let (app, maria, profile) = setup().await;
    add_rate(&app, &profile, 60, 200).await;
    for day in 1..=7 {
        let midnight = jiff::civil::Time::midnight();
        availability::set_day(
            &app.db,
            profile.id,
            Weekday::from_monday_one_offset(day).unwrap(),
            &[(midnight, midnight)],
        )
        .await
        .unwrap();
    }
    let profile = profile_of(&app, &profile).await;
    let rate = profiles::rates(&app.db, profile.id).await.unwrap().remove(0);
    let ana = TgUser::new(42, "Ana", None);
    app.send_text(&ana, "/start").await;
    let ana_row = users::find_by_telegram_id(&app.db, 42).await.unwrap().unwrap();
    // Tomorrow 15:00 in Mexico City.
    let tz = jiff::tz::TimeZone::get("America/Mexico_City").unwrap();
    let tomorrow = tz
        .to_datetime(to_ts(app.clock.now()))
        .date()
        .checked_add(jiff::Span::new().days(1))
        .unwrap();
    let start = tz.to_timestamp(tomorrow.at(15, 0, 0, 0)).unwrap();
    let bookings = BookingService::new(app.db.clone(), 10);
    bookings
        .hold_slot(ana_row.id, &profile, &rate, start, app.clock.now())
        .await
        .unwrap();

    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Upcoming calls").await;
    let screen = app.telegram.last_message_to(maria.id);
    assert!(screen.text().contains("America/Mexico_City"), "{}", screen.text());
    assert!(
        // One booking-status text for both sides: the user's, with its emoji.
        screen.text().contains("15:00–16:00 · Ana · ⏳ awaiting payment"),
        "{}",
        screen.text()
    );
}

#[tokio::test]
async fn the_performer_menu_speaks_spanish() {
    let app = spawn_app().await;
    let lupe = TgUser::new(7_002, "Lupe", None).spanish();
    make_performer(&app, &lupe).await;
    app.send_text(&lupe, "/pnp_live").await;
    let menu = app.telegram.last_message_to(lupe.id);
    assert!(
        menu.text().contains("Menú de performer — Lupe"),
        "{}",
        menu.text()
    );
    assert!(
        menu.text().contains("Estado: ⚫ Fuera de línea"),
        "{}",
        menu.text()
    );
    assert_eq!(
        menu.buttons(),
        [
            "🟢 Ponerme en línea",
            "👤 Gestionar perfil",
            "🗓 Disponibilidad",
            "📅 Próximas llamadas",
            "💰 Ganancias",
            "⭐ Mis reseñas",
            "🔗 Compartir el enlace de mi perfil",
            "🏠 Menú principal"
        ]
    );
    app.press_button(&lupe, "Ponerme en línea").await;
    let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
    assert!(answer.body["text"]
        .as_str()
        .unwrap()
        .contains("Añade al menos una tarifa"));

    app.press_button(&lupe, "Gestionar perfil").await;
    app.press_button(&lupe, "Tarifas").await;
    app.press_button(&lupe, "Añadir tarifa").await;
    app.send_text(&lupe, "treinta").await;
    assert!(app.telegram.last_message_to(lupe.id).text().contains("de 5 en 5"));
    app.send_text(&lupe, "30").await;
    app.send_text(&lupe, "150").await;
    assert!(app
        .telegram
        .last_message_to(lupe.id)
        .text()
        .contains("✅ 30 min — 150 ⭐ guardada."));

    app.send_text(&lupe, "/pnp_live").await;
    app.press_button(&lupe, "Disponibilidad").await;
    let screen = app.telegram.last_message_to(lupe.id);
    assert!(screen.text().contains("Lunes: cerrado"), "{}", screen.text());
    app.press_button(&lupe, "Mié").await;
    app.press_button(&lupe, "Personalizado").await;
    app.send_text(&lupe, "nueve a cinco").await;
    assert!(app
        .telegram
        .last_message_to(lupe.id)
        .text()
        .contains("No entendí «nueve a cinco»"));
}

#[tokio::test]
async fn a_performers_edits_show_in_a_users_view_profile() {
    let (app, maria, profile) = setup().await;
    add_rate(&app, &profile, 45, 300).await;
    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Manage Profile").await;
    app.press_button(&maria, "Bio").await;
    app.send_text(&maria, "Salsa teacher, calls in Spanish.").await;

    let ana = crate::user_flow::adult(&app, 42, "Ana").await;
    app.press(&ana, &format!("u:l:v:{}", profile.id)).await;
    let seen = app.telegram.last_message_to(ana.id);
    assert!(
        seen.text().contains("Salsa teacher, calls in Spanish."),
        "{}",
        seen.text()
    );
    assert!(seen.text().contains("45 min → 300"), "{}", seen.text());

    app.press_button(&maria, "Photo").await;
    app.post_update(photo_message(&maria)).await;
    app.press(&ana, &format!("u:l:v:{}", profile.id)).await;
    let photo = app
        .telegram
        .calls_to("sendPhoto")
        .pop()
        .expect("the profile is sent as a photo");
    assert_eq!(photo.chat_id(), Some(ana.id));
    assert_eq!(photo.body["photo"], "large-id");
    assert!(photo.text().contains("Salsa teacher"));
}
