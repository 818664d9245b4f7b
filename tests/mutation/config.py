"""Modules under mutation, each with the tests that cover it (pytest paths or node ids).

Found with a grep of tests/ for the module's imports and, for the permission rules, for the
action names (« forum.reply » …) the tests ask ``can`` about or reach through the views. The
transactional tests (test_concurrency, test_race, the websocket consumers) are left out: they
are slow and flush the database. A path missing from the checkout under test (an older
commit) is skipped with a note.
"""

ACCESS_MATRIX = "tests/quality/test_access_matrix.py"
GUARANTEES = "tests/tracking/guarantees/finance"
RULES_CORE = ["tests/core/test_permissions.py", "tests/accounts/test_permissions.py"]

MODULES: dict[str, list[str]] = {
    "projects/tracking/workflow.py": [
        "tests/tracking/test_workflow_effects.py",
        "tests/tracking/test_workflow.py",
        "tests/tracking/test_workflow_refusals.py",
        "tests/tracking/staff/test_dossier.py",
        "tests/tracking/staff/test_decision.py",
        "tests/tracking/applicant/test_applicant_path.py",
        "tests/tracking/guarantees/test_instruction.py",
    ],
    "labo/permissions.py": [
        *RULES_CORE,
        "tests/notifications/test_services.py",
    ],
    "projects/rules.py": [
        "tests/projects/test_rules.py",
        *RULES_CORE,
        "tests/projects/test_team.py",
        "tests/projects/test_create.py",
        ACCESS_MATRIX,
    ],
    "projects/tracking/rules.py": [
        "tests/tracking/test_rules.py",
        *RULES_CORE,
        "tests/tracking/test_workflow.py",
        "tests/tracking/test_workflow_refusals.py",
        "tests/tracking/staff/test_access.py",
        "tests/tracking/staff/test_dossier.py",
        "tests/tracking/staff/test_decision.py",
        "tests/tracking/staff/test_reviews.py",
        "tests/tracking/applicant/test_applicant_path.py",
        "tests/tracking/applicant/test_files_and_privacy.py",
        ACCESS_MATRIX,
    ],
    "projects/tracking/guarantees/rules.py": [
        *RULES_CORE,
        "tests/tracking/guarantees",
        ACCESS_MATRIX,
    ],
    "labo/notifications/rules.py": [
        "tests/notifications/test_rules.py",
        *RULES_CORE,
        "tests/notifications/test_views.py",
        "tests/notifications/test_services.py",
        ACCESS_MATRIX,
    ],
    "labo/events/rules.py": [
        "tests/events/test_rules.py",
        *RULES_CORE,
        "tests/events/test_registration.py",
        "tests/events/test_lists.py",
        ACCESS_MATRIX,
    ],
    "labo/accounts/rules.py": [
        "tests/accounts/test_rules.py",
        *RULES_CORE,
        "tests/accounts/test_organisations.py",
        "tests/accounts/test_dashboard.py",
        "tests/accounts/test_roles_and_admin.py",
        ACCESS_MATRIX,
    ],
    "forum/rules.py": [
        "tests/forum/test_rules.py",
        *RULES_CORE,
        "tests/forum/test_pages.py",
        "tests/forum/test_writing.py",
        "tests/forum/test_moderation.py",
        "tests/forum/test_notifications_and_reads.py",
        ACCESS_MATRIX,
    ],
    "resources/rules.py": [
        "tests/resources/test_rules.py",
        *RULES_CORE,
        "tests/resources/test_proposals.py",
        ACCESS_MATRIX,
    ],
    "projects/tracking/guarantees/finance/schedules.py": [
        f"{GUARANTEES}/test_schedules.py",
        f"{GUARANTEES}/test_package.py",
    ],
    "projects/tracking/guarantees/finance/ratios.py": [
        f"{GUARANTEES}/test_ratios.py",
        f"{GUARANTEES}/test_package.py",
    ],
    "projects/tracking/guarantees/finance/exposure.py": [
        f"{GUARANTEES}/test_exposure.py",
        f"{GUARANTEES}/test_package.py",
    ],
    "projects/tracking/guarantees/finance/__init__.py": [GUARANTEES],
    "search/analysis.py": ["tests/search/test_analysis.py"],
    "forum/markdown.py": [
        "tests/forum/test_markdown.py",
        "tests/forum/test_writing.py",
    ],
}
