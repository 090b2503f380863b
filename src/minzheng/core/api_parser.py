"""The query and form parser of both APIs (/api/v1 and /portal/api): a parameter an operation declares once may be
sent once. Django's QueryDict keeps the last of repeated values without a word (`?text=a&text=b` is "b"), so a
client that repeats one would be answered about something it did not ask; it gets a 422 naming the parameter
instead. No operation declares a list parameter today; one that does (ninja's collection fields) still receives
every value."""

from __future__ import annotations

from ninja.parser import Parser

from minzheng.core.errors import FieldError, ValidationFailed


class SingleValueParser(Parser):
    def parse_querydict(self, data, list_fields, request):
        repeated = [key for key in data if key not in list_fields and len(data.getlist(key)) > 1]
        if repeated:
            raise ValidationFailed([
                FieldError(key[:64], f"参数“{key[:64]}”只能出现一次（收到 {len(data.getlist(key))} 个值）")
                for key in repeated[:20]])
        return super().parse_querydict(data, list_fields, request)
