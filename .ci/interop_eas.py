"""Drives the real EAS client pyactivesync against `easim serve` on loopback (used by interop-eas.sh).

Modes:
  happy        provision, folder sync, sync the Inbox, read (fetch) a message, send a mail that lands in Sent Items
  blocked      the device is on the user's ActiveSyncBlockedDeviceIDs: the client must get status 129
  quarantined  org default Quarantine: the client provisions and syncs, and sees only the quarantine notice
  commands     folder create/update/delete, move_item, get_oof/set_oof, resolve_recipients, search_gal,
               search_mailbox (date and free text), find_gal and find_mailbox, asserting on what comes back
  pim          sync the generated Contacts, Tasks and Calendar; create_contact and apply_contact_changes (change,
               delete, an unknown ServerId) on one device, each seen by a second device of the same user
  mail         apply_email_changes (read, flag, delete) and create_email_draft on one device, seen by a second
               device; get_item_estimate before and after; ping waking on new mail; fetch_attachment of a
               reference that names no attachment; close
  cli          pyactivesync's console script: list-folders, sync (table and --json), fetch, send and ping, each
               asserted on what it prints
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
    c.send_mail(message(args.user, args.user, "interop check", "sent by pyactivesync"))
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


def message(sender, to, subject, body):
    from email.message import EmailMessage

    m = EmailMessage()
    m["From"] = sender
    m["To"] = to
    m["Subject"] = subject
    m.set_content(body)
    return m


def subject_of(item):
    return next((v for k, v in item.fields.items() if k.endswith("Subject")), None)


def commands(args):
    c = client(args)
    c.provision()
    folders, inbox, items = sync_inbox(c)
    me = args.user

    # Folders: create under the root and under the new folder, rename, then delete; each step is seen by a
    # fresh FolderSync.
    # pyactivesync's FolderType numbers user folders one higher than MS-ASCMD 2.2.3.186.3 (its USER_GENERIC is
    # 12, MS-ASCMD's user-created mail folder; its USER_MAIL 13 is a calendar): keep its default, type 12.
    created = c.create_folder("Interop Projects", "0")
    sub = c.create_folder("2026", created.id)
    names = {f.id: (f.name, f.parent_id) for f in c.list_folders()}
    if names.get(created.id) != ("Interop Projects", "0") or names.get(sub.id) != ("2026", created.id):
        return fail(f"created folders not listed: {names}")
    c.update_folder(created.id, "Interop Archive", "0")
    names = {f.id: f.name for f in c.list_folders()}
    if names.get(created.id) != "Interop Archive":
        return fail(f"rename not listed: {names}")
    try:
        c.create_folder("Interop Archive", "0")
        return fail("a duplicate folder name was accepted")
    except StatusError as e:
        if "2" not in str(e):
            return fail(f"duplicate name: expected status 2, got {e}")
    try:
        c.delete_folder(inbox.id)
        return fail("the Inbox was deleted")
    except StatusError as e:
        if "3" not in str(e):
            return fail(f"deleting the Inbox: expected status 3, got {e}")
    print(f"folders: created {created.id} and {sub.id}, renamed, refused a duplicate and the Inbox delete")

    # MoveItems: one Inbox message into the new folder; it leaves the Inbox and appears there.
    victim = items[0]
    new_id = c.move_item(victim.server_id, inbox.id, created.id)
    if not new_id.startswith(f"{created.id}:"):
        return fail(f"moved item id {new_id!r}")
    r0 = c.sync_folder(created.id, "0")
    moved = c.sync_folder(created.id, r0.sync_key, window_size=100).added
    if [i.server_id for i in moved] != [new_id] or subject_of(moved[0]) != subject_of(victim):
        return fail(f"the moved message is not in the folder: {[i.server_id for i in moved]}")
    print(f"move_item: {victim.server_id} -> {new_id}")
    c.delete_folder(created.id)
    ids = {f.id for f in c.list_folders()}
    if created.id in ids or sub.id in ids:
        return fail("deleted folders still listed")

    # Oof: set a scheduled reply, read it back.
    c.set_oof(
        pyactivesync.OofState.ENABLED_SCHEDULED,
        start_time="2026-12-01T08:00:00.000Z",
        end_time="2026-12-05T17:00:00.000Z",
        reply_message="Back on Monday",
    )
    oof = c.get_oof()
    if int(oof.state) != 2 or oof.start_time != "2026-12-01T08:00:00.000Z":
        return fail(f"get_oof: {oof}")
    if not any(m.enabled and m.reply_message == "Back on Monday" for m in oof.messages):
        return fail(f"get_oof messages: {oof.messages}")
    print(f"oof: state {int(oof.state)} from {oof.start_time} to {oof.end_time}")

    # Directory: the user resolves to one GAL entry; a GAL search by the first 4+ letters of the alias finds
    # the user too, through Search and Find.
    recipients = c.resolve_recipients(me)
    if [(r.type, r.email_address) for r in recipients] != [("1", me)]:
        return fail(f"resolve_recipients({me}): {recipients}")
    prefix = me.split("@")[0][:6]
    gal = c.search_gal(prefix, max_results=50)
    if me not in [e.email_address for e in gal]:
        return fail(f"search_gal({prefix!r}) lacks {me}: {gal}")
    found = c.find_gal(prefix, max_results=50)
    if me not in [i.fields.get("GAL.EmailAddress") for i in found.items]:
        return fail(f"find_gal({prefix!r}) lacks {me}: {found}")
    print(f"directory: resolved {me}; {len(gal)} GAL entries and {found.total} Find results for {prefix!r}")

    # Mailbox: by date (Search) and by a word of a subject (Find, which search_mailbox uses for free text).
    recent = c.search_mailbox(inbox.id, date_received_after="2000-01-01T00:00:00.000Z", max_results=5)
    if not recent or any("Email.Subject" not in r for r in recent):
        return fail(f"search_mailbox by date: {recent}")
    target = items[1]
    word = next(w for w in subject_of(target).split() if len(w.strip(",.:;!?")) >= 4).strip(",.:;!?")
    hits = c.find_mailbox(word, folder_id=inbox.id, max_results=100)
    if target.server_id not in [i.server_id for i in hits.items]:
        return fail(f"find_mailbox({word!r}) lacks {target.server_id}: {[i.server_id for i in hits.items]}")
    by_text = c.search_mailbox(inbox.id, free_text=word, max_results=100)
    if target.server_id not in [r.get("AirSync.ServerId") for r in by_text]:
        return fail(f"search_mailbox(free_text={word!r}) lacks {target.server_id}")
    print(f"mailbox: {len(recent)} recent by date; {hits.total} hits for {word!r}")
    return 0


def sync_all(c, folder_id):
    first = c.sync_folder(folder_id, "0")
    items, key = [], first.sync_key
    for _ in range(100):
        r = c.sync_folder(folder_id, key, window_size=25)
        items.extend(r.added)
        key = r.sync_key
        if not r.more_available:
            break
    return items, key


# pyactivesync 0.17 has no Calendar code page (4): it names those tags by page and token. MS-ASWBXML code page 4
# gives Calendar:AllDayEvent 0x06, Subject 0x26, Recurrence 0x1B with Type 0x1C and DayOfWeek 0x20; Tasks:Complete
# is 0x0A on code page 9, also unnamed there.
CAL_ALL_DAY, CAL_SUBJECT, CAL_TYPE, CAL_DAY_OF_WEEK = "page4.0x06", "page4.0x26", "page4.0x1C", "page4.0x20"
TASK_COMPLETE = "Tasks.0x0A"


def pim(args):
    from pyactivesync.models import Contact, ContactChange

    a = client(args)
    a.provision()
    folders = {int(f.type): f.id for f in a.list_folders()}
    contacts_id, tasks_id, calendar_id = folders[9], folders[7], folders[8]

    contacts, key_a = sync_all(a, contacts_id)
    if not contacts:
        return fail("the Contacts folder is empty")
    for item in contacts:
        for tag in ("FirstName", "LastName", "Email1Address", "BusinessPhoneNumber", "MobilePhoneNumber",
                    "BusinessAddressStreet", "BusinessAddressCity"):
            if not item.fields.get(f"Contacts.{tag}"):
                return fail(f"contact {item.server_id} has no {tag}: {item.fields}")
    tasks, _ = sync_all(a, tasks_id)
    if not tasks or any("Tasks.DueDate" not in t.fields for t in tasks):
        return fail(f"tasks without DueDate: {[t.fields for t in tasks]}")
    done = [t for t in tasks if t.fields.get(TASK_COMPLETE) == "1"]
    if len(done) != 1 or "Tasks.DateCompleted" not in done[0].fields:
        return fail(f"expected one completed task with DateCompleted: {[t.fields for t in tasks]}")
    events, _ = sync_all(a, calendar_id)
    if len(events) < 5 or any(not e.fields.get(CAL_SUBJECT) for e in events):
        return fail(f"calendar items: {[e.fields for e in events]}")
    if not any(e.fields.get(CAL_TYPE) == "1" and e.fields.get(CAL_DAY_OF_WEEK) for e in events):
        return fail("no weekly recurring meeting")
    if not any(e.fields.get(CAL_ALL_DAY) == "1" for e in events):
        return fail("no all-day event")
    print(f"pim: {len(contacts)} contacts, {len(tasks)} tasks ({len(done)} complete), {len(events)} events")

    b_args = argparse.Namespace(**{**vars(args), "device_id": args.device_id + "B"})
    b = client(b_args)
    b.provision()
    b.list_folders()
    _, key_b = sync_all(b, contacts_id)

    nia = Contact(first_name="Nia", last_name="Okafor", email1_address="nia.okafor@fabrikam.com",
                  mobile_phone_number="+1 425 555 0100", company_name="Fabrikam, Inc.")
    added = a.create_contact(contacts_id, key_a, nia)
    if added.status != "1" or not (added.server_id or "").startswith(f"{contacts_id}:"):
        return fail(f"create_contact: {added}")
    r = b.sync_folder(contacts_id, key_b)
    key_b = r.sync_key
    if [(i.server_id, i.fields.get("Contacts.FirstName")) for i in r.added] != [(added.server_id, "Nia")]:
        return fail(f"the second device did not get the new contact: {r}")

    moved = Contact(first_name="Nia", last_name="Okafor", email1_address="nia.okafor@fabrikam.com",
                    mobile_phone_number="+1 425 555 0199", company_name="Fabrikam, Inc.")
    changed = a.apply_contact_changes(contacts_id, added.sync_key, [
        ContactChange(server_id=added.server_id, contact=moved),
        ContactChange(server_id=f"{contacts_id}:999999", contact=moved),
    ])
    # MS-ASCMD 2.2.3.177.17: Status 8, object not found.
    if changed.statuses != {added.server_id: "1", f"{contacts_id}:999999": "8"}:
        return fail(f"apply_contact_changes: {changed.statuses}")
    r = b.sync_folder(contacts_id, key_b)
    key_b = r.sync_key
    if [(i.server_id, i.fields.get("Contacts.MobilePhoneNumber")) for i in r.changed] != [
        (added.server_id, "+1 425 555 0199")
    ]:
        return fail(f"the second device did not get the change: {r}")

    deleted = a.apply_contact_changes(contacts_id, changed.sync_key, [
        ContactChange(server_id=added.server_id, delete=True),
    ])
    if deleted.statuses != {added.server_id: "1"}:
        return fail(f"delete: {deleted.statuses}")
    r = b.sync_folder(contacts_id, key_b)
    if r.deleted != [added.server_id]:
        return fail(f"the second device did not get the delete: {r}")
    print(f"pim: contact {added.server_id} added, changed and deleted on one device, seen on the other")
    return 0


def mail(args):
    from pyactivesync.models import EmailChange

    a = client(args)
    a.provision()
    folders = {int(f.type): f.id for f in a.list_folders()}
    inbox_id, drafts_id = folders[2], folders[3]
    items, key_a = sync_all(a, inbox_id)
    if len(items) < 3:
        return fail(f"the Inbox has {len(items)} messages")
    b = client(argparse.Namespace(**{**vars(args), "device_id": args.device_id + "B"}))
    b.provision()
    b.list_folders()
    _, key_b = sync_all(b, inbox_id)
    # In step with the server: nothing to fetch (MS-ASCMD 2.2.1.9: the number of items the next Sync brings).
    if b.get_item_estimate(inbox_id, key_b) != 0:
        return fail("an estimate for a device in step is not 0")

    read, flagged, gone = items[0].server_id, items[1].server_id, items[2].server_id
    changed = a.apply_email_changes(inbox_id, key_a, [
        EmailChange(server_id=read, read=True),
        EmailChange(server_id=flagged, flagged=True),
        EmailChange(server_id=gone, delete=True),
    ])
    if changed.statuses != {read: "1", flagged: "1", gone: "1"} or changed.sync_key == key_a:
        return fail(f"apply_email_changes: {changed}")
    estimate = b.get_item_estimate(inbox_id, key_b)
    r = b.sync_folder(inbox_id, key_b, window_size=100)
    got = sorted(i.server_id for i in r.changed)
    # MS-ASEMAIL Read 1 and Flag Status 2 (active) for the changed items; the deleted one is a Delete.
    fields = {i.server_id: i.fields for i in r.changed}
    if got != sorted([read, flagged]) or r.deleted != [gone]:
        return fail(f"the second device got changes {got} and deletes {r.deleted}")
    if fields[read].get("Email.Read") != "1" or fields[flagged].get("Email.Status") != "2":
        return fail(f"the changes' fields: {fields}")
    if estimate != len(r.changed) + len(r.deleted):
        return fail(f"the estimate {estimate} is not what the Sync brought")
    key_b = r.sync_key
    print(f"mail: read {read}, flagged {flagged}, deleted {gone}: estimate {estimate}, seen by the second device")

    # New mail while the second device is not looking: its Ping reports the Inbox at once (MS-ASCMD 2.2.3.177.11
    # Status 2, changes in the listed folders).
    a.send_mail(message(args.user, args.user, "interop ping", "wakes the Ping"))
    woke = b.ping(inbox_id, heartbeat=60, timeout=30)
    if woke.status != "2" or woke.changed_folder_ids != [inbox_id]:
        return fail(f"ping: {woke}")
    r = b.sync_folder(inbox_id, key_b, window_size=100)
    if [subject_of(i) for i in r.added] != ["interop ping"]:
        return fail(f"after the Ping the Sync brought {[subject_of(i) for i in r.added]}")
    print(f"ping: status {woke.status} for {woke.changed_folder_ids}; the Sync brought the new mail")

    _, drafts_a = sync_all(a, drafts_id)
    _, drafts_b = sync_all(b, drafts_id)
    d = message(args.user, "someone@example.com", "interop draft", "not sent yet")
    draft = a.create_email_draft(drafts_id, drafts_a, d)
    if draft.status != "1" or not (draft.server_id or "").startswith(f"{drafts_id}:"):
        return fail(f"create_email_draft: {draft}")
    r = b.sync_folder(drafts_id, drafts_b, window_size=100)
    if [(i.server_id, subject_of(i)) for i in r.added] != [(draft.server_id, "interop draft")]:
        return fail(f"the second device's Drafts: {[(i.server_id, subject_of(i)) for i in r.added]}")
    print(f"create_email_draft: {draft.server_id}, seen by the second device")

    # easim keeps no attachments: a FileReference names none. The answer is ItemOperations Status 1 with the
    # Fetch's own Status 15 (MS-ASCMD 2.2.3.177.8: "Attachment fetch provider - Attachment or attachment ID is
    # invalid"); pyactivesync 0.17 reads only the first Status and the Data, so it gets no bytes.
    data = a.fetch_attachment(f"{inbox_id}:999999:0")
    if data != b"":
        return fail(f"fetch_attachment returned {len(data)} bytes for no attachment")
    print("fetch_attachment: no bytes for a reference that names no attachment")
    a.close()
    b.close()
    return 0


def cli(args):
    """pyactivesync's CLI verbs, run in-process through its own `main` with the URL pointed at loopback HTTP (it
    hard-codes https://{server}, as the library does: interop.md)."""
    import contextlib
    import io
    import json

    from pyactivesync import _http
    from pyactivesync.cli import main as cli_main

    init = _http.Transport.__init__

    def loopback(self, server, *a, **kw):
        init(self, server, *a, **kw)
        self.base_url = f"http://{server}/Microsoft-Server-ActiveSync"

    _http.Transport.__init__ = loopback
    common = ["--server", args.addr, "--username", args.user, "--password", args.password,
              "--device-id", args.device_id]

    def run(*verb):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = cli_main([verb[0], *common, *verb[1:]])
        if code != 0:
            raise RuntimeError(f"pyactivesync {verb[0]} exited {code}: {out.getvalue()}")
        return out.getvalue()

    listing = [line.split("\t") for line in run("list-folders").splitlines()]
    inbox = next((f for f in listing if f[1] == "INBOX"), None)
    if inbox is None or inbox[3] != "Inbox" or inbox[2] != "0":
        return fail(f"list-folders: {listing}")
    inbox_id = inbox[0]
    first = run("sync", inbox_id)
    if not first.startswith("SyncKey=") or "more_available=False" not in first:
        return fail(f"sync from 0: {first!r}")
    key = first.split()[0].split("=", 1)[1]
    synced = json.loads(run("sync", inbox_id, "--sync-key", key, "--window-size", "100", "--json"))
    added = synced["added"]
    if not added or any(not i["server_id"].startswith(f"{inbox_id}:") for i in added):
        return fail(f"sync --json: {synced}")
    key = synced["sync_key"]
    fetched = json.loads(run("fetch", inbox_id, added[0]["server_id"], "--body-type", "plain_text", "--json"))
    bodies = fetched.get("bodies") or []
    # Asked for plain text: AirSyncBase Body Type 1 (MS-ASAIRS 2.2.2.22.1).
    if not bodies or bodies[0].get("type") != 1 or not bodies[0].get("data"):
        return fail(f"fetch --json has no plain-text body: {fetched}")
    if fetched["fields"].get("Email.Subject") != added[0]["fields"].get("Email.Subject"):
        return fail(f"fetch and sync disagree on the subject: {fetched['fields']}")
    if run("send", "--to", args.user, "--subject", "cli check", "--body", "sent by the CLI").strip() != "sent":
        return fail("send did not say sent")
    woke = json.loads(run("ping", inbox_id, "--heartbeat", "60", "--timeout", "30", "--json"))
    if woke != {"status": "2", "changed_folder_ids": [inbox_id]}:
        return fail(f"ping --json: {woke}")
    table = run("sync", inbox_id, "--sync-key", key, "--window-size", "100")
    if not any(line.startswith(f"  + {inbox_id}:") and "cli check" in line for line in table.splitlines()):
        return fail(f"the sent mail is not in the next sync: {table!r}")
    print(f"cli: {len(listing)} folders, {len(added)} Inbox items, fetch, send, ping {woke['status']}, the new mail")
    return 0


def fail(why):
    print(f"FAIL: {why}", file=sys.stderr)
    return 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["happy", "blocked", "quarantined", "commands", "pim", "mail", "cli"])
    p.add_argument("--addr", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--device-id", default="PYAS0001")
    args = p.parse_args()
    modes = {
        "happy": happy,
        "blocked": blocked,
        "quarantined": quarantined,
        "commands": commands,
        "pim": pim,
        "mail": mail,
        "cli": cli,
    }
    return modes[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
