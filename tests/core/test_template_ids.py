"""Numbers are shown the French way (« 1 234 »), so an id printed raw in a template turns
into « 1 234 » once the database passes a thousand rows: broken anchors, data attributes,
form values and query strings. Every template must print ids through ``unlocalize`` (or
inside ``{% localize off %}``, or in ``{% url %}``, which never localises)."""

import re
from pathlib import Path

from django.conf import settings

RAW_ID = re.compile(r"\{\{ *(?!attrs\.)[a-z_][a-z_0-9.]*(?:\.pk|\.id|_pk) *\}\}")


def test_templates_never_print_a_localised_id():
    offenders = []
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for template in Path(directory).rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            text = re.sub(r"\{% localize off %\}.*?\{% endlocalize %\}", "", text, flags=re.S)
            offenders += [f"{template}: {match}" for match in RAW_ID.findall(text)]
    assert offenders == []
