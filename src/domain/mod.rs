//! Pure domain logic with no I/O: the booking state machine, slot computation and money.

pub mod availability;
pub mod booking;
pub mod calendar;
pub mod money;
