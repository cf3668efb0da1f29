"""elearn: distance learning for the civil servants (ASN) of Lampung province."""

from pathlib import Path

from werkzeug.middleware.proxy_fix import ProxyFix

from elearn import models  # noqa: F401  (registers every table on the metadata)
from elearn.core.config import load_config
from elearn.core.extensions import (
    babel,
    csrf,
    db,
    limiter,
    login_manager,
    make_sqlite_transactional,
    migrate,
    render_migration_type,
    utcnow,
)
from elearn.core.jobs import Outbox, outbox_cli
from elearn.core.parameters import BoundedIntConverter
from elearn.core.transaction import TransactionalFlask, track_writes

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config: dict | None = None) -> TransactionalFlask:
    """Build the app: config, extensions, blueprints, CLI. No queries run here."""
    app = TransactionalFlask(__name__)
    app.url_map.converters["int"] = BoundedIntConverter  # before any route is added
    app.config.update(load_config(app.instance_path))
    app.config.update(config or {})
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # home of the default SQLite file
    if app.config["ELEARN_PROXY_HOPS"]:
        hops = app.config["ELEARN_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    _init_extensions(app)
    _connect_receivers()
    _register_features(app)
    return app


def _connect_receivers() -> None:
    """Import every module that subscribes to another feature's signals, so it is connected before
    the first request or command. Receivers of one signal run in this order."""
    from elearn.accounts import receivers as _accounts  # noqa: F401
    from elearn.certificates import receivers as _certificates  # noqa: F401
    from elearn.evaluation import receivers as _evaluation  # noqa: F401
    from elearn.learning import receivers as _learning  # noqa: F401  (before certificates and evaluation)


def _init_extensions(app: TransactionalFlask) -> None:
    from elearn.auth.sessions import load_user_from_cookie
    from elearn.auth.views import send_to_sign_in
    from elearn.core.web import select_locale

    db.init_app(app)
    track_writes()
    with app.app_context():  # engines exist once init_app has run; this runs no query
        make_sqlite_transactional(db.engine)
    migrate.init_app(
        app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True,
        render_item=render_migration_type,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    Outbox(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.user_loader(lambda cookie_id: load_user_from_cookie(
        db.session, cookie_id, utcnow(), app.permanent_session_lifetime))
    login_manager.unauthorized_handler(send_to_sign_in)


def _register_features(app: TransactionalFlask) -> None:
    from elearn import admin
    from elearn.auth import cli as auth_cli
    from elearn.auth import views as auth_views
    from elearn.certificates import admin_views as certificate_admin_views
    from elearn.certificates import views as certificate_views
    from elearn.competencies import admin_views as needs_admin_views
    from elearn.competencies import views as competency_views
    from elearn.content import views as content_views
    from elearn.contentsync import cli as content_cli
    from elearn.core.web import init_site
    from elearn.evaluation import admin_views as evaluation_admin_views
    from elearn.evaluation import cli as evaluation_cli
    from elearn.evaluation import views as evaluation_views
    from elearn.journey import views as journey_views
    from elearn.learning import views as learning_views
    from elearn.mentoring import plan_views
    from elearn.mentoring import views as mentoring_views
    from elearn.quizzes import views as quiz_views
    from elearn.voices import admin_views as voices_admin_views
    from elearn.voices import views as voices_views

    init_site(app)
    app.register_blueprint(auth_views.bp)
    app.register_blueprint(journey_views.bp)
    app.register_blueprint(learning_views.bp)
    app.register_blueprint(content_views.bp)
    app.register_blueprint(quiz_views.bp)
    app.register_blueprint(plan_views.bp)
    app.register_blueprint(mentoring_views.bp, url_prefix="/mentor")
    app.register_blueprint(mentoring_views.notifications_bp)
    app.register_blueprint(admin.views.bp, url_prefix="/admin")
    app.register_blueprint(competency_views.bp)
    app.register_blueprint(needs_admin_views.bp, url_prefix="/admin/needs")
    app.register_blueprint(certificate_views.bp)
    app.register_blueprint(certificate_views.verification_bp)
    app.register_blueprint(certificate_admin_views.bp, url_prefix="/admin/certificates")
    app.register_blueprint(evaluation_views.bp)
    app.register_blueprint(evaluation_admin_views.bp, url_prefix="/admin/evaluation")
    app.register_blueprint(voices_views.bp)
    app.register_blueprint(voices_views.citizen_bp)
    app.register_blueprint(voices_admin_views.bp, url_prefix="/admin/voices")
    app.cli.add_command(content_cli.content_cli)
    app.cli.add_command(auth_cli.user_cli)
    app.cli.add_command(evaluation_cli.remedial_cli)
    app.cli.add_command(outbox_cli)
    if app.config["ELEARN_ENV"] != "production":
        _register_devtools(app)


def _register_devtools(app: TransactionalFlask) -> None:
    """`flask demo` is a development aid: imported here, late, so a production app never loads it."""
    from elearn.devtools.demo import demo_command

    app.cli.add_command(demo_command)
