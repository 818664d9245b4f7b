"""The ``id`` path converter: a row identifier in a URL.

Django's ``int`` takes any number of digits. Looked up through a foreign key or a page's
parent link, an identifier past 64 bits reaches the database driver, which raises (« Python
int too large to convert to SQLite INTEGER »): a server error instead of « page not found ».
At most 18 digits always fits; anything longer matches no route, hence a 404. Every route
of the site takes its identifiers with ``<id:…>`` (tests/quality/test_access_matrix.py
requests each with a 23-digit one).
"""

from django.urls import register_converter
from django.urls.converters import IntConverter


class DatabaseIdConverter(IntConverter):
    regex = "[0-9]{1,18}"


def register():
    register_converter(DatabaseIdConverter, "id")
