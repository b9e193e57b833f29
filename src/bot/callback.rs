//! Inline-button payloads: a typed [`Callback`] encoded in `callback_data` (≤ 64 bytes). Each
//! feature owns its buttons ([`UserCb`], [`PerformerCb`], [`AdminCb`] and the enums nested under
//! them), declared once with [`crate::callback_enum!`], which gives both the encoding and the
//! parsing. Parsing is the only place that reads the raw string; every callback is authorised
//! again by its handler, since a client can send any data.

use super::admin::AdminCb;
use super::callback_data::CallbackData;
use super::performer::callback::PerformerCb;
use super::user::UserCb;

crate::callback_enum! {
    /// Every button of the bot.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Callback {
        /// The user's side: menus, browsing, booking, My bookings, Settings.
        User(cb: UserCb) = "u",
        /// The performer menu and everything under it.
        Performer(cb: PerformerCb) = "p",
        /// The admin panel.
        Admin(cb: AdminCb) = "a",
    }
}

impl Callback {
    /// The `callback_data` of this button.
    pub fn data(&self) -> String {
        let data = self.to_data();
        debug_assert!(data.len() <= 64, "callback_data is limited to 64 bytes: {data}");
        data
    }

    /// A button's `callback_data`; `None` for anything this build did not write (an old
    /// button, or a forged one).
    pub fn parse(data: &str) -> Option<Callback> {
        Callback::from_data(data)
    }
}

impl From<UserCb> for Callback {
    fn from(cb: UserCb) -> Callback {
        Callback::User(cb)
    }
}

impl From<PerformerCb> for Callback {
    fn from(cb: PerformerCb) -> Callback {
        Callback::Performer(cb)
    }
}

impl From<AdminCb> for Callback {
    fn from(cb: AdminCb) -> Callback {
        Callback::Admin(cb)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::bot::callback_data::Sample;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn every_callback_round_trips_within_64_bytes(cb in Callback::strategy()) {
            let data = cb.data();
            prop_assert!(data.len() <= 64, "{} is {} bytes", data, data.len());
            prop_assert_eq!(Callback::parse(&data), Some(cb));
        }
    }

    #[test]
    fn tags_are_unique_within_each_enum() {
        use crate::bot::admin::bookings::BookingsCb;
        use crate::bot::admin::AdminCb;
        use crate::bot::performer::availability::AvailabilityCb;
        use crate::bot::performer::callback::Back;
        use crate::bot::performer::profile::ProfileCb;
        use crate::bot::user::book::BookCb;
        use crate::bot::user::browse::BrowseCb;
        use crate::bot::user::my_bookings::MyBookingsCb;
        use crate::bot::user::review::ReviewCb;
        use crate::bot::user::settings::SettingsCb;
        let tables: &[(&str, &[&str])] = &[
            ("Callback", Callback::TAGS),
            ("UserCb", UserCb::TAGS),
            ("BrowseCb", BrowseCb::TAGS),
            ("BookCb", BookCb::TAGS),
            ("MyBookingsCb", MyBookingsCb::TAGS),
            ("SettingsCb", SettingsCb::TAGS),
            ("ReviewCb", ReviewCb::TAGS),
            ("PerformerCb", PerformerCb::TAGS),
            ("ProfileCb", ProfileCb::TAGS),
            ("AvailabilityCb", AvailabilityCb::TAGS),
            ("Back", Back::TAGS),
            ("AdminCb", AdminCb::TAGS),
            ("BookingsCb", BookingsCb::TAGS),
        ];
        for &(name, tags) in tables {
            let mut seen = std::collections::HashSet::new();
            for tag in tags {
                assert!(seen.insert(tag), "{name} uses the tag {tag:?} twice");
                assert!(!tag.contains(':') && !tag.is_empty(), "{name}: bad tag {tag:?}");
            }
        }
    }

    #[test]
    fn garbage_and_old_payloads_are_refused() {
        for data in [
            "",
            "zz",
            "u",
            "u:zz",
            "a:x:p:notanumber",
            "a:+:q",
            "u:s:sl:fr",
            "u:m:extra",
            "p:x:q",
        ] {
            assert_eq!(Callback::parse(data), None, "{data}");
        }
    }
}
