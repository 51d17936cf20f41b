"""What the published OpenAPI schema says of the types litestar misnames.

Litestar documents a `datetime.time` as `format: duration` (an ISO 8601
span such as "PT7H"), while the API answers a clock time ("07:00:00"):
clients generated from the schema, and the schemathesis run of
tests/test_fuzz.py, rightly reject the answer. RFC 3339's `time` format
needs an offset the API does not send (a clock time here is Vietnam's), so
this plugin documents it by its pattern: HH:MM[:SS[.ffffff]].
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar.openapi.spec import OpenAPIType, Schema
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

CLOCK_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


class ClockTimeSchema(OpenAPISchemaPlugin):
    @staticmethod
    def is_plugin_supported_type(value: Any) -> bool:
        return value is dt.time

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        return Schema(
            type=OpenAPIType.STRING,
            pattern=CLOCK_TIME,
            description="Giờ trong ngày theo giờ Việt Nam (HH:MM:SS)",
        )
