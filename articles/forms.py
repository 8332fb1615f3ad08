from django import forms
from django.utils.translation import gettext_lazy as _

from articles.search.query import MAX_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(label=_("words"), max_length=MAX_LENGTH, required=False)
