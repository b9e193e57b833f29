//! Black-box tests through the HTTP front door, against a fake Telegram on loopback.

mod fake_telegram;
mod helpers;

mod admin_roles;
mod booking_engine;
mod broadcast;
mod front_door;
mod migrations;
mod outbound;
mod performer;
mod start;
