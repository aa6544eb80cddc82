"""Approval by rank: each section's chain of steps (each a staff group), and who approved which version of a story.

A story in review waits at the first step of its section's chain (or the nearest parent section's) that has not
approved its current content; it can be published or scheduled only when every step has. A section with no chain
anywhere above it has the default chain: one step, the editors' review (anyone with `articles.review_article`),
which is today's single review. The publisher's own act approves the steps they may act at, so an editor publishing
a story of a section without a chain needs nothing more, and a leader publishing at the last step of a
three-step chain approves that step by publishing.

"Current content" is the story's latest revision (articles.revisions records one at every save that changes it). An
approval counts for the revision it was given on (`counts_for`); an edit makes a new revision, so older approvals stop
counting, except those the ARTICLES_EDIT_AFTER_APPROVAL_RESETS_TO setting keeps (see `content_changed`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import workflow
from core.text import normalize


class ApprovalChain(models.Model):
    """The steps a section's stories go through before publication; sub-sections without one inherit it."""

    section = models.OneToOneField(
        "articles.Section", verbose_name=_("section"), on_delete=models.CASCADE, related_name="approval_chain"
    )

    class Meta:
        ordering = ["section__position", "section__name"]
        verbose_name = _("approval chain")
        verbose_name_plural = _("approval chains")

    def __str__(self):
        return str(self.section)


class ApprovalStep(models.Model):
    """One rank in a chain: the members of `group` approve at this step, lowest position first."""

    chain = models.ForeignKey(ApprovalChain, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    group = models.ForeignKey(
        "auth.Group", verbose_name=_("role"), on_delete=models.PROTECT, related_name="approval_steps"
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps (in order)")
        constraints = [models.UniqueConstraint(fields=["chain", "group"], name="approval_step_group_once")]

    def __str__(self):
        return self.group.name


class StepApproval(models.Model):
    """A step's act on a story: approved (or took it over to edit), by whom, when, on which version."""

    class Kind(models.TextChoices):
        APPROVED = "approved", _("Approved at this step")
        TAKEN_OVER = "taken_over", _("Took over to edit")

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="approvals")
    # Null for the default chain's single step (the editors' review).
    step = models.ForeignKey(ApprovalStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="approvals")
    step_name = models.CharField(_("step"), max_length=150)
    kind = models.CharField(_("act"), max_length=20, choices=Kind, default=Kind.APPROVED)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    # What the approver saw: the story's version number and its revision (the text), kept as they were.
    version = models.PositiveIntegerField(_("version"))
    revision = models.ForeignKey(
        "articles.ArticleRevision", verbose_name=_("revision"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The revision this approval still counts for (0: the story had none yet); an edit may carry it forward.
    counts_for = models.PositiveBigIntegerField(default=0, db_index=True)
    remark = models.TextField(_("remark"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self):
        return f"{self.step_name}: {self.get_kind_display()}"


class AwaitingApproval(workflow.WorkflowError):
    """A step of the story's chain has not approved its current version."""


@dataclass(frozen=True)
class Step:
    """A step as the rules see it: `id` and `group_id` are None for the default chain's editors' review."""

    id: int | None
    number: int
    group_id: int | None
    name: str


def default_step():
    return Step(None, 1, None, str(_("Editors' review")))


def steps_for(article):
    """The story's chain, first step first: its section's, else the nearest parent's, else the default chain."""
    return steps_in(article.section_id)


def steps_in(section_id):
    """A section's chain, first step first: its own, else the nearest parent's, else the default chain."""
    from_section = (
        ApprovalStep.objects.filter(
            models.Q(chain__section_id=section_id)
            | models.Q(chain__section__children__id=section_id)
            | models.Q(chain__section__children__children__id=section_id)
        )
        .annotate(
            depth=models.Case(
                models.When(chain__section_id=section_id, then=0),
                models.When(chain__section__children__id=section_id, then=1),
                default=2,
            )
        )
        .select_related("group")
        .order_by("depth", "position", "id")
        .distinct()
    )
    rows = list(from_section)
    if not rows:
        return [default_step()]
    nearest = [row for row in rows if row.depth == rows[0].depth]
    return [Step(row.pk, number, row.group_id, row.group.name) for number, row in enumerate(nearest, 1)]


def current_revision_id(article):
    """The id of the story's latest revision (its current text), or 0 before the first."""
    latest = article.revisions.order_by("-created_at", "-id").values_list("pk", flat=True).first()
    return latest or 0


def counting(article, revision_id=None):
    """{step id: the approval that counts for the story's current revision}."""
    revision_id = current_revision_id(article) if revision_id is None else revision_id
    found = article.approvals.filter(kind=StepApproval.Kind.APPROVED, counts_for=revision_id).select_related("actor")
    approvals = {}
    for approval in found.order_by("at", "id"):
        approvals.setdefault(approval.step_id, approval)
    return approvals


def progress(article):
    """[(step, approval or None)] in order, and the step the story waits at (None once every step approved)."""
    steps = steps_for(article)
    approvals = counting(article)
    rows = [(step, approvals.get(step.id)) for step in steps]
    waiting = next((step for step, approval in rows if approval is None), None)
    return rows, waiting


def group_ids(user):
    """The user's group ids, read once per request object."""
    if not hasattr(user, "_chain_group_ids"):
        user._chain_group_ids = frozenset(user.groups.values_list("pk", flat=True)) if user.pk else frozenset()
    return user._chain_group_ids


def may_act(user, step):
    """Members of the step's group act at it; the default step belongs to reviewers; superusers act anywhere."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if step.group_id is None:
        return user.has_perm(workflow.REVIEW_PERM)
    return step.group_id in group_ids(user)


def may_edit_published(user, article):
    """A published (or scheduled) story's text is changed only by someone who may act at its chain's last step."""
    return may_act(user, steps_for(article)[-1])


def check_move(article, section_id, user):
    """Moving a story to another section must not shorten its way to publication.

    A story that has been submitted (not a draft) or that a step has acted on may leave its section's chain for one
    that lacks any of its roles only by the hand of someone who acts at its chain's last step; a published story
    moves only if its mover also acts at the new chain's last step (their save approves it there). Anything else
    may move freely: the move is a change of content, so the new section's chain starts again (`content_changed`).
    """
    if article.pk is None or section_id == article.section_id:
        return
    if article.status == workflow.DRAFT and not article.approvals.exists():
        return
    old, new = steps_in(article.section_id), steps_in(section_id)
    refused = None
    if not {step.group_id for step in old} <= {step.group_id for step in new} and not may_act(user, old[-1]):
        refused = old[-1]
    elif article.status == workflow.PUBLISHED and not may_act(user, new[-1]):
        refused = new[-1]
    if refused is not None:
        raise workflow.NotAllowed(
            _(
                "Only someone who approves at the last step of the chain, “%(step)s”, may move this story to that "
                "section."
            )
            % {"step": refused.name}
        )


def _lock(article):
    """Lock the story's row and refresh its state, so two people acting at once act one after the other."""
    current = type(article).objects.select_for_update().only("status", "published_at", "version").get(pk=article.pk)
    article.status, article.published_at, article.version = current.status, current.published_at, current.version


def _baseline(article, user):
    """A story saved before revisions existed gets its first one when a step acts on it, so the approval is tied to
    the text it saw and the next save that changes the text is a change (`content_changed`)."""
    return article.revisions.create(author=user, created_at=timezone.now(), content=article.content_snapshot()).pk


def _record(article, step, user, kind, remark="", revision_id=None):
    revision_id = current_revision_id(article) if revision_id is None else revision_id
    if not revision_id:
        revision_id = _baseline(article, user)
    return StepApproval.objects.create(
        article=article,
        step_id=step.id,
        step_name=step.name,
        kind=kind,
        actor=user,
        version=article.version,
        revision_id=revision_id or None,
        counts_for=revision_id,
        remark=normalize(remark or "").strip(),
    )


def _waiting_step(article, user):
    """The step the story in review waits at, if `user` may act there; else raise the reason."""
    if article.status != workflow.REVIEW:
        raise workflow.InvalidTransition(_("Only a story in review can be approved or taken over."))
    rows, waiting = progress(article)
    if waiting is None:
        raise workflow.InvalidTransition(_("Every step has approved this version: it is ready to be published."))
    if not may_act(user, waiting):
        raise workflow.NotAllowed(
            _("The story is waiting for step %(number)d, “%(step)s”: your role does not act there.")
            % {"number": waiting.number, "step": waiting.name}
        )
    return waiting


def approve(article, user, remark=""):
    """The step the story waits at approves its current version; the story moves on to the next step."""
    with transaction.atomic():
        _lock(article)
        step = _waiting_step(article, user)
        return _record(article, step, user, StepApproval.Kind.APPROVED, remark)


def take_over(article, user):
    """The step the story waits at takes it to edit it: from now on the reporter can no longer withdraw it."""
    with transaction.atomic():
        _lock(article)
        step = _waiting_step(article, user)
        return _record(article, step, user, StepApproval.Kind.TAKEN_OVER)


def started(article):
    """Someone approved or took the story over since it was last submitted."""
    submitted = (
        article.transitions.filter(target=workflow.REVIEW).order_by("-at", "-id").values_list("at", flat=True).first()
    )
    acts = article.approvals.all()
    if submitted is not None:
        acts = acts.filter(at__gte=submitted)
    return acts.exists()


def check_withdraw(article, target, user):
    """The reporter takes back a submitted story until a step has started on it."""
    if article.status != workflow.REVIEW or target != workflow.DRAFT:
        raise workflow.InvalidTransition(_("Only a story in review can be withdrawn."))
    if not (user.has_perm(workflow.CHANGE) and workflow.owns(user, article)):
        raise workflow.NotAllowed(_("Only the story's reporter can withdraw it."))
    if started(article):
        raise workflow.InvalidTransition(
            _("An editor has already started on this story: ask them to send it back instead.")
        )


def check_send_back(article, target, user):
    """Sending back is the act of the step the story waits at (or, once all approved, of the last step)."""
    workflow.check(article, target, user)
    rows, waiting = progress(article)
    step = waiting or rows[-1][0]
    if not may_act(user, step):
        raise workflow.NotAllowed(
            _("The story is waiting for step %(number)d, “%(step)s”: your role does not act there.")
            % {"number": step.number, "step": step.name}
        )


def check_publish(article, user):
    """Raise AwaitingApproval naming the first step that has not approved the current version and that `user` may
    not approve by publishing; return the steps the publication itself approves."""
    rows, _waiting = progress(article)
    implied = []
    for step, approval in rows:
        if approval is not None:
            continue
        if not may_act(user, step):
            raise AwaitingApproval(
                _(
                    "The story cannot be published yet: step %(number)d, “%(step)s”, has not approved its current "
                    "version."
                )
                % {"number": step.number, "step": step.name}
            )
        implied.append(step)
    return implied


def may_publish_new(user, section_id=None):
    """Whether `user` alone may publish a story nobody has approved yet (what `check_publish` asks of a new story):
    in `section_id`'s chain or, before a section is chosen, in every chain there is."""
    if section_id:
        steps = steps_in(section_id)
    else:
        steps = [default_step(), *(Step(row.pk, 0, row.group_id, "") for row in ApprovalStep.objects.all())]
    return all(may_act(user, step) for step in steps)


def record_publication(article, steps, user):
    """The approvals a publication makes by itself (the publisher's own steps)."""
    revision_id = current_revision_id(article)
    for step in steps:
        _record(article, step, user, StepApproval.Kind.APPROVED, revision_id=revision_id)


def reset_mode():
    mode = getattr(settings, "ARTICLES_EDIT_AFTER_APPROVAL_RESETS_TO", "first")
    return mode if mode in ("first", "same") else "first"


def content_changed(article, previous_id, revision, user):
    """A save changed the story's text (a new revision): decide which approvals still count.

    - first: none; the story starts again at the chain's first step.
    - same: the approvals of the steps before the step the story waited at (the last step once all approved) keep
      counting, so the story stays at that step.
    - A published story's text is changed only by someone who may act at the last step (the admin enforces it):
      every earlier approval is kept and the editor's save approves the last step, so the page never shows a
      version nobody approved.
    - The very first revision of a story has nothing to keep: a step acting on a story without revisions gives it
      its first (`_baseline`), so an approval made before revisions existed (counting for 0) stops counting here.
    """
    if not previous_id:
        return
    steps = steps_for(article)
    approvals = counting(article, previous_id)
    if article.status == workflow.PUBLISHED:
        keep = steps[:-1]
    elif reset_mode() == "same":
        waiting = next((number for number, step in enumerate(steps) if step.id not in approvals), len(steps) - 1)
        keep = steps[:waiting]
    else:
        keep = []
    kept = [approvals[step.id].pk for step in keep if step.id in approvals]
    if kept:
        StepApproval.objects.filter(pk__in=kept).update(counts_for=revision.pk)
    if article.status == workflow.PUBLISHED and may_act(user, steps[-1]):
        _record(
            article,
            steps[-1],
            user,
            StepApproval.Kind.APPROVED,
            remark=str(_("Edited after publication")),
            revision_id=revision.pk,
        )


def actions(article, user):
    """[(name, label)] of the buttons to show: the workflow's, narrowed and completed by the story's chain."""
    base = workflow.available_actions(article, user)
    if article.pk is None:
        return base
    rows, waiting = progress(article)
    acting = waiting or rows[-1][0]
    blocked = any(approval is None and not may_act(user, step) for step, approval in rows)
    found = [
        (name, label)
        for name, label in base
        if not (name == "send_back" and not may_act(user, acting)) and not (name in ("publish", "schedule") and blocked)
    ]
    labels = {name: label for name, (_sources, _target, label) in workflow.ACTIONS.items()}
    extra = []
    if article.status == workflow.REVIEW:
        if waiting is not None and may_act(user, waiting):
            extra += [("approve", labels["approve"]), ("take_over", labels["take_over"])]
        if user.has_perm(workflow.CHANGE) and workflow.owns(user, article) and not started(article):
            extra.append(("withdraw", labels["withdraw"]))
    return extra + found


def history(article):
    """The story's workflow history as one time-ordered list: its state changes and its steps' acts (approvals and
    take-overs), each row a dict with `at`, `actor` and either `transition` or `approval`."""
    rows = [{"at": t.at, "actor": t.actor, "transition": t} for t in article.transitions.select_related("actor")]
    rows += [{"at": a.at, "actor": a.actor, "approval": a} for a in article.approvals.select_related("actor")]
    # At the same instant a step's act comes before the state change it allows (a publication approves, then moves).
    return sorted(rows, key=lambda row: (row["at"], "transition" in row))


def last_send_back(article):
    """The transition that sent a draft back to its reporter (with the remark), if that was its last step."""
    last = article.transitions.select_related("actor").order_by("-at", "-id").first()
    if last and last.source == workflow.REVIEW and last.target == workflow.DRAFT and last.remark:
        return last
    return None
