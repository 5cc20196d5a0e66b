"""A real full disk under the SQLite database (issue 18, part 3): saves get a 503 and keep the
entry, and once space comes back they work again without a restart.

Needs root (it mounts a small tmpfs); loopback only, nothing is served. Prints a table.

    sudo .venv/bin/python bench/disk_full.py [--size-kb 1024] [--saves 1500]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from recoverynet import create_app  # noqa: E402
from recoverynet.auth.models import User  # noqa: E402
from recoverynet.extensions import db  # noqa: E402
from recoverynet.log.models import Entry  # noqa: E402
from recoverynet.timeutil import utcnow  # noqa: E402

FAST_HASH = "$argon2id$v=19$m=64,t=1,p=1$iwo5xuifeZLS0TxJUS2EGw$yvCEOa2u4EEnZcKV6R9zBwC6MNdzlSYUdr2lvm9jhM0"


def mount(path: str, size_kb: int, remount: bool = False) -> None:
    options = f"{'remount,' if remount else ''}size={size_kb}k,mode=0700"
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", path], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-kb", type=int, default=1024, help="tmpfs size while full")
    parser.add_argument("--saves", type=int, default=1500, help="saves tried while full")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("disk_full.py mounts a tmpfs: run it as root.", file=sys.stderr)
        return 2
    where = tempfile.mkdtemp(prefix="rn-diskfull-")
    mount(where, args.size_kb)
    try:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                          "PUBLIC_URL": "http://localhost",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{where}/bench.sqlite"},
                         instance_path=os.path.join(where, "instance"))
        with app.app_context():
            db.create_all()
            db.session.add(User(email="bench@example.org", password_hash=FAST_HASH, display_name="Bench",
                                timezone="UTC", country="GB", is_client=True, confirmed_at=utcnow()))
            db.session.commit()
        client = app.test_client()
        client.post("/login", data={"email": "bench@example.org", "password": "correct horse battery"},
                    headers={"Sec-Fetch-Site": "same-origin"})
        statuses: dict[int, int] = {}
        kept = []
        note = "x" * 1500  # fills the disk sooner
        filled, retry_after, crisis_link = 0, set(), 0
        for _ in range(args.saves):
            device_id = str(uuid.uuid4())
            response = client.post("/log", data={"mood": "3", "note": note, "device_id": device_id},
                                   headers={"Sec-Fetch-Site": "same-origin", "Accept": "application/json"})
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code == 503:
                kept.append(device_id)
                retry_after.add(response.headers.get("Retry-After"))
            elif response.status_code < 400:
                filled += 1
        page = client.post("/log", data={"mood": "3", "note": note, "device_id": str(uuid.uuid4())},
                           headers={"Sec-Fetch-Site": "same-origin"})
        crisis_link = int('href="/crisis"' in page.get_data(as_text=True))
        mount(where, args.size_kb * 64, remount=True)  # space comes back; the app is not restarted
        resent = sum(client.post("/log", data={"mood": "3", "note": note, "device_id": device_id},
                                 headers={"Sec-Fetch-Site": "same-origin", "Accept": "application/json"}
                                 ).status_code < 400 for device_id in kept)
        with app.app_context():
            stored = db.session.query(Entry).count()
            integrity = db.session.execute(db.text("PRAGMA integrity_check")).scalar()
        print(f"load average {os.getloadavg()[0]:.2f}, tmpfs {args.size_kb} KB, {args.saves} saves tried")
        print(f"{'what':44} {'count':>8}")
        for code in sorted(statuses):
            print(f"{'answers ' + str(code):44} {statuses[code]:>8}")
        print(f"{'saved before the disk filled':44} {filled:>8}")
        print(f"{'503 answers kept (Retry-After: ' + ','.join(sorted(map(str, retry_after))) + ')':44} {len(kept):>8}")
        print(f"{'HTML 503 page has the Crisis help link':44} {crisis_link:>8}")
        print(f"{'kept entries sent again after space came back':44} {resent:>8}")
        print(f"{'rows stored (saved + sent again)':44} {stored:>8}")
        print(f"integrity_check: {integrity}")
        ok = 500 not in statuses and resent == len(kept) and stored == filled + resent and integrity == "ok"
        print("OK" if ok else "NOT MET")
        with app.app_context():
            db.engine.dispose()  # let go of the file so the tmpfs can be unmounted
        return 0 if ok else 1
    finally:
        subprocess.run(["umount", where], check=False)
        os.rmdir(where)


if __name__ == "__main__":
    sys.exit(main())
