"""The Telex/VNI transformation of static/js/vntyping.js, run in node (CI has it; a missing node fails)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "vntyping.js"

TELEX = [
    ("Vieejt Nam", "Việt Nam"),
    ("tieengs", "tiếng"),
    ("dduwowngf", "đường"),
    ("Tieengs Vieejt cos daaus", "Tiếng Việt có dấu"),
    ("VIEETJ NAM", "VIỆT NAM"),
    ("DDaays", "Đấy"),
    ("camr own", "cảm ơn"),
    ("nguwowif", "người"),
    ("nguowif", "người"),
    ("dduowcj", "được"),
    ("thuowr", "thuở"),
    ("giuwax", "giữa"),
    ("gif", "gì"),
    ("giaf", "già"),
    ("quyeets", "quyết"),
    ("quaf", "quà"),
    ("muaf", "mùa"),
    ("muaw", "mưa"),
    ("hoawcj", "hoặc"),
    ("tooi", "tôi"),
    ("nhw", "như"),
    ("baof", "bào"),
    ("luaj", "lụa"),
    # Modern tone placement: hoà, khoẻ, thuỷ (the paper writes "Tỉnh uỷ", "hài hoà").
    ("hoaf", "hoà"),
    ("khoer", "khoẻ"),
    ("thuyr", "thuỷ"),
    ("Tinhr uyr", "Tỉnh uỷ"),
    ("hoafn", "hoàn"),  # a final consonant moves the tone to the second vowel
    ("toanf", "toàn"),
    ("vieetj", "việt"),
    ("vieejt", "việt"),  # the order of mark keys does not matter
    # A doubled key takes the mark back.
    ("ass", "as"),
    ("aaa", "aa"),
    ("dddi", "ddi"),
    ("uww", "uw"),
    ("asz", "a"),
    ("xz", "xz"),
    # Words that are not Vietnamese stay as typed.
    ("class", "class"),
    ("Facebook", "Facebook"),
    ("www", "www"),
    ("hoaa", "hoaa"),
]

VNI = [
    ("Vie65t Nam", "Việt Nam"),
    ("d9", "đ"),
    ("d9u7o72ng", "đường"),
    ("nguo72i", "người"),
    ("to6i", "tôi"),
    ("ho2a", "hoà"),
    ("khoe3", "khoẻ"),
    ("thuy3", "thuỷ"),
    ("hoa8c5", "hoặc"),
    ("muo61n", "muốn"),
    ("a11", "a1"),
    ("2024", "2024"),
    ("Ha2 Ti4nh", "Hà Tĩnh"),
]

CASES = [(text, "telex", expected) for text, expected in TELEX] + [(text, "vni", expected) for text, expected in VNI]

NODE_PROGRAM = """
const {typeText, applyKey} = require(process.argv[1]);
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify({
  typed: cases.map(([text, method]) => typeText(text, method)),
  off: applyKey('Vie', 'e', 'off'),
}));
"""


@pytest.fixture(scope="module")
def node_results():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: install Node.js to test static/js/vntyping.js (CI has it)")
    completed = subprocess.run(
        [node, "-e", NODE_PROGRAM, str(SCRIPT)],
        input=json.dumps([[text, method] for text, method, _ in CASES]),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(completed.stdout)


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)), ids=[f"{m}:{t}" for t, m, _ in CASES])
def test_typing(node_results, index, case):
    text, method, expected = case
    assert node_results["typed"][index] == expected


def test_off_types_keys_as_they_are(node_results):
    assert node_results["off"] == "Viee"


def test_script_is_csp_friendly():
    source = SCRIPT.read_text()
    assert "eval(" not in source
    assert "new Function" not in source
    assert "innerHTML" not in source


def test_typing_helper_partial_is_hidden_until_the_script_runs():
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("vi"):
        html = render_to_string("comments/_typing_helper.html")
    assert '<fieldset class="vn-typing" data-vn-typing-control hidden>' in html
    assert "Bộ gõ tiếng Việt" in html
    for value, label in [("off", "Tắt"), ("telex", "Telex"), ("vni", "VNI")]:
        assert f'<label class="vn-typing__choice"><input type="radio" name="vn_typing" value="{value}"' in html
        assert f"> {label}</label>" in html
    assert 'value="off" checked' in html
