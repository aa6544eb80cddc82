"""Hà Tĩnh's administrative units from 2013 to today, for the demo newsroom.

DEMO DATA. The province, its district-level units and the dated changes follow shared/ha-tinh-localities.md.
Commune-level units are a sample of real names; which old wards and communes went into which 2025 unit is
simplified here, so do not rely on those links beyond the demo. District codes are the GSO codes as commonly
listed.

`valid_until` is the last day a unit existed (inclusive): the district level ended on 2025-07-01, so every
district-level unit has valid_until 2025-06-30 and the units that replaced them start on 2025-07-01.
"""

from datetime import date

END_2024 = date(2024, 12, 31)
END_DISTRICTS = date(2025, 6, 30)
START_2025 = date(2025, 7, 1)
KY_ANH_SPLIT = date(2015, 4, 10)

NOTE_DISTRICTS_END = "Cấp huyện kết thúc hoạt động từ 1/7/2025 (Nghị quyết 1665/NQ-UBTVQH15)."
NOTE_COMMUNES_2025 = "Sắp xếp lại đơn vị hành chính cấp xã từ 1/7/2025 (Nghị quyết 1665/NQ-UBTVQH15)."
NOTE_NEW_2025 = "Đơn vị mới từ 1/7/2025, trực thuộc tỉnh (Nghị quyết 1665/NQ-UBTVQH15)."

# Each unit: key (its slug), kind, name, and optionally code, parent, valid_from, valid_until, successors, note.
# Same kind and name in two eras: the later unit's slug carries the year ("phuong-tran-phu-2025").
UNITS = [
    {"key": "tinh-ha-tinh", "kind": "province", "name": "Hà Tĩnh", "code": "42"},
    # District level, 2013.
    {
        "key": "thanh-pho-ha-tinh",
        "kind": "city",
        "name": "Hà Tĩnh",
        "code": "436",
        "parent": "tinh-ha-tinh",
        "valid_until": END_DISTRICTS,
        "successors": ["phuong-thanh-sen", "phuong-tran-phu-2025", "phuong-ha-huy-tap-2025"],
        "note": "Từ 1/1/2025 nhận thêm một số xã lân cận (Nghị quyết 1283/NQ-UBTVQH15). " + NOTE_DISTRICTS_END,
    },
    {
        "key": "thi-xa-hong-linh",
        "kind": "town",
        "name": "Hồng Lĩnh",
        "code": "437",
        "parent": "tinh-ha-tinh",
        "valid_until": END_DISTRICTS,
        "successors": ["phuong-bac-hong-linh", "phuong-nam-hong-linh"],
        "note": NOTE_DISTRICTS_END,
    },
    {"key": "huyen-huong-son", "kind": "district", "name": "Hương Sơn", "code": "439"},
    {"key": "huyen-duc-tho", "kind": "district", "name": "Đức Thọ", "code": "440"},
    {"key": "huyen-vu-quang", "kind": "district", "name": "Vũ Quang", "code": "441"},
    {"key": "huyen-nghi-xuan", "kind": "district", "name": "Nghi Xuân", "code": "442"},
    {"key": "huyen-can-loc", "kind": "district", "name": "Can Lộc", "code": "443"},
    {"key": "huyen-huong-khe", "kind": "district", "name": "Hương Khê", "code": "444"},
    {
        "key": "huyen-thach-ha",
        "kind": "district",
        "name": "Thạch Hà",
        "code": "445",
        "successors": ["xa-loc-ha-2025"],
        "note": "Từ 1/1/2025 nhận toàn bộ huyện Lộc Hà (Nghị quyết 1283/NQ-UBTVQH15). " + NOTE_DISTRICTS_END,
    },
    {"key": "huyen-cam-xuyen", "kind": "district", "name": "Cẩm Xuyên", "code": "446"},
    {
        "key": "huyen-ky-anh",
        "kind": "district",
        "name": "Kỳ Anh",
        "code": "447",
        "successors": ["thi-xa-ky-anh"],
        "note": "Năm 2015 tách thị trấn Kỳ Anh và 11 xã lập thị xã Kỳ Anh (Nghị quyết 903/NQ-UBTVQH13); "
        "huyện Kỳ Anh vẫn tồn tại, trụ sở chuyển về Kỳ Đồng. " + NOTE_DISTRICTS_END,
    },
    {
        "key": "huyen-loc-ha",
        "kind": "district",
        "name": "Lộc Hà",
        "code": "448",
        "valid_until": END_2024,
        "successors": ["huyen-thach-ha"],
        "note": "Nhập vào huyện Thạch Hà từ 1/1/2025 (Nghị quyết 1283/NQ-UBTVQH15).",
    },
    # District level, 2015: the second "Kỳ Anh".
    {
        "key": "thi-xa-ky-anh",
        "kind": "town",
        "name": "Kỳ Anh",
        "code": "449",
        "valid_from": KY_ANH_SPLIT,
        "successors": ["phuong-song-tri-2025", "phuong-hai-ninh", "phuong-hoanh-son", "phuong-vung-ang"],
        "note": "Thành lập năm 2015 từ thị trấn Kỳ Anh và 11 xã của huyện Kỳ Anh (Nghị quyết 903/NQ-UBTVQH13). "
        + NOTE_DISTRICTS_END,
    },
    # Commune level under Thành phố Hà Tĩnh (a sample), 2013 to 2025.
    *[
        {"key": f"phuong-{slug}", "kind": "ward", "name": name, "parent": "thanh-pho-ha-tinh", "successors": [to]}
        for slug, name, to in [
            ("bac-ha", "Bắc Hà", "phuong-thanh-sen"),
            ("nam-ha", "Nam Hà", "phuong-thanh-sen"),
            ("tan-giang", "Tân Giang", "phuong-thanh-sen"),
            ("nguyen-du", "Nguyễn Du", "phuong-thanh-sen"),
            ("thach-quy", "Thạch Quý", "phuong-thanh-sen"),
            ("tran-phu", "Trần Phú", "phuong-tran-phu-2025"),
            ("dai-nai", "Đại Nài", "phuong-tran-phu-2025"),
            ("ha-huy-tap", "Hà Huy Tập", "phuong-ha-huy-tap-2025"),
            ("van-yen", "Văn Yên", "phuong-ha-huy-tap-2025"),
            ("thach-linh", "Thạch Linh", "phuong-ha-huy-tap-2025"),
        ]
    ],
    *[
        {"key": f"xa-{slug}", "kind": "commune", "name": name, "parent": "thanh-pho-ha-tinh", "successors": [to]}
        for slug, name, to in [
            ("thach-trung", "Thạch Trung", "phuong-tran-phu-2025"),
            ("thach-ha", "Thạch Hạ", "phuong-thanh-sen"),
            ("thach-hung", "Thạch Hưng", "phuong-thanh-sen"),
            ("thach-binh", "Thạch Bình", "phuong-ha-huy-tap-2025"),
        ]
    ],
    # Other commune-level units (a sample).
    {
        "key": "thi-tran-ky-anh",
        "kind": "township",
        "name": "Kỳ Anh",
        "parent": "huyen-ky-anh",
        "valid_until": date(2015, 4, 9),
        "successors": ["phuong-song-tri"],
        "note": "Năm 2015 chuyển về thị xã Kỳ Anh, thành phường Sông Trí (Nghị quyết 903/NQ-UBTVQH13).",
    },
    {
        "key": "phuong-song-tri",
        "kind": "ward",
        "name": "Sông Trí",
        "parent": "thi-xa-ky-anh",
        "valid_from": KY_ANH_SPLIT,
        "successors": ["phuong-song-tri-2025"],
    },
    {
        "key": "thi-tran-loc-ha",
        "kind": "township",
        "name": "Lộc Hà",
        "parent": "huyen-loc-ha",
        "successors": ["xa-loc-ha-2025"],
        "note": "Từ 1/1/2020 nhận xã Thạch Bằng (Nghị quyết 819/NQ-UBTVQH14); từ 1/1/2025 thuộc huyện Thạch Hà. "
        + NOTE_COMMUNES_2025,
    },
    {
        "key": "phuong-bac-hong",
        "kind": "ward",
        "name": "Bắc Hồng",
        "parent": "thi-xa-hong-linh",
        "successors": ["phuong-bac-hong-linh"],
    },
    {
        "key": "phuong-nam-hong",
        "kind": "ward",
        "name": "Nam Hồng",
        "parent": "thi-xa-hong-linh",
        "successors": ["phuong-nam-hong-linh"],
    },
    # Commune level from 2025-07-01, directly under the province (9 wards and a sample of the 60 communes).
    *[
        {"key": key, "kind": kind, "name": name, "valid_from": START_2025, "note": NOTE_NEW_2025}
        for key, kind, name in [
            ("phuong-thanh-sen", "ward", "Thành Sen"),
            ("phuong-tran-phu-2025", "ward", "Trần Phú"),
            ("phuong-ha-huy-tap-2025", "ward", "Hà Huy Tập"),
            ("phuong-bac-hong-linh", "ward", "Bắc Hồng Lĩnh"),
            ("phuong-nam-hong-linh", "ward", "Nam Hồng Lĩnh"),
            ("phuong-song-tri-2025", "ward", "Sông Trí"),
            ("phuong-hai-ninh", "ward", "Hải Ninh"),
            ("phuong-hoanh-son", "ward", "Hoành Sơn"),
            ("phuong-vung-ang", "ward", "Vũng Áng"),
            ("xa-loc-ha-2025", "commune", "Lộc Hà"),
        ]
    ],
]

# Defaults for the units of 2013 that ended with the district level.
for _unit in UNITS:
    _unit.setdefault("parent", "tinh-ha-tinh" if _unit["kind"] != "province" else None)
    if _unit["kind"] != "province" and _unit.get("valid_from") != START_2025:
        _unit.setdefault("valid_until", END_DISTRICTS)
        _unit.setdefault("note", NOTE_DISTRICTS_END if _unit["kind"] in ("district", "town") else NOTE_COMMUNES_2025)
    _unit.setdefault("slug", _unit["key"])
del _unit
