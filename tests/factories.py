import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Source
from issues.models import Issue, Series


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        for name in names or []:
            self.groups.add(Group.objects.get(name=name))
        if create:
            self.save()


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"学习参考{n}")
    slug = factory.LazyAttribute(lambda series: series.name)
    banner = "学习贯彻习近平新时代中国特色社会主义思想主题教育"
    office = "北京教育科学研究院主题教育领导小组办公室"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["name"]

    name = "北京日报"


class IssueFactory(factory.django.DjangoModelFactory):
    """An issue; traits arrange a workflow state without running it."""

    class Meta:
        model = Issue

    series = factory.SubFactory(SeriesFactory)
    number = factory.Sequence(lambda n: n + 1)
    issue_date = datetime.date(2023, 7, 23)

    class Params:
        in_review = factory.Trait(
            status=Issue.Status.IN_REVIEW,
            submitted_by=factory.SubFactory(UserFactory),
            submitted_at=factory.LazyFunction(timezone.now),
        )
        approved = factory.Trait(
            status=Issue.Status.APPROVED,
            submitted_by=factory.SubFactory(UserFactory),
            approved_at=factory.LazyFunction(timezone.now),
        )
        published = factory.Trait(
            status=Issue.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )
        withdrawn = factory.Trait(
            status=Issue.Status.WITHDRAWN,
            published_at=factory.LazyFunction(timezone.now),
        )


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    # Short enough to stay one printed line (20 characters) whatever n is.
    title = factory.Sequence(lambda n: f"携手奋进中国式现代化的京蒙篇章{n}")
    byline = "本报讯（记者 祁梦竹）"
    body = "7月21日至22日，北京市党政代表团赴内蒙古自治区。\n\n两地领导还看望了挂职干部代表。"
    source = factory.SubFactory(SourceFactory)
    source_date = datetime.date(2023, 7, 23)
    source_page = "第1版"
