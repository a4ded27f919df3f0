"""Submitting Django admin change pages as a browser would, for the admin walk tests.

`page_form_data` reads the form and inline formsets of a change page and
returns the POST a browser sends when nobody changes anything, so a test can
alter one value and prove the admin either refuses it or records it.
"""

from datetime import date, datetime, time

from django import forms
from django.db.models import Model
from django.urls import reverse


def admin_url(obj: Model, view: str) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def _encoded(name: str, field: forms.Field, value) -> dict:
    if isinstance(field, forms.SplitDateTimeField):
        if isinstance(value, list):
            return {f"{name}_0": value[0] or "", f"{name}_1": value[1] or ""}
        if value is None:
            return {f"{name}_0": "", f"{name}_1": ""}
        return {f"{name}_0": value.date().isoformat(), f"{name}_1": value.time().isoformat()}
    if isinstance(field, forms.FileField):
        return {}  # nothing uploaded: the stored file stays
    if isinstance(field, forms.BooleanField):
        return {name: "on"} if value else {}
    if isinstance(field, forms.ModelMultipleChoiceField):
        return {name: [str(getattr(item, "pk", item)) for item in value or []]}
    if value is None:
        return {name: ""}
    if isinstance(value, Model):
        return {name: str(value.pk)}
    if isinstance(value, (datetime, date, time)):
        return {name: value.isoformat()}
    return {name: value}


def _form_data(form: forms.BaseForm) -> dict:
    data: dict = {}
    for name, field in form.fields.items():
        data.update(_encoded(form.add_prefix(name), field, form[name].value()))
    return data


def page_form_data(response) -> dict:
    """The POST of an unchanged admin change page (main form and every inline)."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def editable_fields(response) -> set[str]:
    """Names of the main form's fields that the page lets the user change."""
    return set(response.context["adminform"].form.fields)
