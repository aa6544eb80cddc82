"""The base of every ModelAdmin: a bulk action posted with ids that are not ids is a 400 page, not a 500.

Django filters `pk__in` with whatever `_selected_action` holds, and a value like "abc" or a number beyond the
column's range raises deep in the query. Every ModelAdmin of the project, and Django's own ones (re-registered by
the app that owns them), derive from `ModelAdmin` here; tests/test_admin_actions.py walks them all.
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import BadRequest, ValidationError


class SafeActionsMixin:
    def response_action(self, request, queryset, **kwargs):
        pk = self.model._meta.pk
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                pk.run_validators(pk.to_python(value))
            except ValidationError as error:
                raise BadRequest("A selected id is not an id of this list.") from error
        return super().response_action(request, queryset, **kwargs)


class ModelAdmin(SafeActionsMixin, admin.ModelAdmin):
    """admin.ModelAdmin whose bulk actions refuse malformed ids with a 400."""
