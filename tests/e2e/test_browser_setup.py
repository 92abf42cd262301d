"""The browser fixtures themselves: Debian's Chromium reaches the live server."""


def test_the_browser_opens_the_home_page_of_the_live_server(page, live_server):
    page.goto("/")
    assert page.title()
    assert page.url.startswith(live_server.url)
