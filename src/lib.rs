//! PNP Live: a Telegram bot for booking and paying private 1-on-1 video calls with performers.
//!
//! Data flows one way: `http` → `bot` → `services` → (`domain`, `entity`).

pub mod bot;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod http;
pub mod i18n;
pub mod jobs;
pub mod miniapp;
pub mod notify;
pub mod services;
pub mod startup;
pub mod state;
pub mod telegram;
pub mod telemetry;
pub mod unit;
pub mod video;

pub use startup::Application;
