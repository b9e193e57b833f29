//! Inline-button payloads: a typed [`Callback`] encoded in `callback_data` (≤ 64 bytes).
//! Parsing is the only place that reads the raw string; every callback is authorised again by
//! its handler, since a client can send any data.

use std::fmt::Write;
use std::str::FromStr;

use super::performer_cb::PerformerCb;
use super::texts::Lang;
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
            ["s", "l", "en"] => Callback::SetLanguage(Lang::En),
            ["s", "l", "es"] => Callback::SetLanguage(Lang::Es),
            ["x"] => Callback::CancelInput,
            ["a"] => Callback::Admin,
            ["a", "r"] => Callback::AdminRoles,
            ["a", "+", r] => Callback::AdminAdd(parse_role(r).ok_or(UnknownCallback)?),
            ["a", "-", r] => Callback::AdminRemoveList(parse_role(r).ok_or(UnknownCallback)?),
            ["a", "x", r, id] => Callback::AdminRemove(
                parse_role(r).ok_or(UnknownCallback)?,
                id.parse().map_err(|_| UnknownCallback)?,
            ),
            ["u", "v", id] => Callback::ViewProfile(id.parse().map_err(|_| UnknownCallback)?),
            ["u", "b", id] => Callback::Book(id.parse().map_err(|_| UnknownCallback)?),
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
            Callback::SetLanguage(Lang::En),
            Callback::SetLanguage(Lang::Es),
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
