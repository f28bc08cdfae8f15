"""The browser under test reaches the loopback live server and nothing else (see CHROMIUM_ARGS in
conftest.py): an address on the internet, by name or by number, fails in the browser before any packet
leaves the machine, for a navigation and for a page's own fetch."""

import pytest
from playwright.sync_api import Error as PlaywrightError


def test_the_browser_reaches_the_live_server_and_nothing_beyond_loopback(page, live_server):
    response = page.goto(live_server.url + "/healthz")
    assert response is not None and response.ok
    assert page.request.get(live_server.url + "/favicon.ico").ok  # served at the root, as browsers ask
    outcome = page.evaluate("fetch('http://203.0.113.7/', {mode: 'no-cors'}).then(() => 'reached', () => 'refused')")
    assert outcome == "refused"
    for address in ("http://203.0.113.7/", "http://example.org/"):  # a documentation address, and a name
        with pytest.raises(PlaywrightError, match="ERR_PROXY_CONNECTION_FAILED|ERR_TUNNEL_CONNECTION_FAILED"):
            page.goto(address)
