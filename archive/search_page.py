"""The HTML search page's parameters: a Django form over the query string, forgiving by design.

A reader's odd input (an impossible date, an unknown kind, page=abc) never costs them the search: the bad
field is dropped, a Persian message says why, and the rest of the query is still answered.
"""

from __future__ import annotations

from django import forms

from archive.jalali import parse_jalali

KIND_LABELS = {"article": "خبر", "statement": "گفته", "comment": "نظر"}
SORT_LABELS = {"relevance": "مرتبط‌ترین", "date": "تازه‌ترین", "oldest": "قدیمی‌ترین"}
MAX_PAGE = 10_000


def _jalali_date(value: str) -> str:
    try:
        parse_jalali(value)
    except ValueError as error:
        raise forms.ValidationError("تاریخ شمسی درست نیست؛ نمونه درست: ۱۳۹۷/۰۳/۰۷ یا ۱۳۹۷-۰۳") from error
    return value


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=1000, strip=True, label="جست‌وجو")
    speaker = forms.CharField(required=False, max_length=200, strip=True, label="گوینده")
    outlet = forms.CharField(required=False, max_length=200, strip=True, label="رسانه")
    kind = forms.ChoiceField(required=False, choices=[("", "همه"), *KIND_LABELS.items()], label="نوع")
    sort = forms.ChoiceField(required=False, choices=list(SORT_LABELS.items()), label="ترتیب")
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two are added by name.
        self.fields["from"] = forms.CharField(
            required=False, max_length=20, strip=True, validators=[_jalali_date], label="از تاریخ"
        )
        self.fields["to"] = forms.CharField(
            required=False, max_length=20, strip=True, validators=[_jalali_date], label="تا تاریخ"
        )

    def usable(self) -> dict[str, object]:
        """The valid values (errors dropped, defaults filled in) after `is_valid()`."""
        values: dict[str, object] = {}
        for name in self.fields:
            if name in self.errors:
                continue
            values[name] = self.cleaned_data.get(name)
        values["sort"] = values.get("sort") or "relevance"
        values["page"] = values.get("page") or 1
        for name in ("q", "speaker", "outlet", "kind", "from", "to"):
            values[name] = values.get(name) or ""
        return values

    def error_messages(self) -> list[str]:
        messages = []
        for name, errors in self.errors.items():
            label = self.fields[name].label or name
            for error in errors:
                messages.append(f"{label}: {error}" if name != "page" else "شماره صفحه درست نبود؛ صفحه نخست آمده است.")
        return messages
