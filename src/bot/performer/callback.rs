//! The performer menu's buttons (`p:`): the menu's own, and Manage Profile's and Availability's
//! nested under their tags ([`super::profile::ProfileCb`], [`super::availability::AvailabilityCb`]).
//! Ids in here are only claims: every handler checks again that the presser is a performer and
//! that the rate or block is theirs.

use super::availability::AvailabilityCb;
use super::profile::ProfileCb;

crate::callback_enum! {
    /// Where a Cancel button goes back to.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Back {
        Menu = "m",
        Profile = "p",
        Tags = "t",
        Rates = "r",
        Availability = "a",
        Blocks = "b",
        Timezones = "z",
        Rules = "ru",
        Overrides = "ov",
    }
}

crate::callback_enum! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum PerformerCb {
        /// The performer menu (`/pnp_live`).
        Menu = "m",
        GoOnline = "on",
        GoOffline = "off",
        Upcoming = "up",
        /// One of the upcoming calls, opened as a card (`calls.rs`).
        Call(booking: crate::bot::callback_data::BookingId) = "cl",
        /// [Cancel this call]: the confirmation, saying the user is refunded in full.
        CallCancelAsk(booking: crate::bot::callback_data::BookingId) = "cc",
        /// [Yes, cancel the call] under a confirmation from before moves were counted on it
        /// (older messages): cancels the booking as it is now.
        CallCancel(booking: crate::bot::callback_data::BookingId) = "cy",
        /// [Yes, cancel the call] on a screen that showed the booking after `moves` moves: a
        /// booking moved since is not cancelled (she confirmed the old time), as for the user.
        CallCancelSeen(booking: crate::bot::callback_data::BookingId, moves: crate::bot::callback_data::Moves) = "cw",
        /// The answers to a user's cancel request made inside the cut-off.
        RequestAccept(booking: crate::bot::callback_data::BookingId) = "ra",
        RequestDecline(booking: crate::bot::callback_data::BookingId) = "rd",
        /// The answers to a user's Start-now request (`bookings.start_now_needs_acceptance`).
        NowAccept(booking: crate::bot::callback_data::BookingId) = "na",
        NowDecline(booking: crate::bot::callback_data::BookingId) = "nd",
        /// The profile's deep link, to share.
        ShareLink = "ln",
        /// The performer's answer on a call its user reported as not held (`bot::dispute`).
        CallHappened(booking: crate::bot::callback_data::BookingId, verdict: crate::bot::dispute::Verdict) = "cv",
        /// Stop the typed input and go back.
        Cancel(back: Back) = "x",
        /// Manage Profile and everything under it.
        Profile(cb: ProfileCb) = "pr",
        /// Availability and everything under it.
        Availability(cb: AvailabilityCb) = "av",
        /// Earnings: this week, this month, all time, owed (`super::earnings`).
        Earnings = "er",
        /// My reviews, a page of them.
        Reviews(page: crate::bot::callback_data::Page) = "rv",
        /// Propose new times for a confirmed call (`super::reschedule`).
        Reschedule(cb: super::reschedule::RescheduleCb) = "rs",
    }
}

crate::nest!(ProfileCb => PerformerCb::Profile);
crate::nest!(AvailabilityCb => PerformerCb::Availability);

/// A short stable key for a tag, so a tag button fits in `callback_data` whatever the tag's
/// length or characters (FNV-1a over the lower-cased tag).
pub fn tag_key(tag: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in tag.to_lowercase().bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_keys_ignore_case_and_differ_between_tags() {
        assert_eq!(tag_key("Latina"), tag_key("latina"));
        assert_ne!(tag_key("latina"), tag_key("latino"));
    }
}
