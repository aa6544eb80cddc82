import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from weather import conf
from weather.models import BOX_CACHE_KEY, WeatherReport
from weather.providers import OpenMeteoProvider, Place, ProviderError, Reading

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent.parent / "data"
PLACES = [
    ("TP Hà Tĩnh", 18.3428, 105.9057),
    ("Hồng Lĩnh", 18.5336, 105.7097),
    ("Kỳ Anh", 18.0717, 106.2967),
    ("Hương Khê", 18.1797, 105.7114),
    ("Hương Sơn", 18.5153, 105.4275),
]


def recorded(name):
    return (DATA / name).read_bytes()


class FakeOpenMeteo:
    """A tiny HTTP server on 127.0.0.1 answering like Open-Meteo with a recorded body."""

    def __init__(self):
        self.status, self.body, self.requests = 200, recorded("open_meteo_forecast.json"), []
        self.silent = False  # True: take the request and never answer (until close), as a hung service does
        self.released = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.requests.append(self.path)
                if fake.silent:
                    fake.released.wait()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(fake.body)))
                self.end_headers()
                self.wfile.write(fake.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1/forecast"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def open_meteo(settings):
    fake = FakeOpenMeteo()
    settings.WEATHER_PLACES = PLACES
    settings.WEATHER_OPEN_METEO_URL = fake.url
    settings.WEATHER_TIMEOUT = 2
    yield fake
    fake.close()


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def report(place="TP Hà Tĩnh", age=timedelta(minutes=30), **fields):
    values = {
        "observed_at": timezone.now() - age,
        "fetched_at": timezone.now() - age,
        "temperature": 26.6,
        "weather_code": 3,
        "temperature_min": 22.8,
        "temperature_max": 29.4,
        "precipitation_probability": 45,
        "humidity": 82,
        "wind_speed": 11.2,
    }
    return WeatherReport.objects.create(place=place, **{**values, **fields})


def render_box():
    return engines["jinja2"].from_string("{{ weather_box() }}").render().strip()


# The provider


def test_recorded_response_becomes_one_reading_per_place():
    payload = json.loads(recorded("open_meteo_forecast.json"))
    readings = OpenMeteoProvider.parse(payload, [Place(*place) for place in PLACES])

    assert [reading.place for reading in readings] == [name for name, _, _ in PLACES]
    city = readings[0]
    assert city.temperature == 26.6
    assert city.weather_code == 3
    assert (city.temperature_min, city.temperature_max) == (22.8, 29.4)
    assert (city.precipitation_probability, city.humidity, city.wind_speed) == (45, 82, 11.2)
    # "2025-11-25T08:30" is local time in the requested Asia/Ho_Chi_Minh zone.
    assert city.observed_at.isoformat() == "2025-11-25T08:30:00+07:00"
    assert readings[4].precipitation_probability is None


def test_weather_codes_are_described_in_vietnamese():
    descriptions = {code: str(WeatherReport(weather_code=code).description) for code in (0, 3, 61, 81, 95, 4)}
    assert descriptions == {
        0: "Trời quang",
        3: "Nhiều mây",
        61: "Mưa nhỏ",
        81: "Mưa rào",
        95: "Dông",
        4: "Không rõ thời tiết",
    }


def test_all_places_are_fetched_in_one_request(open_meteo):
    OpenMeteoProvider().fetch(conf.places())

    assert len(open_meteo.requests) == 1
    query = parse_qs(urlparse(open_meteo.requests[0]).query)
    assert query["latitude"] == ["18.3428,18.5336,18.0717,18.1797,18.5153"]
    assert query["longitude"] == ["105.9057,105.7097,106.2967,105.7114,105.4275"]
    assert query["timezone"] == ["Asia/Ho_Chi_Minh"]
    assert "temperature_2m" in query["current"][0].split(",")
    assert "precipitation_probability_max" in query["daily"][0].split(",")


def test_a_response_for_fewer_places_than_asked_is_refused():
    payload = json.loads(recorded("open_meteo_forecast.json"))[:2]
    with pytest.raises(ProviderError, match="expected 5 locations"):
        OpenMeteoProvider.parse(payload, [Place(*place) for place in PLACES])


# The command


def test_fetch_weather_stores_the_latest_reading_per_place(open_meteo, capsys):
    call_command("fetch_weather")
    call_command("fetch_weather")

    assert WeatherReport.objects.count() == 5
    city = WeatherReport.objects.get(place="TP Hà Tĩnh")
    assert (city.temperature, city.temperature_min, city.temperature_max) == (26.6, 22.8, 29.4)
    assert str(city.description) == "Nhiều mây"
    assert timezone.localtime(city.observed_at).strftime("%H:%M %d/%m/%Y") == "08:30 25/11/2025"
    assert [r.place for r in WeatherReport.objects.all()] == [name for name, _, _ in PLACES]
    assert "5" in capsys.readouterr().out


def test_places_no_longer_configured_are_dropped(open_meteo):
    report(place="Thạch Hà")
    call_command("fetch_weather")
    assert not WeatherReport.objects.filter(place="Thạch Hà").exists()


def break_with_refused_connection(fake, settings):
    settings.WEATHER_OPEN_METEO_URL = f"http://127.0.0.1:{closed_port()}/v1/forecast"


def break_with_http_500(fake, settings):
    fake.status, fake.body = 500, b"Internal Server Error"


def break_with_invalid_json(fake, settings):
    fake.body = b'[{"latitude": 18.375, "current": '


def break_with_timeout(fake, settings):
    settings.WEATHER_TIMEOUT = 0.2
    fake.silent = True


def break_with_missing_field(fake, settings):
    fake.body = recorded("open_meteo_missing_field.json")


def break_with_refused_request(fake, settings):
    fake.status, fake.body = 400, recorded("open_meteo_error.json")


FAILURES = [
    break_with_refused_connection,
    break_with_http_500,
    break_with_invalid_json,
    break_with_timeout,
    break_with_missing_field,
    break_with_refused_request,
]


@pytest.mark.parametrize("break_provider", FAILURES, ids=lambda f: f.__name__)
def test_a_failing_provider_keeps_the_previous_data(open_meteo, settings, break_provider):
    old = report(temperature=19.0, age=timedelta(hours=3))
    break_provider(open_meteo, settings)

    with pytest.raises(CommandError, match="dữ liệu cũ được giữ nguyên"):
        call_command("fetch_weather")

    assert list(WeatherReport.objects.values_list("place", "temperature", "observed_at")) == [
        ("TP Hà Tĩnh", 19.0, old.observed_at)
    ]


def test_a_refused_request_reports_the_providers_reason(open_meteo, settings):
    break_with_refused_request(open_meteo, settings)
    with pytest.raises(CommandError, match="HTTP 400.*invalid String value tempeture_2m"):
        call_command("fetch_weather")


def test_cron_sees_a_failure_as_exit_status_1_with_a_message_and_no_traceback(open_meteo, settings, capsys):
    break_with_http_500(open_meteo, settings)
    command = load_command_class(get_commands()["fetch_weather"], "fetch_weather")

    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["manage.py", "fetch_weather", "--skip-checks"])

    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "HTTP 500" in err
    assert "Traceback" not in err


class FixedProvider:
    def fetch(self, places):
        return [Reading(place=p.name, observed_at=timezone.now(), temperature=30.0, weather_code=0) for p in places]


def test_the_provider_is_chosen_by_a_setting(settings):
    settings.WEATHER_PROVIDER = "tests.weather.test_weather.FixedProvider"
    settings.WEATHER_PLACES = PLACES[:1]

    call_command("fetch_weather")

    city = WeatherReport.objects.get()
    assert (city.place, city.temperature, city.temperature_min) == ("TP Hà Tĩnh", 30.0, None)


# The box


def test_box_shows_each_place_with_the_time_of_its_data():
    city = report(temperature=26.6)
    report(place="Kỳ Anh", temperature=24.2, weather_code=95, temperature_min=21.5, temperature_max=27.6)

    html = render_box()

    assert 'aria-labelledby="weather-box-title"' in html
    assert "Thời tiết" in html
    assert "TP Hà Tĩnh" in html and "Kỳ Anh" in html
    assert "27°C" in html and "24°C" in html
    assert "Nhiều mây" in html and "Dông" in html
    assert "Hôm nay 23–29°C" in html
    assert "Khả năng mưa 45%" in html and "Độ ẩm 82%" in html and "Gió 11 km/h" in html
    assert f"Cập nhật lúc {timezone.localtime(city.observed_at).strftime('%H:%M %d/%m')}" in html
    assert "Dữ liệu cũ" not in html


def test_box_marks_old_data(settings):
    settings.WEATHER_STALE_AFTER_HOURS = 6
    report(age=timedelta(hours=7))

    html = render_box()

    assert "TP Hà Tĩnh" in html
    assert "Dữ liệu cũ" in html


def test_box_hides_itself_when_data_is_too_old(settings):
    settings.WEATHER_HIDE_AFTER_HOURS = 48
    report(age=timedelta(hours=49))
    assert render_box() == ""


def test_box_renders_nothing_without_data():
    assert render_box() == ""


def test_box_costs_one_query_then_none_while_cached(django_assert_num_queries):
    for name, _, _ in PLACES:
        report(place=name)

    with django_assert_num_queries(1):
        first = render_box()
    with django_assert_num_queries(0):
        second = render_box()

    assert first == second
    assert first.count("weather-box__place") == 5


def test_the_box_is_cached_as_rows_of_plain_values_not_model_instances():
    report(temperature=21.0)
    render_box()
    rows = cache.get(BOX_CACHE_KEY)
    assert [type(row) for row in rows] == [dict]
    assert rows[0]["temperature"] == 21.0
    # A value of another shape under the key (an older release's pickled instances) is read again, not used.
    cache.set(BOX_CACHE_KEY, [WeatherReport(place="Cũ", temperature=99.0)])
    assert "21°C" in render_box()


def test_a_new_fetch_replaces_the_cached_box(settings, django_capture_on_commit_callbacks):
    settings.WEATHER_PROVIDER = "tests.weather.test_weather.FixedProvider"
    settings.WEATHER_PLACES = PLACES[:1]
    report(temperature=19.0)
    assert "19°C" in render_box()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_weather")

    assert "30°C" in render_box()


def test_editors_see_the_last_fetch_in_the_admin(admin_client):
    report(temperature=26.6)

    response = admin_client.get(reverse("admin:weather_weatherreport_changelist"))

    assert response.status_code == 200
    assert "TP Hà Tĩnh" in response.content.decode()
    assert "Nhiều mây" in response.content.decode()
