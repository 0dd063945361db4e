"""`load_demo` makes an organisation's folder itself when the organisation has none; and the
dependency contracts."""

import pytest
from django.db.models.signals import post_save

from content.models import OrganisationDisclosureIndexPage, OrganisationRegulationIndexPage
from content.signals import organisation_saved
from partybuild.models import Organisation
from tests.partybuild.demo.loading import load_demo, snapshot

SUBTREE_SIGNAL_UID = "content_organisation_saved"  # content/signals.py


@pytest.fixture
def without_branch_subtrees():
    """Organisations saved without content/branch_subtrees.py making their folders."""
    assert post_save.disconnect(sender=Organisation, dispatch_uid=SUBTREE_SIGNAL_UID)
    yield
    post_save.connect(organisation_saved, sender=Organisation, dispatch_uid=SUBTREE_SIGNAL_UID)


@pytest.mark.early
@pytest.mark.django_db
def test_the_loader_makes_a_missing_folder_itself(without_branch_subtrees):
    load_demo()
    branch = Organisation.objects.get(code="CL0403")
    for model in (OrganisationRegulationIndexPage, OrganisationDisclosureIndexPage):
        folder = model.objects.get(organisation=branch)
        assert (folder.title, folder.slug, folder.live) == ("UI部支部委员会", "cl0403", True)
        assert folder.get_children().live().exists()
    before = snapshot()
    load_demo()
    assert snapshot() == before
    assert OrganisationDisclosureIndexPage.objects.filter(organisation=branch).count() == 1


def test_the_dependency_contracts_hold():
    """The import contracts of pyproject.toml (docs/architecture.md, "Dependencies"): among them,
    the kernel and the registers never import content, and content no register's internals."""
    from importlinter.cli import lint_imports

    assert lint_imports(no_logo=True) == 0
