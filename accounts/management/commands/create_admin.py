"""manage.py create_admin: the first superuser, with a random password shown once."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Create the superuser 'admin' with a random password printed once; --reset sets a new one."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Account name (default: admin).")
        parser.add_argument("--reset", action="store_true", help="Give an existing account a new random password.")

    def handle(self, *args, username, reset, **options):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is not None and not reset:
            self.stdout.write(
                _("The account %(username)s already exists; its password is unchanged (use --reset for a new one).")
                % {"username": username}
            )
            return
        password = secrets.token_urlsafe(15)  # 20 characters, about 120 bits
        if user is None:
            user = User.objects.create_superuser(**{User.USERNAME_FIELD: username}, email="", password=password)
        else:
            user.set_password(password)
            user.is_active = user.is_staff = user.is_superuser = True
            user.save(update_fields=["password", "is_active", "is_staff", "is_superuser"])
        self.stdout.write(
            self.style.SUCCESS(
                _("Admin account: %(username)s / %(password)s — open %(url)s")
                % {"username": username, "password": password, "url": settings.SITE_URL + reverse("admin:index")}
            )
        )
