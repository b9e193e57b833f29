//! The codec of inline-button payloads (`callback_data`, at most 64 bytes): every callback enum
//! is declared once with [`callback_enum!`], which generates the enum, its encoding and its
//! parsing from the same table, so the two can never disagree. A payload is `:`-separated
//! parts: an enum writes its variant's tag, then each field in order; a field that is itself a
//! callback enum nests (`p:pr:en`). Parsing reads the parts back in the same order and refuses
//! anything left over, an unknown tag or a malformed field.

use std::fmt::Write;

use uuid::Uuid;

/// The parts of a payload still to be read.
pub struct Parts<'a>(std::str::Split<'a, char>);

impl<'a> Parts<'a> {
    pub fn new(data: &'a str) -> Self {
        Parts(data.split(':'))
    }

    /// The next part, if any.
    pub fn next_part(&mut self) -> Option<&'a str> {
        self.0.next()
    }

    /// Whether every part was read.
    pub fn is_done(&mut self) -> bool {
        self.0.next().is_none()
    }
}

/// A value that can ride in a button's payload.
pub trait CallbackData: Sized {
    /// Appends this value's parts (each preceded by `:` unless it is the first of the payload).
    fn encode(&self, out: &mut String);
    /// Reads this value's parts.
    fn decode(parts: &mut Parts<'_>) -> Option<Self>;

    /// The whole payload.
    fn to_data(&self) -> String {
        let mut out = String::new();
        self.encode(&mut out);
        out
    }

    /// A whole payload; `None` for anything this build did not write.
    fn from_data(data: &str) -> Option<Self> {
        let mut parts = Parts::new(data);
        let value = Self::decode(&mut parts)?;
        parts.is_done().then_some(value)
    }
}

/// Test values of a payload type, for the round-trip properties (proptest's `Arbitrary` cannot
/// be given to types of other crates, such as the entity's `Role`).
#[cfg(test)]
pub trait Sample: Sized {
    fn strategy() -> proptest::strategy::BoxedStrategy<Self>;
}

/// Starts a new part.
pub fn separate(out: &mut String) {
    if !out.is_empty() {
        out.push(':');
    }
}

/// Numbers are written in decimal; only the canonical form parses back (no `+`, no leading
/// zeros), so one value has one payload.
macro_rules! number_data {
    ($($t:ty),*) => {$(
        impl CallbackData for $t {
            fn encode(&self, out: &mut String) {
                separate(out);
                let _ = write!(out, "{self}");
            }
            fn decode(parts: &mut Parts<'_>) -> Option<Self> {
                let part = parts.next_part()?;
                let value: $t = part.parse().ok()?;
                (value.to_string() == part).then_some(value)
            }
        }
    )*};
}

number_data!(u8, u16, u32, i64);

#[cfg(test)]
macro_rules! number_sample {
    ($($t:ty),*) => {$(
        impl Sample for $t {
            fn strategy() -> proptest::strategy::BoxedStrategy<Self> {
                use proptest::strategy::Strategy;
                proptest::arbitrary::any::<$t>().boxed()
            }
        }
    )*};
}

#[cfg(test)]
number_sample!(u8, u16, u32, i64);

/// Declares a newtype a payload carries instead of a bare number, so a button says what its
/// number is (`Rate(PerformerId, RateId)`, not `Rate(i64, i64)`). Property tests draw values in
/// `$range` (database ids are positive).
macro_rules! id_data {
    ($( $(#[$meta:meta])* $name:ident($inner:ty) in $range:expr; )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub $inner);

        impl CallbackData for $name {
            fn encode(&self, out: &mut String) {
                self.0.encode(out);
            }
            fn decode(parts: &mut Parts<'_>) -> Option<Self> {
                <$inner>::decode(parts).map($name)
            }
        }

        #[cfg(test)]
        impl $crate::bot::callback_data::Sample for $name {
            fn strategy() -> proptest::strategy::BoxedStrategy<Self> {
                use proptest::strategy::Strategy;
                ($range).prop_map($name).boxed()
            }
        }
    )*};
}

id_data! {
    /// `performer_profiles.id`.
    PerformerId(i64) in 1..=i64::MAX;
    /// `performer_rates.id`.
    RateId(i64) in 1..=i64::MAX;
    /// `users.id`.
    UserId(i64) in 1..=i64::MAX;
    /// `availability_blocks.id`.
    BlockId(i64) in 1..=i64::MAX;
    /// `reports.id`.
    ReportId(i64) in 1..=i64::MAX;
    /// `availability_overrides.id`.
    OverrideId(i64) in 1..=i64::MAX;
    /// A page of a paginated list, from 0.
    Page(u16) in 0..=u16::MAX;
    /// A start time, in whole minutes since the Unix epoch (slots start on whole minutes).
    SlotStart(i64) in 0..=100_000_000_000_i64;
    /// A tag's short stable key ([`crate::bot::performer::callback::tag_key`]).
    TagKey(u32) in 0..=u32::MAX;
    /// An index into a fixed list of choices shown on the same screen (hour presets).
    Choice(u8) in 0..=u8::MAX;
    /// How many times a booking had been moved when a screen showed it (`bookings.reschedules`).
    Moves(u16) in 0..=u16::MAX;
}

/// `bookings.uuid`, written as its 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BookingId(pub Uuid);

impl CallbackData for BookingId {
    fn encode(&self, out: &mut String) {
        separate(out);
        let _ = write!(out, "{}", self.0.simple());
    }
    fn decode(parts: &mut Parts<'_>) -> Option<Self> {
        let part = parts.next_part()?;
        // Only the 32-digit form this codec writes.
        (part.len() == 32)
            .then(|| Uuid::try_parse(part).ok().map(BookingId))
            .flatten()
    }
}

#[cfg(test)]
impl Sample for BookingId {
    fn strategy() -> proptest::strategy::BoxedStrategy<Self> {
        use proptest::strategy::Strategy;
        proptest::arbitrary::any::<u128>()
            .prop_map(|n| BookingId(Uuid::from_u128(n)))
            .boxed()
    }
}

/// A local calendar date, written `YYYYMMDD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(pub jiff::civil::Date);

impl CallbackData for Day {
    fn encode(&self, out: &mut String) {
        separate(out);
        let d = self.0;
        let _ = write!(out, "{:04}{:02}{:02}", d.year(), d.month(), d.day());
    }
    fn decode(parts: &mut Parts<'_>) -> Option<Self> {
        let part = parts.next_part()?;
        if part.len() != 8 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year = part[0..4].parse().ok()?;
        let month = part[4..6].parse().ok()?;
        let day = part[6..8].parse().ok()?;
        jiff::civil::Date::new(year, month, day).ok().map(Day)
    }
}

#[cfg(test)]
impl Sample for Day {
    fn strategy() -> proptest::strategy::BoxedStrategy<Self> {
        use proptest::strategy::Strategy;
        // 2000-01-01 plus up to ~100 years.
        (0i32..36_500)
            .prop_map(|n| Day(jiff::civil::date(2000, 1, 1) + jiff::Span::new().days(n)))
            .boxed()
    }
}

/// A weekday, written 1 (Monday) … 7 (Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DayOfWeek(pub jiff::civil::Weekday);

impl CallbackData for DayOfWeek {
    fn encode(&self, out: &mut String) {
        self.0.to_monday_one_offset().cast_unsigned().encode(out);
    }
    fn decode(parts: &mut Parts<'_>) -> Option<Self> {
        let n = u8::decode(parts)?;
        let n = i8::try_from(n).ok()?;
        jiff::civil::Weekday::from_monday_one_offset(n)
            .ok()
            .map(DayOfWeek)
    }
}

#[cfg(test)]
impl Sample for DayOfWeek {
    fn strategy() -> proptest::strategy::BoxedStrategy<Self> {
        use proptest::strategy::Strategy;
        (1i8..=7)
            .prop_map(|n| DayOfWeek(jiff::civil::Weekday::from_monday_one_offset(n).expect("1..=7")))
            .boxed()
    }
}

/// An IANA time zone, addressed by its name (never by a position in a list that can change);
/// only names of the bundled tz database parse.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ZoneName(String);

impl ZoneName {
    pub fn new(name: &str) -> Option<ZoneName> {
        jiff::tz::TimeZone::get(name)
            .ok()
            .and_then(|tz| tz.iana_name().map(|n| ZoneName(n.to_owned())))
    }

    pub fn name(&self) -> &str {
        &self.0
    }
}

impl CallbackData for ZoneName {
    fn encode(&self, out: &mut String) {
        separate(out);
        out.push_str(&self.0);
    }
    fn decode(parts: &mut Parts<'_>) -> Option<Self> {
        let part = parts.next_part()?;
        ZoneName::new(part).filter(|z| z.0 == part)
    }
}

#[cfg(test)]
impl Sample for ZoneName {
    fn strategy() -> proptest::strategy::BoxedStrategy<Self> {
        use proptest::strategy::Strategy;
        let names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
        proptest::sample::select(names)
            .prop_filter_map("a zone the database knows by this name", |n| {
                ZoneName::new(&n).filter(|z| z.0 == n)
            })
            .boxed()
    }
}

/// A language, by its code (`en`, `pt`): only loaded locales parse.
impl CallbackData for crate::i18n::Lang {
    fn encode(&self, out: &mut String) {
        separate(out);
        out.push_str(self.code());
    }
    fn decode(parts: &mut Parts<'_>) -> Option<Self> {
        let part = parts.next_part()?;
        crate::i18n::Lang::from_code(part).filter(|lang| lang.code() == part)
    }
}

#[cfg(test)]
impl Sample for crate::i18n::Lang {
    fn strategy() -> proptest::strategy::BoxedStrategy<Self> {
        use proptest::strategy::Strategy;
        proptest::sample::select(crate::i18n::Lang::all().collect::<Vec<_>>()).boxed()
    }
}

/// A role, as one letter.
impl CallbackData for crate::services::roles::Role {
    fn encode(&self, out: &mut String) {
        use crate::services::roles::Role;
        separate(out);
        out.push_str(match self {
            Role::Performer => "p",
            Role::Admin => "a",
        });
    }
    fn decode(parts: &mut Parts<'_>) -> Option<Self> {
        use crate::services::roles::Role;
        match parts.next_part()? {
            "p" => Some(Role::Performer),
            "a" => Some(Role::Admin),
            _ => None,
        }
    }
}

#[cfg(test)]
impl Sample for crate::services::roles::Role {
    fn strategy() -> proptest::strategy::BoxedStrategy<Self> {
        use crate::services::roles::Role;
        use proptest::strategy::Strategy;
        proptest::sample::select(vec![Role::Performer, Role::Admin]).boxed()
    }
}

/// Nests callback enums: `nest!(Inner => Outer::Variant)` lets an `Inner` button be given
/// wherever a [`crate::bot::callback::Callback`] is expected (`Inner::X.into()`), through every
/// level above it.
#[macro_export]
macro_rules! nest {
    ($inner:ty => $outer:ident :: $variant:ident) => {
        impl From<$inner> for $outer {
            fn from(cb: $inner) -> $outer {
                $outer::$variant(cb)
            }
        }
        impl From<$inner> for $crate::bot::callback::Callback {
            fn from(cb: $inner) -> $crate::bot::callback::Callback {
                $crate::bot::callback::Callback::from($outer::$variant(cb))
            }
        }
    };
}

/// Declares a callback enum and its payload codec in one table: each variant has a tag (unique
/// within the enum) and named fields, whose names only document the declaration.
///
/// ```ignore
/// callback_enum! {
///     /// Docs.
///     #[derive(Debug, Clone, PartialEq, Eq)]
///     pub enum Example {
///         /// A unit variant.
///         Menu = "m",
///         /// A variant with fields: written `s:<performer>:<rate>`.
///         Slot(performer: PerformerId, rate: RateId) = "s",
///     }
/// }
/// ```
#[macro_export]
macro_rules! callback_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident $( ( $($field:ident : $ty:ty),+ $(,)? ) )? = $tag:literal
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant $( ( $($ty),+ ) )?
            ),+
        }

        impl $name {
            /// Every tag of this enum, in declaration order.
            #[allow(dead_code)]
            pub const TAGS: &'static [&'static str] = &[$($tag),+];
        }

        impl $crate::bot::callback_data::CallbackData for $name {
            fn encode(&self, out: &mut String) {
                match self {
                    $(
                        Self::$variant $( ( $($field),+ ) )? => {
                            $crate::bot::callback_data::separate(out);
                            out.push_str($tag);
                            $($( $crate::bot::callback_data::CallbackData::encode($field, out); )+)?
                        }
                    )+
                }
            }

            fn decode(parts: &mut $crate::bot::callback_data::Parts<'_>) -> Option<Self> {
                let tag = parts.next_part()?;
                $(
                    if tag == $tag {
                        return Some(Self::$variant $( ( $(
                            <$ty as $crate::bot::callback_data::CallbackData>::decode(parts)?
                        ),+ ) )?);
                    }
                )+
                None
            }
        }

        #[cfg(test)]
        impl $crate::bot::callback_data::Sample for $name {

            fn strategy() -> proptest::strategy::BoxedStrategy<Self> {
                #[allow(unused_imports)]
                use proptest::strategy::{Just, Strategy};
                proptest::strategy::Union::new(vec![
                    $(
                        $crate::callback_enum!(@strategy $name $variant $( ( $($field : $ty),+ ) )?),
                    )+
                ])
                .boxed()
            }
        }
    };
    (@strategy $name:ident $variant:ident) => {
        Just($name::$variant).boxed()
    };
    (@strategy $name:ident $variant:ident ( $($field:ident : $ty:ty),+ )) => {
        ( $( <$ty as $crate::bot::callback_data::Sample>::strategy(), )+ )
            .prop_map(|( $($field,)+ )| $name::$variant( $($field),+ ))
            .boxed()
    };
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    callback_enum! {
        #[derive(Debug, Clone, PartialEq, Eq)]
        enum Inner {
            A = "a",
            B(n: u8) = "b",
        }
    }

    callback_enum! {
        #[derive(Debug, Clone, PartialEq, Eq)]
        enum Outer {
            Plain = "p",
            Two(x: i64, y: u16) = "t",
            Nested(inner: Inner) = "n",
            Id(id: BookingId) = "u",
            Date(day: Day, wd: DayOfWeek, zone: ZoneName) = "d",
        }
    }

    #[test]
    fn payloads_are_tags_then_fields() {
        assert_eq!(Outer::Plain.to_data(), "p");
        assert_eq!(Outer::Two(7, 3).to_data(), "t:7:3");
        assert_eq!(Outer::Nested(Inner::B(9)).to_data(), "n:b:9");
        assert_eq!(Outer::Nested(Inner::A).to_data(), "n:a");
        let zone = ZoneName::new("America/Sao_Paulo").unwrap();
        let date = Outer::Date(
            Day(jiff::civil::date(2026, 12, 1)),
            DayOfWeek(jiff::civil::Weekday::Tuesday),
            zone,
        );
        assert_eq!(date.to_data(), "d:20261201:2:America/Sao_Paulo");
    }

    #[test]
    fn anything_this_codec_did_not_write_is_refused() {
        for data in [
            "",
            "x",
            "p:extra",
            "t:7",
            "t:7:3:1",
            "t:07:3",
            "t:+7:3",
            "n",
            "n:c",
            "n:b:256",
            "u:zz",
            "d:20261301:2:UTC",
            "d:20261201:8:UTC",
            "d:20261201:2:Mars/Base",
        ] {
            assert_eq!(Outer::from_data(data), None, "{data}");
        }
    }

    proptest! {
        #[test]
        fn every_value_round_trips(value in Outer::strategy()) {
            prop_assert_eq!(Outer::from_data(&value.to_data()), Some(value));
        }
    }
}
