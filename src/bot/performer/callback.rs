//! The performer menu's buttons, as one [`Callback::Performer`](crate::bot::callback::Callback)
//! variant encoded after a `p:` prefix. Ids in here are only claims: every handler checks again
//! that the presser is a performer and that the rate or block is theirs.

use std::fmt::Write;
use std::str::FromStr;

/// Where a Cancel button goes back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Back {
    Menu,
    Profile,
    Tags,
    Rates,
    Availability,
    Blocks,
    Timezones,
}

impl Back {
    fn code(self) -> char {
        match self {
            Back::Menu => 'm',
            Back::Profile => 'p',
            Back::Tags => 't',
            Back::Rates => 'r',
            Back::Availability => 'a',
            Back::Blocks => 'b',
            Back::Timezones => 'z',
        }
    }

    fn parse(s: &str) -> Option<Back> {
        Some(match s {
            "m" => Back::Menu,
            "p" => Back::Profile,
            "t" => Back::Tags,
            "r" => Back::Rates,
            "a" => Back::Availability,
            "b" => Back::Blocks,
            "z" => Back::Timezones,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerformerCb {
    /// The performer menu (`/pnp_live`).
    Menu,
    GoOnline,
    GoOffline,
    Upcoming,
    /// Manage Profile.
    Profile,
    /// The profile as a user would see it, photo included.
    Preview,
    EditName,
    EditBio,
    ClearBio,
    EditPhoto,
    RemovePhoto,
    Tags,
    /// Toggle the tag whose [`tag_key`] this is (a configured tag or one of the performer's own).
    ToggleTag(u32),
    AddTag,
    Rates,
    AddRate,
    /// Change the price of rate `performer_rates.id`.
    EditRate(i64),
    RemoveRate(i64),
    Availability,
    /// One weekday, 1 = Monday … 7 = Sunday.
    Day(u8),
    /// Weekday, index into the hour presets.
    DayPreset(u8, u8),
    DayCustom(u8),
    Blocks,
    AddBlock,
    /// Remove `availability_blocks.id`.
    RemoveBlock(i64),
    Timezones,
    /// Index into the list of common zones.
    SetTimezone(u8),
    OtherTimezone,
    /// The next 7 days of free slots.
    Week,
    /// Stop the typed input and go back.
    Cancel(Back),
}

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

impl PerformerCb {
    /// The part after `p:`.
    pub fn data(&self) -> String {
        let mut s = String::new();
        let _ = match self {
            PerformerCb::Menu => write!(s, "m"),
            PerformerCb::GoOnline => write!(s, "on"),
            PerformerCb::GoOffline => write!(s, "off"),
            PerformerCb::Upcoming => write!(s, "up"),
            PerformerCb::Profile => write!(s, "pr"),
            PerformerCb::Preview => write!(s, "pv"),
            PerformerCb::EditName => write!(s, "en"),
            PerformerCb::EditBio => write!(s, "eb"),
            PerformerCb::ClearBio => write!(s, "cb"),
            PerformerCb::EditPhoto => write!(s, "ep"),
            PerformerCb::RemovePhoto => write!(s, "rp"),
            PerformerCb::Tags => write!(s, "tg"),
            PerformerCb::ToggleTag(key) => write!(s, "tt:{key}"),
            PerformerCb::AddTag => write!(s, "ta"),
            PerformerCb::Rates => write!(s, "rt"),
            PerformerCb::AddRate => write!(s, "ra"),
            PerformerCb::EditRate(id) => write!(s, "re:{id}"),
            PerformerCb::RemoveRate(id) => write!(s, "rd:{id}"),
            PerformerCb::Availability => write!(s, "av"),
            PerformerCb::Day(day) => write!(s, "d:{day}"),
            PerformerCb::DayPreset(day, preset) => write!(s, "dp:{day}:{preset}"),
            PerformerCb::DayCustom(day) => write!(s, "dc:{day}"),
            PerformerCb::Blocks => write!(s, "bl"),
            PerformerCb::AddBlock => write!(s, "ba"),
            PerformerCb::RemoveBlock(id) => write!(s, "bd:{id}"),
            PerformerCb::Timezones => write!(s, "tz"),
            PerformerCb::SetTimezone(i) => write!(s, "ts:{i}"),
            PerformerCb::OtherTimezone => write!(s, "to"),
            PerformerCb::Week => write!(s, "wk"),
            PerformerCb::Cancel(back) => write!(s, "x:{}", back.code()),
        };
        s
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct UnknownPerformerCb;

impl FromStr for PerformerCb {
    type Err = UnknownPerformerCb;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        fn num<T: FromStr>(s: &str) -> Result<T, UnknownPerformerCb> {
            s.parse().map_err(|_| UnknownPerformerCb)
        }
        let parts: Vec<&str> = s.split(':').collect();
        let cb = match parts.as_slice() {
            ["m"] => PerformerCb::Menu,
            ["on"] => PerformerCb::GoOnline,
            ["off"] => PerformerCb::GoOffline,
            ["up"] => PerformerCb::Upcoming,
            ["pr"] => PerformerCb::Profile,
            ["pv"] => PerformerCb::Preview,
            ["en"] => PerformerCb::EditName,
            ["eb"] => PerformerCb::EditBio,
            ["cb"] => PerformerCb::ClearBio,
            ["ep"] => PerformerCb::EditPhoto,
            ["rp"] => PerformerCb::RemovePhoto,
            ["tg"] => PerformerCb::Tags,
            ["tt", key] => PerformerCb::ToggleTag(num(key)?),
            ["ta"] => PerformerCb::AddTag,
            ["rt"] => PerformerCb::Rates,
            ["ra"] => PerformerCb::AddRate,
            ["re", id] => PerformerCb::EditRate(num(id)?),
            ["rd", id] => PerformerCb::RemoveRate(num(id)?),
            ["av"] => PerformerCb::Availability,
            ["d", day] => PerformerCb::Day(num(day)?),
            ["dp", day, preset] => PerformerCb::DayPreset(num(day)?, num(preset)?),
            ["dc", day] => PerformerCb::DayCustom(num(day)?),
            ["bl"] => PerformerCb::Blocks,
            ["ba"] => PerformerCb::AddBlock,
            ["bd", id] => PerformerCb::RemoveBlock(num(id)?),
            ["tz"] => PerformerCb::Timezones,
            ["ts", i] => PerformerCb::SetTimezone(num(i)?),
            ["to"] => PerformerCb::OtherTimezone,
            ["wk"] => PerformerCb::Week,
            ["x", back] => PerformerCb::Cancel(Back::parse(back).ok_or(UnknownPerformerCb)?),
            _ => return Err(UnknownPerformerCb),
        };
        Ok(cb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_performer_button_round_trips_within_64_bytes() {
        let all = [
            PerformerCb::Menu,
            PerformerCb::GoOnline,
            PerformerCb::GoOffline,
            PerformerCb::Upcoming,
            PerformerCb::Profile,
            PerformerCb::Preview,
            PerformerCb::EditName,
            PerformerCb::EditBio,
            PerformerCb::ClearBio,
            PerformerCb::EditPhoto,
            PerformerCb::RemovePhoto,
            PerformerCb::Tags,
            PerformerCb::ToggleTag(u32::MAX),
            PerformerCb::AddTag,
            PerformerCb::Rates,
            PerformerCb::AddRate,
            PerformerCb::EditRate(i64::MAX),
            PerformerCb::RemoveRate(i64::MIN),
            PerformerCb::Availability,
            PerformerCb::Day(7),
            PerformerCb::DayPreset(7, 255),
            PerformerCb::DayCustom(1),
            PerformerCb::Blocks,
            PerformerCb::AddBlock,
            PerformerCb::RemoveBlock(i64::MAX),
            PerformerCb::Timezones,
            PerformerCb::SetTimezone(255),
            PerformerCb::OtherTimezone,
            PerformerCb::Week,
            PerformerCb::Cancel(Back::Menu),
            PerformerCb::Cancel(Back::Profile),
            PerformerCb::Cancel(Back::Tags),
            PerformerCb::Cancel(Back::Rates),
            PerformerCb::Cancel(Back::Availability),
            PerformerCb::Cancel(Back::Blocks),
            PerformerCb::Cancel(Back::Timezones),
        ];
        for cb in all {
            let data = format!("p:{}", cb.data());
            assert!(data.len() <= 64, "{data}");
            assert_eq!(cb.data().parse::<PerformerCb>(), Ok(cb));
        }
    }

    #[test]
    fn garbage_is_refused() {
        for data in ["", "zz", "re:x", "dp:1", "x:q", "m:1", "tt:-1", "d:300"] {
            assert_eq!(data.parse::<PerformerCb>(), Err(UnknownPerformerCb), "{data}");
        }
    }

    #[test]
    fn tag_keys_ignore_case_and_differ_between_tags() {
        assert_eq!(tag_key("Latina"), tag_key("latina"));
        assert_ne!(tag_key("latina"), tag_key("latino"));
    }
}
