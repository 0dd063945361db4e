"""The portal's own member pages under /me/, as a machine without the member app's build serves
them. With a build, the pages the app covers redirect to it (partysite/portal_urls.py,
tests/test_portal_redirects_to_app.py); tests of the pages themselves ask for this fixture:

    from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

    pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_pages")]
"""

import pytest


@pytest.fixture
def portal_pages(settings, tmp_path):
    """No app build: /me/ pages are the portal's own."""
    settings.APP_DIST_DIR = tmp_path / "no-app-build"
