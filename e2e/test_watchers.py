"""The suite's own net: a page that breaks the Content-Security-Policy or throws is reported, so a journey whose
page does either fails. (Not a journey: no screenshot.)"""

from __future__ import annotations

from conftest import Journey


def test_an_inline_script_blocked_by_the_csp_and_an_uncaught_error_are_reported(browser, base_url):
    journey = Journey(browser, base_url)
    try:
        page = journey.as_user("lingdao")
        assert journey.problems == []
        # What a template with an inline <script> does: the CSP refuses it, and the page says so.
        with (
            page.expect_console_message(lambda m: "CSP violation" in m.text),
            page.expect_console_message(lambda m: "violates the following Content Security Policy" in m.text),
        ):
            page.evaluate(
                "document.body.appendChild(Object.assign(document.createElement('script'),"
                " {textContent: 'window.ran = 1'}))"
            )
        # …and an inline event handler (onclick="", onerror="").
        with page.expect_console_message(lambda m: "script-src-attr" in m.text):
            page.evaluate(
                """document.body.insertAdjacentHTML('beforeend', '<img src="/x.png" onerror="window.ran = 2">')"""
            )
        assert page.evaluate("window.ran") is None  # neither ran
        with page.expect_event("pageerror"):
            page.evaluate("setTimeout(() => { throw new Error('journey breaker') })")
    finally:
        journey.close()
    text = "\n".join(journey.problems)
    assert "CSP violation: script-src-elem blocked inline" in text
    assert "CSP violation: script-src-attr blocked inline" in text
    assert "Executing inline script violates the following Content Security Policy" in text
    assert "uncaught" in text and "journey breaker" in text
