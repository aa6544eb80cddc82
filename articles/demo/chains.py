"""The demo's approval chains, and one story waiting at the second step of "Xây dựng Đảng" (safe to run again).

The demo creates no staff accounts: the `make run` admin (a superuser) may act at any step, and the newsroom's own
accounts are added to the groups "Biên tập viên", "Thư ký tòa soạn" and "Lãnh đạo tòa soạn" by the newsroom.
"""

from django.contrib.auth.models import Group
from django.utils import timezone

from articles import revisions
from articles.chains import ApprovalChain, ApprovalStep, StepApproval, steps_for
from articles.models import Article, ArticleTransition

EDITOR, SECRETARY, LEADER = "Biên tập viên", "Thư ký tòa soạn", "Lãnh đạo tòa soạn"
CHAINS = {
    "thoi-su": [EDITOR, SECRETARY],
    "xay-dung-dang": [EDITOR, SECRETARY, LEADER],
    "chinh-tri": [EDITOR, SECRETARY, LEADER],
}
WAITING_HEADLINE = "Đại hội chi bộ điểm ở Thạch Hà: chờ duyệt"
WAITING_SLUG = "dai-hoi-chi-bo-diem-o-thach-ha-cho-duyet"


def ensure_chains(sections):
    """Each listed section gets its chain unless the newsroom already set one (or the groups are gone)."""
    groups = {group.name: group for group in Group.objects.filter(name__in=[EDITOR, SECRETARY, LEADER])}
    for slug, names in CHAINS.items():
        section = sections.get(slug)
        if section is None or ApprovalChain.objects.filter(section=section).exists():
            continue
        if any(name not in groups for name in names):
            continue
        chain = ApprovalChain.objects.create(section=section)
        ApprovalStep.objects.bulk_create(
            ApprovalStep(chain=chain, position=position, group=groups[name]) for position, name in enumerate(names, 1)
        )


def waiting_plan(earlier):
    """The waiting story's plan for build(): written like the section's earlier stories, in review, unpublished."""
    return {
        **earlier,
        "kicker": "Bài chờ duyệt (dữ liệu mẫu)",
        "headline": WAITING_HEADLINE,
        "sapo": "Một bài mẫu đang đi qua quy trình duyệt theo cấp: biên tập viên đã duyệt, đang chờ thư ký tòa soạn.",
        "status": Article.Status.REVIEW,
        "published_at": None,
    }


def ensure_waiting_story():
    """The waiting story, once built, gets its history: submitted, approved by the first step (demo data, no actor)."""
    story = Article.objects.filter(slug=WAITING_SLUG, status=Article.Status.REVIEW).first()
    if story is None or story.transitions.exists():
        return
    revision = revisions.record(story, None)
    ArticleTransition.objects.create(article=story, source=Article.Status.DRAFT, target=Article.Status.REVIEW)
    first = steps_for(story)[0]
    if first.id is not None:
        StepApproval.objects.create(
            article=story,
            step_id=first.id,
            step_name=first.name,
            version=story.version,
            revision=revision,
            counts_for=revision.pk,
            at=timezone.now(),
            remark="Đã kiểm tra số liệu (dữ liệu mẫu).",
        )
