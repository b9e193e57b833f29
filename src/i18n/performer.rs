//! The performer side's texts (`/pnp_live`, Manage Profile, Availability, the go-online
//! broadcast), in English and Spanish. Kept apart from `texts.rs` so each side's texts live in
//! one place.

use jiff::civil::{Date, Weekday};

use crate::i18n::{Lang, Texts};

macro_rules! performer_text {
    ($($name:ident => $en:expr, $es:expr;)*) => {
        impl Texts {
            $(
                pub fn $name(&self) -> &'static str {
                    match self.0 {
                        Lang::En => $en,
                        Lang::Es => $es,
                    }
                }
            )*
        }
    };
}

performer_text! {
    // Performer menu
    btn_performer_menu => "🎭 Performer menu", "🎭 Menú de performer";
    performer_only => "Sorry, this is only for performers. If you would like to offer calls on PNP Live, ask an admin.",
        "Lo siento, esto es solo para performers. Si quieres ofrecer llamadas en PNP Live, pídeselo a un administrador.";
    btn_go_online => "🟢 Go Online", "🟢 Ponerme en línea";
    btn_go_offline => "⚫ Go Offline", "⚫ Desconectarme";
    btn_manage_profile => "👤 Manage Profile", "👤 Gestionar perfil";
    btn_availability => "🗓 Availability", "🗓 Disponibilidad";
    btn_upcoming_calls => "📅 Upcoming calls", "📅 Próximas llamadas";
    online_needs_rate => "Add at least one rate (Manage Profile → Rates) before going online, so users can book you.",
        "Añade al menos una tarifa (Gestionar perfil → Tarifas) antes de ponerte en línea, para que puedan reservarte.";
    offline_done => "⚫ You are offline. Users can still book your scheduled hours.",
        "⚫ Estás fuera de línea. Los usuarios aún pueden reservar en tu horario.";
    upcoming_none => "No upcoming calls yet.", "Todavía no hay llamadas próximas.";

    // The go-online broadcast, as users get it
    broadcast_btn_view_profile => "👤 View Profile", "👤 Ver perfil";
    broadcast_btn_book => "📅 Book", "📅 Reservar";

    // Manage Profile
    manage_profile_title => "👤 Manage Profile — this is how users see you:",
        "👤 Gestionar perfil — así te ven los usuarios:";
    btn_edit_name => "✏️ Name", "✏️ Nombre";
    btn_edit_bio => "📝 Bio", "📝 Bio";
    btn_edit_photo => "📷 Photo", "📷 Foto";
    btn_edit_tags => "🏷 Tags", "🏷 Etiquetas";
    btn_edit_rates => "💰 Rates", "💰 Tarifas";
    btn_profile_preview => "👁 Preview", "👁 Vista previa";
    profile_saved => "✅ Saved.", "✅ Guardado.";
    no_bio_yet => "(no bio yet)", "(todavía sin bio)";
    no_rates_yet => "no rates yet", "todavía sin tarifas";
    preview_no_photo => "📷 No photo yet: add one in Manage Profile → Photo.",
        "📷 Todavía sin foto: añade una en Gestionar perfil → Foto.";
    display_name_invalid => "A name must be 2 to 64 characters, on one line. Try again, or press Cancel.",
        "El nombre debe tener de 2 a 64 caracteres, en una sola línea. Inténtalo de nuevo o pulsa Cancelar.";
    btn_clear_bio => "🗑 Clear bio", "🗑 Borrar bio";
    bio_expected => "Send your bio as text, or press Cancel.", "Envía tu bio como texto o pulsa Cancelar.";
    ask_photo => "Send me a photo for your profile (as a photo, not as a file).",
        "Envíame una foto para tu perfil (como foto, no como archivo).";
    photo_expected => "That is not a photo. Send a photo (not a file), or press Cancel.",
        "Eso no es una foto. Envía una foto (no un archivo) o pulsa Cancelar.";
    btn_remove_photo => "🗑 Remove photo", "🗑 Quitar foto";
    btn_add_tag => "➕ Your own tag", "➕ Tu propia etiqueta";
    ask_tag => "Send a tag: 2 to 24 letters, digits, spaces, - or _.",
        "Envía una etiqueta: de 2 a 24 letras, números, espacios, - o _.";
    tag_invalid => "A tag is 2 to 24 letters, digits, spaces, - or _. Try again, or press Cancel.",
        "Una etiqueta tiene de 2 a 24 letras, números, espacios, - o _. Inténtalo de nuevo o pulsa Cancelar.";
    tag_gone => "That tag is no longer offered.", "Esa etiqueta ya no está disponible.";
    btn_add_rate => "➕ Add rate", "➕ Añadir tarifa";
    rates_hint => "Tap a rate to change its price, 🗑 to remove it.",
        "Toca una tarifa para cambiar su precio, 🗑 para quitarla.";
    rate_removed => "🗑 Rate removed.", "🗑 Tarifa eliminada.";
    rate_gone => "That rate no longer exists.", "Esa tarifa ya no existe.";
    price_not_positive => "The price must be more than zero.", "El precio debe ser mayor que cero.";
    price_not_a_number => "That is not a price: use digits, with . or , before any decimals.",
        "Eso no es un precio: usa números, con . o , antes de los decimales.";
    telegram_stars => "Telegram Stars ⭐", "Telegram Stars ⭐";

    // Availability
    btn_blocked_dates => "🚫 Blocked dates", "🚫 Fechas bloqueadas";
    btn_next_7_days => "👁 Next 7 days", "👁 Próximos 7 días";
    btn_day_closed => "Closed", "Cerrado";
    btn_custom_hours => "✏️ Custom…", "✏️ Personalizado…";
    day_closed => "closed", "cerrado";
    availability_hint => "Tap a day to change its hours.", "Toca un día para cambiar su horario.";
    hours_overlap => "Those ranges overlap. Give each part of the day once, e.g. 09:00-13:00, 15:00-20:00. Try again, or press Cancel.",
        "Esos rangos se solapan. Indica cada parte del día una sola vez, p. ej. 09:00-13:00, 15:00-20:00. Inténtalo de nuevo o pulsa Cancelar.";
    blocks_title => "🚫 Blocked dates: nobody can book you on these days.",
        "🚫 Fechas bloqueadas: nadie puede reservarte en estos días.";
    no_blocks => "No blocked dates.", "No hay fechas bloqueadas.";
    blocks_hint => "Tap 🗑 to unblock.", "Toca 🗑 para desbloquear.";
    btn_add_block => "➕ Block dates", "➕ Bloquear fechas";
    block_removed => "🗑 Unblocked.", "🗑 Desbloqueado.";
    block_gone => "That block no longer exists.", "Ese bloqueo ya no existe.";
    block_reversed => "The end date is before the start date. Try again, or press Cancel.",
        "La fecha final es anterior a la inicial. Inténtalo de nuevo o pulsa Cancelar.";
    btn_other_timezone => "✏️ Other…", "✏️ Otra…";
    ask_timezone => "Send the name of your timezone as in the IANA list, e.g. America/Lima, Europe/Berlin or Asia/Manila.",
        "Envía el nombre de tu zona horaria como en la lista IANA, p. ej. America/Lima, Europe/Berlin o Asia/Manila.";
    week_none => "No free slots in the next 7 days. Set your weekly hours, or check your blocked dates.",
        "No hay horarios libres en los próximos 7 días. Define tu horario semanal o revisa tus fechas bloqueadas.";
}

impl Texts {
    pub fn performer_menu_title(&self, name: &str) -> String {
        match self.0 {
            Lang::En => format!("🎭 Performer menu — {name}"),
            Lang::Es => format!("🎭 Menú de performer — {name}"),
        }
    }

    pub fn performer_status(&self, online: bool) -> String {
        match (self.0, online) {
            (Lang::En, true) => "Status: 🟢 Online — users see you in PNP Live.".into(),
            (Lang::En, false) => "Status: ⚫ Offline".into(),
            (Lang::Es, true) => "Estado: 🟢 En línea — los usuarios te ven en PNP Live.".into(),
            (Lang::Es, false) => "Estado: ⚫ Fuera de línea".into(),
        }
    }

    pub fn broadcast_progress(&self, sent: u64, total: u64) -> String {
        match self.0 {
            Lang::En => format!("📣 Telling users you are online: {sent} of {total} so far."),
            Lang::Es => {
                format!("📣 Avisando a los usuarios de que estás en línea: {sent} de {total} por ahora.")
            }
        }
    }

    pub fn online_notifying(&self, recipients: u64) -> String {
        match self.0 {
            Lang::En => {
                format!("🟢 You are online. {recipients} users are being told you are available now.")
            }
            Lang::Es => format!(
                "🟢 Estás en línea. Estamos avisando a {recipients} usuarios de que estás disponible."
            ),
        }
    }

    pub fn online_cooldown(&self, cooldown: u32, minutes_left: i64, at: &str) -> String {
        match self.0 {
            Lang::En => format!(
                "🟢 You are online. Users were told about you less than {cooldown} minutes ago, so they are not notified again now; the next notice is possible in {minutes_left} min (at {at})."
            ),
            Lang::Es => format!(
                "🟢 Estás en línea. Los usuarios recibieron un aviso tuyo hace menos de {cooldown} minutos, así que no se les avisa de nuevo ahora; el próximo aviso será posible en {minutes_left} min (a las {at})."
            ),
        }
    }

    pub fn offline_broadcast_stopped(&self, sent: u64, total: u64) -> String {
        match self.0 {
            Lang::En => {
                format!("⚫ You are offline. The go-online notice was stopped after {sent} of {total} users.")
            }
            Lang::Es => {
                format!("⚫ Estás fuera de línea. El aviso se detuvo después de {sent} de {total} usuarios.")
            }
        }
    }

    pub fn broadcast_online_now(&self, name: &str) -> String {
        match self.0 {
            Lang::En => format!("🟢 {name} is online now! Book a private 1-on-1 video call."),
            Lang::Es => format!("🟢 ¡{name} está en línea ahora! Reserva una videollamada privada 1 a 1."),
        }
    }

    pub fn upcoming_title(&self, tz: &str) -> String {
        match self.0 {
            Lang::En => format!("📅 Upcoming calls (times in {tz}):"),
            Lang::Es => format!("📅 Próximas llamadas (horas en {tz}):"),
        }
    }

    pub fn upcoming_more(&self, n: usize) -> String {
        match self.0 {
            Lang::En => format!("\n… and {n} more."),
            Lang::Es => format!("\n… y {n} más."),
        }
    }

    /// A booking's status as the performer reads it.
    pub fn perf_booking_status(&self, status: &str) -> &'static str {
        match (self.0, status) {
            (Lang::En, "held" | "awaiting_payment") => "awaiting payment",
            (Lang::Es, "held" | "awaiting_payment") => "pendiente de pago",
            (Lang::En, "confirmed") => "confirmed",
            (Lang::Es, "confirmed") => "confirmada",
            (Lang::En, "in_progress") => "in progress",
            (Lang::Es, "in_progress") => "en curso",
            (Lang::En, _) => "other",
            (Lang::Es, _) => "otro",
        }
    }

    pub fn perf_weekday(&self, day: Weekday) -> &'static str {
        let (en, es) = match day {
            Weekday::Monday => ("Monday", "Lunes"),
            Weekday::Tuesday => ("Tuesday", "Martes"),
            Weekday::Wednesday => ("Wednesday", "Miércoles"),
            Weekday::Thursday => ("Thursday", "Jueves"),
            Weekday::Friday => ("Friday", "Viernes"),
            Weekday::Saturday => ("Saturday", "Sábado"),
            Weekday::Sunday => ("Sunday", "Domingo"),
        };
        match self.0 {
            Lang::En => en,
            Lang::Es => es,
        }
    }

    pub fn perf_weekday_short(&self, day: Weekday) -> &'static str {
        let (en, es) = match day {
            Weekday::Monday => ("Mon", "Lun"),
            Weekday::Tuesday => ("Tue", "Mar"),
            Weekday::Wednesday => ("Wed", "Mié"),
            Weekday::Thursday => ("Thu", "Jue"),
            Weekday::Friday => ("Fri", "Vie"),
            Weekday::Saturday => ("Sat", "Sáb"),
            Weekday::Sunday => ("Sun", "Dom"),
        };
        match self.0 {
            Lang::En => en,
            Lang::Es => es,
        }
    }

    /// `Thu 24 Dec 2026` / `Jue 24 dic 2026`.
    pub fn perf_date(&self, date: Date) -> String {
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        const ES: [&str; 12] = [
            "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
        ];
        let month = usize::try_from(date.month() - 1).unwrap_or(0).min(11);
        let months = match self.0 {
            Lang::En => EN,
            Lang::Es => ES,
        };
        format!(
            "{} {} {} {}",
            self.perf_weekday_short(date.weekday()),
            date.day(),
            months[month],
            date.year()
        )
    }

    pub fn ask_display_name(&self, current: &str) -> String {
        match self.0 {
            Lang::En => format!("Your name is now “{current}”. Send the name users should see (2 to 64 characters)."),
            Lang::Es => format!("Tu nombre ahora es «{current}». Envía el nombre que verán los usuarios (de 2 a 64 caracteres)."),
        }
    }

    pub fn ask_bio(&self, limit: usize) -> String {
        match self.0 {
            Lang::En => format!(
                "Send your bio: who you are and what your calls are like. At most {limit} characters."
            ),
            Lang::Es => {
                format!("Envía tu bio: quién eres y cómo son tus llamadas. Como máximo {limit} caracteres.")
            }
        }
    }

    pub fn bio_too_long(&self, length: usize, limit: usize) -> String {
        match self.0 {
            Lang::En => format!("That bio has {length} characters; the limit is {limit}. Shorten it and send it again, or press Cancel."),
            Lang::Es => format!("Esa bio tiene {length} caracteres; el límite es {limit}. Acórtala y envíala de nuevo o pulsa Cancelar."),
        }
    }

    pub fn profile_photo_line(&self, has_photo: bool) -> String {
        match (self.0, has_photo) {
            (Lang::En, true) => "📷 Photo: ✅ set (see it with Preview)".into(),
            (Lang::En, false) => "📷 Photo: none yet".into(),
            (Lang::Es, true) => "📷 Foto: ✅ puesta (mírala en Vista previa)".into(),
            (Lang::Es, false) => "📷 Foto: todavía no".into(),
        }
    }

    pub fn tags_title(&self, max: usize, count: usize) -> String {
        match self.0 {
            Lang::En => format!("🏷 Tags help users find you ({count} of at most {max}). Tap a tag to switch it on or off; ➕ adds your own."),
            Lang::Es => format!("🏷 Las etiquetas ayudan a que te encuentren ({count} de {max} como máximo). Toca una para activarla o quitarla; ➕ añade una propia."),
        }
    }

    pub fn too_many_tags(&self, max: usize) -> String {
        match self.0 {
            Lang::En => format!("You can have at most {max} tags. Switch one off first."),
            Lang::Es => format!("Puedes tener como máximo {max} etiquetas. Quita una primero."),
        }
    }

    pub fn tag_exists(&self, tag: &str) -> String {
        match self.0 {
            Lang::En => format!("You already have the tag “{tag}”."),
            Lang::Es => format!("Ya tienes la etiqueta «{tag}»."),
        }
    }

    pub fn rates_title(&self, currency: &str) -> String {
        match self.0 {
            Lang::En => format!("💰 Your rates, in {currency}:"),
            Lang::Es => format!("💰 Tus tarifas, en {currency}:"),
        }
    }

    pub fn rate_line(&self, minutes: i32, price: &str) -> String {
        format!("{minutes} min — {price}")
    }

    pub fn too_many_rates(&self, max: usize) -> String {
        match self.0 {
            Lang::En => format!("You can have at most {max} rates. Remove one first."),
            Lang::Es => format!("Puedes tener como máximo {max} tarifas. Quita una primero."),
        }
    }

    pub fn ask_rate_duration(&self, min: i32, max: i32) -> String {
        match self.0 {
            Lang::En => {
                format!("How long is the call, in minutes? From {min} to {max}, in steps of 5 (e.g. 30).")
            }
            Lang::Es => {
                format!("¿Cuánto dura la llamada, en minutos? De {min} a {max}, de 5 en 5 (p. ej. 30).")
            }
        }
    }

    pub fn duration_invalid(&self, min: i32, max: i32) -> String {
        match self.0 {
            Lang::En => format!("Send a number of minutes from {min} to {max}, in steps of 5 (e.g. 15, 30, 60). Try again, or press Cancel."),
            Lang::Es => format!("Envía un número de minutos de {min} a {max}, de 5 en 5 (p. ej. 15, 30, 60). Inténtalo de nuevo o pulsa Cancelar."),
        }
    }

    pub fn ask_rate_price(&self, minutes: i32, currency: &str, example: &str) -> String {
        match self.0 {
            Lang::En => format!("Price of a {minutes}-minute call, in {currency}? (e.g. {example})"),
            Lang::Es => {
                format!("¿Precio de una llamada de {minutes} minutos, en {currency}? (p. ej. {example})")
            }
        }
    }

    pub fn price_too_high(&self, max: i64, currency: &str) -> String {
        match self.0 {
            Lang::En => format!("The price can be at most {max} {currency}."),
            Lang::Es => format!("El precio puede ser como máximo {max} {currency}."),
        }
    }

    pub fn price_too_many_decimals(&self, max: u8) -> String {
        match (self.0, max) {
            (Lang::En, 0) => "This currency has no decimals: send a whole number.".into(),
            (Lang::Es, 0) => "Esta moneda no tiene decimales: envía un número entero.".into(),
            (Lang::En, _) => format!("Use at most {max} decimals."),
            (Lang::Es, _) => format!("Usa como máximo {max} decimales."),
        }
    }

    pub fn price_example_line(&self, example: &str) -> String {
        match self.0 {
            Lang::En => format!("Send a price such as {example}, or press Cancel."),
            Lang::Es => format!("Envía un precio como {example} o pulsa Cancelar."),
        }
    }

    pub fn rate_saved(&self, minutes: i32, price: &str) -> String {
        match self.0 {
            Lang::En => format!("✅ {minutes} min — {price} saved."),
            Lang::Es => format!("✅ {minutes} min — {price} guardada."),
        }
    }

    pub fn availability_title(&self, tz: &str) -> String {
        match self.0 {
            Lang::En => format!("🗓 Availability — your weekly hours, in {tz}:"),
            Lang::Es => format!("🗓 Disponibilidad — tu horario semanal, en {tz}:"),
        }
    }

    pub fn blocked_line(&self, list: &str) -> String {
        match self.0 {
            Lang::En => format!("🚫 Blocked: {list}"),
            Lang::Es => format!("🚫 Bloqueado: {list}"),
        }
    }

    pub fn day_title(&self, day: &str, current: &str) -> String {
        match self.0 {
            Lang::En => format!("{day}: {current}\n\nPick new hours, or ✏️ Custom to type your own. A range such as 18:00–02:00 ends the next morning."),
            Lang::Es => format!("{day}: {current}\n\nElige un horario nuevo o ✏️ Personalizado para escribir el tuyo. Un rango como 18:00–02:00 termina a la mañana siguiente."),
        }
    }

    pub fn ask_day_hours(&self, day: &str) -> String {
        match self.0 {
            Lang::En => format!("Send the hours for {day} as HH:MM-HH:MM, several separated by commas, e.g. 09:00-13:00, 15:00-20:00. A range may end after midnight (18:00-02:00); 00:00-24:00 is the whole day; “closed” means no hours."),
            Lang::Es => format!("Envía el horario del {} como HH:MM-HH:MM, varios separados por comas, p. ej. 09:00-13:00, 15:00-20:00. Un rango puede terminar después de medianoche (18:00-02:00); 00:00-24:00 es el día entero; «cerrado» significa sin horario.", day.to_lowercase()),
        }
    }

    pub fn hours_bad_format(&self, piece: &str) -> String {
        match self.0 {
            Lang::En => format!("I could not read “{piece}”. Write hours as HH:MM-HH:MM, e.g. 09:00-13:00, 15:00-20:00. Try again, or press Cancel."),
            Lang::Es => format!("No entendí «{piece}». Escribe el horario como HH:MM-HH:MM, p. ej. 09:00-13:00, 15:00-20:00. Inténtalo de nuevo o pulsa Cancelar."),
        }
    }

    pub fn hours_empty_range(&self, piece: &str) -> String {
        match self.0 {
            Lang::En => format!("“{piece}” starts and ends at the same time. For the whole day send 00:00-24:00. Try again, or press Cancel."),
            Lang::Es => format!("«{piece}» empieza y termina a la misma hora. Para el día entero envía 00:00-24:00. Inténtalo de nuevo o pulsa Cancelar."),
        }
    }

    pub fn hours_too_many(&self, max: usize) -> String {
        match self.0 {
            Lang::En => format!("At most {max} ranges a day. Try again, or press Cancel."),
            Lang::Es => format!("Como máximo {max} rangos por día. Inténtalo de nuevo o pulsa Cancelar."),
        }
    }

    pub fn ask_block_dates(&self, today: &str) -> String {
        match self.0 {
            Lang::En => format!("Send a date to block, or a range: e.g. {today} or {today}..2026-12-31 (year-month-day)."),
            Lang::Es => format!("Envía una fecha para bloquear, o un rango: p. ej. {today} o {today}..2026-12-31 (año-mes-día)."),
        }
    }

    pub fn block_bad_format(&self, today: &str) -> String {
        match self.0 {
            Lang::En => format!("Write dates as year-month-day: {today}, or a range {today}..2026-12-31. Try again, or press Cancel."),
            Lang::Es => format!("Escribe las fechas como año-mes-día: {today}, o un rango {today}..2026-12-31. Inténtalo de nuevo o pulsa Cancelar."),
        }
    }

    pub fn block_in_past(&self, today: &str) -> String {
        match self.0 {
            Lang::En => format!("That date has passed; today is {today}. Try again, or press Cancel."),
            Lang::Es => format!("Esa fecha ya pasó; hoy es {today}. Inténtalo de nuevo o pulsa Cancelar."),
        }
    }

    pub fn block_too_long(&self, max: i32) -> String {
        match self.0 {
            Lang::En => format!("A block can be at most {max} days long. Try again, or press Cancel."),
            Lang::Es => {
                format!("Un bloqueo puede durar como máximo {max} días. Inténtalo de nuevo o pulsa Cancelar.")
            }
        }
    }

    pub fn timezone_title(&self, current: &str) -> String {
        match self.0 {
            Lang::En => format!("🌍 Your timezone: {current}.\nYour weekly hours are read in this zone. Pick yours, or ✏️ Other to type any zone."),
            Lang::Es => format!("🌍 Tu zona horaria: {current}.\nTu horario semanal se lee en esta zona. Elige la tuya o ✏️ Otra para escribir cualquier zona."),
        }
    }

    pub fn timezone_invalid(&self, input: &str) -> String {
        match self.0 {
            Lang::En => format!("“{input}” is not a timezone I know. Use a name such as America/Lima or Europe/Berlin. Try again, or press Cancel."),
            Lang::Es => format!("«{input}» no es una zona horaria que conozca. Usa un nombre como America/Lima o Europe/Berlin. Inténtalo de nuevo o pulsa Cancelar."),
        }
    }

    pub fn week_title(&self, minutes: i32, tz: &str) -> String {
        match self.0 {
            Lang::En => format!("👁 When a {minutes}-minute call can be booked in the next 7 days ({tz}):"),
            Lang::Es => format!(
                "👁 Cuándo se puede reservar una llamada de {minutes} minutos en los próximos 7 días ({tz}):"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally_in_both_languages() {
        let date = jiff::civil::date(2026, 12, 24);
        assert_eq!(Texts(Lang::En).perf_date(date), "Thu 24 Dec 2026");
        assert_eq!(Texts(Lang::Es).perf_date(date), "Jue 24 dic 2026");
    }

    #[test]
    fn spanish_day_names_are_lower_case_inside_a_sentence() {
        let text = Texts(Lang::Es).ask_day_hours("Miércoles");
        assert!(text.starts_with("Envía el horario del miércoles"), "{text}");
    }
}
