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
from election.staffing.queries.bodies import BodyRow
from election.staffing.queries.members import MemberRow
from election.staffing.queries.people import PersonRow
from election.staffing.services.access import (
    committees_to_form,
    may_manage,
    may_manage_body,
    may_manage_register,
    may_read_register,
    register_shown,
)
from election.staffing.services.assignment import (
    accept_assignment,
    discard_assignment,
    get_assignment,
    latest_assignments,
    propose_assignment,
    swap_assignment,
)
from election.staffing.services.bodies import (
    BodyResult,
    create_body,
    delete_body,
    form_commune_teams,
    get_body,
    list_bodies,
    update_body,
)
from election.staffing.services.common import lower_first
from election.staffing.services.conflicts import (
    find_conflicts,
    flag_candidate_conflicts,
    flag_conflicts_of_finalized_list,
    list_conflicts,
)
from election.staffing.services.credentials import (
    IssuedCredential,
    issue_commune_station_accounts,
    issue_station_accounts,
    link_member_account,
)
from election.staffing.services.members import (
    add_member,
    get_member,
    list_members,
    record_training,
    record_training_day,
    remove_member,
    update_member,
)
from election.staffing.services.overview import (
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
    reveal_person,
    save_people,
    save_person,
    shown_person,
    stage_people,
)
from election.staffing.services.reports import (
    BodyReport,
    body_report,
    people_for_body,
    person_memberships,
)

structure.on_list_finalized(flag_conflicts_of_finalized_list)

__all__ = [
    "IMPORT_KIND",
    "BodyReport",
    "BodyResult",
    "BodyRow",
    "IssuedCredential",
    "MemberRow",
    "PersonRow",
    "accept_assignment",
    "add_member",
    "body_report",
    "check_register_place",
    "committees_to_form",
    "commune_teams",
    "create_body",
    "delete_body",
    "delete_person",
    "discard_assignment",
    "find_conflicts",
    "flag_candidate_conflicts",
    "form_commune_teams",
    "get_assignment",
    "get_body",
    "get_member",
    "get_person",
    "import_scope",
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
    "may_read_register",
    "people_for_body",
    "person_memberships",
    "propose_assignment",
    "record_training",
    "record_training_day",
    "register_shown",
    "remove_member",
    "reveal_person",
    "save_people",
    "save_person",
    "shown_person",
    "staffing_overview",
    "stage_people",
    "swap_assignment",
    "update_body",
    "update_member",
]
