"""Demo accounts for moderation (DEBUG only): an editor, a secretary and a reviewer.

They can take an article of 「UI部支部委员会」 from draft to live: ``ui_editor`` writes and
submits, ``ui_secretary`` (created by partybuild's demo loader) approves step 1 (支部审核),
``reviewer`` approves step 2 (党委审核) and the page goes live.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from content.models import OrganisationContentGroups
from partybuild.models import User

SECRETARIES_ROLE = "支部书记"
REVIEWERS_ROLE = "党委审核员"


@transaction.atomic
def content_demo_accounts_load(*, organisation_code: str, password: str) -> list[str]:
    """Create the demo editor and reviewer and give the demo secretary her groups (idempotent);
    ``organisation_code`` is the demo branch's, ``password`` the demo accounts'."""
    groups = OrganisationContentGroups.objects.select_related("editors", "secretaries").get(
        organisation__code=organisation_code
    )
    created = []
    editor, is_new = User.objects.get_or_create(username="ui_editor", defaults={"name": "向勤"})
    if is_new:
        editor.set_password(password)
        editor.save()
        created.append(editor.username)
    editor.groups.add(groups.editors)

    reviewer, is_new = User.objects.get_or_create(username="reviewer", defaults={"name": "王启正"})
    if is_new:
        reviewer.set_password(password)
        reviewer.save()
        created.append(reviewer.username)
    reviewer.groups.add(Group.objects.get(name=REVIEWERS_ROLE))

    secretary = User.objects.filter(username="ui_secretary").first()
    if secretary is not None:
        secretary.groups.add(groups.secretaries, Group.objects.get(name=SECRETARIES_ROLE))
    return created
