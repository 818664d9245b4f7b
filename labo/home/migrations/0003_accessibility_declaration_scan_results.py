"""States the result of the automated accessibility scan in the declaration of existing
sites, when the page still holds the text ``ensure_site_structure`` first created (empty
results, the one-line test environment): an editor's own words are never overwritten."""

from django.db import migrations

OLD_TEST_ENVIRONMENT = "Chromium (tests automatisés du projet)"


def state_scan_results(apps, schema_editor):
    from labo.home.site_setup import (
        ACCESSIBILITY_NON_COMPLIANT,
        ACCESSIBILITY_TEST_ENVIRONMENT,
        ACCESSIBILITY_TEST_RESULTS,
    )

    new_text = {
        "test_results": ACCESSIBILITY_TEST_RESULTS,
        "non_compliant_content": ACCESSIBILITY_NON_COMPLIANT,
        "test_environment": ACCESSIBILITY_TEST_ENVIRONMENT,
    }
    AccessibilityPage = apps.get_model("home", "AccessibilityPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in AccessibilityPage.objects.filter(
        test_results="", non_compliant_content="", test_environment=OLD_TEST_ENVIRONMENT
    ):
        AccessibilityPage.objects.filter(pk=page.pk).update(**new_text)
        # The admin edits the latest revision: give it the same text, or the next
        # publication would bring the old one back.
        if page.latest_revision_id:
            revision = Revision.objects.get(pk=page.latest_revision_id)
            revision.content = {**revision.content, **new_text}
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_alter_homepage_body"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(state_scan_results, migrations.RunPython.noop)]
