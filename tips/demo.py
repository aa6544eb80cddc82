"""A few demo tips in several states, for `make run` (added once; running again changes nothing)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Locality
from tips.models import Tip

DEMO_TIPS = [
    {
        "name": "Nguyễn Văn Hùng",
        "phone": "0912345678",
        "text": "Đoạn đường liên xã qua thôn Trung Lộc bị sạt lở sau mưa lớn, xe máy đi lại rất nguy hiểm.",
        "state": Tip.State.NEW,
        "hours": 2,
    },
    {
        "name": "Trần Thị Lan",
        "email": "tranlan@example.vn",
        "text": (
            "Chợ phường xả nước thải ra mương gây mùi hôi suốt một tuần nay, người dân đã phản ánh nhưng chưa xử lý."
        ),
        "state": Tip.State.CHECKING,
        "hours": 20,
    },
    {
        "name": "Lê Minh Đức",
        "phone": "0239 3855 555",
        "email": "leduc@example.vn",
        "text": "Trường tiểu học tổ chức ngày hội đọc sách cho học sinh vùng biển, rất đáng đưa tin.",
        "state": Tip.State.PUBLISHED,
        "hours": 72,
    },
    {
        "name": "Bạn đọc",
        "phone": "0987654321",
        "text": "Tôi muốn hỏi về thủ tục cấp đổi giấy phép lái xe, không phải tin tức nhưng mong tòa soạn giải đáp.",
        "state": Tip.State.DROPPED,
        "hours": 120,
    },
]


def ensure_demo_tips():
    """Add the demo tips unless any tip exists; returns how many were added."""
    if Tip.objects.exists():
        return 0
    now = timezone.now()
    places = list(Locality.objects.current().order_by("level", "name")[:10])
    reporter = get_user_model().objects.filter(is_staff=True, groups__name="Phóng viên").first()
    story = Article.objects.published().order_by("-published_at").first()
    with transaction.atomic():
        for n, data in enumerate(DEMO_TIPS):
            tip = Tip.objects.create(
                name=data["name"],
                phone=data.get("phone", ""),
                email=data.get("email", ""),
                text=data["text"],
                consent=True,
                locality=places[n % len(places)] if places else None,
                created_at=now - datetime.timedelta(hours=data["hours"]),
            )
            if data["state"] != Tip.State.NEW:
                tip.move_to(Tip.State.CHECKING, None)
                if reporter is not None:
                    tip.assign(reporter, None)
            if data["state"] in (Tip.State.PUBLISHED, Tip.State.DROPPED):
                tip.move_to(data["state"], None)
            if data["state"] == Tip.State.PUBLISHED and story is not None:
                tip.link_story(story, None)
    return len(DEMO_TIPS)
