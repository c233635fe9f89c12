#!/usr/bin/env bash
# Interop check of the EAS endpoint with a real client: installs pyactivesync (PyPI) into .venv-interop and runs
# it against one `easim serve` on loopback — the happy path (provision, folder sync, sync the Inbox, read a message,
# send one); the other commands pyactivesync has (folders, MoveItems, Oof, ResolveRecipients, Search, Find); the
# generated Contacts, Tasks and Calendar, and contacts added, changed and deleted seen by a second device; mail
# marked read, flagged, deleted and drafted on one device and seen by another, GetItemEstimate, Ping; the
# client's console script (list-folders, sync, fetch, send, ping); then, after an admin puts the device on its user's block list through the admin endpoint, status 129;
# then, after the admin releases it and sets the org default to Quarantine, a new device sees only the notice.
# Bounded: every server start, admin call and client run has a timeout; the server is stopped by its PID.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --quiet --bin easim
BIN="$CARGO_TARGET_DIR/debug/easim"

VENV=.venv-interop
if [ ! -x "$VENV/bin/python" ]; then
    if ! python3 -m venv "$VENV" 2>/dev/null; then
        # Debian splits venv/ensurepip into its own package.
        rm -rf "$VENV"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$VENV"
    fi
fi
if ! "$VENV/bin/python" -c "import pyactivesync" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet pyactivesync
fi

WORK="$(mktemp -d)"
PID=""
cleanup() {
    if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
        kill -INT "$PID" 2>/dev/null || true
        wait "$PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Starts `easim serve` on free loopback ports with a tenant file; sets PID and ADDR.
serve() {
    "$BIN" serve --tenant "$1" --eas-addr 127.0.0.1:0 --admin-addr 127.0.0.1:0 --admin-token "$TOKEN" --log warn \
        >"$WORK/serve.out" 2>"$WORK/serve.err" &
    PID=$!
    for _ in $(seq 1 300); do
        if grep -q "^EAS endpoint:" "$WORK/serve.out" 2>/dev/null; then
            ADDR="$(sed -nE 's#^EAS endpoint: +http://([^/]+)/.*#\1#p' "$WORK/serve.out")"
            ADMIN_URL="$(sed -nE 's#^Admin endpoint: +(http://[^ ]+)#\1#p' "$WORK/serve.out")"
            return 0
        fi
        if ! kill -0 "$PID" 2>/dev/null; then
            cat "$WORK/serve.err" >&2
            echo "interop-eas: easim serve did not start" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "interop-eas: easim serve did not print its address within 30 s" >&2
    exit 1
}

stop() {
    kill -INT "$PID"
    wait "$PID" || true
    PID=""
}

TOKEN="interop-$$-$RANDOM"

# One cmdlet through the admin endpoint, as an admin (or the Exchange Online module) sends it.
admin() {
    timeout 30 python3 - "$ADMIN_URL" "$TOKEN" "$1" "$2" <<'PY'
import json, sys, urllib.request
url, token, cmdlet, params = sys.argv[1:5]
body = json.dumps({"CmdletInput": {"CmdletName": cmdlet, "Parameters": json.loads(params)}}).encode()
req = urllib.request.Request(url, body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
with urllib.request.urlopen(req, timeout=20) as r:
    reply = json.load(r)
print(f"admin: {cmdlet} -> HTTP {r.status}, {len(reply.get('value', []))} objects")
PY
}

PASSED=0
FAILED=0
check() {
    local name="$1"
    shift
    if timeout 120 "$VENV/bin/python" .ci/interop_eas.py "$name" --addr "$ADDR" --user "$USER_UPN" \
        --password "$USER_PASSWORD" --device-id PYAS0001 "$@"; then
        echo "interop-eas: $name ok"
        PASSED=$((PASSED + 1))
    else
        echo "interop-eas: $name FAILED" >&2
        FAILED=$((FAILED + 1))
    fi
}

"$BIN" gen --profile small --seed 1 --now 2026-11-23T00:00:00Z -o "$WORK/tenant.json" 2>/dev/null
# The sample user: the first user mailbox with ActiveSync enabled.
"$VENV/bin/python" - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
t = json.load(open(f"{work}/tenant.json"))
m = next(e["Mailbox"] for e in t["Mailboxes"]
         if e["Mailbox"]["RecipientTypeDetails"] == "UserMailbox"
         and e["Mailbox"]["CASMailbox"]["ActiveSyncEnabled"])
open(f"{work}/user", "w").write(m["UserPrincipalName"] + "\n" + m["Password"] + "\n")
PY
USER_UPN="$(sed -n 1p "$WORK/user")"
USER_PASSWORD="$(sed -n 2p "$WORK/user")"
HASH='"@odata.type": "#Exchange.GenericHashTable"'

serve "$WORK/tenant.json"
check happy
check commands --device-id PYAS0003
check pim --device-id PYAS0004
check mail --device-id PYAS0005
check cli --device-id PYAS0006
admin Set-CASMailbox "{\"Identity\": \"$USER_UPN\", \"ActiveSyncBlockedDeviceIDs\": {$HASH, \"Add\": [\"PYAS0001\"]}}"
check blocked
admin Set-CASMailbox "{\"Identity\": \"$USER_UPN\", \"ActiveSyncBlockedDeviceIDs\": {$HASH, \"Remove\": [\"PYAS0001\"]}}"
admin Set-ActiveSyncOrganizationSettings '{"DefaultAccessLevel": "Quarantine"}'
check quarantined --device-id PYAS0002
stop

echo "interop-eas: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
