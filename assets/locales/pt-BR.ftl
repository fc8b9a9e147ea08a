# witi-connect — português do Brasil (mesmos ids do catálogo em inglês, en.ftl)

app-title = witi-connect

## Relative times
time-under-a-minute = há menos de um minuto
time-minutes-ago = há { $n } min
time-hours-ago = há { $n } h
time-days-ago = há { $n } d
time-short-under-a-minute = < 1 min
time-short-minutes = { $n } min
time-short-hours = { $n } h
time-short-days = { $n } d
updated-ago = atualizado { $ago }
never-updated = aguardando o primeiro status…

## Status codes (the gateway's name follows in brackets)
status-0 = Não conectado
status-1 = Abrindo conexão
status-2 = Conexão aberta
status-3 = Aguardando leitura do QR
status-4 = Iniciando
status-10 = Pareado
status-11 = Pareado, celular offline
status-13 = Desvinculado pelo celular
status-unknown = desconhecido ({ $code })
status-none = Ainda sem status

## Operations (the eight commands)
op-generate-qr = Gerar QR
op-status = Status
op-disconnect = Desconectar
op-close-session = Encerrar sessão
op-save-session = Salvar sessão
op-restore-session = Restaurar sessão
op-clear = Limpar instância
op-settings = Configurações
op-done = Concluído
op-done-disconnect = Desconectado: será preciso um novo QR
op-done-close-session = Sessão encerrada: pode ser restaurada
op-done-save-session = Sessão salva
op-done-restore-session = Sessão restaurada
op-done-clear = Arquivos armazenados e cache limpos
op-done-settings = Configurações aplicadas

## Event log
log-title = Registro de eventos
log-empty = Nada aconteceu ainda.
log-col-time = Hora
log-col-event = Evento
log-col-outcome = Resultado
log-col-detail = Detalhe
log-col-latency = Latência
log-ok = ok
log-failed = falhou
log-info = info
log-state-changed = Estado: { $from } » { $to }
log-state-first = Estado: { $state }
log-poll-failed = A consulta de status falhou
log-poll-recovered = A consulta de status voltou a funcionar
log-qr-shown = QR { $attempt } exibido (válido por { $secs } s)
log-qr-scanned = O celular leu o QR
log-paired = Pareado
log-qr-expired = QR expirado: novos códigos não serão mais pedidos
log-qr-request-failed = O pedido de QR falhou
log-qr-unreadable = A imagem do QR não pôde ser exibida
log-pairing-cancelled = Pareamento cancelado
log-instance-unusable = A instância não pode ser usada

## Header and shared
no-instance = Adicione uma instância com o endereço do gateway e a chave de API, ou inicie com --demo para experimentar o app num simulador.
header-key = Chave de API { $key }
refresh = Atualizar
refresh-hint = Pedir o status ao gateway agora (F5)
stale = desatualizado
stale-hint = A última consulta de status falhou; os valores exibidos são os últimos válidos.

## Pairing
connect = Conectar
connect-hint = Pedir ao gateway um QR code para parear um celular
not-connected-title = Nenhum celular pareado
not-connected-body = Clique em Conectar e leia o QR code com o celular do cliente.
restore-offer-title = Uma sessão salva pode ser restaurada
restore-offer-body = A sessão desta instância foi encerrada e pode voltar sem QR code.
restore-offer-new-qr = Parear outro celular
qr-requesting = Pedindo um QR code…
qr-refreshing = Obtendo um QR code novo…
qr-scan-title = Leia para parear
qr-step-1 = 1. No celular, abra WhatsApp › Configurações › Aparelhos conectados.
qr-step-2 = 2. Toque em "Conectar um aparelho".
qr-step-3 = 3. Aponte a câmera para este código.
qr-expires-in = Expira em { $secs } s
qr-attempt = QR { $attempt } de { $total }
qr-alt = QR code, expira em { $secs } s
qr-preparing = Preparando o QR code…
qr-unreadable = O QR code não pode ser exibido: { $error }
qr-new = Novo QR
qr-new-hint = Descartar este código e pedir um novo
qr-cancel = Cancelar
qr-cancel-hint = Parar de pedir QR codes ao gateway
qr-scanned = Celular leu o QR — conectando…
qr-request-failed = Não foi possível obter o QR code
qr-retry-in = Nova tentativa em { $secs } s
qr-try-now = Tentar agora
qr-expired = QR expirado
qr-expired-why = Nenhum celular leu os últimos { $refreshes } códigos renovados, então o app parou de pedir (o gateway pode bloquear instâncias que pedem com muita frequência).
qr-get-new = Obter um novo QR code
paired-as = Pareado como { $name } ({ $number }), { $device }
unknown-value = desconhecido
unknown-device = aparelho desconhecido
instance-unusable = Esta instância não pode ser usada

## Health panels
yes = sim
no = não
no-data = Ainda sem dados.
panel-connection = Conexão
panel-device = Aparelho
panel-battery = Bateria
panel-storage = Armazenamento
panel-stats = Estatísticas
field-status = Status
field-connected = Conectado
field-can-restore = Pode restaurar
field-user-agent = User agent
field-webhook = Webhook
field-web-id = WebID
field-push-name = Nome de exibição
field-number = Número
field-model = Modelo
field-manufacturer = Fabricante
field-platform = Plataforma
field-os = Versão do sistema (build)
field-wa-version = Versão do WhatsApp
field-mcc-mnc = MCC / MNC
field-language = Idioma
field-locales = Localidades
field-contacts = Contatos
field-chats = Conversas
field-sent = Bytes enviados
field-received = Bytes recebidos
webhook-suffix-note = O gateway acrescenta "&wid=<WebID>" ao webhook que chama; aqui aparece o que foi configurado.
device-none = Nenhum celular pareado, então não há aparelho para mostrar.
battery-not-reported = Não informado
battery-alt = Bateria { $percent } %
battery-charging = Carregando
battery-on-battery = Na bateria
battery-charging-unknown = Carregamento: não informado
battery-low = Bateria fraca
battery-reported-by-phone = Informado pelo celular; pode estar desatualizado em contas multiaparelho.
storage-total = { $size } em { $files } arquivos
storage-no-folders = Nenhuma pasta.
storage-files = { $files } arquivos
storage-bar-alt = Parte do armazenamento usada por { $folder }

## Operations bar
cancel = Cancelar
hint-generate-qr = Pedir ao gateway um QR code para parear um celular
hint-status = Pedir ao gateway o status da instância agora (F5)
hint-save-session = Salvar a conexão atual para restaurá-la depois (feito automaticamente após a leitura)
hint-restore-session = Trazer de volta uma sessão encerrada com Encerrar sessão, sem QR code
hint-close-session = Encerrar a sessão, mas mantê-la restaurável sem QR code
hint-disconnect = Desconectar do WhatsApp por completo; será preciso um novo QR code
hint-clear = Limpar os arquivos armazenados e o cache da instância (os dados do WhatsApp não são afetados)
hint-settings = Webhook, user agent, versão da API e envio em lote
why-not-generate-qr = A instância está pareada, ou um QR code já está sendo exibido
why-not-connected = Só uma instância pareada tem sessão para salvar
why-not-restore = O gateway não informa uma sessão que possa ser restaurada
why-not-linked = Nenhuma sessão aberta
why-not-disconnect = Nada para desconectar
why-not-known = Aguardando o primeiro status da instância
outcome-ok = concluído em { $latency }
outcome-failed = { $op } falhou
confirm-disconnect-title = Desconectar esta instância?
confirm-disconnect-body = A instância será desconectada do WhatsApp por completo. A sessão não poderá ser restaurada: o cliente terá de ler um novo QR code para parear de novo.
confirm-close-title = Encerrar esta sessão?
confirm-close-body = A instância para de enviar e receber mensagens. A sessão é mantida e pode voltar com Restaurar sessão, sem QR code.
confirm-clear-title = Limpar esta instância?
confirm-clear-body = Os arquivos armazenados e o cache da instância no gateway são apagados (mídias, fotos de perfil, miniaturas). A sessão do WhatsApp e os dados do WhatsApp no celular não são afetados.

## Settings
save = Salvar
back = Voltar
settings-title = Configurações da instância
settings-webhook = URL do webhook (PostBack)
settings-webhook-warning = Mudar o webhook aqui interrompe o uso desta instância pelo navegador do provedor. Para usar os dois, mude-o na área administrativa do provedor (Editar instância › API › URL de PostBack).
settings-webhook-invalid = O webhook não é uma URL válida.
settings-webhook-scheme = O webhook deve começar com http:// ou https://.
settings-webhook-host = O webhook não tem host.
settings-user-agent = User agent
settings-ua-custom = Personalizado
settings-ua-full = User agent completo enviado ao gateway
settings-ua-empty = O user agent não pode ficar vazio.
settings-api-version = Versão da API
settings-bulk = Envio em lote
settings-keep = Manter o atual
settings-on = Ligado
settings-off = Desligado
settings-keep-note = O status do gateway não informa a versão da API nem o envio em lote; "Manter o atual" os deixa como estão.
settings-bulk-help = Com lote, o webhook recebe "BULK," e um array JSON (API 1.0), ou "BULKGZ," e base64 comprimido com zlib (API 1.1). Sem ele, uma mensagem JSON simples por chamada.
settings-no-changes = Nenhuma alteração
settings-none = (nenhum)
confirm-webhook-title = Mudar o webhook?
confirm-webhook-body = Os eventos serão enviados para { $new } em vez de { $old }.
confirm-webhook-yes = Mudar webhook
stale-title = A última consulta de status falhou
stale-body = Exibindo os últimos dados válidos, de { $ago }. As consultas continuam com espera crescente; clique em Atualizar (F5) para tentar agora.
stale-body-never = Nenhum status foi recebido ainda. As consultas continuam com espera crescente; clique em Atualizar (F5) para tentar agora.

## Notices
notice-state-changed = { $name }: { $from } » { $to }
notice-no-such-instance = Nenhuma instância se chama "{ $name }".
notice-save-failed = Não foi possível salvar a lista de instâncias: { $error }
notice-dismiss = Dispensar
notice-more = e mais { $count }

## Fleet
fleet-title = Instâncias ({ $count })
fleet-add = Adicionar instância
fleet-add-hint = Adicionar uma instância pelo endereço do gateway e pela chave de API
fleet-filter = Filtro
fleet-filter-hint = nome, número, nome de exibição ou etiqueta
fleet-empty = Nenhuma instância ainda.
fleet-no-match = Nenhuma instância corresponde ao filtro.
fleet-seen = visto { $ago }
no-instance-title = Nenhuma instância selecionada
edit = Editar…
edit-hint = Mudar o nome, endereço, chave, etiquetas ou notas
remove = Remover
remove-ellipsis = Remover…
remove-hint = Remover esta instância do witi-connect
remove-title = Remover { $name }?
remove-body = O endereço, a chave de API, as etiquetas e as notas são apagados deste computador. A instância no gateway não é afetada e continua funcionando.

## Instance form
form-add-title = Adicionar uma instância
form-edit-title = Editar a instância
form-name = Nome
form-base-url = Endereço do gateway (URL base)
form-key = Chave de API
form-reveal = Mostrar a chave
form-tags = Etiquetas (separadas por vírgula)
form-notes = Notas
form-name-missing = Dê um nome à instância.
form-name-taken = Já existe uma instância chamada "{ $name }".
form-url-invalid = O endereço deve ser uma URL http:// ou https:// com host.
form-url-query = O endereço não pode conter uma query (?…); a chave vai no campo próprio.
form-key-missing = Informe a chave de API da instância.
form-http-warning = Este endereço usa HTTP simples: a chave de API atravessaria a rede sem criptografia.
notice-config-moved = Não foi possível ler a lista de instâncias salva ({ $reason }). Ela foi guardada como { $backup } e o app começa com uma lista vazia.
notice-config-unusable = A lista de instâncias salva não foi carregada e não será gravada: { $error }

## Files
report-title = Relatório de saúde do witi-connect, { $at }
report-last-error = Último erro
import-too-large = O arquivo tem mais de 1 MB; não é uma lista de instâncias.
import-not-a-list = O arquivo não é uma lista de instâncias: { $reason }
import-wrong-format = O arquivo é um "{ $format }", não uma lista de instâncias do witi-connect.
import-too-new = A lista é de um witi-connect mais novo (versão { $version }).
import-unnamed = A lista tem uma instância sem nome.
import-duplicate = A lista cita "{ $name }" duas vezes.
import-bad-url = O endereço de "{ $name }" não é uma URL http:// ou https:// sem query.
import-same = já é igual
import-no-key = sem chave de API no arquivo
notice-import-refused = A lista de instâncias foi recusada e nada foi alterado: { $reason }
notice-imported = Lista de instâncias importada: { $added } adicionadas, { $updated } atualizadas, { $skipped } ignoradas. { $details }
notice-file-saved = Salvo em { $path }
notice-file-failed = Não foi possível gravar ou ler o arquivo: { $error }
notice-no-file-dialog = Nenhuma janela de arquivos pôde ser aberta: este desktop não tem o portal XDG nem o zenity.
files-menu = Arquivos
files-report-json = Exportar relatório de saúde (JSON)…
files-report-text = Exportar relatório de saúde (texto)…
files-export-list = Exportar lista de instâncias…
files-import-list = Importar lista de instâncias…
report-menu = Relatório
report-hint = Exportar o relatório de saúde desta instância para um chamado de suporte (sem a chave e o WebID)
qr-save-png = Salvar QR como PNG…
qr-save-png-hint = Salvar este QR code como imagem, por exemplo para enviar ao cliente
export-list-title = Exportar a lista de instâncias
export-list-body = Nomes, endereços, etiquetas e notas das instâncias salvas vão para um arquivo JSON que pode ser importado em outro computador.
export-list-keys = Incluir as chaves de API
export-list-keys-warning = Quem tiver este arquivo pode controlar estas instâncias. Envie-o só por um canal seguro e apague-o depois do uso.
export-list-save = Exportar…

## Fleet overview
overview-button = Visão geral da frota
overview-button-hint = Todas as instâncias numa tabela, ordenável por qualquer coluna
overview-title = Visão geral da frota ({ $count } instâncias)
overview-hint = Clique numa coluna para ordenar por ela; clique nas linhas para selecioná-las, clique duplo para abrir uma.
overview-sort-hint = Ordenar por esta coluna (clique de novo para inverter)
col-name = Nome
col-status = Status
col-last-poll = Última consulta
col-last-error = Último erro

## Errors (ApiError, QrError)
api-error-gateway = O gateway recusou o pedido: { $message }
api-error-http = O gateway respondeu HTTP { $status }: { $summary }
api-error-timeout = O gateway não respondeu em { $secs } s
api-error-unreachable = Não foi possível alcançar o gateway: { $detail }
api-error-interrupted = O gateway fechou a conexão sem uma resposta completa
api-error-not-json = A resposta do gateway não é JSON: "{ $excerpt }"
api-error-shape = A resposta do gateway tem um formato inesperado: { $detail }
api-error-too-large = A resposta do gateway tem mais de { $mb } MB e não foi lida
api-error-invalid-url = O endereço do gateway não é válido: { $detail }
qr-error-too-large = a imagem do QR tem mais de { $kb } KB
qr-error-bad-base64 = a imagem do QR não é base64 válido
qr-error-not-svg = a imagem do QR é { $format ->
    [text] texto simples
   *[other] um arquivo { $format }
}, não uma imagem SVG
qr-error-invalid-svg = a imagem do QR não é um SVG válido: { $detail }
qr-error-unsupported = a imagem do QR usa filtros, padrões ou máscaras, que um QR code nunca tem
qr-error-blank = a imagem do QR está em branco
qr-error-stopped = a imagem do QR não pôde ser desenhada (a tarefa de desenho parou)
store-error-read = não foi possível ler { $path }: { $reason }
store-error-write = não foi possível gravar { $path }: { $reason }
store-error-too-new = { $path } é de um witi-connect mais novo (versão { $version }); não foi alterado
notice-prefs-save-failed = Não foi possível salvar as preferências: { $error }

## Preferences and shortcuts
prefs-button = Preferências…
prefs-button-hint = Idioma, tema e notificações
prefs-title = Preferências
prefs-language = Idioma
prefs-language-run = { $lang } nesta execução (--lang); uma escolha aqui a substitui.
prefs-language-system = Sistema (atual: { $current })
prefs-theme = Tema
prefs-theme-system = Seguir o sistema
prefs-theme-dark = Escuro
prefs-theme-light = Claro
prefs-notifications = Notificações na área de trabalho
prefs-notifications-help = Quando uma instância deixa de estar pareada ou a bateria do celular fica abaixo de 20 %; no máximo uma por instância a cada 10 minutos.
close = Fechar
shortcuts-button = Atalhos (F1)
shortcuts-button-hint = Todos os atalhos de teclado
shortcuts-title = Atalhos de teclado
shortcut-refresh = Pedir agora o status da instância selecionada
shortcut-add = Adicionar uma instância
shortcut-filter = Filtrar a lista de instâncias
shortcut-move = Percorrer a lista de instâncias
shortcut-connect = Conectar a instância selecionada (restaurar a sessão salva, se houver; senão pedir um QR code)
shortcut-fullscreen = Mostrar o QR code em tela cheia, ou sair da tela cheia
shortcut-escape = Fechar uma janela de diálogo, ou sair da tela cheia
shortcut-help = Mostrar estes atalhos
shortcut-tab = Passar entre botões e campos, e acionar o que estiver em foco
qr-fullscreen = Tela cheia (F11)
qr-fullscreen-hint = Mostrar só o QR code e a contagem regressiva, o maior possível
qr-fullscreen-leave = Sair da tela cheia (Esc)

## Desktop notifications
notify-left-paired-title = { $name } não está mais pareado
notify-left-paired-body = Agora: { $state }. Abra o witi-connect para parear de novo.
notify-low-battery-title = { $name }: bateria em { $percent } %
notify-low-battery-body = A bateria do celular está fraca: peça ao cliente para carregá-lo.
file-filter-png = Imagem PNG
file-filter-text = Texto
file-filter-json = JSON
qr-error-out-of-bounds = a imagem do QR desenha muito fora da própria área

## History
panel-history = Histórico
history-export-csv = Exportar CSV…
history-disabled = O histórico está desligado nesta execução (--no-history).
history-off = O histórico não é gravado nesta execução.
history-off-in-use = O histórico não é gravado: outro witi-connect em execução grava no mesmo arquivo.
history-failed = Não foi possível ler o histórico: { $reason }
history-loading = Lendo o histórico…
history-24h = 24 h
history-days = { $days } d
history-not-watched = Não observado (o app não estava aberto ou não consultava)
history-no-answer = Sem resposta do gateway
history-cause-op = após { $op }
history-cause-error = sem resposta ({ $kind })
history-cause-poll = visto numa consulta
history-cause-pairing = durante o pareamento
history-now = agora
history-span-times = { $start } a { $end } ({ $duration })
history-span-cause = Causa: { $cause }
history-strip-label = Estado nas últimas { $window }: { $uptime }
history-uptime = Disponibilidade { $percent } % dos { $watched } % observados
history-uptime-none = Não observado nesta janela
history-drops = { $count ->
    [0] nenhuma queda
    [one] 1 queda
   *[other] { $count } quedas
}
history-last-drop = última: { $at }, { $state } ({ $cause })
history-no-samples = Ainda não há amostras de bateria, latência ou armazenamento nesta janela.
history-chart-battery = Bateria
history-chart-latency = Latência da consulta
history-chart-storage = Armazenamento
history-plugged = Na tomada
file-filter-csv = CSV
notice-history-failed = Não foi possível exportar o histórico: { $reason }
notice-history-moved = O arquivo de histórico não pôde ser usado ({ $reason }). Ele foi guardado como { $backup } e um novo foi iniciado.
notice-history-in-use = Outro witi-connect em execução grava no mesmo arquivo de histórico: esta janela não grava histórico.
notice-history-unavailable = Nenhum histórico é gravado: { $reason }
notice-history-paused = Gravação do histórico pausada: { $reason }. Nada se perde; nova tentativa a cada 30 s.
notice-history-resumed = O histórico voltou a ser gravado; nada se perdeu.
prefs-history = Histórico
prefs-history-keep = Manter o histórico por
prefs-history-days = { $days } dias
prefs-history-file = { $path } ({ $size })
prefs-history-off = Não gravado nesta execução.
web-id-show = Mostrar WebID
web-id-hide = Ocultar WebID
device-more = Mais
storage-folders = Pastas
log-latest = { $count ->
    [one] 1 entrada
   *[other] { $count } entradas
}
notice-linked-then-dropped = { $name } foi vinculado e caiu em seguida: agora { $state }. O pareamento não se manteve; pareie de novo ou verifique o telefone.
prefs-confirm-polls = Avisar de uma mudança de estado depois que ela se manteve por
prefs-polls = { $count ->
    [one] 1 consulta (na hora)
   *[other] { $count } consultas seguidas
}

## Contagens por estado (os chips sobre as listas)
chip-paired = Pareadas
chip-pairing = Pareando
chip-not-connected = Não conectadas
chip-session-closed = Sessão fechada
chip-phone-offline = Celular offline
chip-trouble = Erro ou desatualizadas
chip-low-battery = Bateria baixa
chip-parked = Estacionadas
chip-waiting = Sem resposta ainda
chip-hint = Mostrar só estas (clique de novo para tirar); os chips se somam e combinam com o filtro
filter-showing = Mostrando { $shown }: { $what }
filter-or = {" "}ou{" "}
filter-clear = Limpar filtro
filter-clear-hint = Mostrar todas as instâncias de novo
instance-parked = Estacionada
form-parked = Estacionada (fora de serviço de propósito)
form-parked-hint = Consultada a cada 10 minutos, fora dos alertas, das contagens de problemas e das seleções em massa a menos que escolhida, mostrada esmaecida

## Operações em massa (a visão geral)
overview-cycle = Cada instância é consultada mais ou menos a cada { $secs } s.
overview-cycle-slow = { $cycle } A frota é maior do que o intervalo permite com o limite de requisições simultâneas por gateway (Preferências).
bulk-selected = { $count } { $n ->
    [one] selecionada
   *[other] selecionadas
}
bulk-selected-hint = Clique numa linha para selecioná-la, Ctrl+clique para somar uma, Shift+clique para um intervalo, Ctrl+A para todas as mostradas; clique duplo abre.
bulk-refresh = Atualizar status
bulk-settings = Configurações…
bulk-busy = Uma operação em massa está em andamento
bulk-park = Estacionar
bulk-unpark = Voltar ao serviço
bulk-export = Exportar relatório
bulk-export-hint = Um relatório de saúde (JSON) das instâncias selecionadas
bulk-clear-selection = Limpar seleção
bulk-counts = { $done } de { $total } concluídas: { $ok } ok, { $failed } com falha, { $skipped } puladas
bulk-cancelling = Cancelando: o que está em andamento termina
bulk-cancel = Cancelar execução
bulk-cancel-hint = Terminar o que está em andamento e não começar mais nenhuma
bulk-retry = Tentar de novo as que falharam ({ $count })
bulk-retry-hint = Executar de novo nas que falharam ou não começaram
bulk-dismiss = Fechar resultados
bulk-dismiss-hint = Guardar os resultados
bulk-results = Resultados (falhas primeiro)
bulk-ok = ok
bulk-pending = aguardando
bulk-title = { $op }: { $count } instâncias?
bulk-yes = { $op } em { $count }
bulk-body-status = Pergunta ao gateway o estado atual de cada instância, poucas requisições por vez por gateway.
bulk-body-save = Salva a sessão do WhatsApp de cada instância no gateway, para que possa ser restaurada depois sem QR code.
bulk-body-restore = Traz de volta a sessão salva de cada instância, sem QR code. Instâncias sem sessão salva informam um erro.
bulk-body-settings = Só o que você preencher é enviado; campos vazios e "manter" deixam a configuração de cada instância como está.
bulk-which = Estas instâncias:
bulk-and-more = { $names } e mais { $count }
bulk-park-title = Estacionar { $count } instâncias?
bulk-unpark-title = Voltar { $count } instâncias ao serviço?
bulk-unpark-body = Elas voltam a ser consultadas normalmente e as mudanças de estado voltam a ser avisadas.
bulk-skipped-cancelled = não iniciada (cancelado)
bulk-skipped-running = pulada: já em andamento nesta instância
bulk-skipped-gone = pulada: a instância foi removida ou não pode ser usada
log-bulk = Em massa: { $op }
notice-parked = { $count } instâncias estacionadas.
notice-unparked = { $count } instâncias voltaram ao serviço.
shortcut-select-all = Selecionar todas as linhas mostradas (visão geral da frota)
prefs-fleet = Frota
prefs-gateway-cap = Requisições simultâneas por gateway
prefs-gateway-cap-hint = Consultas e operações enviadas a um gateway ao mesmo tempo (1 a 16). Mais consulta uma frota grande mais depressa e carrega mais o gateway.
prefs-fleet-alert = Avisar quedas juntas a partir de
prefs-fleet-alert-hint = Quando esse número de instâncias de um gateway cai em 5 minutos, um só aviso diz isso em vez de um por instância.
notice-fleet-dropped = { $count } instâncias de { $host } caíram em { $minutes } minutos.
notify-fleet-dropped-title = { $count } instâncias de { $host } caíram
notify-fleet-dropped-body = Saíram do estado pareado com minutos de diferença: o gateway pode estar com problemas.
bulk-open = Abrir
bulk-open-hint = Abrir a instância selecionada (ou clique duplo na linha, ou Enter)
bulk-progress = { $op }: andamento
col-strip = Últimas 24 h
col-strip-hint = As últimas 24 horas, uma cor por estado (como os pontos); passe o mouse para ver horários e causa
bulk-more = Mais
bulk-none-selected = Selecione linhas antes (clique, Ctrl+clique, Shift+clique ou Ctrl+A)

## Importar uma frota de CSV
csv-too-large = O arquivo tem mais de { $mb } MB.
csv-empty = O arquivo está vazio: ele precisa de uma linha de cabeçalho com as colunas name, base_url e key.
csv-unreadable = O arquivo não pode ser lido como CSV: { $error }
csv-no-columns = A linha de cabeçalho precisa ter as colunas { $missing }. Ela tem: { $found }.
csv-row-unreadable = Ilegível daqui em diante: { $error }
csv-row-not-utf8 = Não é texto UTF-8: salve a planilha como "CSV UTF-8".
csv-row-columns = { $found } colunas, o cabeçalho tem { $expected }.
csv-row-no-name = Sem nome.
csv-row-no-key = Sem chave de API.
csv-row-short-key = A chave de API é curta demais.
csv-row-bad-url = Não é um endereço de gateway (http:// ou https:// e um host).
csv-row-key-in-list = Esta chave já está na lista, como "{ $name }".
csv-row-key-twice = A mesma chave da linha { $line }.
csv-row-name-twice = O mesmo nome da linha { $line }.
files-import-csv = Importar instâncias de CSV…
csv-title = Importar { $count } linhas de CSV?
csv-summary = { $valid } válidas, { $invalid } com problema (deixadas de fora). Nada é adicionado até você confirmar.
csv-columns = Colunas: name, base_url, key, tags, notes (linha de cabeçalho; vírgula ou ponto e vírgula).
csv-add = Adicionar { $count } instâncias
csv-col-line = Linha
csv-col-result = Resultado
csv-ok = ok
notice-csv-added = { $count } instâncias adicionadas do arquivo CSV ({ $left } linhas deixadas de fora).
notice-csv-refused = O arquivo CSV não foi importado: { $reason }

## Chaves de API: o chaveiro do sistema ou o arquivo de instâncias (keys.rs)
prefs-keys = Chaves de API
keys-home-keyring = No chaveiro do sistema (Secret Service): o arquivo de instâncias guarda só referências.
keys-home-file = No arquivo de instâncias (legível só por você): { $reason }
keys-home-mixed = { $keyring } no chaveiro do sistema, { $file } no arquivo de instâncias: { $reason }
keys-home-moving = Movendo as chaves para o chaveiro do sistema: { $keyring } lá, { $moving } faltando (cada uma sai do arquivo de instâncias quando o chaveiro a tem).
keys-no-keyring = nenhum chaveiro do sistema respondeu ({ $reason }).
keys-not-wanted = --no-keyring foi usado.
keys-refused = o chaveiro do sistema recusou guardá-las ({ $reason }).
keys-some-unreadable = algumas chaves não puderam ser lidas do chaveiro do sistema ao iniciar.
keys-missing-item = o chaveiro não tem item para ela
keys-unreadable-one = A chave de API de “{ $name }” não pôde ser lida do chaveiro do sistema ({ $reason }). Ela não conecta até o chaveiro responder; nada foi removido.
keys-unreadable-many = As chaves de API de { $count } instâncias não puderam ser lidas do chaveiro do sistema ({ $reason }). Elas não conectam até o chaveiro responder; nada foi removido.
keys-error-platform = o serviço de chaveiro falhou: { $reason }
keys-error-locked = o chaveiro está bloqueado ou o acesso foi negado: { $reason }
keys-error-format = o item do chaveiro não está no formato esperado
keys-error-invalid = o chaveiro rejeitou { $what }
keys-error-ambiguous = o chaveiro tem mais de um item para esta instância

## A paleta de comandos (views/palette.rs)
palette-title = Paleta de comandos
palette-find = Encontre uma operação, uma tela ou uma instância:
palette-hint = Digite algumas letras: “fechar”, “prefer”, o nome ou número de uma loja…
palette-count = { $count ->
    [one] 1 resultado
   *[other] { $count } resultados
}
palette-kind-operation = operação
palette-kind-view = tela
palette-kind-instance = instância
palette-diagnostics = Diagnóstico: últimas requisições…
palette-fleet-report = Exportar relatório de saúde da frota…
palette-shortcuts = Atalhos de teclado
palette-button = Comandos (Ctrl+K)
palette-button-hint = Encontre e execute qualquer operação, tela ou instância pelo teclado
shortcut-palette = A paleta de comandos: encontre e execute qualquer coisa digitando

## Diagnóstico: as últimas requisições e o pacote de suporte (views/diagnostics.rs, diagnostics.rs)
diag-button = Diagnóstico
diag-button-hint = As últimas requisições ao gateway, com as respostas (mascaradas), e um pacote de suporte
diag-title = Últimas requisições
diag-close = Fechar o diagnóstico
diag-bundle = Pacote de suporte…
diag-bundle-hint = Salvar um zip para um chamado: o relatório de saúde, estas requisições, as últimas 24 horas de histórico e os logs, com chaves, WebID e números de telefone mascarados
diag-count = { $count } das últimas { $max } requisições, as mais novas primeiro
diag-empty = Nenhuma requisição desde que o painel abriu; a próxima consulta aparece aqui.
diag-time = Hora
diag-command = Comando
diag-http = HTTP
diag-latency = Latência
diag-size = Tamanho
diag-outcome = Resultado
diag-row = { $command }, HTTP { $status }, { $outcome }
diag-ok = ok
diag-pick = Selecione uma requisição para ver a resposta.
diag-body = Resposta (chave, WebID e números de telefone mascarados)
diag-body-hint = Selecione o texto para copiar uma parte
diag-copy = Copiar
diag-copy-hint = Copiar a resposta inteira, mascarada como aqui
diag-body-dropped = Esta resposta não foi guardada (as mais antigas dão lugar às mais novas).
diag-no-answer = Nenhuma resposta chegou.
diag-cut = cortado em { $chars } caracteres
file-filter-zip = Arquivo zip
