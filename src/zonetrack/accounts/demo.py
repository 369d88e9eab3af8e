"""Demo organisations and people: the commerce departments, zone committees and demo logins.

Shanxi's provincial department, Linfen's and three more cities' bureaus, the zone committees
and one login per role and level.

Idempotent: every record is looked up by its natural key first. Written through the services,
so the demo has the same change history as real data.
"""

from __future__ import annotations

from zonetrack.core.demo import DEMO_PASSWORD, Login, register

from .choices import OrganisationKind as Kind
from .choices import Role
from .models import Membership, Organisation, User
from .services import membership_set, organisation_create, user_create

PROVINCE = ("山西省商务厅", "14")
LINFEN = ("临汾市商务局", "1410")
# Zone committees (管委会) under Linfen's bureau: (name, region code). The registry's demo
# zones are run by the committees named after them.
LINFEN_COMMITTEES = (
    ("临汾经济开发区管委会", "141002"),
    ("侯马经济开发区管委会", "141081"),
    ("洪洞经济技术开发区管委会", "141024"),
    ("襄汾经济技术开发区管委会", "141023"),
    ("安泽经济技术开发区管委会", "141026"),
    ("隰县现代农业产业示范区管委会", "141031"),
    ("尧都高新技术产业开发区管委会", "141002"),
    ("霍州经济技术开发区管委会", "141082"),
    ("古县经济技术开发区管委会", "141025"),
)
# Departments of the Linfen ETDZ committee (responsible units of problems).
DEPARTMENTS = ("招商服务局", "经济发展局", "规划建设局")
# Other cities: (bureau, city code, login prefix, (committee, region code)).
OTHER_CITIES = (
    ("晋城市商务局", "1405", "jc", ("晋城经济技术开发区管委会", "140502")),
    ("运城市商务局", "1408", "yc", ("运城经济技术开发区管委会", "140802")),
    ("大同市商务局", "1402", "dt", ("大同经济技术开发区管委会", "140213")),
)


def _organisation(name: str, kind: Kind, parent: Organisation | None, region: str) -> Organisation:
    existing = Organisation.objects.filter(name=name, parent=parent).first()
    if existing:
        return existing
    return organisation_create(actor=None, name=name, kind=kind, parent=parent, region_code=region)


def _user(
    username: str,
    display_name: str,
    memberships: list[tuple[Organisation, Role, str]],
    *,
    superuser: bool = False,
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            display_name=display_name,
            is_superuser=superuser,
        )
    for organisation, role, title in memberships:
        if not Membership.objects.filter(user=user, organisation=organisation).exists():
            membership_set(actor=None, user=user, organisation=organisation, role=role, title=title)
    return user


def load() -> list[Login]:
    """Load the demo organisations and people; returns the demo logins."""
    province = _organisation(PROVINCE[0], Kind.PROVINCE_DEPT, None, PROVINCE[1])
    linfen = _organisation(LINFEN[0], Kind.CITY_BUREAU, province, LINFEN[1])
    committees = [
        _organisation(name, Kind.ZONE_COMMITTEE, linfen, region)
        for name, region in LINFEN_COMMITTEES
    ]
    lfkfq, hmkfq = committees[0], committees[1]
    for department in DEPARTMENTS:
        _organisation(department, Kind.DEPARTMENT, lfkfq, "141002")
    city_managers: list[Login] = []
    for bureau_name, city_code, key, (committee, region) in OTHER_CITIES:
        bureau = _organisation(bureau_name, Kind.CITY_BUREAU, province, city_code)
        _organisation(committee, Kind.ZONE_COMMITTEE, bureau, region)
        _user(f"{key}_manager", f"{bureau_name}科长", [(bureau, Role.MANAGER, "开发区科科长")])
        city_managers.append((f"{key}_manager", bureau_name, "manager"))

    logins: list[tuple[str, str, str, list[tuple[Organisation, Role, str]], bool]] = [
        ("admin", "系统管理员", "superuser", [], True),
        (
            "sx_manager",
            "省商务厅开发区处",
            "manager",
            [(province, Role.MANAGER, "开发区处处长")],
            False,
        ),
        ("sx_viewer", "省商务厅观察员", "viewer", [(province, Role.VIEWER, "科员")], False),
        ("lf_admin", "临汾市商务局管理员", "admin", [(linfen, Role.ADMIN, "信息科")], False),
        ("lf_manager", "临汾市商务局", "manager", [(linfen, Role.MANAGER, "开发区科科长")], False),
        ("lf_viewer", "临汾市商务局观察员", "viewer", [(linfen, Role.VIEWER, "科员")], False),
        (
            "lfkfq_manager",
            "临汾经开区管委会",
            "manager",
            [(lfkfq, Role.MANAGER, "管委会副主任")],
            False,
        ),
        (
            "lfkfq_officer",
            "临汾经开区项目专员",
            "officer",
            [(lfkfq, Role.OFFICER, "项目专员")],
            False,
        ),
        ("lfkfq_viewer", "临汾经开区观察员", "viewer", [(lfkfq, Role.VIEWER, "科员")], False),
        ("hm_manager", "侯马经开区管委会", "manager", [(hmkfq, Role.MANAGER, "管委会主任")], False),
        ("hm_officer", "侯马经开区项目专员", "officer", [(hmkfq, Role.OFFICER, "项目专员")], False),
    ]
    result: list[Login] = []
    for username, display_name, role, memberships, superuser in logins:
        _user(username, display_name, memberships, superuser=superuser)
        result.append((username, display_name, role))
    # The other cities' managers are logins too (the README lists them).
    result.extend(city_managers)
    return result


register(10, load)
