"""Cover pictures for the demo newsroom, drawn with Pillow: gradients, a few shapes and a short label."""

import io
import json
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 675)
FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]

# (file stem, label, top colour, bottom colour)
COVERS = [
    ("xay-dung-dang-2012", "Xây dựng Đảng", (150, 20, 25), (230, 150, 40)),
    ("dong-lua", "Đồng lúa", (40, 120, 60), (200, 190, 70)),
    ("bien-thien-cam", "Biển Thiên Cầm", (20, 80, 160), (120, 200, 230)),
    ("cang-vung-ang", "Cảng Vũng Áng", (30, 50, 90), (130, 140, 160)),
    ("truong-hoc", "Trường học", (200, 120, 30), (250, 220, 120)),
    ("tram-y-te", "Y tế cơ sở", (20, 130, 130), (190, 235, 230)),
    ("le-hoi", "Lễ hội", (120, 30, 110), (240, 120, 90)),
    ("san-bong", "Thể thao", (20, 100, 40), (90, 180, 80)),
    ("hoi-nghi", "Hội nghị", (60, 40, 40), (180, 90, 60)),
    ("mua-lu", "Thời tiết", (50, 60, 80), (150, 170, 190)),
    ("nong-thon-moi", "Nông thôn mới", (90, 110, 30), (220, 210, 140)),
    ("giao-thong", "Giao thông", (70, 70, 70), (220, 180, 50)),
    ("pho-phuong", "Phố phường", (110, 60, 20), (230, 190, 150)),
]

# Which pictures suit which section (indexes into COVERS; picture 0 is the seed story's own).
COVERS_BY_SECTION = {
    "thoi-su": [9, 12, 8],
    "xay-dung-dang": [8, 12],
    "chinh-tri": [8, 12],
    "kinh-te": [3, 12],
    "nong-nghiep": [1, 10],
    "dau-tu": [3, 11],
    "xa-hoi": [10, 12],
    "giao-duc": [4],
    "y-te": [5],
    "van-hoa-giai-tri": [6, 2],
    "the-thao": [7],
    "phap-luat": [11, 8],
    "dia-phuong": [10, 12, 1],
}


def _font(size):
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def draw_cover(index):
    """JPEG bytes of picture `index`: the same picture every time."""
    stem, label, top, bottom = COVERS[index]
    rng = random.Random(index)
    width, height = SIZE
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / (height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    overlay = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    for _ in range(7):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(60, 260)
        shapes.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255, rng.randrange(18, 60)))
    shapes.polygon([(0, height), (width * 0.45, height * 0.62), (width, height * 0.8), (width, height)], (0, 0, 0, 70))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    draw = ImageDraw.Draw(image)
    font = _font(72)
    draw.text((70, height - 150), label, font=font, fill=(255, 255, 255), stroke_width=3, stroke_fill=(0, 0, 0))
    draw.text((72, 60), "Tòa soạn · ảnh minh họa", font=_font(30), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def cover_name(index):
    return f"covers/demo/{COVERS[index][0]}.jpg"


def ensure_cover(index):
    """Storage name of picture `index`, drawing and saving it only if it is not stored yet."""
    name = cover_name(index)
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(draw_cover(index)))
    return name


MANIFEST = "covers/demo/renditions.json"


def stored_renditions():
    """{picture name: {"renditions", "crops"}} recorded by earlier runs, for pictures whose files are all stored."""
    if not default_storage.exists(MANIFEST):
        return {}
    with default_storage.open(MANIFEST) as manifest:
        try:
            recorded = json.load(manifest)
        except ValueError:
            return {}
    return {
        name: sets
        for name, sets in recorded.items()
        if isinstance(sets, dict)
        and sets.get("renditions")
        and sets.get("crops")
        and all(
            default_storage.exists(r[key])
            for kind in ("renditions", "crops")
            for r in sets[kind]
            for key in ("webp", "jpeg")
        )
    }


def record_renditions(renditions):
    """Remember each picture's renditions, so a rebuilt database reuses them instead of encoding again."""
    if default_storage.exists(MANIFEST):
        default_storage.delete(MANIFEST)
    default_storage.save(MANIFEST, ContentFile(json.dumps(renditions, indent=1, sort_keys=True).encode()))
