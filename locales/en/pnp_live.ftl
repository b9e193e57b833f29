# PNP Live, English: the reference locale. Every other locale has exactly these messages, with
# the same variables (a test checks it), and the fl! macro checks the code against this file.

## Core: language, dates, booking status

language-name = English

# $weekday: 1 = Monday … 7 = Sunday; $month: 1 = January … 12 = December.
weekday =
    { $weekday ->
        [1] Monday
        [2] Tuesday
        [3] Wednesday
        [4] Thursday
        [5] Friday
        [6] Saturday
       *[7] Sunday
    }
weekday-short =
    { $weekday ->
        [1] Mon
        [2] Tue
        [3] Wed
        [4] Thu
        [5] Fri
        [6] Sat
       *[7] Sun
    }
month-short =
    { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    }
# "Mon 7 Dec"
date-short = { weekday-short } { $day } { month-short }
# "Thu 24 Dec 2026"
date-year = { date-short } { $year }
# "Mon 7 Dec, 14:30"
date-time = { date-short }, { $time }
# "Mon 7 Dec, 14:30 (Europe/Madrid)": every time shown alone carries its zone.
date-time-zone = { $when } ({ $zone })
time-zone = { $time } ({ $zone })
duration-min = { $minutes } min

# $status: the status stored on the booking.
booking-status =
    { $status ->
        [awaiting_performer] ⏳ waiting for the performer
        [draft] draft
        [held] ⏳ awaiting payment
        [awaiting_payment] ⏳ awaiting payment
        [confirmed] ✅ confirmed
        [in_progress] 📹 in progress
        [completed] ✔️ completed
        [cancelled] ✖️ cancelled
        [expired] ⌛ expired
        [refunded] ↩️ refunded
        [no_show] 🚫 no-show
       *[other] other
    }

## Core: main menu, help, commands

btn-pnp-live = 🎥 PNP Live
btn-my-bookings = 📅 My bookings
btn-settings = ⚙️ Settings
btn-help = ❓ Help
btn-back = ⬅️ Back
btn-main-menu = 🏠 Main menu
btn-cancel = ✖️ Cancel
btn-admin = 🛠 Admin
welcome =
    Welcome to PNP Live, { $name }! 👋
    Book private 1-on-1 video calls with our performers.
main-menu-title = What would you like to do?
# /start from a t.me link whose performer is gone, or a payload the bot does not know.
deep-link-invalid = ⚠️ That link is no longer valid.
unknown-input = I didn't understand that. Pick an option from the menu:
input-cancelled = Cancelled.
nothing-to-cancel = Nothing to cancel: you were not typing an answer. Here is the menu:
expired-button = This button is no longer valid. Here is the menu again:
help =
    PNP Live lets you book private 1-on-1 video calls with performers.

    • PNP Live — see who is online now, view profiles and book a call.
    • My bookings — your upcoming and past calls, with their links.
    • Settings — language, timezone and go-online notifications.

    Commands:
    /start — main menu
    /help — this help
    /bookings — my bookings
    /settings — language, timezone, notifications
    /cancel — stop what you are typing
# Added after a blank line to the help of performers.
help-performer = Performers: /pnp_live opens your performer menu.
# Added on the next line to the help of admins.
help-admin = Admins: /admin opens the admin panel.
# Telegram's command menu (setMyCommands).
cmd-start = Main menu
cmd-help = How PNP Live works
cmd-bookings = My bookings
cmd-settings = Language, timezone, notifications
cmd-privacy = What is kept about me, my data, delete my account
cmd-pnp-live = Performer menu
cmd-admin = Admin panel
# The last paragraph of /help: whom to write to ($contact, configured), or, with nobody
# configured, what happens to a paid call that falls through.
help-support = Need help? Write to { $contact }.
help-support-none = Need help with a paid call? Open /bookings: a call cancelled by the performer or an admin, or one the performer missed, is refunded in full automatically.

## Settings

settings-title = Settings
btn-language = 🌐 Language
choose-language = Choose your language:
language-set = Language set to English.
btn-timezone = 🕒 Timezone
choose-timezone =
    Your timezone: { $current }
    Pick one, or type your city (like Madrid) or any zone name (like Europe/Madrid):
timezone-set = Timezone set to { $zone }.
ask-timezone =
    🌍 One question before we show you times: which timezone are you in?

    Tap yours, or type your city (Madrid, São Paulo, New York) or a zone name (Europe/Madrid).
timezone-unknown = I don't know the timezone "{ $typed }". Type your city (like Bogota) or a zone name like America/Bogota, or press Cancel.
btn-notifications-on = 🔔 Go-online notifications: on
btn-notifications-off = 🔕 Go-online notifications: off
btn-privacy = 🔒 Privacy and my data
privacy-title =
    🔒 What PNP Live keeps about you: your Telegram name and @username, your language and timezone, when you confirmed you are 18+, your bookings with their history, your payments and your reviews.

    Performers only ever see the first name you use on Telegram, never your @username or id.
btn-privacy-export = 📦 Send me a copy (JSON)
btn-privacy-delete = 🗑 Delete my account
privacy-export-caption = 📦 Everything PNP Live keeps about you.
privacy-delete-confirm = Delete your account? Your name, @username, language, timezone, 18+ confirmation and review texts are deleted. Bookings and payments stay, anonymous, because accounting must keep them. This cannot be undone; if you write to the bot again you start as a new user.
btn-privacy-delete-yes = 🗑 Yes, delete my account
btn-privacy-keep = ↩️ Keep my account
privacy-deleted = Your account is deleted. Thank you for using PNP Live. If you write again, you start afresh.
privacy-delete-staff = Performer and admin accounts cannot be deleted here: ask an admin to remove your role first.
privacy-delete-upcoming = You have { $n ->
        [one] a booking
       *[other] { $n } bookings
    } held, paid or in progress. Cancel { $n ->
        [one] it
       *[other] them
    } in My bookings, or wait until { $n ->
        [one] it is
       *[other] they are
    } over, then delete your account.

## Browse, book and pay

# The 18+ gate; operators can replace it per language in the configuration (bot.terms).
terms = PNP Live is for adults only. By continuing you confirm that you are 18 or older and that you accept our terms: calls are private, recording is not allowed, and payments follow the cancellation policy shown when you book.
age-gate =
    🔞 Before you continue

    { $terms }
btn-accept-age = ✅ I am 18+ and accept
online-title = 🟢 Online now
# The list's title when it has more than one page.
online-title-page = 🟢 Online now ({ $page }/{ $pages })
nobody-online = Nobody is online right now. You can still schedule a call for later with these performers:
nobody-online-notify-on = 🔔 We'll message you when a performer goes online (you can switch this off below or in Settings).
nobody-online-notify-off = 🔕 Go-online notifications are off; switch them on below to hear when a performer goes online.
nobody-at-all = There are no performers yet. Check back soon!
later-title = 🗓 Performers you can schedule a call with:
btn-schedule-later = 🗓 Schedule with someone else
btn-online-list = 🟢 Who is online now
nobody-free-later = No performer has free time in the coming days. Check back soon!
# On a profile: the performer's own clock, e.g. "It is 22:10 for Valentina (Europe/Madrid)".
profile-local-time = 🕐 It is { $time } for { $name } ({ $zone })
btn-view-profile = 👤 View Profile: { $name }
btn-book = 📅 Book
btn-prev = ◀️ Prev
btn-next = Next ▶️
status-online = 🟢 Online now
status-offline = ⚪ Offline
profile-rates = Rates
profile-tags = Tags
profile-next-slots = Next free times
profile-no-slots = No free times in the coming days.
profile-no-rates = No rates yet.
times-in = Times in { $zone }
performer-gone = This performer is no longer available.
pick-rate = Book { $name }: how long?
no-rates-to-book = { $name } has not set any rates yet, so they cannot be booked.
booking-choice = { $name } · { $minutes } min · { $price }
now-or-later-online = Start now, or schedule it for later?
now-or-later-offline = They are offline now: pick a time for later.
btn-start-now = ⚡ Start now
btn-schedule = 🗓 Schedule
# The calendar of one week: $from and $to are its first and last dates.
pick-day-week = 🗓 Pick a day, { $from } – { $to } (times in { $zone }). Each day shows how many times are free.
week-empty = No free times this week.
btn-prev-week = ◀️ Previous week
btn-next-week = Next week ▶️
# $part: 0 night, 1 morning, 2 afternoon, 3 evening (in the reader's zone).
day-part =
    { $part ->
        [0] 🌙 Night
        [1] 🌅 Morning
        [2] ☀️ Afternoon
       *[3] 🌆 Evening
    }
free-count =
    { $count ->
        [one] { $count } free
       *[other] { $count } free
    }
pick-part = { $day }: { free-count }. Pick a part of the day (times in { $zone }):
pick-part-slot = { $day }, { $part } — pick a time ({ $zone }):
no-days = No free times in the booking window. Try another duration or check back later.
pick-slot = { $day } — pick a time ({ $zone }):
slot-taken = Sorry, someone else just took that time. Please pick another one.
busy-being-booked = Sorry, { $name } can't start right now: someone else is booking them this very moment. Try again in a few minutes, or pick a time.
busy-in-call = { $name } is in a call until { $until }.
busy-no-room = { $name } is online but can't fit a { $minutes }-minute call right now.
busy-next-times = Next free times
btn-other-times = 🗓 Other times
hold-unpaid-cap = You already hold { $when } with { $name } and have not paid for it yet. Pay for it first, or wait until that hold ends at { $until }; then you can hold another time.
hold-hourly-cap = You have held too many times in the last hour. You can hold a new time from { $at } ({ $zone }).
btn-pay = 💳 Pay
went-offline = They just went offline. You can schedule a time for later.
# Telegram cuts an invoice's title at 32 characters and its description at 255.
invoice-title = Private call with { $name }
starts-when-paid = starting as soon as you pay
invoice-description =
    { $minutes }-minute private video call, { $when }. The time is held for you for { $hold_minutes ->
        [one] { $hold_minutes } minute
       *[other] { $hold_minutes } minutes
    }: pay within that time to confirm it.
invoice-note =
    ⏳ Your time is held for { $hold_minutes ->
        [one] { $hold_minutes } minute
       *[other] { $hold_minutes } minutes
    }. Pay the invoice above to confirm it.
checkout-expired = Your hold on this time has expired. Please book again.
checkout-not-yours = This invoice is not valid for your account.
checkout-mismatch = The price changed. Please book again to get a new invoice.
checkout-gone = This booking can no longer be paid. Please book again.
confirmed-user =
    ✅ Booking confirmed!

    📹 { $minutes }-minute call with { $name }
    🕒 { $when }

    Tap ▶️ Join call at the time of the call. To cancel (full refund until { $cutoff_hours } h before), go to My bookings. The calendar file below adds it to your calendar.
confirmed-performer =
    📅 New booking!

    👤 { $who }
    🕒 { $when }
    ⏱ { $minutes } min
link-pending = ✅ Payment received, your booking is confirmed. Your meeting link is on its way.
late-refunded = Your payment arrived after the hold on { $when } expired, and that time was taken meanwhile. You have been refunded in full. Please pick another time.
payment-returned = We received a payment we could not match to an open booking. It is being refunded in full.
payment-mismatch-returned = Your payment of { $paid } does not match the price of this booking ({ $price }), so it was not applied and is being refunded in full. Your booking is unchanged.
hold-expired = ⌛ Your hold on { $when } with { $name } expired before payment. The time is free again.
btn-book-again = 🔁 Book again
ics-caption = 📆 Add to your calendar
btn-join-call = ▶️ Join call
ics-caption-cancel = 📆 Cancelled: this file removes the call from your calendar
ics-title-performer = PNP Live call with { $who }

## My bookings

my-bookings-title = 📅 Your bookings
my-bookings-empty = You have no bookings yet.
upcoming = Upcoming
past = Past
booking-detail =
    📹 Call with { $name }
    🕒 { $when }
    ⏱ { $minutes } min · { $price }
    Status: { $status }
btn-cancel-booking = ✖️ Cancel booking
btn-details = { $when } · { $name }
cancel-policy-refund = Cancel this booking? It is more than { $cutoff_hours } h away, so you get a full refund.
cancel-policy-unpaid = Cancel this booking? Nothing has been paid yet.
cancel-too-late = This call starts in less than { $cutoff_hours } h, so it can no longer be cancelled with a refund on your own. Open the booking to ask the performer to cancel it.
btn-confirm-cancel = ✖️ Yes, cancel it
btn-keep = ↩️ Keep it
cancelled-user-refunded = Your booking is cancelled and your payment is being refunded in full.
cancelled-user = Your booking is cancelled.

## Notices and reminders

cancelled-for-user = Your call with { $name } on { $when } was cancelled. You get a full refund.
cancelled-for-performer = ✖️ { $who } cancelled the call on { $when }. The time is free again.
# An admin cancelled a paid call (the performer was removed): to the user, then the performer.
cancelled-by-admin-for-user = 😔 We're sorry: your call with { $name } on { $when } had to be cancelled. You get a full refund.
cancelled-by-admin-for-performer = ✖️ An admin cancelled your call with { $who } on { $when }; they get a full refund.
refunded-notice = ↩️ { $amount } refunded.
# $kind: day_before, quarter_hour or start.
reminder =
    { $kind ->
        [day_before] ⏰ Tomorrow: your call with { $other }, { $when }.
        [quarter_hour] ⏰ In 15 minutes: your call with { $other }, { $when }.
       *[start] 📹 Your call with { $other } starts now. Tap ▶️ Join call.
    }
performer-no-show-user = We're sorry: { $name } did not join your call on { $when }. You are getting a full refund.
performer-no-show-performer = You did not join your call with { $who } on { $when }. It was marked as a no-show and the user was refunded.
user-no-show-user = You did not join your call with { $name } on { $when }. The performer kept the time free, so the payment is not refunded.
user-no-show-performer = { $who } did not join the call on { $when }. It is marked as a no-show; you keep the payment.

## Performer menu and the go-online notice

btn-performer-menu = 🎭 Performer menu
performer-only = Sorry, this is only for performers. If you would like to offer calls on PNP Live, ask an admin.
performer-menu-title = 🎭 Performer menu — { $name }
performer-status-online = Status: 🟢 Online — users see you in PNP Live.
performer-status-offline = Status: ⚫ Offline
btn-go-online = 🟢 Go Online
btn-go-offline = ⚫ Go Offline
btn-manage-profile = 👤 Manage Profile
btn-availability = 🗓 Availability
btn-upcoming-calls = 📅 Upcoming calls
btn-share-link = 🔗 Share my profile link
# $link: https://t.me/<bot>?start=p_<id>
share-link =
    🔗 Your profile link

    { $link }

    Anyone who opens it lands on your profile card in the bot, ready to book.
btn-share = 📤 Share
# The text Telegram's share sheet puts next to the link.
share-link-invite = Book a private video call with { $name } on PNP Live
share-link-unavailable = The link cannot be made right now (Telegram did not answer). Try again in a minute.
online-needs-rate = Add at least one rate (Manage Profile → Rates) before going online, so users can book you.
online-notifying =
    🟢 You are online. { $recipients ->
        [one] { $recipients } user is being told you are available now.
       *[other] { $recipients } users are being told you are available now.
    }
online-cooldown =
    🟢 You are online. Users were told about you less than { $cooldown ->
        [one] { $cooldown } minute
       *[other] { $cooldown } minutes
    } ago, so they are not notified again now; the next notice is possible in { $minutes_left } min (at { $at }).
broadcast-progress = 📣 Telling users you are online: { $sent } of { $total } so far.
offline-done = ⚫ You are offline. Users can still book your scheduled hours.
offline-broadcast-stopped =
    ⚫ You are offline. The go-online notice was stopped after { $sent } of { $total ->
        [one] { $total } user.
       *[other] { $total } users.
    }
upcoming-title = 📅 Upcoming calls (times in { $tz }):
upcoming-none = No upcoming calls yet.
upcoming-more = … and { $n } more.
# The go-online notice, as users get it.
broadcast-online-now = 🟢 { $name } is online now! Book a private 1-on-1 video call.
broadcast-btn-view-profile = 👤 View Profile
broadcast-btn-book = 📅 Book

## Manage Profile

manage-profile-title = 👤 Manage Profile — this is how users see you:
btn-edit-name = ✏️ Name
btn-edit-bio = 📝 Bio
btn-edit-photo = 📷 Photo
btn-edit-tags = 🏷 Tags
btn-edit-rates = 💰 Rates
btn-profile-preview = 👁 Preview
profile-saved = ✅ Saved.
no-bio-yet = (no bio yet)
no-rates-yet = no rates yet
profile-photo-set = 📷 Photo: ✅ set (see it with Preview)
profile-photo-none = 📷 Photo: none yet
preview-no-photo = 📷 No photo yet: add one in Manage Profile → Photo.
ask-display-name = Your name is now “{ $current }”. Send the name users should see (2 to 64 characters).
display-name-invalid = A name must be 2 to 64 characters, on one line. Try again, or press Cancel.
display-name-look-alike = That name looks the same as another performer's. Please choose a different one, or press Cancel.
ask-bio =
    Send your bio: who you are and what your calls are like. At most { $limit ->
        [one] { $limit } character.
       *[other] { $limit } characters.
    }
bio-too-long =
    That bio has { $length ->
        [one] { $length } character
       *[other] { $length } characters
    }; the limit is { $limit }. Shorten it and send it again, or press Cancel.
btn-clear-bio = 🗑 Clear bio
bio-expected = Send your bio as text, or press Cancel.
ask-photo = Send me a photo for your profile (as a photo, not as a file).
photo-expected = That is not a photo. Send a photo (not a file), or press Cancel.
btn-remove-photo = 🗑 Remove photo
tags-title = 🏷 Tags help users find you ({ $count } of at most { $max }). Tap a tag to switch it on or off; ➕ adds your own.
too-many-tags =
    You can have at most { $max ->
        [one] { $max } tag
       *[other] { $max } tags
    }. Switch one off first.
tag-exists = You already have the tag “{ $tag }”.
btn-add-tag = ➕ Your own tag
ask-tag = Send a tag: 2 to 24 letters, digits, spaces, - or _.
tag-invalid = A tag is 2 to 24 letters, digits, spaces, - or _. Try again, or press Cancel.
tag-gone = That tag is no longer offered.
rates-title = 💰 Your rates, in { $currency }:
rate-line = { $minutes } min — { $price }
rates-hint = Tap a rate to change its price, 🗑 to remove it.
btn-add-rate = ➕ Add rate
too-many-rates =
    You can have at most { $max ->
        [one] { $max } rate
       *[other] { $max } rates
    }. Remove one first.
ask-rate-duration = How long is the call, in minutes? From { $min } to { $max }, in steps of 5 (e.g. 30).
duration-invalid = Send a number of minutes from { $min } to { $max }, in steps of 5 (e.g. 15, 30, 60). Try again, or press Cancel.
ask-rate-price = Price of a { $minutes }-minute call, in { $currency }? (e.g. { $example })
price-not-positive = The price must be more than zero.
price-not-a-number = That is not a price: use digits, with . or , before any decimals.
price-too-high = The price can be at most { $max } { $currency }.
price-too-many-decimals =
    { $max ->
        [0] This currency has no decimals: send a whole number.
        [one] Use at most { $max } decimal.
       *[other] Use at most { $max } decimals.
    }
price-example-line = Send a price such as { $example }, or press Cancel.
rate-saved = ✅ { $minutes } min — { $price } saved.
rate-removed = 🗑 Rate removed.
rate-gone = That rate no longer exists.
telegram-stars = Telegram Stars ⭐

## Availability

availability-title = 🗓 Availability — your weekly hours, in { $tz }:
availability-hint = Tap a day to change its hours.
blocked-line = 🚫 Blocked: { $list }
special-line = 📆 Special hours: { $list }
btn-blocked-dates = 🚫 Blocked dates
btn-next-7-days = 👁 Next 7 days
btn-day-closed = Closed
btn-custom-hours = ✏️ Custom…
day-closed = closed
day-title =
    { $day }: { $current }

    Pick new hours, or ✏️ Custom to type your own. A range such as 18:00–02:00 ends the next morning.
# $day: the weekday's name as written inside a sentence.
ask-day-hours = Send the hours for { $day } as HH:MM-HH:MM, several separated by commas, e.g. 09:00-13:00, 15:00-20:00. A range may end after midnight (18:00-02:00); 00:00-24:00 is the whole day; “closed” means no hours.
hours-bad-format = I could not read “{ $piece }”. Write hours as HH:MM-HH:MM, e.g. 09:00-13:00, 15:00-20:00. Try again, or press Cancel.
hours-empty-range = “{ $piece }” starts and ends at the same time. For the whole day send 00:00-24:00. Try again, or press Cancel.
hours-overlap = Those ranges overlap. Give each part of the day once, e.g. 09:00-13:00, 15:00-20:00. Try again, or press Cancel.
hours-too-many =
    At most { $max ->
        [one] { $max } range
       *[other] { $max } ranges
    } a day. Try again, or press Cancel.
blocks-title = 🚫 Blocked dates: nobody can book you on these days.
no-blocks = No blocked dates.
blocks-hint = Tap 🗑 to unblock.
btn-add-block = ➕ Block dates
block-removed = 🗑 Unblocked.
block-gone = That block no longer exists.
ask-block-dates = Send a date to block, or a range: e.g. { $today } or { $today }..2026-12-31 (year-month-day).
block-bad-format = Write dates as year-month-day: { $today }, or a range { $today }..2026-12-31. Try again, or press Cancel.
block-in-past = That date has passed; today is { $today }. Try again, or press Cancel.
block-reversed = The end date is before the start date. Try again, or press Cancel.
block-too-long =
    A block can be at most { $max ->
        [one] { $max } day
       *[other] { $max } days
    } long. Try again, or press Cancel.
timezone-title =
    🌍 Your timezone: { $current }.
    Your weekly hours are read in this zone. Pick yours, or ✏️ Other to type any zone.
btn-other-timezone = ✏️ Other…
ask-performer-timezone = Send the name of your timezone as in the IANA list, e.g. America/Lima, Europe/Berlin or Asia/Manila.
timezone-invalid = “{ $input }” is not a timezone I know. Use a name such as America/Lima or Europe/Berlin. Try again, or press Cancel.
week-title = 👁 When a { $minutes }-minute call can be booked in the next 7 days ({ $tz }):
week-none = No free slots in the next 7 days. Set your weekly hours, or check your blocked dates.
btn-copy-weekdays = 📋 Copy Monday to weekdays
btn-copy-every-day = 📋 Copy Monday to every day
copied-weekdays = ✅ Monday's hours ({ $hours }) copied to Tuesday–Friday.
copied-every-day = ✅ Monday's hours ({ $hours }) copied to every day of the week.
btn-booking-rules = ⚙️ Booking rules
btn-special-hours = 📆 Special hours
rules-title =
    ⚙️ Booking rules (your times are in { $tz }):
    Buffer before a call: { $before }
    Buffer after a call: { $after }
    Minimum notice: { $notice }
    Booking window: { $window }
    Slot step: { $step }

    Buffers keep free time around each booked call. Minimum notice is how long before a call it can still be booked; the booking window is how many days ahead people can book; the slot step is how often a call can start. Tap one to change it.
rule-buffer-before = Buffer before a call
rule-buffer-after = Buffer after a call
rule-notice = Minimum notice
rule-window = Booking window
rule-step = Slot step
value-minutes = { $minutes } min
value-hours = { $hours } h
value-hours-minutes = { $hours } h { $minutes } min
value-days =
    { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
rule-title =
    { $name }: { $current } (times in { $tz })

    Pick a new value, or ✏️ Type a value.
btn-type-value = ✏️ Type a value…
ask-rule-minutes = Send the new value for “{ $name }” in minutes, from { $min } to { $max }: e.g. 45, or 2h for two hours.
ask-rule-days = Send the new value for “{ $name }” in days, from { $min } to { $max }: e.g. 14.
rule-bad-value = I could not read “{ $input }” as a number. Send e.g. 45 or 2h. Try again, or press Cancel.
rule-out-of-range = “{ $name }” must be from { $min } to { $max }. Try again, or press Cancel.
rule-saved = ✅ { $name }: { $value }. Your free times follow at once.
overrides-title = 📆 Special hours on a date, in { $tz }: on these dates these hours replace the weekly ones.
no-overrides = No special hours.
overrides-hint = Tap 🗑 to remove one.
btn-add-override = ➕ Add special hours
ask-override-date = Send the date for special hours as year-month-day, e.g. { $today } (today in { $tz }).
override-bad-date = Write the date as year-month-day, e.g. { $today }. Try again, or press Cancel.
override-in-past = That date has passed; today is { $today } in { $tz }. Try again, or press Cancel.
override-too-far = Special hours can be set at most { $max } days ahead. Try again, or press Cancel.
ask-override-hours = Send the hours for { $date } ({ $tz }) as HH:MM-HH:MM, e.g. 10:00-14:00, several separated by commas; “closed” means no calls that day.
override-saved = ✅ Special hours on { $date }: { $hours }.
override-removed = 🗑 Special hours removed.
override-gone = Those special hours no longer exist.

## Admin

btn-roles = 👥 Roles
admin-refused = Sorry, this is only for admins.
superadmin-only = Only superadmins can change who is an admin.
admin-title = Admin panel
admin-figures-today = Today (since 00:00, { $zone })
admin-figures-week = This week (since { $monday })
admin-figures = 📊 { $period }: { $bookings } bookings ({ $statuses }) · { $taken } ⭐ taken · { $refunded } ⭐ refunded · { $no_shows } no-shows
admin-figures-live = 🟢 { $online } performers online · 📣 { $waiting } notices waiting to go out
btn-add-performer = ➕ Add performer
btn-remove-performer = ➖ Remove performer
btn-add-admin = ➕ Add admin
btn-remove-admin = ➖ Remove admin
roles-performers = Performers
roles-admins = Admins
roles-none = (none)
ask-role-target =
    Send me their @username, their numeric Telegram id, or forward me a message of theirs.

    They must have opened this bot at least once.
target-hidden = That person hides their account when forwarded, so I can't tell who they are. Send their @username or numeric id instead.
target-invalid = That is not a @username, a numeric id or a forwarded message. Try again, or press Cancel.
target-unknown = I don't know { $who } yet: they must open this bot and press Start first. Try again, or press Cancel.
choose-to-remove = Whom should I remove?
nobody-to-remove = There is nobody with that role.
# $role: performer or admin.
# Shown before a role changes: the person as the bot knows them, so a stale @username is caught.
confirm-grant =
    Make this person { $role ->
        [admin] an admin
       *[performer] a performer
    }?

    { $name }
    Telegram id: { $id }
confirm-revoke =
    Remove { $role ->
        [admin] the admin
       *[performer] the performer
    } role from this person?

    { $name }
    Telegram id: { $id }
btn-confirm = ✅ Confirm
# On the confirm screen of a performer's removal: $count upcoming paid bookings of $name.
revoke-paid-bookings =
    { $count ->
        [0] { $name } has no upcoming paid bookings.
        [one] ⚠️ { $name } has 1 upcoming paid booking; it will be cancelled and refunded in full, and the user told.
       *[other] ⚠️ { $name } has { $count } upcoming paid bookings; they will be cancelled and refunded in full, and the users told.
    }
    Their profile goes offline and is hidden from users.
# After a performer's removal: $count bookings were cancelled.
performer-retired =
    { $count ->
        [0] No paid bookings needed cancelling.
        [one] 1 upcoming paid booking was cancelled and refunded in full; the user was told.
       *[other] { $count } upcoming paid bookings were cancelled and refunded in full; the users were told.
    } The profile is offline and hidden.
role-granted =
    ✅ { $who } is now { $role ->
        [admin] an admin.
       *[performer] a performer.
    }
role-already =
    { $who } already is { $role ->
        [admin] an admin.
       *[performer] a performer.
    }
role-removed =
    ✅ { $who } is no longer { $role ->
        [admin] an admin.
       *[performer] a performer.
    }
role-not-held =
    { $who } was not { $role ->
        [admin] an admin.
       *[performer] a performer.
    }
adding =
    { $role ->
        [admin] Adding an admin.
       *[performer] Adding a performer.
    }
you-were-granted =
    { $role ->
        [admin] 🛠 You are now an admin of PNP Live. Send /admin to open the admin panel.
       *[performer] 🎉 You are now a performer on PNP Live. Send /pnp_live to set up your profile and go online.
    }
you-were-revoked =
    { $role ->
        [admin] Your admin role on PNP Live has been removed.
       *[performer] Your performer role on PNP Live has been removed.
    }
admin-refund-due = ⚠️ A refund of { $amount } to { $who } must be made at the payment provider (charge { $charge }).
admin-refund-failed = ⚠️ A refund of { $amount } to { $who } failed { $attempts } times and will not be tried again: make it by hand (charge { $charge }).
admin-room-failed = ⚠️ Could not create the video room for booking { $booking }: { $error }. It will be retried.
admin-link-undelivered = ⚠️ { $name } has blocked the bot and did not get the link for the call on { $when }. The link goes out as soon as they write to the bot again; if they do not join, the user is refunded as for a no-show.
admin-payment-returned = ℹ️ A payment of { $amount } for booking { $booking } could not be honoured and is being returned.
admin-payment-mismatch = ⚠️ A payment of { $paid } from { $who } (charge { $charge }) did not match booking { $booking } ({ $price }). It was not applied and is being refunded.
performer-no-show-admin = 🚫 No-show: performer { $name } missed the call with { $who } on { $when }; the user is refunded.

## Did the call take place? (providers without join events)

call-happened-question = How was your call with { $name } on { $when }? Did it take place?
btn-call-held = ✅ Yes, it did
btn-call-missed = ❌ No, { $name } didn't come
call-held-thanks = Thanks! Glad it went well.
dispute-too-late = This call can no longer be reported here. If something went wrong, see /help.
dispute-already = You have already reported this call; an admin is looking at it.
dispute-opened-user = Sorry to hear that. We have asked { $name }, and an admin will decide; you will hear from us here. If it is settled for you, you get a full refund.
dispute-ask-performer = ⚖️ { $who } says your call on { $when } did not take place. Did it?
btn-dispute-held = ✅ It took place
btn-dispute-missed = ↩️ It didn't: refund them
dispute-performer-noted = Thanks, noted. An admin will decide.
dispute-performer-refunded = Thanks. { $who } is being refunded in full.
dispute-admin = ⚖️ Dispute: { $who } says the call with { $name } on { $when } ({ $amount }) did not take place. Booking { $booking }.
btn-settle-refund = ↩️ Refund
btn-settle-keep = ✔️ Keep payment
dispute-admin-performer-held = ⚖️ { $name } says the disputed call took place (booking { $booking }). It waits for an admin.
dispute-admin-performer-refunded = ⚖️ { $name } agreed the call did not take place; the user is refunded (booking { $booking }).
# $outcome: refund or keep.
dispute-settled = ⚖️ Settled: { $outcome ->
        [refund] the user is refunded in full.
       *[keep] the payment stays with the performer.
    }
dispute-settled-already = This dispute is already settled.
dispute-refunded-user = ⚖️ We looked at your report of the call with { $name } on { $when }: you get a full refund.
dispute-kept-user = ⚖️ We looked at your report of the call with { $name } on { $when }: it counts as held, so the payment stays with the performer.
dispute-kept-performer = ⚖️ { $who }'s report of the call on { $when } was reviewed: it counts as held.

## Reviews (bot::user::review)
review-question = ⭐ Rate your call with { $name } on { $when }: tap 1 to 5 stars.
review-reminder = ⭐ A reminder: rate your call with { $name } on { $when }, tap 1 to 5 stars.
review-saved = Thank you! You gave { $stars }. Would you like to add a few words?
btn-review-words = ✍️ Add a few words
btn-review-skip = Skip
review-words-prompt = Send a few words about the call (up to { $max } characters). Only your first name is shown with them.
review-text-empty = There are no words in that to show. Send a few words, or tap Skip.
review-thanks = Thank you for your review!
review-already = You have already reviewed this call.
review-not-allowed = This call cannot be reviewed.
profile-reviews = Reviews
profile-no-reviews = no reviews yet

## Earnings and reviews (bot::performer::earnings)
btn-earnings = 💰 Earnings
btn-my-reviews = ⭐ My reviews
earnings-title = 💰 Your earnings, after the { $percent }% platform commission:
earnings-block =
    • This week: { $week }
    • This month: { $month }
    • All time: { $all }
    • Owed to you since the last payout: { $owed }
earnings-last-payout = Last payout: { $when }
earnings-no-payout = No payout yet.
earnings-none = No earnings yet: completed calls show up here.
my-reviews-title = ⭐ Your reviews: { $badge }
my-reviews-none = No reviews yet.

## Payouts and reviews (bot::admin::payouts, bot::admin::reviews)
btn-payouts = 💸 Payouts
btn-admin-reviews = ⭐ Reviews
payouts-title = 💸 Owed to performers:
payouts-none = Nobody is owed anything right now.
payout-card = { $name }
    Owed: { $owed }
    Last payout: { $last }
payout-never = never
btn-mark-paid = ✅ Mark { $amount } paid
payout-ask-reference = Recording a payout of { $amount } to { $name }. Send the payment reference (a transfer id or a note).
payout-recorded = ✅ Recorded: { $amount } paid to { $name }, reference “{ $reference }”.
payout-changed = What { $name } is owed changed meanwhile (another admin recorded a payout, or a call was completed or refunded). Nothing was recorded; look again.
payout-reference-empty = Send the reference as text.
payout-performer-told = 💸 A payout of { $amount } was recorded for you. Reference: { $reference }
admin-reviews-title = ⭐ Latest reviews ({ $total }):
admin-reviews-none = No reviews yet.
btn-hide-review = 🙈 Hide #{ $n }
review-hidden-done = Review hidden.
review-hidden-mark = (hidden)
## Cancellations by the performer or an admin, and cancel requests inside the cut-off.
btn-book-someone-else = 🔎 Book someone else
# A performer cancelled a paid call: to the user.
cancelled-by-performer-for-user = 😔 We're sorry: { $name } had to cancel your call on { $when }. You get a full refund of { $amount }.
# To the admins when a performer cancels a paid call; $count counts this one.
admin-performer-cancelled = ⚠️ { $name } cancelled the paid call with { $who } on { $when } (#{ $booking }); the user gets a full refund. { $name } has cancelled { $count ->
        [one] 1 call
       *[other] { $count } calls
    } in the last 30 days.
btn-open-booking = 🧾 Open booking
# The performer's card of one upcoming call; $who is the user's chosen name.
performer-call-card =
    📞 Call with { $who }
    🗓 { $when } · { $minutes } min · { $price }
    Status: { $status }
performer-call-request-open = 📨 { $who } asked you to cancel this call. It is inside the { $cutoff_hours } h cut-off, so without your agreement there is no refund. Accept to refund them in full, or decline and the call stays on.
btn-cancel-call = ✖️ Cancel this call
performer-cancel-confirm = Cancel your call with { $who } on { $when }? { $who } gets a full refund of { $amount } and an apology. Admins see how many calls performers cancel.
btn-confirm-cancel-call = ✖️ Yes, cancel the call
btn-keep-call = ↩️ Keep it
performer-cancelled = ✖️ Your call with { $who } on { $when } is cancelled. They get a full refund and have been told.
call-already-cancelled = This call was already cancelled; nothing changed.
call-moved-on = This call can no longer be changed here: it is { $status }.
# The user asks, inside the cut-off.
btn-ask-performer-cancel = 📨 Ask { $name } to cancel
cancel-request-policy = This call starts in less than { $cutoff_hours } h, so it can no longer be cancelled with a refund on your own. You can ask { $name } to cancel it: if { $name } accepts, you get a full refund; if { $name } declines or does not answer before the call starts, the booking stays and, per the policy, nothing is refunded.
btn-send-cancel-request = 📨 Send the request to { $name }
cancel-request-sent = 📨 Your request went to { $name }. If accepted, your call on { $when } is cancelled with a full refund; if declined or unanswered before the start, the booking stays and, per the policy (no refund within { $cutoff_hours } h of the start), nothing is refunded. We'll tell you the answer.
cancel-request-already-sent = You already asked { $name } to cancel; the request is waiting for an answer. It was sent once.
cancel-request-waiting = 📨 You asked { $name } to cancel. Waiting for the answer until the call starts; per the policy (no refund within { $cutoff_hours } h of the start), unanswered means no refund.
cancel-request-was-declined = { $name } declined your request to cancel; the booking stays and, per the policy (no refund within { $cutoff_hours } h of the start), nothing is refunded.
cancel-request-was-lapsed = Your request to cancel got no answer from { $name } before the start, so it lapsed; per the policy (no refund within { $cutoff_hours } h of the start), nothing is refunded.
booking-already-cancelled = This booking was already cancelled; nothing changed. Any refund owed is on its way.
# To the performer: a user's request, with the buttons to answer.
cancel-request-performer = 📨 { $who } asks you to cancel the call on { $when } ({ $amount }). It is inside the { $cutoff_hours } h cut-off: if you accept, they get a full refund; if you decline, the call stays on and nothing is refunded. Without an answer by the start, the request lapses and the call stays.
btn-accept-cancel = ✅ Accept — full refund
btn-decline-cancel = ❌ Decline
request-accepted-performer = ✅ You accepted: the call with { $who } on { $when } is cancelled and they get a full refund. This does not count as your cancellation.
request-declined-performer = You declined: the call with { $who } on { $when } stays on. They have been told that, per the policy (no refund within { $cutoff_hours } h of the start), nothing is refunded.
request-already-accepted = You already accepted this request; the call is cancelled.
request-already-declined = You already declined this request; the call stays on.
request-already-lapsed = This request lapsed when the call started; the call stays as booked.
request-none = There is no open cancel request for this call.
cancel-request-lapsed-performer = The request from { $who } to cancel the call on { $when } got no answer before the start and lapsed: the call stays as booked.
# The outcome, to the user.
cancel-request-accepted-user = ✅ { $name } accepted your request: your call on { $when } is cancelled and you get a full refund of { $amount }.
cancel-request-declined-user = { $name } declined your request to cancel the call on { $when }. The booking stays and, per the policy (no refund within { $cutoff_hours } h of the start), nothing is refunded. You can still join at the time.
cancel-request-lapsed-user = Your request to cancel the call on { $when } got no answer from { $name } before the start, so it lapsed. The booking stays and, per the policy (no refund within { $cutoff_hours } h of the start), nothing is refunded.
## Admin → Bookings.
btn-admin-bookings = 🧾 Bookings
admin-bookings-ask = 🧾 Which booking? Send its id (the 8 characters after # on a booking card, or the whole id), or the @username or Telegram id of a user or performer.
admin-bookings-none = Nothing found for “{ $query }”.
admin-bookings-empty = No bookings found.
admin-bookings-results = 🧾 { $count } bookings, newest first (page { $page }/{ $pages }; times in { $zone }):
btn-find-booking = 🔎 Find another booking
admin-booking-card =
    🧾 Booking #{ $booking }
    { $id }
    Status: { $status }
    User: { $user }
    Performer: { $performer } — { $account }
    Cancelled by the performer in the last 30 days: { $cancellations }
    🗓 { $when } · { $minutes } min · { $price }
    Payment: { $payment }
# $state: open, accepted, declined, lapsed, or unanswered (open on a booking that ended).
admin-booking-request = Cancel request: { $state } (asked { $when })
admin-booking-history = History (times in { $zone }):
admin-payment-none = none
admin-payment-paid = { $amount } paid
admin-payment-refund-pending = { $amount }, refund under way
admin-payment-refund-due = { $amount }, refund to be made by hand
admin-payment-refunded = { $amount }, refunded { $when }
btn-admin-cancel-refund = ✖️ Cancel and refund
admin-cancel-confirm = Cancel booking #{ $booking } of { $user } with { $performer }? A paid booking is refunded in full ({ $amount }); both sides are told, the user with an apology.
btn-admin-confirm-cancel = ✖️ Yes, cancel and refund
admin-cancelled = ✖️ Cancelled; any payment is being refunded in full and both sides were told.
admin-cancel-too-late = This booking can no longer be cancelled (it moved on meanwhile); nothing changed.
cancel-call-started = This call has already started, so it can no longer be cancelled.
## Moving a booking (reschedule)

btn-reschedule = 🔁 Reschedule
move-picking = 🔁 Pick a new time for your { $minutes }-minute call with { $name }, now on { $when }. Same length and price.
move-confirm =
    🔁 Move your call with { $name }?

    From: { $from }
    To: { $to }

    Same length ({ $minutes } min) and price. You both get the new time and a new calendar file.
btn-confirm-move = ✅ Yes, move it
btn-other-time = 🗓 Another time
move-done = ✅ Moved! Your call with { $name } is now on { $when }. Your new link and calendar file follow.
move-too-late = This call starts in less than { $cutoff_hours } h, so it can no longer be moved. If something came up, message the performer.
move-limit = This booking was already moved as often as allowed ({ $max } times). You can still cancel it under the cancellation policy.
move-not-possible = This booking is { $status } and can no longer be moved.
move-slot-taken = Sorry, that time was just taken. Your call stays on { $when }.
cancel-moved-meanwhile = Nothing was cancelled: this booking was moved meanwhile and is now on { $when }. Look at it again before you cancel.
moved-user =
    🔁 Your call is moved!

    📹 { $minutes }-minute call with { $name }
    Was: { $from }
    Now: { $to }

    Your link below works at the new time; the calendar file below updates your calendar.
moved-performer =
    🔁 Call moved

    👤 { $who }
    Was: { $from }
    Now: { $to }
    ⏱ { $minutes } min
# The performer proposed other times; the user's message and screen.
proposal-for-user = 🔁 { $name } asks to move your call on { $when }. Pick one of these times (in { $zone }), keep yours, or decline and get a full refund.
btn-keep-original = ↩️ Keep the original time
btn-decline-proposal = ✖️ Decline (full refund)
btn-see-proposals = 📨 Times proposed by { $name }
decline-ask = Decline the times { $name } proposed? Your call on { $when } is cancelled and you get a full refund.
btn-confirm-decline = ✖️ Yes, cancel with a full refund
proposal-kept = OK, your call stays on { $when }.
proposal-kept-for-performer = { $who } keeps the original time of the call: { $when }.
proposal-gone = These proposed times are no longer open: the booking changed meanwhile.
move-declined-for-performer = ✖️ { $who } declined the times you proposed: the call on { $when } is cancelled and they get a full refund. The time is free again.
# The performer's side.
btn-propose-times = 🔁 Propose new times
propose-list = 🔁 Which call do you want to move? You propose up to three of your free times; the user picks one, keeps theirs, or declines with a full refund. Times in { $tz }.
propose-none = No confirmed calls that can still be moved.
propose-days = 🔁 New times for the call with { $who } on { $when }: pick a day, then up to three times. Picked: { $count }/3. Times in { $tz }.
propose-day = 🔁 { $day }: tap up to three times (✅ = picked). Picked: { $count }/3. Times in { $tz }.
propose-no-days = You have no free time of that length in the next two weeks.
btn-send-proposal = 📨 Send to { $who } ({ $count })
propose-full = Up to three times.
propose-sent = 📨 Sent to { $who }: { $times }. You'll be told which one they pick.
propose-too-late = This call starts in less than { $cutoff_hours } h: it can no longer be moved.
propose-limit = This call was already moved as often as allowed ({ $max } times).
propose-open = You already proposed times for this call: { $times }. The user has not answered yet.
move-link-pending = 🔁 Your call is moved to { $when }. Your new call link is on its way.

# Start now with the performer's acceptance (bookings.start_now_needs_acceptance).
start-now-asking = Asking { $name } to start now… They have { $seconds } seconds to accept. The invoice comes as soon as they do.
btn-withdraw-request = ✖️ Withdraw the request
start-now-declined-user = { $name } can't take the call right now. Nothing was charged.
start-now-no-answer-user = { $name } didn't answer in time, so the call isn't happening now. Nothing was charged.
start-now-request-performer = 📞 { $who } wants a { $minutes }-minute call now ({ $amount }). Accept within { $seconds } seconds, or it lapses.
btn-accept-start-now = ✅ Accept
btn-decline-start-now = ❌ Decline
start-now-expired-performer = { $who }'s request to start a call now expired unanswered.
start-now-withdrawn-performer = { $who } withdrew their request to start a call now.
start-now-withdrawn-after-accept-performer = { $who } withdrew their request after you accepted it, before paying: the call is off and your time is free again.
start-now-unpaid-after-accept-performer = The call with { $who } you accepted is off: it was not paid, and your time is free again.
start-now-accepted-performer = ✅ You accepted { $who }'s call. They have been sent the invoice; you get the link as soon as they pay.
start-now-declined-performer = You declined { $who }'s call. They have been told.
start-now-late-performer = Too late: { $who }'s request expired before you answered. They have been told and offered other times.
start-now-already-declined = You already declined { $who }'s request.
start-now-already-accepted = You already accepted { $who }'s request.
# Sent once when someone sends updates faster than the per-person limit (also a button toast).
slow-down = Slow down a little — try again in a few seconds.

# Admin → Users: find a person, their card, ban and unban.
btn-admin-users = 👤 Users
btn-find-user = 🔎 Find someone else
btn-ban = ⛔ Ban
btn-unban = ✅ Unban
btn-confirm-ban = ⛔ Confirm ban
admin-users-ask = Whom? Send their @username or Telegram id.
admin-users-none = Nobody found for { $query }.
admin-user-card = { $name }
    Roles: { $roles }
    Bookings: { $bookings }
    Reports about them: { $reports } ({ $reports_new } not handled)
    Strikes (reports acted on): { $strikes }
admin-user-banned = ⛔ Banned since { $when } by { $by }. Reason: { $reason }
admin-user-not-banned = Not banned.
admin-ban-ask-reason = Why is { $name } banned? Type the reason (only admins see it).
admin-ban-reason-empty = A reason is required. Type it, or Cancel.
admin-ban-confirm = Ban { $name }?
    Reason: { $reason }

    Their unpaid holds are released, their paid upcoming bookings (as user or performer) are cancelled and refunded in full, a performer is taken offline and hidden, and they get no broadcasts.
admin-ban-done = { $name } is banned. Bookings released or cancelled: { $count }.
admin-unban-done = { $name } is no longer banned.
admin-ban-unchanged = Nothing changed: it was already so.
admin-ban-refused = You cannot ban or unban this person: superadmins are never banned, only superadmins ban or unban admins, and nobody bans themselves.
# What a banned person's messages and taps get (at most once a minute).
you-are-banned = Your account has been blocked from using this bot.

## Reports (bot/user/report.rs, bot/admin/reports.rs)
btn-report = 🚩 Report
btn-report-user = 🚩 Report { $who }
btn-past-call = Past: { $when } · { $who }
report-reason =
    { $reason ->
        [no_show] Did not show up
        [rude] Rude
        [inappropriate] Inappropriate
        [scam] Scam
       *[other] Something else
    }
report-ask-reason = 🚩 What happened? Pick the closest reason.
report-words-prompt = Add a few words for the admins (up to { $max } characters), or Skip.
report-thanks = Thanks, an admin will look at it.
report-not-allowed = This cannot be reported from here.
report-admin-alert = 🚩 New report #{ $id }: { $reason }.
btn-open-report = Open the report
btn-admin-reports = 🚩 Reports ({ $count } new)
admin-reports-title = 🚩 Reports, newest first:
admin-reports-none = 🚩 No reports yet.
admin-report-card =
    🚩 Report #{ $id } ({ $when })
    From: { $reporter }
    About: { $reported }
    Booking: { $booking }
    Reason: { $reason }
    Words: { $text }
admin-report-new = 🆕 Not handled yet.
admin-report-done = ✅ Handled by { $by } ({ $when }): { $action }
btn-report-handle = ✅ Mark handled
btn-report-no-action = No action needed
btn-report-reported-card = 👤 Their admin card
report-no-action = No action needed
admin-report-ask-action = What was done? Type the action taken, or tap No action needed.
admin-report-handled = ✅ Marked handled.
admin-report-unchanged = Nothing changed: it was already handled.
# Admin → Audit
btn-admin-audit = 📜 Audit
admin-audit-title = 📜 Audit log ({ $total }), newest first:
admin-audit-none = 📜 No admin actions recorded yet.
audit-line = { $who }: { $what } { $target }
audit-ban = banned
audit-unban = lifted the ban of
audit-grant = granted a role to
audit-revoke = removed a role from
audit-payout = recorded a payout to
audit-hide-review = hid a review by
btn-admin-refund-only = ↩️ Refund without cancelling
admin-refund-confirm-stars = Refund booking #{ $booking } of { $user } in full ({ $amount }) without cancelling it? Telegram refunds a Stars payment only whole, so there is no partial refund. The booking keeps its status, the performer's earnings for it are reversed, and the user is told.
admin-refund-confirm-provider = Refund booking #{ $booking } of { $user } ({ $amount }) without cancelling it? Telegram cannot refund this currency: the refund is recorded as due, to be made in full at the provider. The booking keeps its status and the performer's earnings for it are reversed.
btn-admin-confirm-refund = ↩️ Yes, refund in full
admin-refunded = ↩️ Refund made (or recorded as due); the booking keeps its status.
admin-refund-not-possible = This payment can no longer be refunded here (already refunded, or the booking moved on); nothing changed.
audit-refund = refunded without cancelling the booking of
audit-cancel = cancelled and refunded the booking of
audit-settle = settled the dispute of
audit-report-handled = handled a report about

## Mini App
miniapp-menu-button = 📅 Book
app-loading = Loading…
app-error-reopen = This page has expired. Close it and open it again from the bot.
app-error-generic = Something went wrong. Try again.
app-back = Back
app-hello = Hi, { $name }!

## Admin: strikes, limits, reviews shown again
admin-user-limits = 🚧 Limits hit in the last 7 days: { $list }
admin-user-limits-none = 🚧 No limits hit in the last 7 days.
limit-unpaid-holds = unpaid holds
limit-holds-per-hour = holds per hour
limit-update-rate = too many messages
admin-figures-limits = 🚧 Ran into a limit today: { $people }
admin-figures-limits-none = 🚧 Nobody ran into a limit today.
admin-figures-limits-more = { " " }and { $count } more
btn-unhide-review = 👁 Show #{ $n }
review-unhidden-done = Review shown again.
audit-unhide-review = showed again a review by
# Mini App → user screens
btn-pick-on-calendar = 📅 Pick on a calendar
app-user-not-found = That booking is not one of yours.
app-user-home-performers = 🔥 PNP Live
app-user-home-bookings = 📋 My bookings
app-user-performers-title = Performers
app-user-none = Nobody can be booked right now. Check again later.
app-user-from = from { $price }
app-user-rating = ⭐ { $average } ({ $count })
app-user-no-rating = No reviews yet
app-user-rates = Rates
app-user-next-slots = Next free times
app-user-no-slots = No free times in the next days.
app-user-pick-time = 📅 Pick a time
app-user-rate-pick = How long?
app-user-calendar-title = { $name } · { $minutes } min
app-user-times-in = Times in { $zone }
app-user-performer-zone = { $name } lives in { $zone }.
app-user-month-empty = No free times this month.
app-user-prev-month = ‹ Previous
app-user-next-month = Next ›
app-user-pick-day = Pick a day with free times.
app-user-hold = Hold { $when } and pay
app-user-held = Held for you until { $until }. Pay to confirm it.
app-user-paid = Paid! Your booking is confirmed; the call link comes in the chat.
app-user-not-paid = Not paid yet. The time stays held for you until { $until }.
app-user-age-accept = I am 18+ and accept
app-user-bookings-title = My bookings
app-user-bookings-empty = You have no bookings yet.
app-user-upcoming = Upcoming
app-user-past = Past
app-user-join = ▶️ Join call
app-user-pay = 💳 Pay
app-user-reschedule = 🔁 Reschedule
app-user-cancel = ✖️ Cancel
app-user-confirm-cancel = ✖️ Yes, cancel it
app-user-keep = ↩️ Keep it
app-user-move-title = A new time for your call with { $name } (now { $when })
app-user-move-to = Move to { $when }
app-user-moved = Moved to { $when }.
app-user-zone-saved = Your timezone is now { $zone }.
## Mini App: performer screens
app-perf-btn-edit-week = 🗓 Edit my week
app-perf-menu-week = 🗓 My week
app-perf-menu-calendar = 📆 Blocked dates and special hours
app-perf-menu-preview = 👀 My next 14 days
app-perf-menu-profile = 🎭 My profile
app-perf-menu-earnings = 💰 My earnings
app-perf-week-title = 🗓 My week
app-perf-week-hint = Tap or drag over the half-hours when you take calls; tap or drag over painted ones to clear them. Times in { $zone }.
app-perf-week-save = Save my week
app-perf-saved = ✅ Saved.
app-perf-calendar-title = 📆 Blocked dates and special hours
app-perf-calendar-hint = Tap a date to block it or give it special hours. Dates in { $zone }.
app-perf-legend-blocked = Blocked
app-perf-legend-special = Special hours
app-perf-day-blocked = ⛔ Blocked: { $from } – { $to }
app-perf-day-open = Your weekly hours apply on this date.
app-perf-day-special = Special hours: { $hours }
app-perf-block-until = Block until (inclusive)
app-perf-block = ⛔ Block these dates
app-perf-unblock = Remove this block
app-perf-special-label = Special hours on this date (e.g. 10:00-14:00, or closed)
app-perf-special-save = Save special hours
app-perf-special-remove = Remove special hours
app-perf-preview-title = 👀 My next 14 days, as users see them
app-perf-preview-hint = Free start times for a { $minutes }-minute call, in { $zone } (users see them in their own zone).
app-perf-preview-length = Call length
app-perf-preview-no-rates = You have no rates yet, so nobody can book you. Add one in the chat: /pnp_live → Manage Profile → Rates.
app-perf-profile-title = 🎭 My profile
app-perf-name = Display name
app-perf-bio = Bio ({ $count }/{ $max })
app-perf-tags = Tags ({ $count }/{ $max })
app-perf-add-tag = Another tag
app-perf-add = Add
app-perf-preview-card = As users see it
app-perf-no-bio = No bio yet.
app-perf-no-rates = No rates yet.
app-perf-rate = { $minutes } min · { $price }
app-perf-photo-set = 📷 Photo set (change it in the chat).
app-perf-photo-none = 📷 No photo yet: send one in the chat (/pnp_live → Manage Profile → Photo).
app-perf-rates-title = Rates
app-perf-rates-hint = One price per call length ({ $min }–{ $max } min, up to { $count } lengths). Saving a length again changes its price.
app-perf-rate-minutes = Minutes
app-perf-rate-price = Price ({ $currency })
app-perf-rate-save = Save rate
app-perf-rate-remove = Remove
app-perf-rate-removed = Rate removed.
app-perf-profile-save = Save profile
app-perf-earnings-title = 💰 My earnings
app-perf-earnings-hint = After the platform's { $percent }% commission. Weeks start on Monday in { $zone }.
app-perf-earnings-week = This week
app-perf-earnings-month = This month
app-perf-earnings-all = All time
app-perf-earnings-owed = Owed to you now
app-perf-earnings-last-payout = Last payout: { $when }
app-perf-earnings-no-payout = No payout yet.
app-perf-earnings-none = No earnings yet: they appear after your first completed call.

## Mini App: admin screens
app-admin-menu-dashboard = 📊 Dashboard
app-admin-menu-bookings = 📋 Bookings
app-admin-dashboard-title = 📊 Dashboard
app-admin-today = Today (since midnight, { $zone })
app-admin-week = This week (since Monday, { $zone })
app-admin-bookings-count = Bookings
app-admin-stars-taken = Stars taken
app-admin-stars-refunded = Stars refunded
app-admin-no-shows = No-shows
app-admin-online = Performers online
app-admin-waiting = Notices waiting to go out
app-admin-bookings-title = 📋 Bookings
app-admin-filter-status = Status
app-admin-filter-performer = Performer
app-admin-filter-user = User (@username or Telegram id)
app-admin-filter-date = Starting on
app-admin-filter-any = Any
app-admin-filter-apply = Apply
app-admin-results = { $total } found · page { $page } of { $pages } · times in { $zone }
app-admin-none = No booking matches these filters.
app-admin-prev = ‹ Previous
app-admin-next = Next ›
app-admin-bad-date = Write the date as year-month-day, e.g. 2026-12-24.
app-admin-booking-title = Booking #{ $id }
app-admin-when = When
app-admin-user = User
app-admin-performer = Performer
app-admin-price = Price
app-admin-payment = Payment
app-admin-payment-none = No payment.
app-admin-pay-paid = Paid { $amount }
app-admin-pay-refund-pending = Refund of { $amount } under way
app-admin-pay-refund-due = Refund of { $amount } due at the provider
app-admin-pay-refunded = Refunded { $amount }
app-admin-review = Review
app-admin-review-hidden = (hidden)
app-admin-review-not-shown = That review is already hidden; nothing changed.
app-admin-history = History (times in { $zone })
app-admin-banned = ⛔ banned
app-admin-action-cancel = ❌ Cancel and refund
app-admin-action-refund = ↩️ Refund without cancelling
app-admin-action-hide = 🙈 Hide the review
app-admin-action-ban = ⛔ Ban the user
app-admin-confirm-cancel = Cancel booking #{ $id } and refund { $amount } in full? Both sides are told, the user with an apology.
app-admin-confirm-refund = Refund booking #{ $id } in full ({ $amount }) without cancelling it? The booking keeps its status, the performer's earnings for it are reversed, and the user is told.
app-admin-confirm-hide = Hide this review? It is kept, but nobody sees it any more.
app-admin-confirm-ban = Ban { $name }? Their unpaid holds are released and their paid upcoming calls are cancelled and refunded in full.
app-admin-ban-reason = Reason (required; only admins see it)
app-admin-yes = Yes, do it
app-admin-no = No, go back
app-admin-status = Status
app-role-performer = Performer
app-role-admin = Admin
