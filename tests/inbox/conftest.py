import pytest

from tests.factories import StaffFactory


@pytest.fixture
def reporter():
    return StaffFactory(username="phongvien", group="Phóng viên", email="pv@baohatinh.vn", first_name="Minh Huệ")


@pytest.fixture
def editor():
    return StaffFactory(username="bientap", group="Biên tập viên", email="btv@baohatinh.vn", first_name="Tuấn Hiển")


@pytest.fixture
def second_editor():
    return StaffFactory(username="bientap2", group="Biên tập viên", email="btv2@baohatinh.vn", first_name="Thu Hà")
