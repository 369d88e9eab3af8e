"""Demo organisations and people: the commerce departments, zone committees and demo logins.

Shanxi's provincial department, Linfen's and three more cities' bureaus, the zone committees
and one login per role and level. Logins are people (a name, with their post as the title of
their membership), as in a real deployment: pages that name who did something show a person.

Idempotent: every record is looked up by its natural key first. Written through the services,
so the demo has the same change history as real data.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

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
# Other cities: (bureau, city code, login prefix, (committee, region code), manager's name).
OTHER_CITIES = (
    ("晋城市商务局", "1405", "jc", ("晋城经济技术开发区管委会", "140502"), "郭卫东"),
    ("运城市商务局", "1408", "yc", ("运城经济技术开发区管委会", "140802"), "薛明"),
    ("大同市商务局", "1402", "dt", ("大同经济技术开发区管委会", "140213"), "高峰"),
)


def _organisation(name: str, kind: Kind, parent: Organisation | None, region: str) -> Organisation:
    existing = Organisation.objects.filter(name=name, parent=parent).first()
    if existing:
        return existing
    return organisation_create(actor=None, name=name, kind=kind, parent=parent, region_code=region)


def _post_at(organisation: str, post: str) -> str:
    """ "临汾经济开发区管委会" and "管委会副主任" → "临汾经济开发区管委会副主任": the words the post
    repeats of the organisation's name are said once."""
    for size in range(min(len(organisation), len(post)), 0, -1):
        if organisation.endswith(post[:size]):
            return organisation + post[size:]
    return organisation + post


def _user(
    username: str,
    display_name: str,
    memberships: list[tuple[Organisation, Role, str]],
    *,
    password_hash: str,
    superuser: bool = False,
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            actor=None,
            username=username,
            password=None,
            # Every demo login has the one demo password, hashed once for all (a quarter of
            # a second each time).
            password_hash=password_hash,
            display_name=display_name,
            is_superuser=superuser,
        )
    for organisation, role, title in memberships:
        if not Membership.objects.filter(user=user, organisation=organisation).exists():
            membership_set(actor=None, user=user, organisation=organisation, role=role, title=title)
    return user


def load() -> list[Login]:
    """Load the demo organisations and people; returns the demo logins."""
    password_hash = make_password(DEMO_PASSWORD)
    province = _organisation(PROVINCE[0], Kind.PROVINCE_DEPT, None, PROVINCE[1])
    linfen = _organisation(LINFEN[0], Kind.CITY_BUREAU, province, LINFEN[1])
    committees = [
        _organisation(name, Kind.ZONE_COMMITTEE, linfen, region)
        for name, region in LINFEN_COMMITTEES
    ]
    lfkfq, hmkfq = committees[0], committees[1]
    departments = [
        _organisation(department, Kind.DEPARTMENT, lfkfq, "141002") for department in DEPARTMENTS
    ]
    city_managers: list[Login] = []
    for bureau_name, city_code, key, (committee, region), person in OTHER_CITIES:
        bureau = _organisation(bureau_name, Kind.CITY_BUREAU, province, city_code)
        _organisation(committee, Kind.ZONE_COMMITTEE, bureau, region)
        _user(
            f"{key}_manager",
            person,
            [(bureau, Role.MANAGER, "开发区科科长")],
            password_hash=password_hash,
        )
        city_managers.append(
            (f"{key}_manager", f"{person}（{bureau_name}开发区科科长）", "manager")
        )

    # (username, person, role, memberships (organisation, role, post), superuser)
    logins: list[tuple[str, str, str, list[tuple[Organisation, Role, str]], bool]] = [
        ("admin", "系统管理员", "superuser", [], True),
        ("sx_manager", "李建国", "manager", [(province, Role.MANAGER, "开发区处处长")], False),
        ("sx_viewer", "赵敏", "viewer", [(province, Role.VIEWER, "开发区处科员")], False),
        ("lf_admin", "孙伟", "admin", [(linfen, Role.ADMIN, "信息科科长")], False),
        ("lf_manager", "张立新", "manager", [(linfen, Role.MANAGER, "开发区科科长")], False),
        ("lf_viewer", "刘洋", "viewer", [(linfen, Role.VIEWER, "开发区科科员")], False),
        ("lfkfq_manager", "张志强", "manager", [(lfkfq, Role.MANAGER, "管委会副主任")], False),
        ("lfkfq_officer", "王晓燕", "officer", [(lfkfq, Role.OFFICER, "项目专员")], False),
        ("lfkfq_viewer", "陈静", "viewer", [(lfkfq, Role.VIEWER, "办公室科员")], False),
        # A responsible unit's person: problems are assigned to the department.
        (
            "lfkfq_dept",
            "马丽",
            "officer",
            [(departments[0], Role.OFFICER, "招商服务局科长")],
            False,
        ),
        ("hm_manager", "杨海峰", "manager", [(hmkfq, Role.MANAGER, "管委会主任")], False),
        ("hm_officer", "周涛", "officer", [(hmkfq, Role.OFFICER, "项目专员")], False),
    ]
    result: list[Login] = []
    for username, person, role, memberships, superuser in logins:
        _user(username, person, memberships, password_hash=password_hash, superuser=superuser)
        # Printed with the post and organisation, so the list says who each login stands for.
        posts = "、".join(
            _post_at(organisation.name, post) for organisation, _role, post in memberships
        )
        result.append((username, f"{person}（{posts}）" if posts else person, role))
    # The other cities' managers are logins too (the README lists them).
    result.extend(city_managers)
    return result


register(10, load)
