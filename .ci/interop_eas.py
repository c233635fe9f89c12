"""Drives the real EAS client pyactivesync against `easim serve` on loopback (used by interop-eas.sh).

Modes:
  happy        provision, folder sync, sync the Inbox, read (fetch) a message, send a mail that lands in Sent Items
  blocked      the device is on the user's ActiveSyncBlockedDeviceIDs: the client must get status 129
  quarantined  org default Quarantine: the client provisions and syncs, and sees only the quarantine notice
Exits 0 when the expectation holds, 1 otherwise, printing what it saw.
"""
import argparse
import sys

import pyactivesync
from pyactivesync.exceptions import StatusError

QUARANTINE_SUBJECT = (
    "Your mobile device is temporarily blocked from synchronizing using Exchange ActiveSync "
    "until your administrator grants it access."
)


def client(args):
    c = pyactivesync.Client(
        args.addr, args.user, args.password, device_id=args.device_id, device_type="pyactivesync"
    )
    # pyactivesync hard-codes https://{server}; point it at the loopback HTTP endpoint (interop.md).
    c._transport.base_url = f"http://{args.addr}/Microsoft-Server-ActiveSync"
    return c


def sync_inbox(c):
    folders = c.list_folders()
    inbox = next(f for f in folders if int(f.type) == 2)
    first = c.sync_folder(inbox.id, "0")
    items, key = [], first.sync_key
    for _ in range(100):
        r = c.sync_folder(inbox.id, key, window_size=25)
        items.extend(r.added)
        key = r.sync_key
        if not r.more_available:
            break
    return folders, inbox, items


def happy(args):
    c = client(args)
    key = c.provision()
    print(f"provisioned, policy key {key}")
    folders, inbox, items = sync_inbox(c)
    print(f"{len(folders)} folders; Inbox {inbox.id} has {len(items)} messages")
    if not items:
        return fail("the Inbox is empty")
    subject = items[0].fields.get("Email.Subject") or next(
        (v for k, v in items[0].fields.items() if k.endswith("Subject")), None
    )
    fetched = c.fetch_item(inbox.id, items[0].server_id)
    body = fetched.body.data if fetched.body else None
    print(f"read {items[0].server_id}: subject {subject!r}, body {len(body or '')} chars")
    if not subject or not body:
        return fail("the message has no subject or body")
    from email.message import EmailMessage

    m = EmailMessage()
    m["From"] = args.user
    m["To"] = args.user
    m["Subject"] = "interop check"
    m.set_content("sent by pyactivesync")
    c.send_mail(m)
    sent = next(f for f in folders if int(f.type) == 5)
    r0 = c.sync_folder(sent.id, "0")
    r1 = c.sync_folder(sent.id, r0.sync_key, window_size=100)
    subjects = [str(i.fields) for i in r1.added]
    if not any("interop check" in s for s in subjects):
        return fail("the sent message is not in Sent Items")
    print("sent a message; it is in Sent Items")
    return 0


def blocked(args):
    c = client(args)
    try:
        c.provision()
        c.list_folders()
    except StatusError as e:
        print(f"StatusError: {e}")
        if "129" in str(e):
            return 0
        return fail("expected status 129")
    return fail("the blocked device was served")


def quarantined(args):
    c = client(args)
    c.provision()
    folders, inbox, items = sync_inbox(c)
    subjects = [
        next((v for k, v in i.fields.items() if k.endswith("Subject")), None) for i in items
    ]
    print(f"{len(folders)} folders; Inbox shows {subjects}")
    if subjects != [QUARANTINE_SUBJECT]:
        return fail("expected only the quarantine notice")
    sent = next(f for f in folders if int(f.type) == 5)
    r0 = c.sync_folder(sent.id, "0")
    r1 = c.sync_folder(sent.id, r0.sync_key, window_size=100)
    if r1.added:
        return fail("Sent Items is not empty for a quarantined device")
    return 0


def fail(why):
    print(f"FAIL: {why}", file=sys.stderr)
    return 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["happy", "blocked", "quarantined"])
    p.add_argument("--addr", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--device-id", default="PYAS0001")
    args = p.parse_args()
    return {"happy": happy, "blocked": blocked, "quarantined": quarantined}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
