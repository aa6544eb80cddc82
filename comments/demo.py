"""DEMO DATA: approved readers' comments with replies on a few demo stories, so a fresh `make run` shows a thread,
its "Trả lời" links and "N bình luận". The seed story keeps none, as printed ("0 bình luận").

Demo commenters write from DEMO_DOMAIN; once any of them exists, running the demo again changes nothing.
"""

from datetime import timedelta

from django.db import transaction

from articles.models import Article
from comments.models import Comment

DEMO_DOMAIN = "@vi-du.invalid"
SEED_SLUG = "don-bay-nang-suc-manh-he-thong-chinh-tri"
# Each thread: (name, body, [(name, body) of its replies]).
THREADS = [
    [
        (
            "Nguyễn Văn Hùng",
            "Bài viết rất thiết thực. Mong địa phương sớm nhân rộng cách làm này ra các xã khác.",
            [("Trần Thị Lan", "Đồng ý với anh Hùng, ở xã tôi bà con cũng đang mong như vậy.")],
        ),
        ("Lê Minh Đức", "Cảm ơn phóng viên đã phản ánh kịp thời.", []),
    ],
    [
        (
            "Phạm Thu Hà",
            "Xin hỏi khi nào thì kế hoạch này được triển khai ở huyện Hương Sơn ạ?",
            [
                ("Hoàng Văn Nam", "Theo tôi biết thì đầu quý sau sẽ triển khai, chị theo dõi thông báo của xã nhé."),
                ("Phạm Thu Hà", "Cảm ơn anh Nam nhiều."),
            ],
        ),
    ],
    [
        (
            "Đặng Quốc Bảo",
            "Thông tin hữu ích cho bà con nông dân. Báo nên có thêm bài hướng dẫn cụ thể.",
            [("Ngô Thị Mai", "Tôi cũng mong có bài hướng dẫn chi tiết hơn.")],
        ),
        ("Võ Thanh Tùng", "Quê tôi cũng có mô hình tương tự, hiệu quả lắm.", []),
        ("Bùi Thị Hương", "Chúc mừng địa phương, mong tiếp tục phát huy.", []),
    ],
]


def _email(name):
    return name.lower().replace(" ", ".") + DEMO_DOMAIN


def ensure_demo_comments():
    """Add the demo threads to the newest published stories, once; returns how many comments were added."""
    if Comment.objects.filter(email__endswith=DEMO_DOMAIN).exists():
        return 0
    stories = list(Article.objects.published().exclude(slug=SEED_SLUG).order_by("-published_at", "-id")[: len(THREADS)])
    added = []
    with transaction.atomic():
        for story, thread in zip(stories, THREADS, strict=False):
            minutes = 0
            for name, body, replies in thread:
                minutes += 40
                root = Comment.objects.submit(article=story, name=name, email=_email(name), body=body)
                added.append((root, story.published_at + timedelta(minutes=minutes)))
                for reply_name, reply_body in replies:
                    minutes += 25
                    reply = Comment.objects.submit(
                        article=story, name=reply_name, email=_email(reply_name), body=reply_body, parent=root
                    )
                    added.append((reply, story.published_at + timedelta(minutes=minutes)))
        for comment, created_at in added:
            # Dated after their story, as real readers would have written them.
            Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
        Comment.objects.filter(pk__in=[comment.pk for comment, _ in added]).approve(None)
    return len(added)
