//! Pure domain logic with no I/O: the booking state machine, slot computation, money and the
//! fields of a performer profile.

pub mod availability;
pub mod booking;
pub mod calendar;
pub mod day_parts;
pub mod earnings;
pub mod money;
pub mod profile;
