"""Names of people in templates (see bulletin_cms.people)."""

from django import template

from bulletin_cms import people

register = template.Library()

register.filter("full_name", people.full_name)
register.filter("staff_name", people.staff_name)
