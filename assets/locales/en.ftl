# witi-connect — English (the reference catalogue; every other language mirrors its ids)

app-title = witi-connect

## Relative times
time-just-now = just now
time-seconds-ago = { $n } s ago
time-minutes-ago = { $n } min ago
time-hours-ago = { $n } h ago
time-days-ago = { $n } d ago
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
log-state-changed = State: { $from } → { $to }
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
no-instance = No instance is open. Start with --demo, or with --base-url and --key.
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
