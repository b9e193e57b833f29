//! Texts of the user's side: PNP Live list, profiles, booking, payment, My bookings, Settings.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::i18n::{Lang, Texts};

const DAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAYS_ES: [&str; 7] = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
];

macro_rules! both {
    ($self:ident, $en:expr, $es:expr) => {
        match $self.0 {
            Lang::En => $en,
            Lang::Es => $es,
        }
    };
}

impl Texts {
    /// A local date: "Mon 7 Dec" / "lun 7 dic".
    pub fn date(&self, date: jiff::civil::Date) -> String {
        let day = date.weekday().to_monday_zero_offset() as usize;
        let month = (date.month() - 1) as usize;
        match self.0 {
            Lang::En => format!("{} {} {}", DAYS_EN[day], date.day(), MONTHS_EN[month]),
            Lang::Es => format!("{} {} {}", DAYS_ES[day], date.day(), MONTHS_ES[month]),
        }
    }

    /// An instant in the reader's zone: "Mon 7 Dec, 14:30".
    pub fn when(&self, t: Timestamp, tz: &TimeZone) -> String {
        let local = tz.to_datetime(t);
        format!(
            "{}, {:02}:{:02}",
            self.date(local.date()),
            local.hour(),
            local.minute()
        )
    }

    pub fn clock(&self, t: Timestamp, tz: &TimeZone) -> String {
        let local = tz.to_datetime(t);
        format!("{:02}:{:02}", local.hour(), local.minute())
    }

    pub fn minutes(&self, m: i32) -> String {
        format!("{m} min")
    }

    pub fn age_gate(&self, terms: &str) -> String {
        both!(
            self,
            format!("🔞 Before you continue\n\n{terms}"),
            format!("🔞 Antes de continuar\n\n{terms}")
        )
    }

    pub fn btn_accept_age(&self) -> &'static str {
        both!(self, "✅ I am 18+ and accept", "✅ Tengo 18+ y acepto")
    }

    pub fn online_title(&self, page: usize, pages: usize) -> String {
        let title = both!(self, "🟢 Online now", "🟢 En línea ahora");
        if pages > 1 {
            format!("{title} ({}/{pages})", page + 1)
        } else {
            title.to_owned()
        }
    }

    pub fn nobody_online(&self, notifications_on: bool) -> String {
        let base = both!(
            self,
            "Nobody is online right now. You can still schedule a call for later with these performers:",
            "No hay nadie en línea ahora. Aún puedes agendar una llamada para más tarde con estos performers:"
        );
        let note = match (self.0, notifications_on) {
            (Lang::En, true) => "🔔 We'll message you when a performer goes online (you can switch this off below or in Settings).",
            (Lang::En, false) => "🔕 Go-online notifications are off; switch them on below to hear when a performer goes online.",
            (Lang::Es, true) => "🔔 Te avisaremos cuando un performer se conecte (puedes desactivarlo abajo o en Ajustes).",
            (Lang::Es, false) => "🔕 Los avisos de conexión están desactivados; actívalos abajo para saber cuándo se conecta un performer.",
        };
        format!("{base}\n\n{note}")
    }

    pub fn nobody_at_all(&self) -> &'static str {
        both!(
            self,
            "There are no performers yet. Check back soon!",
            "Todavía no hay performers. ¡Vuelve pronto!"
        )
    }

    pub fn btn_view_profile(&self, name: &str) -> String {
        both!(
            self,
            format!("👤 View Profile: {name}"),
            format!("👤 Ver perfil: {name}")
        )
    }

    pub fn btn_book(&self) -> &'static str {
        both!(self, "📅 Book", "📅 Reservar")
    }

    pub fn btn_prev(&self) -> &'static str {
        both!(self, "◀️ Prev", "◀️ Anterior")
    }

    pub fn btn_next(&self) -> &'static str {
        both!(self, "Next ▶️", "Siguiente ▶️")
    }

    pub fn btn_notifications(&self, on: bool) -> &'static str {
        match (self.0, on) {
            (Lang::En, true) => "🔔 Go-online notifications: on",
            (Lang::En, false) => "🔕 Go-online notifications: off",
            (Lang::Es, true) => "🔔 Avisos de conexión: sí",
            (Lang::Es, false) => "🔕 Avisos de conexión: no",
        }
    }

    pub fn status_online(&self, online: bool) -> &'static str {
        match (self.0, online) {
            (Lang::En, true) => "🟢 Online now",
            (Lang::En, false) => "⚪ Offline",
            (Lang::Es, true) => "🟢 En línea ahora",
            (Lang::Es, false) => "⚪ Desconectado",
        }
    }

    pub fn profile_rates(&self) -> &'static str {
        both!(self, "Rates", "Tarifas")
    }

    pub fn profile_tags(&self) -> &'static str {
        both!(self, "Tags", "Etiquetas")
    }

    pub fn profile_next_slots(&self) -> &'static str {
        both!(self, "Next free times", "Próximos horarios libres")
    }

    pub fn profile_no_slots(&self) -> &'static str {
        both!(
            self,
            "No free times in the coming days.",
            "No hay horarios libres en los próximos días."
        )
    }

    pub fn profile_no_rates(&self) -> &'static str {
        both!(self, "No rates yet.", "Aún sin tarifas.")
    }

    pub fn times_in(&self, zone: &str) -> String {
        both!(self, format!("Times in {zone}"), format!("Horas en {zone}"))
    }

    pub fn performer_gone(&self) -> &'static str {
        both!(
            self,
            "This performer is no longer available.",
            "Este performer ya no está disponible."
        )
    }

    pub fn pick_rate(&self, name: &str) -> String {
        both!(
            self,
            format!("Book {name}: how long?"),
            format!("Reservar con {name}: ¿cuánto tiempo?")
        )
    }

    pub fn no_rates_to_book(&self, name: &str) -> String {
        both!(
            self,
            format!("{name} has not set any rates yet, so they cannot be booked."),
            format!("{name} aún no ha puesto tarifas, así que no se puede reservar.")
        )
    }

    pub fn now_or_later(&self, name: &str, minutes: i32, price: &str, online: bool) -> String {
        let head = both!(
            self,
            format!("{name} · {minutes} min · {price}"),
            format!("{name} · {minutes} min · {price}")
        );
        let tail = match (self.0, online) {
            (Lang::En, true) => "Start now, or schedule it for later?",
            (Lang::En, false) => "They are offline now: pick a time for later.",
            (Lang::Es, true) => "¿Empezar ahora o agendar para más tarde?",
            (Lang::Es, false) => "Ahora está desconectado: elige un horario para más tarde.",
        };
        format!("{head}\n\n{tail}")
    }

    pub fn btn_start_now(&self) -> &'static str {
        both!(self, "⚡ Start now", "⚡ Empezar ahora")
    }

    pub fn btn_schedule(&self) -> &'static str {
        both!(self, "🗓 Schedule", "🗓 Agendar")
    }

    pub fn pick_day(&self, zone: &str) -> String {
        both!(
            self,
            format!("Pick a day (times in {zone}):"),
            format!("Elige un día (horas en {zone}):")
        )
    }

    pub fn no_days(&self) -> &'static str {
        both!(
            self,
            "No free times in the booking window. Try another duration or check back later.",
            "No hay horarios libres en el periodo de reserva. Prueba otra duración o vuelve más tarde."
        )
    }

    pub fn pick_slot(&self, day: &str, zone: &str) -> String {
        both!(
            self,
            format!("{day} — pick a time ({zone}):"),
            format!("{day} — elige una hora ({zone}):")
        )
    }

    pub fn slot_taken(&self) -> &'static str {
        both!(
            self,
            "Sorry, someone else just took that time. Please pick another one.",
            "Lo siento, alguien acaba de tomar ese horario. Elige otro, por favor."
        )
    }

    pub fn busy_now(&self) -> &'static str {
        both!(
            self,
            "Sorry, they can't start right now (someone else just booked them). You can schedule a time instead.",
            "Lo siento, no puede empezar ahora (alguien acaba de reservar). Puedes agendar un horario."
        )
    }

    pub fn went_offline(&self) -> &'static str {
        both!(
            self,
            "They just went offline. You can schedule a time for later.",
            "Acaba de desconectarse. Puedes agendar un horario para más tarde."
        )
    }

    pub fn invoice_title(&self, name: &str) -> String {
        let title = both!(
            self,
            format!("Private call with {name}"),
            format!("Llamada privada con {name}")
        );
        title.chars().take(32).collect()
    }

    pub fn invoice_description(&self, minutes: i32, when: &str, hold_minutes: u32) -> String {
        let text = both!(
            self,
            format!("{minutes}-minute private video call, {when}. The time is held for you for {hold_minutes} minutes: pay within that time to confirm it."),
            format!("Videollamada privada de {minutes} minutos, {when}. El horario queda reservado {hold_minutes} minutos: paga en ese tiempo para confirmarlo.")
        );
        text.chars().take(255).collect()
    }

    pub fn invoice_note(&self, hold_minutes: u32) -> String {
        both!(
            self,
            format!("⏳ Your time is held for {hold_minutes} minutes. Pay the invoice above to confirm it."),
            format!("⏳ Tu horario queda reservado {hold_minutes} minutos. Paga la factura de arriba para confirmarlo.")
        )
    }

    pub fn checkout_expired(&self) -> &'static str {
        both!(
            self,
            "Your hold on this time has expired. Please book again.",
            "Tu reserva de este horario ha caducado. Vuelve a reservar, por favor."
        )
    }

    pub fn checkout_not_yours(&self) -> &'static str {
        both!(
            self,
            "This invoice is not valid for your account.",
            "Esta factura no es válida para tu cuenta."
        )
    }

    pub fn checkout_mismatch(&self) -> &'static str {
        both!(
            self,
            "The price changed. Please book again to get a new invoice.",
            "El precio cambió. Vuelve a reservar para obtener una nueva factura."
        )
    }

    pub fn checkout_gone(&self) -> &'static str {
        both!(
            self,
            "This booking can no longer be paid. Please book again.",
            "Esta reserva ya no se puede pagar. Vuelve a reservar, por favor."
        )
    }

    pub fn confirmed_user(
        &self,
        name: &str,
        when: &str,
        minutes: i32,
        link: &str,
        cutoff_hours: u32,
    ) -> String {
        both!(
            self,
            format!("✅ Booking confirmed!\n\n📹 {minutes}-minute call with {name}\n🕒 {when}\n🔗 Your link: {link}\n\nOpen the link at the time of the call. To cancel (full refund until {cutoff_hours} h before), go to My bookings. The calendar file below adds it to your calendar."),
            format!("✅ ¡Reserva confirmada!\n\n📹 Llamada de {minutes} minutos con {name}\n🕒 {when}\n🔗 Tu enlace: {link}\n\nAbre el enlace a la hora de la llamada. Para cancelar (reembolso completo hasta {cutoff_hours} h antes), ve a Mis reservas. El archivo de calendario de abajo la añade a tu calendario.")
        )
    }

    pub fn confirmed_performer(&self, who: &str, when: &str, minutes: i32, link: &str) -> String {
        both!(
            self,
            format!("📅 New booking!\n\n👤 {who}\n🕒 {when}\n⏱ {minutes} min\n🔗 Your link: {link}"),
            format!("📅 ¡Nueva reserva!\n\n👤 {who}\n🕒 {when}\n⏱ {minutes} min\n🔗 Tu enlace: {link}")
        )
    }

    pub fn link_pending(&self) -> &'static str {
        both!(
            self,
            "✅ Payment received, your booking is confirmed. Your meeting link is on its way.",
            "✅ Pago recibido, tu reserva está confirmada. Tu enlace de la llamada llegará enseguida."
        )
    }

    pub fn late_refunded(&self, when: &str) -> String {
        both!(
            self,
            format!("Your payment arrived after the hold on {when} expired, and that time was taken meanwhile. You have been refunded in full. Please pick another time."),
            format!("Tu pago llegó después de que caducara la reserva de {when}, y ese horario ya fue tomado. Se te ha reembolsado todo. Elige otro horario, por favor.")
        )
    }

    pub fn payment_returned(&self) -> &'static str {
        both!(
            self,
            "We received a payment we could not match to an open booking. It is being refunded in full.",
            "Recibimos un pago que no corresponde a ninguna reserva abierta. Se está reembolsando en su totalidad."
        )
    }

    pub fn hold_expired(&self, name: &str, when: &str) -> String {
        both!(
            self,
            format!("⌛ Your hold on {when} with {name} expired before payment. The time is free again."),
            format!(
                "⌛ Tu reserva de {when} con {name} caducó antes del pago. El horario vuelve a estar libre."
            )
        )
    }

    pub fn btn_book_again(&self) -> &'static str {
        both!(self, "🔁 Book again", "🔁 Reservar de nuevo")
    }

    pub fn my_bookings_title(&self) -> &'static str {
        both!(self, "📅 Your bookings", "📅 Tus reservas")
    }

    pub fn my_bookings_empty(&self) -> &'static str {
        both!(self, "You have no bookings yet.", "Aún no tienes reservas.")
    }

    pub fn upcoming(&self) -> &'static str {
        both!(self, "Upcoming", "Próximas")
    }

    pub fn past(&self) -> &'static str {
        both!(self, "Past", "Pasadas")
    }

    pub fn status(&self, status: crate::domain::booking::BookingStatus) -> &'static str {
        use crate::domain::booking::BookingStatus as S;
        match (self.0, status) {
            (Lang::En, S::Draft) => "draft",
            (Lang::En, S::Held) | (Lang::En, S::AwaitingPayment) => "⏳ awaiting payment",
            (Lang::En, S::Confirmed) => "✅ confirmed",
            (Lang::En, S::InProgress) => "📹 in progress",
            (Lang::En, S::Completed) => "✔️ completed",
            (Lang::En, S::Cancelled) => "✖️ cancelled",
            (Lang::En, S::Expired) => "⌛ expired",
            (Lang::En, S::Refunded) => "↩️ refunded",
            (Lang::En, S::NoShow) => "🚫 no-show",
            (Lang::Es, S::Draft) => "borrador",
            (Lang::Es, S::Held) | (Lang::Es, S::AwaitingPayment) => "⏳ pendiente de pago",
            (Lang::Es, S::Confirmed) => "✅ confirmada",
            (Lang::Es, S::InProgress) => "📹 en curso",
            (Lang::Es, S::Completed) => "✔️ completada",
            (Lang::Es, S::Cancelled) => "✖️ cancelada",
            (Lang::Es, S::Expired) => "⌛ caducada",
            (Lang::Es, S::Refunded) => "↩️ reembolsada",
            (Lang::Es, S::NoShow) => "🚫 no asistió",
        }
    }

    pub fn booking_detail(&self, name: &str, when: &str, minutes: i32, price: &str, status: &str) -> String {
        both!(
            self,
            format!("📹 Call with {name}\n🕒 {when}\n⏱ {minutes} min · {price}\nStatus: {status}"),
            format!("📹 Llamada con {name}\n🕒 {when}\n⏱ {minutes} min · {price}\nEstado: {status}")
        )
    }

    pub fn your_link(&self, link: &str) -> String {
        both!(
            self,
            format!("🔗 Your link: {link}"),
            format!("🔗 Tu enlace: {link}")
        )
    }

    pub fn btn_cancel_booking(&self) -> &'static str {
        both!(self, "✖️ Cancel booking", "✖️ Cancelar reserva")
    }

    pub fn btn_details(&self, when: &str, name: &str) -> String {
        format!("{when} · {name}")
    }

    pub fn cancel_policy_refund(&self, cutoff_hours: u32) -> String {
        both!(
            self,
            format!("Cancel this booking? It is more than {cutoff_hours} h away, so you get a full refund."),
            format!("¿Cancelar esta reserva? Faltan más de {cutoff_hours} h, así que recibes el reembolso completo.")
        )
    }

    pub fn cancel_policy_unpaid(&self) -> &'static str {
        both!(
            self,
            "Cancel this booking? Nothing has been paid yet.",
            "¿Cancelar esta reserva? Aún no se ha pagado nada."
        )
    }

    pub fn cancel_too_late(&self, cutoff_hours: u32) -> String {
        both!(
            self,
            format!("This call starts in less than {cutoff_hours} h, so it can no longer be cancelled with a refund. If something came up, message the performer."),
            format!("Esta llamada empieza en menos de {cutoff_hours} h, así que ya no se puede cancelar con reembolso. Si surgió algo, escribe al performer.")
        )
    }

    pub fn btn_confirm_cancel(&self) -> &'static str {
        both!(self, "✖️ Yes, cancel it", "✖️ Sí, cancelarla")
    }

    pub fn btn_keep(&self) -> &'static str {
        both!(self, "↩️ Keep it", "↩️ Mantenerla")
    }

    pub fn cancelled_user(&self, refunded: bool) -> &'static str {
        match (self.0, refunded) {
            (Lang::En, true) => "Your booking is cancelled and your payment is being refunded in full.",
            (Lang::En, false) => "Your booking is cancelled.",
            (Lang::Es, true) => "Tu reserva está cancelada y se te está reembolsando el pago completo.",
            (Lang::Es, false) => "Tu reserva está cancelada.",
        }
    }

    pub fn cancelled_for_user(&self, name: &str, when: &str) -> String {
        both!(
            self,
            format!("Your call with {name} on {when} was cancelled. You get a full refund."),
            format!("Tu llamada con {name} del {when} fue cancelada. Recibes el reembolso completo.")
        )
    }

    pub fn cancelled_for_performer(&self, who: &str, when: &str) -> String {
        both!(
            self,
            format!("✖️ {who} cancelled the call on {when}. The time is free again."),
            format!("✖️ {who} canceló la llamada del {when}. El horario vuelve a estar libre.")
        )
    }

    pub fn refunded_notice(&self, amount: &str) -> String {
        both!(
            self,
            format!("↩️ {amount} refunded."),
            format!("↩️ {amount} reembolsado.")
        )
    }

    pub fn admin_refund_due(&self, amount: &str, charge: &str, who: &str) -> String {
        both!(
            self,
            format!("⚠️ A refund of {amount} to {who} must be made at the payment provider (charge {charge})."),
            format!("⚠️ Hay que hacer un reembolso de {amount} a {who} en el proveedor de pagos (cargo {charge}).")
        )
    }

    pub fn admin_room_failed(&self, booking: &str, error: &str) -> String {
        both!(
            self,
            format!("⚠️ Could not create the video room for booking {booking}: {error}. It will be retried."),
            format!("⚠️ No se pudo crear la sala de video de la reserva {booking}: {error}. Se reintentará.")
        )
    }

    pub fn btn_timezone(&self) -> &'static str {
        both!(self, "🕒 Timezone", "🕒 Zona horaria")
    }

    pub fn choose_timezone(&self, current: &str) -> String {
        both!(
            self,
            format!("Your timezone: {current}\nPick one, or type any IANA zone name (like Europe/Madrid):"),
            format!(
                "Tu zona horaria: {current}\nElige una o escribe cualquier zona IANA (como Europe/Madrid):"
            )
        )
    }

    pub fn timezone_set(&self, zone: &str) -> String {
        both!(
            self,
            format!("Timezone set to {zone}."),
            format!("Zona horaria cambiada a {zone}.")
        )
    }

    pub fn timezone_unknown(&self, typed: &str) -> String {
        both!(
            self,
            format!("I don't know the timezone \"{typed}\". Type a name like America/Bogota, or press Cancel."),
            format!("No conozco la zona horaria \"{typed}\". Escribe un nombre como America/Bogota o pulsa Cancelar.")
        )
    }

    pub fn notifications_set(&self, on: bool) -> &'static str {
        match (self.0, on) {
            (Lang::En, true) => "🔔 You'll be told when a performer goes online.",
            (Lang::En, false) => "🔕 You won't be told when performers go online.",
            (Lang::Es, true) => "🔔 Te avisaremos cuando un performer se conecte.",
            (Lang::Es, false) => "🔕 No te avisaremos cuando los performers se conecten.",
        }
    }

    pub fn ics_caption(&self) -> &'static str {
        both!(self, "📆 Add to your calendar", "📆 Añadir a tu calendario")
    }

    pub fn admin_payment_returned(&self, amount: &str, booking: &str) -> String {
        both!(
            self,
            format!(
                "ℹ️ A payment of {amount} for booking {booking} could not be honoured and is being returned."
            ),
            format!(
                "ℹ️ Un pago de {amount} de la reserva {booking} no se pudo aplicar y se está devolviendo."
            )
        )
    }

    pub fn reminder(
        &self,
        kind: crate::services::calls::Reminder,
        other: &str,
        when: &str,
        link: &str,
    ) -> String {
        use crate::services::calls::Reminder as R;
        match (self.0, kind) {
            (Lang::En, R::DayBefore) => format!("⏰ Tomorrow: your call with {other}, {when}.\n🔗 {link}"),
            (Lang::En, R::QuarterHour) => {
                format!("⏰ In 15 minutes: your call with {other}, {when}.\n🔗 {link}")
            }
            (Lang::En, R::Start) => format!("📹 Your call with {other} starts now. Join here:\n🔗 {link}"),
            (Lang::Es, R::DayBefore) => format!("⏰ Mañana: tu llamada con {other}, {when}.\n🔗 {link}"),
            (Lang::Es, R::QuarterHour) => {
                format!("⏰ En 15 minutos: tu llamada con {other}, {when}.\n🔗 {link}")
            }
            (Lang::Es, R::Start) => {
                format!("📹 Tu llamada con {other} empieza ahora. Entra aquí:\n🔗 {link}")
            }
        }
    }

    pub fn performer_no_show_user(&self, name: &str, when: &str) -> String {
        both!(
            self,
            format!("We're sorry: {name} did not join your call on {when}. You are getting a full refund."),
            format!("Lo sentimos: {name} no se unió a tu llamada del {when}. Recibes el reembolso completo.")
        )
    }

    pub fn performer_no_show_performer(&self, who: &str, when: &str) -> String {
        both!(
            self,
            format!("You did not join your call with {who} on {when}. It was marked as a no-show and the user was refunded."),
            format!("No te uniste a tu llamada con {who} del {when}. Se marcó como ausencia y se reembolsó al usuario.")
        )
    }

    pub fn performer_no_show_admin(&self, name: &str, who: &str, when: &str) -> String {
        both!(
            self,
            format!("🚫 No-show: performer {name} missed the call with {who} on {when}; the user is refunded."),
            format!("🚫 Ausencia: el performer {name} faltó a la llamada con {who} del {when}; se reembolsa al usuario.")
        )
    }

    pub fn user_no_show_user(&self, name: &str, when: &str) -> String {
        both!(
            self,
            format!("You did not join your call with {name} on {when}. The performer kept the time free, so the payment is not refunded."),
            format!("No te uniste a tu llamada con {name} del {when}. El performer reservó ese tiempo, así que el pago no se reembolsa.")
        )
    }

    pub fn user_no_show_performer(&self, who: &str, when: &str) -> String {
        both!(
            self,
            format!(
                "{who} did not join the call on {when}. It is marked as a no-show; you keep the payment."
            ),
            format!("{who} no se unió a la llamada del {when}. Se marcó como ausencia; conservas el pago.")
        )
    }
}
