"""The OpenAPI document of /api/app/ describes every response: no two schema classes share a
component name (one would silently replace the other's definition), and the two task lists
validate against their documented schemas (issue 18, item 8)."""

import datetime
from collections import defaultdict

import pytest
from jsonschema_rs import Draft202012Validator  # schemathesis's own validator
from ninja import Schema

from partybuild.supervision.services import inspection_task_create, inspection_task_issue
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

OUR_PACKAGES = ("partybuild", "content", "partysite")


def _schema_classes(base: type) -> set[type]:
    found = set()
    for subclass in base.__subclasses__():
        found.add(subclass)
        found |= _schema_classes(subclass)
    return found


@pytest.fixture
def openapi(client):
    return client.get("/api/app/openapi.json").json()


def test_no_two_schema_classes_share_a_component_name(openapi):
    by_name = defaultdict(set)
    for schema in _schema_classes(Schema):
        if schema.__module__.split(".")[0] in OUR_PACKAGES:
            by_name[schema.__name__].add(f"{schema.__module__}.{schema.__qualname__}")
    duplicated = {
        name: sorted(places)
        for name, places in by_name.items()
        if len(places) > 1 and name in openapi["components"]["schemas"]
    }
    assert duplicated == {}


def _validator(openapi: dict, path: str) -> Draft202012Validator:
    schema = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    return Draft202012Validator({**schema, "components": openapi["components"]})


def test_the_inspection_task_list_matches_its_schema(openapi, roles, tree):
    task = inspection_task_create(
        issuer=tree["general"],
        subject="三会一课落实情况",
        requirements="上传会议记录",
        deadline=datetime.date(2026, 12, 31),
        actor=None,
    )
    inspection_task_issue(task=task, targets=[tree["first"]], actor=None)
    response = client_for(roles["admin_parent"]).get("/api/app/supervision/tasks")
    assert response.status_code == 200
    body = response.json()
    assert body["items"][0]["subject"] == "三会一课落实情况"
    errors = [str(e) for e in _validator(openapi, "/api/app/supervision/tasks").iter_errors(body)]
    assert errors == []


def test_my_task_list_matches_its_schema(openapi, roles):
    response = client_for(roles["member_a"]).get("/api/app/tasks/")
    assert response.status_code == 200
    validator = _validator(openapi, "/api/app/tasks/")
    errors = [str(e) for e in validator.iter_errors(response.json())]
    assert errors == []
