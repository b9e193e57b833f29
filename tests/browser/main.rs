//! The Mini App in a real browser: headless Chromium over WebDriver against the real app (the
//! same `spawn_app` as the API tests, so `TEST_DATABASE_URL` applies), with a stand-in for
//! Telegram's `window.Telegram.WebApp`. See `harness.rs`; `.ci/run` sets `PNP_REQUIRE_BROWSER=1`.

#[allow(dead_code)] // the API tests' fake Bot API, shared: each binary uses part of it
#[path = "../api/fake_telegram.rs"]
mod fake_telegram;
#[allow(dead_code)]
#[path = "../api/flows.rs"]
mod flows;
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

#[allow(dead_code)] // helpers for every screen's flows; not every one is used yet
mod harness;
mod people;

mod admin;
mod performer;
mod screens;
mod shell;
mod user;
