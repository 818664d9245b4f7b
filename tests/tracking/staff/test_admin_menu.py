"""The Wagtail admin links staff to the pipeline pages; porteurs do not see the link."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_admin_menu_links_to_the_pipeline(client, animateur, porteur):
    client.force_login(animateur)
    content = client.get("/admin/").content.decode()
    assert "Instruction des dossiers" in content and "/instruction/" in content
    client.force_login(porteur)
    assert "Instruction des dossiers" not in client.get("/admin/").content.decode()
