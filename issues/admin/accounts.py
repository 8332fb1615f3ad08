"""Accounts in the admin: every account is a named person.

The footer of a bulletin, its workflow record, the history and the mails
name people by their full name (bulletin_cms.people), never by their login
name. So the account forms ask for one 姓名, required, as a Chinese office
writes it; it is kept in ``first_name`` and ``last_name`` is cleared.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin, get_user_model
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from articles.text import single_line
from bulletin_cms.people import full_name, staff_name

User = get_user_model()


def person_field(model, attribute: str):
    """A read-only admin field naming the person held in ``attribute`` of
    ``model`` (a foreign key to an account), under that field's label."""

    def show(model_admin, obj):
        # Django prints a callable's None as “None”: say “-” as for fields.
        return (
            staff_name(getattr(obj, attribute)) or model_admin.get_empty_value_display()
        )

    label = model._meta.get_field(attribute).verbose_name
    return admin.display(description=label)(show)


class FullNameMixin(forms.Form):
    full_name = forms.CharField(
        label=_("full name"),
        max_length=User._meta.get_field("first_name").max_length,
        help_text=_(
            "The person's name as it is printed under 编辑/审核/签发 and shown in "
            "the workflow record, e.g. 王志刚. The login name is never shown "
            "to readers."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["full_name"].initial = full_name(self.instance)

    def clean_full_name(self):
        name = single_line(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError(
                self.fields["full_name"].error_messages["required"], code="required"
            )
        return name

    def _post_clean(self):
        self.instance.first_name = self.cleaned_data.get("full_name", "")
        self.instance.last_name = ""
        super()._post_clean()


class NamedUserCreationForm(FullNameMixin, AdminUserCreationForm):
    pass


class NamedUserChangeForm(FullNameMixin, UserChangeForm):
    pass


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    form = NamedUserChangeForm
    add_form = NamedUserCreationForm
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "email"]}),
        *auth_admin.UserAdmin.fieldsets[2:],
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "full_name",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    list_display = ["username", "name", "email", "is_staff", "is_active"]

    @admin.display(description=_("full name"), ordering="first_name")
    def name(self, user):
        return full_name(user)
