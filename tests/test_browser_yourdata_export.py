"""In a real browser at phone size: Settings' "Download my data" reads well and the tap starts a
download of the zip (issue 12, export)."""
import io
import os
import json
import zipfile

import pytest
from playwright.sync_api import expect

from tests.helpers import NO_WORKER, SCREENSHOTS, add_entries, screenshot, sign_in_quickly

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("size", "scheme"), [("390x844", "light"), ("360x740", "light"), ("360x740", "dark")])
def test_settings_download_my_data_reads_well_and_starts_the_download(app, open_phone, live_server, people,
                                                                     size, scheme):
    add_entries(app, people["client"], 3, triggers=["lonely"], note="Long day, made it through.")
    page = open_phone(size=size, color_scheme=scheme, accept_downloads=True, **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/settings")
    section = page.get_by_role("region", name="Download my data")
    section.evaluate("element => element.scrollIntoView({block: 'center'})")  # clear of the sticky top bar
    expect(section.get_by_text("Get a copy of everything RecoveryNet keeps about you")).to_be_visible()
    button = section.get_by_role("button", name="Download my data")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.screenshot(path=os.path.join(SCREENSHOTS, f"settings-download-{size}-{scheme}-section.png"))
    screenshot(page, f"settings-download-{size}-{scheme}")
    with page.expect_download() as started:
        button.tap()
    download = started.value
    assert download.suggested_filename.startswith("recoverynet-data-") and download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as archive:
        data = json.loads(archive.read("data.json"))
    assert [entry["note"] for entry in data["entries"]] == ["Long day, made it through."] * 3
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()  # still on Settings, nothing broke
