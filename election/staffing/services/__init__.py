"""Use cases of staffing, one module each: the registry of people
(`registry`), election bodies (`bodies`), their members (`members`), the
Art. 27 conflicts (`conflicts`), a body's report against every rule
(`reports`), station-officer logins (`credentials`), the overview against the
calendar (`overview`) and the team assignment helper (`assignment`). Who may
change and read what is in `access`.

Importing this package registers the Art. 27 check with elections: when a
unit's official candidate list is finalized, its members who stand in it are
flagged in the same transaction (staffing depends on elections, not the other
way round).
"""

from election.elections import structure
from election.staffing.queries.bodies import BodyRow, CommuneArea
from election.staffing.queries.members import MemberRow
from election.staffing.queries.people import PersonRow
from election.staffing.services.access import (
    committees_to_form,
    may_manage,
    may_manage_body,
    may_manage_register,
    may_read_body,
    may_read_register,
    register_shown,
    require_commune_teams,
)
from election.staffing.services.assignment import (
    AssignmentView,
    accept_assignment,
    discard_assignment,
    get_assignment,
    latest_assignments,
    propose_assignment,
    swap_assignment,
)
from election.staffing.services.bodies import (
    BodyPlace,
    BodyResult,
    body_place,
    create_body,
    delete_body,
    form_commune_teams,
    get_body,
    insert_body,
    list_bodies,
    update_body,
)
from election.staffing.services.common import lower_first, province_title, tidy
from election.staffing.services.conflicts import (
    ConflictFlag,
    find_conflicts,
    flag_candidate_conflicts,
    flag_conflicts_of_finalized_list,
    list_conflicts,
)
from election.staffing.services.credentials import (
    IssuedCredential,
    initial_password,
    issue_commune_station_accounts,
    issue_station_accounts,
    link_member_account,
)
from election.staffing.services.members import (
    add_member,
    excluded_voters,
    get_member,
    list_members,
    record_training,
    record_training_day,
    remove_member,
    update_member,
)
from election.staffing.services.overview import (
    AreaTeam,
    CommuneTeams,
    DeadlineRow,
    MissingBoard,
    Overview,
    commune_teams,
    staffing_overview,
)
from election.staffing.services.registry import (
    IMPORT_KIND,
    check_register_place,
    delete_person,
    get_person,
    import_scope,
    list_people,
    normalize_person,
    save_people,
    save_person,
    stage_people,
)
from election.staffing.services.reports import (
    BodyReport,
    Choice,
    body_report,
    people_for_body,
    person_memberships,
)

structure.on_list_finalized(flag_conflicts_of_finalized_list)

__all__ = [
    "IMPORT_KIND",
    "AreaTeam",
    "AssignmentView",
    "BodyPlace",
    "BodyReport",
    "BodyResult",
    "BodyRow",
    "Choice",
    "CommuneArea",
    "CommuneTeams",
    "ConflictFlag",
    "DeadlineRow",
    "IssuedCredential",
    "MemberRow",
    "MissingBoard",
    "Overview",
    "PersonRow",
    "accept_assignment",
    "add_member",
    "body_place",
    "body_report",
    "check_register_place",
    "committees_to_form",
    "commune_teams",
    "create_body",
    "delete_body",
    "delete_person",
    "discard_assignment",
    "excluded_voters",
    "find_conflicts",
    "flag_candidate_conflicts",
    "form_commune_teams",
    "get_assignment",
    "get_body",
    "get_member",
    "get_person",
    "import_scope",
    "initial_password",
    "insert_body",
    "issue_commune_station_accounts",
    "issue_station_accounts",
    "latest_assignments",
    "link_member_account",
    "list_bodies",
    "list_conflicts",
    "list_members",
    "list_people",
    "lower_first",
    "may_manage",
    "may_manage_body",
    "may_manage_register",
    "may_read_body",
    "may_read_register",
    "normalize_person",
    "people_for_body",
    "person_memberships",
    "propose_assignment",
    "province_title",
    "record_training",
    "record_training_day",
    "register_shown",
    "remove_member",
    "require_commune_teams",
    "save_people",
    "save_person",
    "staffing_overview",
    "stage_people",
    "swap_assignment",
    "tidy",
    "update_body",
    "update_member",
]
