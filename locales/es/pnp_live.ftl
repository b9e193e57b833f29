# PNP Live, español: los mismos mensajes y variables que locales/en/pnp_live.ftl.

## Core: language, dates, booking status

language-name = Español

# $weekday: 1 = lunes … 7 = domingo; $month: 1 = enero … 12 = diciembre.
# En minúscula, como se escriben dentro de una frase.
weekday =
    { $weekday ->
        [1] lunes
        [2] martes
        [3] miércoles
        [4] jueves
        [5] viernes
        [6] sábado
       *[7] domingo
    }
weekday-short =
    { $weekday ->
        [1] lun
        [2] mar
        [3] mié
        [4] jue
        [5] vie
        [6] sáb
       *[7] dom
    }
month-short =
    { $month ->
        [1] ene
        [2] feb
        [3] mar
        [4] abr
        [5] may
        [6] jun
        [7] jul
        [8] ago
        [9] sep
        [10] oct
        [11] nov
       *[12] dic
    }
date-short = { weekday-short } { $day } { month-short }
date-year = { date-short } { $year }
date-time = { date-short }, { $time }
date-time-zone = { $when } ({ $zone })
time-zone = { $time } ({ $zone })
duration-min = { $minutes } min

booking-status =
    { $status ->
        [awaiting_performer] ⏳ esperando a la persona
        [draft] borrador
        [held] ⏳ pendiente de pago
        [awaiting_payment] ⏳ pendiente de pago
        [confirmed] ✅ confirmada
        [in_progress] 📹 en curso
        [completed] ✔️ completada
        [cancelled] ✖️ cancelada
        [expired] ⌛ caducada
        [refunded] ↩️ reembolsada
        [no_show] 🚫 no asistió
       *[other] otro
    }

## Core: main menu, help, commands

btn-pnp-live = 🎥 PNP Live
btn-my-bookings = 📅 Mis reservas
btn-settings = ⚙️ Ajustes
btn-help = ❓ Ayuda
btn-back = ⬅️ Atrás
btn-main-menu = 🏠 Menú principal
btn-cancel = ✖️ Cancelar
btn-admin = 🛠 Administración
welcome =
    ¡Bienvenido a PNP Live, { $name }! 👋
    Reserva videollamadas privadas 1 a 1 con nuestros performers.
main-menu-title = ¿Qué te gustaría hacer?
deep-link-invalid = ⚠️ Ese enlace ya no es válido.
unknown-input = No entendí eso. Elige una opción del menú:
input-cancelled = Cancelado.
nothing-to-cancel = No hay nada que cancelar: no estabas escribiendo una respuesta. Aquí tienes el menú:
expired-button = Este botón ya no es válido. Aquí tienes el menú de nuevo:
help =
    PNP Live te permite reservar videollamadas privadas 1 a 1 con performers.

    • PNP Live — mira quién está en línea, ve perfiles y reserva una llamada.
    • Mis reservas — tus llamadas próximas y pasadas, con sus enlaces.
    • Ajustes — idioma, zona horaria y avisos de conexión.

    Comandos:
    /start — menú principal
    /help — esta ayuda
    /bookings — mis reservas
    /settings — idioma, zona horaria, avisos
    /cancel — detener lo que estás escribiendo
help-performer = Performers: /pnp_live abre tu menú de performer.
help-admin = Administradores: /admin abre el panel de administración.
cmd-start = Menú principal
cmd-help = Cómo funciona PNP Live
cmd-bookings = Mis reservas
cmd-settings = Idioma, zona horaria, avisos
cmd-privacy = Qué se guarda de mí, mis datos, borrar mi cuenta
cmd-pnp-live = Menú de performer
cmd-admin = Panel de administración
help-support = ¿Necesitas ayuda? Escribe a { $contact }.
help-support-none = ¿Necesitas ayuda con una llamada pagada? Abre /bookings: si el performer o un administrador cancela una llamada, o el performer no se presenta, se te reembolsa el total automáticamente.

## Settings

settings-title = Ajustes
btn-language = 🌐 Idioma
choose-language = Elige tu idioma:
language-set = Idioma cambiado a español.
btn-timezone = 🕒 Zona horaria
choose-timezone =
    Tu zona horaria: { $current }
    Elige una o escribe tu ciudad (como Madrid) o cualquier zona (como Europe/Madrid):
timezone-set = Zona horaria cambiada a { $zone }.
ask-timezone =
    🌍 Una pregunta antes de mostrarte horarios: ¿en qué zona horaria estás?

    Toca la tuya o escribe tu ciudad (Madrid, Bogotá, Buenos Aires) o el nombre de la zona (America/Bogota).
timezone-unknown = No conozco la zona horaria "{ $typed }". Escribe tu ciudad (como Bogotá) o una zona como America/Bogota, o pulsa Cancelar.
btn-notifications-on = 🔔 Avisos de conexión: sí
btn-notifications-off = 🔕 Avisos de conexión: no
btn-privacy = 🔒 Privacidad y mis datos
privacy-title =
    🔒 Lo que PNP Live guarda de ti: tu nombre y @usuario de Telegram, tu idioma y zona horaria, cuándo confirmaste que eres mayor de 18, tus reservas con su historial, tus pagos y tus reseñas.

    Los performers solo ven el nombre que usas en Telegram, nunca tu @usuario ni tu id.
btn-privacy-export = 📦 Envíame una copia (JSON)
btn-privacy-delete = 🗑 Borrar mi cuenta
privacy-export-caption = 📦 Todo lo que PNP Live guarda de ti.
privacy-delete-confirm = ¿Borrar tu cuenta? Se borran tu nombre, @usuario, idioma, zona horaria, confirmación de 18+ y los textos de tus reseñas. Las reservas y los pagos se quedan, anónimos, porque la contabilidad debe conservarlos. No se puede deshacer; si vuelves a escribir al bot empiezas como usuario nuevo.
btn-privacy-delete-yes = 🗑 Sí, borrar mi cuenta
btn-privacy-keep = ↩️ Conservar mi cuenta
privacy-deleted = Tu cuenta está borrada. Gracias por usar PNP Live. Si vuelves a escribir, empiezas de cero.
privacy-delete-staff = Las cuentas de performer y de administrador no se borran aquí: pide a un administrador que quite tu rol primero.
privacy-delete-upcoming = Tienes { $n ->
        [one] una reserva
       *[other] { $n } reservas
    } retenida, pagada o en curso. Cancélala en Mis reservas, o espera a que termine, y luego borra tu cuenta.

## Browse, book and pay

terms = PNP Live es solo para adultos. Al continuar confirmas que tienes 18 años o más y que aceptas nuestros términos: las llamadas son privadas, no se permite grabar y los pagos siguen la política de cancelación que se muestra al reservar.
age-gate =
    🔞 Antes de continuar

    { $terms }
btn-accept-age = ✅ Tengo 18+ y acepto
online-title = 🟢 En línea ahora
online-title-page = 🟢 En línea ahora ({ $page }/{ $pages })
nobody-online = No hay nadie en línea ahora. Aún puedes agendar una llamada para más tarde con estos performers:
nobody-online-notify-on = 🔔 Te avisaremos cuando un performer se conecte (puedes desactivarlo abajo o en Ajustes).
nobody-online-notify-off = 🔕 Los avisos de conexión están desactivados; actívalos abajo para saber cuándo se conecta un performer.
nobody-at-all = Todavía no hay performers. ¡Vuelve pronto!
later-title = 🗓 Performers con los que puedes agendar una llamada:
btn-schedule-later = 🗓 Agendar con otra persona
btn-online-list = 🟢 Quién está en línea ahora
nobody-free-later = Ningún performer tiene horarios libres en los próximos días. ¡Vuelve pronto!
profile-local-time = 🕐 Hora local de { $name }: { $time } ({ $zone })
btn-view-profile = 👤 Ver perfil: { $name }
btn-book = 📅 Reservar
btn-prev = ◀️ Anterior
btn-next = Siguiente ▶️
status-online = 🟢 En línea ahora
status-offline = ⚪ Desconectado
profile-rates = Tarifas
profile-tags = Etiquetas
profile-next-slots = Próximos horarios libres
profile-no-slots = No hay horarios libres en los próximos días.
profile-no-rates = Aún sin tarifas.
times-in = Horas en { $zone }
performer-gone = Este performer ya no está disponible.
pick-rate = Reservar con { $name }: ¿cuánto tiempo?
no-rates-to-book = { $name } aún no ha puesto tarifas, así que no se puede reservar.
booking-choice = { $name } · { $minutes } min · { $price }
now-or-later-online = ¿Empezar ahora o agendar para más tarde?
now-or-later-offline = Ahora está desconectado: elige un horario para más tarde.
btn-start-now = ⚡ Empezar ahora
btn-schedule = 🗓 Agendar
pick-day-week = 🗓 Elige un día, { $from } – { $to } (horas en { $zone }). Cada día muestra cuántos horarios quedan libres.
week-empty = No hay horarios libres esta semana.
btn-prev-week = ◀️ Semana anterior
btn-next-week = Semana siguiente ▶️
day-part =
    { $part ->
        [0] 🌙 Madrugada
        [1] 🌅 Mañana
        [2] ☀️ Tarde
       *[3] 🌆 Noche
    }
free-count =
    { $count ->
        [one] { $count } libre
       *[other] { $count } libres
    }
pick-part = { $day }: { free-count }. Elige una parte del día (horas en { $zone }):
pick-part-slot = { $day }, { $part } — elige una hora ({ $zone }):
no-days = No hay horarios libres en el periodo de reserva. Prueba otra duración o vuelve más tarde.
pick-slot = { $day } — elige una hora ({ $zone }):
slot-taken = Lo siento, alguien acaba de tomar ese horario. Elige otro, por favor.
busy-being-booked = Lo sentimos, { $name } no puede empezar ahora: otra persona está reservando en este momento. Prueba de nuevo en unos minutos o elige un horario.
busy-in-call = { $name } está en una llamada hasta las { $until }.
busy-no-room = { $name } está en línea, pero ahora no tiene hueco para una llamada de { $minutes } min.
busy-next-times = Próximos horarios libres
btn-other-times = 🗓 Otros horarios
hold-unpaid-cap = Ya tienes reservado { $when } con { $name } y aún no lo has pagado. Págalo primero, o espera a que esa reserva termine a las { $until }; después podrás reservar otro horario.
hold-hourly-cap = Has reservado demasiados horarios en la última hora. Podrás reservar uno nuevo desde { $at } ({ $zone }).
btn-pay = 💳 Pagar
went-offline = Acaba de desconectarse. Puedes agendar un horario para más tarde.
invoice-title = Llamada privada con { $name }
starts-when-paid = empieza en cuanto pagues
invoice-description =
    Videollamada privada de { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }, { $when }. El horario queda reservado { $hold_minutes ->
        [one] { $hold_minutes } minuto
       *[other] { $hold_minutes } minutos
    }: paga en ese tiempo para confirmarlo.
invoice-note =
    ⏳ Tu horario queda reservado { $hold_minutes ->
        [one] { $hold_minutes } minuto
       *[other] { $hold_minutes } minutos
    }. Paga la factura de arriba para confirmarlo.
checkout-expired = Tu reserva de este horario ha caducado. Vuelve a reservar, por favor.
checkout-not-yours = Esta factura no es válida para tu cuenta.
checkout-mismatch = El precio cambió. Vuelve a reservar para obtener una nueva factura.
checkout-gone = Esta reserva ya no se puede pagar. Vuelve a reservar, por favor.
confirmed-user =
    ✅ ¡Reserva confirmada!

    📹 Llamada de { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    } con { $name }
    🕒 { $when }

    Toca ▶️ Entrar a la llamada a la hora de la llamada. Para cancelar (reembolso completo hasta { $cutoff_hours } h antes), ve a Mis reservas. El archivo de calendario de abajo la añade a tu calendario.
confirmed-performer =
    📅 ¡Nueva reserva!

    👤 { $who }
    🕒 { $when }
    ⏱ { $minutes } min
link-pending = ✅ Pago recibido, tu reserva está confirmada. Tu enlace de la llamada llegará enseguida.
late-refunded = Tu pago llegó después de que caducara la reserva de { $when }, y ese horario ya fue tomado. Se te ha reembolsado todo. Elige otro horario, por favor.
payment-returned = Recibimos un pago que no corresponde a ninguna reserva abierta. Se está reembolsando en su totalidad.
payment-mismatch-returned = Tu pago de { $paid } no coincide con el precio de esta reserva ({ $price }), así que no se aplicó y se está reembolsando en su totalidad. Tu reserva no cambia.
hold-expired = ⌛ Tu reserva de { $when } con { $name } caducó antes del pago. El horario vuelve a estar libre.
btn-book-again = 🔁 Reservar de nuevo
ics-caption = 📆 Añadir a tu calendario
btn-join-call = ▶️ Entrar a la llamada
ics-caption-cancel = 📆 Cancelada: este archivo quita la llamada de tu calendario
ics-title-performer = Llamada PNP Live con { $who }

## My bookings

my-bookings-title = 📅 Tus reservas
my-bookings-empty = Aún no tienes reservas.
upcoming = Próximas
past = Pasadas
booking-detail =
    📹 Llamada con { $name }
    🕒 { $when }
    ⏱ { $minutes } min · { $price }
    Estado: { $status }
btn-cancel-booking = ✖️ Cancelar reserva
btn-details = { $when } · { $name }
cancel-policy-refund = ¿Cancelar esta reserva? Faltan más de { $cutoff_hours } h, así que recibes el reembolso completo.
cancel-policy-unpaid = ¿Cancelar esta reserva? Aún no se ha pagado nada.
cancel-too-late = Esta llamada empieza en menos de { $cutoff_hours } h, así que ya no se puede cancelar con reembolso por tu cuenta. Abre la reserva para pedir al performer que la cancele.
btn-confirm-cancel = ✖️ Sí, cancelarla
btn-keep = ↩️ Mantenerla
cancelled-user-refunded = Tu reserva está cancelada y se te está reembolsando el pago completo.
cancelled-user = Tu reserva está cancelada.

## Notices and reminders

cancelled-for-user = Tu llamada con { $name } del { $when } fue cancelada. Recibes el reembolso completo.
cancelled-for-performer = ✖️ { $who } canceló la llamada del { $when }. El horario vuelve a estar libre.
cancelled-by-admin-for-user = 😔 Lo sentimos: tu llamada con { $name } el { $when } tuvo que cancelarse. Recibes un reembolso total.
cancelled-by-admin-for-performer = ✖️ Un administrador canceló tu llamada con { $who } el { $when }; recibe un reembolso total.
refunded-notice = ↩️ { $amount } reembolsado.
reminder =
    { $kind ->
        [day_before] ⏰ Mañana: tu llamada con { $other }, { $when }.
        [quarter_hour] ⏰ En 15 minutos: tu llamada con { $other }, { $when }.
       *[start] 📹 Tu llamada con { $other } empieza ahora. Toca ▶️ Entrar a la llamada.
    }
performer-no-show-user = Lo sentimos: { $name } no se unió a tu llamada del { $when }. Recibes el reembolso completo.
performer-no-show-performer = No te uniste a tu llamada con { $who } del { $when }. Se marcó como ausencia y se reembolsó al usuario.
user-no-show-user = No te uniste a tu llamada con { $name } del { $when }. El performer reservó ese tiempo, así que el pago no se reembolsa.
user-no-show-performer = { $who } no se unió a la llamada del { $when }. Se marcó como ausencia; conservas el pago.

## Performer menu and the go-online notice

btn-performer-menu = 🎭 Menú de performer
performer-only = Lo siento, esto es solo para performers. Si quieres ofrecer llamadas en PNP Live, pídeselo a un administrador.
performer-menu-title = 🎭 Menú de performer — { $name }
performer-status-online = Estado: 🟢 En línea — los usuarios te ven en PNP Live.
performer-status-offline = Estado: ⚫ Fuera de línea
btn-go-online = 🟢 Ponerme en línea
btn-go-offline = ⚫ Desconectarme
btn-manage-profile = 👤 Gestionar perfil
btn-availability = 🗓 Disponibilidad
btn-upcoming-calls = 📅 Próximas llamadas
btn-share-link = 🔗 Compartir el enlace de mi perfil
share-link =
    🔗 El enlace de tu perfil

    { $link }

    Quien lo abra llega a tu perfil en el bot, listo para reservar.
btn-share = 📤 Compartir
share-link-invite = Reserva una videollamada privada con { $name } en PNP Live
share-link-unavailable = Ahora no se puede crear el enlace (Telegram no respondió). Inténtalo de nuevo en un minuto.
online-needs-rate = Añade al menos una tarifa (Gestionar perfil → Tarifas) antes de ponerte en línea, para que puedan reservarte.
online-notifying =
    🟢 Estás en línea. Estamos avisando a { $recipients ->
        [one] { $recipients } usuario
       *[other] { $recipients } usuarios
    } de que estás disponible.
online-cooldown =
    🟢 Estás en línea. Los usuarios recibieron un aviso tuyo hace menos de { $cooldown ->
        [one] { $cooldown } minuto
       *[other] { $cooldown } minutos
    }, así que no se les avisa de nuevo ahora; el próximo aviso será posible en { $minutes_left } min (a las { $at }).
broadcast-progress = 📣 Avisando a los usuarios de que estás en línea: { $sent } de { $total } por ahora.
offline-done = ⚫ Estás fuera de línea. Los usuarios aún pueden reservar en tu horario.
offline-broadcast-stopped =
    ⚫ Estás fuera de línea. El aviso se detuvo después de { $sent } de { $total ->
        [one] { $total } usuario.
       *[other] { $total } usuarios.
    }
upcoming-title = 📅 Próximas llamadas (horas en { $tz }):
upcoming-none = Todavía no hay llamadas próximas.
upcoming-more = … y { $n } más.
broadcast-online-now = 🟢 ¡{ $name } está en línea ahora! Reserva una videollamada privada 1 a 1.
broadcast-btn-view-profile = 👤 Ver perfil
broadcast-btn-book = 📅 Reservar

## Manage Profile

manage-profile-title = 👤 Gestionar perfil — así te ven los usuarios:
btn-edit-name = ✏️ Nombre
btn-edit-bio = 📝 Bio
btn-edit-photo = 📷 Foto
btn-edit-tags = 🏷 Etiquetas
btn-edit-rates = 💰 Tarifas
btn-profile-preview = 👁 Vista previa
profile-saved = ✅ Guardado.
no-bio-yet = (todavía sin bio)
no-rates-yet = todavía sin tarifas
profile-photo-set = 📷 Foto: ✅ puesta (mírala en Vista previa)
profile-photo-none = 📷 Foto: todavía no
preview-no-photo = 📷 Todavía sin foto: añade una en Gestionar perfil → Foto.
ask-display-name = Tu nombre ahora es «{ $current }». Envía el nombre que verán los usuarios (de 2 a 64 caracteres).
display-name-invalid = El nombre debe tener de 2 a 64 caracteres, en una sola línea. Inténtalo de nuevo o pulsa Cancelar.
display-name-look-alike = Ese nombre se ve igual al de otro performer. Por favor, elige uno diferente o pulsa Cancelar.
ask-bio =
    Envía tu bio: quién eres y cómo son tus llamadas. Como máximo { $limit ->
        [one] { $limit } carácter.
       *[other] { $limit } caracteres.
    }
bio-too-long =
    Esa bio tiene { $length ->
        [one] { $length } carácter
       *[other] { $length } caracteres
    }; el límite es { $limit }. Acórtala y envíala de nuevo o pulsa Cancelar.
btn-clear-bio = 🗑 Borrar bio
bio-expected = Envía tu bio como texto o pulsa Cancelar.
ask-photo = Envíame una foto para tu perfil (como foto, no como archivo).
photo-expected = Eso no es una foto. Envía una foto (no un archivo) o pulsa Cancelar.
btn-remove-photo = 🗑 Quitar foto
tags-title = 🏷 Las etiquetas ayudan a que te encuentren ({ $count } de { $max } como máximo). Toca una para activarla o quitarla; ➕ añade una propia.
too-many-tags =
    Puedes tener como máximo { $max ->
        [one] { $max } etiqueta
       *[other] { $max } etiquetas
    }. Quita una primero.
tag-exists = Ya tienes la etiqueta «{ $tag }».
btn-add-tag = ➕ Tu propia etiqueta
ask-tag = Envía una etiqueta: de 2 a 24 letras, números, espacios, - o _.
tag-invalid = Una etiqueta tiene de 2 a 24 letras, números, espacios, - o _. Inténtalo de nuevo o pulsa Cancelar.
tag-gone = Esa etiqueta ya no está disponible.
rates-title = 💰 Tus tarifas, en { $currency }:
rate-line = { $minutes } min — { $price }
rates-hint = Toca una tarifa para cambiar su precio, 🗑 para quitarla.
btn-add-rate = ➕ Añadir tarifa
too-many-rates =
    Puedes tener como máximo { $max ->
        [one] { $max } tarifa
       *[other] { $max } tarifas
    }. Quita una primero.
ask-rate-duration = ¿Cuánto dura la llamada, en minutos? De { $min } a { $max }, de 5 en 5 (p. ej. 30).
duration-invalid = Envía un número de minutos de { $min } a { $max }, de 5 en 5 (p. ej. 15, 30, 60). Inténtalo de nuevo o pulsa Cancelar.
ask-rate-price =
    ¿Precio de una llamada de { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }, en { $currency }? (p. ej. { $example })
price-not-positive = El precio debe ser mayor que cero.
price-not-a-number = Eso no es un precio: usa números, con . o , antes de los decimales.
price-too-high = El precio puede ser como máximo { $max } { $currency }.
price-too-many-decimals =
    { $max ->
        [0] Esta moneda no tiene decimales: envía un número entero.
        [one] Usa como máximo { $max } decimal.
       *[other] Usa como máximo { $max } decimales.
    }
price-example-line = Envía un precio como { $example } o pulsa Cancelar.
rate-saved = ✅ { $minutes } min — { $price } guardada.
rate-removed = 🗑 Tarifa eliminada.
rate-gone = Esa tarifa ya no existe.
telegram-stars = Telegram Stars ⭐

## Availability

availability-title = 🗓 Disponibilidad — tu horario semanal, en { $tz }:
availability-hint = Toca un día para cambiar su horario.
blocked-line = 🚫 Bloqueado: { $list }
special-line = 📆 Horario especial: { $list }
btn-blocked-dates = 🚫 Fechas bloqueadas
btn-next-7-days = 👁 Próximos 7 días
btn-day-closed = Cerrado
btn-custom-hours = ✏️ Personalizado…
day-closed = cerrado
day-title =
    { $day }: { $current }

    Elige un horario nuevo o ✏️ Personalizado para escribir el tuyo. Un rango como 18:00–02:00 termina a la mañana siguiente.
ask-day-hours = Envía el horario del { $day } como HH:MM-HH:MM, varios separados por comas, p. ej. 09:00-13:00, 15:00-20:00. Un rango puede terminar después de medianoche (18:00-02:00); 00:00-24:00 es el día entero; «cerrado» significa sin horario.
hours-bad-format = No entendí «{ $piece }». Escribe el horario como HH:MM-HH:MM, p. ej. 09:00-13:00, 15:00-20:00. Inténtalo de nuevo o pulsa Cancelar.
hours-empty-range = «{ $piece }» empieza y termina a la misma hora. Para el día entero envía 00:00-24:00. Inténtalo de nuevo o pulsa Cancelar.
hours-overlap = Esos rangos se solapan. Indica cada parte del día una sola vez, p. ej. 09:00-13:00, 15:00-20:00. Inténtalo de nuevo o pulsa Cancelar.
hours-too-many =
    Como máximo { $max ->
        [one] { $max } rango
       *[other] { $max } rangos
    } por día. Inténtalo de nuevo o pulsa Cancelar.
blocks-title = 🚫 Fechas bloqueadas: nadie puede reservarte en estos días.
no-blocks = No hay fechas bloqueadas.
blocks-hint = Toca 🗑 para desbloquear.
btn-add-block = ➕ Bloquear fechas
block-removed = 🗑 Desbloqueado.
block-gone = Ese bloqueo ya no existe.
ask-block-dates = Envía una fecha para bloquear, o un rango: p. ej. { $today } o { $today }..2026-12-31 (año-mes-día).
block-bad-format = Escribe las fechas como año-mes-día: { $today }, o un rango { $today }..2026-12-31. Inténtalo de nuevo o pulsa Cancelar.
block-in-past = Esa fecha ya pasó; hoy es { $today }. Inténtalo de nuevo o pulsa Cancelar.
block-reversed = La fecha final es anterior a la inicial. Inténtalo de nuevo o pulsa Cancelar.
block-too-long =
    Un bloqueo puede durar como máximo { $max ->
        [one] { $max } día
       *[other] { $max } días
    }. Inténtalo de nuevo o pulsa Cancelar.
timezone-title =
    🌍 Tu zona horaria: { $current }.
    Tu horario semanal se lee en esta zona. Elige la tuya o ✏️ Otra para escribir cualquier zona.
btn-other-timezone = ✏️ Otra…
ask-performer-timezone = Envía el nombre de tu zona horaria como en la lista IANA, p. ej. America/Lima, Europe/Berlin o Asia/Manila.
timezone-invalid = «{ $input }» no es una zona horaria que conozca. Usa un nombre como America/Lima o Europe/Berlin. Inténtalo de nuevo o pulsa Cancelar.
week-title =
    👁 Cuándo se puede reservar una llamada de { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    } en los próximos 7 días ({ $tz }):
week-none = No hay horarios libres en los próximos 7 días. Define tu horario semanal o revisa tus fechas bloqueadas.
btn-copy-weekdays = 📋 Copiar el lunes a los días laborables
btn-copy-every-day = 📋 Copiar el lunes a todos los días
copied-weekdays = ✅ El horario del lunes ({ $hours }) se copió de martes a viernes.
copied-every-day = ✅ El horario del lunes ({ $hours }) se copió a todos los días de la semana.
btn-booking-rules = ⚙️ Reglas de reserva
btn-special-hours = 📆 Horario especial
rules-title =
    ⚙️ Reglas de reserva (tus horas están en { $tz }):
    Margen antes de una llamada: { $before }
    Margen después de una llamada: { $after }
    Antelación mínima: { $notice }
    Ventana de reserva: { $window }
    Intervalo entre horarios: { $step }

    Los márgenes dejan tiempo libre alrededor de cada llamada reservada. La antelación mínima es cuánto antes de una llamada aún se puede reservar; la ventana de reserva, cuántos días por adelantado se puede reservar; el intervalo, cada cuánto puede empezar una llamada. Toca una para cambiarla.
rule-buffer-before = Margen antes de una llamada
rule-buffer-after = Margen después de una llamada
rule-notice = Antelación mínima
rule-window = Ventana de reserva
rule-step = Intervalo entre horarios
value-minutes = { $minutes } min
value-hours = { $hours } h
value-hours-minutes = { $hours } h { $minutes } min
value-days =
    { $days ->
        [one] { $days } día
       *[other] { $days } días
    }
rule-title =
    { $name }: { $current } (horas en { $tz })

    Elige un valor nuevo, o ✏️ Escribir un valor.
btn-type-value = ✏️ Escribir un valor…
ask-rule-minutes = Envía el nuevo valor de «{ $name }» en minutos, de { $min } a { $max }: p. ej. 45, o 2h para dos horas.
ask-rule-days = Envía el nuevo valor de «{ $name }» en días, de { $min } a { $max }: p. ej. 14.
rule-bad-value = No pude leer «{ $input }» como un número. Envía p. ej. 45 o 2h. Inténtalo de nuevo o pulsa Cancelar.
rule-out-of-range = «{ $name }» debe ser de { $min } a { $max }. Inténtalo de nuevo o pulsa Cancelar.
rule-saved = ✅ { $name }: { $value }. Tus horarios libres cambian al instante.
overrides-title = 📆 Horario especial en una fecha, en { $tz }: en estas fechas estas horas sustituyen a las semanales.
no-overrides = Sin horarios especiales.
overrides-hint = Toca 🗑 para quitar uno.
btn-add-override = ➕ Añadir horario especial
ask-override-date = Envía la fecha del horario especial como año-mes-día, p. ej. { $today } (hoy en { $tz }).
override-bad-date = Escribe la fecha como año-mes-día, p. ej. { $today }. Inténtalo de nuevo o pulsa Cancelar.
override-in-past = Esa fecha ya pasó; hoy es { $today } en { $tz }. Inténtalo de nuevo o pulsa Cancelar.
override-too-far = Un horario especial puede fijarse como mucho { $max } días por adelantado. Inténtalo de nuevo o pulsa Cancelar.
ask-override-hours = Envía las horas del { $date } ({ $tz }) como HH:MM-HH:MM, p. ej. 10:00-14:00, varias separadas por comas; «cerrado» significa sin llamadas ese día.
override-saved = ✅ Horario especial el { $date }: { $hours }.
override-removed = 🗑 Horario especial quitado.
override-gone = Ese horario especial ya no existe.

## Admin

btn-roles = 👥 Roles
admin-refused = Lo siento, esto es solo para administradores.
superadmin-only = Solo los superadministradores pueden cambiar quién es administrador.
admin-title = Panel de administración
admin-figures-today = Hoy (desde las 00:00, { $zone })
admin-figures-week = Esta semana (desde el { $monday })
admin-figures = 📊 { $period }: { $bookings } reservas ({ $statuses }) · { $taken } ⭐ cobradas · { $refunded } ⭐ reembolsadas · { $no_shows } ausencias
admin-figures-live = 🟢 { $online } performers en línea · 📣 { $waiting } avisos por enviar
btn-add-performer = ➕ Añadir performer
btn-remove-performer = ➖ Quitar performer
btn-add-admin = ➕ Añadir administrador
btn-remove-admin = ➖ Quitar administrador
roles-performers = Performers
roles-admins = Administradores
roles-none = (ninguno)
ask-role-target =
    Envíame su @usuario, su id numérico de Telegram o reenvíame un mensaje suyo.

    Debe haber abierto este bot al menos una vez.
target-hidden = Esa persona oculta su cuenta al reenviar, así que no sé quién es. Envía su @usuario o su id numérico.
target-invalid = Eso no es un @usuario, un id numérico ni un mensaje reenviado. Inténtalo de nuevo o pulsa Cancelar.
target-unknown = Todavía no conozco a { $who }: primero debe abrir este bot y pulsar Iniciar. Inténtalo de nuevo o pulsa Cancelar.
choose-to-remove = ¿A quién quito?
nobody-to-remove = No hay nadie con ese rol.
# Shown before a role changes: the person as the bot knows them, so a stale @username is caught.
confirm-grant =
    ¿Hacer { $role ->
        [admin] administrador
       *[performer] performer
    } a esta persona?

    { $name }
    Id de Telegram: { $id }
confirm-revoke =
    ¿Quitar el rol de { $role ->
        [admin] administrador
       *[performer] performer
    } a esta persona?

    { $name }
    Id de Telegram: { $id }
btn-confirm = ✅ Confirmar
revoke-paid-bookings =
    { $count ->
        [0] { $name } no tiene reservas pagadas próximas.
        [one] ⚠️ { $name } tiene 1 reserva pagada próxima; se cancelará con reembolso total y se avisará al usuario.
       *[other] ⚠️ { $name } tiene { $count } reservas pagadas próximas; se cancelarán con reembolso total y se avisará a los usuarios.
    }
    Su perfil se desconecta y deja de verse.
performer-retired =
    { $count ->
        [0] No había reservas pagadas que cancelar.
        [one] Se canceló 1 reserva pagada próxima con reembolso total; se avisó al usuario.
       *[other] Se cancelaron { $count } reservas pagadas próximas con reembolso total; se avisó a los usuarios.
    } El perfil está desconectado y oculto.
role-granted =
    ✅ { $who } ahora es { $role ->
        [admin] administrador.
       *[performer] performer.
    }
role-already =
    { $who } ya es { $role ->
        [admin] administrador.
       *[performer] performer.
    }
role-removed =
    ✅ { $who } ya no es { $role ->
        [admin] administrador.
       *[performer] performer.
    }
role-not-held =
    { $who } no era { $role ->
        [admin] administrador.
       *[performer] performer.
    }
adding =
    { $role ->
        [admin] Añadiendo administrador.
       *[performer] Añadiendo performer.
    }
you-were-granted =
    { $role ->
        [admin] 🛠 Ahora eres administrador de PNP Live. Envía /admin para abrir el panel.
       *[performer] 🎉 Ahora eres performer en PNP Live. Envía /pnp_live para preparar tu perfil y conectarte.
    }
you-were-revoked =
    { $role ->
        [admin] Se te ha quitado el rol de administrador en PNP Live.
       *[performer] Se te ha quitado el rol de performer en PNP Live.
    }
admin-refund-due = ⚠️ Hay que hacer un reembolso de { $amount } a { $who } en el proveedor de pagos (cargo { $charge }).
admin-refund-failed = ⚠️ Un reembolso de { $amount } a { $who } falló { $attempts } veces y no se volverá a intentar: hazlo a mano (cargo { $charge }).
admin-room-failed = ⚠️ No se pudo crear la sala de video de la reserva { $booking }: { $error }. Se reintentará.
admin-link-undelivered = ⚠️ { $name } bloqueó el bot y no recibió el enlace de la llamada del { $when }. El enlace sale en cuanto vuelva a escribir al bot; si no se conecta, al usuario se le reembolsa como por una ausencia.
admin-payment-returned = ℹ️ Un pago de { $amount } de la reserva { $booking } no se pudo aplicar y se está devolviendo.
admin-payment-mismatch = ⚠️ Un pago de { $paid } de { $who } (cargo { $charge }) no coincidía con la reserva { $booking } ({ $price }). No se aplicó y se está reembolsando.
performer-no-show-admin = 🚫 Ausencia: el performer { $name } faltó a la llamada con { $who } del { $when }; se reembolsa al usuario.

## ¿Se hizo la llamada? (proveedores sin eventos de conexión)

call-happened-question = ¿Qué tal tu llamada con { $name } del { $when }? ¿Se llegó a hacer?
btn-call-held = ✅ Sí, se hizo
btn-call-missed = ❌ No, { $name } no vino
call-held-thanks = ¡Gracias! Nos alegra que haya ido bien.
dispute-too-late = Esta llamada ya no se puede reportar aquí. Si algo salió mal, mira /help.
dispute-already = Ya reportaste esta llamada; un administrador la está revisando.
dispute-opened-user = Lamentamos oír eso. Le hemos preguntado a { $name } y un administrador decidirá; te avisaremos aquí. Si se resuelve a tu favor, recibes el reembolso completo.
dispute-ask-performer = ⚖️ { $who } dice que tu llamada del { $when } no se hizo. ¿Se hizo?
btn-dispute-held = ✅ Sí se hizo
btn-dispute-missed = ↩️ No se hizo: reembolsar
dispute-performer-noted = Gracias, anotado. Un administrador decidirá.
dispute-performer-refunded = Gracias. { $who } recibe el reembolso completo.
dispute-admin = ⚖️ Disputa: { $who } dice que la llamada con { $name } del { $when } ({ $amount }) no se hizo. Reserva { $booking }.
btn-settle-refund = ↩️ Reembolsar
btn-settle-keep = ✔️ Mantener el pago
dispute-admin-performer-held = ⚖️ { $name } dice que la llamada en disputa sí se hizo (reserva { $booking }). Queda pendiente de un administrador.
dispute-admin-performer-refunded = ⚖️ { $name } aceptó que la llamada no se hizo; se reembolsa al usuario (reserva { $booking }).
dispute-settled = ⚖️ Resuelta: { $outcome ->
        [refund] el usuario recibe el reembolso completo.
       *[keep] el pago se queda con el performer.
    }
dispute-settled-already = Esta disputa ya está resuelta.
dispute-refunded-user = ⚖️ Revisamos tu reporte de la llamada con { $name } del { $when }: recibes el reembolso completo.
dispute-kept-user = ⚖️ Revisamos tu reporte de la llamada con { $name } del { $when }: cuenta como realizada, así que el pago se queda con el performer.
dispute-kept-performer = ⚖️ Se revisó el reporte de { $who } sobre la llamada del { $when }: cuenta como realizada.

## Reviews (bot::user::review)
review-question = ⭐ Valora tu llamada con { $name } el { $when }: toca de 1 a 5 estrellas.
review-reminder = ⭐ Un recordatorio: valora tu llamada con { $name } el { $when }, toca de 1 a 5 estrellas.
review-saved = ¡Gracias! Diste { $stars }. ¿Quieres añadir unas palabras?
btn-review-words = ✍️ Añadir unas palabras
btn-review-skip = Omitir
review-words-prompt = Envía unas palabras sobre la llamada (hasta { $max } caracteres). Con ellas solo se muestra tu nombre de pila.
review-text-empty = Ahí no hay palabras que mostrar. Envía unas palabras o toca Omitir.
review-thanks = ¡Gracias por tu reseña!
review-already = Ya dejaste una reseña de esta llamada.
review-not-allowed = Esta llamada no se puede reseñar.
profile-reviews = Reseñas
profile-no-reviews = aún sin reseñas

## Earnings and reviews (bot::performer::earnings)
btn-earnings = 💰 Ganancias
btn-my-reviews = ⭐ Mis reseñas
earnings-title = 💰 Tus ganancias, tras la comisión del { $percent }% de la plataforma:
earnings-block =
    • Esta semana: { $week }
    • Este mes: { $month }
    • Desde siempre: { $all }
    • Se te debe desde el último pago: { $owed }
earnings-last-payout = Último pago: { $when }
earnings-no-payout = Aún no hay pagos.
earnings-none = Aún no hay ganancias: las llamadas completadas aparecen aquí.
my-reviews-title = ⭐ Tus reseñas: { $badge }
my-reviews-none = Aún no hay reseñas.

## Payouts and reviews (bot::admin::payouts, bot::admin::reviews)
btn-payouts = 💸 Pagos
btn-admin-reviews = ⭐ Reseñas
payouts-title = 💸 Lo que se debe a los performers:
payouts-none = Ahora no se le debe nada a nadie.
payout-card = { $name }
    Se le debe: { $owed }
    Último pago: { $last }
payout-never = nunca
btn-mark-paid = ✅ Marcar { $amount } como pagado
payout-ask-reference = Registrando un pago de { $amount } a { $name }. Envía la referencia del pago (un id de transferencia o una nota).
payout-recorded = ✅ Registrado: { $amount } pagado a { $name }, referencia “{ $reference }”.
payout-changed = Lo que se le debe a { $name } cambió entretanto (otro administrador registró un pago, o una llamada se completó o se reembolsó). No se registró nada; vuelve a mirar.
payout-reference-empty = Envía la referencia como texto.
payout-performer-told = 💸 Se registró un pago de { $amount } para ti. Referencia: { $reference }
admin-reviews-title = ⭐ Últimas reseñas ({ $total }):
admin-reviews-none = Aún no hay reseñas.
btn-hide-review = 🙈 Ocultar #{ $n }
review-hidden-done = Reseña oculta.
review-hidden-mark = (oculta)
## Cancelaciones por el performer o un admin, y solicitudes de cancelación dentro del plazo.
btn-book-someone-else = 🔎 Reservar con otra persona
cancelled-by-performer-for-user = 😔 Lo sentimos: { $name } tuvo que cancelar tu llamada del { $when }. Recibes un reembolso total de { $amount }.
admin-performer-cancelled = ⚠️ { $name } canceló la llamada pagada con { $who } del { $when } (#{ $booking }); el usuario recibe un reembolso total. { $name } ha cancelado { $count ->
        [one] 1 llamada
       *[other] { $count } llamadas
    } en los últimos 30 días.
btn-open-booking = 🧾 Abrir reserva
performer-call-card =
    📞 Llamada con { $who }
    🗓 { $when } · { $minutes } min · { $price }
    Estado: { $status }
performer-call-request-open = 📨 { $who } te pidió cancelar esta llamada. Está dentro del plazo de { $cutoff_hours } h, así que sin tu acuerdo no hay reembolso. Acepta para reembolsarle todo, o rechaza y la llamada sigue en pie.
btn-cancel-call = ✖️ Cancelar esta llamada
performer-cancel-confirm = ¿Cancelar tu llamada con { $who } del { $when }? { $who } recibe un reembolso total de { $amount } y una disculpa. Los admins ven cuántas llamadas cancela cada performer.
btn-confirm-cancel-call = ✖️ Sí, cancelar la llamada
btn-keep-call = ↩️ Mantenerla
performer-cancelled = ✖️ Tu llamada con { $who } del { $when } está cancelada. Recibe un reembolso total y ya se le avisó.
call-already-cancelled = Esta llamada ya estaba cancelada; no cambió nada.
call-moved-on = Esta llamada ya no se puede cambiar aquí: está { $status }.
btn-ask-performer-cancel = 📨 Pedir a { $name } que cancele
cancel-request-policy = Esta llamada empieza en menos de { $cutoff_hours } h, así que ya no se puede cancelar con reembolso por tu cuenta. Puedes pedir a { $name } que la cancele: si { $name } acepta, recibes un reembolso total; si { $name } rechaza o no responde antes de que empiece, la reserva sigue y, según la política, no se reembolsa nada.
btn-send-cancel-request = 📨 Enviar la solicitud a { $name }
cancel-request-sent = 📨 Tu solicitud llegó a { $name }. Si la acepta, tu llamada del { $when } se cancela con reembolso total; si la rechaza o no responde antes del inicio, la reserva sigue y, según la política (sin reembolso a menos de { $cutoff_hours } h del inicio), no se reembolsa nada. Te avisaremos de la respuesta.
cancel-request-already-sent = Ya pediste a { $name } que cancele; la solicitud espera respuesta. Se envió una sola vez.
cancel-request-waiting = 📨 Pediste a { $name } que cancele. Se espera la respuesta hasta que empiece la llamada; según la política (sin reembolso a menos de { $cutoff_hours } h del inicio), sin respuesta no hay reembolso.
cancel-request-was-declined = { $name } rechazó tu solicitud de cancelar; la reserva sigue y, según la política (sin reembolso a menos de { $cutoff_hours } h del inicio), no se reembolsa nada.
cancel-request-was-lapsed = Tu solicitud de cancelar no recibió respuesta de { $name } antes del inicio y caducó; según la política (sin reembolso a menos de { $cutoff_hours } h del inicio), no se reembolsa nada.
booking-already-cancelled = Esta reserva ya estaba cancelada; no cambió nada. Cualquier reembolso pendiente está en camino.
cancel-request-performer = 📨 { $who } te pide cancelar la llamada del { $when } ({ $amount }). Está dentro del plazo de { $cutoff_hours } h: si aceptas, recibe un reembolso total; si rechazas, la llamada sigue y no se reembolsa nada. Sin respuesta antes del inicio, la solicitud caduca y la llamada sigue.
btn-accept-cancel = ✅ Aceptar — reembolso total
btn-decline-cancel = ❌ Rechazar
request-accepted-performer = ✅ Aceptaste: la llamada con { $who } del { $when } está cancelada y recibe un reembolso total. No cuenta como cancelación tuya.
request-declined-performer = Rechazaste: la llamada con { $who } del { $when } sigue en pie. Se le avisó que, según la política (sin reembolso a menos de { $cutoff_hours } h del inicio), no se reembolsa nada.
request-already-accepted = Ya aceptaste esta solicitud; la llamada está cancelada.
request-already-declined = Ya rechazaste esta solicitud; la llamada sigue en pie.
request-already-lapsed = Esta solicitud caducó cuando empezó la llamada; la llamada sigue como se reservó.
request-none = No hay ninguna solicitud de cancelación abierta para esta llamada.
cancel-request-lapsed-performer = La solicitud de { $who } de cancelar la llamada del { $when } no recibió respuesta antes del inicio y caducó: la llamada sigue como se reservó.
cancel-request-accepted-user = ✅ { $name } aceptó tu solicitud: tu llamada del { $when } está cancelada y recibes un reembolso total de { $amount }.
cancel-request-declined-user = { $name } rechazó tu solicitud de cancelar la llamada del { $when }. La reserva sigue y, según la política (sin reembolso a menos de { $cutoff_hours } h del inicio), no se reembolsa nada. Aún puedes unirte a la hora.
cancel-request-lapsed-user = Tu solicitud de cancelar la llamada del { $when } no recibió respuesta de { $name } antes del inicio y caducó. La reserva sigue y, según la política (sin reembolso a menos de { $cutoff_hours } h del inicio), no se reembolsa nada.
btn-admin-bookings = 🧾 Reservas
admin-bookings-ask = 🧾 ¿Qué reserva? Envía su id (los 8 caracteres tras # en una ficha de reserva, o el id completo), o el @usuario o id de Telegram de un usuario o performer.
admin-bookings-none = No se encontró nada para «{ $query }».
admin-bookings-empty = No se encontraron reservas.
admin-bookings-results = 🧾 { $count } reservas, de la más nueva a la más antigua (página { $page }/{ $pages }; horas en { $zone }):
btn-find-booking = 🔎 Buscar otra reserva
admin-booking-card =
    🧾 Reserva #{ $booking }
    { $id }
    Estado: { $status }
    Usuario: { $user }
    Performer: { $performer } — { $account }
    Cancelaciones del performer en los últimos 30 días: { $cancellations }
    🗓 { $when } · { $minutes } min · { $price }
    Pago: { $payment }
admin-booking-request = Solicitud de cancelación: { $state } (pedida el { $when })
admin-booking-history = Historial (horas en { $zone }):
admin-payment-none = ninguno
admin-payment-paid = { $amount } pagado
admin-payment-refund-pending = { $amount }, reembolso en curso
admin-payment-refund-due = { $amount }, reembolso a hacer a mano
admin-payment-refunded = { $amount }, reembolsado el { $when }
btn-admin-cancel-refund = ✖️ Cancelar y reembolsar
admin-cancel-confirm = ¿Cancelar la reserva #{ $booking } de { $user } con { $performer }? Una reserva pagada se reembolsa por completo ({ $amount }); se avisa a ambas partes, al usuario con una disculpa.
btn-admin-confirm-cancel = ✖️ Sí, cancelar y reembolsar
admin-cancelled = ✖️ Cancelada; cualquier pago se está reembolsando por completo y se avisó a ambas partes.
admin-cancel-too-late = Esta reserva ya no se puede cancelar (cambió entretanto); no cambió nada.
cancel-call-started = Esta llamada ya empezó, así que ya no se puede cancelar.
## Moving a booking (reschedule)

btn-reschedule = 🔁 Cambiar horario
move-picking = 🔁 Elige un nuevo horario para tu llamada de { $minutes } minutos con { $name }, ahora el { $when }. Misma duración y precio.
move-confirm =
    🔁 ¿Cambiar tu llamada con { $name }?

    De: { $from }
    A: { $to }

    Misma duración ({ $minutes } min) y precio. Ambos reciben el nuevo horario y un nuevo archivo de calendario.
btn-confirm-move = ✅ Sí, cambiarla
btn-other-time = 🗓 Otro horario
move-done = ✅ ¡Cambiada! Tu llamada con { $name } ahora es el { $when }. Enseguida llegan tu nuevo enlace y el archivo de calendario.
move-too-late = Esta llamada empieza en menos de { $cutoff_hours } h, así que ya no se puede cambiar. Si surgió algo, escribe al performer.
move-limit = Esta reserva ya se cambió tantas veces como se permite ({ $max }). Aún puedes cancelarla según la política de cancelación.
move-not-possible = Esta reserva está { $status } y ya no se puede cambiar.
move-slot-taken = Lo sentimos, ese horario acaba de ser tomado. Tu llamada sigue el { $when }.
cancel-moved-meanwhile = No se canceló nada: esta reserva se cambió mientras tanto y ahora es el { $when }. Revísala antes de cancelar.
moved-user =
    🔁 ¡Tu llamada cambió de horario!

    📹 Llamada de { $minutes } minutos con { $name }
    Antes: { $from }
    Ahora: { $to }

    Tu enlace de abajo funciona en el nuevo horario; el archivo de calendario de abajo actualiza tu calendario.
moved-performer =
    🔁 Llamada cambiada

    👤 { $who }
    Antes: { $from }
    Ahora: { $to }
    ⏱ { $minutes } min
proposal-for-user = 🔁 { $name } pide cambiar tu llamada del { $when }. Elige uno de estos horarios (en { $zone }), conserva el tuyo o rechaza y recibe el reembolso completo.
btn-keep-original = ↩️ Mantener el horario original
btn-decline-proposal = ✖️ Rechazar (reembolso completo)
btn-see-proposals = 📨 Horarios propuestos por { $name }
decline-ask = ¿Rechazar los horarios que propuso { $name }? Tu llamada del { $when } se cancela y recibes el reembolso completo.
btn-confirm-decline = ✖️ Sí, cancelar con reembolso completo
proposal-kept = De acuerdo, tu llamada sigue el { $when }.
proposal-kept-for-performer = { $who } mantiene el horario original de la llamada: { $when }.
proposal-gone = Estos horarios propuestos ya no están abiertos: la reserva cambió mientras tanto.
move-declined-for-performer = ✖️ { $who } rechazó los horarios que propusiste: la llamada del { $when } se cancela y recibe el reembolso completo. El horario vuelve a estar libre.
btn-propose-times = 🔁 Proponer otros horarios
propose-list = 🔁 ¿Qué llamada quieres cambiar? Propones hasta tres de tus horarios libres; el usuario elige uno, conserva el suyo o rechaza con reembolso completo. Horarios en { $tz }.
propose-none = No hay llamadas confirmadas que aún se puedan cambiar.
propose-days = 🔁 Nuevos horarios para la llamada con { $who } del { $when }: elige un día y luego hasta tres horarios. Elegidos: { $count }/3. Horarios en { $tz }.
propose-day = 🔁 { $day }: toca hasta tres horarios (✅ = elegido). Elegidos: { $count }/3. Horarios en { $tz }.
propose-no-days = No tienes tiempo libre de esa duración en las próximas dos semanas.
btn-send-proposal = 📨 Enviar a { $who } ({ $count })
propose-full = Hasta tres horarios.
propose-sent = 📨 Enviado a { $who }: { $times }. Te avisaremos cuál elige.
propose-too-late = Esta llamada empieza en menos de { $cutoff_hours } h: ya no se puede cambiar.
propose-limit = Esta llamada ya se cambió tantas veces como se permite ({ $max }).
propose-open = Ya propusiste horarios para esta llamada: { $times }. El usuario aún no ha respondido.
move-link-pending = 🔁 Tu llamada cambió al { $when }. Tu nuevo enlace de la llamada llegará enseguida.

# Start now with the performer's acceptance (bookings.start_now_needs_acceptance).
start-now-asking = Preguntando a { $name } si puede empezar ahora… Tiene { $seconds } segundos para aceptar. La factura llega en cuanto acepte.
btn-withdraw-request = ✖️ Retirar la solicitud
start-now-declined-user = { $name } no puede atender la llamada ahora. No se cobró nada.
start-now-no-answer-user = { $name } no respondió a tiempo, así que la llamada no será ahora. No se cobró nada.
start-now-request-performer = 📞 { $who } quiere una llamada de { $minutes } minutos ahora ({ $amount }). Acepta en { $seconds } segundos o caduca.
btn-accept-start-now = ✅ Aceptar
btn-decline-start-now = ❌ Rechazar
start-now-expired-performer = La solicitud de { $who } para una llamada ahora caducó sin respuesta.
start-now-withdrawn-performer = { $who } retiró su solicitud de una llamada ahora.
start-now-withdrawn-after-accept-performer = { $who } retiró su solicitud después de que la aceptaste, antes de pagar: la llamada no se hará y tu tiempo vuelve a estar libre.
start-now-unpaid-after-accept-performer = La llamada con { $who } que aceptaste no se hará: no se pagó, y tu tiempo vuelve a estar libre.
start-now-accepted-performer = ✅ Aceptaste la llamada de { $who }. Le enviamos la factura; recibirás el enlace en cuanto pague.
start-now-declined-performer = Rechazaste la llamada de { $who }. Ya se le avisó.
start-now-late-performer = Demasiado tarde: la solicitud de { $who } caducó antes de tu respuesta. Ya se le avisó y se le ofrecieron otros horarios.
start-now-already-declined = Ya rechazaste la solicitud de { $who }.
start-now-already-accepted = Ya aceptaste la solicitud de { $who }.
# Sent once when someone sends updates faster than the per-person limit (also a button toast).
slow-down = Ve un poco más despacio — inténtalo de nuevo en unos segundos.

# Admin → Users: find a person, their card, ban and unban.
btn-admin-users = 👤 Usuarios
btn-find-user = 🔎 Buscar a otra persona
btn-ban = ⛔ Bloquear
btn-unban = ✅ Desbloquear
btn-confirm-ban = ⛔ Confirmar bloqueo
admin-users-ask = ¿A quién? Envía su @usuario o su id de Telegram.
admin-users-none = No se encontró a nadie para { $query }.
admin-user-card = { $name }
    Roles: { $roles }
    Reservas: { $bookings }
    Reportes sobre esta persona: { $reports } ({ $reports_new } sin atender)
    Faltas (reportes con medidas): { $strikes }
admin-user-banned = ⛔ Bloqueado desde { $when } por { $by }. Motivo: { $reason }
admin-user-not-banned = No está bloqueado.
admin-ban-ask-reason = ¿Por qué se bloquea a { $name }? Escribe el motivo (solo lo ven los admins).
admin-ban-reason-empty = El motivo es obligatorio. Escríbelo, o Cancela.
admin-ban-confirm = ¿Bloquear a { $name }?
    Motivo: { $reason }

    Se liberan sus reservas sin pagar, se cancelan y reembolsan por completo sus reservas pagadas próximas (como usuario o como performer), una performer pasa a desconectada y oculta, y no recibe difusiones.
admin-ban-done = { $name } está bloqueado. Reservas liberadas o canceladas: { $count }.
admin-unban-done = { $name } ya no está bloqueado.
admin-ban-unchanged = Nada cambió: ya estaba así.
admin-ban-refused = No puedes bloquear ni desbloquear a esta persona: los superadmins nunca se bloquean, solo los superadmins bloquean o desbloquean a admins, y nadie se bloquea a sí mismo.
# What a banned person's messages and taps get (at most once a minute).
you-are-banned = Tu cuenta ha sido bloqueada para usar este bot.

## Reports (bot/user/report.rs, bot/admin/reports.rs)
btn-report = 🚩 Denunciar
btn-report-user = 🚩 Denunciar a { $who }
btn-past-call = Pasada: { $when } · { $who }
report-reason =
    { $reason ->
        [no_show] No se presentó
        [rude] Grosero
        [inappropriate] Inapropiado
        [scam] Estafa
       *[other] Otra cosa
    }
report-ask-reason = 🚩 ¿Qué pasó? Elige el motivo más cercano.
report-words-prompt = Añade unas palabras para los admins (hasta { $max } caracteres), u Omitir.
report-thanks = Gracias, un admin lo revisará.
report-not-allowed = Esto no se puede denunciar desde aquí.
report-admin-alert = 🚩 Nueva denuncia #{ $id }: { $reason }.
btn-open-report = Abrir la denuncia
btn-admin-reports = 🚩 Denuncias ({ $count } nuevas)
admin-reports-title = 🚩 Denuncias, las más recientes primero:
admin-reports-none = 🚩 Aún no hay denuncias.
admin-report-card =
    🚩 Denuncia #{ $id } ({ $when })
    De: { $reporter }
    Sobre: { $reported }
    Reserva: { $booking }
    Motivo: { $reason }
    Palabras: { $text }
admin-report-new = 🆕 Aún sin atender.
admin-report-done = ✅ Atendida por { $by } ({ $when }): { $action }
btn-report-handle = ✅ Marcar atendida
btn-report-no-action = No hace falta hacer nada
btn-report-reported-card = 👤 Su ficha de admin
report-no-action = No hace falta hacer nada
admin-report-ask-action = ¿Qué se hizo? Escribe la acción tomada, o toca No hace falta hacer nada.
admin-report-handled = ✅ Marcada como atendida.
admin-report-unchanged = Nada cambió: ya estaba atendida.
# Admin → Audit
btn-admin-audit = 📜 Auditoría
admin-audit-title = 📜 Registro de auditoría ({ $total }), lo más reciente primero:
admin-audit-none = 📜 Aún no hay acciones de administración registradas.
audit-line = { $who }: { $what } { $target }
audit-ban = bloqueó a
audit-unban = levantó el bloqueo de
audit-grant = dio un rol a
audit-revoke = quitó un rol a
audit-payout = registró un pago a
audit-hide-review = ocultó una reseña de
btn-admin-refund-only = ↩️ Reembolsar sin cancelar
admin-refund-confirm-stars = ¿Reembolsar por completo la reserva #{ $booking } de { $user } ({ $amount }) sin cancelarla? Telegram solo reembolsa un pago en Stars entero, así que no hay reembolso parcial. La reserva mantiene su estado, se revierten las ganancias del performer por ella y se avisa al usuario.
admin-refund-confirm-provider = ¿Reembolsar la reserva #{ $booking } de { $user } ({ $amount }) sin cancelarla? Telegram no puede reembolsar esta moneda: el reembolso queda registrado como pendiente, por completo, en el proveedor. La reserva mantiene su estado y se revierten las ganancias del performer por ella.
btn-admin-confirm-refund = ↩️ Sí, reembolsar por completo
admin-refunded = ↩️ Reembolso hecho (o registrado como pendiente); la reserva mantiene su estado.
admin-refund-not-possible = Este pago ya no se puede reembolsar aquí (ya reembolsado, o la reserva avanzó); no cambió nada.
audit-refund = reembolsó sin cancelar la reserva de
audit-cancel = canceló y reembolsó la reserva de
audit-settle = resolvió la disputa de
audit-report-handled = atendió un reporte sobre

## Mini App
miniapp-menu-button = 📅 Reservar
app-loading = Cargando…
app-error-reopen = Esta página ha caducado. Ciérrala y ábrela de nuevo desde el bot.
app-error-generic = Algo salió mal. Inténtalo de nuevo.
app-back = Atrás
app-hello = ¡Hola, { $name }!

## Admin: faltas, límites, reseñas visibles de nuevo
admin-user-limits = 🚧 Límites alcanzados en los últimos 7 días: { $list }
admin-user-limits-none = 🚧 Ningún límite alcanzado en los últimos 7 días.
limit-unpaid-holds = reservas sin pagar
limit-holds-per-hour = reservas por hora
limit-update-rate = demasiados mensajes
admin-figures-limits = 🚧 Alcanzaron un límite hoy: { $people }
admin-figures-limits-none = 🚧 Nadie alcanzó un límite hoy.
admin-figures-limits-more = { " " }y { $count } más
btn-unhide-review = 👁 Mostrar #{ $n }
review-unhidden-done = La reseña vuelve a verse.
audit-unhide-review = volvió a mostrar una reseña de
# Mini App → pantallas del usuario
btn-pick-on-calendar = 📅 Elegir en un calendario
app-user-not-found = Esa reserva no es tuya.
app-user-home-performers = 🔥 PNP Live
app-user-home-bookings = 📋 Mis reservas
app-user-performers-title = Performers
app-user-none = Ahora no se puede reservar a nadie. Vuelve a mirar más tarde.
app-user-from = desde { $price }
app-user-rating = ⭐ { $average } ({ $count })
app-user-no-rating = Aún sin reseñas
app-user-rates = Tarifas
app-user-next-slots = Próximos horarios libres
app-user-no-slots = No hay horarios libres en los próximos días.
app-user-pick-time = 📅 Elegir un horario
app-user-rate-pick = ¿Cuánto tiempo?
app-user-calendar-title = { $name } · { $minutes } min
app-user-times-in = Horarios en { $zone }
app-user-performer-zone = { $name } vive en { $zone }.
app-user-month-empty = No hay horarios libres este mes.
app-user-prev-month = ‹ Anterior
app-user-next-month = Siguiente ›
app-user-pick-day = Elige un día con horarios libres.
app-user-hold = Reservar { $when } y pagar
app-user-held = Reservado para ti hasta { $until }. Paga para confirmarlo.
app-user-paid = ¡Pagado! Tu reserva está confirmada; el enlace de la llamada llega al chat.
app-user-not-paid = Aún no has pagado. El horario sigue reservado para ti hasta { $until }.
app-user-age-accept = Tengo 18+ y acepto
app-user-bookings-title = Mis reservas
app-user-bookings-empty = Aún no tienes reservas.
app-user-upcoming = Próximas
app-user-past = Pasadas
app-user-join = ▶️ Entrar a la llamada
app-user-pay = 💳 Pagar
app-user-reschedule = 🔁 Cambiar horario
app-user-cancel = ✖️ Cancelar
app-user-confirm-cancel = ✖️ Sí, cancelarla
app-user-keep = ↩️ Mantenerla
app-user-move-title = Un nuevo horario para tu llamada con { $name } (ahora { $when })
app-user-move-to = Cambiar a { $when }
app-user-moved = Cambiada a { $when }.
app-user-zone-saved = Tu zona horaria ahora es { $zone }.
## Mini App: performer screens
app-perf-btn-edit-week = 🗓 Editar mi semana
app-perf-menu-week = 🗓 Mi semana
app-perf-menu-calendar = 📆 Fechas bloqueadas y horario especial
app-perf-menu-preview = 👀 Mis próximos 14 días
app-perf-menu-profile = 🎭 Mi perfil
app-perf-menu-earnings = 💰 Mis ganancias
app-perf-week-title = 🗓 Mi semana
app-perf-week-hint = Toca o arrastra sobre las medias horas en que atiendes llamadas; toca o arrastra sobre las pintadas para quitarlas. Horas en { $zone }.
app-perf-week-save = Guardar mi semana
app-perf-saved = ✅ Guardado.
app-perf-calendar-title = 📆 Fechas bloqueadas y horario especial
app-perf-calendar-hint = Toca una fecha para bloquearla o darle un horario especial. Fechas en { $zone }.
app-perf-legend-blocked = Bloqueada
app-perf-legend-special = Horario especial
app-perf-day-blocked = ⛔ Bloqueada: { $from } – { $to }
app-perf-day-open = En esta fecha rige tu horario semanal.
app-perf-day-special = Horario especial: { $hours }
app-perf-block-until = Bloquear hasta (incluida)
app-perf-block = ⛔ Bloquear estas fechas
app-perf-unblock = Quitar este bloqueo
app-perf-special-label = Horario especial en esta fecha (p. ej. 10:00-14:00, o cerrado)
app-perf-special-save = Guardar horario especial
app-perf-special-remove = Quitar horario especial
app-perf-preview-title = 👀 Mis próximos 14 días, como los ven los usuarios
app-perf-preview-hint = Horas libres de inicio para una llamada de { $minutes } minutos, en { $zone } (los usuarios las ven en su propia zona).
app-perf-preview-length = Duración
app-perf-preview-no-rates = Aún no tienes tarifas, así que nadie puede reservarte. Añade una en el chat: /pnp_live → Gestionar perfil → Tarifas.
app-perf-profile-title = 🎭 Mi perfil
app-perf-name = Nombre visible
app-perf-bio = Bio ({ $count }/{ $max })
app-perf-tags = Etiquetas ({ $count }/{ $max })
app-perf-add-tag = Otra etiqueta
app-perf-add = Añadir
app-perf-preview-card = Como lo ven los usuarios
app-perf-no-bio = Aún sin bio.
app-perf-no-rates = Aún sin tarifas.
app-perf-rate = { $minutes } min · { $price }
app-perf-photo-set = 📷 Foto puesta (cámbiala en el chat).
app-perf-photo-none = 📷 Aún sin foto: envía una en el chat (/pnp_live → Gestionar perfil → Foto).
app-perf-rates-title = Tarifas
app-perf-rates-hint = Un precio por duración ({ $min }–{ $max } min, hasta { $count } duraciones). Guardar una duración otra vez cambia su precio.
app-perf-rate-minutes = Minutos
app-perf-rate-price = Precio ({ $currency })
app-perf-rate-save = Guardar tarifa
app-perf-rate-remove = Quitar
app-perf-rate-removed = Tarifa quitada.
app-perf-profile-save = Guardar perfil
app-perf-earnings-title = 💰 Mis ganancias
app-perf-earnings-hint = Tras la comisión de la plataforma del { $percent }%. Las semanas empiezan el lunes en { $zone }.
app-perf-earnings-week = Esta semana
app-perf-earnings-month = Este mes
app-perf-earnings-all = Desde siempre
app-perf-earnings-owed = Se te debe ahora
app-perf-earnings-last-payout = Último pago: { $when }
app-perf-earnings-no-payout = Aún ningún pago.
app-perf-earnings-none = Aún sin ganancias: aparecen tras tu primera llamada completada.

## Mini App: admin screens
app-admin-menu-dashboard = 📊 Panel
app-admin-menu-bookings = 📋 Reservas
app-admin-dashboard-title = 📊 Panel
app-admin-today = Hoy (desde medianoche, { $zone })
app-admin-week = Esta semana (desde el lunes, { $zone })
app-admin-bookings-count = Reservas
app-admin-stars-taken = Stars cobradas
app-admin-stars-refunded = Stars reembolsadas
app-admin-no-shows = Ausencias
app-admin-online = Performers en línea
app-admin-waiting = Avisos por enviar
app-admin-bookings-title = 📋 Reservas
app-admin-filter-status = Estado
app-admin-filter-performer = Performer
app-admin-filter-user = Usuario (@usuario o id de Telegram)
app-admin-filter-date = Que empiezan el
app-admin-filter-any = Cualquiera
app-admin-filter-apply = Aplicar
app-admin-results = { $total } encontradas · página { $page } de { $pages } · horas en { $zone }
app-admin-none = Ninguna reserva coincide con estos filtros.
app-admin-prev = ‹ Anterior
app-admin-next = Siguiente ›
app-admin-bad-date = Escribe la fecha como año-mes-día, p. ej. 2026-12-24.
app-admin-booking-title = Reserva #{ $id }
app-admin-when = Cuándo
app-admin-user = Usuario
app-admin-performer = Performer
app-admin-price = Precio
app-admin-payment = Pago
app-admin-payment-none = Sin pago.
app-admin-pay-paid = Pagado { $amount }
app-admin-pay-refund-pending = Reembolso de { $amount } en curso
app-admin-pay-refund-due = Reembolso de { $amount } pendiente en el proveedor
app-admin-pay-refunded = Reembolsado { $amount }
app-admin-review = Reseña
app-admin-review-hidden = (oculta)
app-admin-review-not-shown = Esa reseña ya está oculta; no cambió nada.
app-admin-history = Historial (horas en { $zone })
app-admin-banned = ⛔ bloqueado
app-admin-action-cancel = ❌ Cancelar y reembolsar
app-admin-action-refund = ↩️ Reembolsar sin cancelar
app-admin-action-hide = 🙈 Ocultar la reseña
app-admin-action-ban = ⛔ Bloquear al usuario
app-admin-confirm-cancel = ¿Cancelar la reserva #{ $id } y reembolsar { $amount } completo? Se avisa a ambas partes, al usuario con una disculpa.
app-admin-confirm-refund = ¿Reembolsar la reserva #{ $id } completa ({ $amount }) sin cancelarla? La reserva conserva su estado, se revierten las ganancias del performer por ella y se avisa al usuario.
app-admin-confirm-hide = ¿Ocultar esta reseña? Se conserva, pero ya nadie la ve.
app-admin-confirm-ban = ¿Bloquear a { $name }? Se liberan sus reservas sin pagar y se cancelan y reembolsan completas sus llamadas pagadas próximas.
app-admin-ban-reason = Motivo (obligatorio; solo lo ven los admins)
app-admin-yes = Sí, hazlo
app-admin-no = No, volver
app-admin-status = Estado
app-role-performer = Performer
app-role-admin = Administrador
