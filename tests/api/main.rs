//! Black-box tests through the HTTP front door, against a fake Telegram on loopback.

mod fake_daily;
mod fake_telegram;
mod helpers;
mod logs;

mod admin_care;
mod admin_roles;
mod booking_engine;
mod booking_path;
mod broadcast;
mod calls;
mod command_menus;
mod deep_links;
mod disputes;
mod front_door;
mod fuzz;
mod holds;
mod languages;
mod leases;
mod migrations;
mod names;
mod operators;
mod outbound;
mod outbox;
mod payment_checks;
mod performer;
mod picking;
mod redelivery;
mod replicas;
mod reschedule;
mod screens;
mod start;
mod user_flow;
