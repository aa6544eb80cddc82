"""Sections and the "Địa phương" box are cached as data (even with OUTPUT_CACHE=0); edits show at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Locality
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_output_cache(settings):
    settings.OUTPUT_CACHE = False  # only the data caches are on: what is left to prove is their invalidation


def test_renamed_section_shows_at_once_in_the_header(client):
    section = SectionFactory(name="Thời sự")  # no story in it: only the header's section menu names it
    ArticleFactory()
    assert "Thời sự" in client.get("/").content.decode()

    section.name = "Thời sự - Chính trị"
    section.save()

    assert "Thời sự - Chính trị" in client.get("/").content.decode()


def test_new_locality_shows_at_once_in_the_localities_box(client):
    province = Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.PROVINCE)
    Locality.objects.create(name="Can Lộc", kind=Locality.Kind.DISTRICT, parent=province)
    ArticleFactory()
    assert "Can Lộc" in client.get("/").content.decode()

    Locality.objects.create(name="Nghi Xuân", kind=Locality.Kind.DISTRICT, parent=province)

    assert "Nghi Xuân" in client.get("/").content.decode()


def test_sections_are_read_once_then_served_from_the_cache(client):
    ArticleFactory(section=SectionFactory(name="Kinh tế"))
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not [q for q in queries.captured_queries if 'FROM "articles_section"' in q["sql"]]
