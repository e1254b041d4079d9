"""URL converters. Record ids fit a 64-bit integer: a longer number is a 404, never a database error."""


class RecordIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
