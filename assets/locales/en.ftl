# witi-connect — English (the reference catalogue; every other language mirrors its ids)

app-title = witi-connect

## Relative times
time-under-a-minute = less than a minute ago
time-minutes-ago = { $n } min ago
time-hours-ago = { $n } h ago
time-days-ago = { $n } d ago
time-short-under-a-minute = < 1 min
time-short-minutes = { $n } min
time-short-hours = { $n } h
time-short-days = { $n } d
updated-ago = updated { $ago }
never-updated = waiting for the first status…

## Status codes (the gateway's name follows in brackets)
status-0 = Not connected
status-1 = Opening connection
status-2 = Connection open
status-3 = Waiting for QR scan
status-4 = Starting
status-10 = Paired
status-11 = Paired, phone offline
status-13 = Unlinked by the phone
status-unknown = unknown ({ $code })
status-none = No status yet

## Operations (the eight commands)
op-generate-qr = Generate QR
op-status = Status
op-disconnect = Disconnect
op-close-session = Close session
op-save-session = Save session
op-restore-session = Restore session
op-clear = Clear instance
op-settings = Settings
op-done = Done
op-done-disconnect = Disconnected: a new QR will be needed
op-done-close-session = Session closed: it can be restored
op-done-save-session = Session saved
op-done-restore-session = Session restored
op-done-clear = Stored files and cache cleared
op-done-settings = Settings applied

## Event log
log-title = Event log
log-empty = Nothing has happened yet.
log-col-time = Time
log-col-event = Event
log-col-outcome = Outcome
log-col-detail = Detail
log-col-latency = Latency
log-ok = ok
log-failed = failed
log-info = info
log-state-changed = State: { $from } » { $to }
log-state-first = State: { $state }
log-poll-failed = Status poll failed
log-poll-recovered = Status poll works again
log-qr-shown = QR { $attempt } shown (valid { $secs } s)
log-qr-scanned = Phone scanned the QR
log-paired = Paired
log-qr-expired = QR expired: stopped asking for new ones
log-qr-request-failed = QR request failed
log-qr-unreadable = QR image could not be shown
log-pairing-cancelled = Pairing cancelled
log-instance-unusable = Instance cannot be used

## Header and shared
no-instance = Add an instance with its gateway address and API key, or start with --demo to try the app on a simulator.
header-key = API key { $key }
refresh = Refresh
refresh-hint = Ask the gateway for the status now (F5)
stale = stale
stale-hint = The last status poll failed; the values shown are the last good ones.

## Pairing
connect = Connect
connect-hint = Ask the gateway for a QR code to pair a phone
not-connected-title = No phone is paired
not-connected-body = Press Connect, then scan the QR code with the customer's phone.
restore-offer-title = A saved session can be restored
restore-offer-body = This instance's session was closed and can come back without a QR code.
restore-offer-new-qr = Pair a new phone instead
qr-requesting = Requesting a QR code…
qr-refreshing = Getting a fresh QR code…
qr-scan-title = Scan to pair
qr-step-1 = 1. On the phone, open WhatsApp › Settings › Linked devices.
qr-step-2 = 2. Tap "Link a device".
qr-step-3 = 3. Point the camera at this code.
qr-expires-in = Expires in { $secs } s
qr-attempt = QR { $attempt } of { $total }
qr-alt = QR code, expires in { $secs } s
qr-preparing = Preparing the QR code…
qr-unreadable = The QR code cannot be shown: { $error }
qr-new = New QR
qr-new-hint = Discard this code and ask for a fresh one
qr-cancel = Cancel
qr-cancel-hint = Stop asking the gateway for QR codes
qr-scanned = Phone scanned — connecting…
qr-request-failed = The QR code could not be fetched
qr-retry-in = Trying again in { $secs } s
qr-try-now = Try now
qr-expired = QR expired
qr-expired-why = No phone scanned the last { $refreshes } refreshed codes, so the app stopped asking (the gateway may block instances that ask too often).
qr-get-new = Get a new QR code
paired-as = Paired as { $name } ({ $number }), { $device }
unknown-value = unknown
unknown-device = unknown device
instance-unusable = This instance cannot be used

## Health panels
yes = yes
no = no
no-data = No data yet.
panel-connection = Connection
panel-device = Device
panel-battery = Battery
panel-storage = Storage
panel-stats = Stats
field-status = Status
field-connected = Connected
field-can-restore = Can restore
field-user-agent = User agent
field-webhook = Webhook
field-web-id = WebID
field-push-name = Push name
field-number = Number
field-model = Model
field-manufacturer = Manufacturer
field-platform = Platform
field-os = OS version (build)
field-wa-version = WhatsApp version
field-mcc-mnc = MCC / MNC
field-language = Language
field-locales = Locales
field-contacts = Contacts
field-chats = Chats
field-sent = Bytes sent
field-received = Bytes received
webhook-suffix-note = The gateway appends "&wid=<WebID>" to the webhook it calls; shown here is what was set.
device-none = No phone is paired, so there is no device to show.
battery-not-reported = Not reported
battery-alt = Battery { $percent } %
battery-charging = Charging
battery-on-battery = On battery
battery-charging-unknown = Charging: not reported
battery-low = Low battery
battery-reported-by-phone = Reported by the phone; may be out of date on multi-device accounts.
storage-total = { $size } in { $files } files
storage-no-folders = No folders.
storage-files = { $files } files
storage-bar-alt = Share of storage used by { $folder }

## Operations bar
cancel = Cancel
hint-generate-qr = Ask the gateway for a QR code to pair a phone
hint-status = Ask the gateway for the instance's status now (F5)
hint-save-session = Save the current connection so that it can be restored later (done automatically after a scan)
hint-restore-session = Bring back a session ended with Close session, without a QR code
hint-close-session = End the session but keep it restorable without a QR code
hint-disconnect = Disconnect from WhatsApp completely; a new QR code will be needed
hint-clear = Clear the instance's stored files and cache (WhatsApp data is not affected)
hint-settings = Webhook, user agent, API version and bulk delivery
why-not-generate-qr = The instance is paired, or a QR code is already being shown
why-not-connected = Only a paired instance has a session to save
why-not-restore = The gateway does not report a session that can be restored
why-not-linked = No session is open
why-not-disconnect = Nothing to disconnect
why-not-known = Waiting for the instance's first status
outcome-ok = done in { $latency }
outcome-failed = { $op } failed
confirm-disconnect-title = Disconnect this instance?
confirm-disconnect-body = The instance will be disconnected from WhatsApp completely. The session cannot be restored: the customer will have to scan a new QR code to pair again.
confirm-close-title = Close this session?
confirm-close-body = The instance stops sending and receiving messages. The session is kept and can be brought back with Restore session, without a QR code.
confirm-clear-title = Clear this instance?
confirm-clear-body = The instance's stored files and cache on the gateway are reset (media, profile pictures, thumbnails). The WhatsApp session and the WhatsApp data on the phone are not affected.

## Settings
save = Save
back = Back
settings-title = Instance settings
settings-webhook = Webhook URL (PostBack)
settings-webhook-warning = Changing the webhook here stops the provider's browser use of this instance. To use both, change it in the provider's admin area (Edit Instance › API › PostBack URL) instead.
settings-webhook-invalid = The webhook is not a valid URL.
settings-webhook-scheme = The webhook must start with http:// or https://.
settings-webhook-host = The webhook has no host.
settings-user-agent = User agent
settings-ua-custom = Custom
settings-ua-full = Full user-agent string sent to the gateway
settings-ua-empty = The user agent cannot be empty.
settings-api-version = API version
settings-bulk = Bulk delivery
settings-keep = Keep current
settings-on = On
settings-off = Off
settings-keep-note = The gateway's status does not report the API version or bulk setting; "Keep current" leaves them as they are.
settings-bulk-help = With bulk, the webhook receives "BULK," and a JSON array (API 1.0), or "BULKGZ," and zlib-compressed base64 (API 1.1). Without it, one plain JSON message per call.
settings-no-changes = No changes
settings-none = (none)
confirm-webhook-title = Change the webhook?
confirm-webhook-body = Events will be posted to { $new } instead of { $old }.
confirm-webhook-yes = Change webhook
stale-title = The last status poll failed
stale-body = Showing the last good data, from { $ago }. Polling continues with backoff; press Refresh (F5) to try now.
stale-body-never = No status has been received yet. Polling continues with backoff; press Refresh (F5) to try now.

## Notices
notice-state-changed = { $name }: { $from } » { $to }
notice-no-such-instance = No instance is named "{ $name }".
notice-save-failed = The instance list could not be saved: { $error }
notice-dismiss = Dismiss
notice-more = and { $count } more

## Fleet
fleet-title = Instances ({ $count })
fleet-add = Add instance
fleet-add-hint = Add an instance by its gateway address and API key
fleet-filter = Filter
fleet-filter-hint = name, number, push name or tag
fleet-empty = No instances yet.
fleet-no-match = No instance matches the filter.
fleet-seen = seen { $ago }
no-instance-title = No instance selected
edit = Edit…
edit-hint = Change the name, address, key, tags or notes
remove = Remove
remove-ellipsis = Remove…
remove-hint = Remove this instance from witi-connect
remove-title = Remove { $name }?
remove-body = Its address, API key, tags and notes are deleted from this computer. The instance on the gateway is not affected and keeps running.

## Instance form
form-add-title = Add an instance
form-edit-title = Edit the instance
form-name = Name
form-base-url = Gateway address (base URL)
form-key = API key
form-reveal = Show the key
form-tags = Tags (comma-separated)
form-notes = Notes
form-name-missing = Give the instance a name.
form-name-taken = An instance is already named "{ $name }".
form-url-invalid = The address must be an http:// or https:// URL with a host.
form-url-query = The address must not contain a query (?…); the key goes in its own field.
form-key-missing = Enter the instance's API key.
form-http-warning = This address uses plain HTTP: the API key would cross the network unencrypted.
notice-config-moved = The saved instance list could not be read ({ $reason }). It was kept as { $backup } and the app starts with an empty list.
notice-config-unusable = The saved instance list was not loaded and will not be written: { $error }

## Files
report-title = witi-connect health report, { $at }
report-last-error = Last error
import-too-large = The file is larger than 1 MB; it is not an instance list.
import-not-a-list = The file is not an instance list: { $reason }
import-wrong-format = The file is a "{ $format }", not a witi-connect instance list.
import-too-new = The list is from a newer witi-connect (version { $version }).
import-unnamed = The list has an instance without a name.
import-duplicate = The list names "{ $name }" twice.
import-bad-url = The address of "{ $name }" is not an http:// or https:// URL without a query.
import-same = already the same
import-no-key = no API key in the file
notice-import-refused = The instance list was refused, and nothing was changed: { $reason }
notice-imported = Instance list imported: { $added } added, { $updated } updated, { $skipped } skipped. { $details }
notice-file-saved = Saved { $path }
notice-file-failed = The file could not be written or read: { $error }
notice-no-file-dialog = No file dialog could be opened: this desktop has neither the XDG desktop portal nor zenity.
files-menu = Files
files-report-json = Export health report (JSON)…
files-report-text = Export health report (text)…
files-export-list = Export instance list…
files-import-list = Import instance list…
report-menu = Report
report-hint = Export this instance's health report for a support ticket (key and WebID left out)
qr-save-png = Save QR as PNG…
qr-save-png-hint = Save this QR code as an image, e.g. to send to the customer
export-list-title = Export the instance list
export-list-body = Names, addresses, tags and notes of the saved instances go into a JSON file that can be imported on another computer.
export-list-keys = Include API keys
export-list-keys-warning = Anyone with this file can control these instances. Send it only over a safe channel, and delete it after use.
export-list-save = Export…

## Fleet overview
overview-button = Fleet overview
overview-button-hint = All instances in one table, sortable by any column
overview-title = Fleet overview ({ $count } instances)
overview-hint = Click a column to sort by it; click rows to select them, double-click to open one.
overview-sort-hint = Sort by this column (click again to reverse)
col-name = Name
col-status = Status
col-last-poll = Last poll
col-last-error = Last error

## Errors (ApiError, QrError)
api-error-gateway = The gateway refused the request: { $message }
api-error-http = The gateway answered HTTP { $status }: { $summary }
api-error-timeout = The gateway did not answer within { $secs } s
api-error-unreachable = Could not reach the gateway: { $detail }
api-error-interrupted = The gateway closed the connection without a complete answer
api-error-not-json = The gateway's answer is not JSON: "{ $excerpt }"
api-error-shape = The gateway's answer has an unexpected shape: { $detail }
api-error-too-large = The gateway's answer is larger than { $mb } MB and was not read
api-error-invalid-url = The gateway address is not valid: { $detail }
qr-error-too-large = the QR image is larger than { $kb } KB
qr-error-bad-base64 = the QR image is not valid base64
qr-error-not-svg = the QR image is { $format ->
    [text] plain text
   *[other] a { $format } file
}, not an SVG image
qr-error-invalid-svg = the QR image is not a valid SVG: { $detail }
qr-error-unsupported = the QR image uses filters, patterns or masks, which a QR code never has
qr-error-blank = the QR image is blank
qr-error-stopped = the QR image could not be drawn (the drawing task stopped)
store-error-read = cannot read { $path }: { $reason }
store-error-write = cannot write { $path }: { $reason }
store-error-too-new = { $path } is from a newer witi-connect (version { $version }); it was left untouched
notice-prefs-save-failed = The preferences could not be saved: { $error }

## Preferences and shortcuts
prefs-button = Preferences…
prefs-button-hint = Language, theme and notifications
prefs-title = Preferences
prefs-language = Language
prefs-language-run = { $lang } for this run (--lang); a choice here replaces it.
prefs-language-system = System (current: { $current })
prefs-theme = Theme
prefs-theme-system = Follow the system
prefs-theme-dark = Dark
prefs-theme-light = Light
prefs-notifications = Desktop notifications
prefs-notifications-help = When an instance stops being paired or its phone's battery drops under 20 %; at most one per instance every 10 minutes.
close = Close
shortcuts-button = Shortcuts (F1)
shortcuts-button-hint = Every keyboard shortcut
shortcuts-title = Keyboard shortcuts
shortcut-refresh = Ask for the selected instance's status now
shortcut-add = Add an instance
shortcut-filter = Filter the instance list
shortcut-move = Move through the instance list
shortcut-connect = Connect the selected instance (restore its saved session if it has one, else ask for a QR code)
shortcut-fullscreen = Show the QR code full screen, or leave full screen
shortcut-escape = Close a dialog, or leave full screen
shortcut-help = Show these shortcuts
shortcut-tab = Move between buttons and fields, and press the focused one
qr-fullscreen = Full screen (F11)
qr-fullscreen-hint = Show only the QR code and its countdown, as large as the screen allows
qr-fullscreen-leave = Leave full screen (Esc)

## Desktop notifications
notify-left-paired-title = { $name } is no longer paired
notify-left-paired-body = Now: { $state }. Open witi-connect to pair it again.
notify-low-battery-title = { $name }: battery at { $percent } %
notify-low-battery-body = The phone's battery is low: ask the customer to charge it.
file-filter-png = PNG image
file-filter-text = Text
file-filter-json = JSON
qr-error-out-of-bounds = the QR image draws far outside its own area

## History
panel-history = History
history-export-csv = Export CSV…
history-disabled = History is off for this run (--no-history).
history-off = History is not recorded in this run.
history-off-in-use = History is not recorded: another running witi-connect records into the same file.
history-failed = The history could not be read: { $reason }
history-loading = Reading the history…
history-24h = 24 h
history-days = { $days } d
history-not-watched = Not watched (the app was not running or not polling)
history-no-answer = No answer from the gateway
history-cause-op = after { $op }
history-cause-error = no answer ({ $kind })
history-cause-poll = seen by a poll
history-cause-pairing = while pairing
history-now = now
history-span-times = { $start } to { $end } ({ $duration })
history-span-cause = Cause: { $cause }
history-strip-label = Status over the last { $window }: { $uptime }
history-uptime = Uptime { $percent } % of the { $watched } % watched
history-uptime-none = Not watched in this window
history-drops = { $count ->
    [0] no drops
    [one] 1 drop
   *[other] { $count } drops
}
history-last-drop = last: { $at }, { $state } ({ $cause })
history-no-samples = No battery, latency or storage samples in this window yet.
history-chart-battery = Battery
history-chart-latency = Poll latency
history-chart-storage = Storage
history-plugged = Plugged in
file-filter-csv = CSV
notice-history-failed = The history could not be exported: { $reason }
notice-history-moved = The history file could not be used ({ $reason }). It was kept as { $backup } and a new one was started.
notice-history-in-use = Another running witi-connect records into the same history file: this window records no history.
notice-history-unavailable = No history is recorded: { $reason }
notice-history-paused = Recording history paused: { $reason }. Nothing is lost; it is retried every 30 s.
notice-history-resumed = Recording history again; nothing was lost.
prefs-history = History
prefs-history-keep = Keep history for
prefs-history-days = { $days } days
prefs-history-file = { $path } ({ $size })
prefs-history-off = Not recorded in this run.
web-id-show = Show WebID
web-id-hide = Hide WebID
device-more = More
storage-folders = Folders
log-latest = { $count ->
    [one] 1 entry
   *[other] { $count } entries
}
notice-linked-then-dropped = { $name } was linked, then dropped: now { $state }. The pairing did not hold; pair again or check the phone.
prefs-confirm-polls = Tell me of a change of state after it held for
prefs-polls = { $count ->
    [one] 1 poll (at once)
   *[other] { $count } polls in a row
}

## Counts by state (the chips over the lists)
chip-paired = Paired
chip-pairing = Pairing
chip-not-connected = Not connected
chip-session-closed = Session closed
chip-phone-offline = Phone offline
chip-trouble = Error or stale
chip-low-battery = Low battery
chip-parked = Parked
chip-waiting = No answer yet
chip-hint = Show only these (click again to drop); chips add up, and combine with the filter
filter-showing = Showing { $shown }: { $what }
filter-or = {" "}or{" "}
filter-clear = Clear filter
filter-clear-hint = Show every instance again
instance-parked = Parked
form-parked = Parked (out of service on purpose)
form-parked-hint = Polled every 10 minutes, left out of alerts, trouble counts and bulk selections unless chosen, shown dimmed

## Bulk operations (the overview)
overview-cycle = Each instance is polled about every { $secs } s.
overview-cycle-slow = { $cycle } The fleet is larger than the interval allows at the gateways' limit of requests at a time (Preferences).
# $n: the count as a number, for languages whose word changes with it.
bulk-selected = { $count } { $n ->
    [one] selected
   *[other] selected
}
bulk-selected-hint = Click a row to select it, Ctrl-click to add one, Shift-click for a range, Ctrl+A for all shown; double-click opens.
bulk-refresh = Refresh status
bulk-settings = Settings…
bulk-busy = A bulk run is in progress
bulk-park = Park
bulk-unpark = Return to service
bulk-export = Export report
bulk-export-hint = A health report (JSON) of the selected instances
bulk-clear-selection = Clear selection
bulk-counts = { $done } of { $total } done: { $ok } ok, { $failed } failed, { $skipped } skipped
bulk-cancelling = Cancelling: what is in flight finishes
bulk-cancel = Cancel run
bulk-cancel-hint = Finish what is in flight and start no more
bulk-retry = Retry failed ({ $count })
bulk-retry-hint = Run it again on those that failed or were not started
bulk-dismiss = Dismiss results
bulk-dismiss-hint = Put the results away
bulk-results = Results (failures first)
bulk-ok = ok
bulk-pending = waiting
bulk-title = { $op }: { $count } instances?
bulk-yes = { $op } on { $count }
bulk-body-status = Asks the gateway for each instance's current state, a few requests at a time per gateway.
bulk-body-save = Saves each instance's WhatsApp session on the gateway, so that it can be restored later without a QR code.
bulk-body-restore = Brings back each instance's saved session, without a QR code. Instances without a saved session report an error.
bulk-body-settings = Only what you fill in is sent; empty fields and "keep" leave each instance's setting as it is.
bulk-which = These instances:
bulk-and-more = { $names } and { $count } more
bulk-park-title = Park { $count } instances?
bulk-unpark-title = Return { $count } instances to service?
bulk-unpark-body = They are polled as usual again and their changes of state are told.
bulk-skipped-cancelled = not started (cancelled)
bulk-skipped-running = skipped: already running on this instance
bulk-skipped-gone = skipped: the instance was removed or cannot be used
log-bulk = Bulk: { $op }
notice-parked = { $count } instances parked.
notice-unparked = { $count } instances returned to service.
shortcut-select-all = Select every row shown (fleet overview)
prefs-fleet = Fleet
prefs-gateway-cap = Requests at a time per gateway
prefs-gateway-cap-hint = Polls and operations sent to one gateway at once (1 to 16). More polls a large fleet faster and loads the gateway more.
prefs-fleet-alert = Tell drops together from
prefs-fleet-alert-hint = When this many instances of one gateway drop within 5 minutes, one notice says so instead of one per instance.
notice-fleet-dropped = { $count } instances of { $host } dropped in { $minutes } minutes.
notify-fleet-dropped-title = { $count } instances of { $host } dropped
notify-fleet-dropped-body = They left the paired state within minutes of each other: the gateway may be in trouble.
bulk-open = Open
bulk-open-hint = Open the selected instance (or double-click its row, or press Enter)
bulk-progress = { $op }: progress
col-strip = Last 24 h
col-strip-hint = The last 24 hours, a colour per state (as the dots); hover for a span's times and cause
bulk-more = More
bulk-none-selected = Select rows first (click, Ctrl-click, Shift-click or Ctrl+A)

## Importing a fleet from CSV
csv-too-large = The file is larger than { $mb } MB.
csv-empty = The file is empty: it needs a header row naming the columns name, base_url and key.
csv-unreadable = The file cannot be read as CSV: { $error }
csv-no-columns = The header row must name the columns { $missing }. It has: { $found }.
csv-row-unreadable = Unreadable from here on: { $error }
csv-row-not-utf8 = Not UTF-8 text: save the spreadsheet as "CSV UTF-8".
csv-row-columns = { $found } columns, the header has { $expected }.
csv-row-no-name = No name.
csv-row-no-key = No API key.
csv-row-short-key = The API key is too short.
csv-row-bad-url = Not a gateway address (http:// or https:// and a host).
csv-row-key-in-list = This key is already in the list, as "{ $name }".
csv-row-key-twice = The same key as line { $line }.
csv-row-name-twice = The same name as line { $line }.
files-import-csv = Import instances from CSV…
csv-title = Import { $count } rows from CSV?
csv-summary = { $valid } valid, { $invalid } with a problem (left out). Nothing is added until you confirm.
csv-columns = Columns: name, base_url, key, tags, notes (header row; comma or semicolon).
csv-add = Add { $count } instances
csv-col-line = Line
csv-col-result = Result
csv-ok = ok
notice-csv-added = { $count } instances added from the CSV file ({ $left } rows left out).
notice-csv-refused = The CSV file was not imported: { $reason }

## API keys: the desktop's keyring or the instance file (keys.rs)
prefs-keys = API keys
keys-home-keyring = In the system keyring (Secret Service): the instance file keeps only references.
keys-home-file = In the instance file (readable by you alone): { $reason }
keys-home-mixed = { $keyring } in the system keyring, { $file } in the instance file: { $reason }
keys-home-moving = Moving keys to the system keyring: { $keyring } there, { $moving } to go (each leaves the instance file once the keyring has it).
keys-no-keyring = no system keyring answered ({ $reason }).
keys-not-wanted = --no-keyring was given.
keys-refused = the system keyring refused to store them ({ $reason }).
keys-some-unreadable = some keys could not be read from the system keyring at start.
keys-missing-item = the keyring has no item for it
keys-unreadable-one = The API key of “{ $name }” could not be read from the system keyring ({ $reason }). It cannot connect until the keyring answers; nothing was removed.
keys-unreadable-many = The API keys of { $count } instances could not be read from the system keyring ({ $reason }). They cannot connect until the keyring answers; nothing was removed.
keys-error-platform = the keyring service failed: { $reason }
keys-error-locked = the keyring is locked or access was denied: { $reason }
keys-error-format = the keyring item is not in the expected format
keys-error-invalid = the keyring rejected the { $what }
keys-error-ambiguous = the keyring holds more than one item for this instance

## The command palette (views/palette.rs)
palette-title = Command palette
palette-find = Find an operation, a view or an instance:
palette-hint = Type a few letters: “close”, “prefs”, a store’s name or number…
palette-count = { $count ->
    [one] 1 match
   *[other] { $count } matches
}
palette-kind-operation = operation
palette-kind-view = view
palette-kind-instance = instance
palette-diagnostics = Diagnostics: last requests…
palette-fleet-report = Export fleet health report…
palette-shortcuts = Keyboard shortcuts
palette-button = Commands (Ctrl+K)
palette-button-hint = Find and run any operation, view or instance from the keyboard
shortcut-palette = The command palette: find and run anything by typing

## Diagnostics: the last requests and the support bundle (views/diagnostics.rs, diagnostics.rs)
diag-button = Diagnostics
diag-button-hint = The last requests to the gateway, with their answers (masked), and a support bundle
diag-title = Last requests
diag-close = Close the diagnostics
diag-bundle = Support bundle…
diag-bundle-hint = Save one zip for a ticket: the health report, these requests, the last 24 hours of history and the logs, with keys, WebID and phone numbers masked
diag-count = { $count } of the last { $max } requests, newest first
diag-empty = No request since the drawer opened; the next poll will show here.
diag-time = Time
diag-command = Command
diag-http = HTTP
diag-latency = Latency
diag-size = Size
diag-outcome = Outcome
diag-row = { $command }, HTTP { $status }, { $outcome }
diag-ok = ok
diag-pick = Select a request to see its answer.
diag-body = Answer (key, WebID and phone numbers masked)
diag-body-hint = Select text to copy part of it
diag-copy = Copy
diag-copy-hint = Copy the whole answer, as masked here
diag-body-dropped = This answer was not kept (older answers give way to newer ones).
diag-no-answer = No answer came.
diag-cut = cut at { $chars } characters
file-filter-zip = Zip archive
