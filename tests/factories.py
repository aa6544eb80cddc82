import factory
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Locality, Photo, Section


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality

    name = factory.Sequence(lambda n: f"Địa bàn {n}")
    kind = Locality.Kind.COMMUNE


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    pen_name = factory.Sequence(lambda n: f"Phóng viên {n}")


class PhotoFactory(factory.django.DjangoModelFactory):
    """A library photo: a real small JPEG, so renditions and crops are made as for an upload."""

    class Meta:
        model = Photo

    image = factory.django.ImageField(width=320, height=180, color="green", format="JPEG", filename="anh.jpg")
    caption = factory.Sequence(lambda n: f"Ảnh số {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Tin tức số {n} về Hà Tĩnh")
    sapo = "Tóm tắt bài viết."
    body = "<p>Nội dung bài viết.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            for position, author in enumerate(extracted):
                ArticleAuthor.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)

    @factory.post_generation
    def localities(self, create, extracted, **kwargs):
        if create and extracted:
            self.localities.add(*extracted)


class CommentFactory(factory.django.DjangoModelFactory):
    """A reader's comment, pending unless told otherwise (set `status` only to build fixtures)."""

    class Meta:
        model = "comments.Comment"

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Bạn đọc {n}")
    email = factory.Sequence(lambda n: f"bandoc{n}@example.vn")
    body = "Bài viết rất hay, cảm ơn tòa soạn."
    ip_address = "203.0.113.7"
    user_agent = "Mozilla/5.0"


class BannedWordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "comments.BannedWord"
        django_get_or_create = ("word",)

    word = factory.Sequence(lambda n: f"tucotuc{n}")
    action = "hold"


class ModeratorFactory(factory.django.DjangoModelFactory):
    """A staff member in the "Kiểm duyệt viên" group created by the comments migration."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"kiemduyet{n}")
    is_staff = True
    password = factory.django.Password("mat-khau-kiem-duyet")

    @factory.post_generation
    def moderator_group(self, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group

            self.groups.add(Group.objects.get(name="Kiểm duyệt viên"))


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff member in one of the newsroom's groups: StaffFactory(group="Phóng viên") or "Biên tập viên"."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nhanvien{n}")
    is_staff = True
    password = factory.django.Password("mat-khau-toa-soan")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.add(Group.objects.get(name=extracted))


def restore_newsroom_groups():
    """A transactional test empties the tables the migrations filled: the newsroom's staff groups come back with
    the permissions their migrations give (those of models that still exist)."""
    from importlib import import_module

    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    grants = {}
    for name in ("0007_newsroom_roles", "0017_newsroom_ranks"):
        for group_name, entries in import_module(f"articles.migrations.{name}").PERMISSIONS.items():
            grants.setdefault(group_name, []).extend(entries)
    for group_name, codenames in import_module(
        "articles.migrations.0013_photos_into_library"
    ).PHOTO_PERMISSIONS.items():
        grants.setdefault(group_name, []).append(("articles", "photo", codenames))
    for group_name, entries in import_module("royalties.migrations.0002_genres_and_roles").PERMISSIONS.items():
        grants.setdefault(group_name, []).extend(("royalties", model, codenames) for model, codenames in entries)
    for group_name, entries in grants.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        wanted = Q(pk__in=[])
        for app, model, codenames in entries:
            wanted |= Q(content_type__app_label=app, content_type__model=model, codename__in=codenames)
        group.permissions.add(*Permission.objects.filter(wanted))
