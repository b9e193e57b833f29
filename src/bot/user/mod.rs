//! The user's side: the main menu and Settings, browsing performers, booking a call, paying for
//! it, and My bookings.

pub mod book;
pub mod browse;
pub mod menu;
pub mod my_bookings;
pub mod pay;
pub mod settings;
