"""What the registry's form pages share: region fields bound to the reader's region (picked by name), choices
that depend on the record, and the service call."""

from __future__ import annotations

from minzheng.core.pages.forms import ServiceFormPage


class FormPage(ServiceFormPage):
    """A service form of the registry (people.change). Region fields pick inside the user's region; subclasses
    fill record-dependent choices in `prepare_form`."""

    permission = "people.change"

    def make_form(self, data=None):
        form = super().make_form(data)
        for field in form.fields.values():
            if hasattr(field, "bind_user"):
                field.bind_user(self.request.user)
        self.prepare_form(form)
        return form

    def prepare_form(self, form) -> None:
        """Adjust the form for the page's record (choices, fields that do not apply)."""
