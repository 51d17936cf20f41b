"""The application factory: every controller, templates, authentication, error handling."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from pathlib import Path

from litestar import Litestar
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.asyncpg import AsyncPgChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.config.csrf import CSRFConfig
from litestar.di import NamedDependency, Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig

from election import __version__, db
from election.accounts import token_cache
from election.accounts.controllers import AuthController, MeController, UserController
from election.accounts.guards import (
    AuthenticationMiddleware,
    PasswordChangeMiddleware,
    role_guard,
)
from election.accounts.pages import AccountPages, LoginPages, UserPages
from election.audit import keys as audit_keys
from election.audit.controllers import AuditController
from election.audit.labels import TEMPLATE_FILTERS as AUDIT_FILTERS
from election.audit.pages import AuditPages
from election.elections import training_clock
from election.elections.candidate_pages import ContestCandidatePages
from election.elections.clock_pages import (
    TrainingBannerMiddleware,
    TrainingClockController,
    TrainingClockPages,
)
from election.elections.controllers import ElectionController
from election.elections.pages import DashboardPages, ElectionPages
from election.elections.public_pages import PublicListPages
from election.elections.structure_controllers import (
    CandidateController,
    ContestStructureController,
    UnitController,
)
from election.elections.structure_pages import ContestPages, StructurePages, UnitPages
from election.geography.controllers import GeographyController
from election.health import health, live, ready
from election.imports.controllers import ImportController
from election.imports.pages import ImportPages
from election.middleware import RequestContextMiddleware
from election.openapi import ClockTimeSchema
from election.ops import draining, metrics
from election.settings import Settings
from election.staffing.controllers import (
    AssignmentController,
    BodyController,
    ElectionStaffingController,
    MemberController,
    StaffController,
    UnitConflictController,
)
from election.staffing.pages import (
    AssignmentPages,
    CommuneTeamPages,
    PeoplePages,
    StaffingPages,
)
from election.stations.controllers import CommuneAreasController, PollingAreaController
from election.stations.pages import AreaPages, CommuneAreaPages
from election.tallies import pictures
from election.tallies import services as tally_services
from election.tallies.controllers import (
    AreaTallyController,
    ElectionTallyController,
    TallySheetController,
    UnitResultController,
)
from election.tallies.inbox_pages import InboxPages
from election.tallies.pages import TallyPages
from election.tallies.relay_pages import OfflinePages, RelayController, RelayPages
from election.tallies.results_pages import ResultsByPlacePages
from election.tallies.services import PROGRESS_CHANNEL
from election.turnout.controllers import AreaTurnoutController, ElectionTurnoutController
from election.turnout.pages import TurnoutPages
from election.turnout.services import TURNOUT_CHANNEL
from election.voters.controllers import (
    AreaVotersController,
    CertificateController,
    CommuneVotersController,
    ElectionSettingsController,
    LookupController,
    VoterController,
)
from election.voters.lookup_pages import LookupPages
from election.voters.pages import (
    AreaVoterPages,
    CertificatePages,
    CommuneVoterPages,
    ComplaintPages,
    VoterHomePages,
    VoterPages,
)
from election.web import TEMPLATE_FILTERS, exception_handler

PACKAGE_DIR = Path(__file__).parent

API_CONTROLLERS = [
    AuthController,
    MeController,
    UserController,
    GeographyController,
    ElectionController,
    TrainingClockController,
    ContestStructureController,
    UnitController,
    CandidateController,
    CommuneAreasController,
    PollingAreaController,
    ImportController,
    CommuneVotersController,
    AreaVotersController,
    VoterController,
    CertificateController,
    ElectionSettingsController,
    LookupController,
    AuditController,
    StaffController,
    ElectionStaffingController,
    BodyController,
    MemberController,
    AssignmentController,
    UnitConflictController,
    AreaTallyController,
    TallySheetController,
    UnitResultController,
    ElectionTallyController,
    AreaTurnoutController,
    ElectionTurnoutController,
    RelayController,
]
PAGE_CONTROLLERS = [
    LoginPages,
    AccountPages,
    UserPages,
    DashboardPages,
    ElectionPages,
    TrainingClockPages,
    StructurePages,
    ContestPages,
    ContestCandidatePages,
    UnitPages,
    CommuneAreaPages,
    AreaPages,
    ImportPages,
    VoterHomePages,
    CommuneVoterPages,
    AreaVoterPages,
    VoterPages,
    ComplaintPages,
    CertificatePages,
    LookupPages,
    PublicListPages,
    AuditPages,
    StaffingPages,
    CommuneTeamPages,
    AssignmentPages,
    PeoplePages,
    TallyPages,
    TurnoutPages,
    InboxPages,
    ResultsByPlacePages,
    RelayPages,
    OfflinePages,
]


def _register_filters(engine: JinjaTemplateEngine) -> None:
    engine.engine.filters.update(TEMPLATE_FILTERS)
    engine.engine.filters.update(AUDIT_FILTERS)
    engine.engine.globals["standings_chart"] = pictures.standings_chart
    engine.engine.globals["unit_communes"] = pictures.unit_communes
    engine.engine.globals["unit_communes_chart"] = pictures.unit_communes_chart


def create_app(settings: NamedDependency[Settings]) -> Litestar:
    tally_services.set_entry_concurrency(settings.tally_entry_concurrency)
    # A missing or malformed audit key stops the start, not the first change.
    audit_keys.keys()

    @asynccontextmanager
    async def database_pool(app: Litestar):
        opened = False
        if settings.database_url:
            # The pool, behind a pooler or not, and the replica of the heavy reads.
            opened = await db.open_databases(settings)
        try:
            yield
        finally:
            if opened:
                # Live notices wait up to NOTIFY_DELAY_SECONDS to go out together:
                # let the last ones of a stopping process leave before the pool closes.
                await asyncio.sleep(db.NOTIFY_DELAY_SECONDS * 4)
                await db.close_pool()

    # Sheet changes, turnout reports and token revocations are NOTIFYed once
    # committed; one listening connection per process fans them out to the live dashboards
    # and to the process's cache of resolved tokens.
    database_url = settings.database_url
    channels = ChannelsPlugin(
        backend=AsyncPgChannelsBackend(
            # LISTEN needs a session of its own: never through a transaction-mode pooler.
            make_connection=lambda: db.listening_connection(
                settings.database_direct_url or database_url
            )
        )
        if database_url
        else MemoryChannelsBackend(),
        channels=[
            PROGRESS_CHANNEL,
            TURNOUT_CHANNEL,
            token_cache.REVOKED_CHANNEL,
            training_clock.CHANNEL,
        ],
        subscriber_max_backlog=1000,
        subscriber_backlog_strategy="dropleft",
    )

    app = Litestar(
        # ClockTimeSchema: a time of day documented as one (election.openapi).
        plugins=[channels, ClockTimeSchema()],
        route_handlers=[
            health,
            live,
            ready,
            metrics.metrics,
            *API_CONTROLLERS,
            *PAGE_CONTROLLERS,
            create_static_files_router(
                path="/static",
                directories=[PACKAGE_DIR / "static"],
                opt={"public": True},
                include_in_schema=False,
            ),
        ],
        dependencies={"settings": Provide(lambda: settings, sync_to_thread=False)},
        middleware=[
            DefineMiddleware(
                AuthenticationMiddleware, exclude_from_auth_key="public", exclude=["^/static/"]
            ),
            # After authentication: a one-time password opens only its own change.
            DefineMiddleware(PasswordChangeMiddleware),
        ],
        guards=[role_guard],
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            exclude=["^/api/"],
            cookie_secure=settings.secure_cookies,
            cookie_samesite="lax",
            cookie_httponly=False,
        ),
        template_config=TemplateConfig(
            directory=PACKAGE_DIR / "templates",
            engine=JinjaTemplateEngine,
            engine_callback=_register_filters,
        ),
        openapi_config=OpenAPIConfig(
            title="API quản lý bầu cử ĐBQH và HĐND",
            version=__version__,
            description="Giao diện lập trình JSON. Xác thực bằng mã truy cập "
            "(POST /api/v1/auth/token). Lỗi trả về theo RFC 9457 (problem details).",
            path="/schema",
            # JSON only: the HTML viewers load scripts from a CDN, which we never do.
            render_plugins=[JsonRenderPlugin(path=["/", "/openapi.json"])],
        ),
        exception_handlers={Exception: exception_handler},
        lifespan=[
            database_pool,
            lambda app: token_cache.revocations_heard(channels),
            lambda app: training_clock.changes_heard(channels),
            # SIGTERM ends the live streams and fails readiness at once.
            draining.on_termination,
        ],
        debug=settings.debug,
        logging_config=None,
    )
    # Around litestar's own error handling rather than inside it (where route
    # middleware sits), so that the responses of errors raised before a handler
    # runs (401 of authentication, 403 of CSRF, 404 of no route) get the request
    # ID and the security headers, and are counted with their real status.
    # The training banner of every page, error pages included.
    app.asgi_handler = TrainingBannerMiddleware(app.asgi_handler)
    app.asgi_handler = RequestContextMiddleware(
        app.asgi_handler,
        access_log=settings.access_log,
        trusted_proxies=settings.trusted_proxies,
    )
    return app
