"""Form pieces shared by several features."""

from wtforms import SelectMultipleField, widgets


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: works without JavaScript and on a phone, unlike a multi-select."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def strip_text(value: str | None) -> str | None:
    """WTForms filter: surrounding spaces pasted from spreadsheets are never meant."""
    return value.strip() if isinstance(value, str) else value
