from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from .fields import DB_INT_MAX


class StandardPagination(PageNumberPagination):
    """Pages of 50 by default. An invalid `page_size` (not a whole number from 1 to 200) is a 400,
    not silently replaced by the default; so is a `page` that is not a whole number from 1 (DRF's
    "last" too: the schema says integer); a page past the end is a 404 (DRF's rule)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        value = values[-1]
        if len(values) > 1 or not value.isascii() or not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"Give one whole number from 1 to {self.max_page_size}."]}
            )
        return int(value)

    def get_page_number(self, request, paginator):
        values = request.query_params.getlist(self.page_query_param)
        if not values:
            return 1
        value = values[-1]
        if len(values) > 1 or not value.isascii() or not value.isdigit() or not 1 <= int(value) <= DB_INT_MAX:
            raise ValidationError({self.page_query_param: ["Give one whole number from 1 up."]})
        return value

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": DB_INT_MAX}
        return parameters
