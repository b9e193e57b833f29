# PNP Live, português do Brasil (informal, "você"): as mesmas mensagens e variáveis que
# locales/en/pnp_live.ftl.

## Core: language, dates, booking status

language-name = Português (Brasil)

# $weekday: 1 = segunda … 7 = domingo; $month: 1 = janeiro … 12 = dezembro.
# Em minúscula, como se escrevem no meio de uma frase.
weekday =
    { $weekday ->
        [1] segunda-feira
        [2] terça-feira
        [3] quarta-feira
        [4] quinta-feira
        [5] sexta-feira
        [6] sábado
       *[7] domingo
    }
weekday-short =
    { $weekday ->
        [1] seg
        [2] ter
        [3] qua
        [4] qui
        [5] sex
        [6] sáb
       *[7] dom
    }
month-short =
    { $month ->
        [1] jan
        [2] fev
        [3] mar
        [4] abr
        [5] mai
        [6] jun
        [7] jul
        [8] ago
        [9] set
        [10] out
        [11] nov
       *[12] dez
    }
date-short = { weekday-short } { $day } { month-short }
date-year = { date-short } { $year }
date-time = { date-short }, { $time }
date-time-zone = { $when } ({ $zone })
time-zone = { $time } ({ $zone })
duration-min = { $minutes } min

booking-status =
    { $status ->
        [awaiting_performer] ⏳ aguardando a pessoa
        [draft] rascunho
        [held] ⏳ aguardando pagamento
        [awaiting_payment] ⏳ aguardando pagamento
        [confirmed] ✅ confirmada
        [in_progress] 📹 em andamento
        [completed] ✔️ concluída
        [cancelled] ✖️ cancelada
        [expired] ⌛ expirada
        [refunded] ↩️ reembolsada
        [no_show] 🚫 não compareceu
       *[other] outro
    }

## Core: main menu, help, commands

btn-pnp-live = 🎥 PNP Live
btn-my-bookings = 📅 Minhas reservas
btn-settings = ⚙️ Configurações
btn-help = ❓ Ajuda
btn-back = ⬅️ Voltar
btn-main-menu = 🏠 Menu principal
btn-cancel = ✖️ Cancelar
btn-admin = 🛠 Administração
welcome =
    Boas-vindas ao PNP Live, { $name }! 👋
    Reserve videochamadas privadas 1 a 1 com nossos performers.
main-menu-title = O que você quer fazer?
deep-link-invalid = ⚠️ Esse link não é mais válido.
unknown-input = Não entendi. Escolha uma opção do menu:
input-cancelled = Cancelado.
nothing-to-cancel = Não há nada para cancelar: você não estava digitando uma resposta. Aqui está o menu:
expired-button = Este botão não vale mais. Aqui está o menu de novo:
help =
    Com o PNP Live você reserva videochamadas privadas 1 a 1 com performers.

    • PNP Live — veja quem está online agora, confira os perfis e reserve uma chamada.
    • Minhas reservas — suas chamadas futuras e passadas, com os links.
    • Configurações — idioma, fuso horário e avisos de quando alguém fica online.

    Comandos:
    /start — menu principal
    /help — esta ajuda
    /bookings — minhas reservas
    /settings — idioma, fuso horário, avisos
    /cancel — parar o que você está digitando
help-performer = Performers: /pnp_live abre o seu menu de performer.
help-admin = Administradores: /admin abre o painel de administração.
cmd-start = Menu principal
cmd-help = Como o PNP Live funciona
cmd-bookings = Minhas reservas
cmd-settings = Idioma, fuso horário, avisos
cmd-privacy = O que fica guardado sobre mim, meus dados, apagar minha conta
cmd-pnp-live = Menu de performer
cmd-admin = Painel de administração
help-support = Precisa de ajuda? Escreva para { $contact }.
help-support-none = Precisa de ajuda com uma chamada paga? Abra /bookings: se o performer ou um administrador cancelar a chamada, ou se o performer não aparecer, você recebe o reembolso total automaticamente.

## Settings

settings-title = Configurações
btn-language = 🌐 Idioma
choose-language = Escolha o seu idioma:
language-set = Idioma alterado para português.
btn-timezone = 🕒 Fuso horário
choose-timezone =
    Seu fuso horário: { $current }
    Escolha um ou digite sua cidade (como São Paulo) ou qualquer fuso (como America/Sao_Paulo):
timezone-set = Fuso horário alterado para { $zone }.
ask-timezone =
    🌍 Uma pergunta antes de mostrar horários: em qual fuso horário você está?

    Toque no seu ou digite sua cidade (São Paulo, Fortaleza, Manaus) ou o nome do fuso (America/Sao_Paulo).
timezone-unknown = Não conheço o fuso horário "{ $typed }". Digite sua cidade (como São Paulo) ou um fuso como America/Sao_Paulo, ou toque em Cancelar.
btn-notifications-on = 🔔 Avisos de quem fica online: ligados
btn-notifications-off = 🔕 Avisos de quem fica online: desligados
btn-privacy = 🔒 Privacidade e meus dados
privacy-title =
    🔒 O que o PNP Live guarda sobre você: seu nome e @usuário do Telegram, seu idioma e fuso horário, quando você confirmou ter 18+, suas reservas com o histórico, seus pagamentos e suas avaliações.

    Os performers só veem o nome que você usa no Telegram, nunca seu @usuário nem seu id.
btn-privacy-export = 📦 Me envie uma cópia (JSON)
btn-privacy-delete = 🗑 Apagar minha conta
privacy-export-caption = 📦 Tudo o que o PNP Live guarda sobre você.
privacy-delete-confirm = Apagar sua conta? Seu nome, @usuário, idioma, fuso horário, confirmação de 18+ e os textos das suas avaliações são apagados. Reservas e pagamentos ficam, anônimos, porque a contabilidade precisa guardá-los. Não dá para desfazer; se escrever ao bot de novo, você começa como usuário novo.
btn-privacy-delete-yes = 🗑 Sim, apagar minha conta
btn-privacy-keep = ↩️ Manter minha conta
privacy-deleted = Sua conta foi apagada. Obrigado por usar o PNP Live. Se escrever de novo, você começa do zero.
privacy-delete-staff = Contas de performer e de administrador não são apagadas aqui: peça a um administrador para remover seu papel antes.
privacy-delete-upcoming = Você tem { $n ->
        [one] uma reserva
       *[other] { $n } reservas
    } retida, paga ou em andamento. Cancele em Minhas reservas, ou espere terminar, e depois apague sua conta.

## Browse, book and pay

terms = O PNP Live é só para maiores de idade. Ao continuar, você confirma que tem 18 anos ou mais e que aceita os nossos termos: as chamadas são privadas, não é permitido gravar e os pagamentos seguem a política de cancelamento mostrada na hora da reserva.
age-gate =
    🔞 Antes de continuar

    { $terms }
btn-accept-age = ✅ Tenho 18+ e aceito
online-title = 🟢 Online agora
online-title-page = 🟢 Online agora ({ $page }/{ $pages })
nobody-online = Ninguém está online agora. Mas você pode agendar uma chamada para mais tarde com estes performers:
nobody-online-notify-on = 🔔 A gente te avisa quando um performer ficar online (dá para desligar aqui embaixo ou em Configurações).
nobody-online-notify-off = 🔕 Os avisos estão desligados; ligue aqui embaixo para saber quando um performer ficar online.
nobody-at-all = Ainda não há performers. Volte daqui a pouco!
later-title = 🗓 Performers com quem você pode agendar uma chamada:
btn-schedule-later = 🗓 Agendar com outra pessoa
btn-online-list = 🟢 Quem está online agora
nobody-free-later = Nenhum performer tem horário livre nos próximos dias. Volte daqui a pouco!
profile-local-time = 🕐 Horário local de { $name }: { $time } ({ $zone })
btn-view-profile = 👤 Ver perfil: { $name }
btn-book = 📅 Reservar
btn-prev = ◀️ Anterior
btn-next = Próxima ▶️
status-online = 🟢 Online agora
status-offline = ⚪ Offline
profile-rates = Preços
profile-tags = Tags
profile-next-slots = Próximos horários livres
profile-no-slots = Nenhum horário livre nos próximos dias.
profile-no-rates = Ainda sem preços.
times-in = Horários em { $zone }
performer-gone = Este performer não está mais disponível.
pick-rate = Reservar com { $name }: por quanto tempo?
no-rates-to-book = { $name } ainda não definiu preços, então não dá para reservar.
booking-choice = { $name } · { $minutes } min · { $price }
now-or-later-online = Começar agora ou agendar para mais tarde?
now-or-later-offline = Está offline agora: escolha um horário para mais tarde.
btn-start-now = ⚡ Começar agora
btn-schedule = 🗓 Agendar
pick-day-week = 🗓 Escolha um dia, { $from } – { $to } (horários em { $zone }). Cada dia mostra quantos horários estão livres.
week-empty = Nenhum horário livre nesta semana.
btn-prev-week = ◀️ Semana anterior
btn-next-week = Próxima semana ▶️
day-part =
    { $part ->
        [0] 🌙 Madrugada
        [1] 🌅 Manhã
        [2] ☀️ Tarde
       *[3] 🌆 Noite
    }
free-count =
    { $count ->
        [one] { $count } livre
       *[other] { $count } livres
    }
pick-part = { $day }: { free-count }. Escolha uma parte do dia (horários em { $zone }):
pick-part-slot = { $day }, { $part } — escolha um horário ({ $zone }):
no-days = Nenhum horário livre no período de reserva. Tente outra duração ou volte mais tarde.
pick-slot = { $day } — escolha um horário ({ $zone }):
slot-taken = Que pena, alguém acabou de reservar esse horário. Escolha outro, por favor.
busy-being-booked = Desculpe, { $name } não pode começar agora: outra pessoa está reservando neste momento. Tente de novo em alguns minutos ou escolha um horário.
busy-in-call = { $name } está em uma chamada até { $until }.
busy-no-room = { $name } está online, mas agora não tem espaço para uma chamada de { $minutes } min.
busy-next-times = Próximos horários livres
btn-other-times = 🗓 Outros horários
hold-unpaid-cap = Você já reservou { $when } com { $name } e ainda não pagou. Pague primeiro, ou espere essa reserva acabar às { $until }; depois você pode reservar outro horário.
hold-hourly-cap = Você reservou horários demais na última hora. Você pode reservar um novo a partir de { $at } ({ $zone }).
btn-pay = 💳 Pagar
went-offline = Acabou de ficar offline. Você pode agendar um horário para mais tarde.
invoice-title = Chamada privada com { $name }
starts-when-paid = começa assim que você pagar
invoice-description =
    Videochamada privada de { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }, { $when }. O horário fica reservado para você por { $hold_minutes ->
        [one] { $hold_minutes } minuto
       *[other] { $hold_minutes } minutos
    }: pague nesse tempo para confirmar.
invoice-note =
    ⏳ Seu horário fica reservado por { $hold_minutes ->
        [one] { $hold_minutes } minuto
       *[other] { $hold_minutes } minutos
    }. Pague a fatura acima para confirmar.
checkout-expired = A reserva deste horário expirou. Faça a reserva de novo, por favor.
checkout-not-yours = Esta fatura não é válida para a sua conta.
checkout-mismatch = O preço mudou. Faça a reserva de novo para receber uma nova fatura.
checkout-gone = Esta reserva não pode mais ser paga. Faça a reserva de novo, por favor.
confirmed-user =
    ✅ Reserva confirmada!

    📹 Chamada de { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    } com { $name }
    🕒 { $when }

    Toque em ▶️ Entrar na chamada na hora da chamada. Para cancelar (reembolso total até { $cutoff_hours } h antes), vá em Minhas reservas. O arquivo de calendário abaixo adiciona a chamada à sua agenda.
confirmed-performer =
    📅 Nova reserva!

    👤 { $who }
    🕒 { $when }
    ⏱ { $minutes } min
link-pending = ✅ Pagamento recebido, sua reserva está confirmada. O link da chamada chega em instantes.
late-refunded = Seu pagamento chegou depois que a reserva de { $when } expirou, e esse horário já foi ocupado. Você recebeu o reembolso total. Escolha outro horário, por favor.
payment-returned = Recebemos um pagamento que não corresponde a nenhuma reserva em aberto. Ele está sendo reembolsado integralmente.
payment-mismatch-returned = Seu pagamento de { $paid } não bate com o preço desta reserva ({ $price }), então ele não foi aplicado e está sendo reembolsado integralmente. Sua reserva continua como estava.
hold-expired = ⌛ Sua reserva de { $when } com { $name } expirou antes do pagamento. O horário está livre de novo.
btn-book-again = 🔁 Reservar de novo
ics-caption = 📆 Adicionar à sua agenda
btn-join-call = ▶️ Entrar na chamada
ics-caption-cancel = 📆 Cancelada: este arquivo remove a chamada da sua agenda
ics-title-performer = Chamada PNP Live com { $who }

## My bookings

my-bookings-title = 📅 Suas reservas
my-bookings-empty = Você ainda não tem reservas.
upcoming = Próximas
past = Anteriores
booking-detail =
    📹 Chamada com { $name }
    🕒 { $when }
    ⏱ { $minutes } min · { $price }
    Status: { $status }
btn-cancel-booking = ✖️ Cancelar reserva
btn-details = { $when } · { $name }
cancel-policy-refund = Cancelar esta reserva? Faltam mais de { $cutoff_hours } h, então você recebe o reembolso total.
cancel-policy-unpaid = Cancelar esta reserva? Nada foi pago ainda.
cancel-too-late = Esta chamada começa em menos de { $cutoff_hours } h, então não dá mais para cancelar com reembolso por conta própria. Abra a reserva para pedir ao performer que a cancele.
btn-confirm-cancel = ✖️ Sim, cancelar
btn-keep = ↩️ Manter
cancelled-user-refunded = Sua reserva foi cancelada e o seu pagamento está sendo reembolsado integralmente.
cancelled-user = Sua reserva foi cancelada.

## Notices and reminders

cancelled-for-user = Sua chamada com { $name } em { $when } foi cancelada. Você recebe o reembolso total.
cancelled-for-performer = ✖️ { $who } cancelou a chamada de { $when }. O horário está livre de novo.
cancelled-by-admin-for-user = 😔 Sentimos muito: sua chamada com { $name } em { $when } precisou ser cancelada. Você recebe o reembolso total.
cancelled-by-admin-for-performer = ✖️ Um administrador cancelou sua chamada com { $who } em { $when }; a pessoa recebe o reembolso total.
refunded-notice = ↩️ { $amount } reembolsado.
reminder =
    { $kind ->
        [day_before] ⏰ Amanhã: sua chamada com { $other }, { $when }.
        [quarter_hour] ⏰ Em 15 minutos: sua chamada com { $other }, { $when }.
       *[start] 📹 Sua chamada com { $other } começa agora. Toque em ▶️ Entrar na chamada.
    }
performer-no-show-user = Sentimos muito: { $name } não entrou na sua chamada de { $when }. Você vai receber o reembolso total.
performer-no-show-performer = Você não entrou na sua chamada com { $who } de { $when }. Ela foi marcada como ausência e o usuário foi reembolsado.
user-no-show-user = Você não entrou na sua chamada com { $name } de { $when }. O performer reservou esse tempo, então o pagamento não é reembolsado.
user-no-show-performer = { $who } não entrou na chamada de { $when }. Ela foi marcada como ausência; o pagamento fica com você.

## Performer menu and the go-online notice

btn-performer-menu = 🎭 Menu de performer
performer-only = Desculpe, isto é só para performers. Se você quiser oferecer chamadas no PNP Live, fale com um administrador.
performer-menu-title = 🎭 Menu de performer — { $name }
performer-status-online = Status: 🟢 Online — os usuários te veem no PNP Live.
performer-status-offline = Status: ⚫ Offline
btn-go-online = 🟢 Ficar online
btn-go-offline = ⚫ Ficar offline
btn-manage-profile = 👤 Gerenciar perfil
btn-availability = 🗓 Disponibilidade
btn-upcoming-calls = 📅 Próximas chamadas
btn-share-link = 🔗 Compartilhar o link do meu perfil
share-link =
    🔗 O link do seu perfil

    { $link }

    Quem abrir cai direto no seu perfil no bot, pronto para reservar.
btn-share = 📤 Compartilhar
share-link-invite = Reserve uma videochamada privada com { $name } no PNP Live
share-link-unavailable = Não dá para criar o link agora (o Telegram não respondeu). Tente de novo em um minuto.
online-needs-rate = Adicione pelo menos um preço (Gerenciar perfil → Preços) antes de ficar online, para que possam te reservar.
online-notifying =
    🟢 Você está online. { $recipients ->
        [one] { $recipients } usuário está sendo avisado de que você está disponível agora.
       *[other] { $recipients } usuários estão sendo avisados de que você está disponível agora.
    }
online-cooldown =
    🟢 Você está online. Os usuários foram avisados sobre você há menos de { $cooldown ->
        [one] { $cooldown } minuto
       *[other] { $cooldown } minutos
    }, então não vão ser avisados de novo agora; o próximo aviso é possível em { $minutes_left } min (às { $at }).
broadcast-progress = 📣 Avisando os usuários de que você está online: { $sent } de { $total } até agora.
offline-done = ⚫ Você está offline. Os usuários ainda podem reservar os seus horários agendados.
offline-broadcast-stopped =
    ⚫ Você está offline. O aviso foi interrompido depois de { $sent } de { $total ->
        [one] { $total } usuário.
       *[other] { $total } usuários.
    }
upcoming-title = 📅 Próximas chamadas (horários em { $tz }):
upcoming-none = Ainda não há chamadas marcadas.
upcoming-more = … e mais { $n }.
broadcast-online-now = 🟢 { $name } está online agora! Reserve uma videochamada privada 1 a 1.
broadcast-btn-view-profile = 👤 Ver perfil
broadcast-btn-book = 📅 Reservar

## Manage Profile

manage-profile-title = 👤 Gerenciar perfil — é assim que os usuários te veem:
btn-edit-name = ✏️ Nome
btn-edit-bio = 📝 Bio
btn-edit-photo = 📷 Foto
btn-edit-tags = 🏷 Tags
btn-edit-rates = 💰 Preços
btn-profile-preview = 👁 Prévia
profile-saved = ✅ Salvo.
no-bio-yet = (ainda sem bio)
no-rates-yet = ainda sem preços
profile-photo-set = 📷 Foto: ✅ definida (veja em Prévia)
profile-photo-none = 📷 Foto: ainda não
preview-no-photo = 📷 Ainda sem foto: adicione uma em Gerenciar perfil → Foto.
ask-display-name = Seu nome agora é “{ $current }”. Envie o nome que os usuários vão ver (de 2 a 64 caracteres).
display-name-invalid = O nome precisa ter de 2 a 64 caracteres, em uma linha só. Tente de novo ou toque em Cancelar.
display-name-look-alike = Esse nome parece igual ao de outro performer. Por favor, escolha um diferente ou toque em Cancelar.
ask-bio =
    Envie a sua bio: quem você é e como são as suas chamadas. No máximo { $limit ->
        [one] { $limit } caractere.
       *[other] { $limit } caracteres.
    }
bio-too-long =
    Essa bio tem { $length ->
        [one] { $length } caractere
       *[other] { $length } caracteres
    }; o limite é { $limit }. Encurte e envie de novo ou toque em Cancelar.
btn-clear-bio = 🗑 Apagar bio
bio-expected = Envie a sua bio como texto ou toque em Cancelar.
ask-photo = Envie uma foto para o seu perfil (como foto, não como arquivo).
photo-expected = Isso não é uma foto. Envie uma foto (não um arquivo) ou toque em Cancelar.
btn-remove-photo = 🗑 Remover foto
tags-title = 🏷 As tags ajudam os usuários a te encontrar ({ $count } de no máximo { $max }). Toque em uma tag para ligar ou desligar; ➕ adiciona uma sua.
too-many-tags =
    Você pode ter no máximo { $max ->
        [one] { $max } tag
       *[other] { $max } tags
    }. Desligue uma primeiro.
tag-exists = Você já tem a tag “{ $tag }”.
btn-add-tag = ➕ Sua própria tag
ask-tag = Envie uma tag: de 2 a 24 letras, números, espaços, - ou _.
tag-invalid = Uma tag tem de 2 a 24 letras, números, espaços, - ou _. Tente de novo ou toque em Cancelar.
tag-gone = Essa tag não está mais disponível.
rates-title = 💰 Seus preços, em { $currency }:
rate-line = { $minutes } min — { $price }
rates-hint = Toque em um preço para alterá-lo, 🗑 para removê-lo.
btn-add-rate = ➕ Adicionar preço
too-many-rates =
    Você pode ter no máximo { $max ->
        [one] { $max } preço
       *[other] { $max } preços
    }. Remova um primeiro.
ask-rate-duration = Quanto tempo dura a chamada, em minutos? De { $min } a { $max }, de 5 em 5 (ex.: 30).
duration-invalid = Envie um número de minutos de { $min } a { $max }, de 5 em 5 (ex.: 15, 30, 60). Tente de novo ou toque em Cancelar.
ask-rate-price =
    Preço de uma chamada de { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }, em { $currency }? (ex.: { $example })
price-not-positive = O preço precisa ser maior que zero.
price-not-a-number = Isso não é um preço: use números, com . ou , antes das casas decimais.
price-too-high = O preço pode ser no máximo { $max } { $currency }.
price-too-many-decimals =
    { $max ->
        [0] Esta moeda não tem casas decimais: envie um número inteiro.
        [one] Use no máximo { $max } casa decimal.
       *[other] Use no máximo { $max } casas decimais.
    }
price-example-line = Envie um preço como { $example } ou toque em Cancelar.
rate-saved = ✅ { $minutes } min — { $price } salvo.
rate-removed = 🗑 Preço removido.
rate-gone = Esse preço não existe mais.
telegram-stars = Telegram Stars ⭐

## Availability

availability-title = 🗓 Disponibilidade — seus horários da semana, em { $tz }:
availability-hint = Toque em um dia para mudar os horários.
blocked-line = 🚫 Bloqueado: { $list }
special-line = 📆 Horário especial: { $list }
btn-blocked-dates = 🚫 Datas bloqueadas
btn-next-7-days = 👁 Próximos 7 dias
btn-day-closed = Fechado
btn-custom-hours = ✏️ Personalizado…
day-closed = fechado
day-title =
    { $day }: { $current }

    Escolha novos horários ou ✏️ Personalizado para digitar os seus. Um intervalo como 18:00–02:00 termina na manhã seguinte.
ask-day-hours = Envie os horários de { $day } no formato HH:MM-HH:MM, vários separados por vírgulas, ex.: 09:00-13:00, 15:00-20:00. Um intervalo pode terminar depois da meia-noite (18:00-02:00); 00:00-24:00 é o dia inteiro; “fechado” significa sem horários.
hours-bad-format = Não consegui entender “{ $piece }”. Escreva os horários como HH:MM-HH:MM, ex.: 09:00-13:00, 15:00-20:00. Tente de novo ou toque em Cancelar.
hours-empty-range = “{ $piece }” começa e termina no mesmo horário. Para o dia inteiro, envie 00:00-24:00. Tente de novo ou toque em Cancelar.
hours-overlap = Esses intervalos se sobrepõem. Informe cada parte do dia uma vez só, ex.: 09:00-13:00, 15:00-20:00. Tente de novo ou toque em Cancelar.
hours-too-many =
    No máximo { $max ->
        [one] { $max } intervalo
       *[other] { $max } intervalos
    } por dia. Tente de novo ou toque em Cancelar.
blocks-title = 🚫 Datas bloqueadas: ninguém pode te reservar nesses dias.
no-blocks = Nenhuma data bloqueada.
blocks-hint = Toque em 🗑 para desbloquear.
btn-add-block = ➕ Bloquear datas
block-removed = 🗑 Desbloqueado.
block-gone = Esse bloqueio não existe mais.
ask-block-dates = Envie uma data para bloquear, ou um intervalo: ex.: { $today } ou { $today }..2026-12-31 (ano-mês-dia).
block-bad-format = Escreva as datas como ano-mês-dia: { $today }, ou um intervalo { $today }..2026-12-31. Tente de novo ou toque em Cancelar.
block-in-past = Essa data já passou; hoje é { $today }. Tente de novo ou toque em Cancelar.
block-reversed = A data final é anterior à inicial. Tente de novo ou toque em Cancelar.
block-too-long =
    Um bloqueio pode durar no máximo { $max ->
        [one] { $max } dia
       *[other] { $max } dias
    }. Tente de novo ou toque em Cancelar.
timezone-title =
    🌍 Seu fuso horário: { $current }.
    Seus horários da semana são lidos neste fuso. Escolha o seu ou ✏️ Outro para digitar qualquer fuso.
btn-other-timezone = ✏️ Outro…
ask-performer-timezone = Envie o nome do seu fuso horário como na lista IANA, ex.: America/Sao_Paulo, Europe/Lisbon ou Asia/Manila.
timezone-invalid = “{ $input }” não é um fuso horário que eu conheça. Use um nome como America/Sao_Paulo ou Europe/Berlin. Tente de novo ou toque em Cancelar.
week-title =
    👁 Quando uma chamada de { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    } pode ser reservada nos próximos 7 dias ({ $tz }):
week-none = Nenhum horário livre nos próximos 7 dias. Defina os seus horários da semana ou confira as suas datas bloqueadas.
btn-copy-weekdays = 📋 Copiar segunda para os dias úteis
btn-copy-every-day = 📋 Copiar segunda para todos os dias
copied-weekdays = ✅ O horário de segunda ({ $hours }) foi copiado de terça a sexta.
copied-every-day = ✅ O horário de segunda ({ $hours }) foi copiado para todos os dias da semana.
btn-booking-rules = ⚙️ Regras de agendamento
btn-special-hours = 📆 Horário especial
rules-title =
    ⚙️ Regras de agendamento (seus horários estão em { $tz }):
    Intervalo antes de uma chamada: { $before }
    Intervalo depois de uma chamada: { $after }
    Antecedência mínima: { $notice }
    Janela de agendamento: { $window }
    Passo entre horários: { $step }

    Os intervalos deixam tempo livre em volta de cada chamada agendada. A antecedência mínima é quanto antes de uma chamada ainda dá para agendá-la; a janela, quantos dias à frente dá para agendar; o passo, de quanto em quanto tempo uma chamada pode começar. Toque em uma para mudar.
rule-buffer-before = Intervalo antes de uma chamada
rule-buffer-after = Intervalo depois de uma chamada
rule-notice = Antecedência mínima
rule-window = Janela de agendamento
rule-step = Passo entre horários
value-minutes = { $minutes } min
value-hours = { $hours } h
value-hours-minutes = { $hours } h { $minutes } min
value-days =
    { $days ->
        [one] { $days } dia
       *[other] { $days } dias
    }
rule-title =
    { $name }: { $current } (horários em { $tz })

    Escolha um novo valor, ou ✏️ Digitar um valor.
btn-type-value = ✏️ Digitar um valor…
ask-rule-minutes = Envie o novo valor de “{ $name }” em minutos, de { $min } a { $max }: ex. 45, ou 2h para duas horas.
ask-rule-days = Envie o novo valor de “{ $name }” em dias, de { $min } a { $max }: ex. 14.
rule-bad-value = Não consegui ler “{ $input }” como um número. Envie ex. 45 ou 2h. Tente de novo ou toque em Cancelar.
rule-out-of-range = “{ $name }” deve ser de { $min } a { $max }. Tente de novo ou toque em Cancelar.
rule-saved = ✅ { $name }: { $value }. Seus horários livres mudam na hora.
overrides-title = 📆 Horário especial em uma data, em { $tz }: nessas datas esses horários substituem os da semana.
no-overrides = Nenhum horário especial.
overrides-hint = Toque em 🗑 para remover um.
btn-add-override = ➕ Adicionar horário especial
ask-override-date = Envie a data do horário especial como ano-mês-dia, ex. { $today } (hoje em { $tz }).
override-bad-date = Escreva a data como ano-mês-dia, ex. { $today }. Tente de novo ou toque em Cancelar.
override-in-past = Essa data já passou; hoje é { $today } em { $tz }. Tente de novo ou toque em Cancelar.
override-too-far = Um horário especial pode ser definido no máximo { $max } dias à frente. Tente de novo ou toque em Cancelar.
ask-override-hours = Envie os horários de { $date } ({ $tz }) como HH:MM-HH:MM, ex. 10:00-14:00, vários separados por vírgulas; “fechado” significa sem chamadas nesse dia.
override-saved = ✅ Horário especial em { $date }: { $hours }.
override-removed = 🗑 Horário especial removido.
override-gone = Esse horário especial não existe mais.

## Admin

btn-roles = 👥 Funções
admin-refused = Desculpe, isto é só para administradores.
superadmin-only = Só os superadministradores podem mudar quem é administrador.
admin-title = Painel de administração
admin-figures-today = Hoje (desde 00:00, { $zone })
admin-figures-week = Esta semana (desde { $monday })
admin-figures = 📊 { $period }: { $bookings } reservas ({ $statuses }) · { $taken } ⭐ recebidas · { $refunded } ⭐ reembolsadas · { $no_shows } ausências
admin-figures-live = 🟢 { $online } performers online · 📣 { $waiting } avisos para enviar
btn-add-performer = ➕ Adicionar performer
btn-remove-performer = ➖ Remover performer
btn-add-admin = ➕ Adicionar administrador
btn-remove-admin = ➖ Remover administrador
roles-performers = Performers
roles-admins = Administradores
roles-none = (ninguém)
ask-role-target =
    Envie o @usuário da pessoa, o id numérico dela no Telegram ou encaminhe uma mensagem dela.

    A pessoa precisa ter aberto este bot pelo menos uma vez.
target-hidden = Essa pessoa esconde a conta ao ser encaminhada, então não sei quem ela é. Envie o @usuário ou o id numérico dela.
target-invalid = Isso não é um @usuário, um id numérico nem uma mensagem encaminhada. Tente de novo ou toque em Cancelar.
target-unknown = Ainda não conheço { $who }: a pessoa precisa abrir este bot e tocar em Iniciar primeiro. Tente de novo ou toque em Cancelar.
choose-to-remove = Quem devo remover?
nobody-to-remove = Não há ninguém com essa função.
# Shown before a role changes: the person as the bot knows them, so a stale @username is caught.
confirm-grant =
    Tornar esta pessoa { $role ->
        [admin] administrador
       *[performer] performer
    }?

    { $name }
    Id do Telegram: { $id }
confirm-revoke =
    Tirar o papel de { $role ->
        [admin] administrador
       *[performer] performer
    } desta pessoa?

    { $name }
    Id do Telegram: { $id }
btn-confirm = ✅ Confirmar
revoke-paid-bookings =
    { $count ->
        [0] { $name } não tem reservas pagas futuras.
        [one] ⚠️ { $name } tem 1 reserva paga futura; ela será cancelada com reembolso total, e o usuário avisado.
       *[other] ⚠️ { $name } tem { $count } reservas pagas futuras; elas serão canceladas com reembolso total, e os usuários avisados.
    }
    O perfil fica offline e deixa de aparecer para os usuários.
performer-retired =
    { $count ->
        [0] Não havia reservas pagas para cancelar.
        [one] 1 reserva paga futura foi cancelada com reembolso total; o usuário foi avisado.
       *[other] { $count } reservas pagas futuras foram canceladas com reembolso total; os usuários foram avisados.
    } O perfil está offline e oculto.
role-granted =
    ✅ { $who } agora é { $role ->
        [admin] administrador.
       *[performer] performer.
    }
role-already =
    { $who } já é { $role ->
        [admin] administrador.
       *[performer] performer.
    }
role-removed =
    ✅ { $who } não é mais { $role ->
        [admin] administrador.
       *[performer] performer.
    }
role-not-held =
    { $who } não era { $role ->
        [admin] administrador.
       *[performer] performer.
    }
adding =
    { $role ->
        [admin] Adicionando administrador.
       *[performer] Adicionando performer.
    }
you-were-granted =
    { $role ->
        [admin] 🛠 Agora você é administrador do PNP Live. Envie /admin para abrir o painel.
       *[performer] 🎉 Agora você é performer no PNP Live. Envie /pnp_live para montar o seu perfil e ficar online.
    }
you-were-revoked =
    { $role ->
        [admin] Sua função de administrador no PNP Live foi removida.
       *[performer] Sua função de performer no PNP Live foi removida.
    }
admin-refund-due = ⚠️ É preciso fazer um reembolso de { $amount } para { $who } no provedor de pagamento (cobrança { $charge }).
admin-refund-failed = ⚠️ Um reembolso de { $amount } para { $who } falhou { $attempts } vezes e não será tentado de novo: faça-o manualmente (cobrança { $charge }).
admin-room-failed = ⚠️ Não foi possível criar a sala de vídeo da reserva { $booking }: { $error }. Vamos tentar de novo.
admin-link-undelivered = ⚠️ { $name } bloqueou o bot e não recebeu o link da chamada de { $when }. O link sai assim que ela escrever ao bot de novo; se não entrar, o usuário é reembolsado como numa ausência.
admin-payment-returned = ℹ️ Um pagamento de { $amount } da reserva { $booking } não pôde ser aplicado e está sendo devolvido.
admin-payment-mismatch = ⚠️ Um pagamento de { $paid } de { $who } (cobrança { $charge }) não batia com a reserva { $booking } ({ $price }). Ele não foi aplicado e está sendo reembolsado.
performer-no-show-admin = 🚫 Ausência: o performer { $name } faltou à chamada com { $who } de { $when }; o usuário é reembolsado.

## A chamada aconteceu? (provedores sem eventos de entrada)

call-happened-question = Como foi sua chamada com { $name } em { $when }? Ela aconteceu?
btn-call-held = ✅ Sim, aconteceu
btn-call-missed = ❌ Não, { $name } não apareceu
call-held-thanks = Obrigado! Que bom que deu tudo certo.
dispute-too-late = Esta chamada não pode mais ser reportada aqui. Se algo deu errado, veja /help.
dispute-already = Você já reportou esta chamada; um administrador está analisando.
dispute-opened-user = Sentimos muito. Perguntamos a { $name }, e um administrador vai decidir; você terá notícias aqui. Se for resolvido a seu favor, você recebe o reembolso total.
dispute-ask-performer = ⚖️ { $who } diz que sua chamada de { $when } não aconteceu. Ela aconteceu?
btn-dispute-held = ✅ Aconteceu
btn-dispute-missed = ↩️ Não aconteceu: reembolsar
dispute-performer-noted = Obrigado, anotado. Um administrador vai decidir.
dispute-performer-refunded = Obrigado. { $who } vai receber o reembolso total.
dispute-admin = ⚖️ Disputa: { $who } diz que a chamada com { $name } em { $when } ({ $amount }) não aconteceu. Reserva { $booking }.
btn-settle-refund = ↩️ Reembolsar
btn-settle-keep = ✔️ Manter o pagamento
dispute-admin-performer-held = ⚖️ { $name } diz que a chamada em disputa aconteceu (reserva { $booking }). Aguarda um administrador.
dispute-admin-performer-refunded = ⚖️ { $name } concordou que a chamada não aconteceu; o usuário é reembolsado (reserva { $booking }).
dispute-settled = ⚖️ Resolvida: { $outcome ->
        [refund] o usuário recebe o reembolso total.
       *[keep] o pagamento fica com o performer.
    }
dispute-settled-already = Esta disputa já foi resolvida.
dispute-refunded-user = ⚖️ Analisamos seu relato da chamada com { $name } em { $when }: você recebe o reembolso total.
dispute-kept-user = ⚖️ Analisamos seu relato da chamada com { $name } em { $when }: ela conta como realizada, então o pagamento fica com o performer.
dispute-kept-performer = ⚖️ O relato de { $who } sobre a chamada de { $when } foi analisado: ela conta como realizada.

## Reviews (bot::user::review)
review-question = ⭐ Avalie sua chamada com { $name } em { $when }: toque de 1 a 5 estrelas.
review-reminder = ⭐ Um lembrete: avalie sua chamada com { $name } em { $when }, toque de 1 a 5 estrelas.
review-saved = Obrigado! Você deu { $stars }. Quer acrescentar algumas palavras?
btn-review-words = ✍️ Acrescentar algumas palavras
btn-review-skip = Pular
review-words-prompt = Envie algumas palavras sobre a chamada (até { $max } caracteres). Com elas só aparece o seu primeiro nome.
review-text-empty = Não há palavras aí para mostrar. Envie algumas palavras ou toque em Pular.
review-thanks = Obrigado pela sua avaliação!
review-already = Você já avaliou esta chamada.
review-not-allowed = Esta chamada não pode ser avaliada.
profile-reviews = Avaliações
profile-no-reviews = ainda sem avaliações

## Earnings and reviews (bot::performer::earnings)
btn-earnings = 💰 Ganhos
btn-my-reviews = ⭐ Minhas avaliações
earnings-title = 💰 Seus ganhos, depois da comissão de { $percent }% da plataforma:
earnings-block =
    • Esta semana: { $week }
    • Este mês: { $month }
    • Desde sempre: { $all }
    • Devido a você desde o último pagamento: { $owed }
earnings-last-payout = Último pagamento: { $when }
earnings-no-payout = Ainda não houve pagamento.
earnings-none = Ainda sem ganhos: as chamadas concluídas aparecem aqui.
my-reviews-title = ⭐ Suas avaliações: { $badge }
my-reviews-none = Ainda sem avaliações.

## Payouts and reviews (bot::admin::payouts, bot::admin::reviews)
btn-payouts = 💸 Pagamentos
btn-admin-reviews = ⭐ Avaliações
payouts-title = 💸 Devido aos performers:
payouts-none = No momento não se deve nada a ninguém.
payout-card = { $name }
    Devido: { $owed }
    Último pagamento: { $last }
payout-never = nunca
btn-mark-paid = ✅ Marcar { $amount } como pago
payout-ask-reference = Registrando um pagamento de { $amount } para { $name }. Envie a referência do pagamento (um id de transferência ou uma nota).
payout-recorded = ✅ Registrado: { $amount } pago a { $name }, referência “{ $reference }”.
payout-changed = O que se deve a { $name } mudou nesse meio-tempo (outro administrador registrou um pagamento, ou uma chamada foi concluída ou reembolsada). Nada foi registrado; veja de novo.
payout-reference-empty = Envie a referência como texto.
payout-performer-told = 💸 Um pagamento de { $amount } foi registrado para você. Referência: { $reference }
admin-reviews-title = ⭐ Últimas avaliações ({ $total }):
admin-reviews-none = Ainda sem avaliações.
btn-hide-review = 🙈 Ocultar #{ $n }
review-hidden-done = Avaliação oculta.
review-hidden-mark = (oculta)
## Cancelamentos pelo performer ou por um admin, e pedidos de cancelamento dentro do prazo.
btn-book-someone-else = 🔎 Reservar com outra pessoa
cancelled-by-performer-for-user = 😔 Sentimos muito: { $name } precisou cancelar sua chamada de { $when }. Você recebe o reembolso total de { $amount }.
admin-performer-cancelled = ⚠️ { $name } cancelou a chamada paga com { $who } de { $when } (#{ $booking }); o usuário recebe o reembolso total. { $name } cancelou { $count ->
        [one] 1 chamada
       *[other] { $count } chamadas
    } nos últimos 30 dias.
btn-open-booking = 🧾 Abrir reserva
performer-call-card =
    📞 Chamada com { $who }
    🗓 { $when } · { $minutes } min · { $price }
    Status: { $status }
performer-call-request-open = 📨 { $who } pediu para você cancelar esta chamada. Está dentro do prazo de { $cutoff_hours } h, então sem o seu acordo não há reembolso. Aceite para reembolsar tudo, ou recuse e a chamada continua de pé.
btn-cancel-call = ✖️ Cancelar esta chamada
performer-cancel-confirm = Cancelar sua chamada com { $who } de { $when }? { $who } recebe o reembolso total de { $amount } e um pedido de desculpas. Os admins veem quantas chamadas cada performer cancela.
btn-confirm-cancel-call = ✖️ Sim, cancelar a chamada
btn-keep-call = ↩️ Manter
performer-cancelled = ✖️ Sua chamada com { $who } de { $when } foi cancelada. A pessoa recebe o reembolso total e já foi avisada.
call-already-cancelled = Esta chamada já estava cancelada; nada mudou.
call-moved-on = Esta chamada não pode mais ser alterada aqui: está { $status }.
btn-ask-performer-cancel = 📨 Pedir a { $name } para cancelar
cancel-request-policy = Esta chamada começa em menos de { $cutoff_hours } h, então não dá mais para cancelar com reembolso por conta própria. Você pode pedir a { $name } para cancelar: se { $name } aceitar, você recebe o reembolso total; se { $name } recusar ou não responder antes do início, a reserva continua e, pela política, nada é reembolsado.
btn-send-cancel-request = 📨 Enviar o pedido a { $name }
cancel-request-sent = 📨 Seu pedido foi para { $name }. Se for aceito, sua chamada de { $when } é cancelada com reembolso total; se for recusado ou ficar sem resposta até o início, a reserva continua e, pela política (sem reembolso a menos de { $cutoff_hours } h do início), nada é reembolsado. Avisaremos a resposta.
cancel-request-already-sent = Você já pediu a { $name } para cancelar; o pedido aguarda resposta. Ele foi enviado uma só vez.
cancel-request-waiting = 📨 Você pediu a { $name } para cancelar. A resposta é aguardada até o início da chamada; pela política (sem reembolso a menos de { $cutoff_hours } h do início), sem resposta não há reembolso.
cancel-request-was-declined = { $name } recusou seu pedido de cancelamento; a reserva continua e, pela política (sem reembolso a menos de { $cutoff_hours } h do início), nada é reembolsado.
cancel-request-was-lapsed = Seu pedido de cancelamento não teve resposta de { $name } antes do início e expirou; pela política (sem reembolso a menos de { $cutoff_hours } h do início), nada é reembolsado.
booking-already-cancelled = Esta reserva já estava cancelada; nada mudou. Qualquer reembolso devido está a caminho.
cancel-request-performer = 📨 { $who } pede para você cancelar a chamada de { $when } ({ $amount }). Está dentro do prazo de { $cutoff_hours } h: se você aceitar, a pessoa recebe o reembolso total; se recusar, a chamada continua e nada é reembolsado. Sem resposta até o início, o pedido expira e a chamada continua.
btn-accept-cancel = ✅ Aceitar — reembolso total
btn-decline-cancel = ❌ Recusar
request-accepted-performer = ✅ Você aceitou: a chamada com { $who } de { $when } foi cancelada e a pessoa recebe o reembolso total. Isso não conta como cancelamento seu.
request-declined-performer = Você recusou: a chamada com { $who } de { $when } continua de pé. A pessoa foi avisada de que, pela política (sem reembolso a menos de { $cutoff_hours } h do início), nada é reembolsado.
request-already-accepted = Você já aceitou este pedido; a chamada está cancelada.
request-already-declined = Você já recusou este pedido; a chamada continua de pé.
request-already-lapsed = Este pedido expirou quando a chamada começou; a chamada continua como reservada.
request-none = Não há pedido de cancelamento aberto para esta chamada.
cancel-request-lapsed-performer = O pedido de { $who } para cancelar a chamada de { $when } ficou sem resposta até o início e expirou: a chamada continua como reservada.
cancel-request-accepted-user = ✅ { $name } aceitou seu pedido: sua chamada de { $when } foi cancelada e você recebe o reembolso total de { $amount }.
cancel-request-declined-user = { $name } recusou seu pedido para cancelar a chamada de { $when }. A reserva continua e, pela política (sem reembolso a menos de { $cutoff_hours } h do início), nada é reembolsado. Você ainda pode entrar na hora marcada.
cancel-request-lapsed-user = Seu pedido para cancelar a chamada de { $when } não teve resposta de { $name } antes do início e expirou. A reserva continua e, pela política (sem reembolso a menos de { $cutoff_hours } h do início), nada é reembolsado.
btn-admin-bookings = 🧾 Reservas
admin-bookings-ask = 🧾 Qual reserva? Envie o id (os 8 caracteres depois de # na ficha da reserva, ou o id inteiro), ou o @usuário ou id do Telegram de um usuário ou performer.
admin-bookings-none = Nada encontrado para “{ $query }”.
admin-bookings-empty = Nenhuma reserva encontrada.
admin-bookings-results = 🧾 { $count } reservas, da mais nova para a mais antiga (página { $page }/{ $pages }; horários em { $zone }):
btn-find-booking = 🔎 Buscar outra reserva
admin-booking-card =
    🧾 Reserva #{ $booking }
    { $id }
    Status: { $status }
    Usuário: { $user }
    Performer: { $performer } — { $account }
    Cancelamentos do performer nos últimos 30 dias: { $cancellations }
    🗓 { $when } · { $minutes } min · { $price }
    Pagamento: { $payment }
admin-booking-request = Pedido de cancelamento: { $state } (feito em { $when })
admin-booking-history = Histórico (horários em { $zone }):
admin-payment-none = nenhum
admin-payment-paid = { $amount } pago
admin-payment-refund-pending = { $amount }, reembolso em andamento
admin-payment-refund-due = { $amount }, reembolso a fazer manualmente
admin-payment-refunded = { $amount }, reembolsado em { $when }
btn-admin-cancel-refund = ✖️ Cancelar e reembolsar
admin-cancel-confirm = Cancelar a reserva #{ $booking } de { $user } com { $performer }? Uma reserva paga é reembolsada por completo ({ $amount }); os dois lados são avisados, o usuário com um pedido de desculpas.
btn-admin-confirm-cancel = ✖️ Sim, cancelar e reembolsar
admin-cancelled = ✖️ Cancelada; qualquer pagamento está sendo reembolsado por completo e os dois lados foram avisados.
admin-cancel-too-late = Esta reserva não pode mais ser cancelada (mudou nesse meio-tempo); nada mudou.
cancel-call-started = Esta chamada já começou, então não pode mais ser cancelada.
## Moving a booking (reschedule)

btn-reschedule = 🔁 Remarcar
move-picking = 🔁 Escolha um novo horário para sua chamada de { $minutes } minutos com { $name }, agora em { $when }. Mesma duração e preço.
move-confirm =
    🔁 Remarcar sua chamada com { $name }?

    De: { $from }
    Para: { $to }

    Mesma duração ({ $minutes } min) e preço. Vocês dois recebem o novo horário e um novo arquivo de calendário.
btn-confirm-move = ✅ Sim, remarcar
btn-other-time = 🗓 Outro horário
move-done = ✅ Remarcada! Sua chamada com { $name } agora é em { $when }. Seu novo link e o arquivo de calendário chegam em seguida.
move-too-late = Esta chamada começa em menos de { $cutoff_hours } h, então não pode mais ser remarcada. Se algo aconteceu, fale com a performer.
move-limit = Esta reserva já foi remarcada tantas vezes quanto o permitido ({ $max }). Você ainda pode cancelá-la conforme a política de cancelamento.
move-not-possible = Esta reserva está { $status } e não pode mais ser remarcada.
move-slot-taken = Desculpe, esse horário acabou de ser ocupado. Sua chamada continua em { $when }.
cancel-moved-meanwhile = Nada foi cancelado: esta reserva foi remarcada nesse meio-tempo e agora é em { $when }. Veja-a de novo antes de cancelar.
moved-user =
    🔁 Sua chamada foi remarcada!

    📹 Chamada de { $minutes } minutos com { $name }
    Antes: { $from }
    Agora: { $to }

    Seu link abaixo funciona no novo horário; o arquivo de calendário abaixo atualiza seu calendário.
moved-performer =
    🔁 Chamada remarcada

    👤 { $who }
    Antes: { $from }
    Agora: { $to }
    ⏱ { $minutes } min
proposal-for-user = 🔁 { $name } pede para remarcar sua chamada de { $when }. Escolha um destes horários (em { $zone }), mantenha o seu ou recuse e receba o reembolso total.
btn-keep-original = ↩️ Manter o horário original
btn-decline-proposal = ✖️ Recusar (reembolso total)
btn-see-proposals = 📨 Horários propostos por { $name }
decline-ask = Recusar os horários que { $name } propôs? Sua chamada de { $when } é cancelada e você recebe o reembolso total.
btn-confirm-decline = ✖️ Sim, cancelar com reembolso total
proposal-kept = Certo, sua chamada continua em { $when }.
proposal-kept-for-performer = { $who } mantém o horário original da chamada: { $when }.
proposal-gone = Estes horários propostos não estão mais abertos: a reserva mudou nesse meio-tempo.
move-declined-for-performer = ✖️ { $who } recusou os horários que você propôs: a chamada de { $when } foi cancelada e recebe o reembolso total. O horário está livre de novo.
btn-propose-times = 🔁 Propor outros horários
propose-list = 🔁 Qual chamada você quer remarcar? Você propõe até três dos seus horários livres; o usuário escolhe um, mantém o dele ou recusa com reembolso total. Horários em { $tz }.
propose-none = Nenhuma chamada confirmada que ainda possa ser remarcada.
propose-days = 🔁 Novos horários para a chamada com { $who } de { $when }: escolha um dia e depois até três horários. Escolhidos: { $count }/3. Horários em { $tz }.
propose-day = 🔁 { $day }: toque em até três horários (✅ = escolhido). Escolhidos: { $count }/3. Horários em { $tz }.
propose-no-days = Você não tem tempo livre dessa duração nas próximas duas semanas.
btn-send-proposal = 📨 Enviar para { $who } ({ $count })
propose-full = Até três horários.
propose-sent = 📨 Enviado para { $who }: { $times }. Você saberá qual ele escolher.
propose-too-late = Esta chamada começa em menos de { $cutoff_hours } h: não pode mais ser remarcada.
propose-limit = Esta chamada já foi remarcada tantas vezes quanto o permitido ({ $max }).
propose-open = Você já propôs horários para esta chamada: { $times }. O usuário ainda não respondeu.
move-link-pending = 🔁 Sua chamada foi remarcada para { $when }. Seu novo link da chamada chega em seguida.

# Start now with the performer's acceptance (bookings.start_now_needs_acceptance).
start-now-asking = Perguntando a { $name } se pode começar agora… Tem { $seconds } segundos para aceitar. A fatura chega assim que aceitar.
btn-withdraw-request = ✖️ Retirar o pedido
start-now-declined-user = { $name } não pode atender a chamada agora. Nada foi cobrado.
start-now-no-answer-user = { $name } não respondeu a tempo, então a chamada não será agora. Nada foi cobrado.
start-now-request-performer = 📞 { $who } quer uma chamada de { $minutes } minutos agora ({ $amount }). Aceite em { $seconds } segundos ou o pedido expira.
btn-accept-start-now = ✅ Aceitar
btn-decline-start-now = ❌ Recusar
start-now-expired-performer = O pedido de { $who } para uma chamada agora expirou sem resposta.
start-now-withdrawn-performer = { $who } retirou o pedido de uma chamada agora.
start-now-withdrawn-after-accept-performer = { $who } retirou o pedido depois que você aceitou, antes de pagar: a chamada não vai acontecer e seu horário está livre de novo.
start-now-unpaid-after-accept-performer = A chamada com { $who } que você aceitou não vai acontecer: não foi paga, e seu horário está livre de novo.
start-now-accepted-performer = ✅ Você aceitou a chamada de { $who }. A fatura foi enviada; você recebe o link assim que pagar.
start-now-declined-performer = Você recusou a chamada de { $who }. Já foi avisado.
start-now-late-performer = Tarde demais: o pedido de { $who } expirou antes da sua resposta. Já foi avisado e recebeu outros horários.
start-now-already-declined = Você já recusou o pedido de { $who }.
start-now-already-accepted = Você já aceitou o pedido de { $who }.
# Sent once when someone sends updates faster than the per-person limit (also a button toast).
slow-down = Vá um pouco mais devagar — tente de novo em alguns segundos.

# Admin → Users: find a person, their card, ban and unban.
btn-admin-users = 👤 Usuários
btn-find-user = 🔎 Buscar outra pessoa
btn-ban = ⛔ Banir
btn-unban = ✅ Desbanir
btn-confirm-ban = ⛔ Confirmar banimento
admin-users-ask = Quem? Envie o @usuário ou o id do Telegram.
admin-users-none = Ninguém encontrado para { $query }.
admin-user-card = { $name }
    Funções: { $roles }
    Reservas: { $bookings }
    Denúncias sobre esta pessoa: { $reports } ({ $reports_new } não tratadas)
    Advertências (denúncias com medidas): { $strikes }
admin-user-banned = ⛔ Banido desde { $when } por { $by }. Motivo: { $reason }
admin-user-not-banned = Não está banido.
admin-ban-ask-reason = Por que { $name } é banido? Digite o motivo (só os admins veem).
admin-ban-reason-empty = O motivo é obrigatório. Digite-o, ou Cancele.
admin-ban-confirm = Banir { $name }?
    Motivo: { $reason }

    As reservas não pagas são liberadas, as reservas pagas futuras (como usuário ou performer) são canceladas e reembolsadas por inteiro, uma performer fica offline e oculta, e a pessoa não recebe transmissões.
admin-ban-done = { $name } está banido. Reservas liberadas ou canceladas: { $count }.
admin-unban-done = { $name } não está mais banido.
admin-ban-unchanged = Nada mudou: já estava assim.
admin-ban-refused = Você não pode banir nem desbanir esta pessoa: superadmins nunca são banidos, só superadmins banem ou desbanem admins, e ninguém bane a si mesmo.
# What a banned person's messages and taps get (at most once a minute).
you-are-banned = Sua conta foi bloqueada para usar este bot.

## Reports (bot/user/report.rs, bot/admin/reports.rs)
btn-report = 🚩 Denunciar
btn-report-user = 🚩 Denunciar { $who }
btn-past-call = Passada: { $when } · { $who }
report-reason =
    { $reason ->
        [no_show] Não apareceu
        [rude] Grosseiro
        [inappropriate] Inapropriado
        [scam] Golpe
       *[other] Outra coisa
    }
report-ask-reason = 🚩 O que aconteceu? Escolha o motivo mais próximo.
report-words-prompt = Adicione algumas palavras para os admins (até { $max } caracteres), ou Pular.
report-thanks = Obrigado, um admin vai analisar.
report-not-allowed = Isto não pode ser denunciado daqui.
report-admin-alert = 🚩 Nova denúncia #{ $id }: { $reason }.
btn-open-report = Abrir a denúncia
btn-admin-reports = 🚩 Denúncias ({ $count } novas)
admin-reports-title = 🚩 Denúncias, as mais recentes primeiro:
admin-reports-none = 🚩 Ainda não há denúncias.
admin-report-card =
    🚩 Denúncia #{ $id } ({ $when })
    De: { $reporter }
    Sobre: { $reported }
    Reserva: { $booking }
    Motivo: { $reason }
    Palavras: { $text }
admin-report-new = 🆕 Ainda não tratada.
admin-report-done = ✅ Tratada por { $by } ({ $when }): { $action }
btn-report-handle = ✅ Marcar tratada
btn-report-no-action = Nenhuma ação necessária
btn-report-reported-card = 👤 A ficha de admin
report-no-action = Nenhuma ação necessária
admin-report-ask-action = O que foi feito? Escreva a ação tomada, ou toque em Nenhuma ação necessária.
admin-report-handled = ✅ Marcada como tratada.
admin-report-unchanged = Nada mudou: já estava tratada.
# Admin → Audit
btn-admin-audit = 📜 Auditoria
admin-audit-title = 📜 Registo de auditoria ({ $total }), o mais recente primeiro:
admin-audit-none = 📜 Ainda não há ações de administração registadas.
audit-line = { $who }: { $what } { $target }
audit-ban = baniu
audit-unban = levantou o banimento de
audit-grant = deu um papel a
audit-revoke = tirou um papel a
audit-payout = registou um pagamento a
audit-hide-review = ocultou uma avaliação de
btn-admin-refund-only = ↩️ Reembolsar sem cancelar
admin-refund-confirm-stars = Reembolsar por inteiro a reserva #{ $booking } de { $user } ({ $amount }) sem a cancelar? O Telegram só reembolsa um pagamento em Stars inteiro, por isso não há reembolso parcial. A reserva mantém o estado, os ganhos do performer com ela são revertidos e o utilizador é avisado.
admin-refund-confirm-provider = Reembolsar a reserva #{ $booking } de { $user } ({ $amount }) sem a cancelar? O Telegram não pode reembolsar esta moeda: o reembolso fica registado como pendente, por inteiro, no fornecedor. A reserva mantém o estado e os ganhos do performer com ela são revertidos.
btn-admin-confirm-refund = ↩️ Sim, reembolsar por inteiro
admin-refunded = ↩️ Reembolso feito (ou registado como pendente); a reserva mantém o estado.
admin-refund-not-possible = Este pagamento já não pode ser reembolsado aqui (já reembolsado, ou a reserva avançou); nada mudou.
audit-refund = reembolsou sem cancelar a reserva de
audit-cancel = cancelou e reembolsou a reserva de
audit-settle = resolveu a disputa de
audit-report-handled = tratou uma denúncia sobre

## Mini App
miniapp-menu-button = 📅 Agendar
app-loading = Carregando…
app-error-reopen = Esta página expirou. Feche e abra de novo pelo bot.
app-error-generic = Algo deu errado. Tente de novo.
app-back = Voltar
app-hello = Olá, { $name }!

## Admin: advertências, limites, avaliações visíveis de novo
admin-user-limits = 🚧 Limites atingidos nos últimos 7 dias: { $list }
admin-user-limits-none = 🚧 Nenhum limite atingido nos últimos 7 dias.
limit-unpaid-holds = reservas não pagas
limit-holds-per-hour = reservas por hora
limit-update-rate = mensagens demais
admin-figures-limits = 🚧 Atingiram um limite hoje: { $people }
admin-figures-limits-none = 🚧 Ninguém atingiu um limite hoje.
admin-figures-limits-more = { " " }e mais { $count }
btn-unhide-review = 👁 Mostrar #{ $n }
review-unhidden-done = A avaliação volta a aparecer.
audit-unhide-review = voltou a mostrar uma avaliação de
# Mini App → telas do usuário
btn-pick-on-calendar = 📅 Escolher num calendário
app-user-not-found = Essa reserva não é sua.
app-user-home-performers = 🔥 PNP Live
app-user-home-bookings = 📋 Minhas reservas
app-user-performers-title = Performers
app-user-none = Ninguém pode ser agendado agora. Volte mais tarde.
app-user-from = a partir de { $price }
app-user-rating = ⭐ { $average } ({ $count })
app-user-no-rating = Ainda sem avaliações
app-user-rates = Preços
app-user-next-slots = Próximos horários livres
app-user-no-slots = Sem horários livres nos próximos dias.
app-user-pick-time = 📅 Escolher um horário
app-user-rate-pick = Quanto tempo?
app-user-calendar-title = { $name } · { $minutes } min
app-user-times-in = Horários em { $zone }
app-user-performer-zone = { $name } mora em { $zone }.
app-user-month-empty = Sem horários livres neste mês.
app-user-prev-month = ‹ Anterior
app-user-next-month = Próximo ›
app-user-pick-day = Escolha um dia com horários livres.
app-user-hold = Reservar { $when } e pagar
app-user-held = Reservado para você até { $until }. Pague para confirmar.
app-user-paid = Pago! Sua reserva está confirmada; o link da chamada chega no chat.
app-user-not-paid = Ainda não pago. O horário continua reservado para você até { $until }.
app-user-age-accept = Tenho 18+ e aceito
app-user-bookings-title = Minhas reservas
app-user-bookings-empty = Você ainda não tem reservas.
app-user-upcoming = Próximas
app-user-past = Passadas
app-user-join = ▶️ Entrar na chamada
app-user-pay = 💳 Pagar
app-user-reschedule = 🔁 Remarcar
app-user-cancel = ✖️ Cancelar
app-user-confirm-cancel = ✖️ Sim, cancelar
app-user-keep = ↩️ Manter
app-user-move-title = Um novo horário para sua chamada com { $name } (agora { $when })
app-user-move-to = Mudar para { $when }
app-user-moved = Remarcada para { $when }.
app-user-zone-saved = Seu fuso horário agora é { $zone }.
## Mini App: performer screens
app-perf-btn-edit-week = 🗓 Editar minha semana
app-perf-menu-week = 🗓 Minha semana
app-perf-menu-calendar = 📆 Datas bloqueadas e horário especial
app-perf-menu-preview = 👀 Meus próximos 14 dias
app-perf-menu-profile = 🎭 Meu perfil
app-perf-menu-earnings = 💰 Meus ganhos
app-perf-week-title = 🗓 Minha semana
app-perf-week-hint = Toque ou arraste sobre as meias horas em que você atende chamadas; toque ou arraste sobre as pintadas para apagá-las. Horários em { $zone }.
app-perf-week-save = Salvar minha semana
app-perf-saved = ✅ Salvo.
app-perf-calendar-title = 📆 Datas bloqueadas e horário especial
app-perf-calendar-hint = Toque numa data para bloqueá-la ou dar a ela um horário especial. Datas em { $zone }.
app-perf-legend-blocked = Bloqueada
app-perf-legend-special = Horário especial
app-perf-day-blocked = ⛔ Bloqueada: { $from } – { $to }
app-perf-day-open = Nesta data vale o seu horário semanal.
app-perf-day-special = Horário especial: { $hours }
app-perf-block-until = Bloquear até (inclusive)
app-perf-block = ⛔ Bloquear estas datas
app-perf-unblock = Remover este bloqueio
app-perf-special-label = Horário especial nesta data (ex.: 10:00-14:00, ou fechado)
app-perf-special-save = Salvar horário especial
app-perf-special-remove = Remover horário especial
app-perf-preview-title = 👀 Meus próximos 14 dias, como os usuários veem
app-perf-preview-hint = Horários livres de início para uma chamada de { $minutes } minutos, em { $zone } (os usuários veem no próprio fuso).
app-perf-preview-length = Duração
app-perf-preview-no-rates = Você ainda não tem preços, então ninguém pode agendar com você. Adicione um no chat: /pnp_live → Gerenciar perfil → Preços.
app-perf-profile-title = 🎭 Meu perfil
app-perf-name = Nome de exibição
app-perf-bio = Bio ({ $count }/{ $max })
app-perf-tags = Tags ({ $count }/{ $max })
app-perf-add-tag = Outra tag
app-perf-add = Adicionar
app-perf-preview-card = Como os usuários veem
app-perf-no-bio = Ainda sem bio.
app-perf-no-rates = Ainda sem preços.
app-perf-rate = { $minutes } min · { $price }
app-perf-photo-set = 📷 Foto definida (troque no chat).
app-perf-photo-none = 📷 Ainda sem foto: envie uma no chat (/pnp_live → Gerenciar perfil → Foto).
app-perf-rates-title = Preços
app-perf-rates-hint = Um preço por duração ({ $min }–{ $max } min, até { $count } durações). Salvar uma duração de novo muda o preço.
app-perf-rate-minutes = Minutos
app-perf-rate-price = Preço ({ $currency })
app-perf-rate-save = Salvar preço
app-perf-rate-remove = Remover
app-perf-rate-removed = Preço removido.
app-perf-profile-save = Salvar perfil
app-perf-earnings-title = 💰 Meus ganhos
app-perf-earnings-hint = Após a comissão de { $percent }% da plataforma. As semanas começam na segunda-feira em { $zone }.
app-perf-earnings-week = Esta semana
app-perf-earnings-month = Este mês
app-perf-earnings-all = Desde sempre
app-perf-earnings-owed = Devido a você agora
app-perf-earnings-last-payout = Último pagamento: { $when }
app-perf-earnings-no-payout = Nenhum pagamento ainda.
app-perf-earnings-none = Ainda sem ganhos: eles aparecem após sua primeira chamada concluída.

## Mini App: admin screens
app-admin-menu-dashboard = 📊 Painel
app-admin-menu-bookings = 📋 Agendamentos
app-admin-dashboard-title = 📊 Painel
app-admin-today = Hoje (desde a meia-noite, { $zone })
app-admin-week = Esta semana (desde segunda-feira, { $zone })
app-admin-bookings-count = Agendamentos
app-admin-stars-taken = Stars recebidas
app-admin-stars-refunded = Stars reembolsadas
app-admin-no-shows = Ausências
app-admin-online = Performers online
app-admin-waiting = Avisos a enviar
app-admin-bookings-title = 📋 Agendamentos
app-admin-filter-status = Status
app-admin-filter-performer = Performer
app-admin-filter-user = Usuário (@usuário ou id do Telegram)
app-admin-filter-date = Começando em
app-admin-filter-any = Qualquer
app-admin-filter-apply = Aplicar
app-admin-results = { $total } encontrados · página { $page } de { $pages } · horários em { $zone }
app-admin-none = Nenhum agendamento corresponde a estes filtros.
app-admin-prev = ‹ Anterior
app-admin-next = Próxima ›
app-admin-bad-date = Escreva a data como ano-mês-dia, ex.: 2026-12-24.
app-admin-booking-title = Agendamento #{ $id }
app-admin-when = Quando
app-admin-user = Usuário
app-admin-performer = Performer
app-admin-price = Preço
app-admin-payment = Pagamento
app-admin-payment-none = Sem pagamento.
app-admin-pay-paid = Pago { $amount }
app-admin-pay-refund-pending = Reembolso de { $amount } em andamento
app-admin-pay-refund-due = Reembolso de { $amount } devido no provedor
app-admin-pay-refunded = Reembolsado { $amount }
app-admin-review = Avaliação
app-admin-review-hidden = (oculta)
app-admin-review-not-shown = Essa avaliação já está oculta; nada mudou.
app-admin-history = Histórico (horários em { $zone })
app-admin-banned = ⛔ banido
app-admin-action-cancel = ❌ Cancelar e reembolsar
app-admin-action-refund = ↩️ Reembolsar sem cancelar
app-admin-action-hide = 🙈 Ocultar a avaliação
app-admin-action-ban = ⛔ Banir o usuário
app-admin-confirm-cancel = Cancelar o agendamento #{ $id } e reembolsar { $amount } integralmente? Os dois lados são avisados, o usuário com um pedido de desculpas.
app-admin-confirm-refund = Reembolsar o agendamento #{ $id } integralmente ({ $amount }) sem cancelá-lo? O agendamento mantém o status, os ganhos do performer por ele são revertidos e o usuário é avisado.
app-admin-confirm-hide = Ocultar esta avaliação? Ela é mantida, mas ninguém mais a vê.
app-admin-confirm-ban = Banir { $name }? As reservas não pagas são liberadas e as chamadas pagas futuras são canceladas e reembolsadas integralmente.
app-admin-ban-reason = Motivo (obrigatório; só os admins veem)
app-admin-yes = Sim, fazer
app-admin-no = Não, voltar
app-admin-status = Status
app-role-performer = Performer
app-role-admin = Administrador
