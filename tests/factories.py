import factory
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Locality, Section


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
