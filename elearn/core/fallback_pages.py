"""Error pages that need nothing at request time: no database, no session, no signed-in user. They
are rendered once at start-up, in Indonesian and then English, and served when the app's own error
page cannot be: the database is unreachable, or rendering that page failed."""

from flask import Flask, Response
from flask_babel import force_locale, gettext

# Long enough for PostgreSQL to restart, short enough that a retrying browser soon gets through.
RETRY_AFTER_SECONDS = 15


class FallbackPages:
    """Ready-made HTML per status code; `texts` maps a code to its (title, advice), both translatable."""

    def __init__(self, app: Flask, texts: dict, stylesheet: str):
        template = app.jinja_env.get_template("errors/fallback.html")
        with app.app_context():
            self.pages = {code: template.render(languages=[_language(code, title, advice, locale)
                                                           for locale in ("id", "en")], stylesheet=stylesheet)
                          for code, (title, advice) in texts.items()}

    def response(self, code: int) -> Response:
        response = Response(self.pages.get(code, self.pages[500]), code, mimetype="text/html")
        if code == 503:
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def _language(code: int, title, advice, locale: str) -> dict:
    with force_locale(locale):
        return {"code": locale, "title": str(title), "advice": str(advice),
                "home": gettext("Back to the home page"),
                "code_text": gettext("Error code %(code)s", code=code)}
