//! Fuzzing the front door (issue 7, item 7): arbitrary bytes, arbitrary JSON and JSON shaped like
//! Telegram updates (random `update_id`s, every update kind the bot knows with random, missing or
//! wrong-typed fields, deep nesting, numbers past i64/u64/f64, any unicode) go through
//! `POST /telegram/webhook` with the right secret. The server must never answer 5xx and never
//! drop a request (a panicking handler closes its connection), and `/healthz` must keep answering.
//!
//! The database holds an online performer with rates and hours and a user past the 18+ gate, and
//! many generated ids and button payloads name them, so the fuzzer reaches the booking handlers
//! and not only the parser. Each test runs `PROPTEST_CASES` cases (default [`DEFAULT_CASES`]),
//! which keeps all of them within a few seconds here.

use std::fmt::Debug;

use pnp_live::domain::money::{Currency, Money};
use pnp_live::services::{availability, profiles, roles, users};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};
use time::macros::datetime;
use time::OffsetDateTime;

use crate::helpers::{spawn_app, TestApp, SUPERADMIN, WEBHOOK_SECRET};

const DEFAULT_CASES: u32 = 256;
/// Monday 2026-12-07, 15:00 UTC (09:00 in Mexico City): inside the performer's hours.
const NOW: OffsetDateTime = datetime!(2026-12-07 15:00 UTC);
/// Telegram ids the generated updates often use: a superadmin, a performer, an adult user.
const PERFORMER: i64 = 7100;
const ADULT: i64 = 7001;

/// Number literals that no i64, u64 or finite f64 holds exactly, and other edge cases.
const ODD_NUMBERS: &[&str] = &[
    "1e999",
    "-1e999",
    "1E+400",
    "123456789012345678901234567890",
    "18446744073709551616",
    "18446744073709551615",
    "9223372036854775808",
    "-9223372036854775809",
    "-9223372036854775808",
    "-0",
    "0.0000000000000000000000000000001",
    "4.9e-324",
    "1.7976931348623157e308",
    "9007199254740993",
    "1.5",
];
/// A string value starting with this marks a raw number literal, spliced in when serialising
/// (a `serde_json::Value` cannot hold the odd numbers itself).
const RAW: char = '\u{1}';

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

/// `value` as JSON text, with the marked strings turned into raw number literals.
fn to_text(value: &Value) -> String {
    let mut text = value.to_string();
    for literal in ODD_NUMBERS {
        text = text.replace(&format!("\"\\u0001{literal}\""), literal);
    }
    text
}

fn number() -> BoxedStrategy<Value> {
    prop_oneof![
        (0i64..10).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
        select(ODD_NUMBERS).prop_map(|n| Value::String(format!("{RAW}{n}"))),
    ]
    .boxed()
}

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        2 => select(vec![
            "/start", "/start@PnpLiveBot ref", "/help", "/admin", "/cancel", "/START", "/", "/x@",
            "", " ", "America/Mexico_City", "Europe/Madrid", "Mars/Olympus", "@root_admin", "@",
            "1000001", "7100", "-1", "99999999999999999999", "18+", "\u{202e}\u{0}", "🙂🙂🙂",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,200}",
        1 => "[a-zA-Z0-9_]{1000,5000}",
    ]
    .boxed()
}

/// Any JSON value at all, a few levels deep.
fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
    .boxed()
}

/// Object keys: mostly the Bot API's own field names, so values land where parsers look.
fn key() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(vec![
            "update_id", "message", "callback_query", "pre_checkout_query", "my_chat_member",
            "message_id", "date", "chat", "from", "id", "type", "text", "data", "is_bot",
            "first_name", "username", "language_code", "entities", "successful_payment",
            "invoice_payload", "total_amount", "currency", "status", "user", "forward_origin",
        ])
        .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
    .boxed()
}

/// A field: usually a valid value, sometimes anything at all, sometimes absent. An update has
/// a dozen fields or so, so about a third of the updates are entirely valid and reach a handler.
fn field(valid: BoxedStrategy<Value>) -> BoxedStrategy<Option<Value>> {
    prop_oneof![
        30 => valid.prop_map(Some),
        1 => any_json().prop_map(Some),
        1 => Just(None),
    ]
    .boxed()
}

/// A field that is usually absent (payments, forwards).
fn rare(valid: BoxedStrategy<Value>) -> BoxedStrategy<Option<Value>> {
    prop_oneof![6 => Just(None), 1 => field(valid)].boxed()
}

fn object(fields: Vec<(&'static str, BoxedStrategy<Option<Value>>)>) -> BoxedStrategy<Value> {
    let (names, strategies): (Vec<_>, Vec<_>) = fields.into_iter().unzip();
    strategies
        .prop_map(move |values| {
            Value::Object(
                names
                    .iter()
                    .zip(values)
                    .filter_map(|(name, value)| Some(((*name).to_owned(), value?)))
                    .collect(),
            )
        })
        .boxed()
}

fn words(list: &'static [&'static str]) -> BoxedStrategy<Value> {
    select(list).prop_map(Value::from).boxed()
}

/// Telegram ids: the seeded people most of the time, so handlers find them.
fn user_id() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => select(vec![SUPERADMIN, PERFORMER, ADULT, 7002]).prop_map(Value::from),
        1 => (1i64..i64::MAX).prop_map(Value::from),
    ]
    .boxed()
}

fn small_id() -> BoxedStrategy<Value> {
    (1i64..1_000).prop_map(Value::from).boxed()
}

fn date() -> BoxedStrategy<Value> {
    (1_600_000_000i64..1_900_000_000).prop_map(Value::from).boxed()
}

fn amount() -> BoxedStrategy<Value> {
    prop_oneof![
        (0i64..100_000).prop_map(Value::from),
        select(vec![150, 250]).prop_map(Value::from)
    ]
    .boxed()
}

fn user() -> BoxedStrategy<Value> {
    object(vec![
        ("id", field(user_id())),
        (
            "is_bot",
            field(
                prop_oneof![19 => Just(false), 1 => Just(true)]
                    .prop_map(Value::Bool)
                    .boxed(),
            ),
        ),
        ("first_name", field(text().prop_map(Value::String).boxed())),
        ("last_name", rare(text().prop_map(Value::String).boxed())),
        ("username", field(text().prop_map(Value::String).boxed())),
        (
            "language_code",
            field(words(&["en", "es", "es-MX", "pt-br", "", "zz"])),
        ),
    ])
}

fn chat() -> BoxedStrategy<Value> {
    object(vec![
        ("id", field(user_id())),
        (
            "type",
            field(prop_oneof![8 => Just(Value::from("private")), 1 => words(&["group", "supergroup", "channel"])].boxed()),
        ),
        ("first_name", field(text().prop_map(Value::String).boxed())),
    ])
}

fn entities() -> BoxedStrategy<Value> {
    (
        0i64..3,
        0i64..20,
        words(&["bot_command", "mention", "url", "bold"]),
    )
        .prop_map(|(offset, length, kind)| json!([{"type": kind, "offset": offset, "length": length}]))
        .boxed()
}

fn successful_payment() -> BoxedStrategy<Value> {
    object(vec![
        ("currency", field(words(&["XTR", "USD", "???"]))),
        ("total_amount", field(amount())),
        ("invoice_payload", field(text().prop_map(Value::String).boxed())),
        (
            "telegram_payment_charge_id",
            field(text().prop_map(Value::String).boxed()),
        ),
        (
            "provider_payment_charge_id",
            field(text().prop_map(Value::String).boxed()),
        ),
    ])
}

fn message() -> BoxedStrategy<Value> {
    object(vec![
        ("message_id", field(small_id())),
        ("date", field(date())),
        ("chat", field(chat())),
        ("from", field(user())),
        ("text", field(text().prop_map(Value::String).boxed())),
        ("entities", rare(entities())),
        ("successful_payment", rare(successful_payment())),
        (
            "forward_origin",
            rare(
                (
                    prop_oneof![4 => Just(Value::from("user")), 1 => words(&["hidden_user", "chat"])],
                    user(),
                    date(),
                )
                    .prop_map(|(kind, user, date)| json!({"type": kind, "sender_user": user, "date": date}))
                    .boxed(),
            ),
        ),
    ])
}

/// Button payloads: the bot's own prefixes with random arguments, or anything.
fn callback_data() -> BoxedStrategy<Value> {
    const PREFIXES: &[&str] = &[
        "u:m",
        "u:h",
        "u:x",
        "u:l:o",
        "u:l:l",
        "u:l:18",
        "u:l:v",
        "u:b:b",
        "u:b:r",
        "u:b:n",
        "u:b:s",
        "u:b:d",
        "u:b:t",
        "u:k:m",
        "u:k:k",
        "u:k:c",
        "u:k:y",
        "u:s:s",
        "u:s:l",
        "u:s:sl",
        "u:s:sl:en",
        "u:s:sl:pt",
        "u:s:n",
        "u:s:z",
        "u:s:sz",
        "u:s:sz:UTC",
        "p:m",
        "p:on",
        "p:off",
        "p:up",
        "p:x",
        "p:pr:s",
        "p:pr:tt",
        "p:pr:re",
        "p:pr:rd",
        "p:av:d",
        "p:av:dp",
        "p:av:bd",
        "p:av:ts",
        "p:av:ts:America/Bogota",
        "a:p",
        "a:r",
        "a:+:p",
        "a:+:a",
        "a:-:p",
        "a:-:a",
        "a:x:p",
        "a:x:a",
    ];
    let argument = prop_oneof![
        3 => (0i64..6).prop_map(|n| n.to_string()),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => (-20_000_000i64..60_000_000).prop_map(|n| n.to_string()),
        1 => select(vec!["20261208", "20261399", "00000000", "99999999999999999999", "", "-0", "+1"])
            .prop_map(str::to_owned),
        1 => "[0-9a-f]{32}",
        1 => "\\PC{0,8}",
    ];
    prop_oneof![
        4 => (select(PREFIXES), prop::collection::vec(argument, 0..5)).prop_map(|(prefix, args)| {
            let mut data = prefix.to_owned();
            for arg in args {
                data.push(':');
                data.push_str(&arg);
            }
            Value::String(data)
        }),
        1 => text().prop_map(Value::String),
    ]
    .boxed()
}

fn callback_query() -> BoxedStrategy<Value> {
    object(vec![
        ("id", field(text().prop_map(Value::String).boxed())),
        ("from", field(user())),
        ("chat_instance", field(Just(Value::from("ci")).boxed())),
        ("data", field(callback_data())),
        ("message", field(message())),
    ])
}

fn pre_checkout_query() -> BoxedStrategy<Value> {
    object(vec![
        ("id", field(text().prop_map(Value::String).boxed())),
        ("from", field(user())),
        ("currency", field(words(&["XTR", "USD", "???"]))),
        ("total_amount", field(amount())),
        ("invoice_payload", field(text().prop_map(Value::String).boxed())),
    ])
}

fn chat_member() -> BoxedStrategy<Value> {
    object(vec![
        (
            "status",
            field(words(&[
                "member",
                "kicked",
                "left",
                "administrator",
                "creator",
                "restricted",
                "?",
            ])),
        ),
        ("user", field(user())),
        ("until_date", field(date())),
    ])
}

fn my_chat_member() -> BoxedStrategy<Value> {
    object(vec![
        ("chat", field(chat())),
        ("from", field(user())),
        ("date", field(date())),
        ("old_chat_member", field(chat_member())),
        ("new_chat_member", field(chat_member())),
    ])
}

fn update_id() -> BoxedStrategy<Value> {
    prop_oneof![
        // Mostly fresh ids in Telegram's range, so updates are handled rather than skipped as
        // duplicates or refused by the parser (frankenstein reads `update_id` as a u32).
        8 => (20i64..i64::from(u32::MAX)).prop_map(Value::from),
        1 => (i64::from(u32::MAX)..i64::MAX).prop_map(Value::from),
        // Some repeats.
        1 => (1i64..20).prop_map(Value::from),
        1 => number(),
        1 => any_json(),
    ]
    .boxed()
}

/// A JSON object shaped like a Telegram update.
fn update() -> BoxedStrategy<Value> {
    let kind = prop_oneof![
        4 => message().prop_map(|m| ("message", m)),
        3 => callback_query().prop_map(|c| ("callback_query", c)),
        1 => pre_checkout_query().prop_map(|p| ("pre_checkout_query", p)),
        1 => my_chat_member().prop_map(|m| ("my_chat_member", m)),
        1 => message().prop_map(|m| ("edited_message", m)),
        1 => message().prop_map(|m| ("channel_post", m)),
        1 => my_chat_member().prop_map(|m| ("chat_member", m)),
        1 => (select(vec!["inline_query", "shipping_query", "poll", "something_new"]), any_json()),
    ];
    (
        field(update_id()),
        kind,
        prop_oneof![4 => Just(Vec::new()), 1 => prop::collection::vec((key(), any_json()), 1..3)],
    )
        .prop_map(|(id, (kind, payload), extra)| {
            let mut update = serde_json::Map::new();
            for (k, v) in extra {
                update.insert(k, v);
            }
            update.insert(kind.to_owned(), payload);
            if let Some(id) = id {
                update.insert("update_id".to_owned(), id);
            }
            Value::Object(update)
        })
        .boxed()
}

/// Nesting far past serde_json's recursion limit, bare or inside an update.
fn deep_nesting() -> BoxedStrategy<String> {
    prop_oneof![
        (1usize..20_000).prop_map(|depth| format!("{}{}", "[".repeat(depth), "]".repeat(depth))),
        (1usize..5_000).prop_map(|depth| {
            format!(
                "{{\"update_id\":{depth},\"message\":{}1{}}}",
                "{\"text\":".repeat(depth),
                "}".repeat(depth)
            )
        }),
        (1usize..5_000).prop_map(|depth| format!("{{\"update_id\":{depth},\"x\":{}", "[".repeat(depth))),
    ]
    .boxed()
}

/// The app every fuzz test posts to: an online performer with two rates and hours every day, a
/// user past the 18+ gate, and the clock inside the performer's hours.
async fn fuzz_app() -> TestApp {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let register = |telegram_id: i64, name: &'static str| {
        let db = app.db.clone();
        async move {
            let profile = users::Profile {
                telegram_id,
                username: Some(name),
                first_name: name,
                last_name: None,
                language: "en",
            };
            users::register(&db, &profile, NOW).await.unwrap()
        }
    };
    let performer = register(PERFORMER, "maria").await;
    let adult = register(ADULT, "ana").await;
    users::confirm_age(&app.db, adult.id, NOW).await.unwrap();
    roles::grant(&app.db, performer.id, roles::Role::Performer, None, NOW)
        .await
        .unwrap();
    let profile = profiles::ensure(&app.db, performer.id, "Maria", "America/Mexico_City", NOW)
        .await
        .unwrap();
    for (minutes, price) in [(30, 150), (60, 250)] {
        profiles::set_rate(
            &app.db,
            profile.id,
            minutes,
            Money::new(price, Currency::XTR),
            NOW,
        )
        .await
        .unwrap();
    }
    for day in 1..=7 {
        let weekday = jiff::civil::Weekday::from_monday_one_offset(day).unwrap();
        let (from, to) = (jiff::civil::time(10, 0, 0, 0), jiff::civil::time(22, 0, 0, 0));
        availability::set_day(&app.db, profile.id, weekday, &[(from, to)])
            .await
            .unwrap();
    }
    profiles::set_online(&app.db, profile.id, true, NOW)
        .await
        .unwrap();
    app
}

/// Posts `body` to the webhook: no 5xx, an answer at all, and `/healthz` still up.
async fn survives(app: &TestApp, body: Vec<u8>) -> Result<(), TestCaseError> {
    let response = app
        .client
        .post(format!("{}/telegram/webhook", app.address))
        .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| TestCaseError::fail(format!("no answer (did a handler panic?): {e}")))?;
    let status = response.status();
    prop_assert!(!status.is_server_error(), "the webhook answered {}", status);
    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .map(|r| r.status());
    prop_assert!(
        matches!(health, Ok(s) if s == 200),
        "/healthz stopped answering: {:?}",
        health
    );
    Ok(())
}

/// Runs the cases of `strategy` against one app.
fn fuzz<S>(strategy: S)
where
    S: Strategy,
    S::Value: AsRef<[u8]> + Debug,
{
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let app = runtime.block_on(fuzz_app());
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 512,
        ..Config::default()
    });
    let result = runner.run(&strategy, |body| {
        runtime.block_on(survives(&app, body.as_ref().to_vec()))
    });
    runtime.block_on(async move { drop(app) });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn arbitrary_bytes_never_get_a_5xx() {
    fuzz(prop_oneof![
        prop::collection::vec(any::<u8>(), 0..4096),
        // A valid start and a broken tail.
        (
            update(),
            prop::collection::vec(any::<u8>(), 0..64),
            any::<prop::sample::Index>()
        )
            .prop_map(|(update, tail, cut)| {
                let mut bytes = to_text(&update).into_bytes();
                bytes.truncate(cut.index(bytes.len() + 1));
                bytes.extend(tail);
                bytes
            }),
    ]);
}

#[test]
fn arbitrary_json_never_gets_a_5xx() {
    fuzz(prop_oneof![
        3 => any_json().prop_map(|v| to_text(&v)),
        1 => deep_nesting(),
    ]);
}

#[test]
fn update_shaped_json_never_gets_a_5xx() {
    fuzz(update().prop_map(|v| to_text(&v)));
}

/// What the fuzzer found on PostgreSQL: a username longer than its column, or a NUL character
/// in text, made the database refuse the statement and the webhook answer 503, so Telegram
/// would have redelivered the update forever. Names are now cut to fit, and data the database
/// refuses is acknowledged and skipped.
#[tokio::test]
async fn data_the_database_cannot_store_is_answered_200_not_retried() {
    let app = fuzz_app().await;
    let mut long_name = crate::helpers::TgUser::new(7300, "Ana\u{0}Maria", None);
    long_name.username = Some("a".repeat(300));
    app.send_text(&long_name, "/start").await;
    assert_eq!(
        app.telegram.calls_to("sendMessage").len(),
        1,
        "the sender is answered"
    );

    let user = crate::helpers::TgUser::new(ADULT, "Ana", None);
    app.post_update(user.pre_checkout("bk\u{0}payload", 150, "XTR"))
        .await;
    app.post_update(user.successful_payment("bk\u{0}payload", 150, "XTR", "charge\u{0}id"))
        .await;
}
