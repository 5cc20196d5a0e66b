"""The time-zone select without JavaScript: a zone chosen from the browser's language and region
(Accept-Language), that region's zones first, the rest grouped by area."""
import re

import pytest

from tests.network_world import sign_in_as


def selected_zones(body: str) -> list[str]:
    return re.findall(r"<option selected>([^<]+)</option>", body)


def zone_select(body: str) -> str:
    return re.search(r'<select id="timezone".*?</select>', body, re.S).group(0)


def groups(body: str) -> dict[str, list[str]]:
    """Each optgroup of the time-zone select, in order: label -> its zones."""
    return {label: re.findall(r"<option(?: selected)?>([^<]+)</option>", options)
            for label, options in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', zone_select(body), re.S)}


def signup_page(client, language: str | None) -> str:
    return client.get("/signup", headers={"Accept-Language": language} if language else {}).get_data(as_text=True)


@pytest.mark.parametrize("language, zone", [("es-MX,es;q=0.9", "America/Mexico_City"),
                                            ("en-GB,en;q=0.9", "Europe/London"),
                                            ("en-US,en;q=0.9", "America/New_York")])
def test_sign_up_chooses_the_main_zone_of_the_browsers_region(client, language, zone):
    assert selected_zones(signup_page(client, language)) == [zone]


def test_without_a_language_header_no_zone_is_chosen(client):
    assert selected_zones(signup_page(client, None)) == []


def test_a_language_without_a_region_chooses_no_zone(client):
    assert selected_zones(signup_page(client, "es")) == []


def test_the_regions_zones_come_first_in_a_group_named_for_the_region(client):
    first_label, first_zones = next(iter(groups(signup_page(client, "en-US")).items()))
    assert first_label == "United States"
    assert {"America/New_York", "America/Chicago", "America/Los_Angeles", "Pacific/Honolulu"} <= set(first_zones)


def test_the_regions_zones_are_not_listed_twice(client):
    zones = groups(signup_page(client, "en-US"))
    assert "America/New_York" in zones["United States"] and "America/New_York" not in zones["America"]


def test_the_other_zones_are_grouped_by_area(client):
    zones = groups(signup_page(client, None))
    assert list(zones) == ["Africa", "America", "Antarctica", "Asia", "Atlantic Ocean", "Australia", "Europe",
                           "Indian Ocean", "Pacific Ocean", "UTC"]
    assert "America/Mexico_City" in zones["America"] and "Europe/London" in zones["Europe"]


def test_a_guessed_zone_is_marked_for_the_script_to_replace(client):
    assert " data-guessed " in zone_select(signup_page(client, "en-GB"))


def test_a_zone_picked_before_an_error_stays_picked(client):
    body = client.post("/signup", data={"timezone": "Asia/Tokyo"},
                       headers={"Accept-Language": "es-MX"}).get_data(as_text=True)
    assert selected_zones(body) == ["Asia/Tokyo"] and "data-guessed" not in zone_select(body)


def test_settings_keep_the_persons_own_zone_whatever_the_browser_says(client, people):
    sign_in_as(client, "casey@example.org")
    body = client.get("/settings", headers={"Accept-Language": "en-US"}).get_data(as_text=True)
    assert selected_zones(body) == ["Europe/London"] and "data-guessed" not in zone_select(body)
