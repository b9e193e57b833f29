//! Inline-button payloads: a typed [`Callback`] encoded in `callback_data` (≤ 64 bytes).
//! Parsing is the only place that reads the raw string; every callback is authorised again by
//! its handler, since a client can send any data.

use std::fmt::Write;
use std::str::FromStr;

use uuid::Uuid;

use super::performer::callback::PerformerCb;
use crate::i18n::Lang;
use crate::services::roles::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    MainMenu,
    Help,
    Settings,
    LanguageMenu,
    SetLanguage(Lang),
    /// Stop the pending multi-step input.
    CancelInput,
    Admin,
    AdminRoles,
    AdminAdd(Role),
    AdminRemoveList(Role),
    AdminRemove(Role, i64),
    /// A performer's profile, as users see it (`performer_profiles.id`).
    ViewProfile(i64),
    /// Start booking a performer (`performer_profiles.id`).
    Book(i64),
    /// The PNP Live list of online performers, page n.
    PnpLive(u16),
    /// Performers to schedule for later (nobody online), page n.
    Later(u16),
    /// The user confirms they are 18+ and accept the terms.
    AcceptAge,
    /// A rate was picked: performer, rate.
    Rate(i64, i64),
    /// "Start now" with performer, rate.
    StartNow(i64, i64),
    /// "Schedule": days with free slots, page n.
    Days(i64, i64, u16),
    /// One day's slots: performer, rate, local date as YYYYMMDD, page n.
    Day(i64, i64, u32, u16),
    /// A slot: performer, rate, start in minutes since the Unix epoch.
    Slot(i64, i64, i64),
    MyBookings,
    BookingDetail(Uuid),
    CancelAsk(Uuid),
    CancelYes(Uuid),
    ToggleNotifications,
    TimezoneMenu,
    /// One of the common zones offered in Settings, by index.
    SetTimezone(u8),
    /// The performer menu and everything under it (`p:` prefix).
    Performer(PerformerCb),
}

fn role_code(role: Role) -> char {
    match role {
        Role::Performer => 'p',
        Role::Admin => 'a',
    }
}

fn parse_role(s: &str) -> Option<Role> {
    match s {
        "p" => Some(Role::Performer),
        "a" => Some(Role::Admin),
        _ => None,
    }
}

impl Callback {
    pub fn data(&self) -> String {
        let mut s = String::new();
        match self {
            Callback::MainMenu => s.push('m'),
            Callback::Help => s.push('h'),
            Callback::Settings => s.push('s'),
            Callback::LanguageMenu => s.push_str("s:l"),
            Callback::SetLanguage(lang) => {
                let _ = write!(s, "s:l:{}", lang.code());
            }
            Callback::CancelInput => s.push('x'),
            Callback::Admin => s.push('a'),
            Callback::AdminRoles => s.push_str("a:r"),
            Callback::AdminAdd(role) => {
                let _ = write!(s, "a:+:{}", role_code(*role));
            }
            Callback::AdminRemoveList(role) => {
                let _ = write!(s, "a:-:{}", role_code(*role));
            }
            Callback::AdminRemove(role, user) => {
                let _ = write!(s, "a:x:{}:{user}", role_code(*role));
            }
            Callback::ViewProfile(performer) => {
                let _ = write!(s, "u:v:{performer}");
            }
            Callback::Book(performer) => {
                let _ = write!(s, "u:b:{performer}");
            }
            Callback::PnpLive(page) => {
                let _ = write!(s, "u:l:{page}");
            }
            Callback::Later(page) => {
                let _ = write!(s, "u:o:{page}");
            }
            Callback::AcceptAge => s.push_str("u:18"),
            Callback::Rate(p, r) => {
                let _ = write!(s, "u:r:{p}:{r}");
            }
            Callback::StartNow(p, r) => {
                let _ = write!(s, "u:n:{p}:{r}");
            }
            Callback::Days(p, r, page) => {
                let _ = write!(s, "u:s:{p}:{r}:{page}");
            }
            Callback::Day(p, r, date, page) => {
                let _ = write!(s, "u:d:{p}:{r}:{date}:{page}");
            }
            Callback::Slot(p, r, minute) => {
                let _ = write!(s, "u:t:{p}:{r}:{minute}");
            }
            Callback::MyBookings => s.push_str("u:m"),
            Callback::BookingDetail(id) => {
                let _ = write!(s, "u:k:{}", id.simple());
            }
            Callback::CancelAsk(id) => {
                let _ = write!(s, "u:c:{}", id.simple());
            }
            Callback::CancelYes(id) => {
                let _ = write!(s, "u:y:{}", id.simple());
            }
            Callback::ToggleNotifications => s.push_str("s:n"),
            Callback::TimezoneMenu => s.push_str("s:z"),
            Callback::SetTimezone(i) => {
                let _ = write!(s, "s:z:{i}");
            }
            Callback::Performer(cb) => {
                let _ = write!(s, "p:{}", cb.data());
            }
        }
        debug_assert!(s.len() <= 64, "callback_data is limited to 64 bytes");
        s
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct UnknownCallback;

fn num<T: FromStr>(s: &str) -> Result<T, UnknownCallback> {
    s.parse().map_err(|_| UnknownCallback)
}

fn uuid(s: &str) -> Result<Uuid, UnknownCallback> {
    Uuid::try_parse(s).map_err(|_| UnknownCallback)
}

impl FromStr for Callback {
    type Err = UnknownCallback;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(rest) = s.strip_prefix("p:") {
            return rest.parse().map(Callback::Performer).map_err(|_| UnknownCallback);
        }
        let parts: Vec<&str> = s.split(':').collect();
        let cb = match parts.as_slice() {
            ["m"] => Callback::MainMenu,
            ["h"] => Callback::Help,
            ["s"] => Callback::Settings,
            ["s", "l"] => Callback::LanguageMenu,
            ["s", "l", code] => Callback::SetLanguage(Lang::from_code(code).ok_or(UnknownCallback)?),
            ["x"] => Callback::CancelInput,
            ["a"] => Callback::Admin,
            ["a", "r"] => Callback::AdminRoles,
            ["a", "+", r] => Callback::AdminAdd(parse_role(r).ok_or(UnknownCallback)?),
            ["a", "-", r] => Callback::AdminRemoveList(parse_role(r).ok_or(UnknownCallback)?),
            ["a", "x", r, id] => Callback::AdminRemove(
                parse_role(r).ok_or(UnknownCallback)?,
                id.parse().map_err(|_| UnknownCallback)?,
            ),
            ["u", "v", id] => Callback::ViewProfile(num(id)?),
            ["u", "b", id] => Callback::Book(num(id)?),
            ["u", "l", page] => Callback::PnpLive(num(page)?),
            ["u", "o", page] => Callback::Later(num(page)?),
            ["u", "18"] => Callback::AcceptAge,
            ["u", "r", p, r] => Callback::Rate(num(p)?, num(r)?),
            ["u", "n", p, r] => Callback::StartNow(num(p)?, num(r)?),
            ["u", "s", p, r, page] => Callback::Days(num(p)?, num(r)?, num(page)?),
            ["u", "d", p, r, date, page] => Callback::Day(num(p)?, num(r)?, num(date)?, num(page)?),
            ["u", "t", p, r, minute] => Callback::Slot(num(p)?, num(r)?, num(minute)?),
            ["u", "m"] => Callback::MyBookings,
            ["u", "k", id] => Callback::BookingDetail(uuid(id)?),
            ["u", "c", id] => Callback::CancelAsk(uuid(id)?),
            ["u", "y", id] => Callback::CancelYes(uuid(id)?),
            ["s", "n"] => Callback::ToggleNotifications,
            ["s", "z"] => Callback::TimezoneMenu,
            ["s", "z", i] => Callback::SetTimezone(num(i)?),
            _ => return Err(UnknownCallback),
        };
        Ok(cb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_callback_round_trips_within_64_bytes() {
        let all = [
            Callback::MainMenu,
            Callback::Help,
            Callback::Settings,
            Callback::LanguageMenu,
            Callback::SetLanguage(Lang::EN),
            Callback::SetLanguage(Lang::from_code("pt").expect("pt is loaded")),
            Callback::CancelInput,
            Callback::Admin,
            Callback::AdminRoles,
            Callback::AdminAdd(Role::Performer),
            Callback::AdminAdd(Role::Admin),
            Callback::AdminRemoveList(Role::Performer),
            Callback::AdminRemove(Role::Admin, i64::MAX),
            Callback::AdminRemove(Role::Performer, i64::MIN),
            Callback::ViewProfile(i64::MAX),
            Callback::Book(7),
            Callback::PnpLive(3),
            Callback::Later(0),
            Callback::AcceptAge,
            Callback::Rate(i64::MAX, i64::MAX),
            Callback::StartNow(1, 2),
            Callback::Days(i64::MAX, i64::MAX, u16::MAX),
            Callback::Day(i64::MAX, i64::MAX, 20261231, u16::MAX),
            Callback::Slot(i64::MAX, i64::MAX, 29_500_000),
            Callback::MyBookings,
            Callback::BookingDetail(Uuid::new_v4()),
            Callback::CancelAsk(Uuid::new_v4()),
            Callback::CancelYes(Uuid::new_v4()),
            Callback::ToggleNotifications,
            Callback::TimezoneMenu,
            Callback::SetTimezone(9),
            Callback::Performer(PerformerCb::DayPreset(7, 3)),
        ];
        for cb in all {
            let data = cb.data();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(data.parse::<Callback>(), Ok(cb));
        }
    }

    #[test]
    fn garbage_is_refused() {
        for data in ["", "zz", "a:x:p:notanumber", "a:+:q", "s:l:fr", "m:extra"] {
            assert_eq!(data.parse::<Callback>(), Err(UnknownCallback), "{data}");
        }
    }
}
